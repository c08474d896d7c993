#include "m4d/indexer/contrib.h"

#include <fcntl.h>
#include <poppler-document.h>
#include <poppler-page.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>

#include "m4d/errors.h"
#include "m4d/indexer/corpus.h"
#include "m4d/indexer/segmenter.h"
#include "m4d/indexer/text_cleanup.h"
#include "m4d/lang/language.h"
#include "m4d/text.h"

namespace m4d::indexer {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kHistoryDir = "history";

// An IO failure: StorageFull when the device (or quota) has no space left.
[[noreturn]] void io_failure(const std::string& what, int err) {
  const std::string message = what + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) throw StorageFull(message);
  throw RuntimeFailure(message);
}

void fsync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) io_failure(p.string() + ": cannot open for fsync", errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) io_failure(p.string() + ": fsync failed", err);
}

std::string read_file(const fs::path& file) {
  std::string out;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw RuntimeFailure(file.string() + ": cannot read: " + std::strerror(errno));
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw RuntimeFailure(file.string() + ": cannot read: " + std::strerror(err));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

json strings_json(const std::vector<std::string>& v) { return json(v); }

std::vector<std::string> strings_of(const json& j, const char* name, const std::string& origin) {
  std::vector<std::string> out;
  if (!j.contains(name)) return out;
  if (!j[name].is_array()) throw InvalidInput(origin + ": \"" + name + "\" must be an array of strings");
  for (const auto& v : j[name]) {
    if (!v.is_string()) throw InvalidInput(origin + ": \"" + name + "\" must be an array of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

// Unit ids are URL-safe slugs; anything else never names a file.
void check_id(const std::string& id) {
  if (id.empty() || id.size() > 200 ||
      id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos || id.front() == '.')
    throw InvalidInput("'" + id + "' is not a valid unit id");
}

}  // namespace

std::string encode_contribution(const Contribution& c) {
  json j = {{"id", c.id}, {"deleted", c.deleted}, {"created", c.created}, {"updated", c.updated}};
  if (!c.deleted) {
    j["title"] = c.title;
    if (c.text) j["text"] = *c.text;
    j["lang"] = c.lang;
    j["type"] = c.type;
    j["source"] = {{"publication_id", c.source.publication_id},
                   {"publication", c.source.publication},
                   {"publisher", c.source.publisher},
                   {"year", c.source.year},
                   {"section_path", c.source.section_path}};
    if (!c.source.url.empty()) j["source"]["url"] = c.source.url;
    j["countries"] = strings_json(c.countries);
    if (!c.mentioned_countries.empty()) j["mentioned_countries"] = strings_json(c.mentioned_countries);
    j["themes"] = strings_json(c.themes);
    j["sdg_targets"] = strings_json(c.sdg_targets);
    if (c.tags_reviewed) j["tags_reviewed"] = true;
  }
  return j.dump(2, ' ', false) + "\n";
}

Contribution decode_contribution(std::string_view json_text, const std::string& origin) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {  // a syntax error, or a number out of range ("1e999")
    throw InvalidInput(origin + ": malformed JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw InvalidInput(origin + ": not a JSON object");
  auto str = [&](const json& o, const char* name) -> std::string {
    if (!o.contains(name) || o[name].is_null()) return {};
    if (!o[name].is_string()) throw InvalidInput(origin + ": \"" + name + "\" must be a string");
    return o[name].get<std::string>();
  };
  Contribution c;
  c.id = str(j, "id");
  if (c.id.empty()) throw InvalidInput(origin + ": no \"id\"");
  if (j.contains("deleted") && !j["deleted"].is_null()) {
    if (!j["deleted"].is_boolean()) throw InvalidInput(origin + ": \"deleted\" must be true or false");
    c.deleted = j["deleted"].get<bool>();
  }
  c.created = str(j, "created");
  c.updated = str(j, "updated");
  if (c.deleted) return c;
  c.title = str(j, "title");
  if (j.contains("text") && !j["text"].is_null()) c.text = str(j, "text");
  c.lang = str(j, "lang");
  c.type = str(j, "type");
  if (j.contains("source")) {
    const json& s = j["source"];
    if (!s.is_object()) throw InvalidInput(origin + ": \"source\" must be an object");
    c.source = {str(s, "publication_id"), str(s, "publication"),  str(s, "publisher"),
                str(s, "year"),           str(s, "section_path"), str(s, "url")};
  }
  c.countries = strings_of(j, "countries", origin);
  c.mentioned_countries = strings_of(j, "mentioned_countries", origin);
  c.themes = strings_of(j, "themes", origin);
  c.sdg_targets = strings_of(j, "sdg_targets", origin);
  if (j.contains("tags_reviewed") && !j["tags_reviewed"].is_null()) {
    if (!j["tags_reviewed"].is_boolean()) throw InvalidInput(origin + ": \"tags_reviewed\" must be true or false");
    c.tags_reviewed = j["tags_reviewed"].get<bool>();
  }
  return c;
}

std::string content_digest(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[64];
  std::snprintf(out, sizeof out, "%s.%06lldZ", buf, static_cast<long long>(micros));
  return out;
}

void write_file_atomically(const fs::path& file, std::string_view contents) {
  const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  std::string tmpl = (dir / ("." + file.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) io_failure(file.string() + ": cannot create a temporary file", errno);
  const fs::path tmp = tmpl;
  auto fail = [&](const std::string& what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    io_failure(file.string() + ": " + what, err);
  };
  std::size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) fail("cannot set permissions");
  if (::fsync(fd) != 0) fail("fsync failed");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    io_failure(file.string() + ": close failed", err);
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    io_failure(file.string() + ": rename failed", err);
  }
  fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

ContribStore::ContribStore(const fs::path& corpus_dir) : dir_(corpus_dir / "contrib") {}

std::string ContribStore::save(const Contribution& c) {
  check_id(c.id);
  std::error_code ec;
  if (!fs::is_directory(dir_)) {
    fs::create_directories(dir_, ec);
    if (ec) io_failure(dir_.string() + ": cannot create", ec.value());
    fsync_path(dir_.parent_path(), O_RDONLY | O_DIRECTORY);
  }
  const fs::path current = dir_ / (c.id + ".json");
  if (fs::exists(current)) {
    const fs::path history = dir_ / kHistoryDir / c.id;
    const bool created = !fs::is_directory(history);
    const bool created_parent = !fs::is_directory(history.parent_path());
    if (created) {
      fs::create_directories(history, ec);
      if (ec) io_failure(history.string() + ": cannot create", ec.value());
      fsync_path(history.parent_path(), O_RDONLY | O_DIRECTORY);
      fsync_path(dir_, O_RDONLY | O_DIRECTORY);
    }
    const std::string old = read_file(current);
    std::string name = utc_timestamp();
    std::replace(name.begin(), name.end(), ':', '-');
    try {
      write_file_atomically(history / (name + "-" + content_digest(old) + ".json"), old);
    } catch (const RuntimeFailure&) {
      // Nothing half-written: no empty history folder either.
      if (created) fs::remove(history, ec);
      if (created_parent) fs::remove(history.parent_path(), ec);
      throw;
    }
  }
  const std::string contents = encode_contribution(c);
  write_file_atomically(current, contents);
  return content_digest(contents);
}

std::optional<StoredContribution> ContribStore::load(const std::string& id) const {
  check_id(id);
  const fs::path file = dir_ / (id + ".json");
  if (!fs::is_regular_file(file)) return std::nullopt;
  const std::string bytes = read_file(file);
  return StoredContribution{decode_contribution(bytes, file.string()), content_digest(bytes)};
}

std::string contribution_problem(const Contribution& c, const Taxonomy& taxonomy) {
  if (c.deleted) return "";
  auto code_points = [](std::string_view v) {
    return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
  };
  if (c.title.empty() || code_points(c.title) > kMaxTitleChars) return "title: must be 1 to 300 characters";
  if (!c.text && c.source.publication_id == kContribPublicationId) return "text: a new document needs a text";
  if (c.text && (code_points(*c.text) < kMinTextChars || code_points(*c.text) > kMaxTextChars))
    return "text: must be 50 to 200,000 characters";
  if (!c.lang.empty() && !lang::is_document_language(c.lang)) return "lang: unknown language '" + c.lang + "'";
  if (!c.type.empty() && std::find(kEditableTypes.begin(), kEditableTypes.end(), c.type) == kEditableTypes.end())
    return "type: unknown type '" + c.type + "'";
  for (const auto* f : {&c.source.publication, &c.source.publisher, &c.source.year, &c.source.section_path})
    if (code_points(*f) > kMaxSourceFieldChars) return "source: fields must be at most 500 characters";
  if (c.countries.size() > kMaxTagsPerFacet || c.mentioned_countries.size() > kMaxTagsPerFacet ||
      c.themes.size() > kMaxTagsPerFacet || c.sdg_targets.size() > kMaxTagsPerFacet)
    return "tags: at most 50 values per facet";
  for (const auto& v : c.countries)
    if (!taxonomy.country(v)) return "countries: unknown country '" + v + "'";
  for (const auto& v : c.mentioned_countries)
    if (!taxonomy.country(v)) return "mentioned_countries: unknown country '" + v + "'";
  for (const auto& v : c.themes)
    if (!taxonomy.theme(v)) return "themes: unknown theme '" + v + "'";
  for (const auto& v : c.sdg_targets)
    if (taxonomy.canonical_target(v) != v) return "sdg_targets: unknown target '" + v + "'";
  return "";
}

ContribScan ContribStore::scan(const Taxonomy& taxonomy) const {
  ContribScan out;
  if (!fs::is_directory(dir_)) return out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir_)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.ends_with(".json") && !name.starts_with(".")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    try {
      const std::string bytes = read_file(f);
      Contribution c = decode_contribution(bytes, f.string());
      if (c.id + ".json" != f.filename().string()) {
        out.rejected.push_back({f, "its id '" + c.id + "' does not match the file name"});
      } else if (std::string problem = contribution_problem(c, taxonomy); !problem.empty()) {
        out.rejected.push_back({f, std::move(problem)});
      } else {
        out.valid.push_back({std::move(c), content_digest(bytes)});
      }
    } catch (const InvalidInput& e) {
      out.rejected.push_back({f, e.what()});
    }
  }
  return out;
}

fs::path ContribStore::quarantine(const fs::path& file) const {
  const fs::path dir = dir_ / "quarantine";
  fs::path to = dir / file.filename();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (fs::exists(to, ec)) to = dir / (file.filename().string() + "." + utc_timestamp());
  if (::rename(file.c_str(), to.c_str()) != 0)
    throw RuntimeFailure(file.string() + ": cannot move to " + dir.string() + ": " + std::strerror(errno));
  for (const fs::path& d : {dir, dir_}) {
    const int fd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }
  return to;
}

Unit apply_contribution(const Unit* base, const Contribution& c) {
  Unit u = base ? *base : Unit{};
  u.id = c.id;
  u.title = c.title;
  u.updated = c.updated;
  u.type = c.type.empty() ? (base ? base->type : kTypeCaseStudy) : c.type;
  if (c.text) {
    u.text = *c.text;
    u.sections.clear();
  }
  u.lang = c.lang.empty() ? (base && !base->lang.empty() ? base->lang : lang::detect_language(u.title + "\n" + u.text))
                          : c.lang;
  if (!base) {
    u.source = c.source;
    if (u.source.publication_id.empty()) u.source.publication_id = kContribPublicationId;
  } else if (!c.source.publication.empty()) {
    u.source = c.source;
  }
  return u;
}

ContribScan overlay_contributions(std::vector<Unit>& units, const fs::path& corpus_dir, const Taxonomy& taxonomy) {
  ContribScan contributions = ContribStore(corpus_dir).scan(taxonomy);
  for (const auto& sc : contributions.valid) {
    const Contribution& c = sc.contribution;
    auto it = std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.id == c.id; });
    if (c.deleted) {
      if (it != units.end()) units.erase(it);
    } else if (it != units.end()) {
      *it = apply_contribution(&*it, c);
    } else {
      units.push_back(apply_contribution(nullptr, c));
    }
  }
  return contributions;
}

