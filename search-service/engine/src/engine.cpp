#include "m4d/search/engine.h"

#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <optional>
#include <set>
#include <unordered_map>

#include "facet_counter.h"
#include "m4d/errors.h"
#include "m4d/index_revision.h"
#include "m4d/schema.h"
#include "m4d/unit_codec.h"
#include "matching.h"
#include "prepared_query.h"
#include "query_builder.h"
#include "snippets.h"
#include "suggestions.h"
#include "version_watch.h"

namespace m4d::search {

namespace {

// Queries with more words than this are matched on most of their concepts (below).
constexpr std::size_t kMaxConjunctiveClauses = 2;
// Fewer units than this hold most of a longer query's concepts: any concept will do.
constexpr std::uint64_t kMostConceptsAtLeast = 20;
// A match this small is relaxed: any word, loose alternative phrases (paraphrases rarely share every word).
constexpr std::uint64_t kRelaxBelow = 5;

// A first pass with fewer matches than this is "weak": feedback from its best units is added.
constexpr std::uint64_t kWeakMatches = 3;
// Weight of pseudo-relevance feedback terms relative to the typed words.
constexpr double kFeedbackWeight = 0.15;
constexpr Xapian::termcount kFeedbackTerms = 10;

// The target of the symlink `path`; "" when it is not a symlink, nothing when
// it cannot be read. One readlink(2): std::filesystem::read_symlink lstat()s
// first, and this runs before every request.
std::optional<std::string> link_target(const std::filesystem::path& path) {
  std::array<char, PATH_MAX> target{};
  const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
  if (n >= 0) return std::string(target.data(), static_cast<std::size_t>(n));
  if (errno == EINVAL) return std::string();
  return std::nullopt;
}

// Accepts stemmed body terms only (for feedback and "more like this").
class BodyTermsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override { return schema::is_text_stem(term); }
};

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

// The facet filters AND-ed; the values of a facet OR-ed. A facet the scope
// restricts matches the units whose tag has one of the scope's bits.
Xapian::Query and_filters(const Filters& filters, const TagScope& scope) {
  std::vector<Xapian::Query> all;
  for (const auto& [facet, values] : filters) {
    if (values.empty()) continue;
    std::vector<Xapian::Query> any;
    const std::uint8_t mask = scope_mask(scope, facet);
    for (const auto& v : values) {
      if (mask == 0) {
        any.emplace_back(std::string(spec(facet).prefix) + v);
        continue;
      }
      for (std::uint8_t bit = 1; bit != 0 && bit <= mask; bit = static_cast<std::uint8_t>(bit << 1))
        if (mask & bit) any.emplace_back(schema::tag_mask_term(facet, bit, v));
    }
    all.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
  }
  if (all.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

}  // namespace

struct Engine::Impl {
  std::filesystem::path path;
  std::filesystem::path resolved;  // generation directory the path pointed to when opened
  std::string link;                // the path's symlink target when opened ("" when not a symlink)
  const IndexResources* resources;
  const Expander* expander;  // resources' expander, or null
  WriteGate* gate;
  Xapian::Database db;
  Xapian::Database spelling;          // the index's spelling database (db itself for an index without one)
  std::uint64_t revision = 0;         // revision_of(db), read when db is opened or reopened
  std::string uuid;                   // db.get_uuid(), read when db is opened
  bool reconnect = false;             // a remote shard's connection failed: open again before the next read
  std::optional<VersionWatch> watch;  // the version files of `resolved`'s databases
  std::shared_ptr<const RecordDictionary> dictionary;  // the index's, for its unit records
  PhraseTerms phrases;                                 // the phrases the index marks (PhraseTerms)
  // Decoded units of the current revision (decoding means inflating the stored record).
  std::unordered_map<Xapian::docid, std::shared_ptr<const Unit>> units;
  std::unordered_map<Xapian::docid, WordStarts> words;  // of the cached units' texts, for snippets
  // Prepared queries by query text and mode: the same text on the same
  // revision builds the same query (the builder reads the index's terms).
  std::unordered_map<std::string, std::shared_ptr<PreparedQuery>> queries;
  std::uint64_t cached_revision = 0;
  static constexpr std::size_t kMaxCachedUnits = 4096;
  static constexpr std::size_t kMaxCachedQueries = 256;

  // The spelling database's suggestion for a word the index does not have
  // ("" for none), kept per revision: the same misspellings come back.
  std::unordered_map<std::string, std::string> suggestions;
  std::string suggestion(const std::string& word) {
    if (auto it = suggestions.find(word); it != suggestions.end()) return it->second;
    if (suggestions.size() >= kMaxCachedQueries) suggestions.clear();
    return suggestions.emplace(word, spelling.get_spelling_suggestion(word)).first->second;
  }

  // Drops what was computed from the index: after a reopen on a new revision
  // or another database.
  void forget() {
    units.clear();
    words.clear();
    queries.clear();
    suggestions.clear();
    cached_revision = revision;
    try {  // a rebuild, or a replica's full copy of one, has a dictionary of its own
      dictionary = RecordDictionary::load(db.get_metadata(std::string(schema::kMetaRecordDictionary)), dictionary);
    } catch (const InvalidInput& e) {
      throw Xapian::DatabaseCorruptError(std::string("record dictionary: ") + e.what());
    }
    phrases = PhraseTerms::load(db.get_metadata(std::string(schema::kMetaPhraseTerms)));
  }

  // The unit of `doc`, docid `did` of the combined index (over several shards
  // doc.get_docid() is the shard's own).
  std::shared_ptr<const Unit> unit(Xapian::docid did, const Xapian::Document& doc) {
    if (units.size() >= kMaxCachedUnits) {
      units.clear();
      words.clear();
    }
    auto& slot = units[did];
    if (!slot) slot = std::make_shared<const Unit>(decode_unit(doc.get_data(), dictionary.get()));
    return slot;
  }

  Impl(std::filesystem::path p, const IndexResources* r, WriteGate* g)
      : path(std::move(p)), resources(r), expander(r ? &r->expander : nullptr), gate(g) {
    open();
  }

  // The version of the index `db` reads (see Engine::index_version).
  // The generation directory and its databases' UUIDs: a rebuild, or a
  // replica's full copy of one, is another version even at the same revision.
  std::string version() const { return resolved.string() + ":" + uuid + ":" + std::to_string(revision); }

  void open() {
    reconnect = false;
    try {
      auto target = link_target(path).value_or("");
      auto dir = std::filesystem::canonical(path);
      Xapian::Database opened(dir.string());
      const auto spelling_dir = dir / schema::kSpellingDir;
      spelling = std::filesystem::exists(spelling_dir) ? Xapian::Database(spelling_dir.string()) : opened;
      db = opened;
      revision = revision_of(db);
      uuid = db.get_uuid();
      watch.emplace(dir);
      // Last, so that a failed open is tried again by the next refresh().
      resolved = std::move(dir);
      link = std::move(target);
    } catch (const std::filesystem::filesystem_error& e) {
      throw IndexUnavailable(path.string() + ": cannot open index (" + e.code().message() + ")");
    } catch (const Xapian::NetworkError& e) {
      reconnect = true;
      throw unreachable(e);
    } catch (const Xapian::Error& e) {
      throw IndexUnavailable(path.string() + ": cannot open index (" + e.get_msg() + ")");
    }
  }

  // The shard a network error names ("remote:tcp(127.0.0.1:7431)" -> the
  // address), or the index path when it names none.
  ShardUnavailable unreachable(const Xapian::NetworkError& e) const {
    std::string shard = e.get_context();
    constexpr std::string_view kTcp = "remote:tcp(";
    if (shard.starts_with(kTcp) && shard.ends_with(")"))
      shard = shard.substr(kTcp.size(), shard.size() - kTcp.size() - 1);
    else
      shard = path.string();
    return ShardUnavailable(shard,
                            "shard " + shard + " unreachable: " + e.get_msg() + " (" + e.get_error_string() + ")");
  }

  // Picks up a new revision; a rebuild (the index path now names another
  // generation directory) opens the new database.
  void refresh() {
    if (reconnect) {  // a remote shard failed: connect to every shard again
      open();
      forget();
      return;
    }
    // A rebuild swaps the index path's generation symlink: one readlink(2)
    // tells (canonical() costs a system call per path component).
    const auto target = link_target(path);
    if (target && *target != link) {
      open();
      forget();
      return;
    }
    try {
      if (watch->changed()) {  // one stat(2) a database instead of reopen()'s four calls
        if (db.reopen()) {
          revision = revision_of(db);
          spelling.reopen();
        }
        watch->reopened();
      }
    } catch (const Xapian::DatabaseOpeningError&) {
      // A replica after a full copy: xapian-replicate switched the copy's
      // stub to a new directory and removed the old one. Open it again.
      open();
      forget();
    }
    if (revision != cached_revision) forget();
  }

  // Runs `f` on the newest revision. While editors' changes are being
  // committed, a slow request can outlive the revision it started on: it
  // starts again on the new one, and its last attempt holds the write gate
  // (see WriteGate). Any other Xapian error leaves as IndexUnavailable.
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
        if (last) throw IndexUnavailable("index kept changing during the request: " + e.get_msg());
      } catch (const Xapian::DatabaseCorruptError& e) {
        // What glass reports when the writer reused a block this read needed.
        if (last) throw IndexUnavailable("DatabaseCorruptError: " + e.get_msg());
      } catch (const Xapian::NetworkError& e) {
        // A remote shard's connection failed or was closed while idle: the
        // next attempt connects again, which names the shard if it is down.
        reconnect = true;
        if (last) throw unreachable(e);
      } catch (const Xapian::Error& e) {
        throw IndexUnavailable(e.get_type() + std::string(": ") + e.get_msg());
      }
    }
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
    Xapian::ESet eset = enquire.get_eset(kFeedbackTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    if (eset.empty()) return text;
    Xapian::Query feedback(Xapian::Query::OP_OR, eset.begin(), eset.end());
    return Xapian::Query(Xapian::Query::OP_OR, text,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, feedback, kFeedbackWeight));
  }

  // The passes of `text` for `r` (see match()), keeping the units that weigh
  // at least `min_weight`.
  Matched match(const SearchRequest& r, const BuiltQuery& built, const Xapian::Query& text,
                const Xapian::Query& filters, double min_weight = 0) {
    const MatchScope scope{.db = db,
                           .version = r.facets ? version() : std::string(),
                           .min_weight = min_weight,
                           .enough = min_weight > 0 ? kMostConceptsAtLeast : kRelaxBelow};
    return search::match(scope, r, built, text, filters);
  }

  // Query text `q` built (up to kMaxConjunctiveClauses words AND-ed, unless
  // `relaxed`) and prepared, or as prepared before on this revision.
  std::shared_ptr<PreparedQuery> prepare(const std::string& q, bool relaxed, bool expand) {
    std::string key = q;
    key += '\0';
    key += relaxed ? 'r' : '-';
    key += expand ? 'x' : '-';
    if (auto it = queries.find(key); it != queries.end()) return it->second;
    const std::vector<Clause> clauses = parse_clauses(q);
    std::size_t positive = 0;
    for (const auto& c : clauses) positive += !c.negated && c.kind != Clause::Kind::kField;
    const bool conjunctive = !relaxed && positive <= kMaxConjunctiveClauses;
    const QueryMode mode{.conjunctive = conjunctive, .loose_alternatives = relaxed, .coordinate = !relaxed};
    BuiltQuery built = build_query(clauses, mode, expand ? expander : nullptr, "en", db, phrases);
    built.conjunctive = mode.conjunctive;
    built.clauses = clauses.size();
    auto prepared = std::make_shared<PreparedQuery>(std::move(built));
    if (queries.size() >= kMaxCachedQueries) queries.clear();
    queries.emplace(std::move(key), prepared);
    return prepared;
  }

  // Runs `q`. Up to kMaxConjunctiveClauses words are AND-ed. Longer,
  // sentence-like queries match the units holding all their concepts (a
  // word, or a glossary or label run, with its alternatives); when fewer than
  // kMostConceptsAtLeast units do, those holding at least half of them; when
  // fewer still, any concept will do. Ranked by BM25. When
  // fewer than kRelaxBelow units match, the query is run again `relaxed`: any
  // word, and an alternative phrase the collection never uses as such
  // ("domestic workers" for "travailleurs domestiques") matching as its
  // words; the relaxed answer wins if it finds more.
  SearchResult run(const SearchRequest& r, const std::string& q, bool relaxed = false) {
    SearchResult result;
    const Xapian::Query filters = and_filters(r.filters, r.scope);
    const std::shared_ptr<PreparedQuery> prepared = prepare(q, relaxed, r.expand);
    const BuiltQuery& built = prepared->built;
    result.expansions = built.expansions;
    result.query_languages = query_languages(built);
    const Xapian::Query& text = built.text;  // what the snippets mark and their windows look for
    const std::size_t n = built.concepts;
    const double all = static_cast<double>(n) * kConceptWeight;
    const double most = static_cast<double>(n <= kMaxConjunctiveClauses ? n : (n + 1) / 2) * kConceptWeight;
    const bool coordinated = !built.coordinated.empty();
    // All concepts first, when enough units may hold them all.
    const bool all_first = coordinated && all > most && built.all_concepts_at_most >= kMostConceptsAtLeast;
    Matched matched;
    if (all_first) matched = match(r, built, built.coordinated, filters, all);
    if (coordinated && (!all_first || matched.unfiltered < kMostConceptsAtLeast))
      matched = match(r, built, built.coordinated, filters, most);
    if (!coordinated || matched.unfiltered < kMostConceptsAtLeast) matched = match(r, built, text, filters);
    // A weak query (fewer than kWeakMatches units without its facet filters,
    // so a filter never widens the answer) runs again with feedback from its
    // best units; only for plain words: it would blur a phrase or an exclusion.
    if (r.expand && !text.empty() && built.words_only && matched.unfiltered > 0 && matched.unfiltered < kWeakMatches) {
      if (!prepared->fed)
        prepared->fed = with_feedback(text, combine(text, built.phrased, built.filter, built.exclude));
      matched = match(r, built, *prepared->fed, filters);
    }
    std::unique_ptr<FacetSpy>& spy = matched.spy;
    result.total = matched.total;
    const std::uint64_t unfiltered = matched.unfiltered;
    // Relaxed when the query itself (filters aside: a filter never widens an
    // answer) matches too few units.
    if (!relaxed && unfiltered < kRelaxBelow &&
        ((built.conjunctive && built.clauses > 1) || built.phrase_alternatives)) {
      SearchResult loose = run(r, q, true);
      if (loose.total > result.total) return loose;
    }
    if (spy)
      for (const FacetSpec& f : kFacets) result.facets[static_cast<std::size_t>(f.facet)] = spy->values(f.facet);
    // Snippets mark what the user asked for (with its expansions), not feedback terms.
    for (const PageItem& item : matched.page) {
      Hit hit;
      hit.unit = unit(item.did, db.get_document(item.did, Xapian::DOC_ASSUME_VALID));
      hit.score = text.empty() || r.sort != "relevance" ? 0 : item.weight;
      if (!r.snippets) {
        result.hits.push_back(std::move(hit));
        continue;
      }
      const std::string& body = hit.unit->text;
      if (text.empty()) {
        hit.snippet = leading_snippet(body);
      } else {
        const std::string lang = hit.unit->lang.empty() ? "en" : hit.unit->lang;
        std::vector<MarkedStem> none;
        const std::vector<MarkedStem>* window = &none;
        if (body.size() > kSnippetLength) {
          auto found = prepared->windows.find(lang);
          if (found == prepared->windows.end())
            found = prepared->windows.emplace(lang, window_stems(text, db, lang)).first;
          window = &found->second;
        }
        // The span is chosen from the index's statistics; SnippetMarks escapes
        // it and marks the asked words.
        auto cached = words.find(item.did);
        if (cached == words.end()) cached = words.emplace(item.did, word_starts(body)).first;
        const auto [from, to] = snippet_span(body, cached->second, *window);
        hit.snippet = prepared->marks.mark(std::string_view(body).substr(from, to - from), lang);
        if (from > 0 && !hit.snippet.starts_with("\u2026")) hit.snippet.insert(0, "\u2026");
        if (to < body.size() && !hit.snippet.ends_with("\u2026")) hit.snippet += "\u2026";
      }
      result.hits.push_back(std::move(hit));
    }
    return result;
  }

  // A word the index has never seen (not even once) is probably misspelt:
  // when the index's spelling suggestion finds units, those are returned,
  // even if the misspelling matched something through its stem.
  SearchResult search(const SearchRequest& r) {
    SearchResult result = run(r, r.q);
    // A query recognised in another language is not misspelt English.
    const bool english = result.query_languages == std::vector<std::string>{"en"};
    if (r.correct_spelling && !r.q.empty() && english) {
      const std::string fixed = corrected_query(
          r.q, parse_clauses(r.q), result.expansions, db, [this](const std::string& w) { return suggestion(w); },
          expander);
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

Engine::Engine(std::filesystem::path index_path, const IndexResources* resources, WriteGate* gate)
    : impl_(std::make_unique<Impl>(std::move(index_path), resources, gate)) {}
Engine::~Engine() = default;

SearchResult Engine::search(const SearchRequest& request) {
  return impl_->with_retry([&] { return impl_->search(request); });
}

std::optional<Unit> Engine::document(const std::string& id) {
  return impl_->with_retry([&]() -> std::optional<Unit> {
    auto docid = impl_->docid_of(id);
    if (!docid) return std::nullopt;
    return decode_unit(impl_->db.get_document(*docid).get_data(), impl_->dictionary.get());
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
    Xapian::ESet eset = enquire.get_eset(40, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<Hit> hits;
    if (eset.empty()) return hits;
    Xapian::Query like(Xapian::Query::OP_OR, eset.begin(), eset.end());
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(std::string(schema::kPrefixId) + id)));
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.unit = impl_->unit(*it, it.get_document());
      hit.score = it.get_weight();
      hit.snippet = leading_snippet(hit.unit->text);
      hits.push_back(std::move(hit));
    }
    return hits;
  });
}

