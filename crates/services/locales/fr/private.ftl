# Espace privé du participant pour un événement (PRV-2, REG-8).
private-title = Mon espace
private-me-open = Ouvrir mon espace pour cet événement
private-nav = Mon espace pour cet événement
private-nav-profile = Mon profil et mon inscription
private-nav-company = Mon entreprise
private-nav-data-json = Télécharger mes données (JSON)
private-nav-data-csv = Télécharger mes données (CSV)
private-nav-erase = Supprimer mon compte
private-status-title = État de l’inscription
private-status-pending = En attente de validation
private-status-validated = Validée
private-status-refused = Refusée
private-refusal-reason = Motif du refus :
private-company-label = Entreprise :
private-profile-title = Mon profil
private-form-has-errors = Le formulaire contient des erreurs : corrigez les champs signalés.
private-save = Enregistrer
private-error-phone = Indiquez un numéro de téléphone valide, par exemple +33 6 12 34 56 78.
private-error-remove-self = Vous ne pouvez pas vous retirer vous-même de l’entreprise.
private-error-erase-principal = Un administrateur principal ne peut pas supprimer son compte depuis cet espace.
private-flash-profile-saved = Votre profil est enregistré.
private-flash-company-saved = La fiche de l’entreprise est enregistrée.
private-flash-offer-saved = L’offre ou la demande est enregistrée.
private-flash-offer-deleted = L’offre ou la demande est supprimée.
private-flash-colleague-added = Le collègue est ajouté ; il a reçu un e-mail.
private-flash-colleague-removed = Le collègue est retiré de l’événement.
private-flash-erased = Votre compte et vos données personnelles ont été supprimés.
private-company-title = Mon entreprise
private-company-read-only = Seul le contact principal de l’entreprise peut modifier cette fiche.
private-no-company = Votre inscription n’est rattachée à aucune entreprise.
private-field-address = Adresse
private-field-website = Site web (https://…)
private-field-email = Adresse e-mail
private-field-offer-title = Intitulé
private-offers-title = Offres et demandes
private-offers-none = Aucune offre ni demande pour l’instant.
private-offer-add = Ajouter une offre ou une demande
private-offer-delete = Supprimer
private-people-title = Personnes de l’entreprise
private-people-editor = contact principal
private-people-me = vous
private-colleague-add = Ajouter un collègue
private-colleague-hint = Votre collègue reçoit un e-mail ; s’il n’a pas encore de compte, un lien valable 72 heures lui permet de choisir son mot de passe.
private-colleague-remove = Retirer
private-mail-colleague-link-subject = { $event } : vous êtes inscrit(e) avec { $company }
private-mail-colleague-link-body =
    Bonjour { $name },

    Un collègue de { $company } vous a inscrit(e) à { $event }.
    Votre identifiant : { $login }
    Choisissez votre mot de passe (lien valable 72 heures) : { $link }
private-mail-colleague-subject = { $event } : vous êtes inscrit(e) avec { $company }
private-mail-colleague-body =
    Bonjour { $name },

    Un collègue de { $company } vous a inscrit(e) à { $event }.
    Connectez-vous avec votre compte habituel ({ $login }) : { $url }
private-erase-title = Supprimer mon compte et mes données
private-erase-intro = Vous pouvez demander l’effacement de vos données personnelles (RGPD, article 17). Cette action est définitive :
private-erase-consequence-account = votre compte est supprimé : vous ne pourrez plus vous connecter ;
private-erase-consequence-events = vos inscriptions à tous les événements, vos consentements et vos messages en attente sont effacés ;
private-erase-consequence-company = si vous êtes la seule personne de votre entreprise, la fiche de l’entreprise et ses offres sont supprimées aussi ;
private-erase-consequence-audit = le journal des actions garde la trace des opérations, mais votre nom et votre adresse y sont remplacés par « deleted participant ».
private-erase-download-first = Pensez à télécharger vos données avant de confirmer.
private-erase-confirm = Je comprends que la suppression est définitive.
private-erase-confirm-required = Cochez la case pour confirmer la suppression.
private-erase-button = Supprimer définitivement mon compte
