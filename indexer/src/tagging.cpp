#include "m4d/indexer/tagging.h"

#include <xapian.h>

#include <map>

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

StemFn snowball_stemmer() {
  return [](const std::string& word, const std::string& lang) {
    thread_local std::map<std::string, Xapian::Stem> stemmers;
    auto it = stemmers.find(lang);
    if (it == stemmers.end()) {
      Xapian::Stem stem;
      try {
        stem = Xapian::Stem(lang);
      } catch (const Xapian::InvalidArgumentError&) {
        // No Snowball stemmer for this language: words stay as they are.
      }
      it = stemmers.emplace(lang, stem).first;
    }
    return it->second(word);
  };
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
  return out;
}

}  // namespace m4d::indexer
