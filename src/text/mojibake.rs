//! Finding and undoing mojibake: UTF-8 that was decoded as a single-byte code page.
//!
//! 1. **Runs.** For each line and each page of [`codepages::all`], the line is cut into *runs*:
//!    maximal stretches of non-ASCII characters the page can hold (every byte of a multi-byte
//!    UTF-8 sequence is ≥ 0x80, so a sequence never spans ASCII). Each character becomes the set
//!    of bytes it can stand for: one byte, or any undefined byte for U+FFFD.
//! 2. **Parse.** The bytes of a run are parsed as UTF-8 by dynamic programming ([`decode_run`]):
//!    a character stays, or starts a sequence of two to four bytes of which some may have been
//!    lost (all but the lead byte only in a line known to be mojibake). Complete sequences
//!    decode; damaged ones go to [`lost_bytes`], which lists what they can have been and
//!    chooses (by plausibility, context and the document's emoji) or gives up with U+FFFD.
//! 3. **Double mojibake.** If the decoded run is itself mojibake, it is parsed once more, the
//!    undecided damaged sequences of the first layer entering as the sets of their candidates'
//!    bytes, so that the second layer decides them.
//! 4. **Plausibility.** A run is repaired only if that lowers its cost under [`score`], and a
//!    line only if its gain passes a threshold that is higher the less evidence it has.
//! 5. **Document.** Every page collects the gains of the lines it repairs convincingly on its
//!    own; the page with the most is the document's page, which also repairs lines whose
//!    evidence is too weak to stand alone (and is preferred where pages tie).
//! 6. **Confirmed lines.** A line repaired on strong evidence is mojibake beyond doubt: it is
//!    read once more with that knowledge, so that what is left of a character that lost bytes
//!    becomes that character or U+FFFD, and a line of double mojibake is decoded twice
//!    throughout.

use std::collections::HashMap;
use std::ops::Range;

use super::RepairKind;
use super::codepages::{self, CodePage};
use super::lost_bytes::{self, ByteSet, Search, Site};
use super::ngrams;
use super::score;

/// A run may be repaired only if that lowers its cost by more than this.
const MIN_RUN_GAIN: f32 = 0.5;
/// A second decoding of a repaired run must lower its cost by more than this.
const DOUBLE_GAIN: f32 = 2.0;
/// A line whose evidence is weak is repaired with the document's page if it gains this much.
const WEAK_LINE_GAIN: f32 = 3.0;
/// A page needs this much convincing gain to become the document's page.
const DOCUMENT_GAIN: f32 = 8.0;
/// How much a repaired letter costs when its script is a small minority in its line.
const FOREIGN_SCRIPT_COST: f32 = 2.5;

/// The gain a line needs to be repaired on its own evidence: more for less evidence, because a
/// single pair of bytes forms valid UTF-8 by accident far more often than a long run does.
fn standalone_threshold(fix: &LineFix) -> f32 {
    if fix.evidence >= 5 || fix.sequences >= 2 {
        5.0
    } else if fix.evidence >= 3 {
        6.0
    } else {
        7.0
    }
}

/// A repair found in a document, before sanitising (see [`super::Repair`]).
#[derive(Clone, Debug)]
pub(crate) struct FoundRepair {
    /// 1-based line number.
    pub line: usize,
    /// Byte range of `after` in the repaired text.
    pub span: Range<usize>,
    /// The text as it was.
    pub before: String,
    /// The text as it is now.
    pub after: String,
    /// The page the text had been mis-read as.
    pub codepage: &'static str,
    /// How sure the repair is, 0..1.
    pub confidence: f32,
    /// What kind of repair it was.
    pub kind: RepairKind,
    /// For an unrecoverable character, what it could have been.
    pub candidates: Vec<char>,
}

/// The repaired text and what was done to it.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The repaired text.
    pub text: String,
    /// What was repaired, in text order.
    pub repairs: Vec<FoundRepair>,
}

/// What the whole document tells about damaged emoji.
struct Context {
    /// Emoji found intact in the document (or repaired with confidence), sorted.
    emoji: Vec<char>,
    /// The non-ASCII characters of the lines that needed no repair, with how often each
    /// occurs: a document that spells `ő` intact elsewhere probably meant it where a damaged
    /// sequence can be `ő` or `ô`.
    intact: HashMap<char, u32>,
    /// The document as first repaired, and which languages its words are likely in, for the
    /// letter models (worked out when a lost letter first needs them); the same for the line
    /// being read again.
    first_pass: String,
    languages: std::cell::OnceCell<ngrams::Languages>,
    line: String,
    line_languages: std::cell::OnceCell<ngrams::Languages>,
    /// The scripts of the letters of the document as first repaired.
    scripts: std::cell::OnceCell<Vec<score::Script>>,
    /// The quote marks the line being read again holds partners of (see [`paired_quotes`]).
    line_quotes: std::cell::OnceCell<Vec<(char, f32)>>,
    /// The brackets whose partner the line being read again holds alone (see
    /// [`unpaired_brackets`]).
    line_brackets: std::cell::OnceCell<Vec<(char, f32)>>,
}

impl Context {
    /// The most an unlikely language is held back by, in nats, on the evidence of the line and
    /// of the rest of the document: a document may mix languages of one script (Russian and
    /// Ukrainian lines), a line seldom does.
    const LINE_PENALTY: f32 = 8.0;
    const DOCUMENT_PENALTY: f32 = 3.0;

    /// The document's languages, once the first pass is done. The letter models are only
    /// consulted then, on the lines chosen for repair: the first pass reads every line under
    /// every page, and scoring all of those readings' words would cost more than the rest of
    /// the repair.
    fn languages(&self) -> Option<[&ngrams::Languages; 2]> {
        if self.first_pass.is_empty() {
            return None;
        }
        let document = self
            .languages
            .get_or_init(|| ngrams::Languages::of(&self.first_pass, Self::DOCUMENT_PENALTY));
        let line = self
            .line_languages
            .get_or_init(|| ngrams::Languages::of(&self.line, Self::LINE_PENALTY));
        Some([document, line])
    }

    /// Whether the document as first repaired has a letter of `script`.
    fn uses_script(&self, script: score::Script) -> bool {
        self.scripts
            .get_or_init(|| {
                let mut scripts: Vec<score::Script> = Vec::new();
                for info in self.first_pass.chars().map(score::info) {
                    if info.is_letter() && !scripts.contains(&info.script) {
                        scripts.push(info.script);
                    }
                }
                scripts
            })
            .contains(&script)
    }

    /// The quote marks of the line's language (of its Latin words; the document's where the
    /// line has none), once the first pass is done.
    fn quote_style(&self) -> Option<(char, char)> {
        let [document, line] = self.languages()?;
        let language = line
            .likeliest(score::Script::Latin)
            .or_else(|| document.likeliest(score::Script::Latin))?;
        QUOTE_STYLES
            .iter()
            .find(|(name, _)| *name == language)
            .map(|(_, style)| *style)
    }

    /// The dash a dash between spaces is in the typography of the line's script (the
    /// document's, in a line without letters): Russian, Ukrainian and Bulgarian set a spaced
    /// em dash (`Москва — Киев`), the other languages that space their dashes an en dash
    /// (`Jürgen Weiß – Softwarearchitekt`).
    fn spaced_dash(&self) -> char {
        let script = |text: &str| {
            let letters = text.chars().map(score::info).filter(|i| i.is_letter());
            let cyrillic = letters
                .clone()
                .filter(|i| i.script == score::Script::Cyrillic);
            (letters.count(), cyrillic.count())
        };
        let (letters, cyrillic) = match script(&self.line) {
            (0, _) => script(&self.first_pass),
            counts => counts,
        };
        if 2 * cyrillic > letters { '—' } else { '–' }
    }
}

/// One non-ASCII character of a run.
#[derive(Clone, Copy, Debug)]
struct Tok {
    /// The bytes it can stand for in the page.
    bytes: ByteSet,
    ch: char,
}

/// A stretch of a line that may be mojibake.
struct Run {
    /// Byte range in the line.
    range: Range<usize>,
    toks: Vec<Tok>,
}

/// What a piece of a run decodes to.
#[derive(Clone)]
enum Out {
    /// Nothing: the character stays.
    Keep,
    /// A complete UTF-8 sequence.
    Fixed(char),
    /// A sequence that lost bytes.
    Site(Site),
}

/// A piece of a parsed run.
struct Piece {
    /// The characters of the run it covers.
    toks: Range<usize>,
    out: Out,
}

/// A run after decoding.
struct Rendered {
    text: String,
    /// The cost of the bytes assumed lost (less the evidence of context).
    penalty: f32,
    confidence: f32,
    /// Complete multi-byte sequences decoded.
    sequences: usize,
    /// Bytes of the run explained as UTF-8.
    evidence: usize,
    /// Damaged sequences whose character was recovered.
    lost: usize,
    /// The candidates of each damaged sequence that was not.
    unrecovered: Vec<Vec<char>>,
    /// Every character of the run went into a decoded sequence.
    complete: bool,
    /// Whether a damaged emoji was chosen by the text around it.
    used_context: bool,
    /// The character chosen for each piece that is a damaged sequence, by the piece's index.
    choices: Vec<Option<char>>,
}

/// The repair of one run.
#[derive(Clone, Debug)]
struct RunFix {
    /// Byte range in the line.
    range: Range<usize>,
    after: String,
    /// How much cheaper (more plausible) the repair made the run.
    gain: f32,
    kind: RepairKind,
    confidence: f32,
    /// Bytes of the run explained as UTF-8.
    evidence: usize,
    /// Complete multi-byte sequences decoded (in the first layer).
    sequences: usize,
    /// The candidates of each damaged sequence that became U+FFFD.
    unrecovered: Vec<Vec<char>>,
    /// Whether it was double mojibake.
    double: bool,
    /// Whether a damaged emoji was chosen by the text around it.
    used_context: bool,
    /// Whether every character of the run went into a sequence that decoded cleanly.
    complete: bool,
}

