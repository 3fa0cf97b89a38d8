//! `imagekit`: ImageKit.io from the command line.

mod commands;
mod config;
mod interrupt;
mod output;
mod table;
mod text;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use commands::responsive::{self, ResponsiveArgs};
use commands::url::{self, UrlArgs};
use config::Keys;
use output::{CmdResult, Failure};

#[derive(Parser)]
#[command(
    name = "imagekit",
    version,
    about = "ImageKit.io from the command line"
)]
struct Cli {
    #[command(flatten)]
    keys: Keys,
    /// Print the answer as JSON (one document) instead of a table.
    #[arg(long, global = true, help_heading = "Global options")]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the URL of a file, or with --jsonl one URL per line of JSON options on stdin.
    Url(UrlArgs),
    /// Print the attributes of a responsive <img> (src, srcSet, sizes, width) as JSON.
    Responsive(ResponsiveArgs),
    /// Print client-side upload parameters (token, expire, signature) as JSON.
    AuthParams {
        /// Token (default: a fresh UUID).
        #[arg(long)]
        token: Option<String>,
        /// Expiry, unix seconds (default: 30 minutes from now; at most one hour ahead).
        #[arg(long)]
        expire: Option<u64>,
    },
    /// Print the Hamming distance of two pHash values.
    Phash {
        /// First pHash (16 hex digits).
        a: String,
        /// Second pHash (16 hex digits).
        b: String,
    },
    #[command(flatten)]
    Api(commands::ApiCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Api(command) => commands::run(command, &cli.keys, cli.json),
        command => run(command, &cli.keys, cli.json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Error(message)) => {
            // The message may hold the server's text (an API error): shown escaped, and cut.
            eprintln!("error: {}", text::safe(&message));
            ExitCode::FAILURE
        }
        Err(Failure::Interrupted(message)) => {
            // It may name a job or purge id from the server: shown escaped too.
            eprintln!("error: interrupted: {}", text::safe(&message));
            // What a shell reports for a process that SIGINT ended (128 + 2), for SIGTERM too.
            ExitCode::from(130)
        }
    }
}

/// The commands that make no request: `url`, `auth-params`, `phash`, each with a client of
/// only the settings it reads.
fn run(command: Command, keys: &Keys, json: bool) -> CmdResult {
    match command {
        Command::Url(args) => url::url(&config::url_client(keys)?, &args, json),
        Command::Responsive(args) => responsive::responsive(&config::url_client(keys)?, &args),
        Command::AuthParams { token, expire } => {
            url::auth_params(&config::key_client(keys)?, token.as_deref(), expire)
        }
        Command::Phash { a, b } => url::phash(&a, &b),
        Command::Api(_) => unreachable!("API commands run in commands::run"),
    }
}
