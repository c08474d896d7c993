#include "m4d/search/engine.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "m4d/errors.h"
#include "m4d/indexer/tagging.h"
#include "m4d/schema.h"
#include "m4d/text.h"
#include "m4d/unit_codec.h"
#include "query_builder.h"

namespace m4d::search {

namespace {

constexpr unsigned kSnippetLength = 300;
// A match this small is relaxed: any word, loose alternative phrases (paraphrases rarely share every word).
constexpr std::uint64_t kRelaxBelow = 5;
// Queries with more words than this are matched on any word and ranked (BM25).
constexpr std::size_t kMaxConjunctiveClauses = 2;
// A first pass with fewer matches than this is "weak": feedback from its best units is added.
constexpr std::uint64_t kWeakMatches = 3;
// Weight of pseudo-relevance feedback terms relative to the typed words.
constexpr double kFeedbackWeight = 0.15;
constexpr Xapian::termcount kFeedbackTerms = 10;

// Facet name -> boolean term prefix of its filter.
const std::map<std::string, std::string_view>& facet_prefixes() {
  static const std::map<std::string, std::string_view> prefixes = {
      {"theme", schema::kPrefixTheme},   {"country", schema::kPrefixCountry},   {"region", schema::kPrefixRegion},
      {"sdg_goal", schema::kPrefixGoal}, {"sdg_target", schema::kPrefixTarget}, {"type", schema::kPrefixType},
      {"lang", schema::kPrefixLang}};
  return prefixes;
}

// Order of the facet lists in schema::kSlotFacets.
constexpr std::size_t kFacetFields = 7;
constexpr std::array<const char*, kFacetFields> kFacetOrder = {"theme",      "country", "region", "sdg_goal",
                                                               "sdg_target", "type",    "lang"};

/// The facet values of every document of one index version, as small integer
/// ids: counting a match is a few array increments (no value read, no string
/// hashing), which matters because exact counts visit every match. Built
/// once per version from the value stream of kSlotFacets; immutable, shared
/// by all threads. An id stands for one (facet, value) pair.
class FacetColumns {
 public:
  explicit FacetColumns(const Xapian::Database& db) {
    offsets_.assign(static_cast<std::size_t>(db.get_lastdocid()) + 2, 0);
    std::unordered_map<std::string, std::uint32_t> interned;  // field byte + value -> id
    Xapian::docid next = 0;                                   // next docid whose offset is unset
    for (auto it = db.valuestream_begin(schema::kSlotFacets); it != db.valuestream_end(schema::kSlotFacets); ++it) {
      const Xapian::docid docid = it.get_docid();
      while (next <= docid) offsets_[next++] = static_cast<std::uint32_t>(ids_.size());
      const std::string v = *it;
      std::size_t a = 0;
      for (std::size_t field = 0; field < kFacetFields && a <= v.size(); ++field) {
        std::size_t end = v.find(schema::kFacetSeparator, a);
        if (end == std::string::npos) end = v.size();
        for (std::size_t p = a; p < end;) {
          std::size_t q = v.find(schema::kListSeparator, p);
          if (q == std::string::npos || q > end) q = end;
          if (q > p) {
            std::string key = static_cast<char>('0' + field) + v.substr(p, q - p);
            auto [at, fresh] = interned.emplace(std::move(key), static_cast<std::uint32_t>(values_.size()));
            if (fresh) values_.push_back({field, v.substr(p, q - p)});
            ids_.push_back(at->second);
          }
          p = q + 1;
        }
        a = end + 1;
      }
    }
    while (next < offsets_.size()) offsets_[next++] = static_cast<std::uint32_t>(ids_.size());
  }
  /// Number of distinct (facet, value) pairs: ids are 0 .. value_count() - 1.
  std::size_t value_count() const { return values_.size(); }
  /// Position of the id's facet in kFacetOrder, and its value.
  std::size_t field(std::uint32_t id) const { return values_[id].field; }
  const std::string& value(std::uint32_t id) const { return values_[id].value; }
  /// Adds one to counts[id] for every facet value of document `docid`.
  void count(Xapian::docid docid, std::vector<std::uint32_t>& counts) const {
    if (static_cast<std::size_t>(docid) + 1 >= offsets_.size()) return;
    for (std::uint32_t i = offsets_[docid], end = offsets_[docid + 1]; i < end; ++i) ++counts[ids_[i]];
  }