/// The repair of one line under one page.
#[derive(Clone, Debug)]
struct LineFix {
    /// The runs repaired, in order.
    runs: Vec<RunFix>,
    /// The sum of their gains.
    gain: f32,
    /// Bytes explained by complete sequences and damaged ones.
    evidence: usize,
    /// Complete sequences.
    sequences: usize,
    /// The gain of the runs without damaged sequences.
    clean_gain: f32,
    /// Whether some run was not decoded completely (or not at all), which a second look at a
    /// line known to be mojibake may change.
    leftovers: bool,
}

impl LineFix {
    /// Whether some run lost bytes (recovered or not).
    fn lost_bytes(&self) -> bool {
        self.runs
            .iter()
            .any(|r| r.kind != RepairKind::Mojibake && r.kind != RepairKind::DoubleMojibake)
    }
}

/// Cuts `text` into runs of non-ASCII characters that `cp` can hold (and U+FFFD if `cp` leaves
/// bytes undefined).
fn runs(text: &str, cp: &CodePage) -> Vec<Run> {
    let undefined = replaced_bytes(text, cp);
    let mut out = Vec::new();
    let mut current: Option<Run> = None;
    for (off, ch) in text.char_indices() {
        let bytes = if ch.is_ascii() {
            None
        } else if let Some(b) = cp.encode(ch) {
            Some(ByteSet::of([b]))
        } else if ch == '\u{FFFD}' && cp.is_lossy() {
            Some(undefined)
        } else {
            None
        };
        match bytes {
            Some(bytes) => {
                let run = current.get_or_insert_with(|| Run {
                    range: off..off,
                    toks: Vec::new(),
                });
                run.range.end = off + ch.len_utf8();
                run.toks.push(Tok { bytes, ch });
            }
            None => out.extend(current.take()),
        }
    }
    out.extend(current);
    out
}

/// The bytes a U+FFFD in `text` can stand for: any byte `cp` leaves undefined, but where the
/// text keeps undefined bytes below A0 as C1 controls (as WHATWG decoders do with
/// Windows-1253's 81, 88, …), only those it could not keep (AA, D2 and FF, which have none).
fn replaced_bytes(text: &str, cp: &CodePage) -> ByteSet {
    let undefined = cp.undefined_set;
    let keeps_c1 = text.chars().any(|c| {
        ('\u{80}'..='\u{9F}').contains(&c) && cp.encode(c).is_some_and(|b| undefined.contains(b))
    });
    let above_c1 = undefined.and(ByteSet::of(0xA0..=0xFF));
    if keeps_c1 && !above_c1.is_empty() {
        above_c1
    } else {
        undefined
    }
}

/// How [`decode_run`] may read a run.
#[derive(Clone, Copy)]
struct Reading {
    /// The line is known to be mojibake: a 3- or 4-byte lead byte alone may be what is left of
    /// a character, and lost bytes cost less.
    confirmed: bool,
    /// A lead byte alone that cannot be completed becomes U+FFFD instead of staying.
    hopeless_to_replacement: bool,
    /// Every character must decode (the inner layer of double mojibake, which is rejected if
    /// any stays): a parse that keeps none wins over any that keeps one.
    whole: bool,
}

/// What keeping a character undecoded costs on top of its own cost: decoding wins where it can.
const KEEP_COST: f32 = 5.0;

/// What keeping a character costs where every character must decode: more than any decoding.
const KEEP_WHOLE_COST: f32 = 1000.0;

/// Parses the bytes of a run as UTF-8: each character either stays, or starts a sequence of two
/// to four bytes of which some were lost (all but the lead byte only where `reading` is
/// confirmed). The parse with the lowest cost wins (dynamic programming over the run, so a byte
/// that may be a lead or a continuation byte is tried both ways).
fn decode_run(toks: &[Tok], cp: &CodePage, reading: Reading, search: &mut Search) -> Vec<Piece> {
    let undefined = cp.undefined_set;
    let continuations = ByteSet::continuations();
    let m = toks.len();
    // best[i]: the cost of the best parse of toks[..i], and its last piece.
    let mut best: Vec<Option<(f32, Piece)>> = (0..=m).map(|_| None).collect();
    let mut cost_at = vec![f32::INFINITY; m + 1];
    cost_at[0] = 0.0;
    let relax = |best: &mut Vec<Option<(f32, Piece)>>,
                 cost_at: &mut Vec<f32>,
                 to: usize,
                 cost: f32,
                 piece: Piece| {
        if cost < cost_at[to] {
            cost_at[to] = cost;
            best[to] = Some((cost, piece));
        }
    };
    for i in 0..m {
        let base = cost_at[i];
        if !base.is_finite() {
            continue;
        }
        let keep_cost = if reading.whole {
            KEEP_WHOLE_COST
        } else if reading.confirmed {
            KEEP_COST + 1.0
        } else {
            KEEP_COST
        };
        let keep = base + score::info(toks[i].ch).cost + keep_cost;
        relax(
            &mut best,
            &mut cost_at,
            i + 1,
            keep,
            Piece {
                toks: i..i + 1,
                out: Out::Keep,
            },
        );
        let mut any_sequence = false;
        for n in 2..=4 {
            let lead = toks[i].bytes.and(ByteSet::leads(n));
            if lead.is_empty() {
                continue;
            }
            // How many of the following characters can be continuation bytes.
            let mut items: Vec<ByteSet> = Vec::with_capacity(3);
            while items.len() < n - 1 {
                match toks
                    .get(i + 1 + items.len())
                    .map(|t| t.bytes.and(continuations))
                {
                    Some(set) if !set.is_empty() => items.push(set),
                    _ => break,
                }
            }
            // Take them all, and fewer only where the last one taken may also be a lead byte.
            let mut k = items.len();
            loop {
                let dropped = n - 1 - k;
                // A lead byte left alone (after three lost bytes, `🌐` read as Windows-1253 is
                // `π`) is read as a damaged sequence only in a line known to be mojibake.
                let allowed =
                    (dropped == 0 || cp.is_lossy()) && (k > 0 || n == 2 || reading.confirmed);
                if allowed
                    && let Some((cost, out)) =
                        sequence(lead, &items[..k], dropped, undefined, reading, search)
                {
                    any_sequence = true;
                    let piece = Piece {
                        toks: i..i + 1 + k,
                        out,
                    };
                    relax(&mut best, &mut cost_at, i + 1 + k, base + cost, piece);
                }
                let ambiguous = k > 0 && toks[i + k].bytes.len() > 1;
                if k == 0 || !ambiguous {
                    break;
                }
                k -= 1;
            }
        }
        if !any_sequence
            && reading.hopeless_to_replacement
            && cp.is_lossy()
            && toks[i].bytes.single().is_some()
            && let Some(n) = (2..=4).find(|n| !toks[i].bytes.and(ByteSet::leads(*n)).is_empty())
        {
            // What is left of a character that lost too much to tell which.
            let site = Site {
                candidates: Vec::new(),
                dropped: (n - 1) as u8,
                lone_lead: true,
            };
            let cost = base + score::REPLACEMENT_COST + site.penalty(reading.confirmed);
            relax(
                &mut best,
                &mut cost_at,
                i + 1,
                cost,
                Piece {
                    toks: i..i + 1,
                    out: Out::Site(site),
                },
            );
        }
    }
    // Walk back from the end.
    let mut pieces = Vec::new();
    let mut at = m;
    while at > 0 {
        let Some((_, piece)) = best[at].take() else {
            break;
        };
        at = piece.toks.start;
        pieces.push(piece);
    }
    pieces.reverse();
    pieces
}

/// Decodes one sequence: its lead byte is one of `lead`, its surviving continuation bytes one of
/// each of `items`, and `dropped` bytes were lost. Returns its cost for the parse and what it is.
fn sequence(
    lead: ByteSet,
    items: &[ByteSet],
    dropped: usize,
    undefined: ByteSet,
    reading: Reading,
    search: &mut Search,
) -> Option<(f32, Out)> {
    let n = items.len() + dropped + 1;
    if dropped == 0
        && let (Some(l), true) = (lead.single(), items.iter().all(|s| s.single().is_some()))
    {
        let mut bytes = [l, 0, 0, 0];
        for (byte, set) in bytes[1..].iter_mut().zip(items) {
            *byte = set.single().unwrap_or(0);
        }
        let c = std::str::from_utf8(&bytes[..n]).ok()?.chars().next()?;
        // A layer that must decode whole is rejected for a character no text holds, and is
        // not read as one of the rarest where another parse is possible.
        if reading.whole && !lost_bytes::plausible(c) {
            return None;
        }
        return Some((score::info(c).cost, Out::Fixed(c)));
    }
    let site = search.enumerate(n, lead, items, dropped, undefined)?;
    let mut costs: Vec<f32> = site
        .candidates
        .iter()
        .map(|c| score::info(*c).cost)
        .collect();
    costs.sort_by(f32::total_cmp);
    let mut cost = costs.first().copied().unwrap_or(score::REPLACEMENT_COST);
    if costs.get(1).is_some_and(|second| second - cost < 1.5) {
        // Probably not decidable: count it as what it will likely become.
        cost = cost.max(score::REPLACEMENT_COST - 4.0);
    }
    Some((cost + site.penalty(reading.confirmed), Out::Site(site)))
}

