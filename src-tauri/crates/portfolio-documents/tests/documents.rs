//! The three documents rendered from a demo portfolio with photos, checked
//! with poppler-utils (pdftotext, pdffonts, pdfimages, pdfinfo, pdftohtml).

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use portfolio_documents::{render, DocumentKind, Paper, RenderReport, RenderRequest};
use portfolio_domain::{AnyRecord, Evidence, RecordData, RecordKind, Visibility};
use portfolio_media::{ImportOptions, MediaStore};
use portfolio_store::Store;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 30, 0).single().unwrap_or_default()
}

struct Fixture {
    _dir: tempfile::TempDir,
    dir: std::path::PathBuf,
    store: Store,
    media: MediaStore,
    learner: portfolio_domain::Id,
}

fn jpeg(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            ((x * 7 + seed * 31) % 256) as u8,
            ((y * 5 + seed * 17) % 256) as u8,
            (((x ^ y) + seed) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap_or_default();
    out
}

fn ev(media: &MediaStore, name: &str, bytes: &[u8], alt: &str, others: bool) -> Evidence {
    let item = media.import_bytes_with(name, bytes, &ImportOptions::default()).map(|i| i.item);
    let item = item.unwrap_or_else(|e| panic!("import {name}: {e}"));
    Evidence {
        sha256: item.sha256,
        name: name.into(),
        kind: "image".into(),
        mime: item.mime,
        size: item.size,
        caption: format!("Caption of {name}"),
        alt: alt.into(),
        shows_others: others,
        ..Default::default()
    }
}

const SPANISH: &str = "Durante la primavera trabajé como voluntaria en la clínica comunitaria de mi barrio. \
    Las enfermeras me enseñaron cómo organizan las citas, cómo se protege la información de los pacientes \
    y cómo funciona una conversación de clasificación cuando la sala de espera está llena. Aprendí que la \
    comunicación es lo más importante del cuidado: los pacientes recuerdan si alguien los escuchó con \
    atención y paciencia, y mis compañeros desarrollaron conmigo un procedimiento extraordinariamente \
    detallado para las responsabilidades administrativas del próximo trimestre.";

/// The demo learner; the exhibition's first experience gets four photos (one
/// without alt text, one showing other people) and a Greek/Cyrillic/CJK reflection.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().to_path_buf();
    let store = Store::open(path.join("store")).unwrap_or_else(|e| panic!("{e}"));
    let learner = portfolio_demo::create_demo(&store, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
        .id;
    let media = MediaStore::open(path.join("media")).unwrap_or_else(|e| panic!("{e}"));
    let exhibitions = store.list(learner, RecordKind::Exhibition, "").unwrap_or_default();
    let first = exhibitions
        .iter()
        .filter_map(|r| match r {
            AnyRecord::Exhibition(x) => Some(x.clone()),
            _ => None,
        })
        .max_by_key(|x| x.data.date)
        .and_then(|x| x.data.items.first().cloned())
        .unwrap_or_else(|| panic!("demo exhibition has items"));
    let Ok(AnyRecord::Experience(mut exp)) = store.get(RecordKind::Experience, first.item.id) else {
        panic!("first exhibition item is an experience")
    };
    exp.data.evidence.push(ev(&media, "wide.jpg", &jpeg(3000, 2000, 1), "A wide photo of the clinic", false));
    exp.data.evidence.push(ev(&media, "tall.jpg", &jpeg(900, 1200, 2), "A tall photo of a cat", false));
    exp.data.evidence.push(ev(&media, "noalt.jpg", &jpeg(800, 600, 3), "", false));
    exp.data.evidence.push(ev(&media, "group.jpg", &jpeg(800, 600, 4), "The team at the clinic", true));
    store.update(exp.meta.id, RecordData::Experience(exp.data.clone())).unwrap_or_else(|e| panic!("{e}"));
    // The learner's own photo, for the packet's cover.
    let portrait = ev(&media, "maya.jpg", &jpeg(600, 800, 5), "Maya", false);
    let mut profile = store.learner(learner).unwrap_or_else(|e| panic!("{e}")).profile;
    profile.photo_sha256 = portrait.sha256;
    store.update_learner(learner, profile).unwrap_or_else(|e| panic!("{e}"));
    let reflect = |day: u32, title: &str, body: &str| {
        let r = portfolio_domain::ReflectionData {
            date: NaiveDate::from_ymd_opt(2026, 5, day).unwrap_or_default(),
            title: title.into(),
            body: body.into(),
            experience_ids: vec![exp.meta.id],
            prompt: String::new(),
            goal_ids: vec![],
            visibility: Visibility::Family,
            evidence: vec![],
        };
        store
            .create(learner, portfolio_domain::AuthorRole::Student, RecordData::Reflection(r))
            .unwrap_or_else(|e| panic!("{e}"));
    };
    reflect(20, "Words from my neighbours", "Greek: **Καλημέρα κόσμε**. Cyrillic: *Привет, мир*. Chinese: 你好.");
    // A reflection written in Spanish: hyphenated with Spanish patterns, tagged /Lang (es).
    reflect(22, "Mi semana en la clínica", SPANISH);
    Fixture { _dir: dir, dir: path, store, media, learner }
}

fn run(f: &Fixture, kind: DocumentKind, paper: Paper, name: &str) -> (std::path::PathBuf, RenderReport) {
    let req = RenderRequest {
        kind,
        learner_id: f.learner,
        period_id: None,
        exhibition_id: None,
        paper,
        include_photos_of_others: false,
    };
    let (bytes, report) = render(&f.store, Some(&f.media), &req, now()).unwrap_or_else(|e| panic!("{e}"));
    let out = f.dir.join(name);
    std::fs::write(&out, &bytes).unwrap_or_else(|e| panic!("{e}"));
    // To look at the pages: DOCS_TEST_OUT=/some/folder keeps a copy of each PDF.
    if let Some(keep) = std::env::var_os("DOCS_TEST_OUT") {
        let _ = std::fs::copy(&out, Path::new(&keep).join(format!("{paper:?}-{name}")));
    }
    assert_eq!(report.bytes, bytes.len() as u64);
    (out, report)
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .args(if name == "pdftotext" || name == "pdftohtml" { vec!["-"] } else { vec![] })
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(out.status.success(), "{name} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn check_fonts(pdf: &Path) {
    let fonts = tool("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object ID
        let n = cols.len();
        assert!(n >= 7, "{row}");
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "font not embedded+subset+unicode: {row}");
        assert!(cols[0].contains('+'), "subset prefix missing: {row}");
    }
}

/// Words of `pdftotext -bbox`: (page, text, xMin, xMax).
fn words(pdf: &Path) -> Vec<(usize, String, f32, f32)> {
    let html = tool("pdftotext", &["-bbox"], pdf);
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines() {
        if line.contains("<page ") {
            page += 1;
        }
        let Some(rest) = line.trim().strip_prefix("<word ") else { continue };
        let attr = |name: &str| -> f32 {
            rest.split(&format!("{name}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(f32::NAN)
        };
        let text = rest.split('>').nth(1).and_then(|t| t.split("</word").next()).unwrap_or("").to_string();
        out.push((page, text, attr("xMin"), attr("xMax")));
    }
    out
}

fn page_size(pdf: &Path) -> String {
    let info = tool("pdfinfo", &[], pdf);
    info.lines().find(|l| l.starts_with("Page size:")).unwrap_or_default().to_string()
}

#[test]
fn learning_plan_has_every_goal_and_plan_goal() {
    let f = fixture();
    let (pdf, report) = run(&f, DocumentKind::Plan, Paper::A4, "plan.pdf");
    let text = tool("pdftotext", &[], &pdf);
    assert!(text.contains("Maya Okafor"), "learner's name");
    let learner = f.store.learner(f.learner).unwrap_or_else(|e| panic!("{e}"));
    let fw = f.store.framework(learner.profile.framework()).unwrap_or_else(|e| panic!("{e}"));
    let plans: Vec<_> = f
        .store
        .list(f.learner, RecordKind::Plan, "")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Plan(p) => Some(p),
            _ => None,
        })
        .collect();
    // The plan of the latest period (now is after the demo year's last period started).
    let periods: Vec<_> = f
        .store
        .list(f.learner, RecordKind::Period, "")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Period(p) => Some(p),
            _ => None,
        })
        .collect();
    // The period the document picks by default: the one containing today, else the latest started.
    let today = now().date_naive();
    let current = periods
        .iter()
        .find(|p| p.data.contains(today))
        .or_else(|| periods.iter().filter(|p| p.data.start <= today).max_by_key(|p| p.data.start))
        .unwrap_or_else(|| panic!("current period"));
    let plan = plans.iter().find(|p| p.data.period_id == current.meta.id).unwrap_or_else(|| panic!("plan"));
    assert!(!plan.data.content.goals.is_empty());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for g in &plan.data.content.goals {
        assert!(flat.contains(&g.title), "plan goal {:?} missing", g.title);
        for tag in &g.goal_tags {
            let name = &fw.goal(tag).unwrap_or_else(|| panic!("goal {tag}")).name;
            assert!(flat.contains(name.as_str()), "learning goal {name} missing");
        }
    }
    for section in ["Cover sheet", "Learning team", "Plan goals", "Check-ins", "Signatures"] {
        assert!(text.contains(section), "{section}");
    }
    // A contents page only where it helps: not in a plan of a few pages.
    assert!(!text.contains("Contents") || report.pages > 1 + portfolio_documents::layout::CONTENTS_FROM_PAGES as u32);
    assert!(
        text.contains(&format!("Page 1 of {}", report.pages)) || text.contains(&format!("Page 2 of {}", report.pages))
    );
    check_fonts(&pdf);
    assert!(page_size(&pdf).contains("(A4)"), "{}", page_size(&pdf));
    let info = tool("pdfinfo", &[], &pdf);
    assert!(info.contains("CreationDate:") && info.contains("2026"), "creation date is now, not 1970: {info}");
    assert!(info.contains("Author:          Maya Okafor"), "{info}");
    assert!(info.contains("Title:           Learning Plan"), "{info}");
    let outline = tool("pdftohtml", &["-xml", "-stdout", "-i"], &pdf);
    assert!(outline.contains("<outline>") && outline.contains(">Plan goals</item>"), "outline");
}

