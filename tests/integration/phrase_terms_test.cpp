// The glossary's phrases marked in the index (PhraseTerms): a phrase term
// marks exactly the units a phrase query finds, and a search answers the same
// (units, scores, facet counts) through it as through the phrase's positions.
#include "m4d/phrase_terms.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "m4d/indexer/index_builder.h"
#include "m4d/schema.h"
#include "m4d/search/engine.h"
#include "test_support.h"

namespace m4d {
namespace {

namespace fs = std::filesystem;
using m4d::testing::source_dir;
using m4d::testing::TempDir;

fs::path build_bundled(const fs::path& out) {
  indexer::IndexerConfig c;
  c.corpus_dir = source_dir() / "corpus";
  c.taxonomy_dir = source_dir() / "taxonomy";
  c.out = out;
  indexer::build_index(c, {});
  return out;
}

std::vector<std::string> keys_of(const std::string& bytes) {
  std::vector<std::string> keys;
  std::istringstream in(bytes);
  for (std::string k; std::getline(in, k);) keys.push_back(k);
  return keys;
}

std::set<Xapian::docid> matches(const Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire e(db);
  e.set_query(q);
  std::set<Xapian::docid> ids;
  const Xapian::MSet m = e.get_mset(0, db.get_doccount());
  for (auto it = m.begin(); it != m.end(); ++it) ids.insert(*it);
  return ids;
}

TEST(PhraseTermsIndex, MarkExactlyTheUnitsAPhraseQueryFinds) {
  TempDir tmp;
  const Xapian::Database db(fs::canonical(build_bundled(tmp.path() / "index")).string());
  const auto keys = keys_of(db.get_metadata(std::string(schema::kMetaPhraseTerms)));
  ASSERT_GT(keys.size(), 100u);
  std::size_t held = 0;
  for (const auto& key : keys) {
    std::vector<Xapian::Query> words;
    std::istringstream in(key);
    for (std::string w; in >> w;) words.emplace_back(w);
    const Xapian::Query phrase(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                               static_cast<Xapian::termcount>(words.size()));
    const auto marked = matches(db, Xapian::Query(std::string(schema::kPrefixPhrase) + key));
    EXPECT_EQ(marked, matches(db, phrase)) << key;
    held += !marked.empty();
  }
  EXPECT_GT(held, 20u);  // the bundled corpus holds many of them
}

TEST(PhraseTermsIndex, SearchesAnswerAsWithoutThem) {
  TempDir tmp;
  const fs::path marked = build_bundled(tmp.path() / "marked");
  // The same index, told it marks no phrase: every phrase tests positions, as before schema 10.
  const fs::path plain = build_bundled(tmp.path() / "plain");
  {
    Xapian::WritableDatabase db(fs::canonical(plain / (std::string(schema::kShardDirPrefix) + "0")).string());
    db.set_metadata(std::string(schema::kMetaPhraseTerms), "");
    db.commit();
  }
  const auto resources = search::IndexResources::load(marked, "/usr/share/wordnet");
  search::Engine a(marked, resources.get());
  search::Engine b(plain, resources.get());
  std::size_t found = 0;
  for (const char* q : {"\"local development\"", "\"human rights\"", "\"diaspora engagement\"", "\"brain drain\"",
                        "\"financial literacy\"", "capacity building local authorities", "return migration",
                        "\"migrant workers\" Nepal", "\"labour migration\" -Philippines", "diaspora investment"}) {
    for (const bool expand : {false, true}) {
      search::SearchRequest r;
      r.q = q;
      r.expand = expand;
      r.per_page = 20;
      const auto x = a.search(r);
      const auto y = b.search(r);
      ASSERT_EQ(x.total, y.total) << q << " expand " << expand;
      found += x.total;
      for (std::size_t f = 0; f < kFacetCount; ++f) {
        ASSERT_EQ(x.facets[f].size(), y.facets[f].size()) << q;
        for (std::size_t v = 0; v < x.facets[f].size(); ++v) {
          EXPECT_EQ(x.facets[f][v].value, y.facets[f][v].value) << q;
          EXPECT_EQ(x.facets[f][v].count, y.facets[f][v].count) << q;
        }
      }
      ASSERT_EQ(x.hits.size(), y.hits.size()) << q;
      for (std::size_t i = 0; i < x.hits.size(); ++i) {
        EXPECT_EQ(x.hits[i].unit->id, y.hits[i].unit->id) << q << " #" << i;
        EXPECT_DOUBLE_EQ(x.hits[i].score, y.hits[i].score) << q << " #" << i;
      }
    }
  }
  EXPECT_GT(found, 50u);

  // The engine does query through the terms: a unit that loses its phrase
  // term is no longer found by the phrase (the plain index still finds it).
  search::SearchRequest r;
  r.q = "\"human rights\"";
  r.expand = false;
  const std::uint64_t before = a.search(r).total;
  ASSERT_GT(before, 0u);
  {
    const std::string term = std::string(schema::kPrefixPhrase) + "human rights";
    Xapian::WritableDatabase db(fs::canonical(marked / (std::string(schema::kShardDirPrefix) + "0")).string());
    const Xapian::docid did = *db.postlist_begin(term);
    Xapian::Document doc = db.get_document(did);
    doc.remove_term(term);
    db.replace_document(did, doc);
    db.commit();
  }
  EXPECT_EQ(a.search(r).total, before - 1);
  EXPECT_EQ(b.search(r).total, before);

  // An editor's unit gets its phrase terms too: the phrase finds it.
  Unit u;
  u.id = "ed-phrase";
  u.text = "Training on human rights for the staff of migrant resource centres.";
  indexer::IndexUpdater(marked).apply({{u.id, u, ""}});
  r.per_page = 100;
  const auto after = a.search(r);
  EXPECT_EQ(after.total, before);
  EXPECT_TRUE(
      std::any_of(after.hits.begin(), after.hits.end(), [](const auto& h) { return h.unit->id == "ed-phrase"; }));
}

}  // namespace
}  // namespace m4d
