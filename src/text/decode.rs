//! From bytes to a string: byte order marks, UTF-16, legacy code pages, binary files, line ends.

use encoding_rs::Encoding;

use super::{RepairError, SourceEncoding, score};
use crate::diagnostic::Diagnostic;

/// The input as a string, before any repair.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: SourceEncoding,
    /// What the user should know about the decoding (spans are `None`).
    pub diagnostics: Vec<Diagnostic>,
}

/// How much of the input is looked at to tell binary from text.
const SNIFF_LEN: usize = 1024;

/// Decodes `bytes`: UTF-8 with or without BOM, UTF-16 with BOM (or without one, when the pattern
/// of NUL bytes makes it unmistakable), or else a legacy single-byte code page; binary data is an
/// error. Line ends are left as they are.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, RepairError> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(RepairError::Binary {
            what: "UTF-32 text",
        });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(decode_8bit(rest, true));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, false, 2);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, true, 2);
    }
    if let Some(what) = sniff_binary(bytes) {
        if what == BINARY_DATA
            && let Some(big_endian) = bomless_utf16(bytes)
            && let Ok(decoded) = decode_utf16(bytes, big_endian, 0)
        {
            return Ok(decoded);
        }
        return Err(RepairError::Binary { what });
    }
    Ok(decode_8bit(bytes, false))
}

const BINARY_DATA: &str = "binary data";

/// Recognises binary files: by their signature, or by control bytes that text does not have.
fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a zip archive (or a .docx/.odt document)"),
        (b"PK\x05\x06", "a zip archive"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"BZh", "a bzip2 archive"),
        (b"\xFD7zXZ\x00", "an xz archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "a Microsoft Office document",
        ),
        (b"\x7FELF", "an executable"),
        (b"\x00asm", "a WebAssembly module"),
        (b"SQLite format 3\x00", "an SQLite database"),
        (b"{\\rtf", "an RTF document"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"\x00\x00\x01\x00", "an icon"),
        (b"wOFF", "a font"),
        (b"wOF2", "a font"),
        (b"OTTO", "a font"),
        (b"\x00\x01\x00\x00\x00", "a font"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(what);
        }
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("a WebP image");
    }
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    let controls = sample.iter().filter(|&&b| is_binary_control(b)).count();
    (controls >= 4 && controls * 32 >= sample.len()).then_some(BINARY_DATA)
}

/// C0 controls that text files do not contain (NUL included; tab, line ends, form feed and
/// escape excluded).
fn is_binary_control(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F)
}

/// Recognises UTF-16 without a byte order mark by the NUL high bytes of its ASCII characters.
fn bomless_utf16(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    let half = sample.len() / 2;
    if half < 4 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd * 10 >= half * 3 && even * 20 <= half {
        Some(false)
    } else if even * 10 >= half * 3 && odd * 20 <= half {
        Some(true)
    } else {
        None
    }
}

/// Decodes UTF-16; `base` is the offset of `bytes` in the input, for error messages.
fn decode_utf16(bytes: &[u8], big_endian: bool, base: usize) -> Result<Decoded, RepairError> {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len());
    let mut errors = 0usize;
    let mut first_error = None;
    let mut offset = base;
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => {
                text.push(c);
                offset += c.len_utf16() * 2;
            }
            Err(_) => {
                errors += 1;
                first_error.get_or_insert(offset);
                text.push('\u{FFFD}');
                offset += 2;
            }
        }
    }
    if bytes.len() % 2 == 1 {
        errors += 1;
        first_error.get_or_insert(base + bytes.len() - 1);
    }
    let total = bytes.len() / 2 + 1;
    if let Some(offset) = first_error
        && (errors > 8 || errors * 20 > total)
    {
        return Err(RepairError::InvalidUtf16 { offset, big_endian });
    }
    let controls = text
        .chars()
        .filter(|c| u8::try_from(u32::from(*c)).is_ok_and(is_binary_control))
        .count();
    if controls >= 4 && controls * 32 >= text.chars().count() {
        return Err(RepairError::Binary { what: BINARY_DATA });
    }
    let mut diagnostics = Vec::new();
    if errors > 0 {
        diagnostics.push(
            Diagnostic::warning(
                None,
                format!(
                    "replaced {errors} invalid UTF-16 sequence{} with U+FFFD",
                    plural(errors)
                ),
            )
            .with_hint("the file is damaged; check the characters shown as �"),
        );
    }
    let encoding = if big_endian {
        SourceEncoding::Utf16Be
    } else {
        SourceEncoding::Utf16Le
    };
    Ok(Decoded {
        text,
        encoding,
        diagnostics,
    })
}

