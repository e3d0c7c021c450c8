//! Absences and arrivals (CHK-3, BO-7): meetings at risk, freeing the slots of absent
//! participants, on-site registration with meeting proposals.
