//! Which letters follow each other, for choosing among the candidates of a lost byte.
//!
//! A byte lost from a two-byte sequence of Cyrillic or Greek leaves a lead byte that fits
//! several letters of the same alphabet: in Windows-1252 `D1 ??` is `с`, `э`, `я`, `ѐ` or `ѝ`,
//! and `CF ??` is `ρ` or `ύ`. The letters' own frequencies seldom tell them apart by enough; the
//! letters next to them often do (`Мо?ква` is `ск`, not `як`; `Λογισμικο?` ends in `ου`). This
//! module knows the common letter pairs of Russian, Ukrainian and Greek, including a word's
//! first and last letter, in two hand-set tiers, and that a consonant next to a vowel is the
//! usual shape. Apart from two Greek vowels outside the digraphs, it only adds evidence for a
//! candidate: a pair it does not know costs nothing, so an unusual word is left to the other
//! evidence (and to U+FFFD). The tiers are deliberately coarse: a finer table (pair statistics
//! of Russian text) made more confident wrong guesses, Ukrainian words such as `якості` among
//! them.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What a very common pair is worth, in cost units.
const COMMON: f32 = 1.5;
/// What a merely frequent pair is worth.
const FREQUENT: f32 = 0.75;
/// What any other consonant next to a vowel is worth.
const ALTERNATING: f32 = 0.5;
/// What two Greek vowels the table does not list are worth: they seldom meet.
const RARE_VOWELS: f32 = -0.5;

/// Stands for a word boundary (a space, punctuation or a digit next to the letter).
const BOUNDARY: char = '_';

/// Pairs (lower case, Greek without accents; `_` a word boundary), most common first.
const PAIRS: &[(f32, &str)] = &[
    // Russian and Ukrainian.
    (
        COMMON,
        "ст но то на ен ов ни ра во ко ро ал ер ор пр ос не по ли ль ет од ть ан ре ол ка ел ва \
         ог ом ле ки та ит ат ск ла ес ин ие ия ая ой ый ий ся ня ри ых ем ам де ед ве ви ак го ме ми \
         ма мо ны ти те ют тв сл вс ні ій ці сь ьк ів ою ння ія як _я _п _с _в _н _о _к _д _м _р \
         _т _з _б е_ и_ о_ а_ й_ я_ ь_ т_ м_ х_ в_ ы_ у_ ю_ і_ ї_",
    ),
    (
        FREQUENT,
        "са се си со су сь сс сп см сн св сы уч чт че чи ча ще щи же жи жд до ду дн вн кт кр тр \
         др гр бр вр за зо зн об бы бо бе ба бу яв ял ям ят ях яз ян ої ня ля мя тя ря зя дя ья \
         оя ея уя эт эк эл эф юр юч ую ью ию юс ум ус ас ис ыс ек ез ей йс ив ик ил им ир иц их ож \
         ок оп от оч ош оз ав аг ад аж аз ай ап ар ах ац ач уд уж ук ул ун уп ур ут ым ыл ьн ьт \
         вл вт дс нс рс лс кс пс гл кл пл бл мл зм дм нн нк нт нд нц нч нь рм рн рт рк рг рд \
         рь лк лн лт лю мн мп тк тн тч фи фо фе фа ха хо хи хн хр ци це ше ши шк шл єм ує єт її \
         їв їн ін іт іс ік іл ім ір іх бі ді лі мі пі рі сі ті фі хі чі ші жі зі кі гі ві _і _є \
         _э _а _и _у _ч _г _л _ф _х _ш _щ _ж _ц _ю _ї с_ л_ н_ р_ д_ к_ ж_ ш_ ч_ ц_",
    ),
    // Greek.
    (
        COMMON,
        "αι ου το τα ει ικ κα ρο ατ ια ντ πο ερ στ ον εν ης ος ας απ με ορ αν ρα ετ πρ ρι ισ υν \
         τη ην ολ λο λα νο να σε σα τι ογ γι μα μο νε ευ υπ ων ωσ λε ημ ηκ κο κη νι ς_ ν_ α_ ο_ \
         ε_ ι_ η_ υ_ ω_ _α _ε _κ _π _σ _τ _μ _δ _ν _ο _υ _η _θ _λ _γ",
    ),
    (
        FREQUENT,
        "αλ αμ αρ ασ αφ αθ αγ αδ ακ αξ αυ εδ εκ ελ εμ επ εσ εφ εχ ηγ ηλ ηρ ησ ητ θε θη θο θυ ιδ \
         ιλ ιμ ιν ιο ιρ ιτ κλ κρ κτ λη λι λλ λυ μβ μη μι μπ μυ νδ νη νθ νσ ξη ξε οδ οκ ομ οπ οσ \
         οφ οχ πα πε πη πι πλ πτ πυ ρε ρη ρμ ρν ρχ ργ ρθ ρκ ρτ ρυ ρω σκ σμ σπ στ συ σχ σω τε τρ \
         τυ τω υλ υμ υρ υσ υτ φε φι φο χα χε χη χι χν χο ψη ωμ ωρ ωτ γγ γκ γν γρ γο γα γε δε δι \
         δο δρ δυ βα βε βι βο _β _φ _χ _ι _ρ _ω _ψ _ξ",
    ),
];

