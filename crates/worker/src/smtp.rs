//! SMTP delivery with lettre (rustls with the ring provider, no OpenSSL).

use lettre::message::{Mailbox, Message, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use services::Settings;
use services::config::SmtpSecurity;
use store::outbox::OutboxRow;

/// A configured SMTP transport.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
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
        Ok(Some(Mailer { transport, from }))
    }

    /// Sends one outbox message. Its Message-ID derives from the outbox id, so a retry after
    /// an unclear failure is recognisable as the same message by the receiving side.
    pub async fn send(&self, message: &OutboxRow) -> Result<(), String> {
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .message_id(Some(format!("<{}@agora>", message.message_uid)))
            .header(ContentType::TEXT_PLAIN)
            .body(message.body_text.clone())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