#[test]
fn exhibition_packet_places_photos_at_print_resolution_and_honours_consent() {
    let f = fixture();
    let (pdf, report) = run(&f, DocumentKind::Exhibition, Paper::Letter, "packet.pdf");
    assert!(page_size(&pdf).contains("612 x 792"), "{}", page_size(&pdf));
    let images = tool("pdfimages", &["-list"], &pdf);
    let rows: Vec<Vec<&str>> = images.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
    // The learner's photo on the cover, wide + tall; the photo without alt
    // text and the one showing others are left out.
    assert_eq!(rows.len(), 3, "{images}");
    assert_eq!(report.photos, 3);
    assert_eq!(rows[0][0], "1", "the cover is page 1: {images}");
    for r in &rows {
        assert_eq!(r[2], "image");
        assert_eq!(r[8], "jpeg", "{r:?}");
        let (xppi, yppi): (f32, f32) = (r[12].parse().unwrap_or(0.0), r[13].parse().unwrap_or(0.0));
        assert!(
            xppi <= portfolio_documents::images::MAX_DPI + 1.0 && yppi <= portfolio_documents::images::MAX_DPI + 1.0,
            "{r:?}"
        );
        assert!(xppi >= 150.0, "placed at print resolution: {r:?}");
    }
    assert!(report.left_out.iter().any(|l| l.contains("without alternative text")), "{:?}", report.left_out);
    assert!(report.left_out.iter().any(|l| l.contains("showing other people")), "{:?}", report.left_out);
    let text = tool("pdftotext", &[], &pdf);
    assert!(text.contains("Caption of wide.jpg") && text.contains("Caption of tall.jpg"));
    assert!(!text.contains("Caption of group.jpg"));
    // Greek and Cyrillic render (with bold and italic); the Chinese characters
    // come from the system's Noto CJK font, or are reported where it is not installed.
    assert!(text.contains("Καλημέρα κόσμε") && text.contains("Привет, мир"), "scripts");
    if portfolio_documents::fonts::has_glyph(portfolio_documents::fonts::Face::Serif, '你') {
        assert!(text.contains("你好"), "Chinese in the text layer");
        assert!(report.missing_characters.is_empty(), "{:?}", report.missing_characters);
    } else {
        assert_eq!(report.missing_characters, vec!["你".to_string(), "好".to_string()]);
    }
    // One score sheet per panelist.
    let panel = f
        .store
        .list(f.learner, RecordKind::Exhibition, "")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Exhibition(x) => Some(x),
            _ => None,
        })
        .max_by_key(|x| x.data.date)
        .map(|x| x.data.panel.len())
        .unwrap_or(0);
    assert!(panel >= 1);
    assert_eq!(text.matches("Score sheet:").count(), 2 * panel, "contents line + sheet heading per panelist");
    // Each sheet starts a front page (odd number) so panelists can each take
    // theirs from a double-sided print; each criterion has a box per level.
    let sheets: Vec<usize> = text
        .split('\u{c}')
        .enumerate()
        .filter(|(_, p)| p.contains("Tick one level for each criterion."))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(sheets.len(), panel);
    assert!(sheets.iter().all(|n| n % 2 == 1), "score sheets on pages {sheets:?}");
    assert!(text.contains("left blank for double-sided printing") || sheets.windows(2).all(|w| w[1] == w[0] + 1));
    check_fonts(&pdf);

    // Included on purpose: the photo of other people appears.
    let req = RenderRequest {
        kind: DocumentKind::Exhibition,
        learner_id: f.learner,
        period_id: None,
        exhibition_id: None,
        paper: Paper::A4,
        include_photos_of_others: true,
    };
    let (_, with) = render(&f.store, Some(&f.media), &req, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(with.photos, 4);
}