 private:
  struct Value {
    std::size_t field;
    std::string value;
  };
  std::vector<std::uint32_t> offsets_;  // docid -> first index in ids_ (docid + 1: one past its last)
  std::vector<std::uint32_t> ids_;
  std::vector<Value> values_;
};

/// The FacetColumns of index version `version` (see Engine::index_version),
/// built from `db` the first time a thread asks for it. The last few versions
/// are kept, so threads that have not yet reopened do not rebuild in turn.
std::shared_ptr<const FacetColumns> facet_columns(const std::string& version, const Xapian::Database& db) {
  static std::mutex mutex;
  static std::list<std::pair<std::string, std::shared_ptr<const FacetColumns>>> recent;  // newest first
  constexpr std::size_t kKept = 3;
  std::lock_guard lock(mutex);
  for (auto it = recent.begin(); it != recent.end(); ++it)
    if (it->first == version) {
      recent.splice(recent.begin(), recent, it);
      return recent.front().second;
    }
  recent.emplace_front(version, std::make_shared<const FacetColumns>(db));
  if (recent.size() > kKept) recent.pop_back();
  return recent.front().second;
}

/// Counts facet values over every document the matcher visits.
class FacetSpy : public Xapian::MatchSpy {
 public:
  /// `facets`: the facet names to report (none when `columns` is null).
  FacetSpy(std::shared_ptr<const FacetColumns> columns, const std::vector<std::string>& facets)
      : columns_(std::move(columns)) {
    for (const auto& f : facets) wanted_[position(f)] = true;
    if (columns_) counts_.assign(columns_->value_count(), 0);
  }
  void operator()(const Xapian::Document& doc, double) override { columns_->count(doc.get_docid(), counts_); }
  std::vector<FacetValue> values(const std::string& name) const {
    std::vector<FacetValue> out;
    const std::size_t field = position(name);
    if (!wanted_[field]) return out;
    for (std::uint32_t id = 0; id < counts_.size(); ++id)
      if (counts_[id] > 0 && columns_->field(id) == field) out.push_back({columns_->value(id), counts_[id]});
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return out;
  }

