# The participant's private area for one event (PRV-2, REG-8).
private-title = My space
private-me-open = Open my space for this event
private-nav = My space for this event
private-nav-profile = My profile and registration
private-nav-company = My company
private-nav-data-json = Download my data (JSON)
private-nav-data-csv = Download my data (CSV)
private-nav-erase = Delete my account
private-status-title = Registration status
private-status-pending = Awaiting validation
private-status-validated = Validated
private-status-refused = Refused
private-refusal-reason = Reason for refusal:
private-company-label = Company:
private-profile-title = My profile
private-form-has-errors = The form has errors: please correct the fields marked.
private-save = Save
private-error-phone = Enter a valid phone number, for example +33 6 12 34 56 78.
private-error-remove-self = You cannot remove yourself from the company.
private-error-erase-principal = A principal administrator cannot delete their account from this page.
private-flash-profile-saved = Your profile has been saved.
private-flash-company-saved = The company profile has been saved.
private-flash-offer-saved = The offer or request has been saved.
private-flash-offer-deleted = The offer or request has been deleted.
private-flash-colleague-added = Your colleague has been added and has received an email.
private-flash-colleague-removed = Your colleague has been removed from the event.
private-flash-erased = Your account and personal data have been deleted.
private-company-title = My company
private-company-read-only = Only the company's main contact can edit this profile.
private-no-company = Your registration is not linked to a company.
private-field-address = Address
private-field-website = Website (https://…)
private-field-email = Email address
private-field-offer-title = Title
private-offers-title = Offers and requests
private-offers-none = No offer or request yet.
private-offer-add = Add an offer or a request
private-offer-delete = Delete
private-people-title = People of the company
private-people-editor = main contact
private-people-me = you
private-colleague-add = Add a colleague
private-colleague-hint = Your colleague receives an email; without an account yet, they get a link valid for 72 hours to choose a password.
private-colleague-remove = Remove
private-mail-colleague-link-subject = { $event }: you are registered with { $company }
private-mail-colleague-link-body =
    Hello { $name },

    A colleague at { $company } has registered you for { $event }.
    Your login: { $login }
    Choose your password (link valid for 72 hours): { $link }
private-mail-colleague-subject = { $event }: you are registered with { $company }
private-mail-colleague-body =
    Hello { $name },

    A colleague at { $company } has registered you for { $event }.
    Log in with your usual account ({ $login }): { $url }
private-erase-title = Delete my account and my data
private-erase-intro = You may ask for your personal data to be erased (GDPR, article 17). This cannot be undone:
private-erase-consequence-account = your account is deleted: you will no longer be able to log in;
private-erase-consequence-events = your registrations to every event, your consents and your pending messages are erased;
private-erase-consequence-company = if you are the only person of your company, the company profile and its offers are deleted too;
private-erase-consequence-audit = the action log keeps a trace of operations, but your name and address are replaced by "deleted participant".
private-erase-download-first = Remember to download your data before confirming.
private-erase-confirm = I understand that the deletion is final.
private-erase-confirm-required = Tick the box to confirm the deletion.
private-erase-button = Delete my account for good
