#pragma once
/// The tagger: themes, countries (and their regions) and SDG targets for a
/// unit, each with provenance, score and evidence. Pure computation, no IO.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "m4d/taxonomy.h"
#include "m4d/unit.h"

namespace m4d {

/// Stems one word (already case-folded and accent-free) of language `lang`:
/// lang::stem in the product, a simpler one in unit tests. Must be
/// thread-safe when the Tagger is shared.
using StemFn = std::function<std::string(const std::string& word, const std::string& lang)>;

/// A unit whose SDG targets are known (a case study's stated links): the
/// tagger learns which targets go with which vocabulary from these.
struct LabeledExample {
  std::string id;
  std::string lang;
  std::string text;  ///< Text without the block that states the targets.
  std::vector<std::string> targets;
  std::string group;  ///< Editorial grouping (a success story's theme group); may be empty.
};

/// A target with its inference score.
struct ScoredTarget {
  std::string id;
  double score = 0;
};

/// Tuning of the inference. The defaults are the values measured with
/// bench/tag_eval (docs/decisions.md).
struct TaggerOptions {
  std::size_t max_inferred_targets = 5;  ///< At most this many inferred targets per unit.
  double target_threshold = 0.25;        ///< Inferred targets below this score are dropped.
  std::size_t max_inferred_themes = 2;   ///< At most this many inferred themes.
  double theme_threshold = 0.45;         ///< Inferred themes below this score are dropped.
  std::size_t neighbours = 8;            ///< Similar labelled examples consulted per unit (target level).
  std::size_t passage_neighbours = 20;   ///< Similar labelled paragraphs consulted per paragraph (goal level).
  std::size_t max_evidence = 2;          ///< Evidence sentences kept per tag.
  // A target's score: knn_weight x its share among the nearest examples +
  // prior_weight x its share among all examples + cue_weight x its cue
  // phrases + title_weight x the text's cosine with its title and indicators.
  double knn_weight = 0.45;
  double prior_weight = 0.15;
  double cue_weight = 0.3;
  double title_weight = 0.6;
  double cue_saturation = 4;  ///< Cue signal = raw / (raw + this).
  /// The neighbours' and prior's part of a score counts fully from this many
  /// content words, in proportion below, at least short_neighbour_share.
  std::size_t neighbour_full_length = 150;
  double short_neighbour_share = 0.5;
  double goal_title_weight = 0.1;        ///< Share of the best target-title cosine added to a goal's votes.
  double same_group_bonus = 0.5;         ///< Added to the similarity of an example of the unit's editorial group.
  double same_group_passage_factor = 2;  ///< A labelled paragraph of the same group votes this many times.
  std::size_t min_passage_stems = 12;    ///< Shorter paragraphs (titles, captions) do not vote for goals.
  double theme_saturation = 6;           ///< Theme score = raw / (raw + this), raw normalised by length...
  double theme_length_words = 300;       ///< ...divided by sqrt(words / this) when the text is longer.
  // Countries: salience = named mentions + country_subdivision_weight x
  // subdivision mentions (1 when no country is named) + country_title_weight x title mentions.
  double country_subdivision_weight = 0.5;
  double country_title_weight = 3;
  double min_primary_salience = 2;  ///< The most salient country is primary from this salience (or a title mention).
  double country_residence_weight = 0.25;  ///< Weight of a mention shortly after a residence word ("living in France").
  std::size_t residence_window = 6;        ///< How many words before a place a residence word counts (same sentence).
  double mentioned_base_score = 0.3;       ///< Score of a mentioned country: base + step x mentions, at most 1.
  double mentioned_step_score = 0.1;
};

/// Tags units. Immutable after construction; safe to share across threads
/// when the StemFn is.
class Tagger {
 public:
  Tagger(const Taxonomy& taxonomy, StemFn stem, std::vector<LabeledExample> examples, TaggerOptions options = {});
  ~Tagger();
  Tagger(Tagger&&) noexcept;
  Tagger& operator=(Tagger&&) noexcept;

  /// Replaces unit.themes, unit.countries, unit.sdg_targets and unit.regions
  /// with the tagger's tags (editor tags are merged by the caller). Never
  /// throws: on bad input the unit simply gets no tags. The example with the
  /// unit's own id is never consulted, so a case study is not tagged from its
  /// own stated links.
  void tag(Unit& unit) const noexcept;

  /// Every target ranked for `text` (best first, score > 0), ignoring the
  /// example `exclude_id`; labelled examples of the same `group` count as
  /// more similar. Used by tag() and by the evaluation benchmark.
  std::vector<ScoredTarget> rank_targets(std::string_view text, std::string_view lang, std::string_view exclude_id,
                                         std::string_view group = {}) const;

  /// Goals ranked for `text` (best first): each paragraph of the text votes
  /// for the goals stated by the labelled examples whose paragraphs are most
  /// like it (a paragraph of the same `group` counts double), plus a small
  /// share of the best similarity between the text and the goal's target titles.
  std::vector<ScoredTarget> rank_goals(std::string_view text, std::string_view lang, std::string_view exclude_id,
                                       std::string_view group = {}) const;

  /// Targets stated in an SDG linkage block (Unit::sdg_linkage) ("11A" -> 11.a, "16.B" -> 16.b), provenance stated.
  std::vector<Tag> stated_targets(std::string_view linkage_block) const;

  /// Country tags of `unit` (primary from the Location line, a Countries line,
  /// else the most salient country; the others as mentioned).
  std::vector<Tag> countries(const Unit& unit) const;

  /// The text the tagger infers from: the unit's title and text without its
  /// SDG linkage section (kSdgLinkageHeading) nor a record's "Partners:" and
  /// "Countries:" lines.
  static std::string inference_text(const Unit& unit);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace m4d