std::vector<std::string> Engine::suggest(const std::string& q, const std::string& ui_lang, int limit) {
  return impl_->with_retry([&] {
    const auto used = [&](Facet f, const std::string& v) {
      return impl_->db.get_termfreq(std::string(spec(f).prefix) + v) > 0;
    };
    Suggestions out(static_cast<std::size_t>(limit));
    if (impl_->resources) {
      add_label_suggestions(out, q, ui_lang, impl_->resources->taxonomy, used);
      for (auto& term : impl_->expander->complete(Expander::phrase_key(q), ui_lang, static_cast<std::size_t>(limit)))
        out.add(std::move(term));
    }
    add_index_word_suggestions(out, q, impl_->db);
    return out.take();
  });
}

std::uint64_t Engine::count(Facet facet, const std::string& value) {
  return impl_->with_retry(
      [&] { return static_cast<std::uint64_t>(impl_->db.get_termfreq(std::string(spec(facet).prefix) + value)); });
}

std::string Engine::metadata(const std::string& key) {
  return impl_->with_retry([&] { return impl_->db.get_metadata(key); });
}

std::vector<std::shared_ptr<const Unit>> Engine::export_units(SearchRequest r) {
  constexpr int kBatch = 500;
  r.facets = false;
  r.snippets = false;
  r.correct_spelling = false;
  r.per_page = kBatch;
  std::vector<std::shared_ptr<const Unit>> units;
  for (r.page = 1;; ++r.page) {
    SearchResult batch = search(r);
    for (auto& h : batch.hits) units.push_back(std::move(h.unit));
    if (batch.hits.size() < static_cast<std::size_t>(kBatch)) break;
  }
  return units;
}

