//! How plausible a piece of text is, as a cost: lower is more plausible.
//!
//! The cost of a string is the sum of a per-character cost (roughly `-log2` of how often the
//! character occurs in résumés: ASCII is free, `é` is cheap, `¼` and `Ÿ` are dear, C1 controls and
//! private-use characters are very dear) and a per-pair cost for neighbours that do not belong
//! together (a Latin letter glued to a Cyrillic one, a letter followed by `¼`, a lowercase letter
//! followed by `Ã` inside a word, a zero-width joiner that joins nothing). Mojibake is expensive
//! on both counts, so a repair shows up as a large drop in cost. The numbers are hand-set and were
//! calibrated on the corpus in `corpus.txt`.

use std::sync::OnceLock;

/// The writing system of a letter, as far as mixing them matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Indic,
    Thai,
    Georgian,
    /// Han, kana, bopomofo and full-width forms, which mix freely with each other.
    Cjk,
    Hangul,
    /// Not a letter, or a script not listed.
    Other,
}

/// What a character is, as far as its neighbours care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Space,
    Digit,
    /// Punctuation that is neither opening nor closing: `•`, `–`, `…`, `·`, ASCII punctuation.
    Punct,
    /// Punctuation that opens something and so does not follow a letter: `«`, `“`, `„`, `¡`.
    Open,
    /// Punctuation that closes something: `»`, `”`, `’`, `›`.
    Close,
    /// Symbols: `©`, `°`, `½`, `€`, `√`, box drawing, arrows.
    Symbol,
    Upper,
    Lower,
    /// A letter of a script without case.
    Letter,
    /// A combining mark.
    Mark,
    /// A pictographic emoji.
    Emoji,
    /// Something that modifies or joins emoji: ZWJ, VS16, skin tones, keycap, regional indicator.
    EmojiPart,
    /// Invisible formatting: direction marks, ZWNJ, soft hyphen.
    Format,
    /// Controls, private use, U+FFFD, unassigned-looking code points.
    Bad,
}

/// The facts about one character that the cost model uses.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Info {
    pub kind: Kind,
    pub script: Script,
    /// The cost of the character on its own.
    pub cost: f32,
}

impl Info {
    const fn new(kind: Kind, script: Script, cost: f32) -> Self {
        Self { kind, script, cost }
    }

    /// Whether the character is a letter.
    pub fn is_letter(self) -> bool {
        matches!(self.kind, Kind::Upper | Kind::Lower | Kind::Letter)
    }
}

/// The cost of U+FFFD, which the repairer leaves where a character cannot be recovered.
pub(crate) const REPLACEMENT_COST: f32 = 10.0;

/// The emoji `c` is on its own (not a component), per the `emojis` crate.
fn emoji(c: char) -> Option<&'static emojis::Emoji> {
    // No emoji lies below U+203C but © and ®, which are text here.
    if c < '\u{203C}' {
        return None;
    }
    let mut buf = [0u8; 4];
    emojis::get(c.encode_utf8(&mut buf))
}

/// Whether `c` is an emoji on its own (not a component).
pub(crate) fn is_emoji(c: char) -> bool {
    emoji(c).is_some()
}

/// Whether a skin tone modifier after `c` makes one emoji of the two.
fn takes_skin_tone(c: char) -> bool {
    emoji(c).is_some_and(|e| e.skin_tones().is_some())
}

/// Classifies `c`.
pub(crate) fn info(c: char) -> Info {
    // Mojibake is made of Latin-1, Latin Extended and general punctuation: look those up.
    static LATIN: OnceLock<Vec<Info>> = OnceLock::new();
    static PUNCTUATION: OnceLock<Vec<Info>> = OnceLock::new();
    let table = |from: u32, to: u32| -> Vec<Info> {
        (from..to)
            .map(|i| classify(char::from_u32(i).unwrap_or('\0')))
            .collect()
    };
    let i = c as usize;
    if i < 0x250 {
        LATIN
            .get_or_init(|| table(0, 0x250))
            .get(i)
            .copied()
            .unwrap_or_else(|| classify(c))
    } else if (0x2000..0x2070).contains(&i) {
        PUNCTUATION
            .get_or_init(|| table(0x2000, 0x2070))
            .get(i - 0x2000)
            .copied()
            .unwrap_or_else(|| classify(c))
    } else {
        classify(c)
    }
}

