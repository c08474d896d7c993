// IndexWriter: a new index written by one thread per shard, then compacted.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "document.h"
#include "m4d/errors.h"
#include "m4d/indexer/index_builder.h"
#include "m4d/schema.h"
#include "m4d/unit_codec.h"

namespace m4d::indexer {

namespace fs = std::filesystem;

namespace {

// Units waiting for a shard's thread; the caller blocks beyond that.
constexpr std::size_t kQueueDepth = 256;
// The first units, whose records teach the record dictionary (see
// docs/decisions-speed.md).
constexpr std::size_t kDictionarySample = 2000;
// Each shard writes its pending changes every so many units. Xapian keeps
// them in one std::map of docids per term until then: the fewer, the
// shallower and the more cache-resident those maps (100k synthetic units:
// 58 s at Xapian's default of 10,000, 44-47 s at 500; docs/decisions-speed.md).
constexpr std::size_t kCommitEvery = 500;

[[noreturn]] void rethrow_as_failure(const std::string& where) {
  try {
    throw;
  } catch (const Xapian::Error& e) {
    const std::string message = where + ": " + e.get_description();
    if (e.get_error_string() && std::string_view(e.get_error_string()) == std::strerror(ENOSPC))
      throw StorageFull(message);
    throw RuntimeFailure(message);
  } catch (const fs::filesystem_error& e) {
    if (e.code() == std::errc::no_space_on_device) throw StorageFull(where + ": " + e.what());
    throw RuntimeFailure(where + ": " + e.what());
  }
}

// Runs `jobs` on their own threads and waits for all; rethrows the first failure.
void run_parallel(std::vector<std::function<void()>> jobs) {
  std::vector<std::exception_ptr> errors(jobs.size());
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < jobs.size(); ++k)
    threads.emplace_back([&, k] {
      try {
        jobs[k]();
      } catch (...) {
        errors[k] = std::current_exception();
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// Writes `text` to `path` atomically (temporary file, fsync, rename).
void write_file_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw RuntimeFailure(tmp.string() + ": cannot write");
  }
  const int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  fs::rename(tmp, path);
}

}  // namespace

// One shard: its database, the thread indexing into it and the queue feeding it.
struct Shard {
  fs::path staging;
  Xapian::WritableDatabase db;
  Xapian::TermGenerator tg;
  SpellingCounts words;
  std::set<std::string> langs;
  const RecordDictionary* dictionary = nullptr;  // set before the first unit is queued
  const PhraseTerms* phrases = nullptr;          // the writer's, set before the thread starts
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Unit> queue;
  bool closed = false;
  std::size_t added = 0;  // units written, by this shard's thread
  std::exception_ptr error;
  std::thread thread;

  void run(bool spelling) {
    try {
      for (;;) {
        Unit u;
        {
          std::unique_lock<std::mutex> lock(mutex);
          changed.wait(lock, [&] { return closed || !queue.empty(); });
          if (queue.empty()) return;
          u = std::move(queue.front());
          queue.pop_front();
        }
        changed.notify_all();  // room for the caller
        const Xapian::Document doc = make_document(u, tg, dictionary, *phrases);
        if (spelling) count_spelling_words(doc, words);
        langs.insert(stem_language(u));
        db.add_document(doc);
        if (++added % kCommitEvery == 0) db.commit();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      error = std::current_exception();
      queue.clear();
      closed = true;
    }
    changed.notify_all();
  }

  // Lets the thread finish the queue and waits for it.
  void close() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      closed = true;
    }
    changed.notify_all();
    if (thread.joinable()) thread.join();
  }
};

struct IndexWriter::Impl {
  fs::path dir;      // where finish() puts the compacted index
  fs::path staging;  // the shards being written, a sibling of dir
  WriterOptions options;
  std::vector<std::unique_ptr<Shard>> shards;
  std::size_t added = 0;
  std::map<std::string, std::string> metadata;
  // Units held back until the record dictionary is trained on them.
  std::vector<Unit> sample;
  bool sampling = true;
  std::shared_ptr<const RecordDictionary> dictionary;
  PhraseTerms phrases;  // the glossary's, marked in every unit

  // Queues `unit` for its shard; rethrows a shard's failure through finish().
  void dispatch(IndexWriter& writer, Unit unit);
  // Trains the record dictionary on the sample, then queues the sample.
  void end_sampling(IndexWriter& writer);
};

IndexWriter::IndexWriter(const fs::path& dir, const TaxonomyFiles& taxonomy, WriterOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (options.shards == 0) throw InvalidInput("an index needs at least one shard");
  impl_->dir = dir;
  impl_->options = options;
  impl_->staging = dir.parent_path() / ("." + dir.filename().string() + ".staging");
  try {
    fs::remove_all(impl_->staging);  // left by a build that crashed
    fs::create_directories(impl_->staging);
    for (unsigned k = 0; k < options.shards; ++k) {
      auto shard = std::make_unique<Shard>();
      shard->staging = impl_->staging / (std::string(schema::kShardDirPrefix) + std::to_string(k));
      shard->db = Xapian::WritableDatabase(shard->staging.string(), Xapian::DB_CREATE);
      shard->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);  // add_stems does it per language
      impl_->shards.push_back(std::move(shard));
    }
  } catch (...) {
    rethrow_as_failure(impl_->staging.string());
  }
  if (const auto glossary = taxonomy.find("glossary.tsv"); glossary != taxonomy.end())
    impl_->phrases = PhraseTerms::from_glossary(glossary->second);
  if (!impl_->phrases.empty()) impl_->metadata[std::string(schema::kMetaPhraseTerms)] = impl_->phrases.bytes();
  for (auto& shard : impl_->shards) {
    Shard* s = shard.get();
    s->phrases = &impl_->phrases;
    s->thread = std::thread([s, spelling = options.spelling] { s->run(spelling); });
  }
  impl_->metadata[std::string(schema::kMetaSchemaVersion)] = std::string(schema::kSchemaVersion);
  impl_->metadata[std::string(schema::kMetaRevision)] = "1";
  for (const auto& [name, contents] : taxonomy)
    impl_->metadata[std::string(schema::kMetaTaxonomyPrefix) + name] = contents;
}

