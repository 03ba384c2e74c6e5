//! The Vietnamese name analyzer: NFC, split on non-alphanumerics, lowercase, fold diacritics.

use bvctnb_core::text::nfc;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenStream, SimpleTokenizer, TextAnalyzer, TokenStream,
    Tokenizer,
};

/// Name under which the analyzer is registered on every index we open.
pub(crate) const VI_NAME_ANALYZER: &str = "vi_name";

/// Longest token kept. Real syllables are at most 7 letters; anything far longer is noise
/// and would only bloat the term dictionary.
const MAX_TOKEN_BYTES: usize = 40;

/// [`SimpleTokenizer`] over the NFC form of the text.
///
/// NFC must come first: in NFD text the combining marks are not alphanumeric, so the simple
/// tokenizer would cut "Nguyễn" into "Nguye" and "n". The analysis chain cannot reorder
/// this, so the tokenizer does it itself.
#[derive(Clone, Default)]
pub(crate) struct NfcSimpleTokenizer {
    inner: SimpleTokenizer,
    buf: String,
}

impl Tokenizer for NfcSimpleTokenizer {
    type TokenStream<'a> = SimpleTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SimpleTokenStream<'a> {
        self.buf = nfc(text);
        self.inner.token_stream(&self.buf)
    }
}

/// NFC → simple tokenizer → drop over-long tokens → lowercase → ASCII folding.
///
/// `AsciiFoldingFilter` maps every Vietnamese letter to its base letter, đ → d included
/// (checked by a test), so "Đức", "Duc" and "dưc" all index and query as "duc".
pub(crate) fn vi_name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(NfcSimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The terms a text produces, in order (used for queries so they match what was indexed).
pub(crate) fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(&mut vi_name_analyzer(), text)
    }

    #[test]
    fn folds_vietnamese_like_core_fold() {
        for name in
            ["Nguyễn Văn Đức", "ĐẶNG THỊ ƯỚC", "Trương Ngọc Ánh", "Hồ Thị Xuân Hương", "Ưng Quốc Vỹ", "Lê Ỷ Lan"]
        {
            let expected: Vec<String> = bvctnb_core::text::fold(name).split(' ').map(str::to_owned).collect();
            assert_eq!(terms(name), expected, "{name}");
        }
    }

    #[test]
    fn every_vietnamese_letter_folds_to_ascii() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        for c in letters.chars() {
            for s in [c.to_string(), c.to_uppercase().collect::<String>()] {
                let t = terms(&s);
                assert_eq!(t.len(), 1, "{s}");
                assert!(t[0].is_ascii(), "{s} → {}", t[0]);
                assert_eq!(t[0], bvctnb_core::text::fold(&s), "{s}");
            }
        }
    }

    #[test]
    fn nfd_input_is_not_split_at_marks() {
        let nfd = "Nguye\u{302}\u{303}n Đu\u{31b}\u{301}c";
        assert_eq!(terms(nfd), ["nguyen", "duc"]);
    }

    #[test]
    fn punctuation_splits_words() {
        assert_eq!(terms("H'Hen Niê, Y-Moan"), ["h", "hen", "nie", "y", "moan"]);
    }
}
