error-email-duplicate = Cette adresse e-mail figure déjà plus haut dans le formulaire.
error-offer-required = Décrivez au moins une offre ou une demande.
error-country = Choisissez un pays dans la liste.
error-description-required = Présentez l’entreprise en français ou en anglais.
error-consent = Vous devez accepter la notice sur les données personnelles pour vous inscrire.
error-already-registered = Cette personne est déjà inscrite à cet événement : connectez-vous plutôt.
error-reason-required = Indiquez le motif du refus : il est envoyé à l’entreprise.
password-too-short-participant = Mot de passe trop court : 12 caractères au moins.
privacy-notice-default = L’organisateur collecte ces informations pour traiter votre inscription à l’événement et organiser vos rendez-vous d’affaires. Elles ne sont communiquées qu’aux organisateurs et, pour les champs publics de votre profil, aux autres participants. Conformément à la loi « informatique et libertés » du 6 janvier 1978 modifiée et au Règlement (UE) 2016/679 sur la protection des données, vous pouvez exercer votre droit d’accès aux données vous concernant et les faire rectifier ou effacer. Vous disposez également d’un droit à la portabilité de vos données personnelles et, si vous avez consenti à ce que vos données soient utilisées à des fins de prospection et de communication, d’un droit d’opposition ou de retrait que vous pouvez exercer en contactant l’organisateur ou, en cas de difficulté, son délégué à la protection des données. En dernier lieu, vous pouvez déposer une réclamation auprès de la CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.
mail-registered-subject = Inscription reçue : { $event }
mail-registered-body =
    Bonjour { $name },

    Nous avons bien reçu l’inscription de { $company } à « { $event } ».
    Votre identifiant de connexion est { $login }, avec le mot de passe que vous avez choisi : { $url }

    Votre profil sera visible des autres participants dès qu’un organisateur l’aura validé ; vous recevrez alors un e-mail.
mail-registered-colleague-subject = Vous êtes inscrit à « { $event } »
mail-registered-colleague-body =
    Bonjour { $name },

    { $company } vous a inscrit à « { $event } ». Vous aurez votre propre agenda de rendez-vous.
    Votre identifiant est { $login }. Choisissez votre mot de passe avec ce lien (valable 72 heures) :

    { $link }
mail-copy-registered-subject = Nouvelle inscription : { $company }
mail-copy-registered-body = { $company } vient de s’inscrire à « { $event } ». L’inscription attend votre validation dans l’administration.
mail-copy-validated-subject = Inscription validée : { $company }
mail-copy-validated-body = L’inscription de { $company } à « { $event } » a été validée.
mail-copy-refused-subject = Inscription refusée : { $company }
mail-copy-refused-body = L’inscription de { $company } à « { $event } » a été refusée. Motif : { $reason }
mail-validated-subject = Votre inscription à « { $event } » est validée
mail-validated-body =
    Bonjour { $name },

    L’inscription de { $company } à « { $event } » est validée : votre profil est désormais visible dans le catalogue des participants.
mail-refused-subject = Votre inscription à « { $event } »
mail-refused-body =
    Bonjour { $name },

    L’inscription de { $company } à « { $event } » n’a pas été retenue.
    Motif : { $reason }
sector-agrifood = Agroalimentaire
sector-renewable_energy = Énergies renouvelables
sector-water = Eau
sector-textile = Textile
sector-aeronautics = Aéronautique
sector-digital = Numérique
sector-logistics = Logistique
sector-tourism = Tourisme
sector-building = Bâtiment
sector-health = Santé
sector-other = Autre
register-title = Inscription
register-closed = Les inscriptions ne sont pas ouvertes pour cet événement.
register-intro = Inscrivez votre entreprise, les personnes qui viendront et ce que vous proposez ou recherchez. Les champs marqués * sont obligatoires.
register-have-account = Déjà inscrit ? Connectez-vous.
register-company = Votre entreprise
field-company-name = Raison sociale
field-country = Pays
field-city = Ville
field-sector = Secteur d’activité
field-description-fr = Présentation de l’entreprise (français)
field-description-en = Présentation de l’entreprise (anglais)
register-billing = Facturation
register-billing-hint = Pour les entreprises de l’Union européenne : numéro de TVA intracommunautaire.
field-vat-country = Pays du numéro de TVA (FR, DE, EL…)
field-vat-number = Numéro de TVA
register-contact = Vous (contact principal, qui gère la fiche de l’entreprise)
register-colleague = Collègue { $number } (facultatif)
register-colleague-hint = Chaque personne a son propre agenda ; elle recevra un lien pour choisir son mot de passe.
field-first-name = Prénom
field-last-name = Nom
field-job-title = Fonction
field-phone = Téléphone
field-choose-password = Choisissez un mot de passe
register-password-hint = Au moins 12 caractères ; une phrase de plusieurs mots est idéale.
register-offer = Offre ou demande { $number }
register-offer-hint = Au moins une : ce que vous proposez (produits, services) ou ce que vous recherchez (partenaires, fournisseurs, coopération).
field-offer-kind = Type
reg-offer-kind-offer = J’offre
reg-offer-kind-request = Je recherche
field-description = Description
field-keywords = Mots-clés (séparés par des virgules)
register-privacy = Données personnelles
register-consent = J’ai lu cette notice et j’accepte le traitement de mes données pour cet événement.
register-submit = Envoyer l’inscription
register-thanks-title = Inscription envoyée
register-thanks-body = Merci ! Un e-mail de confirmation vient d’être envoyé à chaque personne inscrite. Vous pouvez dès maintenant vous connecter ; votre profil sera public après validation par l’organisateur.
site-register = S’inscrire
admin-tab-registrations = Inscriptions
registrations-filter = Filtrer par état
registrations-all = Toutes
registrations-none = Aucune inscription dans cette liste.
registrations-people = Personnes
registrations-offers = Offres et demandes
registrations-editor = gère la fiche
registrations-validate = Valider l’inscription
registrations-refuse = Refuser l’inscription
registrations-reason = Motif du refus (envoyé à l’entreprise)
company-status-pending = En attente
company-status-validated = Validée
company-status-refused = Refusée
flash-validated = Inscription validée : les personnes inscrites sont prévenues par e-mail.
flash-refused = Inscription refusée : les personnes inscrites sont prévenues par e-mail.
rules-title = Affectation automatique des participants
rules-help = Chaque nouvelle inscription est rattachée à un co-organisateur : par le lien d’invitation qu’il diffuse, sinon par le pays de l’entreprise. Il reçoit les e-mails d’inscription en copie.
rules-none = Aucune règle pour le moment.
rules-link = Lien d’invitation
rules-country = Entreprises du pays :
rules-need-member = Donnez d’abord des droits à un co-organisateur.
rules-coorganizer = Co-organisateur
rules-kind = Règle
rules-by-country = Selon le pays de l’entreprise
rules-by-link = Par un lien d’invitation (créé automatiquement)
rules-add = Ajouter la règle
error-coorganizer = Choisissez un membre de l’équipe de l’événement.
error-vat-country = Ce préfixe de TVA n’est pas celui d’un État membre de l’UE (pour la Grèce : EL, pour l’Irlande du Nord : XI).
error-vat-format = Ce numéro de TVA n’a pas le format attendu pour ce pays.
error-vat-checksum = Ce numéro de TVA est mal formé (clé de contrôle incorrecte).
