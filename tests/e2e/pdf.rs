//! The PDF files themselves, read back with lopdf and qpdf: the standards they declare, their
//! tags, title and author, clickable links, byte-for-byte reproducibility, structural validity,
//! and no missing glyph (tofu) anywhere, for every seed and every sample at the default options
//! (classic layout, PDF/A-2b with PDF/UA-1).

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::process::Command;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object};

use crate::harness::{Case, root};

/// The name each input's author gave, which the PDF's title and author must carry.
///
/// Every seed and sample needs a line here; the title check names any that lacks one.
const NAMES: &[(&str, &str)] = &[
    ("000_aa0fae0c06efd418.txt", "Mojtaba \"Tab\" Ahmadi"),
    ("003_9fb50c5e6b2b3f56.txt", "Mahdi Ghadiri"),
    ("clean-en.md", "Priya Natarajan"),
    ("german-cp1252.txt", "Jürgen Weiß"),
    ("injection.md", "Alex \"#set page(width: 1cm)\" Doe"),
    ("persian-name.md", "Shirin Kamali — شیرین کمالی"),
];

/// The URI schemes a résumé's links may use.
const SAFE_SCHEMES: &[&str] = &["https", "http", "mailto", "tel"];

/// Returns the seeds (`seeds/*.txt`) and samples (`tests/samples/*.md`, `*.txt`, but not their
/// README), as paths relative to the repository, sorted.
fn inputs() -> Vec<String> {
    let mut inputs = Vec::new();
    for (dir, extensions) in [
        ("seeds", &["txt"][..]),
        ("tests/samples", &["md", "txt"][..]),
    ] {
        let entries = std::fs::read_dir(root().join(dir)).expect("the directory of inputs exists");
        for entry in entries {
            let path = entry.expect("the directory can be listed").path();
            let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
                continue;
            };
            let is_input = path.is_file()
                && name != "README.md"
                && path
                    .extension()
                    .and_then(|ext| ext.to_str())
                    .is_some_and(|ext| extensions.contains(&ext));
            if is_input {
                inputs.push(format!("{dir}/{name}"));
            }
        }
    }
    inputs.sort();
    assert!(
        inputs.len() >= 6,
        "the two seeds and four samples are in the repository"
    );
    inputs
}

/// One PDF that cvpdf wrote, loaded.
struct Pdf {
    /// The input it was rendered from, relative to the repository (`seeds/000_….txt`).
    input: String,
    /// Where it was written.
    path: PathBuf,
    /// Its bytes.
    bytes: Vec<u8>,
    /// Its objects.
    doc: Document,
}

impl fmt::Display for Pdf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.path.file_name().unwrap_or_default().to_string_lossy();
        write!(f, "{name} (from {})", self.input)
    }
}

impl Pdf {
    /// Returns the input's file name (`clean-en.md`).
    fn input_name(&self) -> &str {
        self.input.rsplit('/').next().unwrap_or(&self.input)
    }

    /// Returns the catalog.
    #[track_caller]
    fn catalog(&self) -> &Dictionary {
        self.doc
            .catalog()
            .unwrap_or_else(|err| panic!("{self}: no document catalog ({err})"))
    }

    /// Returns the object `object` refers to, or `object` itself.
    fn resolve<'a>(&'a self, object: &'a Object) -> &'a Object {
        self.doc
            .dereference(object)
            .map_or(object, |(_, target)| target)
    }

    /// Returns the XMP metadata packet of the catalog's `/Metadata` stream.
    #[track_caller]
    fn xmp(&self) -> String {
        let metadata = self
            .catalog()
            .get(b"Metadata")
            .unwrap_or_else(|_| panic!("{self}: the catalog has no /Metadata (XMP) stream"));
        let stream = self
            .resolve(metadata)
            .as_stream()
            .unwrap_or_else(|_| panic!("{self}: the catalog's /Metadata is not a stream"));
        let bytes = stream
            .get_plain_content()
            .unwrap_or_else(|err| panic!("{self}: the XMP stream does not decode ({err})"));
        String::from_utf8(bytes).unwrap_or_else(|_| panic!("{self}: the XMP packet is not UTF-8"))
    }