#[test]
fn progress_summary_has_chart_goals_badges_and_narratives() {
    let f = fixture();
    let (pdf, _) = run(&f, DocumentKind::Summary, Paper::A4, "summary.pdf");
    let text = tool("pdftotext", &["-layout"], &pdf);
    let learner = f.store.learner(f.learner).unwrap_or_else(|e| panic!("{e}"));
    let fw = f.store.framework(learner.profile.framework()).unwrap_or_else(|e| panic!("{e}"));
    for g in &fw.goals {
        assert!(text.contains(&g.name), "{}", g.name);
    }
    for s in ["At a glance", "Evidence per learning goal", "Experiences", "Narratives", "Badges", "Entered by hand"] {
        assert!(text.contains(s), "{s}");
    }
    let badges = f.store.list(f.learner, RecordKind::Badge, "").unwrap_or_default();
    for b in badges {
        if let AnyRecord::Badge(b) = b {
            assert!(text.contains(&b.data.name), "{}", b.data.name);
        }
    }
    check_fonts(&pdf);
    // The chart is vector: no images at all.
    let images = tool("pdfimages", &["-list"], &pdf);
    assert_eq!(images.lines().count(), 2, "{images}");
}

#[test]
fn missing_plan_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = Store::open(dir.path().join("store")).unwrap_or_else(|e| panic!("{e}"));
    let l = store.create_learner(portfolio_domain::LearnerProfile { name: "Ana".into(), ..Default::default() });
    let l = l.unwrap_or_else(|e| panic!("{e}"));
    let req = RenderRequest {
        kind: DocumentKind::Plan,
        learner_id: l.id,
        period_id: None,
        exhibition_id: None,
        paper: Paper::A4,
        include_photos_of_others: false,
    };
    let e = render(&store, None, &req, now()).err().unwrap_or_else(|| panic!("no plan without periods"));
    let portfolio_documents::DocumentError::Missing(message) = e else { panic!("a missing plan: {e:?}") };
    assert!(message.contains("no marking periods"), "{message}");
    // The summary works for an empty portfolio.
    let req = RenderRequest { kind: DocumentKind::Summary, ..req };
    let (bytes, report) = render(&store, None, &req, now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(report.pages >= 3);
}