/// Turns decoded pieces into text, choosing a character for each damaged sequence.
/// `around` is the text before and after the run, for the context of damaged emoji, and `line`
/// the line's own text before and after it, for the rest of a word. In a
/// `confirmed` line (one known to be mojibake), a damaged sequence that cannot be told becomes
/// U+FFFD even if only its lead byte is left. `outer` is the page of the outer layer when the
/// pieces are the inner layer of double mojibake (read with `cp`).
///
/// Damaged sequences are chosen left to right, each with the letters decided before it, so a
/// word that lost several letters may leave its first ones undecided for want of the letters
/// after them; where the letter models speak and the run kept some U+FFFD, it is rendered
/// again, with the letters chosen the first time standing after each damaged sequence, and if
/// U+FFFD is still left, once more with the letters [`known_word_choices`] chooses together.
fn render(
    toks: &[Tok],
    pieces: &[Piece],
    ends: (Option<char>, Option<char>),
    around: (&str, &str),
    line: (&str, &str),
    ctx: &Context,
    reading: (&CodePage, bool, Option<&CodePage>),
) -> Rendered {
    let first = render_once(toks, pieces, None, &[], ends, around, line, ctx, reading);
    if first.unrecovered.is_empty() {
        return first;
    }
    let Some(languages) = ctx.languages() else {
        return first;
    };
    let second = if first.choices.iter().any(Option::is_some) {
        let chosen = fixed_where_chosen(pieces, &first.choices);
        render_once(
            toks,
            pieces,
            Some(&chosen),
            &[],
            ends,
            around,
            line,
            ctx,
            reading,
        )
    } else {
        first
    };
    if second.unrecovered.is_empty() {
        return second;
    }
    let Some(decided) = known_word_choices(pieces, &second.choices, toks, ends, &languages) else {
        return second;
    };
    let both: Vec<Option<char>> = second
        .choices
        .iter()
        .zip(&decided)
        .map(|(choice, decided)| choice.or(*decided))
        .collect();
    let chosen = fixed_where_chosen(pieces, &both);
    render_once(
        toks,
        pieces,
        Some(&chosen),
        &decided,
        ends,
        around,
        line,
        ctx,
        reading,
    )
}

/// `pieces` with the damaged sequences that have a letter in `choices` fixed to it, for the
/// next rendering to read after each damaged sequence.
fn fixed_where_chosen(pieces: &[Piece], choices: &[Option<char>]) -> Vec<Piece> {
    pieces
        .iter()
        .zip(choices)
        .map(|(piece, choice)| Piece {
            toks: piece.toks.clone(),
            out: match choice {
                Some(c) => Out::Fixed(*c),
                None => piece.out.clone(),
            },
        })
        .collect()
}

/// The most damaged letters of one word chosen together by [`known_word_choices`].
const JOINT_LETTERS: usize = 4;
/// The most spellings of one word looked up (each lookup takes well under a microsecond).
const JOINT_SPELLINGS: usize = 4096;
/// How much likelier than the known spelling's letter, known word and all, another letter may
/// be in its place, in nats.
const JOINT_TOLERANCE: f32 = 2.0;

/// Letters for the damaged sequences left undecided in the words of a run, where exactly one
/// choice of them makes a known word: when most letters of a word are damaged (every one, read
/// twice as Windows-1253), each is chosen with too few letters around it to be sure, and the
/// word stays full of U+FFFD although only one spelling of it is a word (`κατανεμημένα`).
/// `choices` are the letters already chosen; a word must be seen to start and end in the run
/// (`prev` and `next` are the characters around it).
fn known_word_choices(
    pieces: &[Piece],
    choices: &[Option<char>],
    toks: &[Tok],
    (prev, next): (Option<char>, Option<char>),
    languages: &[&ngrams::Languages],
) -> Option<Vec<Option<char>>> {
    // The run as slots: a known character, or the piece index of an undecided sequence.
    let mut slots: Vec<Result<char, usize>> = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        match (&piece.out, choices.get(k).copied().flatten()) {
            (Out::Fixed(c), _) => slots.push(Ok(*c)),
            (Out::Site(_), Some(c)) => slots.push(Ok(c)),
            (Out::Site(_), None) => slots.push(Err(k)),
            (Out::Keep, _) => {
                let span = toks.get(piece.toks.clone()).unwrap_or(&[]);
                slots.extend(span.iter().map(|t| Ok(t.ch)));
            }
        }
    }
    let is_letter = |slot: &Result<char, usize>| slot.is_err() || slot.is_ok_and(ngrams::covers);
    let mut decided = vec![None; pieces.len()];
    let mut any = false;
    let mut start = 0;
    while start < slots.len() {
        if !is_letter(&slots[start]) {
            start += 1;
            continue;
        }
        let end = (start..slots.len())
            .find(|&i| !is_letter(&slots[i]))
            .unwrap_or(slots.len());
        let word = &slots[start..end];
        let bounded = (start > 0 || prev.is_none_or(ends_word))
            && (end < slots.len() || next.is_none_or(ends_word));
        start = end;
        let sites: Vec<usize> = word.iter().filter_map(|s| s.err()).collect();
        let Some(script) = word
            .iter()
            .find_map(|s| s.ok())
            .map(|c| score::info(c).script)
        else {
            continue;
        };
        if !bounded || sites.is_empty() || sites.len() > JOINT_LETTERS {
            continue;
        }
        let options: Vec<Vec<char>> = sites
            .iter()
            .map(|&k| match &pieces[k].out {
                Out::Site(site) => site
                    .candidates
                    .iter()
                    .copied()
                    .filter(|c| ngrams::covers(*c) && score::info(*c).script == script)
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let spellings: usize = options.iter().map(Vec::len).product();
        if spellings == 0 || spellings > JOINT_SPELLINGS {
            continue;
        }
        let mut known = (0..spellings).filter_map(|n| {
            let mut rest = n;
            let picks: Vec<char> = options
                .iter()
                .map(|option| {
                    let pick = option[rest % option.len()];
                    rest /= option.len();
                    pick
                })
                .collect();
            ngrams::is_known_word(&spell(word, &picks)).then_some(picks)
        });
        if let (Some(picks), None) = (known.next(), known.next())
            && likeliest_letters(word, &options, &picks, languages)
        {
            for (&k, c) in sites.iter().zip(picks) {
                decided[k] = Some(c);
            }
            any = true;
        }
    }
    any.then_some(decided)
}

/// The letters of `word` (see [`known_word_choices`]) with `picks` for its damaged sequences.
fn spell(word: &[Result<char, usize>], picks: &[char]) -> Vec<char> {
    let mut picks = picks.iter();
    word.iter()
        .map(|slot| match slot {
            Ok(c) => *c,
            Err(_) => picks.next().copied().unwrap_or('\u{FFFD}'),
        })
        .collect()
}

/// Whether each of `picks` is, with the other letters of `word` as they are, about the letter
/// the letter models like best among its `options` (its own known word's bonus included): the
/// filter's false "yes" comes up among thousands of spellings, and such a spelling is seldom
/// likely letter by letter.
fn likeliest_letters(
    word: &[Result<char, usize>],
    options: &[Vec<char>],
    picks: &[char],
    languages: &[&ngrams::Languages],
) -> bool {
    let letters = spell(word, picks);
    let positions = word.iter().enumerate().filter(|(_, slot)| slot.is_err());
    positions
        .zip(options)
        .zip(picks)
        .all(|(((i, _), option), pick)| {
            let evidence = ngrams::word_evidence(
                &letters[..i],
                option,
                &letters[i + 1..],
                (true, true),
                languages,
            );
            let score = |c: char| {
                let j = option.iter().position(|o| *o == c)?;
                evidence.scores[j]
            };
            let Some(best) = score(*pick) else {
                return false;
            };
            option
                .iter()
                .all(|o| o == pick || score(*o).is_none_or(|s| s < best + JOINT_TOLERANCE))
        })
}

/// Renders the pieces once; `chosen` are the pieces with the choices of an earlier rendering,
/// which give each damaged sequence the letters after it.
#[allow(clippy::too_many_arguments)]
fn render_once(
    toks: &[Tok],
    pieces: &[Piece],
    chosen: Option<&[Piece]>,
    decided: &[Option<char>],
    (prev, next): (Option<char>, Option<char>),
    around: (&str, &str),
    line: (&str, &str),
    ctx: &Context,
    (cp, confirmed, outer): (&CodePage, bool, Option<&CodePage>),
) -> Rendered {
    let after_view = chosen.unwrap_or(pieces);
    let mut r = Rendered {
        text: String::new(),
        penalty: 0.0,
        confidence: 1.0,
        sequences: 0,
        evidence: 0,
        lost: 0,
        unrecovered: Vec::new(),
        complete: true,
        used_context: false,
        choices: vec![None; pieces.len()],
    };
    let mut forced = force_emoji_sequences(pieces, prev);
    for (slot, decided) in forced.iter_mut().zip(decided) {
        if slot.is_none() {
            *slot = *decided;
        }
    }
    let mut preferred: Option<Vec<(char, f32)>> = None;
    for (k, piece) in pieces.iter().enumerate() {
        let span = toks.get(piece.toks.clone()).unwrap_or(&[]);
        match &piece.out {
            Out::Site(site) if forced.get(k).copied().flatten().is_some() => {
                r.text.extend(forced.get(k).copied().flatten());
                r.choices[k] = forced.get(k).copied().flatten();
                r.penalty += site.penalty(confirmed);
                r.confidence = r.confidence.min(0.85);
                r.lost += 1;
                r.evidence += span.len();
            }
            Out::Keep => {
                r.complete = false;
                r.text.extend(span.iter().map(|t| t.ch));
            }
            Out::Fixed(c) => {
                r.text.push(*c);
                r.sequences += 1;
                r.evidence += span.len();
            }
            Out::Site(site) => {
                let left = r.text.chars().next_back().or(prev);
                let right = match pieces.get(k + 1) {
                    Some(Piece {
                        out: Out::Fixed(c), ..
                    }) => Some(*c),
                    Some(Piece {
                        out: Out::Keep,
                        toks: range,
                    }) => toks.get(range.start).map(|t| t.ch),
                    // A damaged sequence that makes an emoji with this one is already known
                    // (👍 before the skin tone of 👍🏽).
                    Some(Piece {
                        out: Out::Site(_), ..
                    }) => forced.get(k + 1).copied().flatten(),
                    None => next,
                };
                // The context only matters where several emoji are possible.
                let has_emoji = site
                    .candidates
                    .iter()
                    .filter(|c| score::is_emoji(**c))
                    .nth(1)
                    .is_some();
                r.used_context |= has_emoji;
                if has_emoji && preferred.is_none() {
                    preferred = Some(lost_bytes::preferred_emoji(around.0, around.1));
                }
                let placed;
                let conventional;
                let dash;
                let preferred = if has_emoji {
                    preferred.as_deref().unwrap_or(&[])
                } else if !ctx.first_pass.is_empty()
                    && left == Some(' ')
                    && right == Some(' ')
                    && site.candidates.contains(&'–')
                    && site.candidates.contains(&'—')
                {
                    // Which of the two a dash that lost its last byte was, the bytes cannot
                    // tell (read twice as Windows-1253, both lose theirs); the typography of
                    // the line's script can.
                    dash = [(ctx.spaced_dash(), DASH_CONVENTION)];
                    &dash
                } else if !ctx.line.is_empty() && site.candidates.iter().any(|c| is_quote_mark(*c))
                {
                    // When the line is read again: the nearest mark on the side the quote
                    // faces, in the line around the run decoded as this run is (lost bytes
                    // become U+FFFD, so a mark there is intact, not a guess); else any mark of
                    // the line's first repair (worked out once per line).
                    let decoded = |raw: &str| match outer {
                        Some(outer) => decode_context(&decode_context(raw, outer), cp),
                        None => decode_context(raw, cp),
                    };
                    let before = r.text.is_empty().then(|| decoded(line.0));
                    let after = (k + 1 == pieces.len()).then(|| decoded(line.1));
                    placed = facing_partner(before.as_deref(), after.as_deref(), left, right);
                    match &placed {
                        Some(partners) => partners.as_slice(),
                        None => {
                            // The first repair read the line with one page twice, which says
                            // nothing of a reading of the inner layer with another.
                            let partners = if outer.is_some_and(|o| o.name != cp.name) {
                                &[]
                            } else {
                                ctx.line_quotes
                                    .get_or_init(|| paired_quotes(&ctx.line))
                                    .as_slice()
                            };
                            conventional =
                                with_convention(partners, ctx.quote_style(), left, right);
                            &conventional
                        }
                    }
                } else if !ctx.line.is_empty() && site.candidates.iter().any(|c| is_bracket(*c)) {
                    // A bracket whose partner the line holds alone (`（東京）` lost its `（`).
                    ctx.line_brackets
                        .get_or_init(|| unpaired_brackets(&ctx.line))
                        .as_slice()
                } else {
                    &[]
                };
                let in_locale = |c: char| cp.encode(c).is_some();
                // A character the page holds may be mojibake itself, in a line left alone.
                let intact = |c: char| match cp.encode(c) {
                    Some(_) => 0,
                    None => ctx.intact.get(&c).copied().unwrap_or(0),
                };
                // The word around the site and the document's languages are worked out only
                // for a letter (not for emoji), and only once the first pass is done.
                let letter_evidence = |candidates: &[char]| -> ngrams::WordEvidence {
                    let none = ngrams::WordEvidence::none(candidates.len());
                    if !candidates.iter().any(|c| ngrams::covers(*c)) {
                        return none;
                    }
                    let Some(languages) = ctx.languages() else {
                        return none;
                    };
                    let rest = &after_view[k + 1..];
                    let (left, right, stop, bounds) =
                        word_around(&r.text, line.0, toks, rest, line.1);
                    match next_site_in_word(toks, rest, stop, line.1) {
                        // The next letter of the word is damaged too (as every letter is after
                        // double mojibake): score this one with the best completion of that one,
                        // rather than with no letters after it.
                        Some((next, after, ends)) => {
                            let mut best = none;
                            for next in next {
                                let mut right = right.clone();
                                right.push(next);
                                right.extend_from_slice(&after);
                                // Whether the word is known counts for the completion that
                                // scores best only: asked of every completion, the filter's
                                // false "yes" would come up too often.
                                let evidence = ngrams::word_evidence(
                                    &left,
                                    candidates,
                                    &right,
                                    (bounds.0, ends),
                                    &languages,
                                );
                                for ((best, best_known), (score, known)) in best
                                    .scores
                                    .iter_mut()
                                    .zip(best.known.iter_mut())
                                    .zip(evidence.scores.into_iter().zip(evidence.known))
                                {
                                    if score.is_some_and(|s| best.is_none_or(|b| s > b)) {
                                        *best = score;
                                        *best_known = known;
                                    }
                                }
                            }
                            best
                        }
                        None => {
                            ngrams::word_evidence(&left, candidates, &right, bounds, &languages)
                        }
                    }
                };
                let word_scores = |candidates: &[char]| -> ngrams::WordEvidence {
                    let mut evidence = letter_evidence(candidates);
                    if evidence.scores.iter().any(Option::is_some) {
                        for ((c, score), foreign) in candidates
                            .iter()
                            .zip(&evidence.scores)
                            .zip(&mut evidence.foreign)
                        {
                            let info = score::info(*c);
                            *foreign = score.is_none()
                                && info.is_letter()
                                && info.script != score::Script::Other
                                && !ctx.uses_script(info.script);
                        }
                    }
                    evidence
                };
                let res = lost_bytes::resolve(
                    site,
                    (left, right),
                    preferred,
                    (&ctx.emoji, &intact),
                    &in_locale,
                    &word_scores,
                );
                match res.choice {
                    Some(c) => {
                        r.text.push(c);
                        r.choices[k] = Some(c);
                        r.penalty += site.penalty(confirmed) - res.evidence;
                        r.confidence = r.confidence.min(res.confidence);
                        r.lost += 1;
                        r.evidence += span.len();
                    }
                    None if site.lone_lead && !confirmed => {
                        r.complete = false;
                        r.text.extend(span.iter().map(|t| t.ch));
                    }
                    None => {
                        r.text.push('\u{FFFD}');
                        r.penalty += site.penalty(confirmed);
                        r.unrecovered.push(site.candidates.clone());
                        r.evidence += span.len();
                    }
                }
            }
        }
    }
    r
}

/// Each opening quote mark and the marks that close it, in the languages that use it: `„`
/// opens what `“` (in German) or `”` (in Polish) closes, `”` what `”` closes (in Swedish).
const QUOTE_PAIRS: &[(char, &[char])] = &[
    ('„', &['“', '”']),
    ('“', &['”']),
    ('”', &['”']),
    ('‚', &['‘', '’']),
    ('‘', &['’']),
    ('«', &['»']),
    ('»', &['«']),
];

/// What a quote mark's partner speaks for it, in cost units.
const PARTNER: f32 = 2.0;

/// What the line's typography speaks for one dash between spaces over the other (see
/// [`Context::spaced_dash`]), in cost units: enough to choose between the two, not against
/// what the bytes say.
const DASH_CONVENTION: f32 = 2.0;

/// The marks that close what `quote` opens, `None` if it opens nothing.
fn closers_of(quote: char) -> Option<&'static [char]> {
    QUOTE_PAIRS
        .iter()
        .find(|(opening, _)| *opening == quote)
        .map(|(_, closers)| *closers)
}