IndexStats Engine::stats() {
  return impl_->with_retry([&] {
    IndexStats s{impl_->db.get_doccount(), impl_->revision, 0};
    std::error_code ec;
    for (const auto& e : std::filesystem::recursive_directory_iterator(impl_->resolved, ec))
      if (e.is_regular_file(ec)) s.bytes += e.file_size(ec);
    return s;
  });
}

void Engine::check_readable() {
  impl_->with_retry([&] {
    Xapian::Database& db = impl_->db;
    if (db.get_doccount() == 0) return 0;
    // Documents at the start, middle and end: record, terms (each with postings), values.
    const Xapian::docid last = db.get_lastdocid();
    for (const Xapian::docid target : {Xapian::docid{1}, last / 2 + 1, last}) {
      Xapian::PostingIterator p = db.postlist_begin(std::string());
      p.skip_to(target);
      if (p == db.postlist_end(std::string())) continue;
      const Xapian::Document doc = db.get_document(*p);
      try {
        (void)decode_unit(doc.get_data(), impl_->dictionary.get());
      } catch (const InvalidInput& e) {
        throw Xapian::DatabaseCorruptError(std::string("unit record: ") + e.what());
      }
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if (db.get_termfreq(*t) == 0) throw Xapian::DatabaseCorruptError("term " + *t + " without postings");
      (void)doc.get_value(schema::kSlotFacets);
    }
    (void)impl_->spelling.get_spelling_suggestion("migrtion");
    return 0;
  });
}

std::string Engine::index_version() {
  return impl_->with_retry([&] { return impl_->version(); });
}

std::filesystem::path Engine::generation() {
  return impl_->with_retry([&] { return impl_->resolved; });
}

}  // namespace m4d::search