/// Issue 16 case 4 and issue 11: a reflection in Spanish, Vietnamese,
/// Arabic, Chinese and an emoji, a bold run of characters no font has, and a
/// "word" of 300 of them. Nothing is set past the text block, every font is
/// embedded, and the scripts are in the text layer.
#[test]
fn every_script_stays_inside_the_text_block_and_every_font_is_embedded() {
    let f = fixture();
    let exp = f
        .store
        .list(f.learner, RecordKind::Reflection, "")
        .unwrap_or_default()
        .into_iter()
        .find_map(|r| match r {
            AnyRecord::Reflection(x) if x.data.title == "Words from my neighbours" => Some(x),
            _ => None,
        })
        .unwrap_or_else(|| panic!("fixture reflection"));
    let mut data = exp.data.clone();
    let lost = "\u{13000}\u{13001}\u{13002}";
    data.body = format!(
        "Español: **¡Qué día!** Tiếng Việt: *Cảm ơn các bạn* nhiều lắm. العربية: شكرا جزيلا لكم. \
         中文：谢谢你们。 Emoji: 🌱✨. **{lost}** {}",
        "\u{13003}".repeat(300)
    );
    f.store.update(exp.meta.id, RecordData::Reflection(data)).unwrap_or_else(|e| panic!("{e}"));
    for paper in [Paper::A4, Paper::Letter] {
        let (pdf, report) = run(&f, DocumentKind::Exhibition, paper, "scripts.pdf");
        let (w, _) = paper.size();
        let side = 56.7;
        for (page, word, x0, x1) in words(&pdf) {
            assert!(x0 >= side - 1.0 && x1 <= w - side + 1.0, "{paper:?} page {page}: {word:?} at {x0}–{x1}");
        }
        let text = tool("pdftotext", &[], &pdf);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // Hyphens only at the patterns' points (Spanish for the Spanish reflection).
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            let Some(head) = pair[0].strip_suffix('-') else { continue };
            let first = head.rsplit(' ').next().unwrap_or("");
            if first.is_empty() || !first.chars().all(char::is_alphabetic) {
                continue;
            }
            let rest: String =
                pair[1].split(' ').next().unwrap_or("").chars().take_while(|c| c.is_alphabetic()).collect();
            let word = format!("{first}{rest}");
            let points = |lang| {
                let mut at = 0;
                hypher::hyphenate(&word, lang)
                    .map(|s| {
                        at += s.len();
                        at
                    })
                    .collect::<Vec<_>>()
            };
            let lang = if SPANISH.contains(&word) { hypher::Lang::Spanish } else { hypher::Lang::English };
            assert!(points(lang).contains(&first.len()), "{paper:?}: {word} hyphenated at {}", first.len());
        }
        for s in ["¡Qué día!", "Cảm ơn các bạn", "nhiều lắm", "Emoji: 🌱✨.", "جزيلا"] {
            assert!(flat.contains(s), "{s} in the text layer");
        }
        assert!(text.contains(&"\u{13003}".repeat(20)), "the long word in the text layer");
        let arabic: String = text.chars().filter(|c| ('\u{0600}'..='\u{06FF}').contains(c)).collect();
        for c in "شكرا جزيلا لكم".chars().filter(|c| !c.is_whitespace()) {
            assert!(arabic.contains(c), "Arabic {c} in the text layer: {arabic}");
        }
        if portfolio_documents::fonts::has_glyph(portfolio_documents::fonts::Face::Serif, '谢') {
            assert!(text.replace('\n', "").contains("谢谢你们"), "Chinese in the text layer");
        }
        for c in lost.chars() {
            assert!(report.missing_characters.contains(&c.to_string()), "{c:?} reported");
        }
        check_fonts(&pdf);
        let fonts = tool("pdffonts", &[], &pdf);
        assert!(fonts.contains("NotoSerif-Bold") && fonts.contains("NotoNaskhArabic"), "{fonts}");
        let errors =
            Command::new("pdftotext").arg(&pdf).arg("/dev/null").output().map(|o| o.stderr).unwrap_or_default();
        assert!(errors.is_empty(), "poppler errors: {}", String::from_utf8_lossy(&errors));
    }
}

