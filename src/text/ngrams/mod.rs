//! How likely a word is in each of 46 languages, letter by letter, for choosing among the
//! characters a lost byte can have been (`Mo?kva` is `Москва`, `S?O` is `SÃO`).
//!
//! The table holds, per language, its letter unigrams, bigrams and trigrams with
//! ln P(letter | the letters before it), from the models of the `lingua` language detector
//! (Apache-2.0, see `LICENSE-lingua`); `generate/` rebuilds it. Lingua's models know letters
//! only, which in Devanagari and Thai leaves out the vowel signs, and lingua's Han, kana and
//! Hangul models are single characters; so Hindi, Marathi, Thai, Japanese, Chinese and Korean
//! are counted from the word lists of Tesseract's models instead (Apache-2.0, see
//! `LICENSE-tessdata`), vowel signs included, each word between two boundaries so that the
//! table knows how they start and end. The table is stored as it is searched (no inflating at
//! start-up), so the pages a file does not need are never read. Letters are compared in lower
//! case; lingua's models know no digits or word boundaries. Chinese, Japanese and Thai put no
//! spaces between words, so their runs of letters are scored as the words of the lists they can
//! be cut into.
//!
//! Letter statistics cannot tell `Москва` from `Посква`; so the words of Tesseract's lists of
//! the Cyrillic, Greek, Arabic and Hebrew languages, where that costs the most letters, are kept
//! too, as a Bloom filter (`words.bin`, `bloom.rs`), with the words of the Latin-script
//! languages that hold a letter beyond ASCII (`Ísland`, `zapytań`), and a candidate that makes a
//! whole word of them is favoured. Where two candidates both make words (`σε` and `ρε`, `Иван`
//! and `Аван`), the commoner word is likelier: a second filter (`common.bin`) tells how frequent
//! a word is, in half steps of Zipf frequency, from the word frequencies of `wordfreq` (data
//! CC-BY-SA 4.0, see `LICENSE-wordfreq`).

use std::sync::OnceLock;

use super::score::{self, Script};

mod bloom;

/// The table (format in `generate/src/main.rs`).
const TABLE: &[u8] = include_bytes!("table.bin");
/// The words of Cyrillic, Greek, Arabic and Hebrew languages, and the words of Latin-script
/// languages with a letter beyond ASCII, as a Bloom filter (`bloom.rs`;
/// format in `generate/src/main.rs`).
const WORDS: &[u8] = include_bytes!("words.bin");
/// The words with a letter beyond ASCII that are used at least once in a million words in some
/// language, with how often, as a Bloom filter (see [`commonness`]).
const COMMON: &[u8] = include_bytes!("common.bin");

/// ln P of a letter a language does not know at all, at most. In a language of thousands of
/// letters (Chinese) a rare known letter backed off from the trigram is rarer than that, so
/// there an unknown letter is rarer still: see [`Model::unseen`].
const UNSEEN: f32 = -12.0;
/// More letters than this make a script of syllables or words (Hangul, Han), whose rare letters
/// are rarer than [`UNSEEN`].
const LARGE_ALPHABET: usize = 500;
/// Stands for the start and end of a word in the models counted from word lists.
const BOUNDARY: char = ' ';
/// What falling back from a trigram to the bigram costs; trigrams rarer than e^-7 are not in
/// the table, so a missing one is at least that rare.
const TRIGRAM_FLOOR: f32 = -7.0;
/// What falling back from a bigram to the unigram costs.
const BIGRAM_BACKOFF: f32 = -3.0;
/// One table entry: a u64 key and a byte.
const ENTRY: usize = 9;

/// One language's n-grams: where its three sorted arrays of entries lie in the table.
struct Model {
    /// The language, in English and lower case (`german`).
    name: &'static str,
    orders: [std::ops::Range<usize>; 3],
    /// The script of its letters.
    script: ScriptKey,
    /// ln P of a letter it does not know: below that of any letter it knows.
    unseen: f32,
    /// Whether it knows how words start and end (the models counted from word lists do).
    bounded: bool,
}

struct Table {
    bytes: &'static [u8],
    models: Vec<Model>,
}

