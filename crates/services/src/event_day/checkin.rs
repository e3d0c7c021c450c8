//! Check-in (CHK-2, CHK-4): by list, camera or handheld scanner, from several stations, with
//! offline scans replayed later; live counts.
