## Avis envoyés à chaque étape d'un rendez-vous (e-mail et SMS).

meeting-notice-requested-subject = { $event } : { $partner } souhaite vous rencontrer
meeting-notice-requested-body = Bonjour { $name },

    { $partner } vous propose un rendez-vous d'affaires lors de « { $event } ».
    Acceptez ou déclinez la demande dans votre espace : { $link }
meeting-notice-requested-sms = { $event } : { $partner } souhaite vous rencontrer. Répondez sur { $link }

meeting-notice-accepted-subject = { $event } : { $partner } a accepté votre demande
meeting-notice-accepted-body = Bonjour { $name },

    { $partner } a accepté votre demande de rendez-vous. Confirmez-la dans votre espace pour la maintenir : { $link }
meeting-notice-accepted-sms = { $event } : { $partner } a accepté. Confirmez sur { $link }

meeting-notice-declined-subject = { $event } : demande de rendez-vous déclinée
meeting-notice-declined-body = Bonjour { $name },

    { $partner } a décliné votre demande de rendez-vous. { $reason }
    Vos autres demandes : { $link }
meeting-notice-declined-sms = { $event } : { $partner } a décliné votre demande.

meeting-notice-confirmed-subject = { $event } : rendez-vous confirmé avec { $partner }
meeting-notice-confirmed-body = Bonjour { $name },

    Votre rendez-vous avec { $partner } est confirmé des deux côtés. L'horaire vous sera communiqué dès qu'il sera fixé. { $when } { $place }
    Votre agenda : { $link }
meeting-notice-confirmed-sms = { $event } : rendez-vous confirmé avec { $partner }. { $when } { $place }

meeting-notice-scheduled-subject = { $event } : rendez-vous avec { $partner } le { $when }
meeting-notice-scheduled-body = Bonjour { $name },

    Votre rendez-vous avec { $partner } aura lieu le { $when }, { $place }.
    Votre agenda : { $link }
meeting-notice-scheduled-sms = { $event } : RDV avec { $partner } le { $when }, { $place }.

meeting-notice-moved-subject = { $event } : votre rendez-vous avec { $partner } a changé
meeting-notice-moved-body = Bonjour { $name },

    Votre rendez-vous avec { $partner } a lieu désormais le { $when }, { $place }.
    Votre agenda : { $link }
meeting-notice-moved-sms = { $event } : RDV avec { $partner } déplacé au { $when }, { $place }.

meeting-notice-unplaced-subject = { $event } : votre rendez-vous avec { $partner } doit être replacé
meeting-notice-unplaced-body = Bonjour { $name },

    L'horaire de votre rendez-vous avec { $partner } n'est plus valable à la suite d'un changement du programme. Le rendez-vous est maintenu et recevra un nouvel horaire.
    Votre agenda : { $link }
meeting-notice-unplaced-sms = { $event } : l'horaire de votre RDV avec { $partner } va changer.

meeting-notice-cancelled-subject = { $event } : rendez-vous avec { $partner } annulé
meeting-notice-cancelled-body = Bonjour { $name },

    Votre rendez-vous avec { $partner } { $when } est annulé. { $reason }
    Votre agenda : { $link }
meeting-notice-cancelled-sms = { $event } : RDV avec { $partner } { $when } annulé.

meeting-notice-withdrawn-subject = { $event } : demande de rendez-vous retirée
meeting-notice-withdrawn-body = Bonjour { $name },

    { $partner } a retiré sa demande de rendez-vous.
meeting-notice-withdrawn-sms = { $event } : { $partner } a retiré sa demande.

meeting-notice-expired-subject = { $event } : demande de rendez-vous expirée
meeting-notice-expired-body = Bonjour { $name },

    La demande de rendez-vous entre vous et { $partner } a expiré sans réponse ; elle ne bloque plus de créneau.
    Vos demandes : { $link }
meeting-notice-expired-sms = { $event } : la demande avec { $partner } a expiré.

meeting-notice-expiry-reminder-subject = { $event } : { $partner } attend votre réponse
meeting-notice-expiry-reminder-body = Bonjour { $name },

    La demande de rendez-vous de { $partner } expire bientôt. Acceptez-la ou déclinez-la : { $link }
meeting-notice-expiry-reminder-sms = { $event } : { $partner } attend votre réponse : { $link }

meeting-notice-meeting-reminder-subject = { $event } : rendez-vous avec { $partner } à { $when }
meeting-notice-meeting-reminder-body = Bonjour { $name },

    Rappel : vous rencontrez { $partner } le { $when }, { $place }.
    Votre agenda : { $link }
meeting-notice-meeting-reminder-sms = Rappel { $event } : RDV avec { $partner } le { $when }, { $place }.

meeting-notice-new-message-subject = { $event } : nouveau message de { $partner }
meeting-notice-new-message-body = Bonjour { $name },

    { $partner } vous a écrit au sujet de votre rendez-vous. Lisez et répondez dans votre espace : { $link }
meeting-notice-new-message-sms = { $event } : nouveau message de { $partner }.
