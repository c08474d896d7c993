#pragma once
/// Editors' contributions: the `contrib/` folder of a corpus, the source of
/// truth for every document added, changed or removed through the API.
///
/// Layout: `contrib/<id>.json` is the current version of a unit (a new
/// document, a correction of a publication's unit, or a tombstone);
/// `contrib/history/<id>/<time>.json` keeps every replaced version. Files are
/// written atomically (temporary file, fsync, rename, fsync of the directory).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "m4d/hyphenation.h"
#include "m4d/taxonomy.h"
#include "m4d/unit.h"

namespace m4d::indexer {

/// Publication id of units that editors created (their `source.publication_id`).
inline constexpr const char* kContribPublicationId = "contrib";

/// What an editor controls of one unit. Applied over the publication's unit
/// of the same id (a correction) or over nothing (a new document).
struct Contribution {
  std::string id;                        ///< Unit id.
  bool deleted = false;                  ///< A tombstone: the unit is removed from the corpus.
  std::string title;                     ///< 1-300 characters.
  std::optional<std::string> text;       ///< Clean text; absent keeps the publication's text and sections.
  std::string lang;                      ///< BCP 47 code (detected when the editor gave none).
  std::string type;                      ///< Unit type (kType*).
  SourceRef source;                      ///< Where the document comes from (publication, publisher, year, path).
  std::vector<std::string> countries;    ///< Editor's country tags (ISO 3166-1 alpha-2), primary.
  std::vector<std::string> themes;       ///< Editor's theme tags.
  std::vector<std::string> sdg_targets;  ///< Editor's SDG target tags (canonical ids).
  std::string created;                   ///< UTC time of the first version (ISO 8601).
  std::string updated;                   ///< UTC time of this version (ISO 8601).
};

/// A contribution as read from disk, with the digest of its file.
struct StoredContribution {
  Contribution contribution;
  std::string digest;  ///< content_digest() of the file: changes with every version.
};

/// JSON text of `c`, as stored in contrib/<id>.json.
std::string encode_contribution(const Contribution& c);

/// Parses a contrib file. Throws InvalidInput naming `origin` on a malformed file.
Contribution decode_contribution(std::string_view json_text, const std::string& origin);

/// A short hex digest of `bytes` (64-bit FNV-1a): tells file versions apart.
std::string content_digest(std::string_view bytes);

/// Current UTC time as ISO 8601 with microseconds ("2026-11-23T21:36:02.123456Z").
std::string utc_timestamp();

/// Writes `contents` to `file` so that after a crash the file holds either its
/// old contents or the new ones, never a mix: temporary file in the same
/// directory, fsync, rename, fsync of the directory. Throws RuntimeFailure.
void write_file_atomically(const std::filesystem::path& file, std::string_view contents);

/// The contrib/ folder of a corpus directory. Not synchronised: one writer at a time.
class ContribStore {
 public:
  /// `corpus_dir` need not contain contrib/ yet; it is created on first save.
  explicit ContribStore(const std::filesystem::path& corpus_dir);

  /// Durably makes `c` the current version of unit `c.id`; the version it
  /// replaces (if any) is first copied to history/. Returns the digest of
  /// the file written. Throws RuntimeFailure.
  std::string save(const Contribution& c);

  /// The current version of unit `id` (tombstones included), or nullopt.
  std::optional<StoredContribution> load(const std::string& id) const;

  /// Every current version, ordered by id. Throws InvalidInput on a malformed file.
  std::vector<StoredContribution> all() const;

  /// The folder (corpus_dir/contrib).
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

/// The unit an editor's contribution makes: `base` (the unit of the same id
/// from the publications, or null for a new document) with the editor's
/// fields applied; untagged. Text, when given, replaces the base's sections.
Unit apply_contribution(const Unit* base, const Contribution& c);

/// Applies the contributions stored under `corpus_dir`/contrib to the
/// publications' `units`: tombstoned units are removed, corrected units are
/// replaced in place, new units appended in id order (all untagged). Returns
/// every contribution read, tombstones included. Throws InvalidInput on a
/// malformed contrib file.
std::vector<StoredContribution> overlay_contributions(std::vector<Unit>& units,
                                                      const std::filesystem::path& corpus_dir);

/// Adds the editor's tags to `unit` after Tagger::tag: an editor's value gets
/// provenance `editor` (keeping the tagger's evidence when it had found it
/// too); editor countries are primary and the tagger's other countries become
/// mentioned; regions are rolled up again.
void merge_editor_tags(Unit& unit, const Contribution& c, const Taxonomy& taxonomy);

/// Cleans text typed or pasted by an editor: NFC, Unix line ends, control
/// characters removed, spaces collapsed; paragraphs are separated by blank
/// lines (or, when the text has none, one per line).
std::string clean_editor_text(std::string_view text);

/// Cleans text extracted from a PDF with the publications' pipeline (page
/// furniture, hyphenation, wrapped lines, page-break splits).
std::string clean_extracted_text(std::string_view text, const HyphenationResolver& hyphens);

/// Text of a PDF file's pages (poppler), in reading order. Throws InvalidInput
/// when `bytes` is not a readable PDF or is encrypted.
std::string extract_pdf_text(std::string_view bytes);

/// A new unit id for a document titled `title`: "ed-" + ASCII slug (accents
/// dropped, at most 48 characters) + "-" + 6 random hex digits.
std::string new_contribution_id(std::string_view title);

}  // namespace m4d::indexer