// Exceptions come before the blocks they lie in: the overlaps are deliberate.
#[allow(clippy::match_overlapping_arm)]
fn classify(c: char) -> Info {
    use Kind::*;
    use Script as S;
    let cp = u32::from(c);
    match cp {
        0x09 | 0x20 => Info::new(Space, S::Other, 0.0),
        0x30..=0x39 => Info::new(Digit, S::Other, 0.0),
        0x41..=0x5A => Info::new(Upper, S::Latin, 0.0),
        0x61..=0x7A => Info::new(Lower, S::Latin, 0.0),
        0x21..=0x7E => Info::new(Punct, S::Other, 0.0),
        0x00..=0x1F | 0x7F..=0x9F => Info::new(Bad, S::Other, 14.0),
        0xA0..=0xFF => latin1(c),
        0x100..=0x24F => latin_extended(c),
        0x250..=0x2AF => {
            if c == 'ə' {
                Info::new(Lower, S::Latin, 3.5)
            } else {
                Info::new(Lower, S::Latin, 8.0)
            }
        }
        0x2B0..=0x2FF => match c {
            'ʼ' | 'ʻ' => Info::new(Letter, S::Other, 4.0),
            'ˆ' | '˜' | 'ˇ' | '˘' | '˙' | '˚' | '˛' | '˝' => {
                Info::new(Symbol, S::Other, 6.0)
            }
            _ => Info::new(Symbol, S::Other, 7.0),
        },
        0x300..=0x308 | 0x30A..=0x30C | 0x323 | 0x327 | 0x328 => Info::new(Mark, S::Other, 4.0),
        0x300..=0x36F => Info::new(Mark, S::Other, 7.0),
        0x370..=0x3FF => greek(c),
        0x400..=0x4FF => cyrillic(c),
        0x500..=0x52F => Info::new(letter_kind(c), S::Cyrillic, 8.0),
        0x531..=0x587 => Info::new(letter_kind(c), S::Armenian, 3.5),
        0x530..=0x58F => Info::new(Symbol, S::Armenian, 8.0),
        0x5D0..=0x5EA => Info::new(Letter, S::Hebrew, 2.5),
        0x5BE | 0x5F3 | 0x5F4 => Info::new(Punct, S::Hebrew, 4.0),
        0x5B0..=0x5C7 => Info::new(Mark, S::Hebrew, 5.0),
        0x590..=0x5FF => Info::new(Mark, S::Hebrew, 9.0),
        0x60C | 0x61B | 0x61F | 0x66A..=0x66C | 0x6D4 => Info::new(Punct, S::Arabic, 3.0),
        0x660..=0x669 | 0x6F0..=0x6F9 => Info::new(Digit, S::Arabic, 3.0),
        0x64B..=0x652 => Info::new(Mark, S::Arabic, 4.5),
        0x621..=0x64A | 0x671..=0x6D3 => Info::new(Letter, S::Arabic, 2.5),
        0x600..=0x6FF => Info::new(Mark, S::Arabic, 8.0),
        0x700..=0x7FF => Info::new(Letter, S::Other, 12.0),
        0x800..=0x8FF => Info::new(Letter, S::Other, 10.0),
        0x964 | 0x965 => Info::new(Punct, S::Indic, 3.0),
        0x966..=0x96F => Info::new(Digit, S::Indic, 3.0),
        0x900..=0x97F => Info::new(Letter, S::Indic, 2.5),
        0x980..=0xDFF => Info::new(Letter, S::Indic, 3.5),
        0xE00..=0xE7F => Info::new(Letter, S::Thai, 3.0),
        0xE80..=0x109F => Info::new(Letter, S::Other, 6.0),
        0x10A0..=0x10FF => Info::new(Letter, S::Georgian, 3.5),
        0x1100..=0x11FF => Info::new(Letter, S::Hangul, 6.0),
        0x1EA0..=0x1EF9 => Info::new(letter_kind(c), S::Latin, 3.0),
        0x1E00..=0x1EFF => Info::new(letter_kind(c), S::Latin, 5.0),
        0x1F00..=0x1FFF => Info::new(letter_kind(c), S::Greek, 6.0),
        0x1200..=0x1DFF => Info::new(Letter, S::Other, 7.0),
        0x2000..=0x206F => general_punctuation(c),
        0x2070..=0x209F => Info::new(Symbol, S::Other, 6.0),
        0x20AC => Info::new(Symbol, S::Other, 2.5),
        0x20B9 | 0x20BD | 0x20BA | 0x20B4 | 0x20A9 | 0x20AA | 0x20AB | 0x20B8 | 0x20BF => {
            Info::new(Symbol, S::Other, 3.5)
        }
        0x20A0..=0x20CF => Info::new(Symbol, S::Other, 6.0),
        0x20E3 => Info::new(EmojiPart, S::Other, 3.0),
        0x20D0..=0x20FF => Info::new(Mark, S::Other, 8.0),
        0x2122 => Info::new(Symbol, S::Other, 3.5),
        0x2116 => Info::new(Symbol, S::Other, 4.0),
        0x2100..=0x214F => Info::new(Symbol, S::Other, 6.0),
        0x2150..=0x218F => Info::new(Symbol, S::Other, 6.0),
        0x2190..=0x2195 => Info::new(Symbol, S::Other, 3.5),
        0x2190..=0x21FF => Info::new(Symbol, S::Other, 5.0),
        0x2212 => Info::new(Symbol, S::Other, 4.0),
        0x2248 | 0x2260 | 0x2264 | 0x2265 | 0x221E => Info::new(Symbol, S::Other, 4.5),
        0x2200..=0x22FF => Info::new(Symbol, S::Other, 6.0),
        0x2300..=0x2BFF | 0x3030 | 0x303D | 0x3297 | 0x3299 if is_emoji(c) => {
            Info::new(Emoji, S::Other, 3.5)
        }
        0x2300..=0x24FF => Info::new(Symbol, S::Other, 6.5),
        0x2500..=0x257F => Info::new(Symbol, S::Other, 7.0),
        0x2580..=0x259F => Info::new(Symbol, S::Other, 8.0),
        0x25A0 | 0x25A1 | 0x25AA | 0x25AB | 0x25B2 | 0x25B3 | 0x25B6 | 0x25BA | 0x25BC | 0x25C6
        | 0x25C7 | 0x25CB | 0x25CF | 0x25E6 | 0x2605 | 0x2606 | 0x2713 | 0x2717 | 0x2718
        | 0x279C | 0x27A4 => Info::new(Symbol, S::Other, 4.0),
        0x25A0..=0x27BF => Info::new(Symbol, S::Other, 6.0),
        0x27C0..=0x2BFF => Info::new(Symbol, S::Other, 6.5),
        0x2C00..=0x2DFF => Info::new(Letter, S::Other, 9.0),
        0x2E00..=0x2E7F => Info::new(Punct, S::Other, 7.0),
        0x2E80..=0x2FFF => Info::new(Letter, S::Cjk, 8.0),
        0x3000 => Info::new(Space, S::Cjk, 3.0),
        0x3001..=0x303F => Info::new(Punct, S::Cjk, 3.0),
        0x3040..=0x30FF => Info::new(Letter, S::Cjk, 2.5),
        0x3100..=0x33FF => Info::new(Letter, S::Cjk, 6.0),
        0x3400..=0x4DFF => Info::new(Letter, S::Cjk, 9.0),
        0x4E00..=0x9FFF => Info::new(Letter, S::Cjk, 3.5),
        0xA720..=0xA7FF => Info::new(letter_kind(c), S::Latin, 7.0),
        0xA000..=0xABFF => Info::new(Letter, S::Other, 10.0),
        0xAC00..=0xD7A3 => Info::new(Letter, S::Hangul, 3.0),
        0xD7A4..=0xDFFF => Info::new(Bad, S::Other, 10.0),
        0xE000..=0xF8FF => Info::new(Bad, S::Other, 12.0),
        0xF900..=0xFAFF => Info::new(Letter, S::Cjk, 9.0),
        0xFB00..=0xFB06 => Info::new(Lower, S::Latin, 6.0),
        0xFB07..=0xFDFF => Info::new(Letter, S::Other, 8.0),
        0xFE0F => Info::new(EmojiPart, S::Other, 3.0),
        0xFE00..=0xFE0E => Info::new(EmojiPart, S::Other, 6.0),
        0xFE10..=0xFE6F => Info::new(Punct, S::Other, 7.0),
        0xFEFF => Info::new(Format, S::Other, 8.0),
        0xFE70..=0xFEFE => Info::new(Letter, S::Arabic, 8.0),
        0xFF10..=0xFF19 => Info::new(Digit, S::Cjk, 4.0),
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0xFF66..=0xFFDC => Info::new(Letter, S::Cjk, 4.0),
        0xFF00..=0xFFEF => Info::new(Punct, S::Cjk, 4.0),
        0xFFFD => Info::new(Bad, S::Other, REPLACEMENT_COST),
        0xFFF0..=0xFFFF => Info::new(Bad, S::Other, 14.0),
        0x1F1E6..=0x1F1FF | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F => {
            Info::new(EmojiPart, S::Other, 3.0)
        }
        _ if cp >= 0x1F000 && is_emoji(c) => Info::new(Emoji, S::Other, 3.0),
        0x1D400..=0x1D7FF => Info::new(Symbol, S::Other, 7.0),
        0x1F000..=0x1FAFF => Info::new(Symbol, S::Other, 8.0),
        0x20000..=0x3FFFF => Info::new(Letter, S::Cjk, 9.0),
        _ => Info::new(Bad, S::Other, 12.0),
    }
}

