## Meeting request states (shared by every page).
meeting-state-requested = Waiting for an answer
meeting-state-accepted = Accepted, to be confirmed
meeting-state-declined = Declined
meeting-state-expired = Expired
meeting-state-withdrawn = Withdrawn
meeting-state-confirmed = Confirmed, time to be set
meeting-state-scheduled = Scheduled
meeting-state-held = Held
meeting-state-no_show = No-show
meeting-state-cancelled = Cancelled

## Default outcome scale (MTG-10).
meeting-rating-insufficient_interest = Insufficient interest
meeting-rating-instructive = Instructive, no cooperation planned
meeting-rating-cooperation_possible = Cooperation possible
meeting-rating-partnership_agreed = Partnership agreed or signed

## The organizer's request list (MTG-9, MTG-10).
oversight-title = Meeting requests
oversight-hint = Every request of the event, by state. After the event, record whether each meeting took place; participants' ratings show here.
oversight-filter = Filter by state
oversight-all = All
oversight-empty = No request in this state.
oversight-total = { $count } request(s)
oversight-col-requester = Requester
oversight-col-addressee = Addressee
oversight-col-state = State
oversight-col-sent = Sent
oversight-col-when = Time and place
oversight-col-ratings = Ratings
oversight-expert = Expert
oversight-priority = Priority
oversight-mark-held = Took place
oversight-mark-no-show = No-show
oversight-pages = Pages
oversight-previous = Previous page
oversight-next = Next page
meeting-outcome-saved = The meeting's outcome is saved.
meeting-outcome-wrong-state = This meeting is not scheduled: its outcome cannot be recorded.
