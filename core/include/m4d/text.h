#pragma once
/// Unicode text utilities built on ICU. Pure functions, thread-safe.
#include <string>
#include <string_view>

namespace m4d {

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, no truncation).
bool is_valid_utf8(std::string_view s);

/// Byte offset of the first ill-formed UTF-8 sequence in `s`, or std::string_view::npos.
std::size_t utf8_error_offset(std::string_view s);

/// Returns `s` in Unicode Normalization Form C. Throws InvalidInput on invalid UTF-8.
std::string to_nfc(std::string_view s);

/// Lower-cases `s` with full Unicode case folding (locale independent).
std::string fold_case(std::string_view s);

/// True when the first code point of `s` is a lower-case letter.
bool starts_with_lowercase(std::string_view s);

/// True when the first code point of `s` is an upper-case or title-case letter.
bool starts_with_uppercase(std::string_view s);

/// Collapses runs of white space (incl. tabs, NBSP) to one ASCII space and trims both ends.
std::string collapse_spaces(std::string_view s);

/// Number of letters (Unicode general category L*) in `s`.
std::size_t count_letters(std::string_view s);

}  // namespace m4d
