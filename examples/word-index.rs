//! Build time and size of the word index (docs/benchmarks.md), one shot:
//!
//! ```sh
//! cargo run --release --example word-index -- DIR [PASSPHRASE]
//! ```
//!
//! Builds it from nothing (every file read), then again with nothing
//! changed (every reflection carried over), and prints both times and the
//! file's size. The journal must not be open elsewhere.

use std::process::ExitCode;
use std::time::Instant;

use age::secrecy::SecretString;
use reflect::journal::Store;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: word-index DIR [PASSPHRASE]");
        return ExitCode::from(2);
    };
    let dir = std::path::Path::new(dir);
    let mut store = match Store::open_write(dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("word-index: {e}");
            return ExitCode::from(1);
        }
    };
    if let Some(p) = args.get(1)
        && let Err(e) = store.unlock(&SecretString::from(p.clone()))
    {
        eprintln!("word-index: {e}");
        return ExitCode::from(1);
    }
    if std::env::var_os("WORD_INDEX_LOAD_ONLY").is_some() {
        // Read it back many times (for a profiler).
        let t = Instant::now();
        for _ in 0..20 {
            let _ = Store::open_read(dir).word_index();
        }
        println!("read back in {:.2?} each", t.elapsed() / 20);
        return ExitCode::SUCCESS;
    }
    let name = if store.encrypted() {
        "words.bin.age"
    } else {
        "words.bin"
    };
    let _ = std::fs::remove_file(dir.join(name));
    let t = Instant::now();
    let built = store.update_word_index();
    let first = t.elapsed();
    let t = Instant::now();
    let _ = store.update_word_index();
    let again = t.elapsed();
    let t = Instant::now();
    let mut fresh = Store::open_read(dir);
    if let Some(p) = args.get(1) {
        let _ = fresh.unlock(&SecretString::from(p.clone()));
    }
    let t_unlocked = t.elapsed();
    let t = Instant::now();
    let loaded = fresh.word_index().is_some();
    let load = t.elapsed();
    println!("read back from disk ({loaded}) in {load:.2?} (after an unlock of {t_unlocked:.2?})");
    let size = std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
    println!(
        "{}: {} reflections indexed; built in {:.2?}, updated with nothing changed in {:.2?}; {} bytes ({:.1} MB)",
        dir.display(),
        built.map_or(0, |i| i.len()),
        first,
        again,
        size,
        size as f64 / 1e6
    );
    ExitCode::SUCCESS
}
