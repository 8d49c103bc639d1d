//! The static website: `index.html`, one page per item, `about.html`,
//! `style.css`, pictures at screen and print size, badges' original files
//! and evidence files. Relative links only, no script, nothing remote.
//!
//! The same [`Content`] always gives the same bytes: files are kept in a
//! sorted map and nothing reads the clock (the export's time is in `Content`).

use std::collections::BTreeMap;

use portfolio_media::{MediaStore, Variant};

use crate::content::{long_date, Content, Page, Photo};
use crate::html::{blocks, esc, excerpt, inline, url_segment};
use crate::ShowcaseError;

/// The stylesheet every page links to.
pub const STYLE: &str = include_str!("style.css");

/// A site: its files by relative path (`/`-separated), sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Site {
    /// Path → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    /// The HTML pages' paths.
    pub fn pages(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str).filter(|p| p.ends_with(".html"))
    }

    /// Total size in bytes.
    pub fn bytes(&self) -> u64 {
        self.files.values().map(|b| b.len() as u64).sum()
    }
}

/// The page's file name: `item-03-harbor-vet-clinic.html` (ASCII letters and
/// digits of the title, so any file system and host takes it).
pub fn page_file(page: &Page) -> String {
    let mut slug = String::new();
    for c in page.title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("item-{:02}.html", page.number)
    } else {
        format!("item-{:02}-{slug}.html", page.number)
    }
}

/// A stored file's name made safe for any file system (no separators,
/// reserved characters or control characters; at most 100 characters).
pub fn safe_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).take(100).collect();
    let cleaned = cleaned.trim().trim_matches('.').to_string();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

fn human_size(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{} KB", n.div_ceil(1 << 10)),
        n => format!("{n} bytes"),
    }
}

struct Writer<'a> {
    content: &'a Content,
    media: Option<&'a MediaStore>,
    site: Site,
}

/// Writes the site for `content`; pictures and files come from `media`.
pub fn build(content: &Content, media: Option<&MediaStore>) -> Result<Site, ShowcaseError> {
    let mut w = Writer { content, media, site: Site::default() };
    w.put("style.css", STYLE.as_bytes().to_vec());
    let index = w.index()?;
    w.put("index.html", index.into_bytes());
    let about = w.about();
    w.put("about.html", about.into_bytes());
    for section in &content.sections {
        for page in &section.items {
            let html = w.item(page)?;
            w.put(&page_file(page), html.into_bytes());
        }
    }
    Ok(w.site)
}

