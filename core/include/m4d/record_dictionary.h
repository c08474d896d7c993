#pragma once
/// A zstd dictionary for the unit records of one index (see unit_codec.h).
///
/// Trained at build time from a sample of the index's own records and stored
/// in the index's metadata (schema::kMetaRecordDictionary): short records that
/// share a vocabulary compress about twice as well with it as one by one.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace m4d {

/// Immutable once made; safe to use from several threads at once.
class RecordDictionary {
 public:
  /// A dictionary learnt from `samples` (encoded records), or null when they
  /// are too few or too small to learn from (the records then stay plain).
  static std::shared_ptr<const RecordDictionary> train(const std::vector<std::string>& samples);

  /// The dictionary stored as `bytes()` returned them, or null for "".
  /// Throws InvalidInput when they are not a zstd dictionary.
  static std::shared_ptr<const RecordDictionary> load(std::string bytes);
  /// `current` when `bytes` are its bytes (or both are none), else load(bytes).
  static std::shared_ptr<const RecordDictionary> load(std::string bytes,
                                                      std::shared_ptr<const RecordDictionary> current);

  ~RecordDictionary();
  RecordDictionary(const RecordDictionary&) = delete;
  RecordDictionary& operator=(const RecordDictionary&) = delete;

  /// What to store in the index to load it again.
  const std::string& bytes() const { return bytes_; }
  /// Its zstd dictionary ID, which every frame compressed with it carries.
  std::uint32_t id() const { return id_; }

  /// `data` as one zstd frame compressed with this dictionary.
  std::string compress(std::string_view data) const;
  /// What compress() was given. Throws InvalidInput for a frame that is
  /// corrupt, made with another dictionary, or larger than `max_size` once
  /// decompressed.
  std::string decompress(std::string_view frame, std::size_t max_size) const;

 private:
  struct Tables;
  explicit RecordDictionary(std::string bytes);
  std::string bytes_;
  std::uint32_t id_ = 0;
  std::unique_ptr<Tables> tables_;
};

}  // namespace m4d