/// The pairs of [`PAIRS`], each with its worth (the first, higher, tier wins).
fn table() -> &'static HashMap<(char, char), f32> {
    static TABLE: OnceLock<HashMap<(char, char), f32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for (worth, pairs) in PAIRS {
            for word in pairs.split_whitespace() {
                // "ння" stands for its two pairs.
                let chars: Vec<char> = word.chars().collect();
                for pair in chars.windows(2) {
                    table.entry((pair[0], pair[1])).or_insert(*worth);
                }
            }
        }
        table
    })
}

/// Whether the table covers `c`'s alphabet.
fn covered(c: char) -> bool {
    matches!(c, '\u{370}'..='\u{3FF}' | '\u{400}'..='\u{45F}')
}

/// `c` as the table spells it: lower case, Greek accents dropped; a word boundary for anything
/// that is not a letter; `None` where nothing is known (a damaged neighbour, another alphabet).
fn normalize(c: Option<char>) -> Option<char> {
    let c = c?;
    if c == '\u{FFFD}' {
        return None;
    }
    if !c.is_alphabetic() {
        return Some(BOUNDARY);
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let plain = match lower {
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' => 'υ',
        'ώ' => 'ω',
        other => other,
    };
    Some(plain)
}

/// The vowels of the alphabets the table covers (after [`normalize`]).
fn is_vowel(c: char) -> bool {
    "аеёиоуыэюяіїєαεηιουω".contains(c)
}

/// What the pair `a`, `b` (normalised) is worth: its tier in the table, else something for a
/// consonant next to a vowel of the same alphabet, the shape of most syllables in both
/// languages.
fn worth(a: char, b: char) -> f32 {
    if let Some(w) = table().get(&(a, b)) {
        return *w;
    }
    // The soft and hard signs and й are neither vowels nor ordinary consonants.
    let letters = [a, b].iter().all(|c| !matches!(c, '_' | 'й' | 'ь' | 'ъ'));
    if !letters || !same_alphabet(a, b) {
        0.0
    } else if is_vowel(a) != is_vowel(b) {
        ALTERNATING
    } else if is_vowel(a) && is_greek(a) {
        // Greek vowels meet mostly in the digraphs the table lists (ου, αι, ει, ευ...).
        RARE_VOWELS
    } else {
        0.0
    }
}

fn is_greek(c: char) -> bool {
    ('\u{370}'..='\u{3FF}').contains(&c)
}

fn same_alphabet(a: char, b: char) -> bool {
    covered(a) && covered(b) && is_greek(a) == is_greek(b)
}

/// How much the neighbours `prev` and `next` speak for candidate `c`, in cost units. Nothing
/// where the table does not cover `c`'s alphabet, or where no neighbour is a letter of the same
/// alphabet (a word boundary alone says nothing about which alphabet the word is in).
pub(crate) fn evidence(prev: Option<char>, c: char, next: Option<char>) -> f32 {
    if !covered(c) {
        return 0.0;
    }
    let Some(me) = normalize(Some(c)) else {
        return 0.0;
    };
    let (prev, next) = (normalize(prev), normalize(next));
    if ![prev, next].iter().flatten().any(|n| same_alphabet(me, *n)) {
        return 0.0;
    }
    prev.map_or(0.0, |p| worth(p, me)) + next.map_or(0.0, |n| worth(me, n))
}

#[cfg(test)]
mod tests {
    use super::evidence;

    #[test]
    fn neighbours_tell_letters_apart() {
        // Мо?ква: с, not я.
        assert!(evidence(Some('о'), 'с', Some('к')) > evidence(Some('о'), 'я', Some('к')));
        // Λογισμικο?: ύ ends the word, ρ does not.
        assert!(evidence(Some('ο'), 'ύ', Some(',')) > evidence(Some('ο'), 'ρ', Some(',')));
        // Other alphabets get nothing.
        assert_eq!(evidence(Some('a'), 'ß', Some(' ')), 0.0);
        assert_eq!(evidence(None, 'с', None), 0.0);
    }
}