/// Issue 11: an item's photos stay with it (on its heading's page or the
/// next, never before it), before its reflections, and each prints once even
/// when it is attached to the record and to the exhibition item.
#[test]
fn photos_stay_with_their_item_and_print_once() {
    let f = fixture();
    let mut x = f
        .store
        .list(f.learner, RecordKind::Exhibition, "")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Exhibition(x) => Some(x),
            _ => None,
        })
        .max_by_key(|x| x.data.date)
        .unwrap_or_else(|| panic!("demo exhibition"));
    let Ok(AnyRecord::Experience(exp)) = f.store.get(RecordKind::Experience, x.data.items[0].item.id) else {
        panic!("first item is an experience")
    };
    let wide = exp.data.evidence.iter().find(|e| e.name == "wide.jpg").cloned().unwrap_or_default();
    x.data.items[0].evidence.push(wide);
    f.store.update(x.meta.id, RecordData::Exhibition(x.data.clone())).unwrap_or_else(|e| panic!("{e}"));
    for paper in [Paper::A4, Paper::Letter] {
        let (pdf, report) = run(&f, DocumentKind::Exhibition, paper, "figures.pdf");
        assert_eq!(report.photos, 3, "cover, wide and tall; the repeated wide photo once");
        let pages: Vec<String> = tool("pdftotext", &["-layout"], &pdf).split('\u{c}').map(str::to_string).collect();
        let heading = format!("1. {}", exp.data.title);
        // The heading's page (not the contents page, which lists it too).
        let at = pages
            .iter()
            .position(|p| p.contains(&heading) && !p.contains("Contents"))
            .unwrap_or_else(|| panic!("{heading}"));
        let images = tool("pdfimages", &["-list"], &pdf);
        let on: Vec<usize> = images.lines().skip(2).filter_map(|l| l.split_whitespace().next()?.parse().ok()).collect();
        for page in on.iter().skip(1) {
            let page = page - 1;
            assert!(
                page == at || page == at + 1,
                "{paper:?}: a photo on page {} for a heading on page {}",
                page + 1,
                at + 1
            );
        }
        // Before the item's reflections: the caption precedes the first reflection heading.
        let text = tool("pdftotext", &[], &pdf);
        let caption = text.find("Caption of wide.jpg").unwrap_or(usize::MAX);
        let reflection =
            text[text.find(&heading).unwrap_or(0)..].find("Reflection:").map(|i| i + text.find(&heading).unwrap_or(0));
        assert!(reflection.is_some_and(|r| caption < r), "{paper:?}: photos before the reflections");
    }
}

