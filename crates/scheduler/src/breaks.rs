//! The definition of a break, shared by the validator and the solvers.

use crate::instance::Instance;

/// Breaks of participant `p` when `occupied(s)` tells whether they meet in slot `s`.
///
/// A break is a maximal run of idle slots between two meetings of one segment (a session, or
/// the whole day list when breaks span sessions). Without spanning, a slot the participant
/// cannot use is not idle and ends a run (a workshop between two idle slots leaves two breaks).
pub(crate) fn participant_breaks(
    inst: &Instance,
    p: usize,
    occupied: impl Fn(usize) -> bool,
) -> u32 {
    breaks_and_idle(inst, p, occupied).0
}

/// Breaks of participant `p` and the number of idle slots inside them (the search uses the
/// latter to steer towards compact agendas).
pub(crate) fn breaks_and_idle(
    inst: &Instance,
    p: usize,
    occupied: impl Fn(usize) -> bool,
) -> (u32, u32) {
    let mut breaks = 0;
    let mut idle = 0;
    let mut pending_idle = 0;
    let mut segment = usize::MAX;
    let mut seen_meeting = false;
    let mut pending = 0;
    let mut in_run = false;
    for s in 0..inst.n_slots {
        if inst.segment[s] != segment {
            segment = inst.segment[s];
            seen_meeting = false;
            pending = 0;
            pending_idle = 0;
            in_run = false;
        }
        if occupied(s) {
            if seen_meeting {
                breaks += pending;
                idle += pending_idle;
            }
            pending = 0;
            pending_idle = 0;
            in_run = false;
            seen_meeting = true;
        } else if inst.span_sessions || inst.is_available(p, s) {
            if seen_meeting && !in_run {
                pending += 1;
                in_run = true;
            }
            if seen_meeting {
                pending_idle += 1;
            }
        } else {
            in_run = false;
        }
    }
    (breaks, idle)
}