/// Whether `c` is a quote mark of [`QUOTE_PAIRS`].
fn is_quote_mark(c: char) -> bool {
    QUOTE_PAIRS
        .iter()
        .any(|(opening, closers)| *opening == c || closers.contains(&c))
}

/// Every quote mark of [`QUOTE_PAIRS`], sorted.
fn quote_marks() -> Vec<char> {
    let mut marks: Vec<char> = QUOTE_PAIRS
        .iter()
        .flat_map(|(o, closers)| std::iter::once(*o).chain(closers.iter().copied()))
        .collect();
    marks.sort_unstable();
    marks.dedup();
    marks
}

/// What the line speaks for each quote mark a damaged sequence can be: a mark whose partner
/// the line holds (`„Anführungszeichen“` lost the byte of `„`, not of a hyphen). The same mark
/// elsewhere in the line is no partner here: it is as likely another pair's.
fn paired_quotes(line: &str) -> Vec<(char, f32)> {
    let pair = |a: char, b: char| {
        closers_of(a).is_some_and(|c| c.contains(&b))
            || closers_of(b).is_some_and(|c| c.contains(&a))
    };
    quote_marks()
        .into_iter()
        .filter(|q| line.chars().any(|c| c != *q && pair(*q, c)))
        .map(|q| (q, PARTNER))
        .collect()
}

/// Brackets beyond ASCII, opening and closing: a lost byte can only have been part of one of
/// these.
const BRACKET_PAIRS: &[(char, char)] = &[
    ('（', '）'),
    ('［', '］'),
    ('｛', '｝'),
    ('「', '」'),
    ('『', '』'),
    ('【', '】'),
    ('〔', '〕'),
    ('〈', '〉'),
    ('《', '》'),
    ('⟨', '⟩'),
    ('⟦', '⟧'),
];

/// Whether `c` is a bracket of [`BRACKET_PAIRS`].
fn is_bracket(c: char) -> bool {
    BRACKET_PAIRS.iter().any(|(o, cl)| *o == c || *cl == c)
}

/// What the line speaks for each bracket a damaged sequence can be: one whose partner the line
/// holds more often than the bracket itself, so that a bracket is missing (`（東京）` read as
/// Windows-1250 lost the `88` of `（`, which left `！`, `＃`, `０` and `８` as likely).
fn unpaired_brackets(line: &str) -> Vec<(char, f32)> {
    let count = |b: char| line.chars().filter(|c| *c == b).count();
    BRACKET_PAIRS
        .iter()
        .flat_map(|&(opening, closing)| {
            let (opened, closed) = (count(opening), count(closing));
            [(opening, closed > opened), (closing, opened > closed)]
        })
        .filter(|(_, missing)| *missing)
        .map(|(bracket, _)| (bracket, PARTNER))
        .collect()
}

/// `raw`, part of a line, decoded as UTF-8 that was read as `page`: what the page cannot hold
/// is kept as it is, and a sequence that lost bytes becomes U+FFFD.
fn decode_context(raw: &str, page: &CodePage) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut bytes = Vec::new();
    for c in raw.chars() {
        match page.encode(c) {
            Some(b) => bytes.push(b),
            None => {
                text.push_str(&String::from_utf8_lossy(&bytes));
                bytes.clear();
                text.push(c);
            }
        }
    }
    text.push_str(&String::from_utf8_lossy(&bytes));
    text
}

