#include "m4d/editing/editor.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "m4d/indexer/contrib.h"
#include "m4d/indexer/corpus.h"
#include "m4d/indexer/index_builder.h"
#include "m4d/indexer/tagging.h"
#include "m4d/lang/language.h"
#include "m4d/lang/stemmer.h"
#include "m4d/schema.h"
#include "m4d/tagger.h"
#include "m4d/text.h"

namespace m4d::editing {

namespace fs = std::filesystem;
using indexer::Contribution;
using indexer::IndexChange;
using search::Engine;
using search::WriteGate;

namespace {

using indexer::kEditableTypes;
using indexer::kMaxSourceFieldChars;
using indexer::kMaxTagsPerFacet;

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

InvalidDocument::InvalidDocument(std::vector<FieldError> fields)
    : InvalidInput(fields.empty() ? "invalid document"
                                  : fields.front().field + ": " + fields.front().message +
                                        (fields.size() > 1 ? " (and " + std::to_string(fields.size() - 1) + " more)"
                                                           : std::string())),
      fields_(std::move(fields)) {}

InvalidDocument::InvalidDocument(std::string field, std::string message, std::string code)
    : InvalidDocument(std::vector<FieldError>{{std::move(field), std::move(message), std::move(code)}}) {}

DocumentDraft draft_from_pdf(const PdfUpload& upload) {
  auto field = [&](const std::string& name) -> std::optional<std::string> {
    const auto it = upload.fields.find(name);
    if (it == upload.fields.end() || it->second.empty()) return std::nullopt;
    return it->second.front();
  };
  // Comma-separated values, over every part of that name.
  auto list = [&](const std::string& name) -> std::optional<std::vector<std::string>> {
    const auto it = upload.fields.find(name);
    if (it == upload.fields.end()) return std::nullopt;
    std::vector<std::string> out;
    for (std::string_view rest : it->second) {
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string v = collapse_spaces(rest.substr(0, comma));
        if (!v.empty()) out.push_back(v);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
    }
    return out;
  };
  for (const auto& [name, values] : upload.fields)
    for (const auto& v : values)
      if (!is_valid_utf8(v)) throw InvalidDocument(name, "is not valid UTF-8", "not_utf8");
  DocumentDraft d;
  try {
    d.text = indexer::extract_pdf_text(upload.bytes);
  } catch (const InvalidInput& e) {
    throw InvalidDocument("file", e.what(), "unreadable_file");
  }
  d.text_is_extracted = true;
  d.title = field("title");
  if (!d.title || collapse_spaces(*d.title).empty()) {
    // No title given: the first line of the PDF's text, else the file name.
    std::string first;
    for (std::string_view line : split_lines(*d.text))
      if (!(first = collapse_spaces(line)).empty()) break;
    if (first.size() < 3 || first.size() > 200) first = fs::path(upload.filename).stem().string();
    d.title = first;
  }
  d.lang = field("lang");
  d.type = field("type");
  d.countries = list("countries");
  d.mentioned_countries = list("mentioned_countries");
  d.themes = list("themes");
  d.sdg_targets = list("sdg_targets");
  if (auto reviewed = field("tags_reviewed")) {
    if (*reviewed != "true" && *reviewed != "false") throw InvalidDocument("tags_reviewed", "must be true or false");
    d.tags_reviewed = *reviewed == "true";
  }
  const auto publication = field("publication");
  const auto url = field("url");
  if (publication || url)
    d.source = SourceRef{"", publication.value_or(""), field("publisher").value_or(""), field("year").value_or(""),
                         "", url.value_or("")};
  return d;
}

struct Editor::Impl {
  fs::path index;
  fs::path corpus_dir;
  std::function<void(const std::string&)> log;
  Taxonomy taxonomy;
  std::unique_ptr<Tagger> tagger;
  indexer::ContribStore store;
  HyphenationResolver hyphens;

  // Serialises every change from reading the current version to queueing it,
  // so that changes reach the index in the order their files were written.
  // Readers of `reader` also hold `gate` shared, so that the writer thread
  // cannot overwrite what they read (so the reader takes no gate itself).
  std::mutex edit_mutex;
  WriteGate& gate;
  Engine reader;        // guarded by edit_mutex
  fs::path reader_dir;  // generation the reader (and the last recovery) saw

  // The writer thread and its queue.
  struct Job {
    std::vector<IndexChange> changes;
    std::promise<void> done;
  };
  std::mutex queue_mutex;
  std::condition_variable queue_cv;
  std::deque<Job*> queue;
  bool stopping = false;
  std::unique_ptr<indexer::IndexUpdater> updater;  // used by the writer thread only
  std::thread writer;

