//! The one `agora` binary: the web platform, its worker and its administration commands.

use anyhow::Context;
use clap::{Parser, Subcommand};
use services::Settings;
use services::config::LogFormat;
use std::path::PathBuf;
use tokio::sync::watch;

/// Agora: an open platform for business-meeting events.
///
/// Without a command, starts the try-it mode: a demo database with a sample event, on
/// http://127.0.0.1:8080, and prints the demo logins.
#[derive(Parser)]
#[command(name = "agora", version, about, long_about)]
struct Cli {
    /// Settings file (TOML); `AGORA_*` environment variables override it.
    #[arg(long, global = true, default_value = "agora.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the platform (web server and, unless disabled, the background worker).
    /// On a new database, prints a one-time link (valid one hour) to create the first
    /// principal administrator.
    Serve,
    /// Run only the background worker (outbox delivery, housekeeping), for scaled-out sites.
    Worker,
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo event into the configured database.
    Demo {
        /// Also build a large generated event with this many validated companies (about two
        /// offers or requests and two people each), slug `grand-forum-N`; for benchmarks.
        #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
        companies: Option<usize>,
    },
    /// Manage accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Solve or check meeting-scheduling problems (JSON format of the scheduler spec).
    Schedule {
        #[command(subcommand)]
        command: ScheduleCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account and print a one-hour link where its owner chooses a password.
    Create {
        /// Email address of the account.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long, default_value = "")]
        name: String,
        /// Make the account a principal administrator (every right on every event).
        #[arg(long)]
        principal: bool,
    },
}

#[derive(Subcommand)]
enum ScheduleCommand {
    /// Solve a problem file and write the solution file.
    Solve {
        /// Problem JSON.
        #[arg(long)]
        input: PathBuf,
        /// Where to write the solution JSON.
        #[arg(long)]
        output: PathBuf,
        /// Solver time budget in milliseconds (overrides the file's option).
        #[arg(long)]
        time_limit_ms: Option<u64>,
        /// Random seed (overrides the file's option).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Check a solution against its problem; exits with status 1 on any violation.
    Check {
        /// Problem JSON.
        problem: PathBuf,
        /// Solution JSON.
        solution: PathBuf,
    },
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("AGORA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // One TLS provider for the whole process (SMTP); ignore "already installed".
    let _ = rustls::crypto::ring::default_provider().install_default();
    let settings =
        Settings::load(Some(&cli.config)).map_err(|e| anyhow::anyhow!("settings: {e}"))?;
    if let Some(Command::Schedule { command }) = &cli.command {
        return schedule(command);
    }
    init_logging(settings.log_format);
    match cli.command {
        None => try_it(settings).await,
        Some(Command::Serve) => serve(settings, false).await,
        Some(Command::Worker) => worker_only(settings).await,
        Some(Command::Migrate) => {
            open_database(&settings).await?;
            println!("Migrations applied.");
            Ok(())
        }
        Some(Command::Demo { companies }) => {
            let db = open_database(&settings).await?;
            print_logins(&services::demo::load_demo(&db).await?);
            if let Some(companies) = companies {
                large_demo(&db, &settings, companies).await?;
            }
            Ok(())
        }
        Some(Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    name,
                    principal,
                },
        }) => {
            let db = open_database(&settings).await?;
            let link =
                services::auth::create_account_with_link(&db, &email, &name, principal, &settings)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Account ready. Password link (valid one hour):\n  {link}");
            Ok(())
        }
        Some(Command::Schedule { .. }) => Ok(()),
    }
}

fn schedule(command: &ScheduleCommand) -> anyhow::Result<()> {
    let result = match command {
        ScheduleCommand::Solve {
            input,
            output,
            time_limit_ms,
            seed,
        } => scheduler::cli::solve_files(input, output, *time_limit_ms, *seed),
        ScheduleCommand::Check { problem, solution } => {
            scheduler::cli::check_files(problem, solution)
        }
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            Ok(())
        }
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(1);
        }
    }
}

