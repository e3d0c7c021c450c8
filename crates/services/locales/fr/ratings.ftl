## Évaluation des rendez-vous (MTG-10).
ratings-title = Évaluer ce rendez-vous
ratings-scale = Résultat du rendez-vous
ratings-comment = Commentaire (facultatif)
ratings-save = Enregistrer mon évaluation
ratings-saved = Évaluation enregistrée.
ratings-yours = Votre évaluation : { $label }
ratings-error-unknown = Choisissez un résultat dans la liste.
ratings-error-comment-too-long = Le commentaire est trop long (2 000 caractères au plus).
ratings-error-conflict = Un rendez-vous s’évalue une fois son créneau terminé.
