//! `reflect`: parse the command line and hand off to the CLI or the TUI.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use reflect::cli;

/// A private, guided self-reflection journal. Everything stays on this machine.
#[derive(Debug, Parser)]
#[command(name = "reflect", version, about, max_term_width = 100)]
struct Cli {
    /// Where the journal lives (default: $REFLECT_DATA_DIR, else your platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// For a journal locked with a passphrase: read the passphrase from the first
    /// line of FILE instead of asking at the terminal (for scripts).
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Question packs: list, check, add or remove them.
    #[command(subcommand)]
    Packs(PacksCommand),
    /// List your reflections, newest first.
    List(JsonFlag),
    /// Show one reflection with its questions and answers.
    Show {
        /// The reflection's id (see `reflect list`).
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write chosen answers to a file to share, or the whole journal as a backup.
    Export(ExportArgs),
    /// Bring exported reflections back into the journal; never overwrites.
    Import {
        /// A file written by `reflect export --format json`.
        file: PathBuf,
    },
    /// Every answer to one question, newest first, with dates.
    History {
        /// The question's id (see `reflect show ID`).
        #[arg(value_name = "QID")]
        question: String,
        /// Only answers given with this pack (needed when two packs use the id).
        #[arg(long, value_name = "ID")]
        pack: Option<String>,
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
}

#[derive(Debug, Args)]
struct JsonFlag {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum PacksCommand {
    /// List built-in and imported packs.
    List(JsonFlag),
    /// Check pack files; prints FILE:LINE:COL: message for each problem.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check a pack file, then import it into the journal.
    Add {
        file: PathBuf,
        /// Replace an imported pack that has the same id.
        #[arg(long)]
        replace: bool,
    },
    /// Remove an imported pack (reflections made with it stay readable).
    Remove { id: String },
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// The reflection to export (see `reflect list`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    id: Option<String>,
    /// Export the whole journal (JSON only), for a backup or a new computer.
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum)]
    format: Format,
    /// Only these question ids, comma-separated (default: every answered question).
    #[arg(long, value_delimiter = ',', value_name = "QID,QID")]
    only: Option<Vec<String>>,
    /// Write to this file (created 0600) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it already exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Md,
    Txt,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let dir = match cli::data_dir(cli.data_dir) {
        Ok(d) => d,
        Err(e) => return e.report(),
    };
    let secrets = cli::Secrets {
        passphrase_file: cli.passphrase_file,
    };
    let result = match cli.command {
        None => cli::tui(&dir, &secrets),
        Some(Command::Packs(PacksCommand::List(j))) => cli::packs_list(&dir, j.json),
        Some(Command::Packs(PacksCommand::Validate { files })) => cli::packs_validate(&files),
        Some(Command::Packs(PacksCommand::Add { file, replace })) => {
            cli::packs_add(&dir, &file, replace)
        }
        Some(Command::Packs(PacksCommand::Remove { id })) => cli::packs_remove(&dir, &id),
        Some(Command::List(j)) => cli::list(&dir, j.json, &secrets),
        Some(Command::Show { id, json }) => cli::show(&dir, &id, json, &secrets),
        Some(Command::Export(a)) => {
            let format = match a.format {
                Format::Md => reflect::export::Format::Markdown,
                Format::Txt => reflect::export::Format::Text,
                Format::Json => reflect::export::Format::Json,
            };
            let req = cli::ExportRequest {
                id: a.id,
                all: a.all,
                format,
                only: a.only,
                output: a.output,
                force: a.force,
            };
            cli::export(&dir, req, &secrets)
        }
        Some(Command::Import { file }) => cli::import(&dir, &file, &secrets),
        Some(Command::History {
            question,
            pack,
            json,
        }) => reflect::history_cli::history(&dir, pack.as_deref(), &question, json, &secrets),
        Some(Command::Search { query, json, limit }) => reflect::search_cli::search(
            &dir,
            &query.join(" "),
            json,
            limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
            &secrets,
        ),
        Some(Command::Themes(j)) => cli::themes(j.json),
        Some(Command::Learn { topic }) => cli::learn(topic.as_deref()),
        Some(Command::Plain { pack }) => cli::plain(&dir, pack.as_deref(), &secrets),
        Some(Command::Encrypt) => cli::encrypt(&dir, &secrets),
        Some(Command::Decrypt) => cli::decrypt(&dir, &secrets),
        Some(Command::Passphrase {
            new_passphrase_file,
        }) => cli::passphrase(&dir, &secrets, new_passphrase_file.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}
