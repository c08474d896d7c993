#pragma once
/// The index schema: the one contract between the indexer and the search engine.
///
/// Every term prefix and value slot used in the Xapian database is declared
/// here, with what it holds. Free text is indexed unprefixed (plus Xapian's
/// "Z" stemmed terms); the prefixes below follow omega's conventions where
/// one exists.
#include <string>
#include <string_view>

#include "m4d/facets.h"

namespace m4d::schema {

// ---- Term prefixes -------------------------------------------------------
/// Unique id term: "Q" + unit id. One per document; used to replace/delete.
inline constexpr std::string_view kPrefixId = "Q";
/// Title words (also indexed unprefixed with a higher weight).
inline constexpr std::string_view kPrefixTitle = "S";
/// Key words printed with a case study.
inline constexpr std::string_view kPrefixKeyword = "K";
// Facet terms (theme, country, region, goal, target, type, language) take
// the prefixes of the facet contract, m4d/facets.h: "XTHEME" + "remittances".
/// Publication, boolean filter: "XPUB" + manifest id ("hb").
inline constexpr std::string_view kPrefixPublication = "XPUB";
/// Project id, boolean filter: "XPROJ" + lower-case project id ("sri lanka-49").
inline constexpr std::string_view kPrefixProject = "XPROJ";
/// A glossary phrase the unit holds at consecutive positions, boolean (see
/// PhraseTerms): "XPHRASE" + "local development".
inline constexpr std::string_view kPrefixPhrase = "XPHRASE";
/// How sure a tag of the unit is: kPrefixTagScore + boolean tag term + "=" +
/// 0..100 (themes, countries, goals, targets; 100 for stated and editor tags,
/// a goal as its surest target), one term per tag, so a query naming a tag
/// ranks its surest units first with weights Xapian's remote backend knows
/// (a term per score, no value read: see tag_confidence.h).
inline constexpr std::string_view kPrefixTagScore = "XSCORE";
/// The term of the units whose tag `value` of `facet` has the mask bit `bit`
/// (see TagScope): "XMASK" + facet prefix + bit digit + value.
inline std::string tag_mask_term(Facet facet, std::uint8_t bit, std::string_view value) {
  return "XMASK" + std::string(spec(facet).prefix) + static_cast<char>('0' + bit) + std::string(value);
}
/// The score term of boolean tag term `tag` at `score` (0..100).
inline std::string tag_score_term(std::string_view tag, int score) {
  return std::string(kPrefixTagScore) + std::string(tag) + "=" + std::to_string(score);
}

/// Prefix of the stemmed terms of language `lang` (a Snowball stemmer's ISO
/// 639-1 code) in `field` ("" for all text, kPrefixTitle, kPrefixKeyword):
/// "Z" + field + the code in upper case, e.g. "ZEN" + "remitt", "ZSFR" +
/// "transfert". Stems of different languages never share a term, so French
/// "pays" and English "pay" stay apart. Stems are lower case, so the prefix
/// always ends where the first non-upper-case byte begins.
inline std::string stem_prefix(std::string_view lang, std::string_view field = "") {
  std::string p = "Z" + std::string(field);
  for (char c : lang) p.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  return p;
}

/// True for a stemmed all-text term ("ZENremitt", not a title stem "ZSENremitt"):
/// the terms relevance feedback and "more like this" draw on.
inline bool is_text_stem(std::string_view term) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  return term.size() > 3 && term[0] == 'Z' && upper(term[1]) && upper(term[2]) && !upper(term[3]);
}

// ---- Value slots ---------------------------------------------------------
/// Folded title, for sort=title.
inline constexpr unsigned kSlotTitleSort = 0;
/// Publication year as 4 digits (or empty), for sort=date.
inline constexpr unsigned kSlotYear = 1;
// Slots 2-8 held single facets in schema 5 and were never read; they are
// no longer written (an index that has them still serves).
/// last_change() of the unit, for sort=updated (the feed); an index built
/// before it has no such value, and sorts every unit alike.
inline constexpr unsigned kSlotUpdated = 11;
/// All facet values of a unit in one slot, so counting facets reads one value
/// per document: one list per facet of m4d/facets.h, in kFacets order, joined
/// by kFacetSeparator; the values of a list joined by kListSeparator.
inline constexpr unsigned kSlotFacets = 9;
/// Separator of the facet lists in kSlotFacets.
inline constexpr char kFacetSeparator = '\x1E';
/// Separator of the values in one facet list (never part of an id).
inline constexpr char kListSeparator = '\x1F';

