#pragma once
/// How a unit becomes a Xapian document (private to the indexer library:
/// the writer that builds an index and the updater that edits one share it).
#include <xapian.h>

#include <string>
#include <unordered_map>

#include "m4d/phrase_terms.h"
#include "m4d/record_dictionary.h"
#include "m4d/unit.h"

namespace m4d::indexer {

/// Spelling dictionary entries: word -> frequency.
using SpellingCounts = std::unordered_map<std::string, Xapian::termcount>;

/// The language code whose stems a unit gets ("en" when the unit has none).
std::string stem_language(const Unit& u);

/// The document of `u`: stored record, id and facet terms, words with
/// positions, stems of the unit's language, facet and sort values. `tg` must
/// have no spelling flag: spelling words are counted by count_spelling_words.
/// The record is compressed with `dictionary` when there is one; the
/// phrases of `phrases` it holds get their terms (PhraseTerms).
Xapian::Document make_document(const Unit& u, Xapian::TermGenerator& tg, const RecordDictionary* dictionary,
                               const PhraseTerms& phrases);

/// Adds the spelling words of `doc` (its unprefixed word terms, with their
/// within-document frequency) to `words`.
void count_spelling_words(const Xapian::Document& doc, SpellingCounts& words);

/// Writes `words` into the spelling dictionary of `db` (does not commit).
void add_spelling(Xapian::WritableDatabase& db, const SpellingCounts& words);

}  // namespace m4d::indexer
