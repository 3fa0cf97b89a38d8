//! Upload throughput (issue 10, item 10): a streamed 200 MB file upload through the SDK
//! (`UploadFile` from a file on disk, hyper; isahc with its feature) to a loopback sink, against
//! `curl` sending the same file to the same sink in the same run. Criterion prints each case's
//! MB/s; the goal is the SDK at 0.9 of curl's throughput or better.
//!
//! ```sh
//! cargo bench --bench upload --all-features
//! ```
//!
//! `curl --data-binary @file` is the case asked for; it reads the whole file into memory before
//! sending. `curl -T file` (with `-X POST`) streams it from disk as the SDK does. Both skip with
//! a message when `curl` is not installed. Peak memory of a streamed upload is measured by
//! `.ci/memory` (the CLI under GNU time), not here.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use imagekit::api::upload::{UploadFile, UploadSource};
use imagekit::transport::Transport;
use imagekit::ImageKit;

/// The file uploaded: 200 MB.
const FILE_LEN: u64 = 200_000_000;

/// What the sink answers: an upload result the SDK parses.
const UPLOADED: &str = r#"{"fileId": "f1", "name": "big.bin", "filePath": "/big.bin",
    "url": "https://ik.imagekit.io/demo/big.bin", "size": 200000000, "fileType": "non-image"}"#;

/// A loopback HTTP/1.1 sink on a thread of its own (a thread per connection): reads each
/// request's head and its `Content-Length` bytes of body (discarded, 256 KiB at a time), answers
/// `200` with [`UPLOADED`], and keeps the connection for the next request. Returns its base URL.
fn start_sink() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = serve(stream);
            });
        }
    });
    base
}

fn serve(stream: TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::with_capacity(256 << 10, stream);
    let mut discard = vec![0; 256 << 10];
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut length = 0u64;
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "expect" => writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?,
                "transfer-encoding" => panic!("the sink reads Content-Length bodies only"),
                _ => {}
            }
        }
        let mut left = length;
        while left > 0 {
            let want = discard
                .len()
                .min(usize::try_from(left).unwrap_or(usize::MAX));
            let n = reader.read(&mut discard[..want])?;
            if n == 0 {
                return Ok(());
            }
            left -= n as u64;
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            UPLOADED.len()
        );
        writer.write_all(head.as_bytes())?;
        writer.write_all(UPLOADED.as_bytes())?;
    }
}

/// A 200 MB file of non-zero bytes, written once (then in the page cache, for every case alike).
fn big_file() -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("imagekit-bench-upload-{}.bin", std::process::id()));
    let block: Vec<u8> = (0..1 << 20).map(|i: u32| (i % 251) as u8 + 1).collect();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut left = FILE_LEN as usize;
    while left > 0 {
        let n = left.min(block.len());
        file.write_all(&block[..n]).unwrap();
        left -= n;
    }
    file.flush().unwrap();
    path
}

fn client(base: &str, transport: impl Transport + 'static) -> ImageKit {
    ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
        .with_base_url(base)
        .with_transport(transport)
}

fn curl_installed() -> bool {
    Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs curl with `args` against the sink's upload path; panics unless it got a 2xx.
fn curl(base: &str, args: &[&str]) {
    let url = format!("{base}/api/v1/files/upload");
    let out = Command::new("curl")
        .args(["-sS", "--fail", "-o", "/dev/null", "-H", "Expect:"])
        .args(args)
        .arg(&url)
        .status()
        .unwrap();
    assert!(out.success(), "curl failed: {out}");
}

fn upload(c: &mut Criterion) {
    let path = big_file();
    let base = start_sink();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let op = UploadFile::new(UploadSource::file(&path), "big.bin");

    let mut group = c.benchmark_group("upload");
    group.throughput(Throughput::Bytes(FILE_LEN));
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(15));

    let hyper = client(&base, imagekit::transport::hyper::HyperTransport::new());
    group.bench_function("sdk_hyper_200MB", |b| {
        b.iter(|| {
            let out = runtime.block_on(hyper.upload(&op)).unwrap();
            assert!(out.file().is_some());
        })
    });

    #[cfg(feature = "isahc")]
    {
        let isahc = client(
            &base,
            imagekit::transport::isahc::IsahcTransport::new().unwrap(),
        );
        group.bench_function("sdk_isahc_200MB", |b| {
            b.iter(|| {
                let out = runtime.block_on(isahc.upload(&op)).unwrap();
                assert!(out.file().is_some());
            })
        });
    }

    if curl_installed() {
        let data = format!("@{}", path.display());
        group.bench_function("curl_data_binary_200MB", |b| {
            b.iter(|| curl(&base, &["--data-binary", &data]))
        });
        let file = path.to_str().unwrap();
        group.bench_function("curl_upload_file_200MB", |b| {
            b.iter(|| curl(&base, &["-X", "POST", "-T", file]))
        });
    } else {
        eprintln!("upload: curl is not installed; the curl cases are skipped");
    }
    group.finish();
    remove(&path);
}

fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

criterion_group!(benches, upload);
criterion_main!(benches);