impl Writer<'_> {
    fn put(&mut self, path: &str, bytes: Vec<u8>) {
        self.site.files.insert(path.to_string(), bytes);
    }

    fn frame(&self, title: &str, current: &str, main: &str) -> String {
        let c = self.content;
        let nav = [("index.html", "Home"), ("about.html", "About this portfolio")]
            .iter()
            .map(|(href, label)| {
                let cur = if *href == current { " aria-current=\"page\"" } else { "" };
                format!("<li><a href=\"{href}\"{cur}>{label}</a></li>")
            })
            .collect::<String>();
        let byline = if c.school_line.is_empty() {
            esc(&c.learner_name)
        } else {
            format!("{} · {}", esc(&c.learner_name), esc(&c.school_line))
        };
        let page_title = if title == c.title {
            format!("{} · {}", esc(&c.title), esc(&c.learner_name))
        } else {
            format!("{} · {} · {}", esc(title), esc(&c.title), esc(&c.learner_name))
        };
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"Learner Portfolio\">\n\
             <title>{page_title}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n\
             <a class=\"skip\" href=\"#main\">Skip to content</a>\n\
             <header class=\"site\">\n<p class=\"site-title\" dir=\"auto\"><a href=\"index.html\">{title}</a></p>\n\
             <p class=\"byline\" dir=\"auto\">{byline}</p>\n</header>\n\
             <nav aria-label=\"Portfolio\">\n<ul>{nav}</ul>\n</nav>\n\
             <main id=\"main\">\n{main}</main>\n\
             <footer>\n<p>Made by {name} with Learner Portfolio on {date}. \
             <a href=\"about.html\">About this portfolio</a></p>\n</footer>\n</body>\n</html>\n",
            title = esc(&c.title),
            name = esc(&c.learner_name),
            date = long_date(c.made_at.date_naive()),
        )
    }

    fn index(&mut self) -> Result<String, ShowcaseError> {
        let c = self.content;
        let mut m = format!("<h1 dir=\"auto\">{}</h1>\n", esc(&c.title));
        if !c.audience.trim().is_empty() {
            m.push_str(&format!("<p class=\"audience\" dir=\"auto\">For {}</p>\n", esc(&c.audience)));
        }
        if !c.introduction.trim().is_empty() {
            m.push_str(&format!("<div class=\"intro\">\n{}</div>\n", blocks(&c.introduction, 2)));
        }
        for (s, section) in c.sections.iter().enumerate() {
            if section.items.is_empty() && section.introduction.trim().is_empty() {
                continue;
            }
            let title = if section.title.trim().is_empty() { "Work".to_string() } else { section.title.clone() };
            m.push_str(&format!(
                "<section aria-labelledby=\"section-{n}\">\n<h2 id=\"section-{n}\" dir=\"auto\">{}</h2>\n",
                esc(&title),
                n = s + 1
            ));
            m.push_str(&blocks(&section.introduction, 3));
            if !section.items.is_empty() {
                m.push_str("<ul class=\"cards\">\n");
                for page in &section.items {
                    m.push_str("<li class=\"card\">\n");
                    if let Some(p) = page.photos.first() {
                        let thumb = self.picture(p, Variant::Thumb)?;
                        m.push_str(&format!("<img src=\"{thumb}\" alt=\"{}\" loading=\"lazy\">\n", esc(&p.alt)));
                    }
                    m.push_str(&format!(
                        "<h3 dir=\"auto\"><a href=\"{}\">{}</a></h3>\n<p class=\"kind\">{}</p>\n",
                        page_file(page),
                        esc(&page.title),
                        esc(&page.label)
                    ));
                    let note = excerpt(&page.note, 240);
                    if !note.is_empty() {
                        m.push_str(&format!("<p dir=\"auto\">{}</p>\n", esc(&note)));
                    }
                    m.push_str("</li>\n");
                }
                m.push_str("</ul>\n");
            }
            m.push_str("</section>\n");
        }
        Ok(self.frame(&c.title, "index.html", &m))
    }

    fn about(&self) -> String {
        let c = self.content;
        let date = long_date(c.made_at.date_naive());
        let badges = c.sections.iter().flat_map(|s| &s.items).filter(|p| p.badge.is_some()).count();
        let mut m = String::from("<h1>About this portfolio</h1>\n");
        m.push_str(&format!(
            "<p dir=\"auto\">{name} chose the work in this portfolio and wrote its notes. It was made with \
             Learner Portfolio on {date} ({time} UTC), from the portfolio {name} keeps on their own computer.</p>\n",
            name = esc(&c.learner_name),
            time = c.made_at.format("%H:%M"),
        ));
        m.push_str(
            "<p>These pages are plain files: they work from a folder, a USB stick or any web host, need no \
             JavaScript and load nothing from the internet. Links marked \u{201c}external site\u{201d} lead \
             to other websites. Each photo links to a larger copy for printing.</p>\n",
        );
        if badges > 0 {
            m.push_str(&format!(
                "<h2>Badges and credentials</h2>\n<p>Each badge page offers the original credential file, \
                 exactly as the issuer sent it. The verification shown was checked on {date}, on the \
                 learner\u{2019}s device and without going online, from the badge\u{2019}s own signed file. \
                 A credential can be checked again at any time at its issuer or with any Open Badges \
                 verifier, using that file.</p>\n"
            ));
        }
        self.frame("About this portfolio", "about.html", &m)
    }

    /// Copies a picture's derivative into `media/` and returns its path.
    fn picture(&mut self, p: &Photo, variant: Variant) -> Result<String, ShowcaseError> {
        let Some(media) = self.media else {
            return Err(ShowcaseError::Refused("The evidence folder is not available.".into()));
        };
        let source = media.derivative(&p.sha256, variant).map_err(|e| ShowcaseError::Media(e.to_string()))?;
        let ext = source.extension().and_then(|e| e.to_str()).unwrap_or("jpg").to_ascii_lowercase();
        let path = format!("media/{}-{}.{ext}", &p.sha256, variant.stem());
        if !self.site.files.contains_key(&path) {
            let bytes = std::fs::read(&source).map_err(|e| ShowcaseError::Media(e.to_string()))?;
            self.put(&path, bytes);
        }
        Ok(path)
    }

    fn item(&mut self, page: &Page) -> Result<String, ShowcaseError> {
        let mut m = format!(
            "<article>\n<h1 dir=\"auto\">{}</h1>\n<p class=\"kind\">{}</p>\n",
            esc(&page.title),
            esc(&page.label)
        );
        if !page.facts.is_empty() {
            m.push_str("<dl class=\"facts\">\n");
            for (k, v) in &page.facts {
                m.push_str(&format!("<div><dt>{}</dt><dd dir=\"auto\">{}</dd></div>\n", esc(k), esc(v)));
            }
            m.push_str("</dl>\n");
        }
        if !page.note.trim().is_empty() {
            m.push_str(&format!(
                "<section class=\"note\" aria-labelledby=\"note\">\n<h2 id=\"note\">A note from {}</h2>\n{}</section>\n",
                esc(&self.content.learner_name),
                blocks(&page.note, 3)
            ));
        }
        for (i, (heading, text)) in page.texts.iter().enumerate() {
            m.push_str(&format!(
                "<section aria-labelledby=\"text-{n}\">\n<h2 id=\"text-{n}\">{}</h2>\n{}</section>\n",
                esc(heading),
                blocks(text, 3),
                n = i + 1
            ));
        }
        if !page.checklist.is_empty() {
            m.push_str("<section aria-labelledby=\"steps\">\n<h2 id=\"steps\">Steps</h2>\n<ul class=\"checklist\">\n");
            for (text, done) in &page.checklist {
                let (mark, word) = if *done { ("\u{2713}", "Done") } else { ("\u{25cb}", "To do") };
                m.push_str(&format!(
                    "<li dir=\"auto\"><span class=\"mark\" aria-hidden=\"true\">{mark}</span> \
                     <span class=\"visually-hidden\">{word}: </span>{}</li>\n",
                    inline(text)
                ));
            }
            m.push_str("</ul>\n</section>\n");
        }
        if let Some(b) = &page.badge {
            m.push_str(&format!(
                "<section aria-labelledby=\"verification\">\n<h2 id=\"verification\">Verification</h2>\n\
                 <p class=\"status status-{}\"><strong>{}</strong></p>\n\
                 <p>Checked on {} by Learner Portfolio, on the learner\u{2019}s device and without going online. {}</p>\n",
                esc(&b.status),
                esc(&b.status_label),
                long_date(self.content.made_at.date_naive()),
                esc(&b.detail)
            ));
            if let Some((bytes, ext)) = &b.original {
                let path = format!("badges/{}.{ext}", page_file(page).trim_end_matches(".html"));
                m.push_str(&format!(
                    "<p><a href=\"{path}\" download>The original credential file (.{ext}, {})</a>: \
                     check it at its issuer or with any Open Badges verifier.</p>\n",
                    human_size(bytes.len() as u64)
                ));
                self.put(&path, bytes.clone());
            }
            m.push_str("</section>\n");
        }
        if !page.photos.is_empty() {
            m.push_str("<section aria-labelledby=\"photos\">\n<h2 id=\"photos\">Photos</h2>\n");
            for p in &page.photos {
                let screen = self.picture(p, Variant::Screen)?;
                let print = self.picture(p, Variant::Print)?;
                let caption = if p.caption.is_empty() {
                    String::new()
                } else {
                    format!("<span dir=\"auto\">{}</span> ", inline(&p.caption))
                };
                m.push_str(&format!(
                    "<figure>\n<img src=\"{screen}\" alt=\"{}\" width=\"{}\" height=\"{}\" loading=\"lazy\">\n\
                     <figcaption>{caption}<a class=\"print-size\" href=\"{print}\">Print size ({} \u{d7} {} pixels)</a></figcaption>\n</figure>\n",
                    esc(&p.alt),
                    p.width,
                    p.height,
                    p.print.0,
                    p.print.1
                ));
            }
            m.push_str("</section>\n");
        }
        if !page.files.is_empty() {
            m.push_str("<section aria-labelledby=\"files\">\n<h2 id=\"files\">Files</h2>\n<ul class=\"files\">\n");
            for f in &page.files {
                let name = safe_name(&f.name);
                let path = format!("files/{}/{}", &f.sha256[..f.sha256.len().min(16)], name);
                if !self.site.files.contains_key(&path) {
                    let media = self
                        .media
                        .ok_or_else(|| ShowcaseError::Refused("The evidence folder is not available.".into()))?;
                    let bytes = std::fs::read(media.original_path(&f.sha256))
                        .map_err(|e| ShowcaseError::Media(format!("{}: {e}", f.name)))?;
                    self.put(&path, bytes);
                }
                let href = path.split('/').map(url_segment).collect::<Vec<_>>().join("/");
                let caption = if f.caption.is_empty() {
                    String::new()
                } else {
                    format!(": <span dir=\"auto\">{}</span>", inline(&f.caption))
                };
                m.push_str(&format!(
                    "<li><a href=\"{href}\" download dir=\"auto\">{}</a> ({}){caption}</li>\n",
                    esc(&name),
                    human_size(f.size)
                ));
            }
            m.push_str("</ul>\n</section>\n");
        }
        if !page.links.is_empty() {
            m.push_str("<section aria-labelledby=\"links\">\n<h2 id=\"links\">Links</h2>\n<ul class=\"links\">\n");
            for l in &page.links {
                m.push_str(&format!(
                    "<li><a class=\"external\" href=\"{}\" rel=\"external noopener noreferrer\" dir=\"auto\">{}<span class=\"ext\"> (external site)</span></a></li>\n",
                    esc(l.url.trim()),
                    esc(&l.title)
                ));
            }
            m.push_str("</ul>\n</section>\n");
        }
        m.push_str("</article>\n<p class=\"back\"><a href=\"index.html\">Back to the portfolio</a></p>\n");
        Ok(self.frame(&page.title, "", &m))
    }
}
