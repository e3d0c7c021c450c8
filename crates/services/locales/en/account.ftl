login-title = Log in
login-submit = Log in
login-forgot = Forgot your password?
login-invalid = Wrong email address or password.
login-throttled = Too many attempts. Please wait a few minutes before trying again.
field-email = Email address
field-password = Password
field-new-password = New password
field-password-confirm = Confirm the password
field-current-password = Current password
field-name = Name
password-hint = At least 12 characters (16 for administrators). A passphrase of several words is ideal; every character is accepted.
password-too-short = Password too short: at least { $min } characters.
password-too-long = Password too long (512 characters at most).
password-too-common = This password is too common or too simple. Choose a phrase of several words instead.
password-contextual = The password must not reuse your email address, your name or the event's name.
password-mismatch = The two passwords differ.
password-wrong-current = The current password is wrong.
link-invalid = This link is no longer valid: it was already used or has expired (valid for one hour).
setup-title = First setup
setup-intro = Create the account of the platform's principal administrator.
setup-submit = Create the account
forgot-title = Forgotten password
forgot-intro = Enter your email address: if an account exists, you will receive a link valid for one hour to choose a new password.
forgot-submit = Send me the link
forgot-sent = If an account matches this address, an email has just been sent to it with a link valid for one hour.
reset-title = New password
reset-submit = Save the password
account-title = My account
account-change-password = Change password
account-change-submit = Change the password
account-sessions = Sessions
account-sessions-help = Forgot to log out on another device? Close all your sessions at once.
account-logout-everywhere = Log me out everywhere
me-title = My space
me-hello = Hello { $name }!
me-my-events = My events
me-no-events = You are not registered to any event yet.
mail-reset-subject = Your link to choose a new password
mail-reset-body =
    Hello { $name },

    A new password was requested for your Agora account.
    To choose your password, open this link (valid for { $minutes } minutes, usable once):

    { $link }

    If you did not ask for this, ignore this message: your current password still works.
mail-invite-subject = You are invited to co-organize "{ $event }"
mail-invite-body =
    Hello { $name },

    You were given administration rights on the event "{ $event }".
    Choose your password with this link (valid for { $minutes } minutes):

    { $link }

    After that, use "Forgot your password?" on the login page.
