//! Writes a realistic journal for benchmarks, through the project's own store,
//! so the files are exactly what the app writes.
//!
//! ```sh
//! cargo run --release --example gen-journal -- --dir /tmp/j10k --reflections 10000
//! ```
//!
//! See `reflect::journal::sample` for what the journal holds; the same
//! `--seed` gives the same journal.

use std::path::PathBuf;
use std::process::ExitCode;

use reflect::journal::sample::generate;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        arg(&args, "--dir"),
        arg(&args, "--reflections").and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen-journal --dir DIR --reflections N [--seed S]");
        return ExitCode::from(2);
    };
    let seed = arg(&args, "--seed")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64);
    match generate(&PathBuf::from(dir), n, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-journal: {e}");
            ExitCode::from(1)
        }
    }
}
