# Fichiers joints aux offres et demandes
attach-files-label = Fichiers joints (PDF, images, vidéos)
attach-hint = PDF, images (PNG, JPEG, WebP, GIF) ou vidéos (MP4, MOV, WebM) : { $max } Mo au plus par fichier, { $count } fichiers au plus par offre ou demande. Le type est vérifié d’après le contenu du fichier, pas d’après son nom.
attach-kept = Fichiers déjà reçus (inutile de les envoyer à nouveau) :
attach-remove = Retirer « { $name } »
attach-size-kb = { $kb } Ko
attach-error-too-large = Fichier trop volumineux : voyez la taille maximale indiquée sous le champ.
attach-error-type = Type de fichier refusé : seuls les PDF, les images PNG, JPEG, WebP ou GIF et les vidéos MP4, MOV ou WebM sont acceptés (SVG refusé), d’après leur contenu.
attach-error-empty = Le fichier envoyé est vide.
attach-error-too-many = Trop de fichiers pour cette offre ou demande : voyez le nombre maximal indiqué sous le champ.
attach-error-none = Choisissez au moins un fichier.
attach-list-title = Fichiers joints
attach-download = Télécharger « { $name } »
attach-add = Joindre des fichiers
attach-delete = Supprimer « { $name } »
attach-flash-added = Fichiers joints.
attach-flash-removed = Fichier supprimé.
