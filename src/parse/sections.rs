//! Sections: their kind from the title, and their content.

use std::ops::Range;

use crate::profile::{Block, Section, SectionKind};

use super::Ctx;
use super::entries;
use super::inline::{Inl, plain, trim};
use super::skills;
use super::tree::{Node, clip};

/// Title phrases for each kind, lowercase, in English, German, French, Spanish, Portuguese and
/// Turkish. The phrase found earliest in a title wins (`Education & Certifications` is education).
const KINDS: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Summary,
        &[
            "summary",
            "professional summary",
            "profile",
            "professional profile",
            "about",
            "about me",
            "objective",
            "career objective",
            "overview",
            "introduction",
            "bio",
            "über mich",
            "ueber mich",
            "profil",
            "kurzprofil",
            "zusammenfassung",
            "à propos",
            "a propos",
            "résumé",
            "sommaire",
            "sobre mí",
            "sobre mi",
            "acerca de mí",
            "resumen",
            "perfil",
            "sobre mim",
            "resumo",
            "hakkımda",
            "özet",
            "ozet",
        ],
    ),
    (
        SectionKind::Experience,
        &[
            "experience",
            "experiences",
            "work experience",
            "professional experience",
            "work history",
            "employment",
            "employment history",
            "career",
            "career history",
            "work",
            "positions",
            "berufserfahrung",
            "erfahrung",
            "berufliche erfahrung",
            "werdegang",
            "beruflicher werdegang",
            "praxiserfahrung",
            "expérience",
            "expériences",
            "expérience professionnelle",
            "parcours professionnel",
            "experiencia",
            "experiencia laboral",
            "experiencia profesional",
            "experiência",
            "experiência profissional",
            "iş deneyimi",
            "deneyim",
            "deneyimler",
            "iş tecrübesi",
        ],
    ),
    (
        SectionKind::Projects,
        &[
            "projects",
            "project",
            "featured projects",
            "side projects",
            "personal projects",
            "portfolio",
            "projekte",
            "projets",
            "proyectos",
            "projetos",
            "projeler",
        ],
    ),
    (
        SectionKind::Education,
        &[
            "education",
            "academic background",
            "academics",
            "studies",
            "ausbildung",
            "bildung",
            "bildungsweg",
            "studium",
            "formation",
            "éducation",
            "educación",
            "formación",
            "formación académica",
            "educação",
            "formação",
            "formação acadêmica",
            "eğitim",
            "egitim",
        ],
    ),
    (
        SectionKind::Skills,
        &[
            "skills",
            "skill",
            "technical skills",
            "technical expertise",
            "expertise",
            "competencies",
            "core competencies",
            "technologies",
            "tech stack",
            "toolbox",
            "tools",
            "kenntnisse",
            "fähigkeiten",
            "fachkenntnisse",
            "kompetenzen",
            "compétences",
            "habilidades",
            "competencias",
            "conocimientos",
            "competências",
            "yetenekler",
            "beceriler",
            "yetkinlikler",
        ],
    ),
    (
        SectionKind::Certifications,
        &[
            "certifications",
            "certification",
            "certificates",
            "licenses",
            "licences",
            "courses",
            "training",
            "continuous learning",
            "zertifikate",
            "zertifizierungen",
            "weiterbildung",
            "certificats",
            "certificaciones",
            "cursos",
            "certificações",
            "sertifikalar",
            "kurslar",
        ],
    ),
    (
        SectionKind::Languages,
        &[
            "languages",
            "language skills",
            "sprachen",
            "sprachkenntnisse",
            "langues",
            "idiomas",
            "línguas",
            "diller",
            "yabancı diller",
        ],
    ),
    (
        SectionKind::Publications,
        &[
            "publications",
            "papers",
            "articles",
            "writing",
            "publikationen",
            "veröffentlichungen",
            "publicaciones",
            "publicações",
            "yayınlar",
        ],
    ),
    (
        SectionKind::Awards,
        &[
            "awards",
            "honors",
            "honours",
            "achievements",
            "auszeichnungen",
            "prix",
            "distinctions",
            "premios",
            "prêmios",
            "ödüller",
            "başarılar",
        ],
    ),
    (
        SectionKind::Talks,
        &[
            "talks",
            "presentations",
            "speaking",
            "conferences",
            "vorträge",
            "conférences",
            "charlas",
            "palestras",
            "konuşmalar",
        ],
    ),
    (
        SectionKind::Volunteering,
        &[
            "volunteering",
            "volunteer",
            "volunteer experience",
            "community service",
            "ehrenamt",
            "ehrenamtliches engagement",
            "bénévolat",
            "voluntariado",
            "gönüllülük",
        ],
    ),
    (
        SectionKind::Interests,
        &[
            "interests",
            "hobbies",
            "interessen",
            "hobbys",
            "centres d'intérêt",
            "loisirs",
            "intereses",
            "aficiones",
            "interesses",
            "hobiler",
            "ilgi alanları",
        ],
    ),
    (
        SectionKind::References,
        &[
            "references",
            "referenzen",
            "références",
            "referencias",
            "referências",
            "referanslar",
        ],
    ),
    (
        SectionKind::Contact,
        &[
            "contact",
            "contact me",
            "contacts",
            "get in touch",
            "let's connect",
            "connect",
            "kontakt",
            "contacto",
            "contato",
            "iletişim",
            "coordonnées",
        ],
    ),
];