/// Upper, Lower or caseless Letter, from the Unicode properties std knows.
fn letter_kind(c: char) -> Kind {
    if c.is_uppercase() {
        Kind::Upper
    } else if c.is_lowercase() {
        Kind::Lower
    } else if c.is_alphabetic() {
        Kind::Letter
    } else {
        Kind::Symbol
    }
}

fn latin1(c: char) -> Info {
    use Kind::*;
    use Script as S;
    let (kind, cost) = match c {
        '\u{A0}' => (Space, 3.0),
        '¡' | '¿' => (Open, 4.0),
        '«' => (Open, 3.0),
        '»' => (Close, 3.0),
        '·' => (Punct, 3.0),
        '\u{AD}' => (Format, 6.0),
        '£' | '°' => (Symbol, 3.0),
        '©' | '®' | '×' | '÷' => (Symbol, 3.5),
        '§' | '±' => (Symbol, 4.0),
        '¥' | '²' | '³' => (Symbol, 4.5),
        '¢' | 'ª' | 'º' | 'µ' => (Symbol, 5.0),
        '¼' | '½' | '¾' => (Symbol, 5.5),
        '¬' | '´' | '¶' | '¹' => (Symbol, 6.0),
        '¨' | '¯' => (Symbol, 6.5),
        '¤' | '¦' | '¸' => (Symbol, 7.0),
        'à' | 'á' | 'â' | 'ä' | 'ç' | 'è' | 'é' | 'ê' | 'ë' | 'í' | 'î' | 'ï' | 'ñ' | 'ó' | 'ô'
        | 'ö' | 'ú' | 'ü' | 'ß' | 'ã' | 'õ' | 'ø' | 'å' => (Lower, 2.0),
        'æ' | 'ì' | 'ò' | 'ù' | 'û' | 'ý' | 'ÿ' => (Lower, 2.5),
        'ð' | 'þ' => (Lower, 4.0),
        'À' | 'Á' | 'Ä' | 'Ç' | 'È' | 'É' | 'Ê' | 'Í' | 'Ó' | 'Ö' | 'Ú' | 'Ü' => {
            (Upper, 3.0)
        }
        'Î' | 'Ô' | 'Õ' | 'Ë' | 'Ï' | 'Ì' | 'Ò' | 'Ù' | 'Û' | 'Ñ' | 'Å' | 'Æ' | 'Ø' => {
            (Upper, 3.5)
        }
        'Â' => (Upper, 4.5),
        'Ã' | 'Ð' => (Upper, 5.0),
        'Ý' | 'Þ' => (Upper, 4.5),
        _ => (Symbol, 6.0),
    };
    let script = if matches!(kind, Upper | Lower) {
        S::Latin
    } else {
        S::Other
    };
    Info::new(kind, script, cost)
}

