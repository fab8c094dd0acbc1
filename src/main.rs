//! A minimal entry point for the terminal interface (the full command line
//! lives in cli.rs, merged separately): `reflect [--data-dir DIR]`.

use std::path::PathBuf;
use std::process::ExitCode;

use reflect::journal::{Store, StoreError};

fn data_dir() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
    }
    if let Some(d) = std::env::var_os("REFLECT_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "reflect").map(|p| p.data_dir().to_path_buf())
}

fn main() -> ExitCode {
    let Some(dir) = data_dir() else {
        eprintln!("reflect: no place for the journal was found; pass --data-dir DIR.");
        return ExitCode::from(2);
    };
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let first_run = Store::is_first_run(&dir);
    let store = match Store::open_write(&dir) {
        Ok(s) => s,
        Err(StoreError::Locked { .. }) => {
            eprintln!(
                "reflect: your journal is open in another reflect window; close that one first."
            );
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("reflect: {e}.");
            return ExitCode::from(1);
        }
    };
    match reflect::tui::run(store, first_run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("reflect: {e}");
            ExitCode::from(1)
        }
    }
}
