## Internal messages (PRV-4, PRV-5).
messages-title = Messages
messages-intro = Write to your partners once they have agreed, and to the organizers at any time. Your email address is not shared.
messages-threads = Conversations
messages-none = No conversation yet.
messages-with = With { $partner }
messages-count = Messages: { $count }
messages-unread = { $count } unread
messages-open = Open
messages-organizers = The organizers
messages-organizers-thread = Write to the organizers
messages-thread-title = Conversation with { $partner }
messages-partner-email = Address: { $email }
messages-empty-thread = No messages yet.
messages-me = You
messages-body = Your message
messages-body-hint = 4,000 characters at most.
messages-send = Send
messages-sent = Message sent.
messages-closed = This conversation is closed: messages are possible once the request is accepted.
messages-error-empty = Write a message before sending.
messages-error-too-long = The message is too long (4,000 characters at most).
messages-error-conflict = Messages are not (or no longer) possible for this request.
messages-back = All conversations
messages-state = Request state: { $state }
messages-inbox-title = Messages from participants
messages-inbox-none = No messages received.
messages-inbox-col-from = Participant
messages-inbox-col-count = Messages
messages-inbox-col-unread = Unread
messages-inbox-col-last = Last message
messages-inbox-thread = Conversation with { $name }
messages-reply = Reply
messages-replied = Reply sent.
messages-to-organizers-subject = { $event }: new message from { $from }
messages-to-organizers-body = Hello,

    { $from } wrote to the organizers of "{ $event }". Read and reply: { $link }
messages-from-organizers-subject = { $event }: the organizers replied
messages-from-organizers-body = Hello { $name },

    The organizers of "{ $event }" replied to you. Read the message: { $link }
