//! The `jslint` binary: a thin dispatch to the command line.

use clap::Parser;

fn main() {
    let cli = jslint::cli::Cli::parse();
    std::process::exit(jslint::cli::run(cli));
}
