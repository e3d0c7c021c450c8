error-email-duplicate = This email address already appears above in the form.
error-offer-required = Describe at least one offer or request.
error-country = Choose a country from the list.
error-description-required = Present the company in French or in English.
error-consent = You must accept the personal data notice to register.
error-already-registered = This person is already registered to this event: log in instead.
error-reason-required = Give the reason for the refusal: it is sent to the company.
password-too-short-participant = Password too short: at least 12 characters.
privacy-notice-default = The organizer collects this information to process your registration to the event and arrange your business meetings. It is shared only with the organizers and, for the public fields of your profile, with the other participants. Under the French Data Protection Act of 6 January 1978 as amended and Regulation (EU) 2016/679 on data protection, you may access the data about you and have it corrected or erased. You also have a right to the portability of your personal data and, if you agreed to its use for marketing and communication, a right to object or withdraw, which you can exercise by contacting the organizer or, failing that, its data protection officer. Finally, you may lodge a complaint with the CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, France.
mail-registered-subject = Registration received: { $event }
mail-registered-body =
    Hello { $name },

    We have received the registration of { $company } to "{ $event }".
    Your login is { $login }, with the password you chose: { $url }

    Your profile becomes visible to the other participants once an organizer validates it; you will then get an email.
mail-registered-colleague-subject = You are registered to "{ $event }"
mail-registered-colleague-body =
    Hello { $name },

    { $company } registered you to "{ $event }". You will have your own meeting agenda.
    Your login is { $login }. Choose your password with this link (valid for 72 hours):

    { $link }
mail-copy-registered-subject = New registration: { $company }
mail-copy-registered-body = { $company } has just registered to "{ $event }". The registration awaits your validation in the administration.
mail-copy-validated-subject = Registration validated: { $company }
mail-copy-validated-body = The registration of { $company } to "{ $event }" was validated.
mail-copy-refused-subject = Registration refused: { $company }
mail-copy-refused-body = The registration of { $company } to "{ $event }" was refused. Reason: { $reason }
mail-validated-subject = Your registration to "{ $event }" is validated
mail-validated-body =
    Hello { $name },

    The registration of { $company } to "{ $event }" is validated: your profile is now visible in the participants catalogue.
mail-refused-subject = Your registration to "{ $event }"
mail-refused-body =
    Hello { $name },

    The registration of { $company } to "{ $event }" was not accepted.
    Reason: { $reason }
sector-agrifood = Agrifood
sector-renewable_energy = Renewable energy
sector-water = Water
sector-textile = Textile
sector-aeronautics = Aeronautics
sector-digital = Digital
sector-logistics = Logistics
sector-tourism = Tourism
sector-building = Building
sector-health = Health
sector-other = Other
register-title = Registration
register-closed = Registration is not open for this event.
register-intro = Register your company, the people who will attend and what you offer or seek. Fields marked * are required.
register-have-account = Already registered? Log in.
register-company = Your company
field-company-name = Company name
field-country = Country
field-city = City
field-sector = Business sector
field-description-fr = Company presentation (French)
field-description-en = Company presentation (English)
register-billing = Billing
register-billing-hint = For companies in the European Union: intra-EU VAT number.
field-vat-country = Country of the VAT number (FR, DE, EL…)
field-vat-number = VAT number
register-contact = You (main contact, who manages the company profile)
register-colleague = Colleague { $number } (optional)
register-colleague-hint = Each person has an own agenda; they will receive a link to choose their password.
field-first-name = First name
field-last-name = Last name
field-job-title = Job title
field-phone = Phone
field-choose-password = Choose a password
register-password-hint = At least 12 characters; a phrase of several words is ideal.
register-offer = Offer or request { $number }
register-offer-hint = At least one: what you offer (products, services) or what you seek (partners, suppliers, cooperation).
field-offer-kind = Kind
reg-offer-kind-offer = I offer
reg-offer-kind-request = I am looking for
field-description = Description
field-keywords = Keywords (comma-separated)
register-privacy = Personal data
register-consent = I have read this notice and accept the processing of my data for this event.
register-submit = Send the registration
register-thanks-title = Registration sent
register-thanks-body = Thank you! A confirmation email was just sent to every person registered. You can log in now; your profile becomes public once the organizer validates it.
site-register = Register
admin-tab-registrations = Registrations
registrations-filter = Filter by status
registrations-all = All
registrations-none = No registration in this list.
registrations-people = People
registrations-offers = Offers and requests
registrations-editor = manages the profile
registrations-validate = Validate the registration
registrations-refuse = Refuse the registration
registrations-reason = Reason for the refusal (sent to the company)
company-status-pending = Pending
company-status-validated = Validated
company-status-refused = Refused
flash-validated = Registration validated: the people registered are told by email.
flash-refused = Registration refused: the people registered are told by email.
rules-title = Automatic assignment of participants
rules-help = Each new registration is attached to a co-organizer: by the invitation link they share, otherwise by the company's country. They receive the registration emails in copy.
rules-none = No rule yet.
rules-link = Invitation link
rules-country = Companies from:
rules-need-member = First grant rights to a co-organizer.
rules-coorganizer = Co-organizer
rules-kind = Rule
rules-by-country = By the company's country
rules-by-link = By an invitation link (created automatically)
rules-add = Add the rule
error-coorganizer = Choose a member of the event's team.
error-vat-country = This VAT prefix is not an EU member state's (Greece: EL, Northern Ireland: XI).
error-vat-format = This VAT number does not have the expected format for this country.
error-vat-checksum = This VAT number is malformed (wrong check key).
