//! SMS delivery (MTG-5): each outbox row of channel `sms` is POSTed to the deployment's SMS
//! provider as JSON `{"to", "text", "id"}` with a bearer token. Retries and backoff follow the
//! email path; the outbox id travels as `id` so the provider can drop a duplicate.

use crate::{MAX_ATTEMPTS, backoff};
use chrono::{DateTime, Duration, Utc};
use services::Settings;
use store::DatabaseConnection;
use store::outbox::OutboxRow;

/// A configured SMS gateway.
pub struct SmsGateway {
    client: reqwest::Client,
    url: String,
    token: Option<String>,
}

impl SmsGateway {
    /// The gateway of the settings; `None` when no URL is configured.
    pub fn from_settings(settings: &Settings) -> Result<Option<SmsGateway>, String> {
        let Some(url) = settings
            .sms_gateway_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        else {
            return Ok(None);
        };
        let client = reqwest::Client::builder()
            .user_agent("Agora SMS")
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        Ok(Some(SmsGateway {
            client,
            url: url.to_string(),
            token: settings
                .sms_gateway_token
                .clone()
                .filter(|t| !t.trim().is_empty()),
        }))
    }

    /// Sends one text; any answer other than 2xx is a failure.
    pub async fn send(&self, message: &OutboxRow) -> Result<(), String> {
        let body = serde_json::json!({
            "to": message.recipient,
            "text": message.body_text,
            "id": message.message_uid,
        });
        let mut request = self.client.post(&self.url).json(&body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("gateway answered {}", response.status()))
        }
    }
}

/// Delivers every due SMS once; returns how many were sent. Claimed first, like emails.
pub async fn deliver_due_sms(
    db: &DatabaseConnection,
    gateway: &SmsGateway,
    now: DateTime<Utc>,
) -> Result<usize, store::DbErr> {
    let mut sent = 0;
    for message in store::outbox::due(db, "sms", now, 50).await? {
        if !store::outbox::claim(db, message.id, now, now + Duration::minutes(5)).await? {
            continue;
        }
        let attempts = message.attempts + 1;
        match gateway.send(&message).await {
            Ok(()) => {
                store::outbox::mark_sent(db, message.id, attempts, Utc::now()).await?;
                tracing::info!(id = message.id, "sms sent");
                sent += 1;
            }
            Err(error) => {
                let retry_at = (attempts < MAX_ATTEMPTS).then(|| now + backoff(attempts));
                tracing::warn!(id = message.id, attempts, error = %error, final_failure = retry_at.is_none(), "sms not sent");
                store::outbox::mark_attempt_failed(db, message.id, attempts, &error, retry_at)
                    .await?;
            }
        }
    }
    Ok(sent)
}