/// The kind of a section, from its title.
pub(crate) fn kind_of(title: &str) -> SectionKind {
    // Titles are short; a long heading is classified by its start.
    let end = title
        .char_indices()
        .nth(120)
        .map_or(title.len(), |(i, _)| i);
    let norm = normalise(&title[..end]);
    let mut best: Option<(usize, usize, SectionKind)> = None;
    for &(kind, phrases) in KINDS {
        for phrase in phrases {
            if let Some(at) = find_phrase(&norm, phrase) {
                let better = match best {
                    None => true,
                    Some((best_at, best_len, _)) => {
                        at < best_at || (at == best_at && phrase.len() > best_len)
                    }
                };
                if better {
                    best = Some((at, phrase.len(), kind));
                }
            }
        }
    }
    best.map_or(SectionKind::Other, |(_, _, kind)| kind)
}

/// Lowercase, typographic apostrophes made plain, everything but letters, digits, `'` and `&`
/// turned into single spaces.
fn normalise(title: &str) -> String {
    let lower: String = title
        .to_lowercase()
        .chars()
        .filter(|&c| c != '\u{307}') // `İ` lowercases to `i` + a combining dot.
        .map(|c| {
            if matches!(c, '’' | '‘' | '`') {
                '\''
            } else {
                c
            }
        })
        .collect();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c.is_alphanumeric() || matches!(c, '\'' | '&') {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// Where `phrase` occurs in `text` on word boundaries.
fn find_phrase(text: &str, phrase: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(phrase) {
        let at = from + found;
        let end = at + phrase.len();
        let before_ok = at == 0 || text[..at].ends_with(' ');
        let after_ok = end == text.len() || text[end..].starts_with(' ');
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Builds one section from its heading and content.
pub(crate) fn section(
    heading: Vec<Inl>,
    span: Range<usize>,
    nodes: Vec<Node>,
    ctx: &mut Ctx,
) -> Section {
    let title = plain(&trim(heading)).trim().to_string();
    let kind = kind_of(&title);
    let blocks: Vec<Block> = match kind {
        SectionKind::Skills | SectionKind::Languages | SectionKind::Interests => {
            skills::section_blocks(nodes)
        }
        _ => entries::section_blocks(nodes, kind, ctx),
    };
    if blocks.is_empty() {
        ctx.warn(
            span,
            format!("section '{}' is empty", clip(&title)),
            Some("add content under the heading, or remove it"),
        );
    }
    Section {
        title,
        kind,
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let cases = [
            ("Professional Summary", SectionKind::Summary),
            ("Über mich", SectionKind::Summary),
            ("Experiences", SectionKind::Experience),
            ("Work History", SectionKind::Experience),
            ("Berufserfahrung", SectionKind::Experience),
            ("Featured Projects", SectionKind::Projects),
            ("Ausbildung", SectionKind::Education),
            ("Technical Expertise", SectionKind::Skills),
            ("Kenntnisse", SectionKind::Skills),
            (
                "Certifications & Continuous Learning",
                SectionKind::Certifications,
            ),
            ("Sprachen", SectionKind::Languages),
            ("Let’s Connect", SectionKind::Contact),
            ("Current Focus", SectionKind::Other),
            ("Professional Highlights", SectionKind::Other),
            ("EĞİTİM", SectionKind::Education),
            ("Expérience professionnelle", SectionKind::Experience),
            ("Formación académica", SectionKind::Education),
            ("Volunteer Experience", SectionKind::Volunteering),
            ("Language Skills", SectionKind::Languages),
            ("🎓 Education", SectionKind::Education),
            ("Talks", SectionKind::Talks),
        ];
        for (title, kind) in cases {
            assert_eq!(kind_of(title), kind, "{title}");
        }
    }
}