    /// Returns a text string of the document information dictionary (`/Title`, `/Author`).
    #[track_caller]
    fn info(&self, key: &str) -> String {
        let info = self
            .doc
            .trailer
            .get(b"Info")
            .unwrap_or_else(|_| panic!("{self}: the trailer has no /Info dictionary"));
        let info = self
            .resolve(info)
            .as_dict()
            .unwrap_or_else(|_| panic!("{self}: /Info is not a dictionary"));
        let value = info
            .get(key.as_bytes())
            .unwrap_or_else(|_| panic!("{self}: /Info has no /{key}"));
        lopdf::decode_text_string(self.resolve(value))
            .unwrap_or_else(|err| panic!("{self}: /Info /{key} is not a text string ({err})"))
    }

    /// Returns the `/URI` of every link annotation, page by page.
    fn link_uris(&self) -> Vec<String> {
        let mut uris = Vec::new();
        for (page, page_id) in self.doc.get_pages() {
            let annotations = self
                .doc
                .get_page_annotations(page_id)
                .unwrap_or_else(|err| panic!("{self}: page {page}'s /Annots are broken ({err})"));
            for annotation in annotations {
                if annotation.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
                    continue;
                }
                let Some(action) = annotation
                    .get(b"A")
                    .ok()
                    .and_then(|action| self.resolve(action).as_dict().ok())
                else {
                    continue;
                };
                if action.get(b"S").and_then(Object::as_name).ok() != Some(b"URI") {
                    continue;
                }
                let uri = action
                    .get(b"URI")
                    .and_then(Object::as_str)
                    .unwrap_or_else(|_| panic!("{self}: a URI action on page {page} has no /URI"));
                uris.push(String::from_utf8_lossy(uri).into_owned());
            }
        }
        uris
    }
}

/// Copies every input into `case`, renders them all into `case/<out>/` with the default options,
/// and loads the PDFs.
fn render_all(case: &Case, out: &str) -> Vec<Pdf> {
    let inputs = inputs();
    let out_dir = case.path(out);
    std::fs::create_dir_all(&out_dir).expect("the output directory can be created");
    let mut args = vec![
        "render".into(),
        "-o".into(),
        out_dir.clone().into_os_string(),
    ];
    args.extend(inputs.iter().map(|input| case.copy(input).into_os_string()));
    case.cvpdf(args).code(0);
    inputs
        .into_iter()
        .map(|input| {
            let stem = std::path::Path::new(&input)
                .file_stem()
                .expect("an input has a file name")
                .to_owned();
            let path = out_dir.join(stem).with_extension("pdf");
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|err| panic!("{input}: no PDF at {} ({err})", path.display()));
            let doc = Document::load_mem(&bytes)
                .unwrap_or_else(|err| panic!("{input}: lopdf cannot read the PDF ({err})"));
            Pdf {
                input,
                path,
                bytes,
                doc,
            }
        })
        .collect()
}

/// Renders every input once, into `out/`.
fn render_once() -> (Case, Vec<Pdf>) {
    let case = Case::new();
    let pdfs = render_all(&case, "out");
    (case, pdfs)
}

/// Replaces the five predefined XML entities.
fn xml_unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Returns an XMP property's value, written either as an element (`<pdfaid:part>2</…>`) or as an
/// attribute (`pdfaid:part="2"`).
fn xmp_property(xmp: &str, property: &str) -> Option<String> {
    let element = format!("<{property}>");
    if let Some(start) = xmp.find(&element) {
        let rest = &xmp[start + element.len()..];
        return Some(xml_unescape(rest[..rest.find('<')?].trim()));
    }
    for quote in ['"', '\''] {
        let attribute = format!("{property}={quote}");
        if let Some(start) = xmp.find(&attribute) {
            let rest = &xmp[start + attribute.len()..];
            return Some(xml_unescape(&rest[..rest.find(quote)?]));
        }
    }
    None
}

/// Returns the first `rdf:li` item of an XMP array property (`dc:title`, `dc:creator`).
fn xmp_first_item(xmp: &str, property: &str) -> Option<String> {
    let start = xmp.find(&format!("<{property}>"))?;
    let end = start + xmp[start..].find(&format!("</{property}>"))?;
    let inner = &xmp[start..end];
    let item = inner.find("<rdf:li")?;
    let value = item + inner[item..].find('>')? + 1;
    let value_end = value + inner[value..].find("</rdf:li>")?;
    Some(xml_unescape(&inner[value..value_end]))
}

