login-title = Connexion
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
login-invalid = Adresse e-mail ou mot de passe incorrect.
login-throttled = Trop de tentatives. Patientez quelques minutes avant de réessayer.
field-email = Adresse e-mail
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-password-confirm = Confirmez le mot de passe
field-current-password = Mot de passe actuel
field-name = Nom
password-hint = Au moins 12 caractères (16 pour les administrateurs). Une phrase de passe de plusieurs mots est idéale ; tous les caractères sont acceptés.
password-too-short = Mot de passe trop court : { $min } caractères au moins.
password-too-long = Mot de passe trop long (512 caractères au plus).
password-too-common = Ce mot de passe est trop courant ou trop simple. Choisissez plutôt une phrase de plusieurs mots.
password-contextual = Le mot de passe ne doit pas reprendre votre adresse e-mail, votre nom ou le nom de l’événement.
password-mismatch = Les deux mots de passe ne sont pas identiques.
password-wrong-current = Le mot de passe actuel est incorrect.
link-invalid = Ce lien n’est plus valable : il a déjà servi ou a expiré (validité : une heure).
setup-title = Première configuration
setup-intro = Créez le compte de l’administrateur principal de la plateforme.
setup-submit = Créer le compte
forgot-title = Mot de passe oublié
forgot-intro = Indiquez votre adresse e-mail : si un compte existe, vous recevrez un lien valable une heure pour choisir un nouveau mot de passe.
forgot-submit = Recevoir le lien
forgot-sent = Si un compte correspond à cette adresse, un e-mail vient de lui être envoyé avec un lien valable une heure.
reset-title = Nouveau mot de passe
reset-submit = Enregistrer le mot de passe
account-title = Mon compte
account-change-password = Changer de mot de passe
account-change-submit = Changer le mot de passe
account-sessions = Sessions
account-sessions-help = Vous avez oublié de vous déconnecter sur un autre appareil ? Fermez toutes vos sessions d’un coup.
account-logout-everywhere = Me déconnecter partout
me-title = Mon espace
me-hello = Bonjour { $name } !
me-my-events = Mes événements
me-no-events = Vous n’êtes inscrit à aucun événement pour le moment.
mail-reset-subject = Votre lien pour choisir un nouveau mot de passe
mail-reset-body =
    Bonjour { $name },

    Une demande de nouveau mot de passe a été faite pour votre compte Agora.
    Pour choisir votre mot de passe, ouvrez ce lien (valable { $minutes } minutes, utilisable une seule fois) :

    { $link }

    Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.
mail-invite-subject = Vous êtes invité à co-organiser « { $event } »
mail-invite-body =
    Bonjour { $name },

    Vous avez reçu des droits d’administration sur l’événement « { $event } ».
    Choisissez votre mot de passe avec ce lien (valable { $minutes } minutes) :

    { $link }

    Passé ce délai, utilisez « Mot de passe oublié ? » sur la page de connexion.
