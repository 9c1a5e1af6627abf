//! Recovering a character whose UTF-8 sequence lost bytes.
//!
//! When an editor decodes UTF-8 as a code page, a byte the page leaves undefined is dropped or
//! turned into U+FFFD. The sequence it belonged to is then too short (or has a hole), e.g. 🐙
//! `F0 9F 90 99` read as Windows-1254 without its `90` is `ğŸ™`. [`enumerate`] tries every byte
//! the page leaves undefined in every position the loss can have been, keeps the completions that
//! are plausible characters, and [`resolve`] chooses among them: by how likely the word is with
//! each letter in it, in the document's languages (`ngrams/`; the letter pairs of `bigrams.rs`
//! where those models cannot speak), by the shape of its word (no symbol inside a word, no
//! capital inside a small-letter word), by whether the document spells it intact
//! elsewhere, by what the text after it says it is (an e-mail address after `F0 9F 93 ??` is 📧,
//! a place is 📍, a link to GitHub is 🐙, `guitar` is 🎸) and by the emoji the document uses
//! elsewhere. Where no completion wins clearly, the character is not recoverable and U+FFFD
//! takes its place.

use std::collections::HashMap;

use super::bigrams;
use super::ngrams::{WordEvidence, lower};
use super::score::{self, Kind, Script};

/// A set of bytes 0x80..=0xFF: the bytes a character of a run can stand for. A character the
/// page holds is one byte; U+FFFD in a lossy page is any byte the page leaves undefined; a
/// damaged character of the outer layer of double mojibake is the bytes of its candidates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ByteSet(u128);

impl ByteSet {
    /// The set of the high bytes in `bytes` (ASCII bytes are ignored).
    pub fn of(bytes: impl IntoIterator<Item = u8>) -> Self {
        let mut set = Self::default();
        for b in bytes {
            set.insert(b);
        }
        set
    }

    pub fn insert(&mut self, b: u8) {
        if b >= 0x80 {
            self.0 |= 1 << (b - 0x80);
        }
    }

