## Messagerie interne (PRV-4, PRV-5).
messages-title = Messages
messages-intro = Échangez avec vos interlocuteurs une fois leur accord donné, et avec les organisateurs à tout moment. Votre adresse électronique n’est pas communiquée.
messages-threads = Conversations
messages-none = Aucune conversation pour l’instant.
messages-with = Avec { $partner }
messages-count = Messages : { $count }
messages-unread = { $count } non lu(s)
messages-open = Ouvrir
messages-organizers = Les organisateurs
messages-organizers-thread = Écrire aux organisateurs
messages-thread-title = Conversation avec { $partner }
messages-partner-email = Adresse : { $email }
messages-empty-thread = Pas encore de message.
messages-me = Vous
messages-body = Votre message
messages-body-hint = 4 000 caractères au plus.
messages-send = Envoyer
messages-sent = Message envoyé.
messages-closed = Cette conversation est fermée : les messages sont possibles une fois la demande acceptée.
messages-error-empty = Écrivez un message avant d’envoyer.
messages-error-too-long = Le message est trop long (4 000 caractères au plus).
messages-error-conflict = Les messages ne sont pas (ou plus) possibles pour cette demande.
messages-back = Toutes les conversations
messages-state = État de la demande : { $state }
messages-inbox-title = Messages des participants
messages-inbox-none = Aucun message reçu.
messages-inbox-col-from = Participant
messages-inbox-col-count = Messages
messages-inbox-col-unread = Non lus
messages-inbox-col-last = Dernier message
messages-inbox-thread = Conversation avec { $name }
messages-reply = Répondre
messages-replied = Réponse envoyée.
messages-to-organizers-subject = { $event } : nouveau message de { $from }
messages-to-organizers-body = Bonjour,

    { $from } a écrit aux organisateurs de « { $event } ». Lire et répondre : { $link }
messages-from-organizers-subject = { $event } : réponse des organisateurs
messages-from-organizers-body = Bonjour { $name },

    Les organisateurs de « { $event } » vous ont répondu. Lire le message : { $link }