/// Whether a quote mark between `left` and `right` opens a quotation (`Some(true)`: after a
/// space or the line's start, before a letter) or closes one (`Some(false)`: after a letter or
/// punctuation, before a space, punctuation or the line's end); `None` where it cannot be told.
fn quote_side(left: Option<char>, right: Option<char>) -> Option<bool> {
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let opening = space(left) && word_char(right);
    let closing = (word_char(left) || left.is_some_and(|c| ".,!?…".contains(c)))
        && (space(right) || right.is_some_and(|c| ".,;:!?)".contains(c)));
    (opening != closing).then_some(opening)
}

/// The double quote marks that open and close a quotation in each language (CLDR's
/// `quotationStart` and `quotationEnd`), by the letter models' names of the languages.
const QUOTE_STYLES: &[(&str, (char, char))] = &[
    ("english", ('“', '”')),
    ("portuguese", ('“', '”')),
    ("danish", ('“', '”')),
    ("turkish", ('“', '”')),
    ("vietnamese", ('“', '”')),
    ("latvian", ('“', '”')),
    ("german", ('„', '“')),
    ("czech", ('„', '“')),
    ("slovak", ('„', '“')),
    ("slovene", ('„', '“')),
    ("croatian", ('„', '“')),
    ("lithuanian", ('„', '“')),
    ("estonian", ('„', '“')),
    ("icelandic", ('„', '“')),
    ("polish", ('„', '”')),
    ("hungarian", ('„', '”')),
    ("romanian", ('„', '”')),
    ("swedish", ('”', '”')),
    ("finnish", ('”', '”')),
];

/// What the typography of the line's language speaks for the mark that opens or closes a
/// quotation in it, in cost units (see [`QUOTE_STYLES`]): more than the rarity of `„` against
/// `“` (1.5) and a partner elsewhere in the line (2.0) together. 2.0 gained 4 exact lines of the
/// tests' corpus for 5 more wrong ones, 3.5 gained 8 for 7.
const QUOTE_CONVENTION: f32 = 3.5;

/// `partners` (what the line's other marks speak for each mark), with what the quote style
/// `style` speaks for the mark it sets between `left` and `right`.
fn with_convention(
    partners: &[(char, f32)],
    style: Option<(char, char)>,
    left: Option<char>,
    right: Option<char>,
) -> Vec<(char, f32)> {
    let mut weights = partners.to_vec();
    let Some((opening, closing)) = style else {
        return weights;
    };
    let Some(opens) = quote_side(left, right) else {
        return weights;
    };
    // The style is that of the line's Latin words: a mark beside a letter of another script
    // (or beside mojibake left as it is) is no quotation of theirs.
    let latin = |c: Option<char>| {
        c.is_none_or(|c| !c.is_alphabetic() || score::info(c).script == score::Script::Latin)
    };
    if !latin(left) || !latin(right) {
        return weights;
    }
    let mark = if opens { opening } else { closing };
    match weights.iter_mut().find(|(c, _)| *c == mark) {
        Some((_, w)) => *w += QUOTE_CONVENTION,
        None => weights.push((mark, QUOTE_CONVENTION)),
    }
    weights
}

/// The quote marks a damaged sequence between `left` and `right` can be, by the nearest quote
/// mark on the side it faces: an opening mark (before a letter, after a space or the line's
/// start) pairs with the next mark of `after` (the line after it, decoded), a closing one
/// (after a letter or punctuation, before a space or the line's end) with the last mark of
/// `before` that is still open. Marks that do not pair speak against themselves. `None` where
/// the side or the partner cannot be told, or a lost character is nearer than any mark.
fn facing_partner(
    before: Option<&str>,
    after: Option<&str>,
    left: Option<char>,
    right: Option<char>,
) -> Option<Vec<(char, f32)>> {
    let opening = quote_side(left, right)?;
    let is_mark = |chars: &[char], i: usize| {
        let c = chars[i];
        // An apostrophe inside a word (`Jürgen’s`) is no quote mark.
        let apostrophe = c == '’'
            && i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        is_quote_mark(c) && !apostrophe
    };
    let partner = if opening {
        let chars: Vec<char> = after?.chars().collect();
        let i = (0..chars.len()).find(|&i| is_mark(&chars, i) || chars[i] == '\u{FFFD}')?;
        Some(chars[i]).filter(|c| *c != '\u{FFFD}')?
    } else {
        let chars: Vec<char> = before?.chars().collect();
        // Which marks close an earlier one (`“` after `„`) rather than open one.
        let mut open: Vec<char> = Vec::new();
        let mut closes = vec![false; chars.len()];
        for i in (0..chars.len()).filter(|&i| is_mark(&chars, i)) {
            if open
                .last()
                .and_then(|o| closers_of(*o))
                .is_some_and(|closers| closers.contains(&chars[i]))
            {
                open.pop();
                closes[i] = true;
            } else if closers_of(chars[i]).is_some() {
                open.push(chars[i]);
            }
        }
        let i = (0..chars.len())
            .rev()
            .find(|&i| is_mark(&chars, i) || chars[i] == '\u{FFFD}')?;
        Some(chars[i]).filter(|c| *c != '\u{FFFD}' && !closes[i])?
    };
    let pairs = |quote: char| -> bool {
        if opening {
            closers_of(quote).is_some_and(|closers| closers.contains(&partner))
        } else {
            closers_of(partner).is_some_and(|closers| closers.contains(&quote))
        }
    };
    let marks = quote_marks();
    if !marks.iter().any(|q| pairs(*q)) {
        return None;
    }
    // A mark that does not pair with its partner speaks against the reading that gives it.
    Some(
        marks
            .into_iter()
            .map(|q| (q, if pairs(q) { PARTNER } else { -PARTNER }))
            .collect(),
    )
}

/// The most candidates the next damaged letter of a word may have to be looked ahead to.
const LOOKAHEAD_CANDIDATES: usize = 20;

/// The damaged sequence of letters that ends the word at `rest[stop]`, if one does: its letter
/// candidates, the letters after it and whether the word is seen to end there, as
/// [`letters_after`] takes them.
fn next_site_in_word(
    toks: &[Tok],
    rest: &[Piece],
    stop: usize,
    after: &str,
) -> Option<(Vec<char>, Vec<char>, bool)> {
    let Out::Site(site) = &rest.get(stop)?.out else {
        return None;
    };
    let candidates: Vec<char> = site
        .candidates
        .iter()
        .copied()
        .filter(|c| ngrams::covers(*c))
        .collect();
    // Each candidate of this letter is scored with each of the next one: a letter that lost
    // two bytes can be hundreds, which would cost more time than it could tell.
    if candidates.is_empty() || candidates.len() > LOOKAHEAD_CANDIDATES {
        return None;
    }
    let (after_next, _, ends) = letters_after(toks, &rest[stop + 1..], after);
    Some((candidates, after_next, ends))
}

/// The letters of the word a damaged sequence sits in, before and after it: `done` is the run
/// rendered so far and `before` the line before the run; `rest` the pieces after it and `after`
/// the line after the run. Text that may still be mojibake (other than ASCII letters of the
/// line) and other damaged sequences end the word. Also returns the index in `rest` of the piece
/// that ended the word (`rest.len()` if none did), and whether the word is seen to start and end
/// there (at a space, punctuation or the line's edge) rather than at damage.
fn word_around(
    done: &str,
    before: &str,
    toks: &[Tok],
    rest: &[Piece],
    after: &str,
) -> (Vec<char>, Vec<char>, usize, (bool, bool)) {
    let mut left = Vec::new();
    // Where the word starts: a character that is no letter, or none (the line's start).
    let mut stopped_at = None;
    for c in done.chars().rev() {
        if !ngrams::covers(c) || left.len() == WORD_WINDOW {
            stopped_at = Some(c);
            break;
        }
        left.push(c);
    }
    if stopped_at.is_none() {
        for c in before.chars().rev() {
            if !c.is_ascii_alphabetic() || left.len() == WORD_WINDOW {
                stopped_at = Some(c);
                break;
            }
            left.push(c);
        }
    }
    left.reverse();
    let (right, stop, ends) = letters_after(toks, rest, after);
    let starts = left.len() < WORD_WINDOW && stopped_at.is_none_or(ends_word);
    (left, right, stop, (starts, ends))
}

/// The most letters taken on either side of a damaged letter: more than the longest word of
/// the known-word lists, and far more than the trigrams need, so that a long run of letters
/// without spaces is not walked for every damaged letter in it.
const WORD_WINDOW: usize = 65;

/// Whether `c` next to a letter shows where its word starts or ends.
fn ends_word(c: char) -> bool {
    use score::Kind;
    matches!(
        score::info(c).kind,
        Kind::Space | Kind::Digit | Kind::Punct | Kind::Open | Kind::Close
    )
}

/// The letters at the start of `rest`, and of `after` if the word runs on to the end of `rest`;
/// the index of the piece that ended the word (`rest.len()` if none did); and whether the word
/// is seen to end there (see [`word_around`]).
fn letters_after(toks: &[Tok], rest: &[Piece], after: &str) -> (Vec<char>, usize, bool) {
    let mut letters = Vec::new();
    for (index, piece) in rest.iter().enumerate() {
        if letters.len() >= WORD_WINDOW {
            return (letters, index, false);
        }
        match &piece.out {
            Out::Fixed(c) if ngrams::covers(*c) => letters.push(*c),
            Out::Fixed(c) => return (letters, index, ends_word(*c)),
            Out::Keep => {
                for t in toks.get(piece.toks.clone()).unwrap_or(&[]) {
                    if !ngrams::covers(t.ch) {
                        return (letters, index, ends_word(t.ch));
                    }
                    if letters.len() >= WORD_WINDOW {
                        return (letters, index, false);
                    }
                    letters.push(t.ch);
                }
            }
            Out::Site(_) => return (letters, index, false),
        }
    }
    for c in after.chars() {
        if !c.is_ascii_alphabetic() {
            return (letters, rest.len(), ends_word(c));
        }
        if letters.len() >= WORD_WINDOW {
            return (letters, rest.len(), false);
        }
        letters.push(c);
    }
    (letters, rest.len(), true)
}