impl Table {
    fn get() -> Option<&'static Table> {
        static TABLE_CELL: OnceLock<Option<Table>> = OnceLock::new();
        TABLE_CELL.get_or_init(Table::load).as_ref()
    }

    /// Indexes the table; `None` if it is damaged (the repair then goes without).
    fn load() -> Option<Table> {
        let bytes = TABLE;
        let mut at = 5;
        if bytes.get(..at)? != b"CVNG1" {
            return None;
        }
        let count = *bytes.get(at)?;
        at += 1;
        let mut models = Vec::with_capacity(count.into());
        for _ in 0..count {
            let name_len = usize::from(*bytes.get(at)?);
            let name = std::str::from_utf8(bytes.get(at + 1..at + 1 + name_len)?).ok()?;
            at += 1 + name_len;
            let mut counts = [0usize; 3];
            for n in &mut counts {
                let raw: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
                *n = u32::from_le_bytes(raw) as usize;
                at += 4;
            }
            let mut orders: [std::ops::Range<usize>; 3] = Default::default();
            for (order, n) in orders.iter_mut().zip(counts) {
                let end = at.checked_add(n.checked_mul(ENTRY)?)?;
                if end > bytes.len() {
                    return None;
                }
                *order = at..end;
                at = end;
            }
            let first = bytes.get(orders[0].start..orders[0].start + 8)?;
            let first = u64::from_le_bytes(first.try_into().ok()?);
            let script = char::from_u32(u32::try_from(first).ok()?).map_or(0, script_key);
            let rarest = bytes
                .get(orders[0].clone())?
                .chunks_exact(ENTRY)
                .map(|entry| entry[8])
                .max()
                .unwrap_or(0);
            let letters = orders[0].len() / ENTRY;
            let unseen = if letters > LARGE_ALPHABET {
                UNSEEN.min(-f32::from(rarest) / 8.0 + BIGRAM_BACKOFF + TRIGRAM_FLOOR - 1.0)
            } else {
                UNSEEN
            };
            let bounded = first == u64::from(BOUNDARY);
            let script = if bounded {
                // The boundary sorts first; the script is that of the next unigram.
                let second = bytes.get(orders[0].start + ENTRY..orders[0].start + ENTRY + 8)?;
                let second = u64::from_le_bytes(second.try_into().ok()?);
                char::from_u32(u32::try_from(second).ok()?).map_or(0, script_key)
            } else {
                script
            };
            models.push(Model {
                name,
                orders,
                script,
                unseen,
                bounded,
            });
        }
        Some(Table { bytes, models })
    }

    /// ln P of the n-gram `key` (1 to 3 letters, lower case) in `model`, if the table has it.
    fn lookup(&self, model: &Model, key: &[char]) -> Option<f32> {
        let order = model.orders.get(key.len().checked_sub(1)?)?;
        let entries = self.bytes.get(order.clone())?;
        let packed = key.iter().fold(0u64, |acc, c| (acc << 21) | u64::from(*c));
        let (mut lo, mut hi) = (0, entries.len() / ENTRY);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let entry = entries.get(mid * ENTRY..(mid + 1) * ENTRY)?;
            let k = u64::from_le_bytes(entry.get(..8)?.try_into().ok()?);
            match k.cmp(&packed) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(-f32::from(entry[8]) / 8.0),
            }
        }
        None
    }

    /// ln P of `word` (lower-case letters) in `model`, with back-off.
    fn word(&self, model: &Model, word: &[char]) -> f32 {
        (0..word.len()).map(|i| self.term(model, word, i)).sum()
    }

    /// ln P of letters in `model` where the text does not mark where words end (Chinese,
    /// Japanese, Thai): the likeliest way to cut them into words of the model's lists, each cut
    /// costing the end of one word and the start of the next. Without the cuts, `分布式系统`
    /// scored the `式` after `分布` as if `式系` had to be part of one word, which a word list
    /// never holds, and `式` came no closer than letters that fit no word.
    ///
    /// Scores `letters[range]` from the scores `best` before it (see [`unspaced_start`]) and
    /// returns the scores after it; the word's score is the best of them. Run in two parts, the
    /// letters before a candidate are scored once for all candidates.
    fn unspaced_run(
        &self,
        model: &Model,
        letters: &[char],
        range: std::ops::Range<usize>,
        mut best: [f32; 3],
    ) -> [f32; 3] {
        for i in range {
            let c = letters[i];
            let mut next = [f32::NEG_INFINITY; 3];
            let start = (c != BOUNDARY).then(|| self.term(model, &[BOUNDARY, c], 1));
            for (k, &so_far) in best.iter().enumerate() {
                if !so_far.is_finite() {
                    continue;
                }
                // The letters the term of `c` is conditioned on, and room for `c`.
                // Fewer than two letters since the cut: the boundary of the cut comes first.
                let mut gram = [BOUNDARY; 3];
                let mut len = usize::from(k < 2);
                for &before in &letters[i - k.min(i)..i] {
                    gram[len] = before;
                    len += 1;
                }
                let term_of = |last: char| {
                    let mut gram = gram;
                    gram[len] = last;
                    self.term(model, &gram[..=len], len)
                };
                if c == BOUNDARY {
                    next[0] = next[0].max(so_far + term_of(BOUNDARY));
                    continue;
                }
                // Go on with the word.
                let to = (k + 1).min(2);
                next[to] = next[to].max(so_far + term_of(c));
                // Or end it before `c` and start another with `c`.
                if let Some(start) = start.filter(|_| k > 0) {
                    next[1] = next[1].max(so_far + term_of(BOUNDARY) + start + CUT);
                }
            }
            best = next;
        }
        best
    }

    /// ln P of `word[i]` given the letters before it in `model`, with back-off.
    fn term(&self, model: &Model, word: &[char], i: usize) -> f32 {
        let tri = (i >= 2)
            .then(|| self.lookup(model, &word[i - 2..=i]))
            .flatten();
        let bi = || {
            (i >= 1)
                .then(|| self.lookup(model, &word[i - 1..=i]))
                .flatten()
        };
        let uni = || self.lookup(model, &word[i..=i]);
        match (tri, i) {
            (Some(p), _) => p,
            (None, 0) => uni().unwrap_or(model.unseen),
            (None, 1) => bi()
                .or_else(|| uni().map(|p| p + BIGRAM_BACKOFF))
                .unwrap_or(model.unseen),
            (None, _) => bi()
                .map(|p| p.min(TRIGRAM_FLOOR))
                .or_else(|| uni().map(|p| p + BIGRAM_BACKOFF + TRIGRAM_FLOOR))
                .unwrap_or(model.unseen),
        }
    }
}

