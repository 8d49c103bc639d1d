//! Write every bundled JSON-LD context into a folder, with an
//! `index.json` mapping each URL to its file, for tools that must use
//! exactly these contexts offline (e.g. `tests/independent/verify_ob3.py`).
//!
//! ```text
//! cargo run -p portfolio-badges --example dump_contexts -- OUT_DIR
//! ```

fn main() {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: dump_contexts OUT_DIR");
        std::process::exit(2);
    };
    match portfolio_badges::jsonld::dump_bundled_contexts(std::path::Path::new(&out)) {
        Ok(n) => println!("wrote {n} contexts and index.json to {}", std::path::Path::new(&out).display()),
        Err(e) => {
            eprintln!("could not write the contexts: {e}");
            std::process::exit(1);
        }
    }
}
