#include "m4d/indexer/index_builder.h"

#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "m4d/errors.h"
#include "m4d/indexer/contrib.h"
#include "m4d/indexer/tagging.h"
#include "m4d/lang/stemmer.h"
#include "m4d/schema.h"
#include "m4d/text.h"
#include "m4d/unit_codec.h"

namespace m4d::indexer {

namespace fs = std::filesystem;

namespace {

std::string term(std::string_view prefix, std::string_view value) { return std::string(prefix) + std::string(value); }

// The language code whose stems a unit gets ("en" when the unit has none).
std::string stem_language(const Unit& u) { return u.lang.empty() ? "en" : u.lang; }

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

Xapian::Document make_document(const Unit& u, Xapian::TermGenerator& tg) {
  Xapian::Document doc;
  doc.set_data(encode_unit(u));
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
  add_stems(doc, stem_language(u));

  // Facet terms and the combined facet slot, in the facet contract's order.
  auto ids_of = [](const std::vector<Tag>& tags) {
    std::vector<std::string> ids;
    for (const auto& t : tags)
      if (std::find(ids.begin(), ids.end(), t.id) == ids.end()) ids.push_back(t.id);
    return ids;
  };
  std::vector<std::string> goals;
  std::map<std::string, double> goal_scores;
  for (const auto& t : u.sdg_targets) {
    std::string goal = goal_of_target(t.id);
    if (std::find(goals.begin(), goals.end(), goal) == goals.end()) goals.push_back(goal);
    goal_scores[goal] = std::max(goal_scores[goal], t.score);
  }
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
    for (const auto& id : values[static_cast<std::size_t>(f.facet)]) {
      doc.add_boolean_term(term(f.prefix, id));
      if (!list.empty()) list.push_back(schema::kListSeparator);
      list += id;
    }
    facets += list;
  }
  doc.add_value(schema::kSlotFacets, facets);
  std::string scores;
  auto add_score = [&](Facet facet, const std::string& id, double score) {
    if (!scores.empty()) scores.push_back(schema::kListSeparator);
    scores += term(spec(facet).prefix, id) + "=" + std::to_string(std::lround(std::clamp(score, 0.0, 1.0) * 100));
  };
  for (const auto& t : u.themes) add_score(Facet::kTheme, t.id, t.score);
  for (const auto& t : u.countries) add_score(Facet::kCountry, t.id, t.score);
  for (const auto& t : u.sdg_targets) add_score(Facet::kTarget, t.id, t.score);
  for (const auto& [goal, score] : goal_scores) add_score(Facet::kGoal, goal, score);
  doc.add_value(schema::kSlotTagScores, scores);

  doc.add_value(schema::kSlotTitleSort, fold_case(u.title));
  doc.add_value(schema::kSlotYear, u.source.year);
  return doc;
}

std::uintmax_t directory_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

// Atomically points `link` at `target` (a sibling name): new symlink + rename(2).
void swap_symlink(const fs::path& link, const fs::path& target) {
  const fs::path tmp = link.parent_path() / ("." + link.filename().string() + ".link-" + std::to_string(::getpid()));
  fs::remove(tmp);
  fs::create_symlink(target.filename(), tmp);
  fs::rename(tmp, link);  // atomic replacement of the old link
}

}  // namespace

struct IndexWriter::Impl {
  fs::path dir;      // where finish() puts the compacted database
  fs::path staging;  // the database being written, a sibling of dir
  Xapian::WritableDatabase db;
  Xapian::TermGenerator tg;
  std::set<std::string> langs;
};

IndexWriter::IndexWriter(const fs::path& dir, const TaxonomyFiles& taxonomy, bool spelling)
    : impl_(std::make_unique<Impl>()) {
  impl_->dir = dir;
  impl_->staging = dir.parent_path() / ("." + dir.filename().string() + ".staging");
  fs::remove_all(impl_->staging);  // left by a build that crashed
  impl_->db = Xapian::WritableDatabase(impl_->staging.string(), Xapian::DB_CREATE);
  impl_->tg.set_database(impl_->db);
  if (spelling) impl_->tg.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  impl_->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);  // add_stems does it per language
  impl_->db.set_metadata(std::string(schema::kMetaSchemaVersion), std::string(schema::kSchemaVersion));
  for (const auto& [name, contents] : taxonomy)
    impl_->db.set_metadata(std::string(schema::kMetaTaxonomyPrefix) + name, contents);
}

