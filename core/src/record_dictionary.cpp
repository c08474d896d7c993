#include "m4d/record_dictionary.h"

#include <zdict.h>
#include <zstd.h>

#include <mutex>

#include "m4d/errors.h"

namespace m4d {

namespace {

// zstd's own default dictionary size; a smaller one for a small sample, which
// should be at least ten times the dictionary (zstd's guidance).
constexpr std::size_t kMaxDictionaryBytes = 112640;
constexpr std::size_t kMinSamples = 16;
constexpr std::size_t kMinDictionaryBytes = 1024;
// Fast to compress, and the dictionary does most of the work on short records.
constexpr int kLevel = 3;

// One compression and one decompression context per thread, reused.
struct Contexts {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_DCtx* d = ZSTD_createDCtx();
  ~Contexts() {
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
  }
};
Contexts& contexts() {
  thread_local Contexts k;
  if (!k.c || !k.d) throw std::bad_alloc();
  return k;
}

}  // namespace

struct RecordDictionary::Tables {
  std::once_flag made_c;  // readers never compress: the CDict is made on first use
  ZSTD_CDict* c = nullptr;
  ZSTD_DDict* d = nullptr;
  ~Tables() {
    ZSTD_freeCDict(c);
    ZSTD_freeDDict(d);
  }
};

RecordDictionary::RecordDictionary(std::string bytes) : bytes_(std::move(bytes)), tables_(std::make_unique<Tables>()) {
  id_ = ZDICT_getDictID(bytes_.data(), bytes_.size());
  if (id_ == 0) throw InvalidInput("record dictionary: not a zstd dictionary");
  tables_->d = ZSTD_createDDict(bytes_.data(), bytes_.size());
  if (!tables_->d) throw InvalidInput("record dictionary: zstd cannot load it");
}

RecordDictionary::~RecordDictionary() = default;

std::shared_ptr<const RecordDictionary> RecordDictionary::train(const std::vector<std::string>& samples) {
  if (samples.size() < kMinSamples) return nullptr;
  std::string all;
  std::vector<std::size_t> sizes;
  sizes.reserve(samples.size());
  for (const auto& s : samples) {
    all += s;
    sizes.push_back(s.size());
  }
  const std::size_t capacity = std::min(kMaxDictionaryBytes, all.size() / 10);
  if (capacity < kMinDictionaryBytes) return nullptr;
  std::string dictionary(capacity, '\0');
  const std::size_t n =
      ZDICT_trainFromBuffer(dictionary.data(), capacity, all.data(), sizes.data(), static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(n)) return nullptr;  // nothing worth learning (e.g. records all alike or all different)
  dictionary.resize(n);
  return std::shared_ptr<const RecordDictionary>(new RecordDictionary(std::move(dictionary)));
}

std::shared_ptr<const RecordDictionary> RecordDictionary::load(std::string bytes) {
  if (bytes.empty()) return nullptr;
  return std::shared_ptr<const RecordDictionary>(new RecordDictionary(std::move(bytes)));
}

std::shared_ptr<const RecordDictionary> RecordDictionary::load(std::string bytes,
                                                               std::shared_ptr<const RecordDictionary> current) {
  if (bytes == (current ? current->bytes() : std::string())) return current;
  return load(std::move(bytes));
}

std::string RecordDictionary::compress(std::string_view data) const {
  std::call_once(tables_->made_c, [this] { tables_->c = ZSTD_createCDict(bytes_.data(), bytes_.size(), kLevel); });
  if (!tables_->c) throw RuntimeFailure("record dictionary: zstd cannot load it for compression");
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n =
      ZSTD_compress_usingCDict(contexts().c, out.data(), out.size(), data.data(), data.size(), tables_->c);
  if (ZSTD_isError(n)) throw RuntimeFailure(std::string("record compression failed: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

std::string RecordDictionary::decompress(std::string_view frame, std::size_t max_size) const {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > max_size)
    throw InvalidInput("corrupt unit record: bad compressed frame");
  if (const unsigned frame_id = ZSTD_getDictID_fromFrame(frame.data(), frame.size()); frame_id != id_)
    throw InvalidInput("unit record compressed with dictionary " + std::to_string(frame_id) +
                       ", not this index's dictionary " + std::to_string(id_));
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t n =
      ZSTD_decompress_usingDDict(contexts().d, out.data(), out.size(), frame.data(), frame.size(), tables_->d);
  if (ZSTD_isError(n) || n != out.size()) throw InvalidInput("corrupt unit record: bad compressed frame");
  return out;
}

}  // namespace m4d