async fn open_database(settings: &Settings) -> anyhow::Result<store::DatabaseConnection> {
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("creating {}", settings.data_dir.display()))?;
    let url = settings.effective_database_url();
    let db = store::connect(&url)
        .await
        .with_context(|| format!("connecting to {}", services::config::redact_url(&url)))?;
    store::migrate(&db).await.context("applying migrations")?;
    Ok(db)
}

/// Builds (or finds) the large generated event and says where its catalogue is.
async fn large_demo(
    db: &store::DatabaseConnection,
    settings: &Settings,
    companies: usize,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let large = services::demo::generate::generate(db, companies)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let verb = if large.created {
        "Generated"
    } else {
        "Already there:"
    };
    println!(
        "{verb} {} companies, {} offers and requests, {} people in {:.1} s.\n  Catalogue: {}/{}/participants",
        large.companies,
        large.offers,
        large.people,
        started.elapsed().as_secs_f64(),
        settings.base_url(),
        large.slug
    );
    Ok(())
}

fn print_logins(logins: &[services::demo::DemoLogin]) {
    println!("Demo logins:");
    for login in logins {
        println!(
            "  {:<20} {:<45} {}",
            login.role, login.email, login.password
        );
    }
}

/// The try-it mode: a separate demo database, the demo event, printed logins.
async fn try_it(mut settings: Settings) -> anyhow::Result<()> {
    // Always a separate SQLite file: the try-it mode must never write demo data into a
    // configured (possibly production) database; `agora demo` does that on purpose.
    settings.database_url = Some(format!(
        "sqlite://{}?mode=rwc",
        settings.data_dir.join("demo.db").display()
    ));
    let db = open_database(&settings).await?;
    let logins = services::demo::load_demo(&db).await?;
    println!();
    println!(
        "Agora (try-it mode, demo database) — {}",
        settings.base_url()
    );
    print_logins(&logins);
    println!("Emails (password resets, invitations) appear in Administration › Outgoing messages.");
    println!();
    run(settings, db).await
}

async fn serve(settings: Settings, _demo: bool) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    if let Some(link) = services::auth::first_setup_link(&db, &settings).await? {
        println!(
            "No administrator yet. Create the first principal administrator here (link valid one hour):\n  {link}"
        );
    }
    println!("Agora listening on {}", settings.base_url());
    run(settings, db).await
}

/// Loads the printed documents' extra fonts in the background and says what was found.
fn load_fonts(settings: &Settings) {
    let settings = settings.clone();
    tokio::task::spawn_blocking(move || {
        let families = services::event_day::load_fonts(&settings);
        if families.is_empty() {
            tracing::warn!(
                "no extra font found ({:?}): Chinese, Japanese and Korean names print as boxes \
                 on badges and documents; install Debian's fonts-noto-cjk or set extra_fonts",
                settings.extra_fonts
            );
        } else {
            tracing::info!(?families, "extra fonts for printed documents");
        }
    });
}

async fn run(settings: Settings, db: store::DatabaseConnection) -> anyhow::Result<()> {
    load_fonts(&settings);
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("binding {}", settings.listen))?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let worker = settings
        .embedded_worker
        .then(|| tokio::spawn(worker::run(db.clone(), settings.clone(), stop_rx.clone())));
    let state = web::AppState::new(db, settings, web::metrics_handle());
    let shutdown = async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    };
    web::serve(state, listener, shutdown).await?;
    if let Some(worker) = worker {
        let _ = worker.await;
    }
    tracing::info!("stopped");
    Ok(())
}

async fn worker_only(settings: Settings) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    load_fonts(&settings);
    let (stop_tx, stop_rx) = watch::channel(false);
    let handle = tokio::spawn(worker::run(db, settings, stop_rx));
    shutdown_signal().await;
    let _ = stop_tx.send(true);
    let _ = handle.await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
}
