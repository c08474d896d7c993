#include "m4d/indexer/corpus.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "m4d/errors.h"
#include "m4d/text.h"

namespace m4d::indexer {

namespace fs = std::filesystem;

std::string read_text_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw RuntimeFailure(file.string() + ": cannot open for reading");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw RuntimeFailure(file.string() + ": read error");
  std::string data = buf.str();
  if (std::size_t bad = utf8_error_offset(data); bad != std::string_view::npos)
    throw InvalidInput(file.string() + ": invalid UTF-8 at byte " + std::to_string(bad));
  return to_nfc(data);
}

std::unordered_set<std::string> load_word_list(const fs::path& file) {
  std::unordered_set<std::string> words;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && is_valid_utf8(line)) words.insert(fold_case(line));
  }
  return words;
}

std::vector<Publication> load_manifest(const fs::path& corpus_dir) {
  const fs::path file = corpus_dir / "manifest.json";
  const std::string text = read_text_file(file);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InvalidInput(file.string() + ": not valid JSON (" + e.what() + ")");
  }
  if (!doc.is_object() || !doc.contains("publications") || !doc["publications"].is_array())
    throw InvalidInput(file.string() + ": expected an object with a \"publications\" array");
  std::vector<Publication> pubs;
  std::set<std::string> ids;
  std::size_t k = 0;
  for (const auto& e : doc["publications"]) {
    auto field = [&](const char* name, bool required) -> std::string {
      if (!e.is_object() || !e.contains(name)) {
        if (required)
          throw InvalidInput(file.string() + ": publications[" + std::to_string(k) + "] lacks \"" + name + "\"");
        return {};
      }
      if (!e[name].is_string())
        throw InvalidInput(file.string() + ": publications[" + std::to_string(k) + "]." + name + " must be a string");
      return e[name].get<std::string>();
    };
    Publication p{field("id", true),       field("title", true), field("publisher", true), field("year", false),
                  field("language", true), field("file", true),  field("kind", true),      field("url", false)};
    if (p.id.empty() || p.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
      throw InvalidInput(file.string() + ": publication id '" + p.id + "' must be lower-case letters, digits and '-'");
    if (!p.url.empty() && !is_web_link(p.url))
      throw InvalidInput(file.string() + ": publications[" + std::to_string(k) + "].url must be an http(s) link");
    if (!ids.insert(p.id).second) throw InvalidInput(file.string() + ": duplicate publication id '" + p.id + "'");
    if (p.file.find("..") != std::string::npos || fs::path(p.file).is_absolute())
      throw InvalidInput(file.string() + ": file '" + p.file + "' must be a path inside the corpus directory");
    pubs.push_back(std::move(p));
    ++k;
  }
  return pubs;
}

LoadedCorpus load_corpus(const fs::path& corpus_dir, const fs::path& word_list, const ProgressFn& progress) {
  LoadedCorpus corpus;
  corpus.publications = load_manifest(corpus_dir);
  std::vector<std::string> texts;
  HyphenationResolver hyphens(load_word_list(word_list));
  for (const auto& p : corpus.publications) {
    texts.push_back(read_text_file(corpus_dir / p.file));
    hyphens.observe(texts.back());
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < corpus.publications.size(); ++i) {
    const auto& pub = corpus.publications[i];
    Segmentation seg;
    try {
      seg = segment_publication(texts[i], pub, hyphens);
    } catch (const InvalidInput& e) {
      throw InvalidInput((corpus_dir / pub.file).string() + ": " + e.what());
    }
    for (const auto& u : seg.units) {
      if (!ids.insert(u.id).second)
        throw InvalidInput((corpus_dir / pub.file).string() + ": duplicate unit id " + u.id);
      corpus.units.push_back(u);
    }
    if (progress)
      progress("[" + std::to_string(i + 1) + "/" + std::to_string(corpus.publications.size()) + "] " + pub.file + ": " +
               std::to_string(seg.units.size()) + " units");
    corpus.segmentations.push_back(std::move(seg));
  }
  return corpus;
}

}  // namespace m4d::indexer