void merge_editor_tags(Unit& unit, const Contribution& c, const Taxonomy& taxonomy) {
  auto merge = [](std::vector<Tag>& tags, const std::vector<std::string>& ids) {
    std::vector<Tag> out;
    for (const auto& id : ids) {
      Tag t{id, kProvenanceEditor, 1, {}, ""};
      auto it = std::find_if(tags.begin(), tags.end(), [&](const Tag& x) { return x.id == id; });
      if (it != tags.end()) {
        t.evidence = it->evidence;
        tags.erase(it);
      }
      out.push_back(std::move(t));
    }
    for (auto& t : tags) out.push_back(std::move(t));
    tags = std::move(out);
  };
  merge(unit.themes, c.themes);
  merge(unit.sdg_targets, c.sdg_targets);
  if (!c.countries.empty() || !c.mentioned_countries.empty()) {
    auto is_primary = [&](const std::string& id) {
      return std::find(c.countries.begin(), c.countries.end(), id) != c.countries.end();
    };
    std::vector<std::string> ids = c.countries;
    for (const auto& id : c.mentioned_countries)
      if (!is_primary(id)) ids.push_back(id);
    merge(unit.countries, ids);
    for (auto& t : unit.countries)
      if (t.provenance == kProvenanceEditor)
        t.role = is_primary(t.id) ? "primary" : "mentioned";
      else if (!c.countries.empty())
        t.role = "mentioned";
  }
  if (c.tags_reviewed) {  // the suggestions the editor did not accept are not the unit's tags
    for (auto* tags : {&unit.themes, &unit.sdg_targets, &unit.countries})
      std::erase_if(*tags, [](const Tag& t) { return t.provenance != kProvenanceEditor; });
  }
  unit.regions.clear();
  for (const auto& t : unit.countries)
    if (const Country* country = taxonomy.country(t.id))
      for (const auto& r : country->regions)
        if (std::find(unit.regions.begin(), unit.regions.end(), r) == unit.regions.end()) unit.regions.push_back(r);
}