#[test]
fn every_pdf_declares_pdf_a_2b_and_pdf_ua_1_in_its_xmp() {
    let (_case, pdfs) = render_once();
    for pdf in &pdfs {
        let xmp = pdf.xmp();
        for (property, expected) in [
            ("pdfaid:part", "2"),
            ("pdfaid:conformance", "B"),
            ("pdfuaid:part", "1"),
        ] {
            let found = xmp_property(&xmp, property);
            assert_eq!(
                found.as_deref(),
                Some(expected),
                "{pdf}: the XMP metadata lacks {property} = {expected} (it has {found:?})"
            );
        }
    }
}

#[test]
fn every_pdf_is_tagged_and_says_its_language() {
    let (_case, pdfs) = render_once();
    for pdf in &pdfs {
        let catalog = pdf.catalog();
        let tree = catalog
            .get(b"StructTreeRoot")
            .unwrap_or_else(|_| panic!("{pdf}: the catalog has no /StructTreeRoot (not tagged)"));
        let tree = pdf
            .resolve(tree)
            .as_dict()
            .unwrap_or_else(|_| panic!("{pdf}: /StructTreeRoot is not a dictionary"));
        assert!(
            tree.has(b"K"),
            "{pdf}: the structure tree has no elements (/K)"
        );
        let marked = catalog
            .get(b"MarkInfo")
            .ok()
            .and_then(|info| pdf.resolve(info).as_dict().ok())
            .and_then(|info| info.get(b"Marked").ok())
            .and_then(|marked| pdf.resolve(marked).as_bool().ok());
        assert_eq!(
            marked,
            Some(true),
            "{pdf}: the catalog lacks /MarkInfo << /Marked true >>"
        );
        let lang = catalog
            .get(b"Lang")
            .ok()
            .and_then(|lang| lopdf::decode_text_string(pdf.resolve(lang)).ok());
        // The language is detected from the text: the German sample is German.
        let expected = if pdf.to_string().contains("german") {
            "de"
        } else {
            "en"
        };
        assert_eq!(
            lang.as_deref(),
            Some(expected),
            "{pdf}: the catalog lacks /Lang ({expected})"
        );
    }
}

#[test]
fn every_pdf_is_titled_and_authored_with_the_name() {
    let (_case, pdfs) = render_once();
    for pdf in &pdfs {
        let name = NAMES
            .iter()
            .find(|(input, _)| *input == pdf.input_name())
            .map(|(_, name)| *name)
            .unwrap_or_else(|| panic!("{pdf}: add the author's name of {} to NAMES", pdf.input));
        let title = format!("{name} — Résumé");
        assert_eq!(pdf.info("Title"), title, "{pdf}: /Info /Title");
        assert_eq!(pdf.info("Author"), name, "{pdf}: /Info /Author");
        let xmp = pdf.xmp();
        assert_eq!(
            xmp_first_item(&xmp, "dc:title").as_deref(),
            Some(title.as_str()),
            "{pdf}: the XMP dc:title"
        );
        assert_eq!(
            xmp_first_item(&xmp, "dc:creator").as_deref(),
            Some(name),
            "{pdf}: the XMP dc:creator"
        );
    }
}

/// Asserts that the PDF rendered from `input` links to every URI of `expected`.
#[track_caller]
fn assert_links(pdfs: &[Pdf], input: &str, expected: &[&str]) {
    let pdf = pdfs
        .iter()
        .find(|pdf| pdf.input == input)
        .unwrap_or_else(|| panic!("{input} was rendered"));
    let found: BTreeSet<String> = pdf.link_uris().into_iter().collect();
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|uri| !found.contains(**uri))
        .collect();
    assert!(
        missing.is_empty(),
        "{pdf}: no link annotation for {missing:?}; the links are {found:#?}"
    );
}

