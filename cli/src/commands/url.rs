//! The commands that make no request: `url` (one URL, or with `--jsonl` one per line of JSON
//! options on stdin), `auth-params` and `phash`.

use std::io::{self, BufRead, BufWriter, Write};

use clap::Args;
use imagekit::{ImageKit, Transform, TransformationPosition, UrlOptions, Value};

use crate::output::CmdResult;

#[derive(Args)]
pub(crate) struct UrlArgs {
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
    /// Read JSON options (the official SDKs' snake_case form, with `now`) from stdin, one object a line,
    /// and print one URL or `error: …` line for each.
    #[arg(long, conflicts_with_all = ["path_or_src", "tr", "query", "signed", "expire", "params"])]
    jsonl: bool,
}

/// `url`: the URL, as text or with `--json` as a JSON string; with `--jsonl` one per input line.
pub(crate) fn url(ik: &ImageKit, args: &UrlArgs, json: bool) -> CmdResult {
    if args.jsonl {
        return url_lines(ik, io::stdin().lock(), io::stdout().lock())
            .map_err(|e| format!("reading stdin or writing stdout: {e}"));
    }
    let url = url_once(ik, args)?;
    if json {
        println!("{}", serde_json::Value::String(url));
    } else {
        println!("{url}");
    }
    Ok(())
}

/// `auth-params`: client-side upload parameters as JSON.
pub(crate) fn auth_params(ik: &ImageKit, token: Option<&str>, expire: Option<u64>) -> CmdResult {
    let params = ik
        .get_authentication_parameters(token, expire)
        .map_err(|e| e.to_string())?;
    println!(
        "{}",
        serde_json::to_string(&params).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// `phash`: the Hamming distance of two pHash values.
pub(crate) fn phash(a: &str, b: &str) -> CmdResult {
    println!(
        "{}",
        imagekit::phash_distance(a, b).map_err(|e| e.to_string())?
    );
    Ok(())
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
