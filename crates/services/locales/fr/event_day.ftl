## Journée de l'événement : onglets, badge, refus de code.
admin-tab-badges = Badges
admin-tab-checkin = Accueil
admin-tab-presence = Présences
admin-tab-documents = Documents
private-nav-badge = Mon badge

pass-refused-not-a-badge = Ce code n'est pas un badge de participant.
pass-refused-forged = Ce badge n'est pas valide (code falsifié ou abîmé).
pass-refused-other-event = Ce badge est celui d'un autre événement.
pass-refused-revoked = Ce badge a été remplacé ou annulé : demandez le badge en cours à l'accueil.
pass-refused-unknown = Ce participant n'est pas (ou plus) inscrit à l'événement.