/// Decodes UTF-8, or a legacy code page where the input is not UTF-8.
///
/// The decision is made line by line, so that a UTF-8 file with a line pasted from a legacy file
/// is read right: a line that is UTF-8 stays UTF-8; a line that is mostly UTF-8 keeps it and
/// reads only its stray bytes in the legacy page; any other line is read in the legacy page.
fn decode_8bit(bytes: &[u8], bom: bool) -> Decoded {
    let utf8 = if bom {
        SourceEncoding::Utf8Bom
    } else {
        SourceEncoding::Utf8
    };
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            encoding: utf8,
            diagnostics: Vec::new(),
        };
    }
    let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
    let invalid_lines: Vec<&[u8]> = lines
        .iter()
        .copied()
        .filter(|line| std::str::from_utf8(line).is_err())
        .collect();
    // The lines that are not UTF-8 are what the guess is about.
    let mut detector = chardetng::EncodingDetector::new();
    for line in &invalid_lines {
        detector.feed(line, false);
    }
    detector.feed(b"", true);
    let guess = detector.guess(None, false);
    let utf8_lines = lines
        .iter()
        .filter(|l| !l.is_ascii() && std::str::from_utf8(l).is_ok())
        .count();

    if !guess.is_single_byte() && utf8_lines == 0 {
        // A multi-byte legacy encoding (Shift_JIS, GBK, Big5, EUC-KR…) for the whole file.
        let (text, had_errors) = guess.decode_without_bom_handling(bytes);
        let mut diagnostics = vec![legacy_note(guess.name())];
        if had_errors {
            diagnostics.push(Diagnostic::warning(
                None,
                format!(
                    "some bytes are not valid {} and were replaced with U+FFFD",
                    guess.name()
                ),
            ));
        }
        return Decoded {
            text: text.into_owned(),
            encoding: SourceEncoding::Legacy(guess.name()),
            diagnostics,
        };
    }
    let guess = if guess.is_single_byte() {
        guess
    } else {
        encoding_rs::WINDOWS_1252
    };
    // chardetng does not know Mac Roman: take it when it reads the text clearly better.
    let guessed = Table::new(guess);
    let mac = Table::new(encoding_rs::MACINTOSH);
    let cost = |table: &Table| -> f32 {
        invalid_lines
            .iter()
            .map(|line| score::cost(None, table.decode_all(line).chars(), None))
            .sum()
    };
    let table = if cost(&mac) < 0.8 * cost(&guessed) {
        mac
    } else {
        guessed
    };

    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let (mut legacy_lines, mut stray_bytes, mut utf8_lines) = (0usize, 0usize, utf8_lines);
    for line in lines {
        if let Ok(s) = std::str::from_utf8(line) {
            text.push_str(s);
            continue;
        }
        let sequences: usize = line
            .utf8_chunks()
            .map(|chunk| chunk.valid().chars().filter(|c| !c.is_ascii()).count())
            .sum();
        let invalid: usize = line.utf8_chunks().map(|chunk| chunk.invalid().len()).sum();
        if sequences > invalid {
            text.push_str(&table.decode_invalid(line));
            stray_bytes += invalid;
            utf8_lines += 1;
        } else {
            text.push_str(&table.decode_all(line));
            legacy_lines += 1;
        }
    }
    let mut diagnostics = Vec::new();
    let encoding = if utf8_lines == 0 {
        diagnostics.push(legacy_note(table.name));
        SourceEncoding::Legacy(table.name)
    } else {
        if legacy_lines > 0 {
            diagnostics.push(
                Diagnostic::warning(
                    None,
                    format!(
                        "{legacy_lines} line{} {} not UTF-8 and {} read as {}",
                        plural(legacy_lines),
                        if legacy_lines == 1 { "is" } else { "are" },
                        if legacy_lines == 1 { "was" } else { "were" },
                        table.name
                    ),
                )
                .with_hint("save the file as UTF-8"),
            );
        }
        if stray_bytes > 0 {
            diagnostics.push(
                Diagnostic::warning(
                    None,
                    format!(
                        "{stray_bytes} byte{} {} not valid UTF-8 and {} read as {}",
                        plural(stray_bytes),
                        if stray_bytes == 1 { "is" } else { "are" },
                        if stray_bytes == 1 { "was" } else { "were" },
                        table.name
                    ),
                )
                .with_hint("save the file as UTF-8"),
            );
        }
        utf8
    };
    Decoded {
        text,
        encoding,
        diagnostics,
    }
}

fn legacy_note(name: &str) -> Diagnostic {
    Diagnostic::note(None, format!("the file is not UTF-8; read it as {name}"))
        .with_hint("save the file as UTF-8 to be sure every character is read as meant")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The upper half of a single-byte encoding, for decoding the bytes that are not UTF-8.
struct Table {
    name: &'static str,
    high: [char; 128],
}

impl Table {
    fn new(encoding: &'static Encoding) -> Self {
        let mut high = ['\u{FFFD}'; 128];
        for (i, slot) in high.iter_mut().enumerate() {
            let byte = [0x80 + i as u8];
            let (decoded, had_errors) = encoding.decode_without_bom_handling(&byte);
            if !had_errors && let Some(c) = decoded.chars().next() {
                *slot = c;
            }
        }
        Self {
            name: encoding.name(),
            high,
        }
    }

    /// Decodes every byte of `bytes` in this encoding.
    fn decode_all(&self, bytes: &[u8]) -> String {
        bytes.iter().map(|&b| self.char(b)).collect()
    }

    /// Decodes `bytes` as UTF-8 where it is valid and byte by byte in this encoding where not.
    fn decode_invalid(&self, bytes: &[u8]) -> String {
        let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            text.extend(chunk.invalid().iter().map(|&b| self.char(b)));
        }
        text
    }

    fn char(&self, b: u8) -> char {
        match b.checked_sub(0x80) {
            Some(i) => self.high.get(usize::from(i)).copied().unwrap_or('\u{FFFD}'),
            None => char::from(b),
        }
    }
}

/// Turns CRLF and lone CR into LF.
pub(crate) fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            out.push('\n');
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}
