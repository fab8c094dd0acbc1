//! Reflections on disk: the types, and the store that keeps them safe.

pub mod crypt;
mod fold;
pub mod history;
pub mod reflection;
pub mod sample;
pub mod search;
pub mod store;
mod stream;
pub mod warmup;

pub use reflection::{Entry, PackRef, REFLECTION_SCHEMA, Reflection, Summary};
pub use store::{Converted, Listing, LoadProblem, Step, Store, StoreError};
