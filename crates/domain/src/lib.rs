//! Agora's domain: typed identifiers, values parsed at the edge, permissions and rules.
//!
//! Nothing here does I/O; every other crate depends on these types so that a raw string or
//! integer never travels far from the place where it entered the system.

pub mod badge;
pub mod countries;
pub mod ids;
pub mod locale;
pub mod meeting;
pub mod password;
pub mod permission;
pub mod values;
pub mod vat;

pub use ids::*;
pub use locale::Locale;
pub use permission::{Permission, PermissionSet};
pub use values::*;
