#pragma once
/// Stop words: one list per language (English, French, Spanish), each word
/// marked with the uses it has. All lookups take a lower-case word and look
/// in every language's list: queries and texts mix languages.
#include <string>
#include <string_view>

namespace m4d::lang {

/// A function word that a query drops between other words and a snippet
/// never marks ("of", "des", "los").
bool is_function_word(std::string_view word);

/// A function word that is also a topic stop word ("of", "the", "les",
/// "del"; not "how" of "know-how"): the index keeps its counts but not its
/// positions, and phrases ask for it without a place (schema 8).
bool is_positionless(std::string_view word);

/// A word that says nothing about a text's topic, for the tagger's word
/// vectors ("the", "also", "including", "est", "que").
bool is_topic_stopword(std::string_view word);

/// The language a word marks a query as written in ("les", "avec" -> "fr";
/// "los", "sobre" -> "es"), or "" when it marks none.
std::string_view marked_language(std::string_view word);

}  // namespace m4d::lang
