//! The documents crate's tests in one binary (one link of typst instead of one per file).

mod badges;
mod common;
mod papers;