 private:
  static std::size_t position(const std::string& facet) {
    for (std::size_t i = 0; i < kFacetFields; ++i)
      if (facet == kFacetOrder[i]) return i;
    return kFacetFields - 1;
  }
  std::shared_ptr<const FacetColumns> columns_;
  std::array<bool, kFacetFields> wanted_{};
  std::vector<std::uint32_t> counts_;  // by value id
};

// Accepts stemmed body terms only (for feedback and "more like this").
class BodyTermsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override { return schema::is_text_stem(term); }
};

// Texts longer than this are cut to a window before MSet::snippet looks for the best passage.
constexpr std::size_t kSnippetWindow = 800;
// A stem or phrase word the snippet marks, with its inverse document frequency.
struct MarkedStem {
  std::string text;  // lower case: "traffick", "migrants"
  double idf;
};

// The stems of `asked` in language `lang` and its phrase words that occur in
// the index ("ZENtraffick" -> "traffick"), once each, with their idf from
// `mset`'s statistics. Other languages' stems say nothing about where a
// `lang` text answers.
std::vector<MarkedStem> window_stems(const Xapian::Query& asked, const Xapian::MSet& mset, Xapian::doccount docs,
                                     const std::string& lang) {
  const std::string prefix = schema::stem_prefix(lang);
  std::map<std::string, double> idf;
  for (auto t = asked.get_unique_terms_begin(); t != asked.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    const bool stemmed = schema::is_text_stem(term);
    if (stemmed && !term.starts_with(prefix)) continue;
    std::string stem = stemmed ? term.substr(3) : term;
    if (stem.size() < 3 || is_stopword(stem) || (!stemmed && term[0] >= 'A' && term[0] <= 'Z')) continue;
    const Xapian::doccount tf = mset.get_termfreq(term);
    if (tf == 0) continue;
    double& w = idf[std::move(stem)];
    w = std::max(w, std::log((docs + 1.0) / (tf + 1.0)));
  }
  std::vector<MarkedStem> out;
  for (auto& [stem, w] : idf) out.push_back({stem, w});
  return out;
}

// The part of `text` worth handing to MSet::snippet: a window at the start
// of the paragraph where the marked stems weigh most (rare ones most), or the
// whole text when short.
std::string snippet_window(const std::string& text, const std::vector<MarkedStem>& stems) {
  if (text.size() <= kSnippetWindow || stems.empty()) return text.substr(0, kSnippetWindow);
  struct Paragraph {
    double weight = 0;                      // idf of the stems found in it
    double best_idf = 0;                    // of its rarest stem...
    std::size_t first = std::string::npos;  // ...first seen here
  };
  std::map<std::size_t, Paragraph> paragraphs;                        // by start offset
  std::vector<std::size_t> counted(stems.size(), std::string::npos);  // paragraph each stem last counted in
  std::array<std::vector<std::size_t>, 256> by_lead;                  // stems by their first byte
  for (std::size_t k = 0; k < stems.size(); ++k) by_lead[static_cast<unsigned char>(stems[k].text[0])].push_back(k);
  // One pass over the words: a word matches a stem it starts with (the stem
  // is lower case; the word may be capitalised).
  static const std::array<bool, 256> kWordByte = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = c >= 0x80 || std::isalnum(c) || c == '-';
    return t;
  }();
  auto is_word_byte = [](unsigned char c) { return kWordByte[c]; };
  std::size_t paragraph = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_word_byte(static_cast<unsigned char>(text[i]))) {
      if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] == '\n') paragraph = i + 2;
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]))) ++end;
    const std::string_view word(text.data() + i, end - i);
    const unsigned char lead = static_cast<unsigned char>(word[0]);
    for (std::size_t k : by_lead[lead >= 'A' && lead <= 'Z' ? lead - 'A' + 'a' : lead]) {
      const std::string& stem = stems[k].text;
      if (word.size() < stem.size() || counted[k] == paragraph ||
          word.substr(1, stem.size() - 1) != std::string_view(stem).substr(1))
        continue;
      counted[k] = paragraph;
      Paragraph& p = paragraphs[paragraph];
      p.weight += stems[k].idf;
      if (stems[k].idf > p.best_idf) {
        p.best_idf = stems[k].idf;
        p.first = i;
      }
    }
    i = end;
  }
  std::size_t from = 0;
  double best = 0;
  for (const auto& [start, p] : paragraphs)
    if (p.weight > best) {
      best = p.weight;
      from = start;
      // A long paragraph: start at the sentence of its rarest stem, so the window holds it.
      if (p.first != std::string::npos && p.first > start + kSnippetWindow / 2) {
        const std::size_t sentence = text.rfind(". ", p.first);
        if (sentence != std::string::npos && sentence > start && p.first - sentence < kSnippetWindow / 2) {
          from = sentence + 2;
        } else {  // a word boundary shortly before it (never inside a UTF-8 sequence)
          const std::size_t space = text.find(' ', p.first - std::min<std::size_t>(p.first - start, 120));
          from = space < p.first ? space + 1 : p.first;
        }
      }
    }
  std::string window = text.substr(from, kSnippetWindow);
  // Do not cut a UTF-8 sequence in two.
  std::size_t end = window.size();
  while (end > 0 && (static_cast<unsigned char>(window[end - 1]) & 0xC0) == 0x80) --end;
  if (end > 0 && (static_cast<unsigned char>(window[end - 1]) & 0x80)) --end;
  window.resize(end == 0 ? window.size() : end);
  return window;
}

// Languages of a query: the one it was identified in, then those its
// glossary terms were recognised in; English when there is neither.
std::vector<std::string> query_languages(const BuiltQuery& built) {
  std::vector<std::string> langs;
  if (!built.identified_language.empty()) langs.push_back(built.identified_language);
  for (const auto& l : built.languages)
    if (std::find(langs.begin(), langs.end(), l) == langs.end()) langs.push_back(l);
  if (langs.empty()) langs.push_back("en");
  return langs;
}

