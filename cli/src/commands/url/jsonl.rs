//! `url --jsonl`: one output line per input line of JSON options, the URL or `error: …` (never
//! a line break inside). Lines are read in chunks, which worker threads answer while this thread
//! reads and writes them, in the input's order. At most one chunk per worker is in flight, so
//! memory stays bounded however long the input is.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;

use imagekit::ImageKit;

use crate::text::safe;

/// The longest input line read: a longer one is answered with an error line and skipped, so no
/// input can grow the process without bound.
const MAX_LINE: usize = 1 << 20;

/// A chunk is handed on once it holds this many bytes of lines…
const CHUNK_BYTES: usize = 64 << 10;
/// …or this many lines.
const CHUNK_LINES: usize = 512;

/// Lines read together: their bytes end to end, and where each ends (`None` for a line longer
/// than [`MAX_LINE`], whose bytes are not kept).
#[derive(Default)]
struct Chunk {
    bytes: Vec<u8>,
    ends: Vec<Option<usize>>,
}

impl Chunk {
    /// Reads lines from `input` until the chunk is full or the input ends; a read that fails
    /// gives its error beside the lines read before it, which are still answered.
    fn read(input: &mut impl BufRead) -> (Chunk, Option<io::Error>) {
        let mut chunk = Chunk::default();
        while chunk.bytes.len() < CHUNK_BYTES && chunk.ends.len() < CHUNK_LINES {
            match next_line(input, &mut chunk.bytes, MAX_LINE) {
                Ok(None) => break,
                Ok(Some(fits)) => chunk.ends.push(fits.then_some(chunk.bytes.len())),
                Err(e) => return (chunk, Some(e)),
            }
        }
        (chunk, None)
    }

    /// The output lines, in order.
    fn answer(&self, ik: &ImageKit) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 * self.bytes.len() + 64 * self.ends.len());
        let mut start = 0;
        for end in &self.ends {
            match end {
                Some(end) => {
                    answer(
                        ik,
                        self.bytes.get(start..*end).unwrap_or_default(),
                        &mut out,
                    );
                    start = *end;
                }
                None => {
                    let _ = write!(out, "error: the line is longer than {MAX_LINE} bytes");
                }
            }
            out.push(b'\n');
        }
        out
    }
}

/// Answers the lines of `input` onto `output`: with one job, on this thread; with more, this
/// thread reads and writes while `jobs` worker threads answer.
pub(crate) fn url_lines(
    ik: &ImageKit,
    mut input: impl BufRead,
    mut output: impl Write,
    jobs: usize,
) -> io::Result<()> {
    if jobs <= 1 {
        let failed = loop {
            let (chunk, failed) = Chunk::read(&mut input);
            output.write_all(&chunk.answer(ik))?;
            if chunk.ends.is_empty() || failed.is_some() {
                break failed;
            }
        };
        output.flush()?;
        return failed.map_or(Ok(()), Err);
    }
    thread::scope(|scope| {
        let workers: Vec<(SyncSender<Chunk>, Receiver<Vec<u8>>)> = (0..jobs)
            .map(|_| {
                let (to_worker, chunks) = sync_channel::<Chunk>(1);
                let (answers, from_worker) = sync_channel(1);
                scope.spawn(move || {
                    for chunk in chunks {
                        if answers.send(chunk.answer(ik)).is_err() {
                            break;
                        }
                    }
                });
                (to_worker, from_worker)
            })
            .collect();
        let stopped = || io::Error::other("a worker thread stopped");
        let mut write_answer = |worker: usize| -> io::Result<()> {
            let answer = workers
                .get(worker)
                .map(|(_, from_worker)| from_worker.recv());
            output.write_all(&answer.and_then(Result::ok).ok_or_else(stopped)?)
        };
        // Chunks go to the workers in turn; before a worker gets a new one, its answer to the
        // one before is written. So the answers are written in the input's order, and at most
        // one chunk per worker is in flight.
        let (mut next, mut in_flight) = (0, 0);
        let failed = loop {
            let (chunk, failed) = Chunk::read(&mut input);
            let end = chunk.ends.is_empty();
            if !end {
                if in_flight == jobs {
                    write_answer(next)?;
                    in_flight -= 1;
                }
                let to_worker = workers.get(next).map(|(to_worker, _)| to_worker);
                to_worker
                    .and_then(|to_worker| to_worker.send(chunk).ok())
                    .ok_or_else(stopped)?;
                (next, in_flight) = ((next + 1) % jobs, in_flight + 1);
            }
            if end || failed.is_some() {
                break failed;
            }
        };
        // The oldest chunk in flight went to the worker `in_flight` turns before `next`.
        for turn in (1..=in_flight).rev() {
            write_answer((next + jobs - turn) % jobs)?;
        }
        output.flush()?;
        failed.map_or(Ok(()), Err)
    })
}

