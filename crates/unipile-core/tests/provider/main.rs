//! The providers: id rules, normalization, the registry.

mod docs;
mod ids;
mod linkedin;
mod registry;
mod support;
