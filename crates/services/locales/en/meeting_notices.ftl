## Notices sent at each step of a meeting (email and SMS).

meeting-notice-requested-subject = { $event }: { $partner } would like to meet you
meeting-notice-requested-body = Hello { $name },

    { $partner } proposes a business meeting at "{ $event }".
    Accept or decline the request in your area: { $link }
meeting-notice-requested-sms = { $event }: { $partner } would like to meet you. Answer at { $link }

meeting-notice-accepted-subject = { $event }: { $partner } accepted your request
meeting-notice-accepted-body = Hello { $name },

    { $partner } accepted your meeting request. Confirm it in your area to keep it: { $link }
meeting-notice-accepted-sms = { $event }: { $partner } accepted. Confirm at { $link }

meeting-notice-declined-subject = { $event }: meeting request declined
meeting-notice-declined-body = Hello { $name },

    { $partner } declined your meeting request. { $reason }
    Your other requests: { $link }
meeting-notice-declined-sms = { $event }: { $partner } declined your request.

meeting-notice-confirmed-subject = { $event }: meeting confirmed with { $partner }
meeting-notice-confirmed-body = Hello { $name },

    Your meeting with { $partner } is confirmed by both sides. You will be told its time as soon as it is set. { $when } { $place }
    Your agenda: { $link }
meeting-notice-confirmed-sms = { $event }: meeting confirmed with { $partner }. { $when } { $place }

meeting-notice-scheduled-subject = { $event }: meeting with { $partner } on { $when }
meeting-notice-scheduled-body = Hello { $name },

    Your meeting with { $partner } takes place on { $when }, { $place }.
    Your agenda: { $link }
meeting-notice-scheduled-sms = { $event }: meeting with { $partner } on { $when }, { $place }.

meeting-notice-moved-subject = { $event }: your meeting with { $partner } changed
meeting-notice-moved-body = Hello { $name },

    Your meeting with { $partner } now takes place on { $when }, { $place }.
    Your agenda: { $link }
meeting-notice-moved-sms = { $event }: meeting with { $partner } moved to { $when }, { $place }.

meeting-notice-unplaced-subject = { $event }: your meeting with { $partner } needs a new time
meeting-notice-unplaced-body = Hello { $name },

    The time of your meeting with { $partner } no longer holds after a change to the programme. The meeting is kept and will get a new time.
    Your agenda: { $link }
meeting-notice-unplaced-sms = { $event }: the time of your meeting with { $partner } will change.

meeting-notice-cancelled-subject = { $event }: meeting with { $partner } cancelled
meeting-notice-cancelled-body = Hello { $name },

    Your meeting with { $partner } { $when } is cancelled. { $reason }
    Your agenda: { $link }
meeting-notice-cancelled-sms = { $event }: meeting with { $partner } { $when } cancelled.

meeting-notice-withdrawn-subject = { $event }: meeting request withdrawn
meeting-notice-withdrawn-body = Hello { $name },

    { $partner } withdrew the meeting request.
meeting-notice-withdrawn-sms = { $event }: { $partner } withdrew the request.

meeting-notice-expired-subject = { $event }: meeting request expired
meeting-notice-expired-body = Hello { $name },

    The meeting request between you and { $partner } expired without an answer; it no longer holds any slot.
    Your requests: { $link }
meeting-notice-expired-sms = { $event }: the request with { $partner } expired.

meeting-notice-expiry-reminder-subject = { $event }: { $partner } is waiting for your answer
meeting-notice-expiry-reminder-body = Hello { $name },

    The meeting request from { $partner } expires soon. Accept or decline it: { $link }
meeting-notice-expiry-reminder-sms = { $event }: { $partner } is waiting for your answer: { $link }

meeting-notice-meeting-reminder-subject = { $event }: meeting with { $partner } at { $when }
meeting-notice-meeting-reminder-body = Hello { $name },

    Reminder: you meet { $partner } on { $when }, { $place }.
    Your agenda: { $link }
meeting-notice-meeting-reminder-sms = Reminder { $event }: meeting with { $partner } on { $when }, { $place }.

meeting-notice-new-message-subject = { $event }: new message from { $partner }
meeting-notice-new-message-body = Hello { $name },

    { $partner } wrote to you about your meeting. Read and answer in your area: { $link }
meeting-notice-new-message-sms = { $event }: new message from { $partner }.
