#pragma once
// Private to the tagger: the countries a unit is about (primary) or names
// (mentioned), from country names in every UN language, curated aliases and
// demonyms, and ISO 3166-2 subdivisions.
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "m4d/tagger.h"
#include "m4d/taxonomy.h"

namespace m4d::tagging {

/// Built once from the taxonomy; immutable, thread-safe.
class Gazetteer {
 public:
  /// `taxonomy` and `options` must outlive the gazetteer.
  Gazetteer(const Taxonomy& taxonomy, const TaggerOptions& options);

  /// Country tags of `unit`: primary from the Location line, a Countries
  /// line, else the most salient country; the others as mentioned.
  std::vector<Tag> countries(const Unit& unit) const;

 private:
  struct Entry {
    std::string country;
    bool require_upper = true;
    bool subdivision = false;
  };
  struct Match {
    std::string country;
    bool subdivision;
    std::size_t begin;
    bool residence = false;  // shortly after a residence word: where people live, not where the practice is
  };
  std::vector<Match> find_places(std::string_view text) const;

  const TaggerOptions& options_;
  std::unordered_map<std::string, Entry> places_;  // joined keys -> entry
  std::size_t max_place_tokens_ = 1;
  std::unordered_set<std::string> person_names_, feature_before_, feature_after_, lead_words_, residence_words_;
  std::vector<std::pair<std::string, std::string>> not_country_near_;
};

}  // namespace m4d::tagging