/// The scores [`Table::unspaced_run`] starts from: `best[k]` is the best score so far with the
/// last `k` letters (up to two) since the last cut; a word known to `start` there is cut there,
/// and one not known to start is taken as if it began two letters earlier.
fn unspaced_start(start: bool) -> [f32; 3] {
    let mut best = [f32::NEG_INFINITY; 3];
    best[if start { 0 } else { 2 }] = 0.0;
    best
}

pub(crate) use bloom::lower;

/// Whether the models can speak for `c`: a letter of a script they cover (the vowel signs of
/// Devanagari and Thai count as letters here, as the models count them).
pub(crate) fn covers(c: char) -> bool {
    let info = score::info(c);
    info.is_letter() && info.script != Script::Other
}

/// How likely each language is for a document, per script: the sum of its words' ln P, relative
/// to the best language of that script.
#[derive(Clone, Debug, Default)]
pub(crate) struct Languages {
    /// For each script seen, the prior of every model (0 for the best, negative for the rest).
    priors: Vec<(ScriptKey, Vec<f32>)>,
}

/// A script, as a key of [`Languages`].
type ScriptKey = u8;

fn script_key(c: char) -> ScriptKey {
    score::info(c).script as u8
}

/// The words of `text`: maximal runs of letters the models cover, in lower case.
fn words(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !covers(c))
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(lower).collect())
}

