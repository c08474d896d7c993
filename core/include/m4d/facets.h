#pragma once
/// The facet contract: every facet a unit is filtered and counted by, with
/// its names in the HTTP API, in the query syntax and in the index. The index
/// builder, the engine, the query parser, the HTTP layer and (through
/// /api/taxonomy) the web UI all read this one table.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace m4d {

/// A facet. The order is the table's order, and the order of the facet
/// lists in the index's combined facet slot (schema::kSlotFacets).
enum class Facet : std::size_t { kTheme, kCountry, kRegion, kGoal, kTarget, kType, kLang };

/// Number of facets.
inline constexpr std::size_t kFacetCount = 7;

/// How a value typed by a user becomes a facet value.
enum class Canonical {
  kLower,   ///< Lower case: "Rights" -> "rights".
  kUpper,   ///< Upper case (ISO country codes): "sn" -> "SN".
  kTarget,  ///< SDG target syntax: "16.B" -> "16.b", "11A" -> "11.a".
};

/// One facet of the contract.
struct FacetSpec {
  Facet facet;
  std::string_view name;         ///< Key in the API's `facets` object: "sdg_target".
  std::string_view param;        ///< Filter parameter of /api/search and /api/export: "sdg".
  std::string_view query_field;  ///< Field scope in the query syntax: "sdg" in "sdg:10.7".
  std::string_view prefix;       ///< Boolean term prefix in the index: "XSDG" + "10.7".
  Canonical canonical;           ///< How typed values are normalised.
};

/// The facets, in Facet order. The value slot of every facet is
/// schema::kSlotFacets, at the facet's position in this table.
inline constexpr std::array<FacetSpec, kFacetCount> kFacets = {{
    {Facet::kTheme, "theme", "theme", "theme", "XTHEME", Canonical::kLower},
    {Facet::kCountry, "country", "country", "country", "XCOUNTRY", Canonical::kUpper},
    {Facet::kRegion, "region", "region", "region", "XREGION", Canonical::kLower},
    {Facet::kGoal, "sdg_goal", "goal", "goal", "XGOAL", Canonical::kLower},
    {Facet::kTarget, "sdg_target", "sdg", "sdg", "XSDG", Canonical::kTarget},
    {Facet::kType, "type", "type", "type", "XTYPE", Canonical::kLower},
    {Facet::kLang, "lang", "lang", "lang", "L", Canonical::kLower},
}};

/// Which of a unit's tags a filter and the facet counts consider: SDG
/// targets and goals by provenance, countries by role. A mask of bits below;
/// 0 means every tag. In the index each value of these facets carries the
/// mask of its tags (a goal: the union of its targets' provenances) after
/// kTagMaskMark in the combined facet slot, and a term per bit
/// (tag_mask_term) beside its plain term.
struct TagScope {
  std::uint8_t provenance = 0;  ///< kStatedTag | kInferredTag | kEditorTag, or 0: all.
  std::uint8_t role = 0;        ///< kPrimaryCountry | kMentionedCountry, or 0: all.
};
inline constexpr std::uint8_t kStatedTag = 1, kInferredTag = 2, kEditorTag = 4;  ///< Provenance bits.
inline constexpr std::uint8_t kPrimaryCountry = 1, kMentionedCountry = 2;        ///< Role bits.
/// Marks the tag mask of a value in the combined facet slot ("10.7" "\x1D" "1").
inline constexpr char kTagMaskMark = '\x1D';

/// The mask of `scope` that restricts `facet` (0: `facet` is not restricted).
constexpr std::uint8_t scope_mask(const TagScope& scope, Facet facet) {
  if (facet == Facet::kTarget || facet == Facet::kGoal) return scope.provenance;
  if (facet == Facet::kCountry) return scope.role;
  return 0;
}

/// The spec of `facet`.
constexpr const FacetSpec& spec(Facet facet) { return kFacets[static_cast<std::size_t>(facet)]; }

/// The facet whose query field scope is `field` (lower case), or nullopt.
std::optional<Facet> facet_by_query_field(std::string_view field);

/// `raw` normalised as `facet`'s values are (see Canonical); not checked
/// against the taxonomy (Taxonomy::facet_value does both).
std::string canonical_value(Facet facet, std::string_view raw);

/// The goal of an SDG target id: "10.7" -> "10".
inline std::string goal_of_target(std::string_view target) { return std::string(target.substr(0, target.find('.'))); }

}  // namespace m4d
