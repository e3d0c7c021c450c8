//! Agora's test harness.
//!
//! `TestApp::spawn()` starts the real application on a free loopback port with a fresh
//! SQLite file — or, when `AGORA_TEST_POSTGRES_URL` is set, a fresh PostgreSQL database
//! created for the test — and an SMTP sink that records what the worker delivers.
//! `Browser` is an HTTP client with its own cookie jar that knows how to echo the CSRF
//! token, so a test reads like a person using the site.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;
pub mod fake_sms;
pub mod fake_vies;
pub mod meetings;
mod smtp_sink;

pub use browser::{Browser, Page};
pub use fake_sms::{FakeSms, ReceivedSms};
pub use fake_vies::{FakeAnswer, FakeVies};
pub use smtp_sink::{ReceivedMail, SmtpSink};

use chrono::{DateTime, Utc};
use domain::{EventId, Permission, PermissionSet, UserId};
use sea_orm::ConnectionTrait;
use services::Settings;
use services::config::SmtpSecurity;
use std::path::PathBuf;
use store::DatabaseConnection;
use tokio::sync::oneshot;

/// A running application for one test.
pub struct TestApp {
    /// `http://127.0.0.1:port`.
    pub base_url: String,
    /// Direct database access for arranging and asserting.
    pub db: DatabaseConnection,
    /// The settings the app runs with.
    pub settings: Settings,
    /// The SMTP sink the worker delivers to.
    pub smtp: SmtpSink,
    /// The fake EU VIES service `settings.vies_endpoint` points at.
    pub vies: FakeVies,
    /// The fake SMS provider `settings.sms_gateway_url` points at.
    pub sms: FakeSms,
    /// The database URL (to start a second instance on the same database).
    pub database_url: String,
    _stop: oneshot::Sender<()>,
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agora-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A fresh database URL: a new SQLite file, or a new PostgreSQL database.
async fn fresh_database_url(data_dir: &std::path::Path) -> String {
    match std::env::var("AGORA_TEST_POSTGRES_URL") {
        Ok(admin_url) if !admin_url.trim().is_empty() => {
            let name = format!("agora_test_{}", uuid::Uuid::new_v4().simple());
            let admin = store::connect(&admin_url)
                .await
                .expect("connect to AGORA_TEST_POSTGRES_URL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let mut url = url::Url::parse(&admin_url).expect("postgres url");
            url.set_path(&format!("/{name}"));
            url.to_string()
        }
        _ => format!("sqlite://{}?mode=rwc", data_dir.join("agora.db").display()),
    }
}

impl TestApp {
    /// Starts an application on a fresh database.
    pub async fn spawn() -> TestApp {
        let data_dir = temp_dir();
        let url = fresh_database_url(&data_dir).await;
        TestApp::spawn_on(url, data_dir).await
    }

    /// Starts a second instance on the same database (several instances behave as one site).
    pub async fn spawn_sibling(&self) -> TestApp {
        TestApp::spawn_on(self.database_url.clone(), self.settings.data_dir.clone()).await
    }

    async fn spawn_on(database_url: String, data_dir: PathBuf) -> TestApp {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let smtp = SmtpSink::start().await;
        let vies = FakeVies::start().await;
        let sms = FakeSms::start().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut settings = Settings {
            listen: addr.to_string(),
            database_url: Some(database_url.clone()),
            data_dir,
            public_base_url: Some(format!("http://{addr}")),
            embedded_worker: false,
            ..Settings::default()
        };
        settings.smtp.host = Some("127.0.0.1".into());
        settings.smtp.port = Some(smtp.port());
        settings.smtp.security = SmtpSecurity::None;
        settings.smtp.from = "Agora <no-reply@agora.test>".into();
        settings.metrics_token = Some("test-metrics-token".into());
        settings.vies_endpoint = vies.url();
        settings.vies_timeout_ms = 1000;
        settings.sms_gateway_url = Some(sms.url());
        settings.sms_gateway_token = Some("test-sms-token".into());
        let db = store::connect(&database_url).await.expect("connect");
        store::migrate(&db).await.expect("migrate");
        let state = web::AppState::new(db.clone(), settings.clone(), web::metrics_handle());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = web::serve(state, listener, async {
                let _ = stopped.await;
            })
            .await;
        });
        TestApp {
            base_url: format!("http://{addr}"),
            db,
            settings,
            smtp,
            vies,
            sms,
            database_url,
            _stop: stop,
        }
    }

