#pragma once
/// Normal forms of words: the lower case of index terms, the accent- and
/// elision-free matching key, elided articles.
#include <string>
#include <string_view>

namespace m4d::lang {

/// Lower-cases `s` like Xapian's TermGenerator does, so query terms match index terms.
std::string lower(std::string_view s);

/// Length in bytes of the elided article or pronoun that starts `key` (a
/// search_key(), so lower case): "l'", "d’", "qu'" in French, "dell'", "un'"
/// in Italian; 0 when none, or when nothing would be left of the word.
std::size_t elision_length(std::string_view key);

/// True when `key` starts with a French elision ("l'emploi", "qu'il"): a sign
/// that a query is French.
bool has_french_elision(std::string_view key);

}  // namespace m4d::lang
