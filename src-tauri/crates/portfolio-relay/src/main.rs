//! `portfolio-relay [--host H] [--port P] [--data-dir D]`
//! (or `HOST`, `PORT`, `DATA_DIR` from the environment, as the stock relay).
//! `--port 0` picks a free port. Prints `listening on ws://ADDR/` on stdout.

use std::path::PathBuf;

use portfolio_relay::{start, RelayConfig, RelayError};

fn arg_or_env(args: &[String], flag: &str, env: &str) -> Option<String> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1).cloned()).or_else(|| std::env::var(env).ok())
}

fn config() -> Result<RelayConfig, RelayError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("usage: portfolio-relay [--host 127.0.0.1] [--port 3030] [--data-dir ./relay-data]");
        std::process::exit(0);
    }
    let host = arg_or_env(&args, "--host", "HOST").unwrap_or_else(|| "127.0.0.1".into());
    let port = arg_or_env(&args, "--port", "PORT").unwrap_or_else(|| "3030".into());
    let port: u16 =
        port.parse().map_err(|_| RelayError::Usage(format!("\u{201c}{port}\u{201d} is not a port number.")))?;
    let data_dir = PathBuf::from(arg_or_env(&args, "--data-dir", "DATA_DIR").unwrap_or_else(|| "relay-data".into()));
    let addr = format!("{host}:{port}")
        .parse()
        .map_err(|_| RelayError::Usage(format!("\u{201c}{host}\u{201d} is not an IP address.")))?;
    Ok(RelayConfig { addr, data_dir })
}

#[tokio::main]
async fn main() {
    let relay = match config() {
        Ok(c) => start(c).await,
        Err(e) => Err(e),
    };
    let relay = match relay {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    println!("listening on {}", relay.url());
    stop_signal().await;
    relay.stop().await;
}

/// Ctrl-C, or SIGTERM from systemd / a container runtime.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