/// A structure element as read back: its type, `/Alt`, `/Lang`, and the
/// types of the elements inside it.
#[derive(Debug)]
struct Tagged {
    role: String,
    alt: Option<String>,
    lang: Option<String>,
    kids: Vec<String>,
}

/// Reads the tagged structure with lopdf and checks it is whole: the
/// catalog marks the file tagged with a language and shows its title;
/// every MCID of every page is listed in the parent tree at its index and
/// that element references it back; everything drawn (text, paths,
/// images) is inside marked content (an element's or an artifact).
/// Returns the elements in reading order.
fn tagged(pdf: &Path) -> Vec<Tagged> {
    use lopdf::{Document, Object};
    let doc = Document::load(pdf).unwrap_or_else(|e| panic!("lopdf reads the file: {e}"));
    let cat = doc.catalog().unwrap_or_else(|e| panic!("{e}"));
    let get = |o: &Object| doc.dereference(o).map(|(_, o)| o.clone()).unwrap_or(Object::Null);
    let dict = |d: &lopdf::Dictionary, k: &[u8]| d.get(k).map(&get).unwrap_or(Object::Null);
    let mark = dict(cat, b"MarkInfo");
    assert!(matches!(mark.as_dict().and_then(|m| m.get(b"Marked")), Ok(Object::Boolean(true))), "MarkInfo");
    let lang = lopdf::decode_text_string(&dict(cat, b"Lang")).unwrap_or_default();
    assert_eq!(lang, "en", "the catalog's /Lang");
    let prefs = dict(cat, b"ViewerPreferences");
    assert!(matches!(prefs.as_dict().and_then(|m| m.get(b"DisplayDocTitle")), Ok(Object::Boolean(true))));
    let xmp = match dict(cat, b"Metadata") {
        Object::Stream(s) => String::from_utf8_lossy(&s.content).into_owned(),
        other => panic!("XMP metadata stream: {other:?}"),
    };
    assert!(xmp.contains("<dc:title>") && xmp.contains("Maya Okafor"), "{xmp}");
    let root = dict(cat, b"StructTreeRoot");
    let root = root.as_dict().unwrap_or_else(|_| panic!("StructTreeRoot"));
    let tree = dict(root, b"ParentTree");
    let nums = tree.as_dict().ok().map(|t| dict(t, b"Nums")).unwrap_or(Object::Null);
    let nums = nums.as_array().cloned().unwrap_or_default();
    let parent = |key: i64| -> Object {
        nums.chunks(2).find(|p| p[0].as_i64().ok() == Some(key)).map(|p| get(&p[1])).unwrap_or(Object::Null)
    };
    let is_mcid_of = |elem: &Object, page: lopdf::ObjectId, mcid: i64| -> bool {
        let Ok(id) = elem.as_reference() else { return false };
        let Ok(e) = doc.get_dictionary(id) else { return false };
        let kids = dict(e, b"K");
        kids.as_array().cloned().unwrap_or_default().iter().map(&get).any(|k| {
            k.as_dict().is_ok_and(|k| {
                k.get(b"MCID").and_then(Object::as_i64).ok() == Some(mcid)
                    && k.get(b"Pg").and_then(Object::as_reference).ok() == Some(page)
            })
        })
    };
    for (n, page) in doc.get_pages() {
        let pd = doc.get_dictionary(page).unwrap_or_else(|e| panic!("{e}"));
        let key =
            pd.get(b"StructParents").and_then(Object::as_i64).unwrap_or_else(|_| panic!("page {n} StructParents"));
        let listed = parent(key).as_array().cloned().unwrap_or_default();
        let content = doc.get_and_decode_page_content(page).unwrap_or_else(|e| panic!("{e}"));
        // Marked content open: true for an element's or an artifact.
        let mut stack: Vec<bool> = Vec::new();
        let mut mcids = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let tag = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or_default().to_vec();
                    let mcid = op.operands.get(1).and_then(|p| p.as_dict().ok()).and_then(|p| p.get(b"MCID").ok());
                    if let Some(m) = mcid.and_then(|m| m.as_i64().ok()) {
                        mcids.push(m);
                    }
                    stack.push(mcid.is_some() || tag == b"Artifact");
                }
                "EMC" => assert!(stack.pop().is_some(), "page {n}: EMC without BDC"),
                "Tj" | "TJ" | "Do" | "re" | "S" | "f" | "B" => {
                    assert!(stack.iter().any(|m| *m), "page {n}: {} outside marked content", op.operator)
                }
                _ => {}
            }
        }
        assert!(stack.is_empty(), "page {n}: marked content left open");
        assert_eq!(mcids, (0..mcids.len() as i64).collect::<Vec<_>>(), "page {n}: MCIDs in order");
        assert_eq!(listed.len(), mcids.len(), "page {n}: every MCID in the parent tree");
        for (m, elem) in listed.iter().enumerate() {
            assert!(is_mcid_of(elem, page, m as i64), "page {n}: MCID {m} referenced back by its element");
        }
    }
    // The tree in reading order.
    let mut out = Vec::new();
    let mut todo: Vec<Object> = dict(root, b"K").as_array().cloned().unwrap_or_else(|_| vec![dict(root, b"K")]);
    todo.reverse();
    let mut guard = 0;
    while let Some(o) = todo.pop() {
        guard += 1;
        assert!(guard < 1_000_000, "structure tree has a cycle");
        let Ok(e) = get(&o).as_dict().cloned() else { continue };
        if e.get(b"MCID").is_ok() || e.get(b"Obj").is_ok() {
            continue;
        }
        let kids: Vec<Object> = match dict(&e, b"K") {
            Object::Array(a) => a,
            Object::Null => vec![],
            k => vec![k],
        };
        let role = String::from_utf8_lossy(dict(&e, b"S").as_name().unwrap_or_default()).into_owned();
        let names = kids
            .iter()
            .filter_map(|k| get(k).as_dict().ok().and_then(|k| k.get(b"S").ok()?.as_name().ok().map(|s| s.to_vec())))
            .map(|s| String::from_utf8_lossy(&s).into_owned())
            .collect();
        let text = |k: &[u8]| e.get(k).ok().and_then(|o| lopdf::decode_text_string(&get(o)).ok());
        out.push(Tagged { role, alt: text(b"Alt"), lang: text(b"Lang"), kids: names });
        todo.extend(kids.into_iter().rev());
    }
    out
}