fn latin_extended(c: char) -> Info {
    let kind = letter_kind(c);
    let cost = match c {
        // Polish, Czech, Slovak, Hungarian, Turkish, Romanian, Baltic, Croatian: common.
        'ą' | 'ć' | 'ę' | 'ł' | 'ń' | 'ś' | 'ź' | 'ż' | 'č' | 'ě' | 'ř' | 'š' | 'ů' | 'ž' | 'ő'
        | 'ű' | 'ğ' | 'ı' | 'ş' | 'ă' | 'ș' | 'ț' | 'ė' | 'į' | 'ų' | 'ū' | 'đ' => 2.5,
        'Ą' | 'Ć' | 'Ę' | 'Ł' | 'Ń' | 'Ś' | 'Ź' | 'Ż' | 'Č' | 'Ě' | 'Ř' | 'Š' | 'Ů' | 'Ž' | 'Ű'
        | 'Ğ' | 'İ' | 'Ş' | 'Ă' | 'Ș' | 'Ț' | 'Đ' => 3.0,
        'ơ' | 'ư' | 'Ơ' | 'Ư' => 3.0,
        'ň' | 'ť' | 'ľ' | 'ĺ' | 'ŕ' | 'ļ' | 'ķ' | 'ņ' | 'ģ' | 'ē' | 'ī' => 3.5,
        'Ő' => 4.5,
        'ď' | 'Ň' | 'Ť' | 'Ľ' | 'Ė' | 'Ū' | 'Ē' | 'Ī' | 'Ā' => 4.0,
        'ā' | 'Ə' | 'Ď' | 'ō' => 4.5,
        'ǎ' | 'ǐ' | 'ǒ' | 'ǔ' => 4.5,
        'ƒ' => 6.0,
        '\u{180}'..='\u{24F}' => 7.0,
        _ => 6.0,
    };
    Info::new(kind, Script::Latin, cost)
}