  Impl(fs::path index_path, fs::path corpus, WriteGate& write_gate, std::function<void(const std::string&)> log_fn)
      : index(std::move(index_path)),
        corpus_dir(std::move(corpus)),
        log(std::move(log_fn)),
        taxonomy(search::load_index_taxonomy(index)),
        store(corpus_dir),
        hyphens(indexer::load_word_list(indexer::kEnglishWordList)),
        gate(write_gate),
        reader(index, nullptr) {
    std::vector<LabeledExample> examples;
    try {
      examples = indexer::decode_examples(reader.metadata(std::string(schema::kMetaTaggerExamples)));
    } catch (const InvalidInput& e) {
      throw RuntimeFailure(index.string() + ": " + e.what() + "; rebuild the index with m4d-index");
    }
    tagger = std::make_unique<Tagger>(taxonomy, lang::stem, std::move(examples));
    updater = std::make_unique<indexer::IndexUpdater>(index);
    writer = std::thread([this] { write_loop(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(queue_mutex);
      stopping = true;
    }
    queue_cv.notify_all();
    writer.join();
  }

  void write_loop() {
    for (;;) {
      std::vector<Job*> batch;
      {
        std::unique_lock lock(queue_mutex);
        queue_cv.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;  // stopping, and everything queued was applied
        batch.assign(queue.begin(), queue.end());
        queue.clear();
      }
      std::vector<IndexChange> changes;
      for (Job* j : batch) changes.insert(changes.end(), j->changes.begin(), j->changes.end());
      try {
        // A rebuild by m4d-index repoints the index path: write to the new generation.
        std::error_code ec;
        if (!updater || fs::canonical(index, ec) != updater->database_dir()) {
          updater.reset();
          updater = std::make_unique<indexer::IndexUpdater>(index);
        }
        std::unique_lock no_readers(gate);
        updater->apply(changes);
        for (Job* j : batch) j->done.set_value();
      } catch (...) {
        updater.reset();  // reopened for the next batch
        for (Job* j : batch) j->done.set_exception(std::current_exception());
      }
    }
  }

  // Queues `changes` and waits until they are committed. Call without edit_mutex.
  void commit(std::vector<IndexChange> changes) {
    if (changes.empty()) return;
    Job job{std::move(changes), {}};
    auto done = job.done.get_future();
    {
      std::lock_guard lock(queue_mutex);
      queue.push_back(&job);
    }
    queue_cv.notify_one();
    done.get();  // rethrows the writer's failure
  }

  // --- Reading the current state (edit_mutex held) ---

  // Notes the generation the reader now reads (a rebuild by m4d-index switches it).
  void refresh_reader() { reader_dir = reader.generation(); }

  std::optional<Unit> current(const std::string& id) { return reader.document(id); }

  // The tagged unit of contribution `c`; `current_unit` is the index's unit of that id.
  Unit make_unit(const Contribution& c, const std::optional<Unit>& current_unit) const {
    const bool is_new = c.source.publication_id == indexer::kContribPublicationId;
    Unit u = indexer::apply_contribution(is_new || !current_unit ? nullptr : &*current_unit, c);
    tagger->tag(u);
    indexer::merge_editor_tags(u, c, taxonomy);
    return u;
  }

  // Changes for every contribution file whose version the index lacks.
  std::vector<IndexChange> pending_contributions() {
    std::vector<IndexChange> changes;
    const indexer::ContribScan scan = store.scan(taxonomy);
    // A file the API would refuse never stops the service: it is set aside, named in the log.
    for (const auto& r : scan.rejected) {
      try {
        log("editing: quarantined " + r.file.string() + " -> " + store.quarantine(r.file).string() + ": " + r.reason);
      } catch (const RuntimeFailure& e) {
        log(std::string("editing: ignored ") + r.file.string() + ": " + r.reason + " (" + e.what() + ")");
      }
    }
    for (const auto& sc : scan.valid) {
      const Contribution& c = sc.contribution;
      if (reader.metadata(std::string(schema::kMetaContribPrefix) + c.id) == sc.digest) continue;
      if (c.deleted)
        changes.push_back({c.id, std::nullopt, sc.digest});
      else
        changes.push_back({c.id, make_unit(c, current(c.id)), sc.digest});
    }
    return changes;
  }

  // Recovery before a change when the index was rebuilt since we last looked.
  std::vector<IndexChange> begin_change() {
    const fs::path before = reader_dir;
    refresh_reader();
    if (!before.empty() && before != reader_dir) {
      log("editing: the index was rebuilt; re-applying contributions it lacks");
      return pending_contributions();
    }
    return {};
  }

  // --- Validation ---

  // Applies `draft` to `c` and validates the result; throws InvalidDocument.
  void apply_draft(Contribution& c, const DocumentDraft& draft, bool require_title) const {
    std::vector<FieldError> errors;
    if (draft.title) c.title = collapse_spaces(to_nfc(*draft.title));
    if (draft.text)
      c.text = draft.text_is_extracted ? indexer::clean_extracted_text(*draft.text, hyphens)
                                       : indexer::clean_editor_text(*draft.text);
    if (draft.lang) c.lang = *draft.lang;
    if (draft.type) c.type = *draft.type;
    if (draft.tags_reviewed) c.tags_reviewed = *draft.tags_reviewed;
    if (draft.source) {
      c.source.publication = collapse_spaces(draft.source->publication);
      c.source.publisher = collapse_spaces(draft.source->publisher);
      c.source.year = collapse_spaces(draft.source->year);
      c.source.section_path = collapse_spaces(draft.source->section_path);
      c.source.url = collapse_spaces(draft.source->url);
    }

    if (c.title.empty() && require_title)
      errors.push_back({"title", "a title is required", "required"});
    else if (code_points(c.title) > kMaxTitleChars)
      errors.push_back({"title", "must be at most 300 characters (got " + std::to_string(code_points(c.title)) + ")",
                        "too_long", kMaxTitleChars, code_points(c.title)});
    if (!c.text && c.source.publication_id == indexer::kContribPublicationId) {
      errors.push_back({"text", "a text is required", "required"});
    } else if (c.text) {
      const std::size_t n = code_points(*c.text);
      if (n < kMinTextChars)
        errors.push_back(
            {"text", "must be at least 50 characters (got " + std::to_string(n) + ")", "too_short", kMinTextChars, n});
      else if (n > kMaxTextChars)
        errors.push_back({"text", "must be at most 200,000 characters (got " + std::to_string(n) + ")", "too_long",
                          kMaxTextChars, n});
    }
    if (!c.lang.empty() && !lang::is_document_language(c.lang)) {
      std::string list;
      for (const auto& l : lang::document_languages()) list += (list.empty() ? "" : ", ") + l;
      errors.push_back(
          {"lang", "unknown language '" + c.lang + "' (one of " + list + ")", "unknown_value", 0, 0, c.lang});
    }
    if (!c.type.empty() && std::find(kEditableTypes.begin(), kEditableTypes.end(), c.type) == kEditableTypes.end())
      errors.push_back(
          {"type", "unknown type '" + c.type + "' (one of case_study, text_box, handbook_section, project, article)",
           "unknown_value", 0, 0, c.type});
    for (const auto* f : {&c.source.publication, &c.source.publisher, &c.source.year, &c.source.section_path})
      if (code_points(*f) > kMaxSourceFieldChars)
        errors.push_back(
            {"source", "fields must be at most 500 characters", "too_long", kMaxSourceFieldChars, code_points(*f)});
    if (!c.source.url.empty() && !is_web_link(c.source.url))
      errors.push_back({"source.url", "must be a web link starting with http:// or https://", "not_a_link"});

    auto check_list = [&](const char* field, const std::optional<std::vector<std::string>>& given,
                          std::vector<std::string>& out,
                          const std::function<std::optional<std::string>(const std::string&)>& canonical) {
      if (!given) return;
      out.clear();
      if (given->size() > kMaxTagsPerFacet) {
        errors.push_back({field, "at most 50 values", "too_many", kMaxTagsPerFacet});
        return;
      }
      for (std::size_t i = 0; i < given->size(); ++i) {
        const auto id = canonical((*given)[i]);
        if (!id)
          errors.push_back({std::string(field) + "[" + std::to_string(i) + "]", "unknown value '" + (*given)[i] + "'",
                            "unknown_value", 0, 0, (*given)[i]});
        else if (std::find(out.begin(), out.end(), *id) == out.end())
          out.push_back(*id);
      }
    };
    auto country_code = [&](const std::string& v) -> std::optional<std::string> {
      std::string code = v;
      std::transform(code.begin(), code.end(), code.begin(), [](unsigned char ch) { return std::toupper(ch); });
      if (code.size() == 2 && taxonomy.country(code)) return code;
      return std::nullopt;
    };
    check_list("countries", draft.countries, c.countries, country_code);
    check_list("mentioned_countries", draft.mentioned_countries, c.mentioned_countries, country_code);
    std::erase_if(c.mentioned_countries, [&](const std::string& id) {  // a primary country is not also "mentioned"
      return std::find(c.countries.begin(), c.countries.end(), id) != c.countries.end();
    });
    check_list("themes", draft.themes, c.themes, [&](const std::string& v) -> std::optional<std::string> {
      if (taxonomy.theme(v)) return v;
      return std::nullopt;
    });
    check_list("sdg_targets", draft.sdg_targets, c.sdg_targets,
               [&](const std::string& v) { return taxonomy.canonical_target(v); });
    if (!errors.empty()) throw InvalidDocument(std::move(errors));
  }
};

Editor::Editor(fs::path index, fs::path corpus_dir, WriteGate& gate, std::function<void(const std::string&)> log)
    : impl_(std::make_unique<Impl>(std::move(index), std::move(corpus_dir), gate, std::move(log))) {}

Editor::~Editor() = default;

std::size_t Editor::recover() {
  std::vector<IndexChange> changes;
  {
    std::lock_guard lock(impl_->edit_mutex);
    std::shared_lock no_writer(impl_->gate);
    impl_->refresh_reader();
    changes = impl_->pending_contributions();
  }
  const std::size_t n = changes.size();
  impl_->commit(std::move(changes));
  return n;
}

Unit Editor::preview(const DocumentDraft& draft) const {
  Contribution c;
  c.source.publication_id = indexer::kContribPublicationId;
  impl_->apply_draft(c, draft, /*require_title=*/false);
  if (c.title.empty()) c.title = "-";
  c.tags_reviewed = false;  // a preview shows every suggestion, whatever the draft says
  return impl_->make_unit(c, std::nullopt);
}

std::string Editor::new_id(const DocumentDraft& draft) {
  return indexer::new_contribution_id(draft.title.value_or(""));
}

Unit Editor::create(const DocumentDraft& draft, const std::string& preferred) {
  Contribution c;
  c.source.publication_id = indexer::kContribPublicationId;
  impl_->apply_draft(c, draft, /*require_title=*/true);
  if (c.source.publication.empty()) c.source.publication = "Editors' contributions";
  if (c.type.empty()) c.type = kTypeCaseStudy;
  std::vector<IndexChange> changes;
  Unit unit;
  {
    std::lock_guard lock(impl_->edit_mutex);
    std::shared_lock no_writer(impl_->gate);
    changes = impl_->begin_change();
    c.id = preferred;
    while (c.id.empty() || impl_->current(c.id) || impl_->store.load(c.id))
      c.id = indexer::new_contribution_id(c.title);
    c.created = c.updated = indexer::utc_timestamp();
    unit = impl_->make_unit(c, std::nullopt);
    c.lang = unit.lang;  // the detected language is part of the record
    const std::string digest = impl_->store.save(c);
    changes.push_back({c.id, unit, digest});
  }
  impl_->commit(std::move(changes));
  impl_->log("editing: created " + unit.id);
  return unit;
}

std::optional<Unit> Editor::update(const std::string& id, const DocumentDraft& draft) {
  std::vector<IndexChange> changes;
  Unit unit;
  {
    std::lock_guard lock(impl_->edit_mutex);
    std::shared_lock no_writer(impl_->gate);
    changes = impl_->begin_change();
    const std::optional<Unit> existing = impl_->current(id);
    if (!existing) return std::nullopt;
    const auto previous = impl_->store.load(id);
    Contribution c;
    if (previous && !previous->contribution.deleted) {
      c = previous->contribution;
    } else {
      // First correction of a publication's unit: the editor's record starts from it.
      c.id = id;
      c.title = existing->title;
      c.lang = existing->lang;
      c.type = existing->type;
      c.source = existing->source;
      c.created = indexer::utc_timestamp();
    }
    impl_->apply_draft(c, draft, /*require_title=*/true);
    c.updated = indexer::utc_timestamp();
    unit = impl_->make_unit(c, existing);
    c.lang = unit.lang;
    const std::string digest = impl_->store.save(c);
    changes.push_back({id, unit, digest});
  }
  impl_->commit(std::move(changes));
  impl_->log("editing: updated " + id);
  return unit;
}

bool Editor::remove(const std::string& id) {
  std::vector<IndexChange> changes;
  {
    std::lock_guard lock(impl_->edit_mutex);
    std::shared_lock no_writer(impl_->gate);
    changes = impl_->begin_change();
    if (!impl_->current(id)) return false;
    Contribution c;
    c.id = id;
    c.deleted = true;
    const auto previous = impl_->store.load(id);
    c.updated = indexer::utc_timestamp();
    c.created = previous ? previous->contribution.created : c.updated;
    const std::string digest = impl_->store.save(c);
    changes.push_back({id, std::nullopt, digest});
  }
  impl_->commit(std::move(changes));
  impl_->log("editing: removed " + id);
  return true;
}

}  // namespace m4d::editing
