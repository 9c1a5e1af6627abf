//! A Bloom filter of words: whether a word is in a list, in sixteen bits per word, at the
//! price of about one false "yes" in two thousand. Shared by the table generator, which fills
//! it, and the repair, which asks it (the two must hash alike, so neither keeps its own copy).

/// How many bits each word sets: with sixteen bits per word, one false "yes" in two thousand.
pub const HASHES: u64 = 11;

/// Lower case, one letter for one (ß and the like keep their own form).
pub fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// The bits of a filter of `bits` bits that the word `letters` sets (in lower case).
pub fn positions(letters: &[char], bits: u64) -> impl Iterator<Item = u64> {
    // FNV-1a over the letters' code points, then a second hash mixed from the first.
    let first = letters.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, c| {
        (h ^ u64::from(u32::from(lower(*c)))).wrapping_mul(0x0100_0000_01b3)
    });
    let mut second = first ^ (first >> 33);
    second = second.wrapping_mul(0xff51_afd7_ed55_8ccd);
    second ^= second >> 33;
    let second = second | 1;
    (0..HASHES).map(move |i| first.wrapping_add(i.wrapping_mul(second)) % bits.max(1))
}

/// How many half steps of Zipf frequency above 3 the filter of common words (`common.bin`) tells
/// apart (9 is a word as frequent as `the` or `и`).
pub const COMMON_STEPS: u32 = 12;

/// What follows a word in the key of its `step`-th half step of frequency in `common.bin`: the
/// step as a character below a space, which no word holds (`word\u{1}` from Zipf 3,
/// `word\u{2}` from 3.5, …). A word is in once for each step from 1 to its own.
pub fn step_mark(step: u32) -> char {
    char::from_u32(step).unwrap_or('\0')
}
