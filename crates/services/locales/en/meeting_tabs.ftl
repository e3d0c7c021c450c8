## Back-office tabs for meetings.
admin-tab-sessions = B2B sessions
admin-tab-meeting-settings = Meeting rules
admin-tab-requests = Requests
admin-tab-scheduling = Scheduling
admin-tab-grid = Grid
admin-tab-experts = Experts
admin-tab-messages = Messages

## Participant area menu.
private-nav-agenda = My agenda
private-nav-requests = My meeting requests
private-nav-availability = My availability
private-nav-messages = Messages