#[test]
fn links_in_the_seeds_are_clickable() {
    let (_case, pdfs) = render_once();
    // Every link target of tests/fixtures/text/expected/000_aa0fae0c06efd418.md, plus the e-mail
    // address and the phone number, which cvpdf links itself.
    assert_links(
        &pdfs,
        "seeds/000_aa0fae0c06efd418.txt",
        &[
            "mailto:tabmadi@proton.me",
            "tel:+96892212401",
            "https://linkedin.com/in/tabmadi",
            "https://github.com/TheRealZurvan",
            "https://stackoverflow.com/users/4155138/zurvan",
            "https://zionpayment.com/",
            "https://www.staking.xyz/",
            "https://www.thorswap.finance/",
            "https://www.omnivers.net/",
            "https://trustero.pages.dev/auth/login",
            "https://nighttrader.exchange/",
            "https://layer.cafe/",
        ],
    );
    // The links of 003 whose text is printed (its PyPI badges are images, which cvpdf leaves out).
    assert_links(
        &pdfs,
        "seeds/003_9fb50c5e6b2b3f56.txt",
        &[
            "mailto:mahdighadiriafzal@gmail.com",
            "https://www.linkedin.com/in/mahdi-ghadiriii/",
            "https://github.com/mahdighadiriii/AiGateway-DDD-Hexagonal",
            "https://github.com/mahdighadiriii/django-observability",
            "https://github.com/mahdighadiriii",
        ],
    );
}

#[test]
fn every_link_uses_a_safe_scheme() {
    let (_case, pdfs) = render_once();
    for pdf in &pdfs {
        for uri in pdf.link_uris() {
            let scheme = uri
                .split_once(':')
                .map(|(scheme, _)| scheme.to_ascii_lowercase());
            assert!(
                scheme
                    .as_deref()
                    .is_some_and(|scheme| SAFE_SCHEMES.contains(&scheme)),
                "{pdf}: a link to {uri:?} uses a scheme other than {SAFE_SCHEMES:?}"
            );
        }
    }
}

#[test]
fn two_renders_of_the_same_input_are_byte_identical() {
    let case = Case::new();
    let first = render_all(&case, "first");
    let second = render_all(&case, "second");
    for (a, b) in first.iter().zip(&second) {
        let offset = a
            .bytes
            .iter()
            .zip(&b.bytes)
            .position(|(x, y)| x != y)
            .or_else(|| (a.bytes.len() != b.bytes.len()).then(|| a.bytes.len().min(b.bytes.len())));
        assert!(
            offset.is_none(),
            "{a}: two renders differ from byte {offset:?} on ({} and {} bytes)",
            a.bytes.len(),
            b.bytes.len()
        );
    }
}

#[test]
fn qpdf_finds_no_problem_in_any_pdf() {
    let (_case, pdfs) = render_once();
    for pdf in &pdfs {
        let output = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf.path)
            .output()
            .expect("qpdf is installed; .ci/run installs it");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{pdf}: `qpdf --check` reports problems (exit 2 = errors, 3 = warnings):\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn poppler_reads_every_pdf_without_a_complaint() {
    // Poppler 22 took the catalog's `/Suspects false` for a syntax error.
    let (_case, pdfs) = render_once();
    for pdf in &pdfs {
        for tool in ["pdfinfo", "pdffonts"] {
            let output = Command::new(tool)
                .arg(&pdf.path)
                .output()
                .expect("poppler-utils is installed; .ci/run installs it");
            assert!(output.status.success(), "{pdf}: {tool} failed");
            assert_eq!(
                String::from_utf8_lossy(&output.stderr),
                "",
                "{pdf}: {tool} complains"
            );
        }
    }
}

#[test]
fn no_pdf_shows_a_missing_glyph() {
    let (_case, pdfs) = render_once();
    for pdf in &pdfs {
        assert_no_notdef(&pdf.bytes, &pdf.to_string());
    }
}

// ---------------------------------------------------------------------------------------------
// Missing glyphs

/// One place where a page shows glyph 0 (`.notdef`, drawn as an empty box: "tofu").
#[derive(Debug, Clone, PartialEq, Eq)]
struct Notdef {
    /// Where: `page 2`, or `page 2, form /x0` for a form XObject drawn on the page.
    place: String,
    /// The font's resource name and base font (`/f1 SourceSerif4-Regular`).
    font: String,
    /// The text-showing operator (`Tj`, `TJ`, `'` or `"`).
    operator: String,
}

impl fmt::Display for Notdef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} shows glyph 0 with {}",
            self.place, self.font, self.operator
        )
    }
}

