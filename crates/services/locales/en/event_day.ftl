## Event day: tabs, badge, refused codes.
admin-tab-badges = Badges
admin-tab-checkin = Check-in
admin-tab-presence = Presence
admin-tab-documents = Documents
private-nav-badge = My badge

pass-refused-not-a-badge = This code is not a participant badge.
pass-refused-forged = This badge is not valid (forged or damaged code).
pass-refused-other-event = This badge belongs to another event.
pass-refused-revoked = This badge was replaced or cancelled: ask the desk for the current one.
pass-refused-unknown = This participant is not (or no longer) registered for the event.
