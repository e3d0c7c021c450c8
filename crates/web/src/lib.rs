//! Agora's web edge: axum routers (one folder per feature), request context, security
//! middleware, server-rendered templates and the one `AppError`.

pub mod context;
pub mod cookies;
pub mod error;
pub mod features;
pub mod middleware;
pub mod render;
pub mod state;
pub mod uploads;

pub use state::AppState;

use axum::Router;

/// The whole application's router with every middleware in place.
pub fn app(state: AppState) -> Router {
    let routes = features::routes();
    middleware::wrap(routes, state)
}

/// The process-wide Prometheus recorder (installed once; later calls reuse it).
pub fn metrics_handle() -> Option<metrics_exporter_prometheus::PrometheusHandle> {
    use std::sync::OnceLock;
    static HANDLE: OnceLock<Option<metrics_exporter_prometheus::PrometheusHandle>> =
        OnceLock::new();
    HANDLE
        .get_or_init(|| {
            metrics_exporter_prometheus::PrometheusBuilder::new()
                .install_recorder()
                .ok()
        })
        .clone()
}

/// Serves the application on a bound listener until `shutdown` resolves, letting requests
/// in flight finish (graceful shutdown).
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
