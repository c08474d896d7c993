#pragma once
/// Language identification of document text (CLD2).
#include <string>
#include <string_view>
#include <vector>

namespace m4d::indexer {

/// Languages a document may be written in (BCP 47): the ones the index has
/// stemmers, labels and glossary entries for.
const std::vector<std::string>& document_languages();

/// True when `lang` is one of document_languages().
bool is_document_language(std::string_view lang);

/// The language of `text` (valid UTF-8) among document_languages(), or
/// `fallback` when CLD2 is not confident or finds another language. Short
/// texts (a few words) are unreliable: give a fallback that makes sense.
std::string detect_language(std::string_view text, const std::string& fallback = "en");

}  // namespace m4d::indexer
