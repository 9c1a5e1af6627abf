//! The single-byte code pages that UTF-8 gets mis-read as, each with an exact reverse table.
//!
//! The forward table (byte → char) of the Windows pages and Mac Roman comes from encoding_rs's
//! decoder, one byte at a time; ISO-8859-1 and CP437 are written out here (encoding_rs maps the
//! label ISO-8859-1 to windows-1252 and has no CP437). The reverse table (char → byte) is built
//! from the forward table. encoding_rs's `encode()` is never used: it replaces characters that a
//! page cannot hold with `&#NNN;`, which would fabricate bytes.
//!
//! A byte that the vendor's table leaves undefined is *undefined* here. Editors treat such a byte
//! in one of three ways, and all three are recognised:
//! - kept as the C1 control (or Latin-1 character) of the same value, which the reverse table maps
//!   back to the byte ("sloppy" decoding, as encoding_rs and browsers do);
//! - replaced by U+FFFD, which the repairer treats as a hole of unknown value;
//! - dropped, which the repairer notices as a UTF-8 sequence that is too short.

use std::sync::OnceLock;

use super::lost_bytes::ByteSet;

/// One single-byte code page.
#[derive(Debug)]
pub(crate) struct CodePage {
    /// The WHATWG / IANA name reported to the user, e.g. `"windows-1254"`.
    pub name: &'static str,
    /// The character of each byte 0x80..=0xFF, `None` where the page leaves the byte undefined.
    high: [Option<char>; 128],
    /// The bytes 0x80..=0xFF this page leaves undefined, ascending.
    pub undefined: Vec<u8>,
    /// The same, as a set.
    pub undefined_set: ByteSet,
    /// Every character the page can hold above ASCII, with its byte, sorted by character.
    reverse: Vec<(char, u8)>,
    /// The byte of each character U+0080..=U+00FF, 0 where the page cannot hold it: most
    /// mojibake is made of these, so they are looked up directly.
    latin1: [u8; 128],
}

impl CodePage {
    fn new(name: &'static str, high: [Option<char>; 128], extra: &[(char, u8)]) -> Self {
        let mut undefined = Vec::new();
        let mut reverse = Vec::with_capacity(160);
        for (i, c) in high.iter().enumerate() {
            let byte = 0x80 + i as u8;
            match c {
                Some(c) => reverse.push((*c, byte)),
                None => {
                    undefined.push(byte);
                    // A decoder that keeps an undefined byte keeps it as the Latin-1 character of
                    // the same value (a C1 control for 0x80..=0x9F).
                    reverse.push((char::from(byte), byte));
                }
            }
        }
        reverse.extend_from_slice(extra);
        reverse.sort_unstable();
        reverse.dedup_by_key(|(c, _)| *c);
        let mut latin1 = [0u8; 128];
        for &(c, b) in &reverse {
            if let Some(slot) = u32::from(c)
                .checked_sub(0x80)
                .and_then(|i| latin1.get_mut(i as usize))
            {
                *slot = b;
            }
        }
        let undefined_set = ByteSet::of(undefined.iter().copied());
        Self {
            name,
            high,
            undefined,
            undefined_set,
            reverse,
            latin1,
        }
    }

    /// Builds a page from an encoding_rs single-byte encoding.
    ///
    /// All 128 high bytes are decoded in one call: a single-byte decoder turns each byte into
    /// exactly one character, U+FFFD where the page leaves it undefined.
    fn from_encoding(name: &'static str, encoding: &'static encoding_rs::Encoding) -> Self {
        let bytes: [u8; 128] = std::array::from_fn(|i| 0x80 + i as u8);
        let (decoded, _) = encoding.decode_without_bom_handling(&bytes);
        let mut high = [None; 128];
        for (slot, c) in high.iter_mut().zip(decoded.chars()) {
            if c != '\u{FFFD}' && !('\u{80}'..='\u{9F}').contains(&c) {
                *slot = Some(c);
            }
        }
        Self::new(name, high, &[])
    }

    /// The character that byte `b` stands for, `None` if the page leaves it undefined.
    #[cfg(test)]
    pub fn decode(&self, b: u8) -> Option<char> {
        if b < 0x80 {
            Some(char::from(b))
        } else {
            self.high[usize::from(b - 0x80)]
        }
    }

