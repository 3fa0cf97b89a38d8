//! The commands that make no request: `url` (one URL, or with `--jsonl` one per line of JSON
//! options on stdin), `auth-params` and `phash`.

use std::io::{self, BufWriter};

use clap::Args;
use imagekit::{ImageKit, Transform, TransformationPosition, UrlOptions, Value};

mod jsonl;

use crate::config;
use crate::output::{print, print_json, CmdResult};

#[derive(Args)]
pub(crate) struct UrlArgs {
    /// A path under the endpoint, or a complete http(s) URL.
    #[arg(required_unless_present = "jsonl", conflicts_with = "jobs")]
    path_or_src: Option<String>,
    #[command(flatten)]
    flags: UrlFlags,
    /// Read JSON options (the official SDKs' snake_case form, with `now`) from stdin, one object a line,
    /// and print one URL or `error: …` line for each.
    #[arg(long, conflicts_with_all = ["path_or_src", "tr", "query", "signed", "expire", "params"])]
    jsonl: bool,
    /// With --jsonl: how many threads build URLs (the input's order is kept); by default one
    /// per CPU.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256), value_name = "N")]
    jobs: Option<u16>,
}

/// How a URL is built beside its path: what `url` and `responsive` share.
#[derive(Args)]
pub(crate) struct UrlFlags {
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
}

impl UrlFlags {
    /// Calls `build` with the options of `target` (a path, or a complete URL: a scheme in any
    /// case, `HTTP://…` read as `http://…`, as `upload` reads it) and these flags.
    pub(crate) fn with_options<R>(
        &self,
        target: &str,
        build: impl FnOnce(&UrlOptions<'_>) -> Result<R, imagekit::Error>,
    ) -> Result<R, String> {
        let steps: Vec<Transform<'_>> = self
            .tr
            .iter()
            .flat_map(|tr| tr.split(':'))
            .map(Transform::Raw)
            .collect();
        let steps: Vec<&[Transform<'_>]> = steps.iter().map(std::slice::from_ref).collect();
        let params = self
            .params
            .iter()
            .map(|p| {
                p.split_once('=')
                    .map(|(name, value)| (name, Value::Str(value)))
                    .ok_or_else(|| format!("--param {p:?} is not NAME=VALUE"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let src = config::http_url(target);
        let opts = match &src {
            Some(src) => UrlOptions::src(src),
            None => UrlOptions::path(target),
        };
        let opts = opts
            .transformation(&steps[..])
            .position(if self.query {
                TransformationPosition::Query
            } else {
                TransformationPosition::Path
            })
            .query_parameters(&params)
            .signed(self.signed)
            .expire_seconds(self.expire.unwrap_or(0));
        build(&opts).map_err(|e| e.to_string())
    }
}

/// `url`: the URL, as text or with `--json` as a JSON string; with `--jsonl` one per input line.
pub(crate) fn url(ik: &ImageKit, args: &UrlArgs, json: bool) -> CmdResult {
    if args.jsonl {
        let output = BufWriter::new(io::stdout().lock());
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        let jobs = args.jobs.map_or(cpus, usize::from);
        return match jsonl::url_lines(ik, io::stdin().lock(), output, jobs) {
            // The reader went away (`| head -1`): nothing more to say, as for every command.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            result => result.map_err(|e| format!("reading stdin or writing stdout: {e}").into()),
        };
    }
    let target = args.path_or_src.as_deref().unwrap_or_default();
    let url = args.flags.with_options(target, |opts| ik.url(opts))?;
    if json {
        print_json(&url)
    } else {
        print(&format!("{url}\n"))
    }
}

/// `auth-params`: client-side upload parameters as JSON.
pub(crate) fn auth_params(ik: &ImageKit, token: Option<&str>, expire: Option<u64>) -> CmdResult {
    let params = ik
        .get_authentication_parameters(token, expire)
        .map_err(|e| e.to_string())?;
    print_json(&params)
}

/// `phash`: the Hamming distance of two pHash values.
pub(crate) fn phash(a: &str, b: &str) -> CmdResult {
    let distance = imagekit::phash_distance(a, b).map_err(|e| e.to_string())?;
    print(&format!("{distance}\n"))
}