IndexWriter::~IndexWriter() {
  impl_->db.close();
  std::error_code ignored;
  fs::remove_all(impl_->staging, ignored);
}

void IndexWriter::add(const Unit& u) {
  impl_->db.add_document(make_document(u, impl_->tg));
  impl_->langs.insert(stem_language(u));
}

void IndexWriter::set_metadata(const std::string& key, const std::string& value) { impl_->db.set_metadata(key, value); }

void IndexWriter::finish() {
  std::string stemmers;
  for (const auto& l : impl_->langs) stemmers += (stemmers.empty() ? "" : ",") + l;
  impl_->db.set_metadata(std::string(schema::kMetaStemmers), stemmers);
  impl_->db.commit();
  impl_->db.close();
  // Compacted: full blocks and no free space. 100k synthetic passages, same
  // run: see docs/decisions.md. Docids are kept (one source, renumbering off).
  Xapian::Database(impl_->staging.string())
      .compact(impl_->dir.string(), Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
  fs::remove_all(impl_->staging);
}

struct IndexUpdater::Impl {
  fs::path dir;
  Xapian::WritableDatabase db;
  Xapian::TermGenerator tg;
};

IndexUpdater::IndexUpdater(const fs::path& index) : impl_(std::make_unique<Impl>()) {
  try {
    impl_->dir = fs::canonical(index);
    impl_->db = Xapian::WritableDatabase(impl_->dir.string(), Xapian::DB_OPEN);
  } catch (const fs::filesystem_error& e) {
    throw RuntimeFailure(index.string() + ": no index (" + e.code().message() + ")");
  } catch (const Xapian::DatabaseLockError& e) {
    throw RuntimeFailure(index.string() + ": the index is locked by another writer (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    throw RuntimeFailure(index.string() + ": cannot open the index for writing (" + e.get_msg() + ")");
  }
  impl_->tg.set_database(impl_->db);
  impl_->tg.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  impl_->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);  // add_stems does it per language
}

IndexUpdater::~IndexUpdater() = default;

void IndexUpdater::apply(const std::vector<IndexChange>& changes) {
  Xapian::WritableDatabase& db = impl_->db;
  try {
    db.begin_transaction();
    std::string stemmers = db.get_metadata(std::string(schema::kMetaStemmers));
    for (const auto& c : changes) {
      const std::string id_term = term(schema::kPrefixId, c.id);
      if (c.unit) {
        db.replace_document(id_term, make_document(*c.unit, impl_->tg));
        const std::string lang = stem_language(*c.unit);
        if (("," + stemmers + ",").find("," + lang + ",") == std::string::npos)
          stemmers += (stemmers.empty() ? "" : ",") + lang;
      } else {
        db.delete_document(id_term);
      }
      db.set_metadata(std::string(schema::kMetaContribPrefix) + c.id, c.contribution_digest);
    }
    db.set_metadata(std::string(schema::kMetaStemmers), stemmers);
    db.commit_transaction();
  } catch (const Xapian::Error& e) {
    try {
      db.cancel_transaction();
    } catch (const Xapian::Error&) {
      // No transaction in progress (begin failed).
    }
    const std::string message = impl_->dir.string() + ": index update failed (" + e.get_description() + ")";
    if (e.get_error_string() && std::string_view(e.get_error_string()) == std::strerror(ENOSPC))
      throw StorageFull(message);
    throw IndexUnavailable(message);
  }
}

std::string IndexUpdater::contribution_digest(const std::string& id) const {
  return impl_->db.get_metadata(std::string(schema::kMetaContribPrefix) + id);
}

const fs::path& IndexUpdater::database_dir() const { return impl_->dir; }

void write_database(const fs::path& dir, const std::vector<Unit>& units, const TaxonomyFiles& taxonomy,
                    const std::map<std::string, std::string>& metadata, const ProgressFn& progress) {
  IndexWriter writer(dir, taxonomy);
  for (const auto& [key, value] : metadata) writer.set_metadata(key, value);
  std::size_t k = 0;
  for (const auto& u : units) {
    writer.add(u);
    if (progress && (++k % 50 == 0 || k == units.size()))
      progress("indexed " + std::to_string(k) + "/" + std::to_string(units.size()) + " units");
  }
  writer.finish();
}

std::vector<Unit> read_units(const fs::path& dir) {
  std::vector<Unit> units;
  try {
    Xapian::Database db(dir.string());
    const std::string prefix(schema::kPrefixId);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      Xapian::PostingIterator p = db.postlist_begin(*it);
      if (p != db.postlist_end(*it)) units.push_back(decode_unit(db.get_document(*p).get_data()));
    }
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw RuntimeFailure(dir.string() + ": not an m4d index (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    throw RuntimeFailure(dir.string() + ": " + e.get_description());
  }
  return units;
}

BuildSummary build_index(const IndexerConfig& config, const ProgressFn& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!fs::is_directory(config.corpus_dir))
    throw InvalidInput(config.corpus_dir.string() + ": corpus directory not found");
  if (!fs::is_directory(config.taxonomy_dir))
    throw InvalidInput(config.taxonomy_dir.string() + ": taxonomy directory not found");
  const TaxonomyFiles taxonomy_files = read_taxonomy_files(config.taxonomy_dir);
  const Taxonomy taxonomy = Taxonomy::parse(taxonomy_files);
  LoadedCorpus corpus = load_corpus(config.corpus_dir, config.word_list, progress);
  // The tagger learns from the publications only, as the live service does.
  auto examples = labeled_examples(corpus.units, taxonomy);
  const std::string examples_json = encode_examples(examples);
  const Tagger tagger(taxonomy, lang::stem, std::move(examples));
  const auto contributions = overlay_contributions(corpus.units, config.corpus_dir);
  if (progress && !contributions.empty())
    progress("applied " + std::to_string(contributions.size()) + " editor contributions from " +
             (config.corpus_dir / "contrib").string());
  std::map<std::string, std::string> metadata = {
      {std::string(schema::kMetaCorpus), fs::absolute(config.corpus_dir).lexically_normal().string()},
      {std::string(schema::kMetaTaggerExamples), examples_json}};
  std::map<std::string, const Contribution*> by_id;
  for (const auto& sc : contributions) {
    metadata[std::string(schema::kMetaContribPrefix) + sc.contribution.id] = sc.digest;
    by_id[sc.contribution.id] = &sc.contribution;
  }
  for (std::size_t k = 0; k < corpus.units.size(); ++k) {
    Unit& u = corpus.units[k];
    tagger.tag(u);
    if (auto it = by_id.find(u.id); it != by_id.end()) merge_editor_tags(u, *it->second, taxonomy);
    if (progress && ((k + 1) % 50 == 0 || k + 1 == corpus.units.size()))
      progress("tagged " + std::to_string(k + 1) + "/" + std::to_string(corpus.units.size()) + " units");
  }

  const fs::path out = fs::absolute(config.out).lexically_normal();
  fs::create_directories(out.parent_path());
  if (fs::exists(out) && !fs::is_symlink(out) && fs::is_directory(out) && !fs::exists(out / "iamglass"))
    throw InvalidInput(out.string() + ": exists and is not an m4d index; refusing to replace it");
  const auto stamp = std::chrono::system_clock::now().time_since_epoch().count();
  const fs::path generation = out.parent_path() / ("." + out.filename().string() + ".gen-" + std::to_string(stamp) +
                                                   "-" + std::to_string(::getpid()));
  try {
    write_database(generation, corpus.units, taxonomy_files, metadata, progress);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(generation, ignored);
    throw;
  }

  // Swap in. A previous index that is a plain directory (not a symlink) is
  // moved aside first; a crash between the two renames leaves it recoverable.
  std::error_code ec;
  fs::path previous;
  if (fs::is_symlink(out)) {
    previous = out.parent_path() / fs::read_symlink(out);
  } else if (fs::exists(out)) {
    previous = out.parent_path() / ("." + out.filename().string() + ".old-" + std::to_string(stamp));
    fs::rename(out, previous);
  }
  swap_symlink(out, generation);
  if (!previous.empty() && fs::exists(previous) && fs::equivalent(previous, generation, ec) == false)
    fs::remove_all(previous, ec);

  BuildSummary summary;
  for (const auto& u : corpus.units) ++summary.units_by_type[u.type];
  summary.units = corpus.units.size();
  summary.database_dir = generation;
  summary.index_bytes = directory_bytes(generation);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return summary;
}

}  // namespace m4d::indexer