impl Languages {
    /// Enough words to tell the languages apart; more only cost time.
    const MAX_WORDS: usize = 300;
    /// Scores `text` under every language; an unlikely language is held back by at most
    /// `max_penalty` nats.
    pub fn of(text: &str, max_penalty: f32) -> Self {
        let Some(table) = Table::get() else {
            return Self::default();
        };
        let mut totals: Vec<(ScriptKey, Vec<f32>)> = Vec::new();
        for word in words(text).take(Self::MAX_WORDS) {
            let key = script_key(word[0]);
            let slot = match totals.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    // Models of other scripts never score this script's words.
                    let start = |m: &Model| {
                        if m.script == key {
                            0.0
                        } else {
                            f32::NEG_INFINITY
                        }
                    };
                    totals.push((key, table.models.iter().map(start).collect()));
                    totals.len() - 1
                }
            };
            for (total, model) in totals[slot].1.iter_mut().zip(&table.models) {
                if model.script == key {
                    *total += table.word(model, &word);
                }
            }
        }
        for (_, scores) in &mut totals {
            let best = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            for s in scores.iter_mut() {
                *s = (*s - best).max(-max_penalty);
            }
        }
        Self { priors: totals }
    }

    /// The likeliest language of the words of `script`, by its name in English, lower case
    /// (`german`); `None` where the text has no such words.
    pub fn likeliest(&self, script: Script) -> Option<&'static str> {
        let table = Table::get()?;
        let key = script as ScriptKey;
        let (_, priors) = self.priors.iter().find(|(k, _)| *k == key)?;
        table
            .models
            .iter()
            .zip(priors)
            .filter(|(model, _)| model.script == key)
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(model, _)| model.name)
    }

    fn prior(&self, script: ScriptKey, model: usize) -> f32 {
        self.priors
            .iter()
            .find(|(k, _)| *k == script)
            .and_then(|(_, p)| p.get(model).copied())
            .unwrap_or(0.0)
    }
}

/// What cutting unspaced text into one more word costs, in nats, on top of the likelihood of
/// the ends: cuts that fit no better than a longer word are not made.
const CUT: f32 = -4.0;

/// The scripts whose text runs words together without spaces (see [`Table::unspaced_run`]).
const UNSPACED: [ScriptKey; 2] = [Script::Cjk as ScriptKey, Script::Thai as ScriptKey];

/// What each half step of Zipf frequency (see [`commonness`]) speaks for a candidate whose word
/// it is, in nats: `σε` (Zipf 7.0) beats `ρε` (5.2) by four steps. The frequencies say half of
/// ln 10 a step; the repair weighs a nat of a word at half a unit of its other evidence
/// (`lost_bytes::WORD_WEIGHT`), and at twice that a step of frequency counts as it says. On
/// the corpus of the tests, per line: 1.15 gave 2,669 exact lines, 1.7 2,677, 2.3 and 3.0
/// 2,678, all with 65 wrong; 4.0 2,678 and 70 wrong.
const COMMON_STEP: f32 = 2.3;

/// What it speaks for a candidate that it makes a whole word of a word list, in nats: most
/// letter-by-letter look-alikes (`Посква` for `Москва`) are no words.
const KNOWN_WORD: f32 = 4.0;

/// Whether the letters `word` are a word of the lists in `words.bin` (Cyrillic, Greek, Arabic,
/// Hebrew, Korean and Thai languages; Latin-script ones where the word has a letter beyond
/// ASCII), up to the filter's one false "yes" in two thousand.
pub(crate) fn is_known_word(word: &[char]) -> bool {
    static FILTER: OnceLock<Option<Filter>> = OnceLock::new();
    let Some(filter) = FILTER.get_or_init(|| Filter::read(WORDS)) else {
        return false;
    };
    // The lists are of these scripts only, and hold Latin words only with a letter beyond
    // ASCII: any other word the filter takes is a false "yes".
    let script = score::info(word.first().copied().unwrap_or(' ')).script;
    let listed = match script {
        Script::Cyrillic
        | Script::Greek
        | Script::Arabic
        | Script::Hebrew
        | Script::Hangul
        | Script::Thai => true,
        Script::Latin => word.iter().any(|c| !c.is_ascii()),
        _ => false,
    };
    // A Hangul syllable is a word of its own in the lists (`및`), a letter of an alphabet not.
    (word.len() >= 2 || script == Script::Hangul && !word.is_empty())
        && listed
        && word.iter().all(|c| score::info(*c).script == script)
        && filter.contains(word)
}

/// A Bloom filter as `generate/` writes it: `CVBF1`, its size in bits (u64 LE), its bits.
struct Filter {
    bits: u64,
    filter: &'static [u8],
}

impl Filter {
    fn read(bytes: &'static [u8]) -> Option<Self> {
        let bits = u64::from_le_bytes(bytes.get(5..13)?.try_into().ok()?);
        let filter = bytes.get(13..)?;
        (bytes.starts_with(b"CVBF1") && bits > 0 && filter.len() as u64 * 8 >= bits)
            .then_some(Self { bits, filter })
    }

    fn contains(&self, letters: &[char]) -> bool {
        bloom::positions(letters, self.bits).all(|p| {
            self.filter
                .get((p / 8) as usize)
                .is_some_and(|byte| byte & (1 << (p % 8)) != 0)
        })
    }
}

