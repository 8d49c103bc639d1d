//! Invariants of ARCHITECTURE.md that a test can hold (rust-analyzer style:
//! invariants stated as absences).

use std::path::{Path, PathBuf};

fn crates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source of `file` before its unit tests (`#[cfg(test)]`), unless the
/// whole file is test code (`tests.rs`, and the test fixtures other crates'
/// tests use: `test_support.rs`, `fixtures.rs`).
fn production_part(file: &Path) -> String {
    let name = file.file_name().unwrap().to_string_lossy();
    if name == "tests.rs" || name == "test_support.rs" || name == "fixtures.rs" {
        return String::new();
    }
    let text = std::fs::read_to_string(file).unwrap();
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// No core crate knows the shell: none depends on Tauri.
#[test]
fn no_core_crate_depends_on_tauri() {
    for entry in std::fs::read_dir(crates()).unwrap().flatten() {
        let manifest = entry.path().join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        let deps = text.split("[dependencies]").nth(1).unwrap_or("");
        for line in deps.lines().take_while(|l| !l.starts_with('[')) {
            let name = line.split('=').next().unwrap_or("").trim();
            assert!(!name.starts_with("tauri"), "{} depends on {name}", manifest.display());
        }
    }
}

/// Only `portfolio-app`'s `DataDir` spells the data folder's layout: no
/// other crate's code names the store, media, backups, keys or viewing
/// folders, or finds them from the store's path.
#[test]
fn only_the_application_layer_spells_the_data_folder() {
    let spelled = [
        "join(\"store\")",
        "join(\"media\")",
        "join(\"backups\")",
        "join(\"keys\")",
        "join(\"viewing\")",
        "store.path().parent()",
    ];
    let mut files = Vec::new();
    for entry in std::fs::read_dir(crates()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // The application layer owns the layout; the durability crate's
        // stress tool makes its own throw-away folders.
        if name != "portfolio-app" && name != "portfolio-durability" {
            rust_files(&entry.path().join("src"), &mut files);
        }
    }
    let mut found = Vec::new();
    for f in &files {
        let code = production_part(f);
        for s in spelled {
            if code.contains(s) {
                found.push(format!("{}: {s}", f.strip_prefix(crates()).unwrap().display()));
            }
        }
    }
    assert!(found.is_empty(), "paths of the data folder spelled outside portfolio-app: {found:#?}");
}