/// Whether `c` can be part of an emoji sequence.
fn is_emoji_part(c: char) -> bool {
    if c < '\u{200D}' {
        return false;
    }
    let info = score::info(c);
    matches!(info.kind, score::Kind::Emoji | score::Kind::EmojiPart) || score::is_emoji(c)
}

/// Chooses the characters of damaged sequences that are part of an emoji sequence (🏳️‍🌈, 👍🏽,
/// 🏃‍♀️, 1️⃣) by which choices make valid emoji: among the choices that split the stretch into
/// the fewest valid emoji, a damaged sequence that all of them agree on is decided.
fn force_emoji_sequences(pieces: &[Piece], prev: Option<char>) -> Vec<Option<char>> {
    const MAX_COMBINATIONS: usize = 4096;
    // The longest emoji sequences have about ten code points.
    const MAX_CLUSTER: usize = 12;
    let mut forced = vec![None; pieces.len()];
    let options = |piece: &Piece| -> Option<Vec<char>> {
        match &piece.out {
            Out::Fixed(c) if is_emoji_part(*c) => Some(vec![*c]),
            Out::Site(site) => {
                let v: Vec<char> = site
                    .candidates
                    .iter()
                    .copied()
                    .filter(|c| is_emoji_part(*c))
                    .take(16)
                    .collect();
                (!v.is_empty()).then_some(v)
            }
            _ => None,
        }
    };
    let mut start = 0;
    while start < pieces.len() {
        let mut end = start;
        let mut choices: Vec<Vec<char>> = Vec::new();
        while let Some(o) = pieces.get(end).and_then(options) {
            choices.push(o);
            end += 1;
        }
        let sites = pieces[start..end]
            .iter()
            .filter(|p| matches!(p.out, Out::Site(_)))
            .count();
        let combinations = choices
            .iter()
            .map(Vec::len)
            .try_fold(1usize, |a, l| a.checked_mul(l))
            .unwrap_or(usize::MAX);
        if sites > 0
            && (2..=MAX_CLUSTER).contains(&choices.len())
            && combinations <= MAX_COMBINATIONS
        {
            // A keycap sequence begins with the ASCII character before the run.
            let prefix =
                prev.filter(|c| start == 0 && (c.is_ascii_digit() || *c == '#' || *c == '*'));
            let mut fewest = usize::MAX;
            let mut agreed: Vec<Option<char>> = Vec::new();
            for mut k in 0..combinations {
                let mut picked = Vec::with_capacity(choices.len());
                for c in &choices {
                    picked.push(c[k % c.len()]);
                    k /= c.len();
                }
                let text: String = prefix.into_iter().chain(picked.iter().copied()).collect();
                let Some(n) = emoji_segments(&text) else {
                    continue;
                };
                if n < fewest {
                    fewest = n;
                    agreed = picked.iter().map(|c| Some(*c)).collect();
                } else if n == fewest {
                    for (a, c) in agreed.iter_mut().zip(&picked) {
                        if *a != Some(*c) {
                            *a = None;
                        }
                    }
                }
            }
            for (slot, a) in forced[start..end].iter_mut().zip(agreed) {
                *slot = a;
            }
        }
        start = end.max(start + 1);
    }
    forced
}

/// The fewest valid emoji `text` splits into, `None` if it does not split into valid emoji.
fn emoji_segments(text: &str) -> Option<usize> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut best = vec![usize::MAX; bounds.len()];
    best[0] = 0;
    for j in 1..bounds.len() {
        for i in j.saturating_sub(10)..j {
            if best[i] == usize::MAX {
                continue;
            }
            if text
                .get(bounds[i]..bounds[j])
                .is_some_and(|s| emojis::get(s).is_some())
            {
                best[j] = best[j].min(best[i] + 1);
            }
        }
    }
    best.last().copied().filter(|n| *n != usize::MAX)
}

/// The characters of a decoded run that its damaged sequences leave known: what the second
/// layer of double mojibake is made of, apart from the sequences' candidates.
fn known_text(toks: &[Tok], pieces: &[Piece]) -> String {
    let mut known = String::new();
    for piece in pieces {
        match &piece.out {
            Out::Keep => known.extend(
                toks.get(piece.toks.clone())
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| t.ch),
            ),
            Out::Fixed(c) => known.push(*c),
            Out::Site(_) => {}
        }
    }
    known
}

/// The characters of a decoded run as tokens of page `cp`, for the second layer of double
/// mojibake: a damaged sequence is the set of the bytes of its candidates, and U+FFFD the set
/// `replaced`. `None` if some character is not in `cp`.
fn inner_tokens(
    toks: &[Tok],
    pieces: &[Piece],
    cp: &CodePage,
    replaced: ByteSet,
) -> Option<Vec<Tok>> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match &piece.out {
            Out::Keep => {
                for t in toks.get(piece.toks.clone())? {
                    let bytes = match cp.encode(t.ch) {
                        Some(b) => ByteSet::of([b]),
                        None if t.ch == '\u{FFFD}' && cp.is_lossy() => replaced,
                        None => return None,
                    };
                    out.push(Tok { bytes, ch: t.ch });
                }
            }
            Out::Fixed('\u{FFFD}') if cp.is_lossy() => {
                out.push(Tok {
                    bytes: replaced,
                    ch: '\u{FFFD}',
                });
            }
            Out::Fixed(c) => out.push(Tok {
                bytes: ByteSet::of([cp.encode(*c)?]),
                ch: *c,
            }),
            Out::Site(site) => {
                let bytes = ByteSet::of(site.candidates.iter().filter_map(|c| cp.encode(*c)));
                if bytes.is_empty() {
                    return None;
                }
                out.push(Tok {
                    bytes,
                    ch: '\u{FFFD}',
                });
            }
        }
    }
    if out.iter().any(|t| t.ch.is_ascii()) {
        None
    } else {
        Some(out)
    }
}

/// Works out the repair of one run of `line` under page `cp_index`, if there is one.
fn analyze_run(
    line: &str,
    run: &Run,
    cp_index: usize,
    ctx: &Context,
    (confirmed, prefer_double): (bool, bool),
    context: Option<(&str, &str)>,
    search: &mut Search,
) -> Option<RunFix> {
    let pages = codepages::all();
    let cp = &pages[cp_index];
    let reading = Reading {
        confirmed,
        hopeless_to_replacement: confirmed,
        whole: false,
    };
    let pieces = decode_run(&run.toks, cp, reading, search);
    if pieces.iter().all(|p| matches!(p.out, Out::Keep)) {
        return None;
    }
    let before = line.get(..run.range.start).unwrap_or("");
    let after = line.get(run.range.end..).unwrap_or("");
    let around = context.unwrap_or((before, after));
    let prev = before.chars().next_back();
    let next = after.chars().next();
    let first = render(
        &run.toks,
        &pieces,
        (prev, next),
        around,
        (before, after),
        ctx,
        (cp, confirmed, None),
    );
    let original = line.get(run.range.clone()).unwrap_or("");
    let original_cost = score::cost(prev, original.chars(), next);
    let mut best_cost = score::cost(prev, first.text.chars(), next) + first.penalty;
    let mut second: Option<Rendered> = None;
    // A second layer needs two characters to make a sequence of, or one that lost the rest,
    // which only counts in a line known to be mojibake. In a line known to be double
    // mojibake, a run of damaged sequences alone is read again too: `Ș` (`C8 98`) read twice
    // as Windows-1253 lost a byte in each layer and left a lone `Ξ`, whose candidates of one
    // layer are only Greek letters.
    if (first.sequences > 0 || prefer_double && first.lost + first.unrecovered.len() > 0)
        && (confirmed
            || first
                .text
                .chars()
                .filter(|c| !c.is_ascii())
                .nth(1)
                .is_some())
    {
        // Double mojibake: decode the decoded run again, damaged sequences included as the
        // sets of their candidates' bytes. The same page twice is by far the most common case.
        let outer_penalty: f32 = pieces
            .iter()
            .map(|p| {
                if let Out::Site(s) = &p.out {
                    s.penalty(confirmed)
                } else {
                    0.0
                }
            })
            .sum();
        // In a line known to be double mojibake, a complete second decoding is taken even when
        // it does not look better on its own (a lone letter that lost a byte, say).
        let margin = if prefer_double {
            f32::NEG_INFINITY
        } else {
            DOUBLE_GAIN
        };
        let single_cost = best_cost;
        // The same page twice is the most common case, so a byte the outer layer's page leaves
        // undefined may be what an inner U+FFFD lost even where the inner page defines it
        // (Windows-1252 and -1254 read most text alike, but only -1254 loses 9E): otherwise the
        // narrower page hides the true character and picks a wrong one with confidence
        // (`日本認` for `日本語`).
        let known = known_text(&run.toks, &pieces);
        let outer_replaced = replaced_bytes(&known, cp);
        let order = std::iter::once(cp_index).chain((0..pages.len()).filter(|i| *i != cp_index));
        for index in order {
            // The outer layer decoded, so the inner one is known to be mojibake.
            let inner_page = &pages[index];
            let replaced = replaced_bytes(&known, inner_page).or(outer_replaced);
            let Some(inner) = inner_tokens(&run.toks, &pieces, inner_page, replaced) else {
                continue;
            };
            let reading = Reading {
                confirmed: true,
                hopeless_to_replacement: false,
                whole: true,
            };
            let inner_pieces = decode_run(&inner, inner_page, reading, search);
            if inner_pieces.iter().any(|p| matches!(p.out, Out::Keep)) {
                continue;
            }
            let r = render(
                &inner,
                &inner_pieces,
                (prev, next),
                around,
                (before, after),
                ctx,
                (inner_page, true, Some(cp)),
            );
            // Even a line known to be double mojibake is not decoded into characters no text
            // holds (unassigned code points, say): the inner layer's parse never makes one
            // (`sequence` and the candidates of a damaged sequence keep to
            // `lost_bytes::plausible`).
            debug_assert!(
                r.text
                    .chars()
                    .all(|c| c == '\u{FFFD}' || score::info(c).kind != score::Kind::Bad),
                "an inner reading made a character no text holds: {:?}",
                r.text
            );
            if !r.complete {
                continue;
            }
            let c = score::cost(prev, r.text.chars(), next) + outer_penalty + r.penalty;
            let better = match &second {
                None => c < single_cost - margin,
                Some(_) => c < best_cost - 0.01,
            };
            if better {
                best_cost = c;
                second = Some(r);
            }
        }
    }
    let gain = original_cost - best_cost;
    let double = second.is_some();
    let complete = match &second {
        Some(r) => r.complete && r.unrecovered.is_empty() && r.lost == 0,
        None => first.complete && first.unrecovered.is_empty() && first.lost == 0,
    };
    let used_context = first.used_context || second.as_ref().is_some_and(|r| r.used_context);
    let (text, kind, confidence, lost, unrecovered) = match second {
        Some(r) => {
            let outer_lost = pieces
                .iter()
                .filter(|p| matches!(p.out, Out::Site(_)))
                .count();
            // The choices among the candidates of the outer layer were made by the inner one.
            let confidence = if outer_lost > 0 {
                r.confidence.min(0.7)
            } else {
                r.confidence
            };
            (
                r.text,
                RepairKind::DoubleMojibake,
                confidence,
                r.lost + outer_lost,
                r.unrecovered,
            )
        }
        None => (
            first.text,
            RepairKind::Mojibake,
            first.confidence,
            first.lost,
            first.unrecovered,
        ),
    };
    if text == original {
        return None;
    }
    let kind = if !unrecovered.is_empty() {
        RepairKind::Unrecoverable
    } else if lost > 0 {
        RepairKind::LostByte
    } else {
        kind
    };
    let confidence = match kind {
        // How sure it is that the character was damaged: beyond doubt in a confirmed line.
        RepairKind::Unrecoverable if confirmed => 0.9,
        _ => confidence.min((0.55 + gain / 30.0).clamp(0.3, 0.99)),
    };
    Some(RunFix {
        range: run.range.clone(),
        after: text,
        gain,
        kind,
        confidence,
        evidence: first.evidence,
        sequences: first.sequences,
        unrecovered,
        double,
        used_context,
        complete,
    })
}

