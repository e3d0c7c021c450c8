//! State shared by every handler.

use metrics_exporter_prometheus::PrometheusHandle;
use services::Settings;
use services::files::FileStore;
use std::sync::Arc;
use store::DatabaseConnection;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// Settings.
    pub settings: Arc<Settings>,
    /// Uploaded and generated files.
    pub files: FileStore,
    /// Renders the metrics for `/metrics`.
    pub metrics: Option<PrometheusHandle>,
}

impl AppState {
    /// Builds the state.
    pub fn new(
        db: DatabaseConnection,
        settings: Settings,
        metrics: Option<PrometheusHandle>,
    ) -> AppState {
        let files = FileStore::in_data_dir(&settings.data_dir);
        AppState {
            db,
            settings: Arc::new(settings),
            files,
            metrics,
        }
    }
}
