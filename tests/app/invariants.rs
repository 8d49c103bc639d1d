//! The command list is written once (`src-tauri/src/commands/list.rs`):
//! build.rs and the invoke handler are generated from it; these tests hold
//! the capability file and the UI's typed wrappers to it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use learner_portfolio_app::commands::NAMES;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn names() -> BTreeSet<String> {
    NAMES.iter().map(|n| n.to_string()).collect()
}

#[test]
fn the_capability_allows_exactly_the_listed_commands() {
    let text = std::fs::read_to_string(root().join("src-tauri/capabilities/main.json")).unwrap();
    let cap: serde_json::Value = serde_json::from_str(&text).unwrap();
    let allowed: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-").map(|n| n.replace('-', "_")))
        .collect();
    assert_eq!(allowed, names(), "src-tauri/capabilities/main.json differs from commands/list.rs");
    let others: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.starts_with("allow-"))
        .map(str::to_string)
        .collect();
    // Beyond the app's commands, exactly the plugin commands the UI calls.
    let plugin: BTreeSet<String> = ui_calls()
        .into_iter()
        .filter_map(|(_, name)| {
            let (plugin, command) = name.strip_prefix("plugin:")?.split_once('|')?;
            Some(format!("core:{plugin}:allow-{}", command.replace('_', "-")))
        })
        .collect();
    assert_eq!(others, plugin, "the window gets no permission the UI does not use");
}

/// Command names the UI calls: the string after `call(`, `call<…>(`,
/// `invoke(` or `invoke<…>(`.
fn called(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in ["call", "invoke"] {
        let mut rest = source;
        while let Some(i) = rest.find(word) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + word.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let mut s = rest;
            if let Some(generic) = s.strip_prefix('<') {
                let mut depth = 1;
                let end = generic.char_indices().find(|(_, c)| {
                    depth += match c {
                        '<' => 1,
                        '>' => -1,
                        _ => 0,
                    };
                    depth == 0
                });
                let Some((end, _)) = end else { continue };
                s = &generic[end + 1..];
            }
            // The first argument: a name, or names chosen between (`a ? "x" : "y"`).
            let Some(arg) = s.strip_prefix('(') else { continue };
            let first = &arg[..arg.find([',', ')']).unwrap_or(arg.len())];
            let first = first.split_once('?').map_or(first, |(_, choices)| choices);
            out.extend(first.split('"').skip(1).step_by(2).map(str::to_string));
        }
    }
    out
}

fn ui_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if name != "bindings" && name != "node_modules" {
                ui_sources(&p, out);
            }
        } else if (name.ends_with(".ts") || name.ends_with(".svelte")) && !name.contains(".test.") {
            out.push(p);
        }
    }
}

/// Every command the UI calls: (file relative to the repository, name).
fn ui_calls() -> Vec<(String, String)> {
    let mut files = Vec::new();
    ui_sources(&root().join("ui/src"), &mut files);
    let mut out = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let rel = f.strip_prefix(root()).unwrap().display().to_string();
        out.extend(called(&text).into_iter().map(|name| (rel.clone(), name)));
    }
    out
}

#[test]
fn the_ui_calls_exactly_the_listed_commands_through_its_typed_wrappers() {
    let mut seen = BTreeSet::new();
    for (file, name) in ui_calls() {
        if name.starts_with("plugin:") {
            continue;
        }
        assert!(
            file.ends_with("lib/api.ts") || file.ends_with("lib/filedrop.ts"),
            "{file} calls {name}: commands are called only from the typed wrappers in ui/src/lib/api.ts (and filedrop.ts)"
        );
        seen.insert(name);
    }
    assert_eq!(seen, names(), "the UI's commands differ from src-tauri/src/commands/list.rs");
}

#[test]
fn the_scanner_finds_calls() {
    let src = r#"call("a"); call<number | null>("b", {}); call(how === "open" ? "d" : "e", {}); invoke<Map<string, X>>("c"); recall("no"); x.call("no")"#;
    assert_eq!(called(src), ["a", "b", "d", "e", "c"]);
}