/// Works out the repair of `line` under page `cp_index`, if it has one. In a `confirmed` line,
/// every run that decodes at all is repaired.
fn analyze_line(
    line: &str,
    cp_index: usize,
    ctx: &Context,
    confirmed: bool,
    search: &mut Search,
) -> Option<LineFix> {
    let pages = codepages::all();
    let runs = runs(line, &pages[cp_index]);
    // Nothing to decode without a lead byte (or a U+FFFD standing for one).
    let leads = ByteSet::all_leads();
    if !runs
        .iter()
        .flat_map(|r| &r.toks)
        .any(|t| !t.bytes.and(leads).is_empty())
    {
        return None;
    }
    let analyze = |prefer_double: bool, context: &[Option<(&str, &str)>], search: &mut Search| {
        runs.iter()
            .enumerate()
            .filter_map(|(k, run)| {
                let context = context.get(k).copied().flatten();
                analyze_run(
                    line,
                    run,
                    cp_index,
                    ctx,
                    (confirmed, prefer_double),
                    context,
                    search,
                )
            })
            .collect::<Vec<RunFix>>()
    };
    let mut fixes = analyze(false, &[], search);
    let prefer_double = confirmed && fixes.iter().any(|f| f.double);
    if prefer_double {
        fixes = analyze(true, &[], search);
    }
    if fixes.iter().any(|f| f.used_context) {
        // Read the context of damaged emoji from the line as repaired so far, so that a
        // separator or an address that is itself mojibake does not hide it.
        let mut provisional = String::with_capacity(line.len());
        let mut placed = Vec::with_capacity(runs.len());
        let mut last = 0;
        let mut next_fix = fixes.iter().peekable();
        for run in &runs {
            provisional.push_str(line.get(last..run.range.start).unwrap_or(""));
            let start = provisional.len();
            match next_fix.next_if(|f| f.range == run.range) {
                Some(f) => provisional.push_str(&f.after),
                None => provisional.push_str(line.get(run.range.clone()).unwrap_or("")),
            }
            placed.push(start..provisional.len());
            last = run.range.end;
        }
        provisional.push_str(line.get(last..).unwrap_or(""));
        let context: Vec<Option<(&str, &str)>> = placed
            .iter()
            .map(|r| Some((provisional.get(..r.start)?, provisional.get(r.end..)?)))
            .collect();
        fixes = analyze(prefer_double, &context, search);
    }
    fixes.retain(|f| confirmed || f.gain > MIN_RUN_GAIN);
    if !confirmed {
        penalize_foreign_scripts(line, &mut fixes);
        fixes.retain(|f| f.gain > MIN_RUN_GAIN);
    }
    if fixes.is_empty() {
        return None;
    }
    // A line with double mojibake is read again as a whole (see `prefer_double`).
    let leftovers = fixes.len() < runs.len() || fixes.iter().any(|f| !f.complete || f.double);
    Some(LineFix {
        leftovers,
        gain: fixes.iter().map(|f| f.gain).sum(),
        evidence: fixes.iter().map(|f| f.evidence).sum(),
        sequences: fixes.iter().map(|f| f.sequences).sum(),
        clean_gain: fixes
            .iter()
            .filter(|f| f.kind == RepairKind::Mojibake || f.kind == RepairKind::DoubleMojibake)
            .map(|f| f.gain)
            .sum(),
        runs: fixes,
    })
}

/// Lowers the gain of repairs that put letters of a script that is a small minority in the line
/// (say one Cyrillic letter among French words), which is what accidental decodes look like.
fn penalize_foreign_scripts(line: &str, fixes: &mut [RunFix]) {
    const SCRIPTS: [score::Script; 11] = [
        score::Script::Latin,
        score::Script::Greek,
        score::Script::Cyrillic,
        score::Script::Armenian,
        score::Script::Hebrew,
        score::Script::Arabic,
        score::Script::Indic,
        score::Script::Thai,
        score::Script::Georgian,
        score::Script::Cjk,
        score::Script::Hangul,
    ];
    let index = |c: char| {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then_some(0);
        }
        let i = score::info(c);
        if i.is_letter() {
            SCRIPTS.iter().position(|s| *s == i.script)
        } else {
            None
        }
    };
    let mut counts = [0usize; SCRIPTS.len()];
    let mut last = 0;
    for fix in fixes.iter() {
        for c in line
            .get(last..fix.range.start)
            .unwrap_or("")
            .chars()
            .chain(fix.after.chars())
        {
            if let Some(i) = index(c) {
                counts[i] += 1;
            }
        }
        last = fix.range.end;
    }
    for c in line.get(last..).unwrap_or("").chars() {
        if let Some(i) = index(c) {
            counts[i] += 1;
        }
    }
    let total: usize = counts.iter().sum();
    for fix in fixes.iter_mut() {
        let foreign = fix
            .after
            .chars()
            .filter_map(index)
            .filter(|i| counts[*i] * 10 < total * 3)
            .count();
        fix.gain -= FOREIGN_SCRIPT_COST * foreign as f32;
    }
}

/// Repairs the mojibake in `text` (LF line ends) and reports each repair.
pub(crate) fn repair_text(text: &str) -> Outcome {
    let pages = codepages::all();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut emoji: Vec<char> = text
        .chars()
        .filter(|c| !c.is_ascii() && score::is_emoji(*c))
        .collect();
    emoji.sort_unstable();
    emoji.dedup();
    let mut ctx = Context {
        emoji,
        intact: HashMap::new(),
        first_pass: String::new(),
        languages: std::cell::OnceCell::new(),
        line: String::new(),
        line_languages: std::cell::OnceCell::new(),
        scripts: std::cell::OnceCell::new(),
        line_quotes: std::cell::OnceCell::new(),
        line_brackets: std::cell::OnceCell::new(),
    };
    let mut search = Search::new(text.len());

    let analyses: Vec<Vec<Option<LineFix>>> = lines
        .iter()
        .map(|line| {
            if line.is_ascii() {
                Vec::new()
            } else {
                (0..pages.len())
                    .map(|i| analyze_line(line, i, &ctx, false, &mut search))
                    .collect()
            }
        })
        .collect();

    // The document's page: the one with the most gain from lines it repairs on their own.
    let mut votes = vec![0.0f32; pages.len()];
    for fixes in &analyses {
        for (i, fix) in fixes.iter().enumerate() {
            if let Some(fix) = fix
                && fix.gain >= standalone_threshold(fix)
            {
                votes[i] += fix.gain + AFFINITY * affinity(i, fix) as f32;
            }
        }
    }
    let mut document_page = None;
    for (i, v) in votes.iter().enumerate() {
        if *v >= DOCUMENT_GAIN && document_page.is_none_or(|d: usize| *v > votes[d]) {
            document_page = Some(i);
        }
    }

    // Each line's gain under each page, to find the pages that tie with the chosen one.
    let gains: Vec<Vec<Option<f32>>> = analyses
        .iter()
        .map(|fixes| fixes.iter().map(|f| f.as_ref().map(|f| f.gain)).collect())
        .collect();
    let mut chosen: Vec<Option<(usize, LineFix)>> = analyses
        .into_iter()
        .map(|fixes| choose(fixes, document_page))
        .collect();

    // Emoji repaired with confidence help to choose among the candidates of damaged ones.
    for (_, fix) in chosen.iter().flatten() {
        for run in fix.runs.iter().filter(|r| r.kind == RepairKind::Mojibake) {
            ctx.emoji
                .extend(run.after.chars().filter(|c| score::is_emoji(*c)));
        }
    }
    ctx.emoji.sort_unstable();
    ctx.emoji.dedup();
    ctx.intact = intact_characters(&lines, &chosen);
    if chosen
        .iter()
        .flatten()
        .any(|(_, fix)| fix.lost_bytes() || fix.leftovers)
    {
        ctx.first_pass = assemble(&lines, &chosen).text;
    }

    // A line that is mojibake beyond doubt is decoded completely: in it, a character that
    // lost bytes cannot be a legitimate character, even if only its lead byte is left.
    let mut first_lines = ctx.first_pass.split('\n');
    for ((line, slot), gains) in lines.iter().zip(chosen.iter_mut()).zip(&gains) {
        let first_line = first_lines.next().unwrap_or_default();
        let Some((cp, fix)) = slot else { continue };
        let confirmed = fix.clean_gain >= standalone_threshold(fix)
            || (document_page == Some(*cp) && fix.clean_gain > MIN_RUN_GAIN);
        if !((confirmed && fix.leftovers) || fix.lost_bytes()) {
            continue;
        }
        first_line.clone_into(&mut ctx.line);
        ctx.line_languages = std::cell::OnceCell::new();
        ctx.line_quotes = std::cell::OnceCell::new();
        ctx.line_brackets = std::cell::OnceCell::new();
        let Some(again) = analyze_line(line, *cp, &ctx, confirmed, &mut search) else {
            continue;
        };
        // Pages that read the line alike can still differ in the bytes they leave undefined
        // (windows-1254 leaves 8E and 9E undefined, windows-1252 does not): where the line
        // gave them the same gain and lost bytes, they are read with the page that leaves the
        // most undefined, so that a lost byte's true value is among the candidates whichever
        // page the editor used.
        let widest = (0..pages.len())
            .filter(|&i| {
                gains
                    .get(i)
                    .copied()
                    .flatten()
                    .is_some_and(|g| (g - fix.gain).abs() < 1e-3)
            })
            .max_by_key(|&i| (pages[i].undefined.len(), i == *cp))
            .filter(|&i| i != *cp && again.lost_bytes());
        let wider =
            widest.and_then(|i| Some((i, analyze_line(line, i, &ctx, confirmed, &mut search)?)));
        *slot = Some(wider.unwrap_or((*cp, again)));
    }

    assemble(&lines, &chosen)
}

