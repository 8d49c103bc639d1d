//! The language of a paragraph, for hyphenation and the tagged PDF's
//! `/Lang`: English (the documents' own words) or Spanish, told apart by
//! their most frequent short words and Spanish-only letters. Learners'
//! text in other languages is set as English is, without hyphenation
//! patterns of its own (a word in another script is never hyphenated).

/// A language the typesetter has hyphenation patterns for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English (US patterns).
    English,
    /// Spanish.
    Spanish,
}

impl Language {
    /// BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    /// The hyphenation patterns.
    pub(crate) fn patterns(self) -> hypher::Lang {
        match self {
            Language::English => hypher::Lang::English,
            Language::Spanish => hypher::Lang::Spanish,
        }
    }
}

const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "was", "that", "for", "with", "it", "on", "as", "at", "this", "my", "we",
    "i", "a", "be", "are", "have", "from", "our", "they",
];
const SPANISH: &[&str] = &[
    "el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "por", "para", "con", "es", "mi", "se", "lo",
    "al", "fue", "muy", "mis", "nos", "su", "sus", "como", "pero", "más", "yo",
];

/// The language of `text`: Spanish when its Spanish function words (and
/// letters such as ñ, ¿, ¡) clearly outnumber the English ones, else English.
/// Reads at most the first 2,000 characters.
pub fn detect(text: &str) -> Language {
    let (mut en, mut es) = (0usize, 0usize);
    let sample: String = text.chars().take(2000).collect();
    for word in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        let w = word.to_lowercase();
        en += usize::from(ENGLISH.contains(&w.as_str()));
        es += usize::from(SPANISH.contains(&w.as_str()));
    }
    es += sample.chars().filter(|c| matches!(c, 'ñ' | 'Ñ' | '¿' | '¡')).count() * 2;
    if es >= 3 && es > 2 * en {
        Language::Spanish
    } else {
        Language::English
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_spanish_from_english() {
        assert_eq!(detect("Hoy fui a la clínica con mi mentora y aprendí mucho de los pacientes."), Language::Spanish);
        assert_eq!(detect("Today I went to the clinic with my mentor and learned a lot."), Language::English);
        // A Spanish phrase inside an English paragraph stays English.
        assert_eq!(
            detect("In Spanish class we read «La casa de los espíritus» and wrote an essay."),
            Language::English
        );
        assert_eq!(detect(""), Language::English);
    }
}
