## Documents imprimés (CHK-5) : page du back-office, tâches, textes imprimés.
documents-title = Documents
documents-intro = Générez les documents de la journée en français ou en anglais. Les longues générations tournent en arrière-plan : suivez leur progression ci-dessous et téléchargez le PDF quand il est prêt.
documents-language = Langue du document
documents-language-fr = Français
documents-language-en = Anglais
documents-generate = Générer
documents-queued = Génération demandée : elle démarre dans quelques secondes.
documents-kind-badges = Badges de tous les participants
documents-kind-badges-hint = Mise en page (format, champs, couleurs) : onglet Badges.
documents-kind-attendance_sheets = Feuilles d'émargement
documents-kind-attendance_sheets-hint = Une feuille par session : nom, société, colonne de signature ; l'en-tête est répété sur chaque page. Les feuilles par animation arriveront avec les animations (lot 7).
documents-kind-convocations = Convocations
documents-kind-convocations-hint = Une lettre personnelle par participant, avec le programme et son agenda de rendez-vous.
documents-kind-table_tents = Chevalets de table
documents-kind-table_tents-hint = A4 plié en deux : le nom se lit des deux côtés.
documents-kind-certificates = Attestations de présence
documents-kind-certificates-hint = Uniquement pour les participants enregistrés à l'accueil.
documents-kind-personal_agendas = Agendas personnels
documents-kind-personal_agendas-hint = Les rendez-vous de chaque participant, jour par jour, avec l'heure, l'interlocuteur et la table.
documents-kind-table_schedules = Planning par table
documents-kind-table_schedules-hint = Pour les hôtes de table : les rendez-vous de chaque table, avec les deux participants.
documents-session = Session
documents-session-all = Toutes les sessions (une feuille par session)
documents-no-session = Aucune session B2B n'est encore créée.
documents-scope = Agendas à imprimer
documents-scope-all = Tous les participants
documents-scope-changed = Seulement les agendas modifiés depuis leur dernière impression
documents-agendas-changed = Agendas modifiés depuis leur dernière impression : { $count } (dont jamais imprimés : { $never }).
documents-checked-in = Participants enregistrés à l'accueil : { $count } sur { $total }.
documents-tables = Tables
documents-tables-hint = Aucune case cochée : toutes les tables qui ont des rendez-vous.
documents-no-table = Aucun rendez-vous n'est encore placé à une table.
documents-jobs = Générations récentes
documents-jobs-none = Aucune génération pour le moment.
documents-col-document = Document
documents-col-requested = Demandé le
documents-col-state = État
documents-col-progress = Progression
documents-col-file = Fichier
documents-state-queued = En attente
documents-state-running = En cours
documents-state-done = Prêt
documents-state-failed = Échec
documents-download = Télécharger
documents-refresh = Actualiser la page
documents-refresh-hint = La progression se met à jour toute seule ; sans JavaScript, la page s'actualise toutes les deux secondes.
documents-progress-label = Progression de { $name }
documents-texts = Textes imprimés
documents-texts-hint = Laissez une lettre vide pour utiliser le texte par défaut. Séparez les paragraphes par une ligne vide.
documents-letter-fr = Lettre de convocation (français)
documents-letter-en = Lettre de convocation (anglais)
documents-signatory = Signataire des attestations (nom et fonction)
documents-save-texts = Enregistrer les textes
documents-texts-saved = Textes enregistrés.
documents-error-letter-long = La lettre est trop longue (8 000 caractères au plus).
documents-error-signatory-long = Le signataire est trop long (200 caractères au plus).
documents-error-unknown-kind = Ce type de document n'existe pas.
documents-error-kind = Ce document ne peut pas être généré.
documents-error-empty = Rien à imprimer : aucune personne ou aucune donnée ne correspond à ce choix.
documents-error-render = La mise en page du document a échoué
documents-issued = Édité le
documents-letter-default = Madame, Monsieur,

    Nous avons le plaisir de vous confirmer votre participation à { $event }, { $dates }.

    Vous trouverez ci-dessous le programme et votre agenda de rendez-vous. Présentez-vous à l'accueil avec votre badge.

    Au plaisir de vous accueillir,
documents-weekday-1 = lundi
documents-weekday-2 = mardi
documents-weekday-3 = mercredi
documents-weekday-4 = jeudi
documents-weekday-5 = vendredi
documents-weekday-6 = samedi
documents-weekday-7 = dimanche
