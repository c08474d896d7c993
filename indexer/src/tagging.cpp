#include "m4d/indexer/tagging.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "m4d/errors.h"
#include "m4d/indexer/corpus.h"
#include "m4d/text.h"

namespace m4d::indexer {

TaxonomyFiles read_taxonomy_files(const std::filesystem::path& dir) {
  TaxonomyFiles files;
  for (const auto& name : taxonomy_file_names()) {
    const auto path = dir / name;
    if (!std::filesystem::exists(path)) throw InvalidInput(path.string() + ": taxonomy file missing");
    files[name] = read_text_file(path);
  }
  return files;
}

std::vector<LabeledExample> labeled_examples(const std::vector<Unit>& units, const Taxonomy& taxonomy) {
  std::vector<LabeledExample> out;
  for (const auto& u : units) {
    if (u.sdg_linkage.empty()) continue;
    LabeledExample ex{u.id, u.lang, Tagger::inference_text(u), {}, u.theme_group};
    for (std::string_view line : split_lines(u.sdg_linkage))
      if (auto id = taxonomy.canonical_target(line)) ex.targets.push_back(*id);
    if (!ex.targets.empty()) out.push_back(std::move(ex));
  }
  // Same order whatever order the units came in (manifest or index).
  std::sort(out.begin(), out.end(), [](const LabeledExample& a, const LabeledExample& b) { return a.id < b.id; });
  return out;
}

std::string encode_examples(const std::vector<LabeledExample>& examples) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& e : examples)
    arr.push_back({{"id", e.id}, {"lang", e.lang}, {"text", e.text}, {"targets", e.targets}, {"group", e.group}});
  return arr.dump();
}

std::vector<LabeledExample> decode_examples(std::string_view json_text) {
  std::vector<LabeledExample> out;
  try {
    for (const auto& e : nlohmann::json::parse(json_text))
      out.push_back({e.at("id").get<std::string>(), e.at("lang").get<std::string>(), e.at("text").get<std::string>(),
                     e.at("targets").get<std::vector<std::string>>(), e.at("group").get<std::string>()});
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(std::string("malformed tagger examples: ") + e.what());
  }
  return out;
}

}  // namespace m4d::indexer