/// Asserts that no page of `pdf` shows glyph 0 of a composite (Type0) font.
#[track_caller]
fn assert_no_notdef(pdf: &[u8], case_name: &str) {
    let found = notdef_shows(pdf, case_name);
    assert!(
        found.is_empty(),
        "{case_name}: {} missing glyph(s) (.notdef, tofu) in the PDF:\n  {}",
        found.len(),
        found
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

/// Returns every place where a page of `pdf`, or a form XObject it draws, shows the two-byte
/// code 0x0000 in a Type0 font.
///
/// Typst writes every outline font as a Type0 font with `Identity-H` encoding, so a code is a
/// glyph id and 0 is `.notdef`. Type3 fonts (colour emoji) have no `.notdef` and are skipped.
///
/// # Panics
/// Panics, naming `file`, if the PDF or a content stream cannot be read.
fn notdef_shows(pdf: &[u8], file: &str) -> Vec<Notdef> {
    let doc = Document::load_mem(pdf)
        .unwrap_or_else(|err| panic!("{file}: lopdf cannot read the PDF ({err})"));
    let mut scan = Scan {
        doc: &doc,
        file,
        found: Vec::new(),
    };
    for (number, page_id) in doc.get_pages() {
        let place = format!("page {number}");
        let mut content = Vec::new();
        for id in doc.get_page_contents(page_id) {
            let stream = doc
                .get_object(id)
                .and_then(Object::as_stream)
                .unwrap_or_else(|err| {
                    panic!("{file}, {place}: a content stream is missing ({err})")
                });
            let bytes = stream.get_plain_content().unwrap_or_else(|err| {
                panic!("{file}, {place}: a content stream does not decode ({err})")
            });
            content.extend_from_slice(&bytes);
            content.push(b'\n');
        }
        let (direct, referenced) = doc.get_page_resources(page_id).unwrap_or_else(|err| {
            panic!("{file}, {place}: the page's resources are broken ({err})")
        });
        let resources: Vec<&Dictionary> = direct
            .into_iter()
            .chain(
                referenced
                    .iter()
                    .filter_map(|id| doc.get_dictionary(*id).ok()),
            )
            .collect();
        scan.content(&content, &resources, &place, 0);
    }
    scan.found
}

/// Returns the entry `name` of the resource category `category` (`Font`, `XObject`), from the
/// first of `resources` that has it.
fn resource<'a>(
    doc: &'a Document,
    resources: &[&'a Dictionary],
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    resources.iter().find_map(|dict| {
        let (_, entries) = doc.dereference(dict.get(category).ok()?).ok()?;
        let (_, entry) = doc
            .dereference(entries.as_dict().ok()?.get(name).ok()?)
            .ok()?;
        Some(entry)
    })
}

/// Returns the resource name and base font of `name` if it is a Type0 font, else `None`.
fn type0_font(doc: &Document, resources: &[&Dictionary], name: &[u8]) -> Option<String> {
    let font = resource(doc, resources, b"Font", name)?.as_dict().ok()?;
    if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
        return None;
    }
    let base = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    Some(format!("/{} {base}", String::from_utf8_lossy(name)))
}

/// Returns true if and only if a text-showing operation shows the two-byte code 0x0000.
fn shows_glyph_zero(operation: &Operation) -> bool {
    let strings: Vec<&[u8]> = match operation.operator.as_str() {
        "Tj" | "'" => operation.operands.first().into_iter().collect::<Vec<_>>(),
        "\"" => operation.operands.get(2).into_iter().collect(),
        "TJ" => operation
            .operands
            .first()
            .and_then(|array| array.as_array().ok())
            .map(|items| items.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter_map(|operand| operand.as_str().ok())
    .collect();
    strings
        .iter()
        .any(|codes| codes.chunks_exact(2).any(|code| code == [0, 0]))
}

/// A scan of one PDF's content streams for glyph 0.
struct Scan<'a> {
    doc: &'a Document,
    /// The PDF's name, for messages.
    file: &'a str,
    /// What the scan found so far.
    found: Vec<Notdef>,
}

impl<'a> Scan<'a> {
    /// Scans one content stream, following `q`/`Q` and `Tf`, and the form XObjects it draws.
    fn content(&mut self, content: &[u8], resources: &[&'a Dictionary], place: &str, depth: usize) {
        let file = self.file;
        let operations = Content::decode(content)
            .unwrap_or_else(|err| {
                panic!("{file}, {place}: the content stream does not parse ({err})")
            })
            .operations;
        // The font is part of the graphics state, which `q` saves and `Q` restores.
        let mut font: Option<Vec<u8>> = None;
        let mut saved: Vec<Option<Vec<u8>>> = Vec::new();
        for operation in &operations {
            match operation.operator.as_str() {
                "q" => saved.push(font.clone()),
                "Q" => font = saved.pop().unwrap_or_default(),
                "Tf" => {
                    font = operation
                        .operands
                        .first()
                        .and_then(|name| name.as_name().ok())
                        .map(<[u8]>::to_vec);
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    if let Some(name) = &font
                        && shows_glyph_zero(operation)
                        && let Some(described) = type0_font(self.doc, resources, name)
                    {
                        self.found.push(Notdef {
                            place: place.to_owned(),
                            font: described,
                            operator: operation.operator.clone(),
                        });
                    }
                }
                "Do" if depth < 8 => self.form(operation, resources, place, depth),
                _ => {}
            }
        }
    }

    /// Scans the form XObject a `Do` operation draws, if it draws a form.
    fn form(
        &mut self,
        operation: &Operation,
        resources: &[&'a Dictionary],
        place: &str,
        depth: usize,
    ) {
        let doc = self.doc;
        let Some(name) = operation.operands.first().and_then(|n| n.as_name().ok()) else {
            return;
        };
        let Some(form) = resource(doc, resources, b"XObject", name)
            .and_then(|object| object.as_stream().ok())
            .filter(|stream| {
                stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")
            })
        else {
            return;
        };
        let place = format!("{place}, form /{}", String::from_utf8_lossy(name));
        let content = form.get_plain_content().unwrap_or_else(|err| {
            panic!("{}, {place}: the form does not decode ({err})", self.file)
        });
        // A form without resources of its own uses those of the page that draws it.
        let own = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|own| doc.dereference(own).ok())
            .and_then(|(_, own)| own.as_dict().ok());
        let form_resources: Vec<&Dictionary> = match own {
            Some(own) => vec![own],
            None => resources.to_vec(),
        };
        self.content(&content, &form_resources, &place, depth + 1);
    }
}

/// Builds a one-page PDF whose content (and a form it draws) shows glyph 0 in some places.
fn synthetic_pdf(page: &[u8], form: &[u8]) -> Vec<u8> {
    use lopdf::{Stream, dictionary};

    let mut doc = Document::with_version("1.7");
    let type0 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "ABCDEF+SourceSerif4-Regular",
        "Encoding" => "Identity-H",
    });
    let type3 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type3",
    });
    let fonts = dictionary! { "F1" => type0, "F3" => type3 };
    let form = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Resources" => dictionary! { "Font" => fonts.clone() },
        },
        form.to_vec(),
    ));
    let content = doc.add_object(Stream::new(dictionary! {}, page.to_vec()));
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
        "Resources" => dictionary! {
            "Font" => fonts,
            "XObject" => dictionary! { "X1" => form },
        },
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    doc.compress();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .expect("an in-memory PDF can be written");
    bytes
}