fn greek(c: char) -> Info {
    match c {
        '\u{387}' | '\u{37E}' => Info::new(Kind::Punct, Script::Greek, 4.0),
        '\u{386}'
        | '\u{388}'..='\u{38A}'
        | '\u{38C}'
        | '\u{38E}'..='\u{3A1}'
        | '\u{3A3}'..='\u{3CE}' => {
            let cost = match c {
                'α' | 'ε' | 'ι' | 'ο' | 'τ' | 'ν' | 'σ' | 'ρ' | 'η' | 'κ' | 'π' | 'υ' | 'μ'
                | 'λ' | 'ς' | 'ά' | 'έ' | 'ί' | 'ό' | 'ή' | 'ώ' | 'ύ' => 2.0,
                'ΐ' | 'ΰ' | 'ϊ' | 'ϋ' => 4.5,
                _ => 2.7,
            };
            Info::new(letter_kind(c), Script::Greek, cost)
        }
        _ => Info::new(letter_kind(c), Script::Greek, 7.5),
    }
}

fn cyrillic(c: char) -> Info {
    // Letter frequencies of Russian prose (per mille, rounded), lower case; the cost is
    // 1.5 + 0.6·log2(most frequent / this). Capitals cost half a unit more.
    const FREQ: [(char, f32); 33] = [
        ('о', 110.0),
        ('е', 85.0),
        ('а', 80.0),
        ('и', 74.0),
        ('н', 67.0),
        ('т', 63.0),
        ('с', 55.0),
        ('р', 47.0),
        ('в', 45.0),
        ('л', 44.0),
        ('к', 35.0),
        ('м', 32.0),
        ('д', 30.0),
        ('п', 28.0),
        ('у', 26.0),
        ('я', 20.0),
        ('ы', 19.0),
        ('ь', 17.0),
        ('г', 17.0),
        ('з', 16.0),
        ('б', 16.0),
        ('ч', 14.0),
        ('й', 12.0),
        ('х', 10.0),
        ('ж', 9.0),
        ('ш', 7.0),
        ('ю', 6.0),
        ('ц', 5.0),
        ('щ', 4.0),
        ('э', 3.0),
        ('ф', 3.0),
        ('ъ', 1.0),
        ('ё', 2.0),
    ];
    let kind = letter_kind(c);
    let lower = c.to_lowercase().next().unwrap_or(c);
    let cost = match lower {
        'і' | 'ї' | 'є' | 'ґ' | 'ў' => 3.0,
        '\u{400}'..='\u{45F}' => match FREQ.iter().find(|(k, _)| *k == lower) {
            Some((_, f)) => 1.5 + 0.6 * (110.0 / f).log2(),
            None => 5.5,
        },
        'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' => 4.5,
        _ => 7.0,
    };
    let cost = if kind == Kind::Upper {
        cost + 0.5
    } else {
        cost
    };
    Info::new(kind, Script::Cyrillic, cost)
}

