//! `fuzz TARGET`: with the `afl` feature (built by `cargo afl build`), an
//! AFL++ persistent-mode target; without it, `fuzz TARGET FILE...` runs the
//! files through the target (to reproduce a crash) and `fuzz TARGET` reads one
//! input from standard input. `fuzz seeds DIR [TARGET]` writes the seeds of
//! every target (or one) into `DIR/<target>/`. `fuzz list` names the targets.

use std::process::ExitCode;

fn usage() -> ExitCode {
    let names: Vec<&str> = portfolio_fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
    eprintln!("usage: fuzz TARGET [FILE...] | fuzz seeds DIR [TARGET] | fuzz list\ntargets: {}", names.join(", "));
    ExitCode::from(2)
}

fn write_seeds(dir: &std::path::Path, only: Option<&str>) -> std::io::Result<()> {
    for (target, seeds) in portfolio_fuzz::seeds::all() {
        if only.is_some_and(|o| o != target) {
            continue;
        }
        let d = dir.join(target);
        std::fs::create_dir_all(&d)?;
        for (name, bytes) in seeds {
            std::fs::write(d.join(name), bytes)?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("list") => {
            for (name, _) in portfolio_fuzz::TARGETS {
                println!("{name}");
            }
            ExitCode::SUCCESS
        }
        Some("seeds") => {
            let Some(dir) = args.get(1) else { return usage() };
            if let Some(t) = args.get(2) {
                if portfolio_fuzz::target(t).is_none() {
                    return usage();
                }
            }
            match write_seeds(std::path::Path::new(dir), args.get(2).map(String::as_str)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("fuzz: the seeds could not be written to {dir}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(name) => {
            let Some(target) = portfolio_fuzz::target(name) else { return usage() };
            run(target, &args[1..])
        }
        None => usage(),
    }
}

#[cfg(feature = "afl")]
fn run(target: portfolio_fuzz::Target, _files: &[String]) -> ExitCode {
    afl::fuzz!(|data: &[u8]| {
        target(data);
    });
    ExitCode::SUCCESS
}

#[cfg(not(feature = "afl"))]
fn run(target: portfolio_fuzz::Target, files: &[String]) -> ExitCode {
    use std::io::Read;
    if files.is_empty() {
        let mut data = Vec::new();
        if let Err(e) = std::io::stdin().take(portfolio_fuzz::MAX_INPUT as u64).read_to_end(&mut data) {
            eprintln!("fuzz: standard input could not be read: {e}");
            return ExitCode::FAILURE;
        }
        target(&data);
        return ExitCode::SUCCESS;
    }
    for f in files {
        match std::fs::read(f) {
            Ok(data) => {
                let started = std::time::Instant::now();
                target(&data);
                println!("{f}: {} bytes, returned in {:.2?}", data.len(), started.elapsed());
            }
            Err(e) => {
                eprintln!("fuzz: {f} could not be read: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
