//! The commands that make no request: `url` (one URL, or with `--jsonl` one per line of JSON
//! options on stdin), `auth-params` and `phash`.

use std::io::{self, BufRead, BufWriter, Write};

use clap::Args;
use imagekit::{ImageKit, Transform, TransformationPosition, UrlOptions, Value};

use crate::config;
use crate::output::{print, print_json, CmdResult};
use crate::text::safe;

#[derive(Args)]
pub(crate) struct UrlArgs {
    /// A path under the endpoint, or a complete http(s) URL.
    #[arg(required_unless_present = "jsonl")]
    path_or_src: Option<String>,
    #[command(flatten)]
    flags: UrlFlags,
    /// Read JSON options (the official SDKs' snake_case form, with `now`) from stdin, one object a line,
    /// and print one URL or `error: …` line for each.
    #[arg(long, conflicts_with_all = ["path_or_src", "tr", "query", "signed", "expire", "params"])]
    jsonl: bool,
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

/// The longest input line `url --jsonl` reads: a longer one is answered with an error line and
/// skipped, so no input can grow the process without bound.
const MAX_LINE: usize = 1 << 20;

/// `url`: the URL, as text or with `--json` as a JSON string; with `--jsonl` one per input line.
pub(crate) fn url(ik: &ImageKit, args: &UrlArgs, json: bool) -> CmdResult {
    if args.jsonl {
        return match url_lines(ik, io::stdin().lock(), io::stdout().lock()) {
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

/// One output line per input line: the URL, or `error: …` (never a line break inside).
fn url_lines(ik: &ImageKit, mut input: impl BufRead, output: impl Write) -> io::Result<()> {
    let mut out = BufWriter::new(output);
    let mut line = Vec::new();
    while let Some(fits) = next_line(&mut input, &mut line, MAX_LINE)? {
        if fits {
            writeln!(out, "{}", answer(ik, &line))?;
        } else {
            writeln!(out, "error: the line is longer than {MAX_LINE} bytes")?;
        }
    }
    out.flush()
}

/// The output line for one input line.
fn answer(ik: &ImageKit, line: &[u8]) -> String {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // Bytes, not `lines()`: a line that is not UTF-8 gets its error line instead of ending the
    // batch.
    let Ok(line) = std::str::from_utf8(line) else {
        return "error: the line is not UTF-8".into();
    };
    match ik.url_from_json_str(line) {
        Ok(url) if url.contains(char::is_control) => {
            "error: the URL would hold a control character (from url_endpoint or src)".into()
        }
        Ok(url) => url,
        Err(e) => format!("error: {}", safe(&e.to_string())),
    }
}

/// Reads the next line of `input` (without its `\n`) into `line`, keeping at most `cap` bytes:
/// `None` at the end of the input, `Some(false)` for a longer line, whose rest is skipped.
fn next_line(input: &mut impl BufRead, line: &mut Vec<u8>, cap: usize) -> io::Result<Option<bool>> {
    line.clear();
    let (mut fits, mut any) = (true, false);
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(any.then_some(fits));
        }
        any = true;
        let end = buf.iter().position(|&b| b == b'\n');
        let part = &buf[..end.unwrap_or(buf.len())];
        if fits && line.len() + part.len() <= cap {
            line.extend_from_slice(part);
        } else {
            fits = false;
            line.clear();
        }
        let used = end.map_or(buf.len(), |i| i + 1);
        input.consume(used);
        if end.is_some() {
            return Ok(Some(fits));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: usize) -> Vec<Option<String>> {
        let mut input = io::BufReader::with_capacity(4, input);
        let mut line = Vec::new();
        let mut out = Vec::new();
        while let Some(fits) = next_line(&mut input, &mut line, cap).unwrap() {
            out.push(fits.then(|| String::from_utf8(line.clone()).unwrap()));
        }
        out
    }

    #[test]
    fn lines_longer_than_the_cap_are_skipped_whole_and_the_rest_read_on() {
        let read = lines(b"short\nfar too long a line\n\nlast", 8);
        assert_eq!(
            read,
            [
                Some("short".into()),
                None,
                Some(String::new()),
                Some("last".into())
            ]
        );
        assert_eq!(lines(b"", 8), Vec::<Option<String>>::new());
        assert_eq!(lines(b"exactly8\n", 8), [Some("exactly8".into())]);
    }
}
