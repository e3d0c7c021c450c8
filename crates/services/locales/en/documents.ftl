## Printed documents (CHK-5): back-office page, jobs, printed texts.
documents-title = Documents
documents-intro = Generate the event-day documents in French or English. Long runs work in the background: follow their progress below and download the PDF when it is ready.
documents-language = Document language
documents-language-fr = French
documents-language-en = English
documents-generate = Generate
documents-queued = Generation requested: it starts within a few seconds.
documents-kind-badges = Badges for every participant
documents-kind-badges-hint = Layout (format, fields, colours): Badges tab.
documents-kind-attendance_sheets = Attendance sheets
documents-kind-attendance_sheets-hint = One sheet per session: name, company, signature column; the header repeats on every page. Sheets per animation will come with animations (issue 7).
documents-kind-convocations = Convocations
documents-kind-convocations-hint = A personal letter per participant, with the programme and their meeting agenda.
documents-kind-table_tents = Table tents
documents-kind-table_tents-hint = Folded A4: the name reads from both sides.
documents-kind-certificates = Attendance certificates
documents-kind-certificates-hint = Only for participants checked in at the desk.
documents-kind-personal_agendas = Personal agendas
documents-kind-personal_agendas-hint = Each participant's meetings, day by day, with time, partner and table.
documents-kind-table_schedules = Table schedules
documents-kind-table_schedules-hint = For table hosts: each table's meetings, with both participants.
documents-session = Session
documents-session-all = Every session (one sheet per session)
documents-no-session = No B2B session has been created yet.
documents-scope = Agendas to print
documents-scope-all = Every participant
documents-scope-changed = Only agendas changed since they were last printed
documents-agendas-changed = Agendas changed since they were last printed: { $count } (never printed: { $never }).
documents-checked-in = Participants checked in: { $count } of { $total }.
documents-tables = Tables
documents-tables-hint = None ticked: every table with meetings.
documents-no-table = No meeting has been placed at a table yet.
documents-jobs = Recent runs
documents-jobs-none = No run yet.
documents-col-document = Document
documents-col-requested = Requested
documents-col-state = State
documents-col-progress = Progress
documents-col-file = File
documents-state-queued = Waiting
documents-state-running = Running
documents-state-done = Ready
documents-state-failed = Failed
documents-download = Download
documents-refresh = Refresh the page
documents-refresh-hint = Progress updates by itself; without JavaScript the page refreshes every two seconds.
documents-progress-label = Progress of { $name }
documents-texts = Printed texts
documents-texts-hint = Leave a letter empty to use the default text. Separate paragraphs with a blank line.
documents-letter-fr = Convocation letter (French)
documents-letter-en = Convocation letter (English)
documents-signatory = Certificate signatory (name and title)
documents-save-texts = Save the texts
documents-texts-saved = Texts saved.
documents-error-letter-long = The letter is too long (8,000 characters at most).
documents-error-signatory-long = The signatory is too long (200 characters at most).
documents-error-unknown-kind = This kind of document does not exist.
documents-error-kind = This document cannot be generated.
documents-error-empty = Nothing to print: no person or no data matches this choice.
documents-error-render = The document layout failed
documents-issued = Issued
documents-letter-default = Dear participant,

    We are pleased to confirm your participation in { $event }, { $dates }.

    Below you will find the programme and your meeting agenda. Please come to the welcome desk with your badge.

    We look forward to welcoming you,
documents-weekday-1 = Monday
documents-weekday-2 = Tuesday
documents-weekday-3 = Wednesday
documents-weekday-4 = Thursday
documents-weekday-5 = Friday
documents-weekday-6 = Saturday
documents-weekday-7 = Sunday
