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
