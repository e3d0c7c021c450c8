//! SMTP delivery with lettre (rustls with the ring provider, no OpenSSL). A message with
//! attachments (`outbox_attachment`, e.g. the badge PDF of REG-7) is rendered at send time and
//! sent as multipart/mixed: the text part, then each file.

use lettre::message::{Attachment, Mailbox, Message, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use services::Settings;
use services::config::SmtpSecurity;
use services::files::FileStore;
use store::DatabaseConnection;
use store::outbox::OutboxRow;

/// A configured SMTP transport.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Where logos live, for documents rendered as attachments.
    files: FileStore,
}

impl Mailer {
    /// Builds the transport from the settings; `None` when no SMTP host is configured.
    pub fn from_settings(settings: &Settings) -> Result<Option<Mailer>, String> {
        let Some(host) = settings
            .smtp
            .host
            .as_deref()
            .filter(|h| !h.trim().is_empty())
        else {
            return Ok(None);
        };
        let mut builder = match settings.smtp.security {
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|e| e.to_string())?,
            SmtpSecurity::Tls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| e.to_string())?
            }
        };
        if let Some(port) = settings.smtp.port {
            builder = builder.port(port);
        }
        if let (Some(user), Some(password)) = (&settings.smtp.username, &settings.smtp.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let transport = builder
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from: Mailbox = settings
            .smtp
            .from
            .parse()
            .map_err(|e| format!("sender address: {e}"))?;
        Ok(Some(Mailer {
            transport,
            from,
            files: FileStore::in_data_dir(&settings.data_dir),
        }))
    }

    /// Sends one outbox message. Its Message-ID derives from the outbox id, so a retry after
    /// an unclear failure is recognisable as the same message by the receiving side. Its
    /// attachments are rendered now; one that has nothing to attach any more (participant no
    /// longer validated) is left out, a rendering failure makes the attempt fail (retried).
    pub async fn send(&self, db: &DatabaseConnection, message: &OutboxRow) -> Result<(), String> {
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .message_id(Some(format!("<{}@agora>", message.message_uid)));
        let files = self.attachments(db, message).await?;
        let email = if files.is_empty() {
            builder
                .header(ContentType::TEXT_PLAIN)
                .body(message.body_text.clone())
        } else {
            let mut mixed = MultiPart::mixed().singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(message.body_text.clone()),
            );
            for (name, bytes) in files {
                let pdf = ContentType::parse("application/pdf").map_err(|e| e.to_string())?;
                mixed = mixed.singlepart(Attachment::new(name).body(bytes, pdf));
            }
            builder.multipart(mixed)
        }
        .map_err(|e| e.to_string())?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// The files to attach to a message, rendered now.
    async fn attachments(
        &self,
        db: &DatabaseConnection,
        message: &OutboxRow,
    ) -> Result<Vec<(String, Vec<u8>)>, String> {
        let rows = store::outbox_attachments::of_message(db, message.id)
            .await
            .map_err(|e| format!("attachments: {e}"))?;
        let mut files = Vec::new();
        for row in &rows {
            let rendered =
                services::event_day::badges::attachment_pdf(db, &self.files, message.event_id, row)
                    .await
                    .map_err(|e| format!("attachment {}: {e}", row.file_name))?;
            files.extend(rendered);
        }
        Ok(files)
    }
}
