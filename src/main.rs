//! The `jslint` binary: a thin dispatch to the command line.

use clap::Parser;

/// mimalloc, not the system allocator: see the `mimalloc` feature in `Cargo.toml`.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = jslint::cli::Cli::parse();
    std::process::exit(jslint::cli::run(cli));
}
