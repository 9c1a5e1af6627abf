//! Reads the letter n-gram models of the `lingua` language detector (Apache-2.0) and writes
//! the compact table `src/text/ngrams/table.bin`: for each language, its letter
//! unigrams, bigrams and trigrams with ln P(last letter | the letters before), quantised to a
//! byte, the rarest trigrams left out (the reader backs off to the bigram).
//!
//! Format: `CVNG1`, a language count byte, then per language its name (a length
//! byte and the bytes), three u32 LE counts (uni-, bi-, trigrams) and the entries of each order
//! sorted by key: the key a u64 LE of the code points packed 21 bits each, first letter highest,
//! then one byte, -ln P × 8 rounded and clamped to 255.
//!
//! Lingua's models know letters only, so those of scripts whose words are written with vowel
//! signs (Devanagari, Thai) or without spaces (Han, kana, Hangul) cannot rank a lost letter by
//! the word it sits in. For those languages the n-grams are counted here instead, with the vowel
//! signs, over the word lists of Tesseract's `tessdata_fast` models (Apache-2.0, Debian's
//! `tesseract-ocr-*` packages): `wordlists.sh` extracts them and `cargo run --release -- DIR`
//! reads them from DIR.

use fst::{IntoStreamer, Streamer};

#[path = "../../bloom.rs"]
mod bloom;

/// Stands for the start and end of a word in the n-grams counted from word lists.
const BOUNDARY: char = ' ';

/// Trigrams rarer than this (ln P) are left out.
const TRIGRAM_FLOOR: f64 = -7.0;

