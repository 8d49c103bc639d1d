//! The tagged PDF, added with lopdf after printpdf wrote the pages: the
//! structure tree (`StructTreeRoot`, a `Document` element holding the
//! layout's [`Elem`]s, each with its marked-content references), the parent
//! tree mapping every page's MCIDs and every link annotation back to its
//! element, `MarkInfo`, the document language, `DisplayDocTitle`, and XMP
//! metadata. The Info dictionary's `GTS_PDFXVersion` that printpdf always
//! writes is removed: these files are not PDF/X (there is no OutputIntent),
//! and they claim no other conformance either.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::layout::tags::{Elem, Role};

/// What the page writer recorded about one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageMarks {
    /// `mcids[n]`: the element that marked-content id `n` belongs to.
    pub mcids: Vec<usize>,
    /// For each link annotation of the page, in order: its element.
    pub links: Vec<Option<usize>>,
}

/// The document's title, author, subject, keywords, language and dates
/// for the XMP metadata.
pub(crate) struct Info<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub keywords: &'a [String],
    pub lang: &'a str,
    pub created: chrono::DateTime<chrono::Utc>,
    pub producer: &'a str,
}

fn text(s: &str) -> Object {
    Object::String(crate::pdf::utf16_be(s), lopdf::StringFormat::Hexadecimal)
}

