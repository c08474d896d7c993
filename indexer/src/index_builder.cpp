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
#include <optional>
#include <set>

#include "document.h"
#include "m4d/errors.h"
#include "m4d/index_revision.h"
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

struct IndexUpdater::Impl {
  fs::path dir;
  Xapian::WritableDatabase db;
  Xapian::TermGenerator tg;
  std::optional<Xapian::WritableDatabase> spelling;    // the index's spelling database, when it has one
  std::shared_ptr<const RecordDictionary> dictionary;  // the index's, for the records it writes
  PhraseTerms phrases;                                 // the index's, marked in the units it writes
};

IndexUpdater::IndexUpdater(const fs::path& index) : impl_(std::make_unique<Impl>()) {
  try {
    impl_->dir = fs::canonical(index);
    impl_->db = Xapian::WritableDatabase(impl_->dir.string(), Xapian::DB_OPEN);
    impl_->dictionary = RecordDictionary::load(impl_->db.get_metadata(std::string(schema::kMetaRecordDictionary)));
    impl_->phrases = PhraseTerms::load(impl_->db.get_metadata(std::string(schema::kMetaPhraseTerms)));
  } catch (const InvalidInput& e) {
    throw RuntimeFailure(index.string() + ": " + e.what());
  } catch (const fs::filesystem_error& e) {
    throw RuntimeFailure(index.string() + ": no index (" + e.code().message() + ")");
  } catch (const Xapian::DatabaseLockError& e) {
    throw RuntimeFailure(index.string() + ": the index is locked by another writer (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    throw RuntimeFailure(index.string() + ": cannot open the index for writing (" + e.get_msg() + ")");
  }
  try {
    if (fs::exists(impl_->dir / schema::kSpellingDir))
      impl_->spelling.emplace((impl_->dir / schema::kSpellingDir).string(), Xapian::DB_OPEN);
  } catch (const Xapian::Error& e) {
    throw RuntimeFailure(index.string() + ": cannot open the spelling database for writing (" + e.get_msg() + ")");
  }
  impl_->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);  // add_stems does it per language
}

IndexUpdater::~IndexUpdater() = default;

void IndexUpdater::apply(const std::vector<IndexChange>& changes) {
  Xapian::WritableDatabase& db = impl_->db;
  try {
    db.begin_transaction();
    std::string stemmers = db.get_metadata(std::string(schema::kMetaStemmers));
    SpellingCounts words;
    for (const auto& c : changes) {
      const std::string id_term = term(schema::kPrefixId, c.id);
      if (c.unit) {
        const Xapian::Document doc = make_document(*c.unit, impl_->tg, impl_->dictionary.get(), impl_->phrases);
        count_spelling_words(doc, words);
        db.replace_document(id_term, doc);
        const std::string lang = stem_language(*c.unit);
        if (("," + stemmers + ",").find("," + lang + ",") == std::string::npos)
          stemmers += (stemmers.empty() ? "" : ",") + lang;
      } else {
        db.delete_document(id_term);
      }
      db.set_metadata(std::string(schema::kMetaContribPrefix) + c.id, c.contribution_digest);
    }
    db.set_metadata(std::string(schema::kMetaStemmers), stemmers);
    db.set_metadata(std::string(schema::kMetaRevision), std::to_string(revision_of(db) + 1));
    // Over several shards each commits in turn: a crash between two shards'
    // commits keeps the first ones' changes (the contribution file, written
    // first, is re-applied at the next start; see docs/decisions.md).
    db.commit_transaction();
    // Words for "did you mean" are advisory: they follow the committed change
    // (a crash in between loses a suggestion, never a unit).
    if (impl_->spelling) {
      add_spelling(*impl_->spelling, words);
      impl_->spelling->commit();
    }
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
                    const std::map<std::string, std::string>& metadata, const WriterOptions& options,
                    const ProgressFn& progress) {
  IndexWriter writer(dir, taxonomy, options);
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
    const auto dictionary = RecordDictionary::load(db.get_metadata(std::string(schema::kMetaRecordDictionary)));
    const std::string prefix(schema::kPrefixId);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      Xapian::PostingIterator p = db.postlist_begin(*it);
      if (p != db.postlist_end(*it)) units.push_back(decode_unit(db.get_document(*p).get_data(), dictionary.get()));
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
  const ContribScan scan = overlay_contributions(corpus.units, config.corpus_dir, taxonomy);
  const auto& contributions = scan.valid;
  if (progress) {
    for (const auto& r : scan.rejected)
      progress("warning: skipped " + r.file.string() + ": " + r.reason +
               " (m4d-serve moves it to contrib/quarantine/)");
    if (!contributions.empty())
      progress("applied " + std::to_string(contributions.size()) + " editor contributions from " +
               (config.corpus_dir / "contrib").string());
  }
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
  if (fs::exists(out) && !fs::is_symlink(out) && fs::is_directory(out) && !fs::exists(out / schema::kStubFile) &&
      !fs::exists(out / "iamglass"))
    throw InvalidInput(out.string() + ": exists and is not an m4d index; refusing to replace it");
  const auto stamp = std::chrono::system_clock::now().time_since_epoch().count();
  const fs::path generation = out.parent_path() / ("." + out.filename().string() + ".gen-" + std::to_string(stamp) +
                                                   "-" + std::to_string(::getpid()));
  try {
    write_database(generation, corpus.units, taxonomy_files, metadata, WriterOptions{true, config.shards}, progress);
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
