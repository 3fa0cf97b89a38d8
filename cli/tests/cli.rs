//! The `imagekit` binary, run as a user runs it (arguments, environment and stdin in; stdout,
//! stderr and exit status out), in one test binary. The modules are in tests/cli/.

mod support;

#[path = "cli/answers.rs"]
mod answers;
#[path = "cli/faults.rs"]
mod faults;
#[path = "cli/interrupts.rs"]
mod interrupts;
#[path = "cli/listing.rs"]
mod listing;
#[path = "cli/loopback.rs"]
mod loopback;
#[path = "cli/offline.rs"]
mod offline;
#[path = "cli/output.rs"]
mod output;
#[path = "cli/prism.rs"]
mod prism;
#[path = "cli/responsive.rs"]
mod responsive;
#[path = "cli/text.rs"]
mod text;
#[cfg(unix)]
#[path = "cli/upload_files.rs"]
mod upload_files;