    pub fn contains(self, b: u8) -> bool {
        b >= 0x80 && self.0 & (1 << (b - 0x80)) != 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The only byte of a set of one.
    pub fn single(self) -> Option<u8> {
        (self.len() == 1).then(|| 0x80 + self.0.trailing_zeros() as u8)
    }

    pub fn and(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    pub fn or(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = u8> {
        (0u8..128)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(|i| 0x80 + i)
    }

    /// Continuation bytes.
    pub fn continuations() -> Self {
        Self((1 << 0x40) - 1)
    }

    /// Lead bytes of sequences of `n` bytes.
    pub const fn leads(n: usize) -> Self {
        // Bit i stands for byte 0x80 + i.
        const fn range(from: u8, to: u8) -> u128 {
            let width = (to - from + 1) as u32;
            ((1u128 << width) - 1) << (from - 0x80)
        }
        match n {
            2 => Self(range(0xC2, 0xDF)),
            3 => Self(range(0xE0, 0xEF)),
            4 => Self(range(0xF0, 0xF4)),
            _ => Self(0),
        }
    }

    /// Lead bytes of sequences of any length.
    pub const fn all_leads() -> Self {
        Self(Self::leads(2).0 | Self::leads(3).0 | Self::leads(4).0)
    }
}

/// A damaged sequence and the characters it can have been.
#[derive(Clone, Debug)]
pub(crate) struct Site {
    /// Plausible completions, in the order found.
    pub candidates: Vec<char>,
    /// How many bytes were dropped without a trace (as opposed to marked by U+FFFD).
    pub dropped: u8,
    /// Whether only the lead byte is left: the weakest evidence.
    pub lone_lead: bool,
}

impl Site {
    /// The cost of assuming bytes were lost here, on top of the cost of the completion. In a
    /// line known to be mojibake a lost byte is expected, so it costs less.
    pub fn penalty(&self, confirmed: bool) -> f32 {
        let per_byte = match (confirmed, self.lone_lead) {
            (false, true) => 4.0,
            (false, false) => 2.0,
            (true, _) => 0.5,
        };
        f32::from(self.dropped) * per_byte
    }
}

/// The search for completions in one document: a budget, and what was found already.
pub(crate) struct Search {
    /// How many completions may still be tried; past it, damaged sequences are left as they are.
    budget: usize,
    /// Damaged sequences seen before (the same ones recur, and lines are read more than once).
    seen: HashMap<SiteKey, Option<Site>>,
}

/// A damaged sequence, as [`enumerate`] sees it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct SiteKey {
    n: u8,
    dropped: u8,
    lead: u128,
    items: [u128; 3],
    undefined: u128,
}

impl Search {
    /// At most this many damaged sequences are remembered.
    const MEMORY: usize = 50_000;

    /// A search for a document of `len` bytes: its budget grows linearly with the length, which
    /// keeps the time a hostile input can take linear too.
    pub fn new(len: usize) -> Self {
        Self {
            budget: 200_000usize.saturating_add(len.saturating_mul(64)),
            seen: HashMap::new(),
        }
    }

    /// [`enumerate`], remembered.
    pub fn enumerate(
        &mut self,
        n: usize,
        lead: ByteSet,
        items: &[ByteSet],
        dropped: usize,
        undefined: ByteSet,
    ) -> Option<Site> {
        let mut key = SiteKey {
            n: n as u8,
            dropped: dropped as u8,
            lead: lead.0,
            items: [0; 3],
            undefined: undefined.0,
        };
        for (slot, item) in key.items.iter_mut().zip(items) {
            *slot = item.0;
        }
        if let Some(found) = self.seen.get(&key) {
            return found.clone();
        }
        let found = enumerate(n, lead, items, dropped, undefined, &mut self.budget);
        if self.seen.len() < Self::MEMORY {
            self.seen.insert(key, found.clone());
        }
        found
    }
}

/// Whether `c` can be what a damaged sequence was: a character text holds, and not one of the
/// rarest (an ideograph of the CJK extensions, say).
pub(crate) fn plausible(c: char) -> bool {
    let info = score::info(c);
    info.kind != Kind::Bad && info.cost < 9.0
}

/// At most this many completions are tried for one damaged sequence.
const SITE_LIMIT: usize = 4096;

/// Lists the plausible characters that a sequence of `n` bytes can have been: its lead byte is
/// one of `lead`, the continuation bytes that survived are one of each of `items`, and `dropped`
/// more bytes, each one of `undefined`, were lost somewhere after the lead. Returns `None` when
/// no completion is plausible or there are too many to try (or the `budget` is spent).
fn enumerate(
    n: usize,
    lead: ByteSet,
    items: &[ByteSet],
    dropped: usize,
    undefined: ByteSet,
    budget: &mut usize,
) -> Option<Site> {
    if !(2..=4).contains(&n) || items.len() + dropped != n - 1 {
        return None;
    }
    let mut candidates = Vec::new();
    let mut slots: Vec<Vec<u8>> = Vec::with_capacity(n);
    // Each arrangement puts the dropped bytes in some of the n - 1 continuation slots.
    for mask in 0u32..(1 << (n - 1)) {
        if mask.count_ones() as usize != dropped {
            continue;
        }
        slots.clear();
        slots.push(lead.iter().collect());
        let mut next_item = items.iter();
        for slot in 0..n - 1 {
            let set = if mask & (1 << slot) != 0 {
                undefined.and(ByteSet::continuations())
            } else {
                next_item.next().copied().unwrap_or_default()
            };
            slots.push(set.iter().collect());
        }
        let combos = slots
            .iter()
            .map(Vec::len)
            .try_fold(1usize, |acc, l| acc.checked_mul(l));
        let combos = combos.filter(|c| *c <= SITE_LIMIT)?;
        if *budget < combos {
            return None;
        }
        *budget -= combos;
        for mut k in 0..combos {
            let mut bytes = [0u8; 4];
            for (byte, choices) in bytes.iter_mut().zip(&slots) {
                *byte = choices[k % choices.len()];
                k /= choices.len();
            }
            let Ok(s) = std::str::from_utf8(&bytes[..n]) else {
                continue;
            };
            let Some(c) = s.chars().next() else { continue };
            if plausible(c) && !candidates.contains(&c) {
                candidates.push(c);
            }
        }
    }
    if candidates.is_empty() {
        return None;
    }
    Some(Site {
        candidates,
        dropped: dropped as u8,
        lone_lead: items.is_empty(),
    })
}

/// What became of a damaged sequence.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Resolution {
    /// The character chosen, `None` if none could be justified.
    pub choice: Option<char>,
    /// How sure the choice is, 0..1.
    pub confidence: f32,
    /// How much the context (not the bytes) spoke for the choice, in cost units.
    pub evidence: f32,
}

/// Chooses among the candidates of `site`, which sits between `prev` and `next`. `preferred` are
/// the emoji the context asks for, each with the weight of that evidence; `document_emoji` are
/// the emoji found intact in the document (sorted), and `intact` counts each character in the
/// document's lines that needed no repair; `in_locale` tells the characters of the code page
/// the text was mis-read as, which are more likely because the author's editor used it;
/// `word_scores` is how likely the word is with each candidate in it (ln P, `None` where the
/// letter models cannot tell), which ranks letters better than the letters next to them alone,
/// and whether each leaves only known words.
pub(crate) fn resolve(
    site: &Site,
    (prev, next): (Option<char>, Option<char>),
    preferred: &[(char, f32)],
    (document_emoji, intact): (&[char], &dyn Fn(char) -> u32),
    in_locale: &dyn Fn(char) -> bool,
    word_scores: &dyn Fn(&[char]) -> WordEvidence,
) -> Resolution {
    let WordEvidence {
        scores: words,
        known,
        foreign,
    } = word_scores(&site.candidates);
    let best_word = words.iter().flatten().copied().reduce(f32::max);
    let inside_word = splits_word(prev, next);
    let mut scored: Vec<(f32, char, f32)> = site
        .candidates
        .iter()
        .zip(&words)
        .zip(&known)
        .zip(&foreign)
        .map(|(((&c, word), &known), &foreign)| {
            let context = preferred
                .iter()
                .find(|(p, _)| *p == c)
                .map_or(0.0, |(_, w)| *w);
            let elsewhere = if document_emoji.binary_search(&c).is_ok() {
                4.0
            } else {
                0.0
            };
            let evidence = context + elsewhere;
            // Where the letter models speak, they know better than the page: a Danish `Ø`
            // read as Windows-1250 lost to the `Á` the page holds.
            let locale = if !c.is_ascii() && in_locale(c) && word.is_none() {
                1.5
            } else {
                0.0
            };
            // The letters around it rank the candidates but are no evidence that bytes were
            // lost at all, so they stay out of `evidence`.
            let neighbours = match (word, best_word) {
                (Some(w), Some(best)) => WORD_WEIGHT * (w - best).max(-MAX_WORD_PENALTY),
                // A mark or symbol where a letter makes a word (`٪` in `الم٪زعة`): as unlikely
                // as the least likely word.
                (None, Some(_)) if inside_word && !score::info(c).is_letter() => {
                    -WORD_WEIGHT * MAX_WORD_PENALTY
                }
                // A letter of a script the document does not use (an Armenian `ծ` where the
                // Arabic `خ` makes a word): as unlikely as the least likely word.
                (None, Some(_)) if foreign => -WORD_WEIGHT * MAX_WORD_PENALTY,
                _ => bigrams::evidence(prev, c, next),
            };
            let spelled = spelled_elsewhere(intact(c));
            let known = if known { KNOWN_WORDS } else { 0.0 };
            (
                score::cost(prev, [c], next) + shape_cost(prev, c, next)
                    - evidence
                    - locale
                    - neighbours
                    - spelled
                    - known,
                c,
                evidence,
            )
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    // One letter in either case ties on the letter models, which see lower case only. Where
    // the text tells the case (a capital starts a line before small letters, a small letter
    // goes on a word of small letters), that reading goes first and must lead the first
    // candidate that is another letter; elsewhere (a word that starts inside a line may be a
    // name) the two stay rivals.
    let case_told = match scored.as_slice() {
        [(_, first, _), (_, second, _), ..]
            if first != second && lower(*first) == lower(*second) =>
        {
            let capital = if prev.is_none() && next.is_some_and(char::is_lowercase) {
                Some(true)
            } else if prev.is_some_and(char::is_lowercase) {
                Some(false)
            } else {
                None
            };
            if capital.is_some_and(|capital| capital != first.is_uppercase()) {
                scored.swap(0, 1);
            }
            capital.is_some()
        }
        _ => false,
    };
    match scored.as_slice() {
        [(best, c, evidence), rest @ ..] => {
            let margin = rest
                .iter()
                .find(|(_, other, _)| !case_told || lower(*other) != lower(*c))
                .map_or(8.0, |(second, _, _)| (second - best).min(8.0));
            // What the text says an emoji is (an e-mail address, a section's name) speaks for
            // a few emoji, not for whichever candidate happens to fit: however many candidates
            // the lost bytes leave, the margin is that of a few.
            let needed = if *evidence > 0.0 && score::is_emoji(*c) {
                CONTEXT_MARGIN
            } else {
                required_margin(
                    scored
                        .iter()
                        .filter(|(cost, _, _)| *cost <= best + PLAUSIBLE_WINDOW)
                        .count(),
                )
            };
            if margin >= needed {
                Resolution {
                    choice: Some(*c),
                    confidence: (0.5 + margin / 16.0).min(0.95),
                    evidence: *evidence,
                }
            } else {
                Resolution {
                    choice: None,
                    confidence: 0.5,
                    evidence: 0.0,
                }
            }
        }
        [] => Resolution {
            choice: None,
            confidence: 0.5,
            evidence: 0.0,
        },
    }
}

/// What the characters on both sides say against `c` between them, in cost units: a capital
/// inside a word before a small letter (`SÍnior`), a small letter inside a word in capitals
/// (`SãO`), an em dash in a range of numbers (`2019—2023`, which takes an en dash).
fn shape_cost(prev: Option<char>, c: char, next: Option<char>) -> f32 {
    let (Some(prev), Some(next)) = (prev, next) else {
        return 0.0;
    };
    if prev.is_ascii_digit() && next.is_ascii_digit() {
        return if matches!(c, '—' | '―') { 1.5 } else { 0.0 };
    }
    let [p, i, n] = [prev, c, next].map(score::info);
    let one_script = p.script == i.script && i.script == n.script;
    match (p.kind, i.kind, n.kind) {
        (Kind::Upper, Kind::Upper, Kind::Lower) if one_script => 2.0,
        // German capitals keep `ß` (`STRAßE`).
        (Kind::Upper, Kind::Lower, Kind::Upper) if one_script && c != 'ß' => 2.0,
        _ => 0.0,
    }
}

/// Whether a character between `prev` and `next` would split a word: both are letters of one
/// script that puts spaces between words (Chinese, Japanese and Thai put punctuation between
/// letters).
fn splits_word(prev: Option<char>, next: Option<char>) -> bool {
    let (Some(prev), Some(next)) = (prev, next) else {
        return false;
    };
    let (prev, next) = (score::info(prev), score::info(next));
    prev.is_letter()
        && next.is_letter()
        && prev.script == next.script
        && !matches!(prev.script, Script::Cjk | Script::Thai | Script::Other)
}

/// The margin by which the best candidate must beat the next for a choice, in cost units: more
/// where many `candidates` come close to the best, for the more there are the likelier one of
/// them fits the letters around it by chance.
fn required_margin(candidates: usize) -> f32 {
    1.5 + MARGIN_PER_CANDIDATES * (candidates as f32 / 5.0).ln().max(0.0)
}

/// How far behind the best a candidate may be and still count as one that could have fitted
/// by chance (see [`required_margin`]). When it was set, 4.0 gained 9 exact lines of the
/// tests' corpus for 7 more wrong ones.
const PLAUSIBLE_WINDOW: f32 = 6.0;

/// The margin by which an emoji the text asks for must beat the next candidate: two places
/// ahead in its list of preferred emoji (see [`RANK_STEP`]).
const CONTEXT_MARGIN: f32 = 2.0 * RANK_STEP;

/// How much the required margin grows with each factor of e in the number of candidates past
/// five (17 candidates need 2.1). When it was set, 0.25 gained 5 exact lines of the tests' corpus
/// for 11 more wrong ones, and 1.0 lost 14 exact lines for 1 fewer wrong one.
const MARGIN_PER_CANDIDATES: f32 = 0.5;

/// What a nat of the word's likelihood is worth, in cost units. Measured on the corpus of the
/// tests: more makes as many wrong guesses as right ones.
const WORD_WEIGHT: f32 = 0.5;
/// The most the word's likelihood can hold a candidate back by, in cost units.
const MAX_WORD_PENALTY: f32 = 10.0;

/// What it speaks for a candidate that it leaves only known words around it, in cost units:
/// the letter models score letters against letters, so without it a mark after the unknown
/// `برمجيا` ranked close to the letter that makes `برمجيات`.
const KNOWN_WORDS: f32 = 1.5;

/// How much it speaks for a candidate that the document holds it `count` times intact: once
/// may be chance, a few times is the author's spelling. (Like the letters around it, this ranks
/// the candidates but is no evidence that bytes were lost.)
fn spelled_elsewhere(count: u32) -> f32 {
    match count {
        0 => 0.0,
        1 => 1.0,
        2 => 2.0,
        _ => 3.0,
    }
}

/// The emoji that the text around a damaged emoji asks for, best first: `after` is the rest of
/// the line after it, `before` the line before it.
pub(crate) fn preferred_emoji(before: &str, after: &str) -> Vec<(char, f32)> {
    let weigh = |emoji: &[char], weight: f32| -> Vec<(char, f32)> {
        emoji
            .iter()
            .enumerate()
            .map(|(rank, c)| (*c, (weight - RANK_STEP * rank as f32).max(0.0)))
            .collect()
    };
    let segment = item_after(after);
    let (emoji, strength) = preferred_by(segment);
    let mut preferred = weigh(emoji, strength.weight());
    // A label before the emoji ("Projects 🚀:") names a section too.
    let label = item_before(before);
    if !label.trim().is_empty() {
        preferred.extend(weigh(section_emoji(&label.to_lowercase()), 3.5));
    }
    // An emoji is often followed by the word it pictures ("🎸 guitar").
    if let Some(word) = segment.split_whitespace().next() {
        preferred.extend(named(word).into_iter().map(|c| (c, NAMED_WEIGHT)));
    }
    preferred
}

/// What it speaks for an emoji that the word after it names.
const NAMED_WEIGHT: f32 = 3.0;

/// The emoji of one code point whose name is `word`, or ends in it ("electric guitar"), in
/// English and lower case; words shorter than four letters name nothing here.
///
/// A scan of the emoji list, not a table built on first use: a résumé asks for a word or two,
/// and building the table of all names cost a cold run about 0.4 ms.
fn named(word: &str) -> Vec<char> {
    let word = word
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    if word.chars().count() < 4 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    emojis::iter()
        .filter(|emoji| {
            emoji
                .name()
                .strip_suffix(word.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
        })
        .filter_map(|emoji| {
            let mut chars = emoji.as_str().trim_end_matches('\u{FE0F}').chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        })
        .collect()
}

/// How much less each emoji of a list of preferred ones counts than the one before it: the
/// lists put the usual emoji first (🎓 for an education, then 🏫 and 📚).
const RANK_STEP: f32 = 0.5;

/// How much what the context says counts.
#[derive(Clone, Copy)]
enum Strength {
    /// A link to a known site, an e-mail address, a phone number, a web address.
    Address,
    /// The name of a résumé section.
    Section,
    /// A few capitalised words: probably a place.
    Place,
}

impl Strength {
    fn weight(self) -> f32 {
        match self {
            Strength::Address => 4.5,
            Strength::Section => 4.0,
            Strength::Place => 2.5,
        }
    }
}

/// The emoji the item of text after an emoji asks for, best first, and how strongly.
fn preferred_by(segment: &str) -> (&'static [char], Strength) {
    let lower = segment.to_lowercase();
    let has = |needle: &str| lower.contains(needle);
    let address = |emoji: &'static [char]| (emoji, Strength::Address);
    if has("github") {
        return address(&['🐙', '💻', '🐱', '🖥']);
    }
    if has("gitlab") {
        return address(&['🦊', '💻']);
    }
    if has("linkedin") {
        return address(&['🔗', '💼', '👔']);
    }
    if has("xing") {
        return address(&['💼', '🔗']);
    }
    if has("twitter") || has("x.com/") {
        return address(&['🐦', '🐤']);
    }
    const EMAIL: &[char] = &['📧', '✉', '📨', '📩', '📬', '📫', '💌'];
    const PHONE: &[char] = &['📱', '📞', '☎', '📲'];
    const WEB: &[char] = &['🌐', '🔗', '💻', '🏠'];
    const PLACE: &[char] = &['📍', '🏠', '🌍', '🌎', '🌏', '🗺', '📌'];
    if has("mailto:") || looks_like_email(&lower) {
        return address(EMAIL);
    }
    if has("tel:") || looks_like_phone(segment) {
        return address(PHONE);
    }
    if has("http://") || has("https://") || has("www.") || has("](") {
        return address(WEB);
    }
    let section = section_emoji(&lower);
    if !section.is_empty() {
        return (section, Strength::Section);
    }
    if looks_like_place(segment) {
        return (PLACE, Strength::Place);
    }
    (&[], Strength::Place)
}

/// The emoji of a section whose name `lower` (lower case) contains, e.g. 🎓 for education.
fn section_emoji(lower: &str) -> &'static [char] {
    const SECTIONS: &[(&[&str], &[char])] = &[
        (
            &[
                "educat",
                "ausbildung",
                "studi",
                "formation",
                "educaci",
                "formaç",
                "universit",
                "bachelor",
                "master",
                "diplom",
                "degree",
                "phd",
                "school",
                "college",
                "b.sc",
                "m.sc",
                "msc",
                "bsc",
                "hochschule",
                "lycée",
                "abitur",
            ],
            &['🎓', '🏫', '📚'],
        ),
        (
            &[
                "experience",
                "erfahrung",
                "expérience",
                "experiencia",
                "experiência",
                "employ",
                "work",
                "career",
                "beruf",
            ],
            &['💼', '🏢', '👔'],
        ),
        (
            &[
                "skill",
                "kenntnis",
                "compétence",
                "competenc",
                "habilidad",
                "tech",
                "stack",
                "tools",
                "fähigkeit",
            ],
            &['🛠', '🧰', '⚙', '💡', '🔧'],
        ),
        (
            &["project", "projekt", "projet", "proyecto", "projeto"],
            &['🚀', '📂', '💡', '🧩'],
        ),
        (
            &["language", "sprache", "langue", "idioma", "língua"],
            &['🌐', '🗣', '🌍', '💬'],
        ),
        (
            &[
                "certif",
                "zertifi",
                "award",
                "auszeichnung",
                "achievement",
                "honor",
                "prize",
            ],
            &['📜', '🏆', '🎖', '🏅', '🥇'],
        ),
        (
            &["interest", "hobb", "interessen", "loisir"],
            &['🎯', '⚽', '🎨', '🎮'],
        ),
        (
            &[
                "summary",
                "profil",
                "about",
                "über mich",
                "à propos",
                "sobre",
            ],
            &['👤', '📝', '🙋', '👋'],
        ),
        (
            &["contact", "kontakt", "contacto", "contato"],
            &['📞', '📇', '📬', '📧'],
        ),
        (
            &["publication", "publikation", "paper"],
            &['📚', '📄', '📝'],
        ),
        (&["volunteer", "ehrenamt", "bénévol"], &['🤝', '❤']),
        (
            &[
                "address", "adresse", "location", "standort", "wohnort", "based in",
            ],
            &['📍', '🏠'],
        ),
    ];
    for (words, emoji) in SECTIONS {
        if lower
            .split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric() && c != '.')
            .any(|w| words.iter().any(|k| w.starts_with(k)))
            || words.iter().any(|k| k.contains(' ') && lower.contains(k))
        {
            return emoji;
        }
    }
    &[]
}

/// The first item of `after`: up to a separator such as `|` or `•`.
fn item_after(after: &str) -> &str {
    let after = after.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{FE0F}' | '\u{200D}' | ':' | '*' | '_')
    });
    // Only the start of it can matter: cut it to 48 characters before looking for the end of
    // the item, or a long line with many emoji sites takes quadratic time.
    let window = after
        .char_indices()
        .nth(48)
        .map_or(after, |(i, _)| &after[..i]);
    let end = window
        .char_indices()
        .find(|(_, c)| {
            matches!(c, '|' | '•' | '·' | '‖' | '\t' | '\u{FFFD}') || score::is_emoji(*c)
        })
        .map_or(window.len(), |(i, _)| i);
    window.get(..end).unwrap_or(window)
}