/// How common the word `letters` is: how many half steps its Zipf frequency (the highest in any
/// language wordfreq knows) reaches from 3, one in a million words (0 below that, or for a word
/// of ASCII letters only, which no lost byte makes).
fn commonness(letters: &[char]) -> u32 {
    static FILTER: OnceLock<Option<Filter>> = OnceLock::new();
    let Some(filter) = FILTER.get_or_init(|| Filter::read(COMMON)) else {
        return 0;
    };
    if letters.iter().all(char::is_ascii) {
        return 0;
    }
    // The steps are keys of their own (see `bloom::step_mark`).
    let mut key: Vec<char> = letters.to_vec();
    key.push('\0');
    let last = key.len() - 1;
    let mut level = 0;
    while level < bloom::COMMON_STEPS {
        key[last] = bloom::step_mark(level + 1);
        if !filter.contains(&key) {
            break;
        }
        level += 1;
    }
    level
}

/// Which of `candidates` leave only words of the lists in `words.bin` around them: a letter
/// that makes `left` + letter + `right` a known word, or a mark between the known words `left`
/// and `right` (one of them may be empty) that ends a word: a space or punctuation. `starts`
/// and `ends` tell whether the word is known to start with `left` and end with `right`. All
/// false where the lists do not know the script.
fn known_words(
    left: &[char],
    candidates: &[char],
    right: &[char],
    (starts, ends): (bool, bool),
) -> Vec<bool> {
    let known = |part: &[char]| part.len() <= LONGEST_WORD && is_known_word(part);
    let left_known = starts && known(left);
    let right_known = ends && known(right);
    let mark_known = !(left.is_empty() && right.is_empty())
        && (left.is_empty() || left_known)
        && (right.is_empty() || right_known);
    candidates
        .iter()
        .map(|c| {
            if covers(*c) {
                starts && ends && {
                    let whole: Vec<char> = left.iter().chain([c]).chain(right).copied().collect();
                    known(&whole)
                }
            } else {
                // Only a space or punctuation ends a word; a combining mark is part of one.
                mark_known
                    && matches!(
                        score::info(*c).kind,
                        score::Kind::Space
                            | score::Kind::Punct
                            | score::Kind::Open
                            | score::Kind::Close
                    )
            }
        })
        .collect()
}

/// No word of the lists is longer than that (the longest has 16 letters); a longer "word" is a
/// run of letters without spaces, which need not be hashed for every candidate.
const LONGEST_WORD: usize = 64;

/// What the letter models and the word lists say of each candidate of a site.
pub(crate) struct WordEvidence {
    /// ln P of the word with the candidate in it, `None` where the models cannot tell.
    pub scores: Vec<Option<f32>>,
    /// Whether it leaves only known words around it (see [`known_words`]).
    pub known: Vec<bool>,
    /// Whether it is a letter the models cannot score of a script the document does not use
    /// elsewhere, where another candidate's word is scored: the caller knows the document.
    pub foreign: Vec<bool>,
}

impl WordEvidence {
    /// Nothing known of any of `count` candidates.
    pub fn none(count: usize) -> Self {
        Self {
            scores: vec![None; count],
            known: vec![false; count],
            foreign: vec![false; count],
        }
    }
}

/// [`word_scores`] and [`known_words`] of `candidates`, each word looked up in the filter once.
pub(crate) fn word_evidence(
    left: &[char],
    candidates: &[char],
    right: &[char],
    bounds: (bool, bool),
    languages: &[&Languages],
) -> WordEvidence {
    let known = known_words(left, candidates, right, bounds);
    let mut scores = word_scores(left, candidates, right, bounds, languages, &known);
    // How common the whole word is, where it is seen whole; a letter alone is a word in too
    // many languages (`á` is Icelandic for "on") to say anything.
    let letters = left.len() + 1 + right.len();
    if bounds.0 && bounds.1 && (2..=LONGEST_WORD).contains(&letters) {
        for (slot, c) in scores.iter_mut().zip(candidates) {
            if let Some(score) = slot
                && covers(*c)
            {
                let whole: Vec<char> = left.iter().chain([c]).chain(right).copied().collect();
                *score += COMMON_STEP * commonness(&whole) as f32;
            }
        }
    }
    WordEvidence {
        scores,
        known,
        foreign: vec![false; candidates.len()],
    }
}

