#include "m4d/indexer/tagging.h"

#include <xapian.h>

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

namespace {

// A Snowball stemmer that remembers its recent answers: snippets, term
// generation and the tagger stem the same common words over and over, and a
// lookup costs a fraction of Snowball's algorithm. Not thread-safe (neither
// is Snowball): snowball() keeps one per thread.
class MemoStem : public Xapian::StemImplementation {
 public:
  explicit MemoStem(Xapian::Stem stem) : stem_(std::move(stem)) {}

  std::string operator()(const std::string& word) override {
    if (auto it = memo_.find(word); it != memo_.end()) return it->second;
    if (memo_.size() >= kMaxWords) memo_.clear();
    return memo_.emplace(word, stem_(word)).first->second;
  }

  std::string get_description() const override { return "memo(" + stem_.get_description() + ")"; }

 private:
  static constexpr std::size_t kMaxWords = 8192;  // about 1 MB per language and thread
  Xapian::Stem stem_;
  std::unordered_map<std::string, std::string> memo_;
};

}  // namespace

const Xapian::Stem& snowball(const std::string& lang) {
  thread_local std::map<std::string, Xapian::Stem> stemmers;
  auto it = stemmers.find(lang);
  if (it == stemmers.end()) {
    Xapian::Stem stem;
    try {
      stem = Xapian::Stem(new MemoStem(Xapian::Stem(lang)));
    } catch (const Xapian::InvalidArgumentError&) {
      // No Snowball stemmer for this language: words stay as they are.
    }
    it = stemmers.emplace(lang, stem).first;
  }
  return it->second;
}

StemFn snowball_stemmer() {
  return [](const std::string& word, const std::string& lang) { return snowball(lang)(word); };
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