fn general_punctuation(c: char) -> Info {
    use Kind::*;
    let (kind, cost) = match c {
        '\u{2009}' | '\u{202F}' => (Space, 4.0),
        '\u{2000}'..='\u{200A}' | '\u{205F}' => (Space, 6.0),
        '\u{200B}' => (Format, 6.0),
        '\u{200C}' => (Format, 4.0),
        '\u{200D}' => (EmojiPart, 4.0),
        '\u{200E}' | '\u{200F}' => (Format, 5.0),
        '\u{2011}' => (Punct, 3.0),
        '\u{2010}' => (Punct, 3.5),
        '–' | '—' | '•' | '”' => (if c == '”' { Close } else { Punct }, 1.5),
        '’' => (Close, 1.5),
        '“' => (Open, 1.5),
        '‘' => (Open, 2.0),
        '…' => (Punct, 2.0),
        '„' => (Open, 3.0),
        '‚' => (Open, 4.5),
        '‹' => (Open, 5.0),
        '›' => (Close, 5.0),
        '′' => (Punct, 4.5),
        '″' | '†' | '‰' | '‣' | '‒' | '―' => (Punct, 5.0),
        '‡' => (Punct, 6.0),
        '\u{2028}' | '\u{2029}' => (Format, 9.0),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => (Format, 7.0),
        '\u{2060}'..='\u{2064}' => (Format, 8.0),
        '‼' | '⁉' => (Emoji, 4.0),
        '\u{206A}'..='\u{206F}' => (Bad, 9.0),
        _ => (Punct, 7.0),
    };
    Info::new(kind, Script::Other, cost)
}

/// Whether `c` is a dash or bullet that, glued between two letters, looks like mojibake.
fn is_dash_or_bullet(c: char) -> bool {
    matches!(c, '–' | '—' | '•' | '…' | '†' | '‡' | '‰')
}

