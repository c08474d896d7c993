#pragma once
/// Reading the corpus directory: manifest, publication files, segmentation.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "m4d/indexer/segmenter.h"

namespace m4d::indexer {

/// Progress sink: one human-readable line per call (the programs print it to stderr).
using ProgressFn = std::function<void(std::string_view)>;

/// Reads `corpus_dir`/manifest.json. Throws InvalidInput (naming the file and
/// the field) on a malformed manifest, RuntimeFailure when it cannot be read.
std::vector<Publication> load_manifest(const std::filesystem::path& corpus_dir);

/// Reads a whole UTF-8 text file and returns it in NFC. Throws RuntimeFailure
/// when unreadable, InvalidInput (with the byte offset) on invalid UTF-8.
std::string read_text_file(const std::filesystem::path& file);

/// The English word list that decides line-break hyphens (Debian's wamerican).
/// Named explicitly: /usr/share/dict/words follows whichever word list
/// dictionaries-common made the default, French or Spanish ones included.
inline constexpr const char* kEnglishWordList = "/usr/share/dict/american-english";

/// Reads a word list (one word per line, lower-cased on load). A missing file gives an empty list.
std::unordered_set<std::string> load_word_list(const std::filesystem::path& file);

/// A corpus read and segmented.
struct LoadedCorpus {
  std::vector<Publication> publications;
  std::vector<Segmentation> segmentations;  ///< Parallel to publications.
  std::vector<Unit> units;                  ///< All units, in manifest order.
};

/// Reads every publication of the manifest, learns hyphenation evidence from
/// all of them, and segments each. Unit ids are checked to be unique.
LoadedCorpus load_corpus(const std::filesystem::path& corpus_dir, const std::filesystem::path& word_list,
                         const ProgressFn& progress);

}  // namespace m4d::indexer
