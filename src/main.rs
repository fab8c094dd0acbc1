//! `reflect`: parse the command line and hand off to the CLI or the TUI.

use std::process::ExitCode;

use clap::Parser;

use reflect::cli;
use reflect::cli::args::{Cli, Command, Format, KeysCommand, PacksCommand};

fn main() -> ExitCode {
    // Before anything is read or decrypted: no core file may hold it.
    reflect::harden::no_core_dumps();
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
        Some(Command::Packs(PacksCommand::Show { file })) => cli::packs_show(&file),
        Some(Command::Keys(KeysCommand::New { output, force })) => {
            cli::keys_new(output.as_deref(), force)
        }
        Some(Command::List(a)) => cli::list(&dir, a.json, a.from.as_deref(), &secrets),
        Some(Command::Show { id, json }) => cli::show(&dir, &id, json, &secrets),
        Some(Command::Export(a)) => {
            let format = match a.format {
                Format::Md => reflect::export::Format::Markdown,
                Format::Txt => reflect::export::Format::Text,
                Format::Json => reflect::export::Format::Json,
                Format::Html => reflect::export::Format::Html,
            };
            let req = cli::ExportRequest {
                ids: a.ids,
                all: a.all,
                format,
                only: a.only,
                output: a.output,
                force: a.force,
                name: a.name,
                to: a.to,
                no_encrypt: a.no_encrypt,
            };
            cli::export(&dir, req, &secrets)
        }
        Some(Command::Import {
            file,
            identity,
            replace,
        }) => cli::import(&dir, &file, identity.as_deref(), replace, &secrets),
        Some(Command::History {
            question,
            pack,
            from,
            json,
        }) => cli::history(
            &dir,
            cli::HistoryRequest {
                pack: pack.as_deref(),
                question: &question,
                from: from.as_deref(),
                json,
            },
            &secrets,
        ),
        Some(Command::Search { query, json, limit }) => cli::search(
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
        Some(Command::Completions { shell }) => cli::completions(shell),
        Some(Command::Man) => cli::man(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}