/// Appends the output line for one input line (without its `\n`) to `out`.
fn answer(ik: &ImageKit, line: &[u8], out: &mut Vec<u8>) {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // Bytes, not `lines()`: a line that is not UTF-8 gets its error line instead of ending the
    // batch.
    let Ok(line) = std::str::from_utf8(line) else {
        out.extend_from_slice(b"error: the line is not UTF-8");
        return;
    };
    match ik.url_from_json_str(line) {
        Ok(url) if has_control(&url) => out.extend_from_slice(
            b"error: the URL would hold a control character (from url_endpoint or src)",
        ),
        Ok(url) => out.extend_from_slice(url.as_bytes()),
        Err(e) => {
            out.extend_from_slice(b"error: ");
            out.extend_from_slice(safe(&e.to_string()).as_bytes());
        }
    }
}

/// Whether `s` holds a control character (C0, DEL or C1): bytes first, characters only when
/// there are non-ASCII ones (the library percent-encodes them, so this is a guard).
fn has_control(s: &str) -> bool {
    s.bytes().any(|b| b < 0x20 || b == 0x7F) || (!s.is_ascii() && s.contains(char::is_control))
}

/// Appends the next line of `input` (without its `\n`) to `buf`, keeping at most `cap` bytes of
/// it: `None` at the end of the input, `Some(false)` for a longer line, of which nothing is kept
/// and the rest is skipped.
fn next_line(input: &mut impl BufRead, buf: &mut Vec<u8>, cap: usize) -> io::Result<Option<bool>> {
    let start = buf.len();
    let (mut fits, mut any) = (true, false);
    loop {
        let read = match input.fill_buf() {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if read.is_empty() {
            return Ok(any.then_some(fits));
        }
        any = true;
        let end = memchr::memchr(b'\n', read);
        let part = read.get(..end.unwrap_or(read.len())).unwrap_or_default();
        if fits && buf.len() - start + part.len() <= cap {
            buf.extend_from_slice(part);
        } else {
            fits = false;
            buf.truncate(start);
        }
        let used = end.map_or(read.len(), |i| i + 1);
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
        let mut out = Vec::new();
        let mut line = b"kept".to_vec();
        while let Some(fits) = next_line(&mut input, &mut line, cap).unwrap() {
            let read = line.strip_prefix(b"kept").unwrap();
            out.push(fits.then(|| String::from_utf8(read.to_vec()).unwrap()));
            line.truncate(4);
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

    #[test]
    fn every_job_count_answers_every_line_in_order() {
        let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap();
        // Enough lines for many chunks, a line over the cap among them, and no final newline.
        let mut input = String::new();
        for i in 0..3000 {
            input.push_str(&format!("{{\"path\": \"/{i}.jpg\"}}\n"));
            if i == 1500 {
                input.push_str(&"x".repeat(MAX_LINE + 1));
                input.push('\n');
            }
        }
        input.push_str("{\"path\": \"/last.jpg\"}");
        let run = |jobs| {
            let mut out = Vec::new();
            url_lines(&ik, input.as_bytes(), &mut out, jobs).unwrap();
            String::from_utf8(out).unwrap()
        };
        let one = run(1);
        let lines: Vec<&str> = one.lines().collect();
        assert_eq!(lines.len(), 3002);
        assert_eq!(lines[0], "https://ik.imagekit.io/demo/0.jpg");
        assert_eq!(lines[1500], "https://ik.imagekit.io/demo/1500.jpg");
        assert_eq!(lines[1502], "https://ik.imagekit.io/demo/1501.jpg");
        assert_eq!(
            lines[1501],
            format!("error: the line is longer than {MAX_LINE} bytes")
        );
        assert_eq!(lines[3001], "https://ik.imagekit.io/demo/last.jpg");
        for jobs in [2, 3, 8] {
            assert_eq!(run(jobs), one, "{jobs} jobs");
        }
    }

    /// Gives its text, then fails.
    struct FailsAfter<'a>(&'a [u8]);

    impl io::Read for FailsAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("the disk went away"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn lines_read_before_a_failed_read_are_answered_then_it_is_reported() {
        let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap();
        for jobs in [1, 3] {
            let input = io::BufReader::new(FailsAfter(
                b"{\"path\": \"/a.jpg\"}\n{\"path\": \"/b.jpg\"}\n{\"pa",
            ));
            let mut out = Vec::new();
            let err = url_lines(&ik, input, &mut out, jobs).unwrap_err();
            assert_eq!(err.to_string(), "the disk went away");
            assert_eq!(
                String::from_utf8(out).unwrap(),
                "https://ik.imagekit.io/demo/a.jpg\nhttps://ik.imagekit.io/demo/b.jpg\n"
            );
        }
    }

    #[test]
    fn control_characters_are_found_in_bytes_and_characters() {
        for bad in ["a\u{1}b", "a\u{7f}", "\u{85}", "é\u{9f}"] {
            assert!(has_control(bad), "{bad:?}");
        }
        for good in ["https://a.com/x%01", "é日😀", ""] {
            assert!(!has_control(good), "{good:?}");
        }
    }
}
