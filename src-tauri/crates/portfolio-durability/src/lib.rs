//! Durability proofs for Learner Portfolio's store.
//!
//! - [`data`]: realistic record data (sizes like a real portfolio), shared by
//!   the stress writer and the benchmark;
//! - [`ack`]: the acknowledgement log the stress writer keeps (one fsynced line
//!   per save that returned `Ok`) and the check that every acknowledged save is
//!   in a reopened store;
//! - [`disk_usage`]: bytes a folder takes on disk.
//!
//! The `lp-stress` binary kills a writer with SIGKILL at random moments and
//! checks the store after each kill; `examples/store_bench.rs` measures the
//! store against SQLite.
#![warn(missing_docs)]

pub mod ack;
pub mod data;

use std::path::Path;

/// Total size in bytes of the regular files under `dir` (recursively).
pub fn disk_usage(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(|e| e.ok())
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => disk_usage(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Makes `cmd`'s process unable to grow any file beyond `bytes` (RLIMIT_FSIZE),
/// with SIGXFSZ ignored so that such a write fails with EFBIG instead of
/// killing the process: a full disk, without root or a mount.
#[cfg(unix)]
pub fn limit_file_size(cmd: &mut std::process::Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls (signal, setrlimit) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit { rlim_cur: bytes as libc::rlim_t, rlim_max: bytes as libc::rlim_t };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}