/// The cost of `b` directly following `a`.
pub(crate) fn pair(a: char, ai: Info, b: char, bi: Info) -> f32 {
    use Kind::*;
    match (ai.kind, bi.kind) {
        (Upper | Lower | Letter, Upper | Lower | Letter) => {
            if ai.script == bi.script {
                // A lowercase letter followed by a non-ASCII capital inside a word: "WeiÃŸ".
                if ai.kind == Lower && bi.kind == Upper && !b.is_ascii() {
                    4.0
                } else if is_hiragana(a) && is_katakana(b) || is_katakana(a) && is_hiragana(b) {
                    1.5
                } else {
                    0.0
                }
            } else if (a.is_ascii() || b.is_ascii())
                && (is_spaceless(ai.script) || is_spaceless(bi.script))
            {
                1.0
            } else {
                5.0
            }
        }
        (Upper | Lower | Letter, Symbol) => {
            if matches!(b, '™' | '®' | '©' | '°') {
                0.0
            } else if ai.kind == Upper && !a.is_ascii() {
                4.0
            } else {
                3.0
            }
        }
        (Symbol, Upper | Lower | Letter) => 2.0,
        (Symbol, Symbol) => {
            if a.is_ascii() || b.is_ascii() {
                0.0
            } else {
                1.5
            }
        }
        (Upper, Punct | Open | Close) if !a.is_ascii() && !b.is_ascii() => {
            if matches!(b, '’' | '”' | '»') {
                1.0
            } else {
                2.5
            }
        }
        (Upper | Lower | Letter, Punct) if is_dash_or_bullet(b) => 1.5,
        (Punct, Upper | Lower | Letter) if is_dash_or_bullet(a) => 1.5,
        (Upper | Lower | Letter, Open) if !b.is_ascii() => 2.0,
        (Close, Upper | Lower | Letter) if a == '”' || a == '»' || a == '›' => 1.5,
        // A closing quote after a space opens nothing („quoted“ lost its „, not a ”).
        (Space, Close) if b == '”' => 2.5,
        (Symbol, Punct | Open | Close) | (Punct | Open | Close, Symbol) => {
            if a.is_ascii() || b.is_ascii() {
                0.0
            } else {
                1.0
            }
        }
        (Open | Close | Punct, Open | Close | Punct) => {
            if a.is_ascii() || b.is_ascii() {
                0.0
            } else {
                0.5
            }
        }
        (Upper | Lower | Letter, Mark) => {
            if a.is_ascii() || ai.script != Script::Latin {
                0.0
            } else {
                3.0
            }
        }
        (_, Mark) => 4.0,
        (_, EmojiPart) => emoji_part_after(a, ai, b),
        (EmojiPart, Emoji) if a == '\u{200D}' => -2.5,
        (EmojiPart, _) if a == '\u{200D}' => 4.0,
        (Emoji, Upper | Lower | Letter) | (Upper | Lower | Letter, Emoji) => 1.0,
        _ => 0.0,
    }
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{3096}').contains(&c)
}

fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c)
}

/// Scripts written without spaces between words (or commonly glued to Latin words).
fn is_spaceless(s: Script) -> bool {
    matches!(
        s,
        Script::Cjk
            | Script::Hangul
            | Script::Thai
            | Script::Arabic
            | Script::Hebrew
            | Script::Indic
    )
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// The cost of emoji modifier `b` after `a`.
fn emoji_part_after(a: char, ai: Info, b: char) -> f32 {
    let after_emoji = ai.kind == Kind::Emoji
        || (ai.kind == Kind::EmojiPart && a != '\u{200D}')
        || (ai.kind == Kind::Symbol && !a.is_ascii());
    match b {
        '\u{200D}' => {
            if after_emoji {
                -2.5
            } else {
                4.0
            }
        }
        '\u{FE0F}' => {
            if after_emoji || a.is_ascii_digit() || a == '#' || a == '*' || ai.kind == Kind::Punct {
                0.0
            } else {
                3.0
            }
        }
        '\u{20E3}' => {
            if a == '\u{FE0F}' || a.is_ascii_digit() || a == '#' || a == '*' {
                0.0
            } else {
                4.0
            }
        }
        // A skin tone makes one emoji only with a hand or a person (👍🏽), not with 📍.
        '\u{1F3FB}'..='\u{1F3FF}' => {
            if takes_skin_tone(a) {
                -1.0
            } else if ai.kind == Kind::Emoji {
                3.0
            } else {
                4.0
            }
        }
        _ if is_regional_indicator(b) => {
            if is_regional_indicator(a) {
                -1.0
            } else {
                0.5
            }
        }
        '\u{E0020}'..='\u{E007F}' => {
            if after_emoji {
                0.0
            } else {
                4.0
            }
        }
        _ => {
            if after_emoji {
                0.0
            } else {
                3.0
            }
        }
    }
}

/// The cost of the characters of `s` with the neighbours `prev` and `next` (which are not
/// counted themselves, only their pairs with `s`).
pub(crate) fn cost(
    prev: Option<char>,
    s: impl IntoIterator<Item = char>,
    next: Option<char>,
) -> f32 {
    let mut total = 0.0;
    let mut last = prev.map(|c| (c, info(c)));
    for c in s {
        let ci = info(c);
        total += ci.cost;
        if let Some((p, pi)) = last {
            total += pair(p, pi, c, ci);
        }
        last = Some((c, ci));
    }
    if let (Some((p, pi)), Some(n)) = (last, next) {
        total += pair(p, pi, n, info(n));
    }
    total
}