#[test]
fn the_notdef_scanner_finds_glyph_zero_in_type0_text_only() {
    let clean = synthetic_pdf(
        b"BT /F1 10 Tf <00410042> Tj [<0041> -20 <41000041>] TJ ET\n\
          BT /F3 10 Tf <0000> Tj ET",
        b"BT /F1 10 Tf <0041> Tj ET",
    );
    assert_eq!(
        notdef_shows(&clean, "clean.pdf"),
        [],
        "0x0000 across two codes, and code 0 of a Type3 font, are not .notdef"
    );
    assert_no_notdef(&clean, "the clean synthetic PDF");

    let tofu = synthetic_pdf(
        b"BT /F1 10 Tf [<0041> -20 <0000>] TJ ET\n\
          BT /F3 10 Tf ET q BT /F1 10 Tf ET Q BT <0000> ' ET\n\
          BT /F1 10 Tf ET q BT /F3 10 Tf ET Q BT 1 2 <00410000> \" ET\n\
          /X1 Do",
        b"BT /F1 10 Tf <0000> Tj ET",
    );
    let font = "/F1 ABCDEF+SourceSerif4-Regular";
    let expected = [
        ("page 1", "TJ"),
        ("page 1", "\""),
        ("page 1, form /X1", "Tj"),
    ]
    .map(|(place, operator)| Notdef {
        place: place.to_owned(),
        font: font.to_owned(),
        operator: operator.to_owned(),
    });
    assert_eq!(notdef_shows(&tofu, "tofu.pdf"), expected);
    let message = std::panic::catch_unwind(|| assert_no_notdef(&tofu, "tofu.pdf"))
        .expect_err("assert_no_notdef fails on a PDF with tofu");
    let message = message
        .downcast_ref::<String>()
        .expect("the assertion message is a String");
    assert!(
        message.contains("tofu.pdf: 3 missing glyph(s)")
            && message.contains("page 1, form /X1: /F1 ABCDEF+SourceSerif4-Regular shows glyph 0"),
        "the message names the file, the place and the font:\n{message}"
    );
}

