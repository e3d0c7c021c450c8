## Onglets du back-office pour les rendez-vous.
admin-tab-sessions = Sessions B2B
admin-tab-meeting-settings = Règles des rendez-vous
admin-tab-requests = Demandes
admin-tab-scheduling = Planification
admin-tab-grid = Grille
admin-tab-experts = Experts
admin-tab-messages = Messages

## Menu de l'espace participant.
private-nav-agenda = Mon agenda
private-nav-requests = Mes demandes de rendez-vous
private-nav-availability = Mes disponibilités
private-nav-messages = Messages
