//! Agora's background worker: delivers the outbox over SMTP with retries and backoff, and
//! runs periodic housekeeping. It runs inside the web process by default, or alone with
//! `agora worker` when the site is scaled out; the database coordinates several workers.

mod sms;
mod smtp;

pub use sms::{SmsGateway, deliver_due_sms};
pub use smtp::Mailer;

use chrono::{DateTime, Duration, Utc};
use services::Settings;
use store::DatabaseConnection;
use store::outbox::OutboxRow;
use tokio::sync::watch;

/// Attempts before a message is marked failed for good.
pub const MAX_ATTEMPTS: i32 = 6;

/// Delay before the next attempt after `attempts` failures: 30 s, 1 min, 2 min… capped at
/// one hour.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 8) - 1;
    Duration::seconds((30_i64 << exponent).min(3600))
}

/// Delivers every due message once; returns how many were sent. Each message is claimed by a
/// conditional update first, so two workers never send the same one.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<usize, store::DbErr> {
    let mut sent = 0;
    for message in store::outbox::due(db, "email", now, 50).await? {
        if !store::outbox::claim(db, message.id, now, now + Duration::minutes(5)).await? {
            continue;
        }
        if deliver_one(db, mailer, &message, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

async fn deliver_one(
    db: &DatabaseConnection,
    mailer: &Mailer,
    message: &OutboxRow,
    now: DateTime<Utc>,
) -> Result<bool, store::DbErr> {
    let attempts = message.attempts + 1;
    match mailer.send(db, message).await {
        Ok(()) => {
            store::outbox::mark_sent(db, message.id, attempts, Utc::now()).await?;
            tracing::info!(id = message.id, "message sent");
            Ok(true)
        }
        Err(error) => {
            let retry_at = (attempts < MAX_ATTEMPTS).then(|| now + backoff(attempts));
            tracing::warn!(id = message.id, attempts, error = %error, final_failure = retry_at.is_none(), "message not sent");
            store::outbox::mark_attempt_failed(db, message.id, attempts, &error, retry_at).await?;
            Ok(false)
        }
    }
}

/// Runs housekeeping if no other instance did in the last hour.
pub async fn housekeeping(
    db: &DatabaseConnection,
    settings: &Settings,
    holder: &str,
    now: DateTime<Utc>,
) -> Result<(), services::InternalError> {
    if store::leases::try_acquire(db, "housekeeping", holder, now, now + Duration::hours(1)).await?
    {
        let report = services::maintenance::purge(db, now, settings.session_idle_minutes).await?;
        let files = services::files::FileStore::in_data_dir(&settings.data_dir);
        let files_report = services::maintenance::purge_files(db, &files, now).await?;
        tracing::info!(?files_report, "file store housekeeping done");
        let vat_rechecked = services::vies::retry_unverified(db, settings).await?;
        tracing::info!(?report, vat_rechecked, "housekeeping done");
    }
    Ok(())
}

/// The worker loop, until `shutdown` turns true.
pub async fn run(db: DatabaseConnection, settings: Settings, mut shutdown: watch::Receiver<bool>) {
    let holder = format!("worker-{}", uuid::Uuid::new_v4().simple());
    let mailer = match Mailer::from_settings(&settings) {
        Ok(mailer) => mailer,
        Err(e) => {
            tracing::error!(error = %e, "SMTP settings unusable; messages stay in the outbox");
            None
        }
    };
    if mailer.is_none() {
        tracing::info!("no SMTP server configured: messages wait in the outbox page");
    }
    let sms = match SmsGateway::from_settings(&settings) {
        Ok(gateway) => gateway,
        Err(e) => {
            tracing::error!(error = %e, "SMS gateway settings unusable; texts stay in the outbox");
            None
        }
    };
    let base_url = settings.base_url();
    // Documents take seconds to render: they get their own loop so emails never wait.
    let documents = tokio::spawn(document_jobs(
        db.clone(),
        services::files::FileStore::in_data_dir(&settings.data_dir),
        shutdown.clone(),
    ));
    let mut last_expiry: Option<DateTime<Utc>> = None;
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(2));
    let mut last_housekeeping: Option<DateTime<Utc>> = None;
    let mut last_reminders: Option<DateTime<Utc>> = None;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            break;
        }
        let now = Utc::now();
        if let Some(mailer) = &mailer
            && let Err(e) = deliver_due(&db, mailer, now).await
        {
            tracing::error!(error = %e, "outbox delivery failed");
        }
        if let Some(gateway) = &sms
            && let Err(e) = deliver_due_sms(&db, gateway, now).await
        {
            tracing::error!(error = %e, "SMS delivery failed");
        }
        if last_expiry.is_none_or(|at| now - at > Duration::minutes(1)) {
            last_expiry = Some(now);
            match services::meetings::requests::run_expiry(&db, &base_url, now).await {
                Ok(report) if report.reminded + report.expired > 0 => {
                    tracing::info!(?report, "meeting requests reminded or expired");
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "meeting request expiry failed"),
            }
        }
        // Day-J reminders before each meeting (EXP-6, MTG-8), once a minute.
        if last_reminders.is_none_or(|at| now - at >= Duration::minutes(1)) {
            last_reminders = Some(now);
            if let Err(e) = services::meetings::reminders::send_due(&db, &base_url, now).await {
                tracing::error!(error = %e, "meeting reminders failed");
            }
        }
        if last_housekeeping.is_none_or(|at| now - at > Duration::minutes(10)) {
            last_housekeeping = Some(now);
            if let Err(e) = housekeeping(&db, &settings, &holder, now).await {
                tracing::error!(error = %e, "housekeeping failed");
            }
        }
    }
    let _ = documents.await;
    tracing::info!("worker stopped");
}

/// Runs queued document jobs (badges, sheets, agendas…) until `shutdown` turns true.
pub async fn document_jobs(
    db: DatabaseConnection,
    files: services::files::FileStore,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            break;
        }
        if let Err(e) = services::event_day::jobs::run_due(&db, &files, Utc::now()).await {
            tracing::error!(error = %e, "document jobs failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(20), Duration::seconds(3600));
    }
}