/// Adds the structure tree and the document-level accessibility entries.
pub(crate) fn tag(doc: &mut Document, elems: &[Elem], marks: &[PageMarks], info: &Info) {
    // Structure trees, MarkInfo and /Lang are PDF 1.4+; printpdf writes 1.3.
    doc.version = "1.7".into();
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    // Own content of each element, in drawing order: (page, MCID) or (page, annotation).
    enum Kid {
        Mcr(usize, usize),
        Objr(usize, ObjectId),
    }
    let mut content: Vec<Vec<Kid>> = elems.iter().map(|_| Vec::new()).collect();
    let mut annots: Vec<Vec<(ObjectId, usize)>> = Vec::new();
    for (p, m) in marks.iter().enumerate().take(pages.len()) {
        for (n, e) in m.mcids.iter().enumerate() {
            if let Some(c) = content.get_mut(*e) {
                c.push(Kid::Mcr(p, n));
            }
        }
        // printpdf writes the annotations inline: each becomes an object
        // of its own so that its element can reference it.
        let mut moved = Vec::new();
        let inline: Vec<Object> = doc
            .get_dictionary(pages[p])
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let mut refs = Vec::with_capacity(inline.len());
        for (k, a) in inline.into_iter().enumerate() {
            let id = match a {
                Object::Reference(id) => id,
                other => doc.add_object(other),
            };
            refs.push(Object::Reference(id));
            if let Some(Some(e)) = m.links.get(k) {
                if let Some(c) = content.get_mut(*e) {
                    c.push(Kid::Objr(p, id));
                    moved.push((id, *e));
                }
            }
        }
        if let Ok(page) = doc.get_object_mut(pages[p]).and_then(Object::as_dict_mut) {
            page.set("Annots", Object::Array(refs));
        }
        annots.push(moved);
    }
    // An element is kept when it or an element inside it has content; table
    // cells always are (a table keeps its grid).
    let mut keep: Vec<bool> = elems
        .iter()
        .enumerate()
        .map(|(i, e)| !content[i].is_empty() || matches!(e.role, Role::TH | Role::TD))
        .collect();
    for i in (0..elems.len()).rev() {
        if keep[i] {
            if let Some(p) = elems[i].parent {
                if p < i {
                    keep[p] = true;
                }
            }
        }
    }
    let root = doc.new_object_id();
    let document = doc.new_object_id();
    let ids: Vec<ObjectId> = elems.iter().map(|_| doc.new_object_id()).collect();
    let mut children: Vec<Vec<usize>> = elems.iter().map(|_| Vec::new()).collect();
    let mut top = Vec::new();
    for (i, e) in elems.iter().enumerate().filter(|(i, _)| keep[*i]) {
        match e.parent.filter(|p| *p < i) {
            Some(p) => children[p].push(i),
            None => top.push(i),
        }
    }
    let page_ref = |p: usize| Object::Reference(pages[p]);
    for (i, e) in elems.iter().enumerate().filter(|(i, _)| keep[*i]) {
        let mut kids: Vec<Object> = children[i].iter().map(|c| Object::Reference(ids[*c])).collect();
        for k in &content[i] {
            let mut d = Dictionary::new();
            match k {
                Kid::Mcr(p, n) => {
                    d.set("Type", "MCR");
                    d.set("Pg", page_ref(*p));
                    d.set("MCID", Object::Integer(*n as i64));
                }
                Kid::Objr(p, id) => {
                    d.set("Type", "OBJR");
                    d.set("Pg", page_ref(*p));
                    d.set("Obj", Object::Reference(*id));
                }
            }
            kids.push(Object::Dictionary(d));
        }
        let mut d = Dictionary::new();
        d.set("Type", "StructElem");
        d.set("S", Object::Name(e.role.name().as_bytes().to_vec()));
        d.set("P", Object::Reference(e.parent.filter(|p| *p < i).map(|p| ids[p]).unwrap_or(document)));
        if let Some(Kid::Mcr(p, _) | Kid::Objr(p, _)) = content[i].first() {
            d.set("Pg", page_ref(*p));
        }
        d.set("K", Object::Array(kids));
        if let Some(alt) = &e.alt {
            d.set("Alt", text(alt));
        }
        if let Some(lang) = &e.lang {
            d.set("Lang", text(lang));
        }
        if let Some(scope) = e.scope {
            let mut a = Dictionary::new();
            a.set("O", "Table");
            a.set("Scope", Object::Name(scope.as_bytes().to_vec()));
            d.set("A", Object::Dictionary(a));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut d = Dictionary::new();
    d.set("Type", "StructElem");
    d.set("S", "Document");
    d.set("P", Object::Reference(root));
    d.set("K", Object::Array(top.iter().map(|i| Object::Reference(ids[*i])).collect()));
    doc.objects.insert(document, Object::Dictionary(d));

    // The parent tree: page i's MCIDs under key i; annotations after the pages.
    let mut nums = Vec::new();
    for (p, m) in marks.iter().enumerate().take(pages.len()) {
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(m.mcids.iter().map(|e| Object::Reference(ids[*e])).collect()));
        if let Ok(page) = doc.get_object_mut(pages[p]).and_then(Object::as_dict_mut) {
            page.set("StructParents", Object::Integer(p as i64));
            page.set("Tabs", "S");
        }
    }
    let mut next = pages.len() as i64;
    for (id, e) in annots.iter().flatten() {
        nums.push(Object::Integer(next));
        nums.push(Object::Reference(ids[*e]));
        if let Ok(a) = doc.get_object_mut(*id).and_then(Object::as_dict_mut) {
            a.set("StructParent", Object::Integer(next));
            if !a.has(b"Contents") {
                a.set("Contents", text("Go to the page of this contents entry"));
            }
        }
        next += 1;
    }
    let parent_tree = doc.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    let mut r = Dictionary::new();
    r.set("Type", "StructTreeRoot");
    r.set("K", Object::Reference(document));
    r.set("ParentTree", Object::Reference(parent_tree));
    r.set("ParentTreeNextKey", Object::Integer(next));
    doc.objects.insert(root, Object::Dictionary(r));

    let metadata = doc.add_object(
        Stream::new(
            Dictionary::from_iter(vec![("Type", Object::from("Metadata")), ("Subtype", Object::from("XML"))]),
            xmp(info).into_bytes(),
        )
        .with_compression(false),
    );
    let catalog = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    if let Some(Ok(cat)) = catalog.map(|c| doc.get_object_mut(c).and_then(Object::as_dict_mut)) {
        cat.set("StructTreeRoot", Object::Reference(root));
        cat.set("MarkInfo", Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]));
        cat.set("Lang", text(info.lang));
        cat.set("ViewerPreferences", Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]));
        cat.set("Metadata", Object::Reference(metadata));
        cat.remove(b"OutputIntents");
    }
    // No conformance is claimed that the file does not meet.
    let info_id = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    if let Some(Ok(d)) = info_id.map(|i| doc.get_object_mut(i).and_then(Object::as_dict_mut)) {
        d.remove(b"GTS_PDFXVersion");
        d.remove(b"GTS_PDFXConformance");
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The XMP packet: title, author, subject, keywords, language, dates, tools.
fn xmp(i: &Info) -> String {
    let date = i.created.format("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n\
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n\
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
<xmp:CreateDate>{date}</xmp:CreateDate>\n\
<xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
<xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
<xmp:CreatorTool>Learner Portfolio</xmp:CreatorTool>\n\
<pdf:Producer>{producer}</pdf:Producer>\n\
<pdf:Keywords>{keywords}</pdf:Keywords>\n\
</rdf:Description>\n\
</rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = esc(i.title),
        author = esc(i.author),
        subject = esc(i.subject),
        lang = esc(i.lang),
        producer = esc(i.producer),
        keywords = esc(&i.keywords.join(", ")),
    )
}
