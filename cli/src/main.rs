//! `imagekit`: ImageKit.io from the command line.

mod commands;
mod config;
mod output;
mod table;

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use config::Keys;
use imagekit::{ImageKit, Transform, TransformationPosition, UrlOptions, Value};

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

#[derive(Args)]
struct UrlArgs {
    /// A path under the endpoint, or a complete http(s) URL.
    #[arg(required_unless_present = "jsonl")]
    path_or_src: Option<String>,
    /// Transformation as ImageKit writes it: entries joined with `,`, steps with `:`.
    #[arg(long)]
    tr: Option<String>,
    /// Put the transformation in the query (`?tr=`) instead of the path.
    #[arg(long)]
    query: bool,
    /// Sign the URL (needs the private key).
    #[arg(long)]
    signed: bool,
    /// With --signed: the URL expires this many seconds from now.
    #[arg(long, requires = "signed")]
    expire: Option<u64>,
    /// A query parameter `name=value`; repeat for more.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Read JSON options (url.md's snake_case form, with `now`) from stdin, one object a line,
    /// and print one URL or `error: …` line for each.
    #[arg(long, conflicts_with_all = ["path_or_src", "tr", "query", "signed", "expire", "params"])]
    jsonl: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Api(command) => commands::run(command, &cli.keys, cli.json),
        command => run(command, &cli.keys, cli.json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The commands that make no request: `url`, `auth-params`, `phash`.
fn run(command: Command, keys: &Keys, json: bool) -> Result<(), String> {
    let ik = config::client(keys)?;
    match command {
        Command::Url(args) if args.jsonl => url_lines(&ik, io::stdin().lock(), io::stdout().lock())
            .map_err(|e| format!("reading stdin or writing stdout: {e}")),
        Command::Url(args) => {
            let url = url_once(&ik, &args)?;
            if json {
                println!("{}", serde_json::Value::String(url));
            } else {
                println!("{url}");
            }
            Ok(())
        }
        Command::AuthParams { token, expire } => {
            let params = ik
                .get_authentication_parameters(token.as_deref(), expire)
                .map_err(|e| e.to_string())?;
            println!(
                "{}",
                serde_json::to_string(&params).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        Command::Phash { a, b } => {
            println!(
                "{}",
                imagekit::phash_distance(&a, &b).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        Command::Api(_) => unreachable!("API commands run in commands::run"),
    }
}

fn url_once(ik: &ImageKit, args: &UrlArgs) -> Result<String, String> {
    let target = args.path_or_src.as_deref().unwrap_or_default();
    let steps: Vec<Transform<'_>> = args
        .tr
        .iter()
        .flat_map(|tr| tr.split(':'))
        .map(Transform::Raw)
        .collect();
    let steps: Vec<&[Transform<'_>]> = steps.iter().map(std::slice::from_ref).collect();
    let params = args
        .params
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(name, value)| (name, Value::Str(value)))
                .ok_or_else(|| format!("--param {p:?} is not NAME=VALUE"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let opts = if target.starts_with("http://") || target.starts_with("https://") {
        UrlOptions::src(target)
    } else {
        UrlOptions::path(target)
    };
    let opts = opts
        .transformation(&steps[..])
        .position(if args.query {
            TransformationPosition::Query
        } else {
            TransformationPosition::Path
        })
        .query_parameters(&params)
        .signed(args.signed)
        .expire_seconds(args.expire.unwrap_or(0));
    ik.url(&opts).map_err(|e| e.to_string())
}

/// One output line per input line: the URL, or `error: …`.
fn url_lines(ik: &ImageKit, input: impl BufRead, output: impl Write) -> io::Result<()> {
    let mut out = BufWriter::new(output);
    // Split on bytes, not `lines()`: a line that is not UTF-8 gets its `error:` line instead of
    // ending the batch.
    for line in input.split(b'\n') {
        let mut line = line?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let Ok(line) = String::from_utf8(line) else {
            writeln!(out, "error: the line is not UTF-8")?;
            continue;
        };
        match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(opts) => match ik.url_from_json(&opts) {
                Ok(url) => writeln!(out, "{url}")?,
                Err(e) => writeln!(out, "error: {e}")?,
            },
            Err(e) => writeln!(out, "error: the line is not JSON: {e}")?,
        }
    }
    out.flush()
}