Xapian::Query and_filters(const Filters& filters, const std::string& skip) {
  std::vector<Xapian::Query> all;
  for (const auto& [facet, values] : filters) {
    if (facet == skip || values.empty()) continue;
    const auto it = facet_prefixes().find(facet);
    if (it == facet_prefixes().end()) continue;
    std::vector<Xapian::Query> any;
    for (const auto& v : values) any.emplace_back(std::string(it->second) + v);
    all.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
  }
  if (all.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

// a AND b, where an empty query means "no constraint".
Xapian::Query both(const Xapian::Query& a, const Xapian::Query& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return Xapian::Query(Xapian::Query::OP_AND, a, b);
}

Xapian::Query combine(Xapian::Query text, const Xapian::Query& filter, const Xapian::Query& exclude) {
  // Not Xapian::Query::MatchAll: that shared static's reference count is not
  // thread-safe, and copying it from several worker threads corrupts it.
  Xapian::Query q = text.empty() ? Xapian::Query(std::string()) : text;
  if (!filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
  if (!exclude.empty()) q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, exclude);
  return q;
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string load_index_metadata(const std::filesystem::path& index_path, const std::string& key) {
  try {
    return Xapian::Database(std::filesystem::canonical(index_path).string()).get_metadata(key);
  } catch (const std::filesystem::filesystem_error& e) {
    throw RuntimeFailure(index_path.string() + ": cannot open index (" + e.code().message() + ")");
  } catch (const Xapian::Error& e) {
    throw RuntimeFailure(index_path.string() + ": cannot open index (" + e.get_msg() + ")");
  }
}

Taxonomy load_index_taxonomy(const std::filesystem::path& index_path) {
  try {
    Xapian::Database db(std::filesystem::canonical(index_path).string());
    TaxonomyFiles files;
    for (const auto& name : taxonomy_file_names()) {
      std::string contents = db.get_metadata(std::string(schema::kMetaTaxonomyPrefix) + name);
      if (contents.empty()) throw RuntimeFailure(index_path.string() + ": index holds no taxonomy file " + name);
      files[name] = std::move(contents);
    }
    return Taxonomy::parse(files);
  } catch (const std::filesystem::filesystem_error& e) {
    throw RuntimeFailure(index_path.string() + ": cannot open index (" + e.code().message() + ")");
  } catch (const Xapian::Error& e) {
    throw RuntimeFailure(index_path.string() + ": cannot open index (" + e.get_msg() + ")");
  }
}

struct Engine::Impl {
  std::filesystem::path path;
  std::filesystem::path resolved;  // generation directory the path pointed to when opened
  const Expander* expander;
  WriteGate* gate;
  Xapian::Database db;
  // Decoded units of the current revision (decoding means inflating the stored record).
  std::unordered_map<Xapian::docid, std::shared_ptr<const Unit>> units;
  Xapian::rev cached_revision = 0;
  static constexpr std::size_t kMaxCachedUnits = 4096;

  std::shared_ptr<const Unit> unit(const Xapian::Document& doc) {
    if (db.get_revision() != cached_revision || units.size() >= kMaxCachedUnits) {
      units.clear();
      cached_revision = db.get_revision();
    }
    auto& slot = units[doc.get_docid()];
    if (!slot) slot = std::make_shared<const Unit>(decode_unit(doc.get_data()));
    return slot;
  }

  Impl(std::filesystem::path p, const Expander* e, WriteGate* g) : path(std::move(p)), expander(e), gate(g) { open(); }

  // The version of the index `db` reads (see Engine::index_version).
  std::string version() const { return resolved.string() + ":" + std::to_string(db.get_revision()); }

  void open() {
    try {
      resolved = std::filesystem::canonical(path);
      db = Xapian::Database(resolved.string());
    } catch (const std::filesystem::filesystem_error& e) {
      throw RuntimeFailure(path.string() + ": cannot open index (" + e.code().message() + ")");
    } catch (const Xapian::Error& e) {
      throw RuntimeFailure(path.string() + ": cannot open index (" + e.get_msg() + ")");
    }
  }

  // Picks up a new revision; a rebuild (the index path now names another
  // generation directory) opens the new database.
  void refresh() {
    std::error_code ec;
    const auto now = std::filesystem::canonical(path, ec);
    if (!ec && now != resolved) {
      open();
      units.clear();
    } else {
      db.reopen();
    }
  }

  // Runs `f` on the newest revision. While editors' changes are being
  // committed, a slow request can outlive the revision it started on: it
  // starts again on the new one, and its last attempt holds the write gate
  // (see WriteGate). Any other Xapian error leaves as a RuntimeFailure.
  template <typename F>
  auto with_retry(F&& f) {
    constexpr int kFreeAttempts = 2;
    for (int attempt = 1;; ++attempt) {
      const bool last = attempt > kFreeAttempts;
      std::shared_lock<WriteGate> no_writer;
      if (last && gate) no_writer = std::shared_lock<WriteGate>(*gate);
      try {
        refresh();
        return f();
      } catch (const Xapian::DatabaseModifiedError& e) {
        if (last) throw RuntimeFailure("index kept changing during the request: " + e.get_msg());
      } catch (const Xapian::DatabaseCorruptError& e) {
        // What glass reports when the writer reused a block this read needed.
        if (last) throw RuntimeFailure("DatabaseCorruptError: " + e.get_msg());
      } catch (const Xapian::Error& e) {
        throw RuntimeFailure(e.get_type() + std::string(": ") + e.get_msg());
      }
    }
  }

  std::uint64_t count_matches(const Xapian::Query& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
  }

  // Adds terms from the best units of a weak first pass.
  Xapian::Query with_feedback(const Xapian::Query& text, const Xapian::Query& full) {
    Xapian::Enquire enquire(db);
    enquire.set_query(full);
    Xapian::MSet top = enquire.get_mset(0, 3);
    if (top.empty() || top.size() >= kWeakMatches) return text;
    Xapian::RSet rset;
    for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
    BodyTermsOnly decider;
    Xapian::ESet eset = enquire.get_eset(kFeedbackTerms, rset, &decider);
    if (eset.empty()) return text;
    Xapian::Query feedback(Xapian::Query::OP_OR, eset.begin(), eset.end());
    return Xapian::Query(Xapian::Query::OP_OR, text,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, feedback, kFeedbackWeight));
  }

  // Runs `q`. Up to kMaxConjunctiveClauses words are AND-ed; longer,
  // sentence-like queries are OR-ed and ranked by BM25, so the units with most
  // of the words lead. When fewer than kRelaxBelow units match, the query is
  // run again `relaxed`: any word, and an alternative phrase the collection
  // never uses as such ("domestic workers" for "travailleurs domestiques")
  // matching as its words; the relaxed answer wins if it finds more.
  SearchResult run(const SearchRequest& r, const std::string& q, bool relaxed = false) {
    SearchResult result;
    const Xapian::Query filters = and_filters(r.filters, "");
    const auto clauses = parse_clauses(q);
    std::size_t positive = 0;
    for (const auto& c : clauses) positive += !c.negated && c.kind != Clause::Kind::kField;
    const QueryMode mode{.conjunctive = !relaxed && positive <= kMaxConjunctiveClauses, .loose_alternatives = relaxed};
    BuiltQuery built = build_query(clauses, mode, r.expand ? expander : nullptr, "en", db);
    result.expansions = built.expansions;
    result.query_languages = query_languages(built);
    Xapian::Query text = built.text;
    const Xapian::Query field_filter = built.filter;
    auto full_query = [&](const Xapian::Query& t, const Xapian::Query& f) {
      return combine(t, both(f, field_filter), built.exclude);
    };
    // Snippets mark what the user asked for (with its expansions), not feedback terms.
    Xapian::Enquire marker(db);
    marker.set_query(snippet_query(text));
    const Xapian::MSet marks = marker.get_mset(0, 0);
    const Xapian::Query asked = text;  // before feedback: what the snippets' windows look for
    // Feedback only for plain words: it would blur a phrase or an exclusion.
    if (r.expand && !text.empty() && built.words_only) text = with_feedback(text, full_query(text, filters));

    Xapian::Enquire enquire(db);
    enquire.set_query(full_query(text, filters));
    if (r.sort == "title")
      enquire.set_sort_by_value_then_relevance(schema::kSlotTitleSort, false);
    else if (r.sort == "date")
      enquire.set_sort_by_value_then_relevance(schema::kSlotYear, true);
    else if (text.empty())
      enquire.set_sort_by_value(schema::kSlotTitleSort, false);

    // Facets without a selection are counted on the main query; a facet with a
    // selection is counted as if its own selection were removed (disjunctive).
    std::vector<std::string> plain;
    for (const auto& name : facet_names())
      if (!r.filters.count(name) || r.filters.at(name).empty()) plain.push_back(name);
    const auto columns = r.facets ? facet_columns(version(), db) : nullptr;
    FacetSpy spy(columns, plain);
    if (r.facets) enquire.add_matchspy(&spy);
    const auto first = static_cast<Xapian::doccount>((r.page - 1) * r.per_page);
    Xapian::MSet mset = enquire.get_mset(first, static_cast<Xapian::doccount>(r.per_page), db.get_doccount());
    result.total = mset.get_matches_estimated();
    if (!relaxed && result.total < kRelaxBelow &&
        ((mode.conjunctive && clauses.size() > 1) || built.phrase_alternatives)) {
      SearchResult loose = run(r, q, true);
      if (loose.total > result.total) return loose;
    }
    if (r.facets) {
      for (const auto& name : plain) result.facets[name] = spy.values(name);
      for (const auto& [name, values] : r.filters) {
        if (values.empty() || !facet_prefixes().count(name)) continue;
        Xapian::Enquire other(db);
        other.set_query(full_query(text, and_filters(r.filters, name)));
        FacetSpy one(columns, {name});
        other.add_matchspy(&one);
        other.get_mset(0, 0, db.get_doccount());
        result.facets[name] = one.values(name);
      }
    }
    std::map<std::string, std::vector<MarkedStem>> stems;  // by language, computed for its first long text
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.unit = unit(it.get_document());
      hit.score = text.empty() || r.sort != "relevance" ? 0 : it.get_weight();
      if (!r.snippets) {
        result.hits.push_back(std::move(hit));
        continue;
      }
      // MSet::snippet HTML-escapes the text and marks the query's terms.
      const std::string& body = hit.unit->text;
      if (text.empty()) {
        hit.snippet = html_escape(body.substr(0, body.rfind(' ', kSnippetLength))) + "\u2026";
      } else {
        const std::string lang = hit.unit->lang.empty() ? "en" : hit.unit->lang;
        std::vector<MarkedStem> none;
        const std::vector<MarkedStem>* window = &none;
        if (body.size() > kSnippetWindow) {
          auto found = stems.find(lang);
          if (found == stems.end())
            found = stems.emplace(lang, window_stems(asked, mset, db.get_doccount(), lang)).first;
          window = &found->second;
        }
        hit.snippet = marks.snippet(snippet_window(body, *window), kSnippetLength, indexer::snowball(lang), 0, "<mark>",
                                    "</mark>", "\u2026");
      }
      result.hits.push_back(std::move(hit));
    }
    return result;
  }

  // The query with misspelt words replaced by the index's spelling suggestion,
  // or "". Words the expansion recognised ("ODD" in "ODD 10", a country name
  // in another language) are not misspelt, nor is a word with a digit ("3x1"),
  // and a French or Spanish word is not corrected into an English one ("trata"
  // is not a misspelt "data").
  std::string corrected(const std::string& q, const std::map<std::string, std::vector<std::string>>& expansions) {
    std::set<std::string> recognised;
    for (const auto& [key, alternatives] : expansions)
      for (const auto& w : split_words(key)) recognised.insert(key.substr(w.begin, w.end - w.begin));
    std::string out = q;
    bool changed = false;
    for (const auto& c : parse_clauses(q)) {
      if (c.kind != Clause::Kind::kWords || !c.field.empty() || c.negated) continue;
      const std::string lw = xapian_lower(c.words[0]);
      if (db.get_termfreq(lw) > 0 || recognised.count(lw)) continue;
      // "3x1", "G20", "2030": names and numbers, not misspelt words.
      if (std::any_of(lw.begin(), lw.end(), [](unsigned char ch) { return ch >= '0' && ch <= '9'; })) continue;
      const std::string suggestion = db.get_spelling_suggestion(lw);
      if (suggestion.empty()) continue;
      if (expander && (expander->knows_word(lw, "fr") || expander->knows_word(lw, "es")) &&
          expander->knows_word(suggestion, "en"))
        continue;
      const std::size_t at = out.find(c.words[0]);
      if (at == std::string::npos) continue;
      out.replace(at, c.words[0].size(), suggestion);
      changed = true;
    }
    return changed ? out : "";
  }

  // A word the index has never seen (not even once) is probably misspelt:
  // when the index's spelling suggestion finds units, those are returned,
  // even if the misspelling matched something through its stem.
  SearchResult search(const SearchRequest& r) {
    SearchResult result = run(r, r.q);
    // A query recognised in another language is not misspelt English.
    const bool english = result.query_languages == std::vector<std::string>{"en"};
    if (r.correct_spelling && !r.q.empty() && english) {
      const std::string fixed = corrected(r.q, result.expansions);
      if (!fixed.empty()) {
        SearchResult better = run(r, fixed);
        if (better.total > 0) {
          better.corrected_query = fixed;
          return better;
        }
      }
    }
    return result;
  }

  std::optional<Xapian::docid> docid_of(const std::string& id) {
    const std::string term = std::string(schema::kPrefixId) + id;
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return std::nullopt;
    return *p;
  }
};

Engine::Engine(std::filesystem::path index_path, const Expander* expander, WriteGate* gate)
    : impl_(std::make_unique<Impl>(std::move(index_path), expander, gate)) {}
Engine::~Engine() = default;

SearchResult Engine::search(const SearchRequest& request) {
  return impl_->with_retry([&] { return impl_->search(request); });
}

std::optional<Unit> Engine::document(const std::string& id) {
  return impl_->with_retry([&]() -> std::optional<Unit> {
    auto docid = impl_->docid_of(id);
    if (!docid) return std::nullopt;
    return decode_unit(impl_->db.get_document(*docid).get_data());
  });
}

std::optional<std::vector<Hit>> Engine::similar(const std::string& id, int limit) {
  return impl_->with_retry([&]() -> std::optional<std::vector<Hit>> {
    auto docid = impl_->docid_of(id);
    if (!docid) return std::nullopt;
    Xapian::Enquire enquire(impl_->db);
    Xapian::RSet rset;
    rset.add_document(*docid);
    BodyTermsOnly decider;
    Xapian::ESet eset = enquire.get_eset(40, rset, &decider);
    std::vector<Hit> hits;
    if (eset.empty()) return hits;
    Xapian::Query like(Xapian::Query::OP_OR, eset.begin(), eset.end());
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(std::string(schema::kPrefixId) + id)));
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.unit = impl_->unit(it.get_document());
      hit.score = it.get_weight();
      hit.snippet = html_escape(hit.unit->text.substr(0, hit.unit->text.rfind(' ', kSnippetLength))) + "\u2026";
      hits.push_back(std::move(hit));
    }
    return hits;
  });
}

