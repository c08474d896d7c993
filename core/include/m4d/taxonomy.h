#pragma once
/// The taxonomy model: themes, SDG goals and targets, countries and regions,
/// with labels per language and the cue vocabulary the tagger uses.
///
/// Parsed from the contents of the taxonomy/ files (no IO here: the indexer
/// reads the directory, the service reads the copy stored in the index).
/// Country names in the UN languages and the UN M49 region containment come
/// from ICU (CLDR). Immutable after parsing; safe to share across threads.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "m4d/facets.h"

namespace m4d {

/// A text in several languages.
struct LocalizedText {
  std::map<std::string, std::string> by_lang;  ///< BCP 47 code -> text.
  /// The text in `lang`, else English, else any; empty when there is none.
  const std::string& get(std::string_view lang) const;
};

/// One of the four JMDI thematic areas.
struct Theme {
  std::string id;  ///< "communities", "remittances", "capacities", "rights".
  LocalizedText label;
  LocalizedText description;
};

/// A weighted cue phrase for a theme or a target, in one language.
struct Cue {
  std::string owner;   ///< Theme id or target id.
  std::string lang;    ///< Language of the phrase.
  double weight = 1;   ///< Relative strength.
  std::string phrase;  ///< As written in the taxonomy.
};

/// A Sustainable Development Goal.
struct SdgGoal {
  std::string id;      ///< "1".."17".
  std::string colour;  ///< Official colour, "#DD1367".
  LocalizedText short_title;
  LocalizedText title;
};

/// An SDG target.
struct SdgTarget {
  std::string id;    ///< Canonical id: "10.7", "16.b".
  std::string goal;  ///< "10".
  LocalizedText title;
  std::vector<LocalizedText> indicators;  ///< Indicator titles.
};

/// A UN M49 region ("034" Southern Asia, "419" Latin America).
struct Region {
  std::string code;
  LocalizedText name;                                        ///< CLDR display names.
  std::vector<std::pair<std::string, std::string>> aliases;  ///< (lang, name): "West Africa", "Afrique de l'Ouest".
};

/// An ISO 3166-1 country or territory.
struct Country {
  std::string code;                  ///< Alpha-2 upper case, "NP".
  LocalizedText name;                ///< CLDR display names in en, fr, es, ar, ru, zh.
  std::vector<std::string> regions;  ///< Containing M49 regions, innermost first, without "001" World.
};

/// A place name that points to a country: ISO 3166-2 subdivision or curated alias.
struct PlaceName {
  std::string country;       ///< Alpha-2 code.
  std::string lang;          ///< Language of the form ("" for any).
  std::string name;          ///< As written.
  bool subdivision = false;  ///< From ISO 3166-2 (weaker evidence than a country name).
};

/// A unit type (the `type` facet): "case_study", "project"...
struct UnitType {
  std::string id;
  LocalizedText label;
};

/// Rules of the country gazetteer that are facts about names, not code
/// (countries/gazetteer.tsv); every word is a search key.
struct GazetteerRules {
  std::vector<std::string> generic_places;  ///< Subdivision names too generic to point to a country.
  std::vector<std::string> person_names;    ///< Country names that are also person names.
  std::vector<std::string> feature_before;  ///< "lake" Chad: not the country.
  std::vector<std::string> feature_after;   ///< Niger "river": not the country.
  std::vector<std::string> lead_words;      ///< May precede a capitalised country name at a sentence start.
  /// Words saying where people live or work ("living", "based", "installés",
  /// "residentes", "diaspora"): a place shortly after them is a residence,
  /// weak evidence of where a practice happens.
  std::vector<std::string> residence_words;
  /// (name, text): a unit containing `text` does not mean the country by `name` ("georgia", "Atlanta").
  std::vector<std::pair<std::string, std::string>> not_country_near;
};

/// Raw contents of the taxonomy files, keyed by path relative to taxonomy/
/// ("themes.tsv", "sdg/targets.tsv"...).
using TaxonomyFiles = std::map<std::string, std::string>;

/// The files parse_taxonomy needs, relative to the taxonomy directory.
const std::vector<std::string>& taxonomy_file_names();

/// The parsed taxonomy.
class Taxonomy {
 public:
  /// Parses `files`. Throws InvalidInput naming the file and line of a malformed row or a missing file.
  static Taxonomy parse(const TaxonomyFiles& files);

  const std::vector<Theme>& themes() const { return themes_; }
  const std::vector<SdgGoal>& goals() const { return goals_; }
  const std::vector<SdgTarget>& targets() const { return targets_; }
  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<Region>& regions() const { return regions_; }
  const std::vector<PlaceName>& place_names() const { return place_names_; }
  const std::vector<Cue>& theme_cues() const { return theme_cues_; }
  const std::vector<Cue>& target_cues() const { return target_cues_; }
  /// The field glossary (glossary.tsv): owner = concept, phrase = its term in `lang`.
  const std::vector<Cue>& glossary() const { return glossary_; }
  const std::vector<UnitType>& unit_types() const { return unit_types_; }
  const GazetteerRules& gazetteer() const { return gazetteer_; }

  const Theme* theme(std::string_view id) const;
  const SdgGoal* goal(std::string_view id) const;
  const SdgTarget* target(std::string_view id) const;
  const Country* country(std::string_view code) const;
  const Region* region(std::string_view code) const;

  /// "11A", "16.B", "10.7", "17.16" -> canonical id when that target exists.
  std::optional<std::string> canonical_target(std::string_view raw) const;

  /// `raw` as a value of `facet` (canonical_value(), canonical_target() for
  /// targets) when the taxonomy knows it: a theme, country, region, goal,
  /// target, unit type, or a document language (lang::document_languages()).
  std::optional<std::string> facet_value(Facet facet, std::string_view raw) const;

  /// The label of value `value` of `facet` in `lang` (else English): a theme's
  /// label, a country's or region's name, "10. Reduced inequalities" for a
  /// goal, "10.7 Facilitate..." for a target, a unit type's label, a
  /// language's name in `lang` (ICU); `value` itself when unknown.
  std::string label(Facet facet, const std::string& value, const std::string& lang) const;

 private:
  std::vector<Theme> themes_;
  std::vector<SdgGoal> goals_;
  std::vector<SdgTarget> targets_;
  std::vector<Country> countries_;
  std::vector<Region> regions_;
  std::vector<PlaceName> place_names_;
  std::vector<Cue> theme_cues_;
  std::vector<Cue> target_cues_;
  std::vector<Cue> glossary_;
  std::vector<UnitType> unit_types_;
  GazetteerRules gazetteer_;
  std::map<std::string, std::size_t, std::less<>> theme_index_, goal_index_, target_index_, country_index_,
      region_index_;
};

}  // namespace m4d