/// Issue 11: tagged, accessible PDFs. Headings, paragraphs, lists, tables
/// with header cells, figures with the photos' alternative text and the
/// chart's; a contents page as TOC; running heads as artifacts (checked:
/// nothing is drawn outside marked content); no false PDF/X claim.
#[test]
fn documents_are_tagged_with_language_figures_alt_and_table_headers() {
    let f = fixture();
    for (kind, paper) in
        [(DocumentKind::Exhibition, Paper::A4), (DocumentKind::Plan, Paper::Letter), (DocumentKind::Summary, Paper::A4)]
    {
        let (pdf, _) = run(&f, kind, paper, "tagged.pdf");
        let info = tool("pdfinfo", &[], &pdf);
        assert!(info.contains("Tagged:          yes"), "{kind:?}: {info}");
        assert!(!info.contains("PDF/X") && !info.contains("PDF/A") && !info.contains("PDF/UA"), "{info}");
        let elems = tagged(&pdf);
        let count = |r: &str| elems.iter().filter(|e| e.role == r).count();
        assert_eq!(elems.first().map(|e| e.role.as_str()), Some("Document"), "{kind:?}");
        assert!(count("H1") >= 2 && count("H2") >= 1 && count("P") >= 3, "{kind:?}: {elems:?}");
        assert!(count("Table") >= 1 && count("TH") >= 2 && count("TD") >= 2, "{kind:?} tables");
        for t in elems.iter().filter(|e| e.role == "Table") {
            assert!(t.kids.iter().all(|k| k == "TR"), "{kind:?}: a table holds rows: {t:?}");
        }
        for l in elems.iter().filter(|e| e.role == "L") {
            assert!(l.kids.iter().all(|k| k == "LI"), "{kind:?}: a list holds items: {l:?}");
        }
        for fig in elems.iter().filter(|e| e.role == "Figure") {
            assert!(fig.alt.as_deref().is_some_and(|a| !a.trim().is_empty()), "{kind:?}: figure without /Alt");
        }
        match kind {
            DocumentKind::Exhibition => {
                assert!(elems.iter().any(|e| e.role == "P" && e.lang.as_deref() == Some("es")), "Spanish /Lang");
                let alts: Vec<&str> = elems.iter().filter_map(|e| e.alt.as_deref()).collect();
                for alt in ["A wide photo of the clinic", "A tall photo of a cat", "Photo of Maya Okafor"] {
                    assert!(alts.contains(&alt), "{alt} in {alts:?}");
                }
                assert!(count("TOC") == 1 && count("TOCI") >= 3 && count("Link") >= 3, "contents");
                assert!(count("Caption") >= 2);
            }
            DocumentKind::Summary => {
                assert!(elems
                    .iter()
                    .any(|e| e.role == "Figure" && e.alt.as_deref().is_some_and(|a| a.starts_with("Bar chart:"))));
            }
            DocumentKind::Plan => assert!(count("L") + count("Table") >= 2),
        }
        // A /Lang on an element only where it differs from the document's.
        assert!(elems.iter().all(|e| e.lang.as_deref() != Some("en")), "{kind:?}");
    }
}
