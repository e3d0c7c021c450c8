//! Badges (CHK-5, PRV-7): one participant's badge, everyone's badges, and the badge attached
//! to the confirmation email (REG-7).
