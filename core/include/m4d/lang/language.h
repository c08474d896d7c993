#pragma once
/// Languages: which ones a document may be written in, identifying the
/// language of a text (CLD2), and the scripts languages and words are written in.
#include <unicode/uscript.h>

#include <string>
#include <string_view>
#include <vector>

namespace m4d::lang {

/// Languages a document may be written in (BCP 47): the ones the index has
/// stemmers, labels and glossary entries for.
const std::vector<std::string>& document_languages();

/// True when `lang` is one of document_languages().
bool is_document_language(std::string_view lang);

/// The language of `text` (valid UTF-8) among document_languages(), or
/// `fallback` when CLD2 is not confident or finds another language. Short
/// texts (a few words) are unreliable: give a fallback that makes sense.
/// Thread-safe.
std::string detect_language(std::string_view text, const std::string& fallback = "en");

/// The script a language is written in (USCRIPT_LATIN unless known otherwise).
UScriptCode language_script(std::string_view lang);

/// The script of the first letter of `word` that has a specific one
/// (USCRIPT_LATIN, USCRIPT_ARABIC, USCRIPT_HAN...); USCRIPT_COMMON when none
/// has (digits, punctuation).
UScriptCode word_script(std::string_view word);

/// True when `word` is written in a script without spaces between words
/// (Chinese, Japanese, Thai, Lao, Khmer, Myanmar, Tibetan).
bool is_unspaced_script(std::string_view word);

}  // namespace m4d::lang
