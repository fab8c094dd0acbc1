//! The command line as clap parses it. Kept in the library so that the
//! completions, the man page and the tests all use this one definition.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A private, guided self-reflection journal. Everything stays on this machine.
#[derive(Debug, Parser)]
#[command(name = "reflect", version, about, max_term_width = 100)]
pub struct Cli {
    /// Where the journal lives (default: $REFLECT_DATA_DIR, else your platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// For a journal locked with a passphrase: read the passphrase from the first
    /// line of FILE instead of asking at the terminal (for scripts).
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Question packs: list, check, add or remove them.
    #[command(subcommand)]
    Packs(PacksCommand),
    /// List your reflections, newest first.
    List(ListArgs),
    /// Show one reflection with its questions and answers.
    Show {
        /// The reflection's id (see `reflect list`).
        id: String,
        /// Print the reflection as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write chosen answers to a file to share, or the whole journal as a backup.
    Export(ExportArgs),
    /// Bring exported reflections into the journal; never overwrites unless --replace.
    Import {
        /// A file written by `reflect export --format json` (or FILE.age, encrypted for you).
        file: PathBuf,
        /// The secret key file (from `reflect keys new` or age-keygen) that opens FILE.age.
        #[arg(long, value_name = "KEYFILE")]
        identity: Option<PathBuf>,
        /// Update reflections already in the journal with the copies in FILE.
        #[arg(long)]
        replace: bool,
    },
    /// Every answer to one question, newest first, with dates.
    History {
        /// The question's id (see `reflect show ID`).
        #[arg(value_name = "QID")]
        question: String,
        /// Only answers given with this pack (needed when two packs use the id).
        #[arg(long, value_name = "ID")]
        pack: Option<String>,
        /// Only answers in reflections imported from NAME (a client's name or initials).
        #[arg(long, value_name = "NAME")]
        from: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Find reflections holding every word (or "quoted phrase"), newest first.
    Search {
        /// Words to find; case and accents are ignored ("cafe" finds "Café").
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Print one JSON object per line instead of text.
        #[arg(long)]
        json: bool,
        /// Stop after N matches.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        limit: Option<u64>,
    },
    /// Keys for answers that come back encrypted, so only you can read them.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Read text on standard input and show the themes it raises and what might help.
    Themes(JsonFlag),
    /// List the educational cards, or print one.
    Learn {
        /// A card id or a theme id.
        topic: Option<String>,
    },
    /// Reflect line by line on standard input and output, without the full-screen interface.
    Plain {
        /// The pack to reflect with (default: ask-yourself).
        #[arg(long, value_name = "ID")]
        pack: Option<String>,
    },
    /// Lock your journal with a passphrase (every reflection is encrypted with age).
    Encrypt,
    /// Remove the passphrase for good (every reflection is decrypted back to plain JSON).
    Decrypt,
    /// Change the passphrase of a locked journal.
    Passphrase {
        /// Read the new passphrase from the first line of FILE instead of asking twice.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Print a shell completion script: `reflect completions bash > ~/.local/share/bash-completion/completions/reflect`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `reflect man > ~/.local/share/man/man1/reflect.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Only reflections imported from NAME (the client's name or initials, or the file's name).
    #[arg(long, value_name = "NAME")]
    pub from: Option<String>,
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PacksCommand {
    /// List built-in and imported packs.
    List(JsonFlag),
    /// Check pack files; prints FILE:LINE:COL: message for each problem.
    Validate {
        /// One or more pack files (JSON) to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Check a pack file, then import it into the journal.
    Add {
        /// The pack file (JSON) to check and import.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace an imported pack that has the same id.
        #[arg(long)]
        replace: bool,
    },
    /// Remove an imported pack (reflections made with it stay readable).
    Remove {
        /// The id of an imported pack (see `reflect packs list`).
        id: String,
    },
    /// Preview a pack file's questions, and who answers return to, before adding it.
    Show {
        /// The pack file (JSON) to preview.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make a key pair: the secret key goes to FILE (private), the public key is printed.
    New {
        /// Where to keep the secret key (written so only you can read it).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it already exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The reflections to export (see `reflect list`), one document for all of them.
    #[arg(
        required_unless_present = "all",
        conflicts_with = "all",
        value_name = "ID"
    )]
    pub ids: Vec<String>,
    /// Export the whole journal (JSON only), for a backup or a new computer.
    #[arg(long)]
    pub all: bool,
    /// The kind of file: md (Markdown), txt (plain text), html (a page to read or print) or json (re-importable).
    #[arg(long, value_enum)]
    pub format: Format,
    /// Only these question ids, comma-separated (default: every answered question).
    #[arg(long, value_name = "QID,QID")]
    pub only: Option<Vec<String>>,
    /// Your name or initials, for the therapist (not kept anywhere).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Encrypt for this age public key (age1...): only its owner can open the file.
    /// By default, the key the pack's "return_to" names, if any.
    #[arg(long, value_name = "AGE_RECIPIENT", conflicts_with = "no_encrypt")]
    pub to: Option<String>,
    /// Write a plain file even when the pack names who answers return to.
    #[arg(long)]
    pub no_encrypt: bool,
    /// Write to this file (created 0600) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it already exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Markdown, readable as it is and in any Markdown viewer.
    Md,
    /// Plain text.
    Txt,
    /// JSON that `reflect import` reads back.
    Json,
    /// A self-contained web page that prints cleanly on A4 and Letter.
    Html,
}