IndexWriter::~IndexWriter() {
  for (auto& shard : impl_->shards) {
    shard->close();
    try {
      shard->db.close();
    } catch (const Xapian::Error&) {
      // Being abandoned: the staging copy is removed below.
    }
  }
  std::error_code ignored;
  fs::remove_all(impl_->staging, ignored);
}

void IndexWriter::add(Unit unit) {
  if (!impl_->sampling) return impl_->dispatch(*this, std::move(unit));
  impl_->sample.push_back(std::move(unit));
  if (impl_->sample.size() >= kDictionarySample) impl_->end_sampling(*this);
}

void IndexWriter::Impl::dispatch(IndexWriter& writer, Unit unit) {
  Shard& s = *shards[added++ % shards.size()];
  std::unique_lock<std::mutex> lock(s.mutex);
  s.changed.wait(lock, [&] { return s.error || s.queue.size() < kQueueDepth; });
  if (s.error) {
    lock.unlock();
    writer.finish();  // rethrows the shard's failure
  }
  s.queue.push_back(std::move(unit));
  lock.unlock();
  s.changed.notify_all();
}

void IndexWriter::Impl::end_sampling(IndexWriter& writer) {
  sampling = false;
  std::vector<std::string> records;
  records.reserve(sample.size());
  for (const auto& u : sample) records.push_back(encode_unit(u));
  dictionary = RecordDictionary::train(records);
  if (dictionary) {
    metadata[std::string(schema::kMetaRecordDictionary)] = dictionary->bytes();
    for (auto& shard : shards) shard->dictionary = dictionary.get();
  }
  std::vector<Unit> units = std::move(sample);
  sample.clear();
  for (auto& u : units) dispatch(writer, std::move(u));
}

void IndexWriter::set_metadata(const std::string& key, const std::string& value) { impl_->metadata[key] = value; }

void IndexWriter::finish() {
  if (impl_->sampling) impl_->end_sampling(*this);
  for (auto& shard : impl_->shards) shard->close();
  for (auto& shard : impl_->shards) {
    if (!shard->error) continue;
    try {
      std::rethrow_exception(shard->error);
    } catch (const Error&) {
      throw;
    } catch (...) {
      rethrow_as_failure(shard->staging.string());
    }
  }
  try {
    Shard& first = *impl_->shards.front();
    std::set<std::string> langs;
    for (auto& shard : impl_->shards) langs.insert(shard->langs.begin(), shard->langs.end());
    std::string stemmers;
    for (const auto& l : langs) stemmers += (stemmers.empty() ? "" : ",") + l;
    impl_->metadata[std::string(schema::kMetaStemmers)] = stemmers;
    for (const auto& [key, value] : impl_->metadata) first.db.set_metadata(key, value);

    // The spelling dictionary, written once from the shards' counts.
    const fs::path spelling = impl_->staging / schema::kSpellingDir;
    {
      Xapian::WritableDatabase db(spelling.string(), Xapian::DB_CREATE);
      for (std::size_t k = 1; k < impl_->shards.size(); ++k) {
        for (const auto& [word, n] : impl_->shards[k]->words) first.words[word] += n;
        impl_->shards[k]->words.clear();
      }
      add_spelling(db, first.words);
      db.commit();
      first.words.clear();
    }

    // Compacted: full blocks and no free space (see docs/decisions-speed.md);
    // docids are kept, so unit i stays docid i/N+1 of shard i%N.
    fs::create_directories(impl_->dir);
    std::vector<std::function<void()>> jobs;
    std::string stub;
    Xapian::Database all;  // every shard, when they are merged
    for (auto& shard : impl_->shards) {
      shard->db.commit();
      shard->db.close();
      const std::string name = shard->staging.filename().string();
      if (impl_->options.merge) {
        all.add_database(Xapian::Database(shard->staging.string()));
        continue;
      }
      stub += "auto " + name + "\n";
      jobs.push_back([from = shard->staging, to = impl_->dir / name] {
        Xapian::Database(from.string()).compact(to.string(), Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
      });
    }
    if (impl_->options.merge) {
      const std::string name = std::string(schema::kShardDirPrefix) + "0";
      stub = "auto " + name + "\n";
      jobs.push_back([&all, to = impl_->dir / name] { all.compact(to.string(), Xapian::Compactor::FULL); });
    }
    jobs.push_back([from = spelling, to = impl_->dir / schema::kSpellingDir] {
      Xapian::Database(from.string()).compact(to.string(), Xapian::Compactor::FULL);
    });
    run_parallel(std::move(jobs));
    write_file_atomically(impl_->dir / schema::kStubFile, stub);
  } catch (const Error&) {
    throw;
  } catch (...) {
    rethrow_as_failure(impl_->dir.string());
  }
  std::error_code ignored;
  fs::remove_all(impl_->staging, ignored);
}

}  // namespace m4d::indexer
