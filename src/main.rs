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
    /// Preview a pack file's questions, and who answers return to, before adding it.
    Show { file: PathBuf },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
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
struct ExportArgs {
    /// The reflections to export (see `reflect list`), one document for all of them.
    #[arg(
        required_unless_present = "all",
        conflicts_with = "all",
        value_name = "ID"
    )]
    ids: Vec<String>,
    /// Export the whole journal (JSON only), for a backup or a new computer.
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum)]
    format: Format,
    /// Only these question ids, comma-separated (default: every answered question).
    #[arg(long, value_name = "QID,QID")]
    only: Option<Vec<String>>,
    /// Your name or initials, for the therapist (not kept anywhere).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Encrypt for this age public key (age1...): only its owner can open the file.
    /// By default, the key the pack's "return_to" names, if any.
    #[arg(long, value_name = "AGE_RECIPIENT", conflicts_with = "no_encrypt")]
    to: Option<String>,
    /// Write a plain file even when the pack names who answers return to.
    #[arg(long)]
    no_encrypt: bool,
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
    Html,
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
        Some(Command::Packs(PacksCommand::Validate { files })) => {
            cli::share::packs_validate(&files)
        }
        Some(Command::Packs(PacksCommand::Add { file, replace })) => {
            cli::share::packs_add(&dir, &file, replace)
        }
        Some(Command::Packs(PacksCommand::Show { file })) => cli::share::packs_show(&file),
        Some(Command::Keys(KeysCommand::New { output, force })) => {
            cli::share::keys_new(output.as_deref(), force)
        }
        Some(Command::Packs(PacksCommand::Remove { id })) => cli::packs_remove(&dir, &id),
        Some(Command::List(j)) => cli::list(&dir, j.json, &secrets),
        Some(Command::Show { id, json }) => cli::show(&dir, &id, json, &secrets),
        Some(Command::Export(a)) => {
            let format = match a.format {
                Format::Md => reflect::export::Format::Markdown,
                Format::Txt => reflect::export::Format::Text,
                Format::Json => reflect::export::Format::Json,
                Format::Html => reflect::export::Format::Html,
            };
            let req = cli::share::ExportRequest {
                ids: a.ids,
                all: a.all,
                format: Some(format),
                only: a.only,
                output: a.output,
                force: a.force,
                name: a.name,
                to: a.to,
                no_encrypt: a.no_encrypt,
            };
            cli::share::export(&dir, req, &secrets)
        }
        Some(Command::Import {
            file,
            identity,
            replace,
        }) => cli::share::import(&dir, &file, identity.as_deref(), replace, &secrets),
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