std::string clean_editor_text(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch == '\r') {
      s.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (ch == '\t') {
      s.push_back(' ');
    } else if (ch < 0x20 && ch != '\n') {
      continue;  // other control characters
    } else {
      s.push_back(static_cast<char>(ch));
    }
  }
  s = to_nfc(s);
  const auto lines = split_lines(s);
  const bool has_blank_lines = std::any_of(lines.begin(), lines.end(), [](std::string_view l) {
    return l.find_first_not_of(" \u00A0") == std::string_view::npos;
  });
  std::vector<std::string> paragraphs;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) paragraphs.push_back(std::move(current));
    current.clear();
  };
  for (std::string_view line : lines) {
    const std::string clean = collapse_spaces(line);
    if (clean.empty()) {
      flush();
      continue;
    }
    if (!current.empty()) current.push_back(' ');
    current += clean;
    if (!has_blank_lines) flush();
  }
  flush();
  std::string out;
  for (const auto& p : paragraphs) out += (out.empty() ? "" : "\n\n") + p;
  return out;
}

std::string clean_extracted_text(std::string_view text, const HyphenationResolver& hyphens) {
  ParagraphList paragraphs(hyphens);
  for (const auto& b : split_blocks(to_nfc(text), BlockRules{}, hyphens, nullptr)) paragraphs.add(b);
  paragraphs.flush();
  return paragraphs.joined();
}