// ---- Database metadata keys ----------------------------------------------
/// Schema version of the database.
inline constexpr std::string_view kMetaSchemaVersion = "m4d.schema_version";
/// Current schema version written by the indexer.
/// 4: stems kept apart per language (stem_prefix) instead of Xapian's shared "Z".
/// 5: kSlotTagScores (a version 4 index still serves; its tags just rank no unit first).
/// 6: the index directory holds shards and a spelling database (see "Layout" below).
/// 7: tag scores as kPrefixTagScore terms instead of value slot 10 (a version 6
///    index still serves; its tags just rank no unit first); tag masks
///    (provenance, role: TagScope) in the facet slot and as tag_mask_term
///    terms (an older index has none: a scoped filter finds nothing there).
/// 8: function words (lang::is_positionless) have no positions; phrases ask
///    for them without a place (a version 7 index still serves, with the
///    same answers).
/// 9: unit records compressed with the index's record dictionary
///    (kMetaRecordDictionary; unit_codec.h); a version 8 index still serves.
/// 10: kPrefixPhrase terms for the glossary's phrases (kMetaPhraseTerms); a
///    version 9 index still serves, with the same answers, testing every
///    phrase's positions as before.
inline constexpr std::string_view kSchemaVersion = "10";
/// Prefix of the metadata keys holding a copy of each taxonomy file ("m4d.taxonomy:themes.tsv").
inline constexpr std::string_view kMetaTaxonomyPrefix = "m4d.taxonomy:";
/// Languages whose stems the index holds (stem_prefix), comma-separated ("en,es,fr").
inline constexpr std::string_view kMetaStemmers = "m4d.stemmers";
/// The tagger's labelled examples (JSON), so the service tags like the indexer.
inline constexpr std::string_view kMetaTaggerExamples = "m4d.tagger_examples";
/// Absolute path of the corpus directory the index was built from.
inline constexpr std::string_view kMetaCorpus = "m4d.corpus";
/// Prefix of the keys recording, per unit, the digest of the editor's
/// contribution file applied to the index ("m4d.contrib:ed-...").
inline constexpr std::string_view kMetaContribPrefix = "m4d.contrib:";
/// The zstd dictionary the index's unit records are compressed with
/// (RecordDictionary::bytes()); absent when they are not.
inline constexpr std::string_view kMetaRecordDictionary = "m4d.record_dictionary";
/// The phrases the index marks with kPrefixPhrase terms (PhraseTerms::bytes());
/// absent when it marks none.
inline constexpr std::string_view kMetaPhraseTerms = "m4d.phrase_terms";
/// The index's revision token: 1 after a build, +1 per committed change.
/// Unlike Database::get_revision() it exists for a sharded index.
inline constexpr std::string_view kMetaRevision = "m4d.revision";

// ---- Layout of an index directory ------------------------------------------
// <index>/XAPIANDB        Xapian stub file naming the shards ("auto shard-0"...):
//                         Xapian opens the directory as one combined database.
// <index>/shard-<k>/      glass database k; unit i of a build is docid i/N+1 of
//                         shard i%N, so combined docids equal a single index's.
//                         Metadata (taxonomy, revision...) lives in shard 0.
// <index>/spelling/       glass database holding only the spelling dictionary.
/// Name of the stub file of an index directory.
inline constexpr std::string_view kStubFile = "XAPIANDB";
/// Name of shard k's database directory is kShardDirPrefix + k.
inline constexpr std::string_view kShardDirPrefix = "shard-";
/// Name of the spelling database's directory.
inline constexpr std::string_view kSpellingDir = "spelling";

// ---- Weights -------------------------------------------------------------
/// Within-document frequency increment for title words (body words use 1).
inline constexpr unsigned kTitleWeight = 5;
/// Within-document frequency increment for key words.
inline constexpr unsigned kKeywordWeight = 3;

}  // namespace m4d::schema