fn models() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("english", lingua_english_language_model::ENGLISH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("german", lingua_german_language_model::GERMAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("french", lingua_french_language_model::FRENCH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("spanish", lingua_spanish_language_model::SPANISH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("portuguese", lingua_portuguese_language_model::PORTUGUESE_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("italian", lingua_italian_language_model::ITALIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("dutch", lingua_dutch_language_model::DUTCH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("swedish", lingua_swedish_language_model::SWEDISH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("danish", lingua_danish_language_model::DANISH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("bokmal", lingua_bokmal_language_model::BOKMAL_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("finnish", lingua_finnish_language_model::FINNISH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("polish", lingua_polish_language_model::POLISH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("czech", lingua_czech_language_model::CZECH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("slovak", lingua_slovak_language_model::SLOVAK_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("hungarian", lingua_hungarian_language_model::HUNGARIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("romanian", lingua_romanian_language_model::ROMANIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("croatian", lingua_croatian_language_model::CROATIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("slovene", lingua_slovene_language_model::SLOVENE_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("turkish", lingua_turkish_language_model::TURKISH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("vietnamese", lingua_vietnamese_language_model::VIETNAMESE_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("lithuanian", lingua_lithuanian_language_model::LITHUANIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("latvian", lingua_latvian_language_model::LATVIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("estonian", lingua_estonian_language_model::ESTONIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("icelandic", lingua_icelandic_language_model::ICELANDIC_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("catalan", lingua_catalan_language_model::CATALAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("albanian", lingua_albanian_language_model::ALBANIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("azerbaijani", lingua_azerbaijani_language_model::AZERBAIJANI_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("russian", lingua_russian_language_model::RUSSIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("ukrainian", lingua_ukrainian_language_model::UKRAINIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("bulgarian", lingua_bulgarian_language_model::BULGARIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("serbian", lingua_serbian_language_model::SERBIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("macedonian", lingua_macedonian_language_model::MACEDONIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("belarusian", lingua_belarusian_language_model::BELARUSIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("greek", lingua_greek_language_model::GREEK_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("arabic", lingua_arabic_language_model::ARABIC_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("persian", lingua_persian_language_model::PERSIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("urdu", lingua_urdu_language_model::URDU_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("hebrew", lingua_hebrew_language_model::HEBREW_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("hindi", lingua_hindi_language_model::HINDI_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("marathi", lingua_marathi_language_model::MARATHI_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("thai", lingua_thai_language_model::THAI_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("japanese", lingua_japanese_language_model::JAPANESE_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("chinese", lingua_chinese_language_model::CHINESE_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("korean", lingua_korean_language_model::KOREAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("kazakh", lingua_kazakh_language_model::KAZAKH_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
        ("mongolian", lingua_mongolian_language_model::MONGOLIAN_MODELS_DIRECTORY.get_file("ngrams.fst").unwrap().contents()),
    ]
}

/// The languages whose n-grams come from word lists: the name, the word lists' files, and the
/// characters a word of it is made of (a word with any other is left out).
const WORD_LIST_LANGUAGES: &[(&str, &[&str], fn(char) -> bool)] = &[
    ("hindi", &["hin.words"], devanagari),
    ("marathi", &["mar.words"], devanagari),
    ("thai", &["tha.words"], thai),
    ("japanese", &["jpn.words"], |c| kana(c) || han(c)),
    ("chinese", &["chi_sim.words", "chi_tra.words"], han),
    ("korean", &["kor.words"], |c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
];

/// Thai letters, vowel signs and tone marks (a tone mark is no alphabetic character).
fn thai(c: char) -> bool {
    ('\u{E01}'..='\u{E5B}').contains(&c)
}

fn devanagari(c: char) -> bool {
    ('\u{900}'..='\u{963}').contains(&c) || ('\u{970}'..='\u{97F}').contains(&c)
}

fn kana(c: char) -> bool {
    ('\u{3041}'..='\u{30FF}').contains(&c)
}

fn han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// ln P(last letter | the letters before) of every n-gram of 1 to 3 letters in the words of
/// the lists `files` under `dir` that `keep` accepts, each word counted once.
fn count_word_lists(
    dir: &std::path::Path,
    files: &[&str],
    keep: fn(char) -> bool,
) -> Vec<(Vec<char>, f64)> {
    use std::collections::{BTreeSet, HashMap};
    let mut words = BTreeSet::new();
    for file in files {
        for word in read_word_list(dir, file).lines().map(str::trim) {
            if !word.is_empty() && word.chars().all(keep) {
                words.insert(word.to_owned());
            }
        }
    }
    // A word is counted with a space on each side, so that the table knows how words start
    // and end (lingua's models do not): `बेंगलुरु` ends in `ु`, hardly ever in `्`.
    let mut counts: HashMap<Vec<char>, u64> = HashMap::new();
    // How often each n-gram is followed by a letter or the end: the denominator of the next
    // order.
    let mut continued: HashMap<Vec<char>, u64> = HashMap::new();
    let mut letters = 0u64;
    for word in &words {
        let chars: Vec<char> = std::iter::once(BOUNDARY)
            .chain(word.chars())
            .chain(std::iter::once(BOUNDARY))
            .collect();
        for &c in &chars[1..chars.len() - 1] {
            *counts.entry(vec![c]).or_default() += 1;
            letters += 1;
        }
        for n in 2..=3 {
            for gram in chars.windows(n) {
                *counts.entry(gram.to_vec()).or_default() += 1;
                *continued.entry(gram[..n - 1].to_vec()).or_default() += 1;
            }
        }
    }
    let mut grams: Vec<(Vec<char>, f64)> = counts
        .iter()
        .map(|(gram, &count)| {
            let total = match gram.len() {
                1 => letters,
                _ => continued[&gram[..gram.len() - 1]],
            };
            (gram.clone(), (count as f64 / total as f64).ln())
        })
        .collect();
    // The boundary's own unigram marks the model as one that knows word boundaries.
    grams.push((vec![BOUNDARY], (words.len() as f64 / letters as f64).ln()));
    grams
}

/// The word list `file` (one word a line) that `wordlists.sh` extracted into `dir`.
fn read_word_list(dir: &std::path::Path, file: &str) -> String {
    let path = dir.join(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run wordlists.sh first)", path.display()))
}

/// ln P of every n-gram of 1 to 3 letters in lingua's model `bytes`.
fn read_lingua(bytes: &[u8]) -> Vec<(Vec<char>, f64)> {
    let map = fst::Map::new(bytes.to_vec()).expect("a lingua n-gram model");
    let mut grams = Vec::new();
    let mut stream = map.into_stream();
    while let Some((key, value)) = stream.next() {
        let Ok(key) = std::str::from_utf8(key) else { continue };
        grams.push((key.chars().collect(), f64::from_bits(value)));
    }
    grams
}

fn main() {
    let word_lists = std::env::args_os()
        .nth(1)
        .map(std::path::PathBuf::from)
        .expect("usage: cvpdf-ngram-table WORD_LIST_DIR (see wordlists.sh)");
    let mut out = b"CVNG1".to_vec();
    let models = models();
    out.push(models.len() as u8);
    let (mut total, mut kept) = (0usize, 0usize);
    for (name, bytes) in models {
        let grams = match WORD_LIST_LANGUAGES.iter().find(|(n, _, _)| *n == name) {
            Some((_, files, keep)) => count_word_lists(&word_lists, files, *keep),
            None => read_lingua(bytes),
        };
        let mut orders: [Vec<(u64, u8)>; 3] = Default::default();
        for (chars, ln_p) in grams {
            if !(1..=3).contains(&chars.len()) {
                continue;
            }
            total += 1;
            if chars.len() == 3 && ln_p < TRIGRAM_FLOOR {
                continue;
            }
            let packed = chars.iter().fold(0u64, |acc, c| (acc << 21) | u64::from(*c));
            let q = (-ln_p * 8.0).round().clamp(0.0, 255.0) as u8;
            orders[chars.len() - 1].push((packed, q));
            kept += 1;
        }
        out.push(name.len() as u8);
        out.extend_from_slice(name.as_bytes());
        for order in &mut orders {
            order.sort_unstable();
            out.extend_from_slice(&(order.len() as u32).to_le_bytes());
        }
        for order in &orders {
            for (key, q) in order {
                out.extend_from_slice(&key.to_le_bytes());
                out.push(*q);
            }
        }
        eprintln!("{name}: {} {} {}", orders[0].len(), orders[1].len(), orders[2].len());
    }
    write_known_words(&word_lists);
    write_common_words(&word_lists);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../table.bin");
    std::fs::write(path, &out).expect("write the table");
    eprintln!("{kept} of {total} n-grams kept; {} bytes", out.len());
}

/// The word lists whose words go into the Bloom filter `../words.bin`: the languages of scripts
/// whose letters the n-grams leave undecided most often (a lost byte of `Москва`'s `М` leaves
/// `Посква`, `Носква` and a dozen more, all alike letter by letter; a Korean syllable alone,
/// `및`, is one of a dozen that no letter model tells apart).
const KNOWN_WORD_LISTS: &[&str] = &[
    "rus", "ukr", "bel", "bul", "srp", "mkd", "kaz", "mon", "ell", "ara", "fas", "urd", "heb",
    "kor", "tha",
];

/// The word lists of the Latin-script languages the n-grams know, whose words go into the
/// filter only where they hold a letter beyond ASCII: a lost byte is always such a letter
/// (`Île`, `zapytań`), so a word of ASCII letters is never asked for, and leaving those out
/// keeps the filter at a fifth of the size.
const LATIN_WORD_LISTS: &[&str] = &[
    "eng", "deu", "fra", "spa", "por", "ita", "nld", "swe", "dan", "nor", "fin", "pol", "ces",
    "slk", "hun", "ron", "hrv", "slv", "tur", "vie", "lit", "lav", "est", "isl", "cat", "sqi",
    "aze",
];

/// Writes `../common.bin`, a filter in the format of `../words.bin`, from `common.freq` (see
/// `wordfreq.py`): a word of Zipf frequency z (the highest in any language) is put in once for
/// each half step from 3 up to z, marked by [`bloom::step_mark`], so that the repair reads how
/// common a word is by asking for the steps in turn until one is missing.
fn write_common_words(dir: &std::path::Path) {
    let mut levels: std::collections::BTreeMap<Vec<char>, u32> = Default::default();
    for line in read_word_list(dir, "common.freq").lines() {
        let Some((word, zipf)) = line.split_once('\t') else {
            continue;
        };
        let zipf: f64 = zipf.parse().expect("a Zipf frequency");
        let level = ((zipf - 3.0) / 0.5).floor() as u32 + 1;
        let letters: Vec<char> = word.chars().map(bloom::lower).collect();
        let slot = levels.entry(letters).or_insert(0);
        *slot = (*slot).max(level.min(bloom::COMMON_STEPS));
    }
    let keys: Vec<Vec<char>> = levels
        .iter()
        .flat_map(|(word, level)| {
            (1..=*level).map(move |step| {
                let mut key = word.clone();
                key.push(bloom::step_mark(step));
                key
            })
        })
        .collect();
    let out = bloom_filter(keys.iter());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../common.bin");
    std::fs::write(path, &out).expect("write the filter of common words");
    eprintln!("{} common words, {} keys, in {} bytes", levels.len(), keys.len(), out.len());
}

/// A filter of `words` in the format of `../words.bin` (see [`write_known_words`]).
fn bloom_filter<'a>(words: impl ExactSizeIterator<Item = &'a Vec<char>>) -> Vec<u8> {
    let bits = (words.len() as u64 * BITS_PER_WORD).div_ceil(64) * 64;
    let mut filter = vec![0u8; (bits / 8) as usize];
    for word in words {
        for p in bloom::positions(word, bits) {
            filter[(p / 8) as usize] |= 1 << (p % 8);
        }
    }
    let mut out = b"CVBF1".to_vec();
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(&filter);
    out
}

/// How many bits the filter holds per word: one false "yes" in two thousand with
/// [`bloom::HASHES`]. At ten bits (one in a hundred) the repair asks the filter so often
/// (every candidate, with every completion of the next damaged letter) that its false "yes"
/// tied wrong letters with right ones (two Kazakh lines lost the `К` of `Казахский`).
const BITS_PER_WORD: u64 = 16;

/// Writes `../words.bin`: `CVBF1`, the filter's size in bits (u64 LE), then its bits (bit i is
/// bit i % 8 of byte i / 8), filled with every word of two or more letters (or one Hangul
/// syllable) of [`KNOWN_WORD_LISTS`] and [`LATIN_WORD_LISTS`] as `bloom.rs` hashes it.
fn write_known_words(dir: &std::path::Path) {
    let mut words = std::collections::BTreeSet::new();
    let lists = KNOWN_WORD_LISTS
        .iter()
        .map(|name| (name, false))
        .chain(LATIN_WORD_LISTS.iter().map(|name| (name, true)));
    for (name, beyond_ascii_only) in lists {
        for word in read_word_list(dir, &format!("{name}.words")).lines().map(str::trim) {
            let letters: Vec<char> = word.chars().map(bloom::lower).collect();
            // A Hangul syllable alone is a word (`및`, "and"); a letter of an alphabet alone
            // is too often one to tell anything.
            let hangul = letters.iter().all(|c| ('\u{AC00}'..='\u{D7A3}').contains(c));
            if (letters.len() >= 2 || hangul && !letters.is_empty())
                && letters.iter().all(|c| c.is_alphabetic() || thai(*c))
                && (!beyond_ascii_only || letters.iter().any(|c| !c.is_ascii()))
            {
                words.insert(letters);
            }
        }
    }
    let out = bloom_filter(words.iter());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../words.bin");
    std::fs::write(path, &out).expect("write the word filter");
    eprintln!("{} words in {} bytes", words.len(), out.len());
}
