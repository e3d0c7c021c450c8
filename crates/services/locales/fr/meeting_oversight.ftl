## États des demandes de rendez-vous (partagés par toutes les pages).
meeting-state-requested = En attente de réponse
meeting-state-accepted = Acceptée, à confirmer
meeting-state-declined = Refusée
meeting-state-expired = Expirée
meeting-state-withdrawn = Retirée
meeting-state-confirmed = Confirmée, horaire à fixer
meeting-state-scheduled = Planifiée
meeting-state-held = Tenue
meeting-state-no_show = Absence
meeting-state-cancelled = Annulée

## Échelle d'évaluation par défaut (MTG-10).
meeting-rating-insufficient_interest = Intérêt insuffisant
meeting-rating-instructive = Instructif, pas de coopération prévue
meeting-rating-cooperation_possible = Coopération possible
meeting-rating-partnership_agreed = Partenariat conclu ou signé

## Liste des demandes pour l'organisateur (MTG-9, MTG-10).
oversight-title = Demandes de rendez-vous
oversight-hint = Toutes les demandes de l'événement, par état. Après l'événement, indiquez si chaque rendez-vous a eu lieu ; les évaluations des participants apparaissent ici.
oversight-filter = Filtrer par état
oversight-all = Toutes
oversight-empty = Aucune demande dans cet état.
oversight-total = { $count } demande(s)
oversight-col-requester = Demandeur
oversight-col-addressee = Destinataire
oversight-col-state = État
oversight-col-sent = Envoyée le
oversight-col-when = Horaire et lieu
oversight-col-ratings = Évaluations
oversight-expert = Expert
oversight-priority = Priorité
oversight-mark-held = A eu lieu
oversight-mark-no-show = Absence
oversight-pages = Pages
oversight-previous = Page précédente
oversight-next = Page suivante
meeting-outcome-saved = Le résultat du rendez-vous est enregistré.
meeting-outcome-wrong-state = Ce rendez-vous n'est pas planifié : son résultat ne peut pas être enregistré.