std::vector<std::string> Engine::complete(const std::string& prefix, int limit) {
  return impl_->with_retry([&] {
    std::vector<std::string> out;
    const std::size_t cut = prefix.find_last_of(" \t");
    const std::string head = cut == std::string::npos ? "" : prefix.substr(0, cut + 1);
    const std::string last = xapian_lower(cut == std::string::npos ? prefix : prefix.substr(cut + 1));
    if (last.empty()) return out;
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (auto it = impl_->db.allterms_begin(last); it != impl_->db.allterms_end(last); ++it) {
      const std::string term = *it;
      // Unprefixed terms only: they start with a lower-case letter or a non-ASCII character.
      if (term.empty() ||
          (static_cast<unsigned char>(term[0]) < 0x80 && !std::islower(static_cast<unsigned char>(term[0]))))
        continue;
      found.emplace_back(it.get_termfreq(), term);
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [freq, term] : found) {
      if (static_cast<int>(out.size()) >= limit) break;
      out.push_back(head + term);
    }
    return out;
  });
}

std::uint64_t Engine::count(std::string_view prefix, const std::string& value) {
  return impl_->with_retry(
      [&] { return static_cast<std::uint64_t>(impl_->db.get_termfreq(std::string(prefix) + value)); });
}

IndexStats Engine::stats() {
  return impl_->with_retry([&] {
    IndexStats s{impl_->db.get_doccount(), impl_->db.get_revision(), 0};
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(impl_->resolved, ec))
      if (e.is_regular_file(ec)) s.bytes += e.file_size(ec);
    return s;
  });
}

std::string Engine::index_version() {
  return impl_->with_retry([&] { return impl_->version(); });
}

}  // namespace m4d::search