    /// A new browser (own cookies) on this app.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.base_url)
    }

    /// Runs the worker's delivery once, as of `now`.
    pub async fn deliver_outbox_at(&self, now: DateTime<Utc>) -> usize {
        let mailer = worker::Mailer::from_settings(&self.settings)
            .expect("smtp settings")
            .expect("smtp configured");
        worker::deliver_due(&self.db, &mailer, now)
            .await
            .expect("deliver")
    }

    /// Runs the worker's SMS delivery once, as of `now`.
    pub async fn deliver_sms_at(&self, now: DateTime<Utc>) -> usize {
        let gateway = worker::SmsGateway::from_settings(&self.settings)
            .expect("sms settings")
            .expect("sms gateway configured");
        worker::deliver_due_sms(&self.db, &gateway, now)
            .await
            .expect("deliver sms")
    }

    /// Runs the worker's delivery once, now.
    pub async fn deliver_outbox(&self) -> usize {
        self.deliver_outbox_at(Utc::now()).await
    }

    /// Creates an account with a password (hashing included).
    pub async fn create_user(&self, email: &str, password: &str, principal: bool) -> UserId {
        let hash = services::security::hash_password(password.to_string())
            .await
            .expect("hash");
        let user = store::users::insert(
            &self.db,
            store::users::NewUser {
                email_key: &email.to_lowercase(),
                email,
                display_name: email.split('@').next().unwrap_or(email),
                password_hash: Some(hash),
                locale: "fr",
                is_principal_admin: principal,
            },
            Utc::now(),
        )
        .await
        .expect("insert user");
        UserId(user.id)
    }

    /// A browser logged in as an existing account.
    pub async fn logged_in(&self, email: &str, password: &str) -> Browser {
        let browser = self.browser();
        browser.login(email, password).await;
        browser
    }

    /// Creates a principal administrator and logs them in.
    pub async fn principal_admin(&self, email: &str, password: &str) -> Browser {
        self.create_user(email, password, true).await;
        self.logged_in(email, password).await
    }

    /// Creates a team member with `rights` on `event` and logs them in.
    pub async fn organizer(
        &self,
        event: EventId,
        (email, password): (&str, &str),
        rights: &[Permission],
    ) -> Browser {
        let user = self.create_user(email, password, false).await;
        self.grant(user, event, rights).await;
        self.logged_in(email, password).await
    }

    /// Creates a published event through the real service (audited as "test").
    pub async fn create_event(&self, slug: &str) -> EventId {
        let form = services::events::EventForm {
            slug: slug.into(),
            name_fr: format!("Forum {slug}"),
            name_en: format!("Forum {slug} (EN)"),
            summary_fr: "Résumé".into(),
            summary_en: "Summary".into(),
            starts_on: "2027-03-10".into(),
            ends_on: "2027-03-11".into(),
            time_zone: "Europe/Paris".into(),
            primary_color: "#1a5fb4".into(),
            is_published: Some("on".into()),
            ..Default::default()
        };
        let actor = services::audit::Actor::system("test");
        services::events::create_event(&self.db, &actor, &form, "")
            .await
            .expect("create event")
    }

    /// Gives a person rights on an event.
    pub async fn grant(&self, user: UserId, event: EventId, permissions: &[Permission]) {
        let set = PermissionSet::from_permissions(permissions.iter().copied());
        store::events::upsert_role(
            &self.db,
            event,
            user,
            "co_organizer",
            &set.to_stored(),
            Utc::now(),
        )
        .await
        .expect("grant");
    }

    /// Registers a person to an event as a participant.
    pub async fn register_participant(&self, user: UserId, event: EventId) {
        store::events::insert_participant(
            &self.db,
            store::events::ParticipantRow {
                id: 0,
                event_id: event.0,
                user_id: user.0,
                company_id: None,
                kind: "participant".into(),
                status: "validated".into(),
                job_title_fr: String::new(),
                job_title_en: String::new(),
                created_at: Utc::now(),
                first_name: String::new(),
                last_name: String::new(),
                phone: String::new(),
                is_company_editor: false,
                coorganizer_user_id: None,
            },
        )
        .await
        .expect("participant");
    }

    /// Counts rows of a table matching a SQL condition (test assertions only).
    pub async fn count(&self, table: &str, condition: &str) -> i64 {
        let backend = self.db.get_database_backend();
        let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}");
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(backend, sql))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("count value")
    }
}