    /// The byte that `c` is written as in this page, `None` if the page cannot hold `c`.
    pub fn encode(&self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        if let Some(&b) = (u32::from(c) as usize)
            .checked_sub(0x80)
            .and_then(|i| self.latin1.get(i))
        {
            return (b != 0).then_some(b);
        }
        self.reverse
            .binary_search_by_key(&c, |(k, _)| *k)
            .ok()
            .map(|i| self.reverse[i].1)
    }

    /// Whether the page leaves some bytes undefined, so that bytes can have been lost.
    pub fn is_lossy(&self) -> bool {
        !self.undefined.is_empty()
    }
}

/// Index of the page every document is compared with first.
pub(crate) const WINDOWS_1252: usize = 0;

/// Every page UTF-8 can have been mis-read as, most common first (ties are broken in this order).
pub(crate) fn all() -> &'static [CodePage] {
    static PAGES: OnceLock<Vec<CodePage>> = OnceLock::new();
    PAGES.get_or_init(|| {
        vec![
            CodePage::from_encoding("windows-1252", encoding_rs::WINDOWS_1252),
            latin1(),
            CodePage::from_encoding("windows-1254", encoding_rs::WINDOWS_1254),
            CodePage::from_encoding("windows-1250", encoding_rs::WINDOWS_1250),
            CodePage::from_encoding("windows-1251", encoding_rs::WINDOWS_1251),
            CodePage::from_encoding("windows-1253", encoding_rs::WINDOWS_1253),
            mac_roman(),
            cp437(),
        ]
    })
}

/// ISO-8859-1: every byte is the code point of the same value, C1 controls included.
fn latin1() -> CodePage {
    let mut high = [None; 128];
    for (i, slot) in high.iter_mut().enumerate() {
        *slot = Some(char::from(0x80 + i as u8));
    }
    CodePage::new("iso-8859-1", high, &[])
}

/// Mac OS Roman, from encoding_rs's `macintosh`, which also reads the pre-1998 currency sign
/// (0xDB was `¤` before it became `€`).
fn mac_roman() -> CodePage {
    let page = CodePage::from_encoding("macintosh", encoding_rs::MACINTOSH);
    CodePage::new(page.name, page.high, &[('\u{A4}', 0xDB)])
}

/// IBM code page 437 (the original IBM PC and DOS page). Bytes below 0x80 are ASCII here, as a
/// text editor reads them, not the graphic glyphs of the PC's video ROM.
fn cp437() -> CodePage {
    const HIGH: [u16; 128] = [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8,
        0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2,
        0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192, 0x00E1,
        0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD,
        0x00BC, 0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562,
        0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510, 0x2514, 0x2534,
        0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560,
        0x2550, 0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
        0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580, 0x03B1, 0x00DF, 0x0393,
        0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6,
        0x03B5, 0x2229, 0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, 0x00B0,
        0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
    ];
    let mut high = [None; 128];
    for (slot, &code) in high.iter_mut().zip(HIGH.iter()) {
        *slot = char::from_u32(u32::from(code));
    }
    CodePage::new("cp437", high, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pages built from encoding_rs hold what its decoder makes of each byte alone.
    #[test]
    fn each_byte_decodes_as_it_does_alone() {
        let encodings = [
            encoding_rs::WINDOWS_1250,
            encoding_rs::WINDOWS_1251,
            encoding_rs::WINDOWS_1252,
            encoding_rs::WINDOWS_1253,
            encoding_rs::WINDOWS_1254,
            encoding_rs::MACINTOSH,
        ];
        for encoding in encodings {
            let page = CodePage::from_encoding(encoding.name(), encoding);
            for byte in 0x80..=0xFF_u8 {
                let bytes = [byte];
                let (alone, had_errors) = encoding.decode_without_bom_handling(&bytes);
                let expected = alone
                    .chars()
                    .next()
                    .filter(|c| !had_errors && !('\u{80}'..='\u{9F}').contains(c));
                assert_eq!(
                    page.decode(byte),
                    expected,
                    "{} {byte:#04X}",
                    encoding.name()
                );
            }
        }
        // Windows-1253 leaves these bytes undefined (the C1 controls are never characters).
        let greek = &all()[5];
        assert_eq!(greek.name, "windows-1253");
        assert_eq!(
            greek.undefined,
            [
                0x81, 0x88, 0x8A, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x98, 0x9A, 0x9C, 0x9D, 0x9E, 0x9F,
                0xAA, 0xD2, 0xFF
            ]
        );
    }
}
