#pragma once
/// Snowball stemming, the same stemmers the index is built with.
#include <string>
#include <string_view>

namespace m4d::lang {

/// The Snowball stem of `word` (lower case) in `lang` (ISO 639-1); the word
/// itself when Snowball has no stemmer for `lang` ("zh"). Each thread keeps
/// its own stemmers and remembers the stems of recent words. Thread-safe.
std::string stem(const std::string& word, const std::string& lang);

}  // namespace m4d::lang
