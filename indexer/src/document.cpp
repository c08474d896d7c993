#include "document.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <map>
#include <vector>

#include "m4d/facets.h"
#include "m4d/lang/stemmer.h"
#include "m4d/lang/stopwords.h"
#include "m4d/schema.h"
#include "m4d/text.h"
#include "m4d/unit_codec.h"

namespace m4d::indexer {

namespace {

std::string term(std::string_view prefix, std::string_view value) { return std::string(prefix) + std::string(value); }

// Adds, for every free-text word of `doc` (all text, title, key words), its
// stem in `lang` under schema::stem_prefix with the word's wdf. A language
// without a Snowball stemmer ("zh") keeps its words as they are, so every
// unit can be matched through the prefix of its own language.
void add_stems(Xapian::Document& doc, const std::string& lang) {
  const std::string text = schema::stem_prefix(lang);
  const std::string title = schema::stem_prefix(lang, schema::kPrefixTitle);
  const std::string keyword = schema::stem_prefix(lang, schema::kPrefixKeyword);
  std::vector<std::pair<std::string, Xapian::termcount>> stems;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& word = *t;
    if (word.empty()) continue;
    const bool upper = word[0] >= 'A' && word[0] <= 'Z';
    const bool field_word = word.size() > 1 && !(word[1] >= 'A' && word[1] <= 'Z');
    if (!upper)
      stems.emplace_back(text + lang::stem(word, lang), t.get_wdf());
    else if (word[0] == schema::kPrefixTitle[0] && field_word)
      stems.emplace_back(title + lang::stem(word.substr(1), lang), t.get_wdf());
    else if (word[0] == schema::kPrefixKeyword[0] && field_word)
      stems.emplace_back(keyword + lang::stem(word.substr(1), lang), t.get_wdf());
  }
  for (const auto& [s, wdf] : stems) doc.add_term(s, wdf);
}

// Phrases never ask where a function word is (lang::is_positionless): "of",
// "les", "del" keep their wdf and lose their positions, a third of all the
// positions of a text. Their title and key-word copies too.
void drop_function_word_positions(Xapian::Document& doc) {
  std::vector<std::pair<std::string, Xapian::termcount>> found;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    const bool field = !term.empty() && (term[0] == schema::kPrefixTitle[0] || term[0] == schema::kPrefixKeyword[0]);
    const std::string_view word = field ? std::string_view(term).substr(1) : std::string_view(term);
    if (word.empty() || (word[0] >= 'A' && word[0] <= 'Z') || !lang::is_positionless(word)) continue;
    if (t.positionlist_count() > 0) found.emplace_back(term, t.get_wdf());
  }
  for (const auto& [term, wdf] : found) {
    doc.remove_term(term);
    doc.add_term(term, wdf);
  }
}

// The terms of the known phrases whose words sit at consecutive positions
// (after drop_function_word_positions: the positions a phrase tests).
void add_phrase_terms(Xapian::Document& doc, const PhraseTerms& phrases) {
  if (phrases.empty()) return;
  std::deque<std::string> terms;  // the words the views below look at
  std::vector<std::pair<std::uint32_t, std::string_view>> words;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& word = *t;
    if (word.empty() || (word[0] >= 'A' && word[0] <= 'Z') || t.positionlist_count() == 0) continue;
    terms.push_back(word);
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) words.emplace_back(*p, terms.back());
  }
  std::sort(words.begin(), words.end());
  for (const auto& phrase : phrases.terms_in(words)) doc.add_boolean_term(phrase);
}

}  // namespace

