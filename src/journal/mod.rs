//! Reflections on disk: the types, and the store that keeps them safe.

mod convert;
pub mod crypt;
mod drafts;
pub mod files;
mod find;
mod fold;
pub mod history;
mod index;
mod open;
mod packs;
pub mod reflection;
pub mod sample;
pub mod search;
mod settings;
pub mod store;
mod stream;
pub mod warmup;
mod words;

pub use reflection::{Entry, PackRef, REFLECTION_SCHEMA, Reflection, ScaleAsked, Summary};
pub use settings::EXPORT_FOLDER;
pub use store::{Converted, Listing, LoadProblem, Step, Store, StoreError, StoreNotice};
pub use words::WordIndex;
