//! Namespaces recognised by what they name, not by one exact string.
//!
//! Mahara has written the Leap2A namespaces in several forms over the years:
//! the original `http://terms.leapspecs.org/`, and since leapspecs.org went
//! away, Wayback Machine copies such as
//! `https://web.archive.org/web/20100503000634/http://terms.leapspecs.org`
//! (categories: `…/http://wiki.leapspecs.org:80/2A/categories`); the 2009-03
//! drafts used `wiki.cetis.ac.uk` pages. [`classify`] strips the archive
//! prefix, the scheme, `www.`, a default port and trailing `/` or `#`, then
//! names the vocabulary.

/// The vocabularies a Leap2A feed uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// Atom (`http://www.w3.org/2005/Atom`).
    Atom,
    /// RDF (`rdf:type`).
    Rdf,
    /// Leap2A predicates and types (2010-07 `terms.leapspecs.org`).
    Leap2,
    /// Leap2A 2009-03 predicates or types (`wiki.cetis.ac.uk/2009-03/…`),
    /// used by feeds that have no `leap2:version`.
    Leap2009,
    /// Leap2A categories (schemes such as `selection_type#`).
    Categories,
    /// Mahara's Leap2A extensions (`mahara:artefactplugin`, `mahara:view`).
    Mahara,
    /// Anything else (XHTML, other extensions, no namespace).
    Other,
}

/// The part of a URI that names a vocabulary: lower case, without an
/// archive prefix, scheme, `www.`, default port or trailing `/`/`#`.
pub fn normalise(uri: &str) -> String {
    let mut u = uri.trim().to_ascii_lowercase();
    loop {
        for scheme in ["https://", "http://"] {
            if let Some(rest) = u.strip_prefix(scheme) {
                u = rest.to_string();
            }
        }
        if let Some(rest) = u.strip_prefix("www.") {
            u = rest.to_string();
        }
        // web.archive.org/web/20100503000634/http://… (also with "id_" flags).
        match u.strip_prefix("web.archive.org/web/").and_then(|r| r.split_once('/')) {
            Some((stamp, original)) if stamp.bytes().next().is_some_and(|b| b.is_ascii_digit()) => {
                u = original.to_string();
            }
            _ => break,
        }
    }
    if let Some((host, path)) = u.split_once('/') {
        let host = host.trim_end_matches(":80").trim_end_matches(":443");
        u = format!("{host}/{path}");
    } else {
        u = u.trim_end_matches(":80").trim_end_matches(":443").to_string();
    }
    u.trim_end_matches(['/', '#']).to_string()
}

/// Which vocabulary a namespace URI names (see the module docs).
pub fn classify(uri: &str) -> Ns {
    let u = normalise(uri);
    match u.as_str() {
        "w3.org/2005/atom" => Ns::Atom,
        "w3.org/1999/02/22-rdf-syntax-ns" => Ns::Rdf,
        "terms.leapspecs.org" => Ns::Leap2,
        "wiki.leapspecs.org/2a/categories" | "wiki.cetis.ac.uk/2009-03/leap2a_categories" => Ns::Categories,
        "wiki.cetis.ac.uk/2009-03/leap2a_predicates" | "wiki.cetis.ac.uk/2009-03/leap2a_types" => Ns::Leap2009,
        _ if u.starts_with("wiki.mahara.org/") && u.ends_with("leap_extensions") => Ns::Mahara,
        _ => Ns::Other,
    }
}

/// Whether a `leap2:version` value names Leap2A 2010-07 (in any of its forms).
pub fn is_supported_version(value: &str) -> bool {
    let v = normalise(value);
    v == "leapspecs.org/2010-07/2a" || v == "leapspecs.org/2a"
}

#[cfg(test)]
mod tests {
    use super::{classify, is_supported_version, Ns};

    #[test]
    fn every_form_mahara_wrote_is_recognised() {
        for (uri, ns) in [
            ("http://terms.leapspecs.org/", Ns::Leap2),
            ("http://terms.leapspecs.org", Ns::Leap2),
            ("https://terms.leapspecs.org/", Ns::Leap2),
            ("https://web.archive.org/web/20100503000634/http://terms.leapspecs.org", Ns::Leap2),
            ("http://web.archive.org/web/20100503000634id_/http://terms.leapspecs.org/", Ns::Leap2),
            ("http://terms.leapspecs.org:80/", Ns::Leap2),
            ("http://wiki.leapspecs.org/2A/categories/", Ns::Categories),
            ("http://wiki.leapspecs.org/2A/categories", Ns::Categories),
            ("https://web.archive.org/web/20120819100914/http://wiki.leapspecs.org:80/2A/categories", Ns::Categories),
            (
                "https://web.archive.org/web/20111027183853/http://wiki.cetis.ac.uk/2009-03/Leap2A_categories",
                Ns::Categories,
            ),
            (
                "https://web.archive.org/web/20091222055424/http://wiki.cetis.ac.uk/2009-03/LEAP2A_predicates",
                Ns::Leap2009,
            ),
            ("http://wiki.cetis.ac.uk/2009-03/Leap2A_types#", Ns::Leap2009),
            ("http://wiki.mahara.org/Developer_Area/Import%2F%2FExport/LEAP_Extensions#", Ns::Mahara),
            ("https://wiki.mahara.org/wiki/Developer_Area/Import//Export/LEAP_Extensions", Ns::Mahara),
            ("http://www.w3.org/2005/Atom", Ns::Atom),
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", Ns::Rdf),
            ("http://www.w3.org/1999/xhtml", Ns::Other),
            ("http://terms.leapspecs.org.evil.example/", Ns::Other),
        ] {
            assert_eq!(classify(uri), ns, "{uri}");
        }
        assert!(is_supported_version("http://www.leapspecs.org/2010-07/2A/"));
        assert!(is_supported_version("https://web.archive.org/web/2010/http://www.leapspecs.org/2010-07/2A"));
        assert!(!is_supported_version("http://www.leapspecs.org/2011-01/2A/"));
    }
}