Xapian::Document make_document(const Unit& u, Xapian::TermGenerator& tg, const RecordDictionary* dictionary,
                               const PhraseTerms& phrases) {
  Xapian::Document doc;
  doc.set_data(encode_unit(u, dictionary));
  doc.add_boolean_term(term(schema::kPrefixId, u.id));
  if (!u.source.publication_id.empty()) doc.add_boolean_term(term(schema::kPrefixPublication, u.source.publication_id));
  if (!u.project_id.empty()) doc.add_boolean_term(term(schema::kPrefixProject, fold_case(u.project_id)));

  tg.set_document(doc);
  tg.index_text(u.title, schema::kTitleWeight, std::string(schema::kPrefixTitle));
  tg.index_text(u.title, schema::kTitleWeight);
  tg.increase_termpos();
  for (const auto& k : u.keywords) {
    tg.index_text(k, schema::kKeywordWeight, std::string(schema::kPrefixKeyword));
    tg.index_text(k, schema::kKeywordWeight);
    tg.increase_termpos();
  }
  tg.index_text(u.text);
  // Accent-free and elision-free forms of the words that have them, kept
  // apart (positions) so they never join a phrase with the original words.
  tg.increase_termpos(100);
  tg.index_text(folded_variants(u.title + "\n" + u.text));
  drop_function_word_positions(doc);
  add_phrase_terms(doc, phrases);
  add_stems(doc, stem_language(u));

  // Facet terms and the combined facet slot, in the facet contract's order.
  auto ids_of = [](const std::vector<Tag>& tags) {
    std::vector<std::string> ids;
    for (const auto& t : tags)
      if (std::find(ids.begin(), ids.end(), t.id) == ids.end()) ids.push_back(t.id);
    return ids;
  };
  // The mask of each value of the scoped facets (see TagScope).
  auto provenance_bit = [](const Tag& t) {
    return t.provenance == kProvenanceStated   ? kStatedTag
           : t.provenance == kProvenanceEditor ? kEditorTag
                                               : kInferredTag;
  };
  std::array<std::map<std::string, std::uint8_t>, kFacetCount> masks;
  std::vector<std::string> goals;
  std::map<std::string, double> goal_scores;
  for (const auto& t : u.sdg_targets) {
    std::string goal = goal_of_target(t.id);
    if (std::find(goals.begin(), goals.end(), goal) == goals.end()) goals.push_back(goal);
    goal_scores[goal] = std::max(goal_scores[goal], t.score);
    masks[static_cast<std::size_t>(Facet::kTarget)][t.id] |= provenance_bit(t);
    masks[static_cast<std::size_t>(Facet::kGoal)][goal] |= provenance_bit(t);
  }
  for (const auto& t : u.countries)
    masks[static_cast<std::size_t>(Facet::kCountry)][t.id] |= t.role == "primary" ? kPrimaryCountry : kMentionedCountry;
  std::array<std::vector<std::string>, kFacetCount> values;
  values[static_cast<std::size_t>(Facet::kTheme)] = ids_of(u.themes);
  values[static_cast<std::size_t>(Facet::kCountry)] = ids_of(u.countries);
  values[static_cast<std::size_t>(Facet::kRegion)] = u.regions;
  values[static_cast<std::size_t>(Facet::kGoal)] = goals;
  values[static_cast<std::size_t>(Facet::kTarget)] = ids_of(u.sdg_targets);
  values[static_cast<std::size_t>(Facet::kType)] = {u.type};
  values[static_cast<std::size_t>(Facet::kLang)] = {u.lang};
  std::string facets;
  for (const FacetSpec& f : kFacets) {
    if (f.facet != kFacets.front().facet) facets.push_back(schema::kFacetSeparator);
    std::string list;
    const auto& facet_masks = masks[static_cast<std::size_t>(f.facet)];
    for (const auto& id : values[static_cast<std::size_t>(f.facet)]) {
      doc.add_boolean_term(term(f.prefix, id));
      if (!list.empty()) list.push_back(schema::kListSeparator);
      list += id;
      if (const auto m = facet_masks.find(id); m != facet_masks.end()) {
        list += kTagMaskMark;
        list += static_cast<char>('0' + m->second);
        for (std::uint8_t bit = 1; bit != 0 && bit <= m->second; bit = static_cast<std::uint8_t>(bit << 1))
          if (m->second & bit) doc.add_boolean_term(schema::tag_mask_term(f.facet, bit, id));
      }
    }
    facets += list;
  }
  doc.add_value(schema::kSlotFacets, facets);
  std::map<std::string, long> scores;  // boolean tag term -> its surest score
  auto add_score = [&](Facet facet, const std::string& id, double score) {
    long& best = scores.try_emplace(term(spec(facet).prefix, id), 0L).first->second;
    best = std::max(best, std::lround(std::clamp(score, 0.0, 1.0) * 100));
  };
  for (const auto& t : u.themes) add_score(Facet::kTheme, t.id, t.score);
  for (const auto& t : u.countries) add_score(Facet::kCountry, t.id, t.score);
  for (const auto& t : u.sdg_targets) add_score(Facet::kTarget, t.id, t.score);
  for (const auto& [goal, score] : goal_scores) add_score(Facet::kGoal, goal, score);
  for (const auto& [tag, score] : scores) doc.add_boolean_term(schema::tag_score_term(tag, static_cast<int>(score)));

  doc.add_value(schema::kSlotTitleSort, fold_case(u.title));
  doc.add_value(schema::kSlotYear, u.source.year);
  doc.add_value(schema::kSlotUpdated, last_change(u));
  return doc;
}

std::string stem_language(const Unit& u) { return u.lang.empty() ? "en" : u.lang; }

void count_spelling_words(const Xapian::Document& doc, SpellingCounts& words) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& word = *t;
    if (word.empty() || (word[0] >= 'A' && word[0] <= 'Z')) continue;  // prefixed: ids, facets, stems
    words[word] += t.get_wdf();
  }
}

void add_spelling(Xapian::WritableDatabase& db, const SpellingCounts& words) {
  std::vector<const SpellingCounts::value_type*> sorted;  // sorted keys write the table in order
  sorted.reserve(words.size());
  for (const auto& entry : words) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  for (const auto* entry : sorted) db.add_spelling(entry->first, entry->second);
}

}  // namespace m4d::indexer
