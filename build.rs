//! Compiles every built-in pack and card under `prompts/` into the binary.
//!
//! Adding a JSON file to `prompts/packs` or `prompts/cards` is enough: this
//! script lists them (sorted, so the order is stable) with `include_str!`.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn list(dir: &str) -> Vec<String> {
    println!("cargo:rerun-if-changed={dir}");
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let mut out = String::new();
    for (konst, dir) in [("PACKS", "prompts/packs"), ("CARDS", "prompts/cards")] {
        let names = list(dir);
        let _ = writeln!(out, "pub static {konst}: &[(&str, &str)] = &[");
        for n in names {
            let path = Path::new(&root).join(dir).join(&n);
            println!("cargo:rerun-if-changed={}", path.display());
            let _ = writeln!(
                out,
                "    ({:?}, include_str!({:?})),",
                n,
                path.display().to_string()
            );
        }
        let _ = writeln!(out, "];");
    }
    println!("cargo:rerun-if-changed=prompts/themes.json");
    let dest = Path::new(&env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("builtin.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
