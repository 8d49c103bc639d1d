//! `learner-portfolio-cli`: Learner Portfolio from the command line.
//!
//! The same application layer as the desktop app (`portfolio-app`), so every
//! capability can be scripted, tested and benchmarked headless. This crate
//! only decodes arguments ([`args`]), calls a use case and prints
//! ([`output`]). Any refusal exits non-zero with one line saying why (with
//! `--json`, the line is the `{code, message, fields}` error object).

mod args;
mod output;
mod run;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let json = cli.json;
    match run::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!("{}", serde_json::to_string(&e).unwrap_or_else(|_| e.message.clone()));
            } else {
                eprintln!("error: {}", output::escape(&e.message.replace('\n', " ")));
            }
            ExitCode::FAILURE
        }
    }
}