/// The last item of `before`, for an emoji that ends its item.
fn item_before(before: &str) -> &str {
    let before = before.trim_end();
    // Only the end of it can matter (and reading all of a long line for every emoji would
    // make the time quadratic).
    let tail = before.char_indices().rev().nth(48).map_or(0, |(i, _)| i);
    let before = before.get(tail..).unwrap_or("");
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '|' | '•' | '·' | '‖' | '\t' | '#') || score::is_emoji(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    before.get(start..).unwrap_or("")
}

fn looks_like_email(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match w.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
            }
            None => false,
        }
    })
}

fn looks_like_phone(s: &str) -> bool {
    let s = s.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let first_ok = s.starts_with(|c: char| c == '+' || c == '(' || c.is_ascii_digit());
    first_ok
        && digits >= 6
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-()./\u{A0}\u{2011}–".contains(c))
}

fn looks_like_place(s: &str) -> bool {
    let s = s.trim().trim_end_matches(['.', ',']);
    let words = s.split_whitespace().count();
    s.starts_with(char::is_uppercase)
        && (1..=6).contains(&words)
        && s.chars().all(|c| {
            c.is_alphabetic() || c.is_whitespace() || score::info(c).kind == Kind::Mark
                || ",.-'’()/".contains(c)
                // Mojibake of the place name itself is still a place name.
                || !c.is_ascii()
        })
}

#[cfg(test)]
mod tests {
    use super::named;

    #[test]
    fn an_emoji_is_named_by_the_last_word_of_its_name() {
        assert!(named("guitar").contains(&'🎸'));
        assert!(named("Guitar,").contains(&'🎸'));
        assert!(named("rocket").contains(&'🚀'));
        // "woman" ends in these letters, but not in this word.
        assert!(!named("oman").contains(&'👩'));
        assert_eq!(named("oman"), Vec::<char>::new());
        // Too short, or not a plain word.
        assert_eq!(named("cat"), Vec::<char>::new());
        assert_eq!(named("[GitHub](https://github.com/x)"), Vec::<char>::new());
    }
}
