//! Guessing a résumé's language from its text, for hyphenation rules, the PDF's `/Lang` and
//! accessibility when the user gives no `--lang`.
//!
//! Deliberately small: the script decides for non-Latin text (Persian is told from Arabic by
//! the letters only Persian uses); Latin text is scored by its most frequent function words.
//! English wins ties and unclear cases, since most résumés that reach cvpdf are written in it.

/// Function words frequent in résumés of each Latin-script language.
const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "with", "for", "in", "to", "a", "on", "at",
        ],
    ),
    (
        "de",
        &[
            "und", "der", "die", "das", "mit", "für", "von", "im", "bei", "zur",
        ],
    ),
    (
        "fr",
        &[
            "et", "le", "la", "les", "des", "de", "du", "avec", "pour", "en",
        ],
    ),
    (
        "es",
        &[
            "y", "el", "la", "los", "las", "de", "del", "con", "para", "en",
        ],
    ),
    (
        "pt",
        &["e", "o", "os", "as", "de", "do", "da", "com", "para", "em"],
    ),
    (
        "it",
        &[
            "e", "il", "la", "gli", "di", "del", "della", "con", "per", "in",
        ],
    ),
    (
        "nl",
        &[
            "en", "de", "het", "van", "met", "voor", "een", "bij", "op", "in",
        ],
    ),
    (
        "tr",
        &[
            "ve", "bir", "ile", "için", "bu", "da", "de", "olarak", "en", "çok",
        ],
    ),
];

/// Returns the ISO 639-1 code of the language `text` is most likely written in.
pub fn detect(text: &str) -> &'static str {
    let mut latin = 0usize;
    let mut counts: [(usize, &'static str); 8] = [
        (0, "ar"),
        (0, "fa"),
        (0, "ru"),
        (0, "el"),
        (0, "zh"),
        (0, "ja"),
        (0, "ko"),
        (0, "he"),
    ];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let slot = match c {
            'a'..='z' | 'A'..='Z' | '\u{C0}'..='\u{24F}' => {
                latin += 1;
                continue;
            }
            'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک' => 1,
            '\u{600}'..='\u{6FF}' => 0,
            '\u{400}'..='\u{4FF}' => 2,
            '\u{370}'..='\u{3FF}' => 3,
            '\u{3040}'..='\u{30FF}' => 5,
            '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => 6,
            '\u{4E00}'..='\u{9FFF}' => 4,
            '\u{590}'..='\u{5FF}' => 7,
            _ => continue,
        };
        counts[slot].0 += 1;
    }
    // Persian letters in Arabic script make it Persian.
    if counts[1].0 > 0 {
        counts[1].0 += counts[0].0;
        counts[0].0 = 0;
    }
    // Kana among Han characters make it Japanese.
    if counts[5].0 > 0 {
        counts[5].0 += counts[4].0;
        counts[4].0 = 0;
    }
    let (script_count, script_lang) = counts
        .iter()
        .copied()
        .max_by_key(|(count, _)| *count)
        .unwrap_or((0, "en"));
    if script_count > latin {
        return script_lang;
    }
    latin_language(text)
}

fn latin_language(text: &str) -> &'static str {
    // No function word is longer than this, and lower case has no fewer characters: longer
    // words (most of a résumé) are left out before they are copied and compared.
    let longest = STOPWORDS
        .iter()
        .flat_map(|(_, stopwords)| stopwords.iter())
        .map(|word| word.chars().count())
        .max()
        .unwrap_or(0);
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty() && word.chars().nth(longest).is_none())
        .map(str::to_lowercase)
        .collect();
    let score = |stopwords: &[&str]| {
        words
            .iter()
            .filter(|word| stopwords.contains(&word.as_str()))
            .count()
    };
    let english = score(STOPWORDS[0].1);
    let (best, lang) = STOPWORDS
        .iter()
        .map(|(lang, stopwords)| (score(stopwords), *lang))
        .max_by_key(|(count, _)| *count)
        .unwrap_or((0, "en"));
    // Another language must clearly beat English: loan words and names blur small counts.
    if lang != "en" && best > english + english / 4 + 3 {
        lang
    } else {
        "en"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_function_words_decide() {
        assert_eq!(
            detect("Senior engineer with ten years of experience in the field"),
            "en"
        );
        assert_eq!(
            detect(
                "Erfahrung mit der Entwicklung von Systemen und die Leitung der Teams für die Bank"
            ),
            "de"
        );
        assert_eq!(
            detect("مهندس نرم‌افزار با تجربه در طراحی سیستم‌های پیچیده"),
            "fa"
        );
        assert_eq!(detect("مهندس برمجيات ذو خبرة في تصميم الأنظمة"), "ar");
        assert_eq!(detect("Инженер-программист с опытом работы"), "ru");
        assert_eq!(detect("ソフトウェアエンジニア 東京"), "ja");
        assert_eq!(detect("王小明 软件工程师"), "zh");
        assert_eq!(detect(""), "en");
    }

    #[test]
    fn an_english_resume_with_a_persian_name_is_english() {
        assert_eq!(
            detect(
                "# Mahdi Ghadiri (مهدی قدیری)\n\nBackend engineer with a focus on the design of systems and teams."
            ),
            "en"
        );
    }
}
