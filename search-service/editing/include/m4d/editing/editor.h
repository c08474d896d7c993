#pragma once
/// Editing: editors' documents validated, tagged, written durably to the
/// corpus (the source of truth) and then applied to the live index by one
/// writer thread. No HTTP, no JSON.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "m4d/errors.h"
#include "m4d/indexer/contrib.h"
#include "m4d/search/engine.h"
#include "m4d/search/write_gate.h"
#include "m4d/unit.h"

namespace m4d::editing {

/// One invalid field of a submitted document.
struct FieldError {
  FieldError(std::string field, std::string message, std::string code = "invalid", std::size_t limit = 0,
             std::size_t got = 0, std::string value = {})
      : field(std::move(field)),
        message(std::move(message)),
        code(std::move(code)),
        limit(limit),
        got(got),
        value(std::move(value)) {}
  std::string field;    ///< API field name ("title", "countries[1]").
  std::string message;  ///< What is wrong, in English.
  /// What is wrong, for clients that say it in their own words: "required",
  /// "too_short", "too_long" (with `limit` and `got`), "too_many" (`limit`),
  /// "unknown_value" (`value`), "not_utf8", "unreadable_file", "invalid".
  std::string code;
  std::size_t limit;  ///< The bound broken (characters or values), 0 when none.
  std::size_t got;    ///< How many characters there are, with too_short / too_long.
  std::string value;  ///< The value not recognised, with unknown_value.
};

/// A submitted document is invalid; carries every field at fault.
class InvalidDocument : public InvalidInput {
 public:
  explicit InvalidDocument(std::vector<FieldError> fields);
  /// One invalid field.
  InvalidDocument(std::string field, std::string message, std::string code = "invalid");
  const std::vector<FieldError>& fields() const { return fields_; }

 private:
  std::vector<FieldError> fields_;
};

/// What an editor submits. An absent field is not given: a new document gets
/// defaults (language detected, type case_study), a change keeps the value.
struct DocumentDraft {
  std::optional<std::string> title;
  std::optional<std::string> text;
  std::optional<std::string> lang;
  std::optional<std::string> type;
  std::optional<std::vector<std::string>> countries;            ///< Where the practice happens (primary).
  std::optional<std::vector<std::string>> mentioned_countries;  ///< Only mentioned (e.g. where a diaspora lives).
  std::optional<std::vector<std::string>> themes;
  std::optional<std::vector<std::string>> sdg_targets;
  std::optional<SourceRef> source;    ///< publication, publisher, year, section_path.
  std::optional<bool> tags_reviewed;  ///< See Contribution::tags_reviewed; absent keeps the stored value.
  bool text_is_extracted = false;     ///< The text comes from a PDF: clean it like the publications.
};

/// A PDF uploaded with its form fields (multipart/form-data).
struct PdfUpload {
  std::string bytes;                                       ///< The file.
  std::string filename;                                    ///< As the browser sent it (may be empty).
  std::map<std::string, std::vector<std::string>> fields;  ///< Other form fields, each value as sent.
};

/// The draft of an uploaded PDF: the text of its pages (cleaned like the
/// publications' when stored), the title from the `title` field, else the
/// first line of the text, else the file name; `lang`, `type`, `publication`,
/// `publisher`, `year`, `url` from their fields; `countries`,
/// `mentioned_countries`, `themes`, `sdg_targets` as comma-separated lists. Throws InvalidDocument (unreadable
/// PDF, a field that is not UTF-8).
DocumentDraft draft_from_pdf(const PdfUpload& upload);

/// Limits of an editor's document (shared with the files read at start).
using indexer::kMaxTextChars;
using indexer::kMaxTitleChars;
using indexer::kMinTextChars;

/// The editing side of the service. Thread-safe: handlers call it from any
/// thread; changes are serialised and applied in order by one writer thread,
/// several at a time in one transaction when they arrive together.
class Editor {
 public:
  /// Opens the index at `index` for writing (it holds the taxonomy and the
  /// tagger's examples) and the contributions under `corpus_dir`/contrib.
  /// `log` receives one line per applied change. The writer holds `gate`
  /// exclusively while it changes the index; it must outlive the editor.
  /// Throws RuntimeFailure.
  Editor(std::filesystem::path index, std::filesystem::path corpus_dir, search::WriteGate& gate,
         std::function<void(const std::string&)> log);
  ~Editor();
  Editor(const Editor&) = delete;
  Editor& operator=(const Editor&) = delete;

  /// Applies every contribution on disk whose version the index lacks (the
  /// window between writing the file and committing the index). Returns how
  /// many were applied. Called at start and after an index rebuild.
  std::size_t recover();

  /// The unit `draft` would make, tagged; nothing stored. A title is not
  /// required. Throws InvalidDocument.
  Unit preview(const DocumentDraft& draft) const;

  /// Stores a new document, then indexes it; returns the stored unit once it
  /// is searchable. It gets the id `preferred` (one reserved beforehand, see
  /// new_id) unless that is empty or already used, then a new one. Throws
  /// InvalidDocument, RuntimeFailure.
  Unit create(const DocumentDraft& draft, const std::string& preferred = {});

  /// An id create() can give `draft`: its title's slug and a random suffix.
  static std::string new_id(const DocumentDraft& draft);

  /// Changes unit `id` (a new document or a publication's unit); fields absent
  /// from `draft` keep their value. nullopt when there is no such unit.
  std::optional<Unit> update(const std::string& id, const DocumentDraft& draft);

  /// Removes unit `id` (a tombstone is kept). False when there is no such unit.
  bool remove(const std::string& id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace m4d::editing
