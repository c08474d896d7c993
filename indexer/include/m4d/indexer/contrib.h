#pragma once
/// Editors' contributions: the `contrib/` folder of a corpus, the source of
/// truth for every document added, changed or removed through the API.
///
/// Layout: `contrib/<id>.json` is the current version of a unit (a new
/// document, a correction of a publication's unit, or a tombstone);
/// `contrib/history/<id>/<time>.json` keeps every replaced version. Files are
/// written atomically (temporary file, fsync, rename, fsync of the directory).
#include <chrono>
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

/// Limits of an editor's document (the API's and the stored files').
inline constexpr std::size_t kMaxTitleChars = 300;
inline constexpr std::size_t kMinTextChars = 50;
inline constexpr std::size_t kMaxTextChars = 200000;
inline constexpr std::size_t kMaxTagsPerFacet = 50;
inline constexpr std::size_t kMaxSourceFieldChars = 500;
/// The unit types an editor may give a document.
inline const std::vector<std::string> kEditableTypes = {kTypeCaseStudy, kTypeTextBox, kTypeHandbookSection,
                                                        kTypeProject, kTypeArticle};

/// What an editor controls of one unit. Applied over the publication's unit
/// of the same id (a correction) or over nothing (a new document).
struct Contribution {
  std::string id;                      ///< Unit id.
  bool deleted = false;                ///< A tombstone: the unit is removed from the corpus.
  std::string title;                   ///< 1-300 characters.
  std::optional<std::string> text;     ///< Clean text; absent keeps the publication's text and sections.
  std::string lang;                    ///< BCP 47 code (detected when the editor gave none).
  std::string type;                    ///< Unit type (kType*).
  SourceRef source;                    ///< Where the document comes from (publication, publisher, year, path).
  std::vector<std::string> countries;  ///< Editor's country tags (ISO 3166-1 alpha-2), primary.
  /// Editor's countries that are only mentioned (where a diaspora lives, a partner country); never in `countries`.
  std::vector<std::string> mentioned_countries;
  std::vector<std::string> themes;       ///< Editor's theme tags.
  std::vector<std::string> sdg_targets;  ///< Editor's SDG target tags (canonical ids).
  /// The editor reviewed the tagger's suggestions: the unit keeps the
  /// editor's tags only (those not accepted are not stored as inferred).
  bool tags_reviewed = false;
  std::string created;  ///< UTC time of the first version (ISO 8601).
  std::string updated;  ///< UTC time of this version (ISO 8601).
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

/// What is wrong with stored contribution `c` by the rules the API enforces
/// (lengths, language, type, tags known to `taxonomy`), or "" when nothing is.
std::string contribution_problem(const Contribution& c, const Taxonomy& taxonomy);

/// A contribution file that cannot be used, and why.
struct RejectedContribution {
  std::filesystem::path file;
  std::string reason;
};

/// The files of a contrib/ folder: those that can be used, ordered by id, and the others.
struct ContribScan {
  std::vector<StoredContribution> valid;
  std::vector<RejectedContribution> rejected;
};

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

  /// Every current version that decodes, names its own file and passes
  /// contribution_problem(); the other files are listed as rejected.
  ContribScan scan(const Taxonomy& taxonomy) const;

  /// Moves a rejected file into contrib/quarantine/ (kept, out of the way
  /// of the next scan) and returns where it went. Throws RuntimeFailure.
  std::filesystem::path quarantine(const std::filesystem::path& file) const;

  /// The folder (corpus_dir/contrib).
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

/// The unit an editor's contribution makes: `base` (the unit of the same id
/// from the publications, or null for a new document) with the editor's
/// fields applied; untagged. Text, when given, replaces the base's sections.
Unit apply_contribution(const Unit* base, const Contribution& c);

/// Applies the usable contributions stored under `corpus_dir`/contrib (see
/// ContribStore::scan) to the publications' `units`: tombstoned units are
/// removed, corrected units are replaced in place, new units appended in id
/// order (all untagged). Returns the scan: every contribution applied,
/// tombstones included, and the files left out.
ContribScan overlay_contributions(std::vector<Unit>& units, const std::filesystem::path& corpus_dir,
                                  const Taxonomy& taxonomy);

/// Adds the editor's tags to `unit` after Tagger::tag: an editor's value gets
/// provenance `editor` (keeping the tagger's evidence when it had found it
/// too); the editor's `countries` are primary and, when there are any, the
/// tagger's other countries become mentioned; the editor's
/// `mentioned_countries` are mentioned; regions are rolled up again.
void merge_editor_tags(Unit& unit, const Contribution& c, const Taxonomy& taxonomy);

/// Cleans text typed or pasted by an editor: NFC, Unix line ends, control
/// characters removed, spaces collapsed; paragraphs are separated by blank
/// lines (or, when the text has none, one per line).
std::string clean_editor_text(std::string_view text);

/// Cleans text extracted from a PDF with the publications' pipeline (page
/// furniture, hyphenation, wrapped lines, page-break splits).
std::string clean_extracted_text(std::string_view text, const HyphenationResolver& hyphens);

/// Limits of a PDF upload's extraction.
inline constexpr int kMaxPdfPages = 500;
inline constexpr std::chrono::seconds kMaxPdfSeconds{2};
inline constexpr std::size_t kMaxPdfTextBytes = 4 * kMaxTextChars;

/// Text of a PDF file's pages (poppler), in reading order. Throws InvalidInput
/// when `bytes` is not a readable PDF, is encrypted, has more than
/// kMaxPdfPages pages, takes more than kMaxPdfSeconds (checked between
/// pages) or holds more than kMaxPdfTextBytes of text.
std::string extract_pdf_text(std::string_view bytes);

/// A new unit id for a document titled `title`: "ed-" + ASCII slug (accents
/// dropped, at most 48 characters) + "-" + 6 random hex digits.
std::string new_contribution_id(std::string_view title);

}  // namespace m4d::indexer
