//! Reflections on disk: the types, and the store that keeps them safe.

pub mod reflection;
pub mod store;

pub use reflection::{Entry, PackRef, Reflection, Summary, REFLECTION_SCHEMA};
pub use store::{LoadProblem, Listing, Store, StoreError};
