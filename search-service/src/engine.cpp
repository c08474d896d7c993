#include "m4d/search/engine.h"

#include <xapian.h>

#include "m4d/errors.h"
#include "m4d/schema.h"
#include "m4d/unit_codec.h"

namespace m4d::search {

namespace {

constexpr unsigned kSnippetLength = 300;

Xapian::Query or_of_terms(std::string_view prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(std::string(prefix) + v);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
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
  Xapian::Database db;
  Xapian::QueryParser parser;

  explicit Impl(std::filesystem::path p) : path(std::move(p)) {
    open();
    parser.set_database(db);
    parser.set_stemmer(Xapian::Stem("en"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.add_prefix("title", std::string(schema::kPrefixTitle));
    parser.add_boolean_prefix("type", std::string(schema::kPrefixType));
  }

  Xapian::Query parse(const std::string& q) {
    const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                           Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE;
    try {
      return parser.parse_query(q, flags);
    } catch (const Xapian::QueryParserError&) {
      return parser.parse_query(q, 0);  // malformed syntax: plain words
    }
  }

  SearchResult run(const SearchRequest& r) {
    Xapian::Query query = r.q.empty() ? Xapian::Query::MatchAll : parse(r.q);
    if (!r.types.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, or_of_terms(schema::kPrefixType, r.types));
    if (!r.langs.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, or_of_terms(schema::kPrefixLang, r.langs));
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    if (r.sort == "title") enquire.set_sort_by_value_then_relevance(schema::kSlotTitleSort, false);
    else if (r.sort == "date") enquire.set_sort_by_value_then_relevance(schema::kSlotYear, true);
    else if (r.q.empty()) enquire.set_sort_by_value(schema::kSlotTitleSort, false);
    Xapian::ValueCountMatchSpy types(schema::kSlotType), langs(schema::kSlotLang);
    enquire.add_matchspy(&types);
    enquire.add_matchspy(&langs);
    const Xapian::doccount first = static_cast<Xapian::doccount>((r.page - 1) * r.per_page);
    Xapian::MSet mset = enquire.get_mset(first, static_cast<Xapian::doccount>(r.per_page), db.get_doccount());
    SearchResult result;
    result.total = mset.get_matches_estimated();
    Xapian::Stem stem("en");
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.unit = decode_unit(it.get_document().get_data());
      hit.score = r.q.empty() ? 0 : it.get_weight();
      // MSet::snippet escapes HTML and marks matches; <b> becomes <mark>.
      std::string s = mset.snippet(hit.unit.text, kSnippetLength, stem, Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>",
                                   "</mark>", "\u2026");
      hit.snippet = std::move(s);
      result.hits.push_back(std::move(hit));
    }
    for (auto* spy : {&types, &langs}) {
      auto& values = result.facets[spy == &types ? "type" : "lang"];
      for (auto v = spy->top_values_begin(100); v != spy->top_values_end(100); ++v)
        values.push_back({*v, v.get_termfreq()});
    }
    return result;
  }

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
      parser.set_database(db);
    } else {
      db.reopen();
    }
  }
};

Engine::Engine(std::filesystem::path index_path) : impl_(std::make_unique<Impl>(std::move(index_path))) {}
Engine::~Engine() = default;

SearchResult Engine::search(const SearchRequest& request) {
  impl_->refresh();
  try {
    return impl_->run(request);
  } catch (const Xapian::DatabaseModifiedError&) {
    impl_->refresh();
    return impl_->run(request);
  }
}

std::optional<Unit> Engine::document(const std::string& id) {
  impl_->refresh();
  const std::string term = std::string(schema::kPrefixId) + id;
  Xapian::PostingIterator p = impl_->db.postlist_begin(term);
  if (p == impl_->db.postlist_end(term)) return std::nullopt;
  return decode_unit(impl_->db.get_document(*p).get_data());
}

IndexStats Engine::stats() {
  impl_->refresh();
  return {impl_->db.get_doccount(), impl_->db.get_revision()};
}

}  // namespace m4d::search