/// Counts the non-ASCII characters of the lines that are not repaired (U+FFFD aside).
fn intact_characters(lines: &[&str], chosen: &[Option<(usize, LineFix)>]) -> HashMap<char, u32> {
    let mut counts = HashMap::new();
    for (line, fix) in lines.iter().zip(chosen) {
        if fix.is_some() || line.is_ascii() {
            continue;
        }
        for c in line.chars().filter(|c| !c.is_ascii() && *c != '\u{FFFD}') {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    counts
}

/// Chooses the page for one line from its analyses under every page.
fn choose(fixes: Vec<Option<LineFix>>, document_page: Option<usize>) -> Option<(usize, LineFix)> {
    let strong = |f: &LineFix| f.gain >= standalone_threshold(f);
    let rank = |i: usize, f: &LineFix| f.gain + AFFINITY * affinity(i, f) as f32;
    let mut best: Option<(usize, f32)> = None;
    for (i, fix) in fixes.iter().enumerate() {
        if let Some(fix) = fix
            && strong(fix)
            && best.is_none_or(|(_, r)| rank(i, fix) > r + 1e-3)
        {
            best = Some((i, rank(i, fix)));
        }
    }
    let pick = match (best, document_page) {
        (Some((b, _)), Some(d)) => {
            let best_gain = fixes
                .get(b)
                .and_then(Option::as_ref)
                .map_or(0.0, |f| f.gain);
            match fixes.get(d).and_then(Option::as_ref) {
                Some(df) if strong(df) && df.gain >= 0.75 * best_gain => Some(d),
                _ => Some(b),
            }
        }
        (Some((b, _)), None) => Some(b),
        (None, Some(d)) => fixes
            .get(d)
            .and_then(Option::as_ref)
            .filter(|f| f.gain >= WEAK_LINE_GAIN)
            .map(|_| d),
        (None, None) => None,
    };
    let pick = pick?;
    fixes.into_iter().nth(pick).flatten().map(|f| (pick, f))
}

/// How much a letter of the repaired text that only page `cp` (of it and windows-1252) can hold
/// counts for `cp`: an editor mis-reads UTF-8 in the code page of its locale, and a Turkish
/// text was more likely mis-read as windows-1254 than as windows-1252.
const AFFINITY: f32 = 1.0;

/// The number of letters (at most 5) of the repair that page `cp` can hold and windows-1252 cannot.
fn affinity(cp: usize, fix: &LineFix) -> usize {
    let pages = codepages::all();
    let (Some(page), Some(western)) = (pages.get(cp), pages.get(codepages::WINDOWS_1252)) else {
        return 0;
    };
    if cp == codepages::WINDOWS_1252 {
        return 0;
    }
    fix.runs
        .iter()
        .flat_map(|r| r.after.chars())
        .filter(|c| c.is_alphabetic() && page.encode(*c).is_some() && western.encode(*c).is_none())
        .take(5)
        .count()
}

/// Applies the chosen repairs and reports them, one per word (or per run outside words).
fn assemble(lines: &[&str], chosen: &[Option<(usize, LineFix)>]) -> Outcome {
    let pages = codepages::all();
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    let mut repairs = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        let line_start = text.len();
        let Some((cp, fix)) = &chosen[n] else {
            text.push_str(line);
            continue;
        };
        // Build the repaired line, remembering where each run went.
        let mut fixed = String::with_capacity(line.len());
        let mut placed: Vec<(Range<usize>, Range<usize>)> = Vec::new(); // (original, repaired)
        let mut last = 0;
        for run in &fix.runs {
            fixed.push_str(line.get(last..run.range.start).unwrap_or(""));
            let start = fixed.len();
            fixed.push_str(&run.after);
            placed.push((run.range.clone(), start..fixed.len()));
            last = run.range.end;
        }
        fixed.push_str(line.get(last..).unwrap_or(""));

        for group in word_groups(&fixed, &placed) {
            let runs = &fix.runs[group.runs.clone()];
            let original = original_span(&group, &placed);
            let kind = runs
                .iter()
                .map(|r| r.kind)
                .max_by_key(|k| kind_rank(*k))
                .unwrap_or(RepairKind::Mojibake);
            let confidence = runs.iter().map(|r| r.confidence).fold(1.0f32, f32::min);
            let candidates = runs
                .iter()
                .flat_map(|r| r.unrecovered.iter().flatten().copied())
                .collect();
            repairs.push(FoundRepair {
                line: n + 1,
                span: line_start + group.span.start..line_start + group.span.end,
                before: line.get(original).unwrap_or("").to_owned(),
                after: fixed.get(group.span.clone()).unwrap_or("").to_owned(),
                codepage: pages[*cp].name,
                confidence,
                kind,
                candidates,
            });
        }
        text.push_str(&fixed);
    }
    Outcome { text, repairs }
}

fn kind_rank(kind: RepairKind) -> u8 {
    match kind {
        RepairKind::Mojibake => 0,
        RepairKind::DoubleMojibake => 1,
        RepairKind::LostByte => 2,
        RepairKind::Unrecoverable => 3,
    }
}

struct Group {
    /// Byte range in the repaired line.
    span: Range<usize>,
    /// The runs it covers.
    runs: Range<usize>,
}

/// Groups repaired runs by word: a run that starts or ends with a letter is widened to the word
/// around it (up to a length), and runs in the same word are reported together.
fn word_groups(fixed: &str, placed: &[(Range<usize>, Range<usize>)]) -> Vec<Group> {
    const MAX_WIDEN: usize = 48;
    let is_word =
        |c: char| c == '\u{FFFD}' || c.is_alphabetic() || score::info(c).kind == score::Kind::Mark;
    let mut groups: Vec<Group> = Vec::new();
    for (i, (_, repaired)) in placed.iter().enumerate() {
        let mut span = repaired.clone();
        let after = fixed.get(repaired.clone()).unwrap_or("");
        if after.starts_with(is_word) {
            let left = fixed.get(..span.start).unwrap_or("");
            let word: Vec<char> = left
                .chars()
                .rev()
                .take_while(|c| is_word(*c))
                .take(MAX_WIDEN + 1)
                .collect();
            if word.len() <= MAX_WIDEN {
                span.start -= word.iter().map(|c| c.len_utf8()).sum::<usize>();
            }
        }
        if after.ends_with(is_word) {
            let right = fixed.get(span.end..).unwrap_or("");
            let word: Vec<char> = right
                .chars()
                .take_while(|c| is_word(*c))
                .take(MAX_WIDEN + 1)
                .collect();
            if word.len() <= MAX_WIDEN {
                span.end += word.iter().map(|c| c.len_utf8()).sum::<usize>();
            }
        }
        // Widen to the whole of the neighbouring runs the word reached into.
        let mut first = i;
        while first > 0 && placed[first - 1].1.end > span.start {
            first -= 1;
            span.start = span.start.min(placed[first].1.start);
        }
        let mut end = i + 1;
        while end < placed.len() && placed[end].1.start < span.end {
            span.end = span.end.max(placed[end].1.end);
            end += 1;
        }
        match groups.last_mut() {
            Some(g) if g.span.end > span.start => {
                g.span.start = g.span.start.min(span.start);
                g.span.end = g.span.end.max(span.end);
                g.runs.start = g.runs.start.min(first);
                g.runs.end = g.runs.end.max(end);
            }
            _ => groups.push(Group {
                span,
                runs: first..end,
            }),
        }
    }
    groups
}

/// The byte range in the original line of a group's span in the repaired line: the text
/// outside the runs is the same in both.
fn original_span(group: &Group, placed: &[(Range<usize>, Range<usize>)]) -> Range<usize> {
    let first = placed.get(group.runs.start);
    let last = group.runs.end.checked_sub(1).and_then(|i| placed.get(i));
    match (first, last) {
        (Some((of, rf)), Some((ol, rl))) => {
            of.start
                .saturating_sub(rf.start.saturating_sub(group.span.start))
                ..ol.end + group.span.end.saturating_sub(rl.end)
        }
        _ => 0..0,
    }
}
