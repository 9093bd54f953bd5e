//! The generated parts of `docs/reference/`: each renders one table from one table of
//! `unipile-core`.

pub mod endpoints;
pub mod errors;
pub mod events;
pub mod providers;
pub mod schema;