#[test]
fn tofu_in_a_real_render_is_caught() {
    // U+E000 is a private-use character: no bundled font (and no usual system font) has it.
    let case = Case::new();
    case.write(
        "tofu.md",
        "# Tofu Tester\n\n## Summary\n\nA private character \u{E000} here.\n",
    );
    // Ask for the box explicitly where cvpdf knows how (`--allow-missing-glyphs`); a cvpdf that
    // does not know the flag (exit 2) is asked again without it. PDF/A would refuse the missing
    // glyph itself, so no standard is asked for.
    let mut run = case.cvpdf([
        "render",
        "--pdf-standard",
        "none",
        "--allow-missing-glyphs",
        "tofu.md",
    ]);
    if run.output.status.code() == Some(2) {
        run = case.cvpdf(["render", "--pdf-standard", "none", "tofu.md"]);
    }
    match run.output.status.code() {
        Some(0) => {
            let pdf = std::fs::read(case.path("tofu.pdf")).expect("cvpdf wrote tofu.pdf");
            let found = notdef_shows(&pdf, "tofu.pdf");
            assert!(
                !found.is_empty(),
                "tofu.pdf: U+E000 has no glyph in any bundled font, yet the scanner found no \
                 .notdef: either a font covers it now or the scanner is blind"
            );
            let message = std::panic::catch_unwind(|| assert_no_notdef(&pdf, "tofu.pdf"))
                .expect_err("assert_no_notdef fails on a real PDF with tofu");
            let message = message
                .downcast_ref::<String>()
                .expect("the assertion message is a String");
            assert!(
                message.starts_with("tofu.pdf: 1 missing glyph(s)")
                    && message.contains("page 1: /"),
                "the message names the file, the page and the font:\n{message}"
            );
        }
        // cvpdf refused the character (DESIGN.md rule 3): it must say which one.
        _ => {
            let stderr = run.stderr();
            assert!(
                stderr.contains("tofu.md")
                    && (stderr.contains("U+E000") || stderr.contains("\\u{e000}")),
                "tofu.md: cvpdf failed without naming the character U+E000:\n{stderr}"
            );
        }
    }
}

#[test]
fn ats_text_makes_special_hyphens_and_spaces_plain() {
    let case = Case::new();
    let seed = case.copy("seeds/000_aa0fae0c06efd418.txt");
    case.cvpdf([std::ffi::OsStr::new("render"), seed.as_os_str()])
        .code(0);
    let pdf = case.path("000_aa0fae0c06efd418.pdf");
    let as_written = crate::harness::pdf_text(&pdf);
    assert!(
        as_written.contains("high\u{2011}throughput"),
        "by default the author's non-breaking hyphen is kept"
    );
    case.cvpdf([
        std::ffi::OsStr::new("render"),
        "--ats-text".as_ref(),
        seed.as_os_str(),
    ])
    .code(0);
    let plain = crate::harness::pdf_text(&pdf);
    assert!(
        plain.contains("high-throughput"),
        "--ats-text writes an ASCII hyphen"
    );
    assert!(
        !plain.contains('\u{2011}'),
        "no non-breaking hyphen is left"
    );
    assert!(plain.contains("tabmadi@proton.me") && plain.contains("+968 92212401"));
}