std::string extract_pdf_text(std::string_view bytes) {
  if (!bytes.starts_with("%PDF-")) throw InvalidInput("not a PDF file");
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) throw InvalidInput("the PDF cannot be read (damaged file)");
  if (doc->is_locked()) throw InvalidInput("the PDF is encrypted");
  if (doc->pages() > kMaxPdfPages)
    throw InvalidInput("the PDF has " + std::to_string(doc->pages()) + " pages (at most " +
                       std::to_string(kMaxPdfPages) + ")");
  const auto start = std::chrono::steady_clock::now();
  std::string out;
  for (int i = 0; i < doc->pages(); ++i) {
    // Poppler cannot be interrupted inside a page: the budget is checked between pages.
    if (std::chrono::steady_clock::now() - start > kMaxPdfSeconds)
      throw InvalidInput("the PDF takes too long to read (more than " + std::to_string(kMaxPdfSeconds.count()) +
                         " s for " + std::to_string(i) + " of its " + std::to_string(doc->pages()) + " pages)");
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    const poppler::byte_array utf8 = page->text().to_utf8();
    std::string text(utf8.begin(), utf8.end());
    std::replace(text.begin(), text.end(), '\f', '\n');
    // A page starts with a space: split_blocks treats such a line as a page start.
    out += " " + text + "\n";
    if (out.size() > kMaxPdfTextBytes)
      throw InvalidInput("the PDF holds more text than a document may (" + std::to_string(kMaxTextChars) +
                         " characters)");
  }
  if (!is_valid_utf8(out)) throw InvalidInput("the PDF text is not valid UTF-8");
  return out;
}

std::string new_contribution_id(std::string_view title) {
  std::string slug = slugify(search_key(title));
  if (slug.size() > 48) {
    slug.resize(48);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  if (slug.empty()) slug = "document";
  thread_local std::mt19937_64 rng(
      std::random_device{}() ^ static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%06llx", static_cast<unsigned long long>(rng() & 0xFFFFFF));
  return "ed-" + slug + "-" + suffix;
}

}  // namespace m4d::indexer