/// For each of `candidates`, ln P of the word `left` + candidate + `right` (letters; others are
/// dropped by the caller) under the language that explains it best, given the document's
/// `languages`; `starts` and `ends` tell whether the word is known to start with `left` and end
/// with `right` (rather than being cut short by damage), which the models counted from word
/// lists take into account; a letter `known` to make a known word gains [`KNOWN_WORD`]. `None`
/// where the models cannot speak for the candidate. The candidates are scored together because
/// only the trigrams that hold the candidate differ.
fn word_scores(
    left: &[char],
    candidates: &[char],
    right: &[char],
    (starts, ends): (bool, bool),
    languages: &[&Languages],
    known: &[bool],
) -> Vec<Option<f32>> {
    let mut scores = vec![None; candidates.len()];
    let Some(table) = Table::get() else {
        return scores;
    };
    let starts_here = starts && left.len() <= 4;
    let ends_here = ends && right.len() <= 4;
    // The trigrams that hold the candidate, and two letters more on each side to weigh the
    // language.
    let left = &left[left.len().saturating_sub(4)..];
    let right = &right[..right.len().min(4)];
    let template = |bounded: bool| -> (Vec<char>, usize) {
        let start = usize::from(bounded && starts_here);
        let word = std::iter::repeat_n(BOUNDARY, start)
            .chain(left.iter().map(|c| lower(*c)))
            .chain([BOUNDARY])
            .chain(right.iter().map(|c| lower(*c)))
            .chain((bounded && ends_here).then_some(BOUNDARY))
            .collect();
        (word, start + left.len())
    };
    // Each candidate's script (if the models cover it) and lower case, worked out once rather
    // than for every model.
    let keyed: Vec<Option<(ScriptKey, char)>> = candidates
        .iter()
        .map(|c| covers(*c).then(|| (script_key(*c), lower(*c))))
        .collect();
    let mut scripts: Vec<ScriptKey> = keyed.iter().flatten().map(|(key, _)| *key).collect();
    scripts.sort_unstable();
    scripts.dedup();
    for script in scripts {
        // A syllable or ideograph alone is ranked by its frequency only, which is no reason to
        // believe it (`및` is not `반`); whether it is a word of the lists is (`및`, "and", is
        // one of the few syllables that are), and the known words add that below.
        if left.is_empty()
            && right.is_empty()
            && [Script::Cjk as u8, Script::Hangul as u8].contains(&script)
        {
            if known.iter().any(|known| *known) {
                for (slot, keyed) in scores.iter_mut().zip(&keyed) {
                    if keyed.is_some_and(|(key, _)| key == script) {
                        *slot = Some(0.0);
                    }
                }
            }
            continue;
        }
        for (m, model) in table.models.iter().enumerate() {
            if model.script != script {
                continue;
            }
            let prior: f32 = languages.iter().map(|l| l.prior(script, m)).sum();
            let (mut word, at) = template(model.bounded);
            if model.bounded && UNSPACED.contains(&script) {
                // The boundary the word starts with, if it does, is where the runs start.
                let skipped = usize::from(starts_here);
                let mut letters = word.split_off(skipped);
                let at = at - skipped;
                let before =
                    table.unspaced_run(model, &letters, 0..at, unspaced_start(starts_here));
                for (slot, keyed) in scores.iter_mut().zip(&keyed) {
                    let Some((_, lowered)) = keyed.filter(|(key, _)| *key == script) else {
                        continue;
                    };
                    letters[at] = lowered;
                    let after = table.unspaced_run(model, &letters, at..letters.len(), before);
                    let score = after.into_iter().fold(f32::NEG_INFINITY, f32::max) + prior;
                    *slot = Some(slot.map_or(score, |best: f32| best.max(score)));
                }
                continue;
            }
            // The terms of the letters whose trigrams do not hold the candidate are the same
            // for every candidate.
            let varying = at..(at + 3).min(word.len());
            let fixed: f32 = (0..word.len())
                .filter(|i| !varying.contains(i))
                .map(|i| table.term(model, &word, i))
                .sum();
            for (slot, keyed) in scores.iter_mut().zip(&keyed) {
                let Some((_, lowered)) = keyed.filter(|(key, _)| *key == script) else {
                    continue;
                };
                word[at] = lowered;
                let score = fixed
                    + varying
                        .clone()
                        .map(|i| table.term(model, &word, i))
                        .sum::<f32>()
                    + prior;
                *slot = Some(slot.map_or(score, |best: f32| best.max(score)));
            }
        }
    }
    for (slot, known) in scores.iter_mut().zip(known) {
        if let Some(score) = slot
            && *known
        {
            *score += KNOWN_WORD;
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(left: &str, candidates: &[char], right: &str, doc: &str) -> char {
        let l: Vec<char> = left.chars().collect();
        let r: Vec<char> = right.chars().collect();
        let langs = Languages::of(doc, 8.0);
        *candidates
            .iter()
            .max_by(|a, b| {
                let sa = word_evidence(&l, &[**a], &r, (true, true), &[&langs]).scores[0]
                    .unwrap_or(f32::MIN);
                let sb = word_evidence(&l, &[**b], &r, (true, true), &[&langs]).scores[0]
                    .unwrap_or(f32::MIN);
                sa.total_cmp(&sb)
            })
            .unwrap()
    }

    #[test]
    fn a_letter_a_language_does_not_know_ranks_below_the_letters_it_knows() {
        // `丏` is in no word of the Chinese lists, `不` in thousands; backed off to their
        // unigrams, a known ideograph used to cost more than an unknown one.
        let langs = Languages::of("计算机科学与技术", 8.0);
        let left: Vec<char> = "算机科学".chars().collect();
        let right: Vec<char> = "技术".chars().collect();
        let score =
            |c| word_evidence(&left, &[c], &right, (false, false), &[&langs]).scores[0].unwrap();
        assert!(score('丏') < score('不'));
    }

    #[test]
    fn a_syllable_alone_is_ranked_by_whether_it_is_a_word_not_by_its_frequency() {
        let langs = Languages::of("자동화 및 모니터링", 8.0);
        // `반` is a common syllable but no word of its own in the lists.
        assert_eq!(
            word_evidence(&[], &['반'], &[], (true, true), &[&langs]).scores,
            [None]
        );
        // `및` ("and") is one; `밁`, which the same lost byte leaves, is not.
        assert_eq!(
            word_evidence(&[], &['및', '밁'], &[], (true, true), &[&langs]).scores,
            [Some(KNOWN_WORD), Some(0.0)]
        );
        assert!(
            word_evidence(&['모', '니', '터'], &['링'], &[], (true, true), &[&langs]).scores[0]
                .is_some()
        );
    }

    #[test]
    fn unspaced_text_is_scored_as_the_words_it_can_be_cut_into() {
        // `分布式系统`: `式` ends the word `分布式` before `系统`; scored as one word, it fitted
        // no better than `吼` by enough to be chosen.
        let doc = "负责分布式系统设计";
        let langs = Languages::of(doc, 8.0);
        let left: Vec<char> = "负责分布".chars().collect();
        let right: Vec<char> = "系统设计".chars().collect();
        let scores = word_evidence(&left, &['式', '吼'], &right, (false, false), &[&langs]).scores;
        let (right_one, wrong_one) = (scores[0].unwrap(), scores[1].unwrap());
        assert!(right_one - wrong_one > 5.0, "{right_one} vs {wrong_one}");
    }

    #[test]
    fn the_commoner_of_two_words_is_known_to_be_commoner() {
        let common = |word: &str| commonness(&word.chars().collect::<Vec<_>>());
        assert!(
            common("σε") > common("ρε") + 2,
            "{} {}",
            common("σε"),
            common("ρε")
        );
        assert!(common("иван") >= 3);
        assert_eq!(common("аван"), 0);
        assert!(common("日本語") >= 3);
        // No lost byte makes a word of ASCII letters, so they are not asked for.
        assert_eq!(common("the"), 0);
    }

    #[test]
    fn the_table_loads() {
        let table = Table::get().expect("the bundled table");
        assert_eq!(table.models.len(), 46);
    }

    #[test]
    fn letters_around_tell_candidates_apart() {
        assert_eq!(best("Мо", &['с', 'я', 'э', 'ѐ', 'ѝ'], "ква", ""), 'с');
        assert_eq!(
            best("S", &['Á', 'Ã', 'È', 'Ð', 'Ø'], "O", "Engenheiro de Dados"),
            'Ã'
        );
        assert_eq!(
            best("Wroc", &['ł', 'Ĺ', 'ĺ'], "aw", "starszy programista"),
            'ł'
        );
    }
}
