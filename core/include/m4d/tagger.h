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

/// Stems one word (already case-folded and accent-free) of language `lang`.
/// Injected so that core does not depend on a stemmer implementation; must be
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

/// Tuning of the inference.
struct TaggerOptions {
  std::size_t max_inferred_targets = 5;  ///< At most this many inferred targets per unit.
  double target_threshold = 0.25;        ///< Inferred targets below this score are dropped.
  std::size_t max_inferred_themes = 2;   ///< At most this many inferred themes.
  double theme_threshold = 0.45;         ///< Inferred themes below this score are dropped.
  std::size_t neighbours = 8;            ///< Similar labelled examples consulted per unit (target level).
  std::size_t passage_neighbours = 20;   ///< Similar labelled paragraphs consulted per paragraph (goal level).
  std::size_t max_evidence = 2;          ///< Evidence sentences kept per tag.
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

  /// Targets stated in a "Linkages to the SDGs" block ("11A" -> 11.a, "16.B" -> 16.b), provenance stated.
  std::vector<Tag> stated_targets(std::string_view linkage_block) const;

  /// Country tags of `unit` (primary from the Location line, a Countries line,
  /// else the most salient country; the others as mentioned).
  std::vector<Tag> countries(const Unit& unit) const;

  /// The text the tagger infers from: the unit's text without its "Linkages to the SDGs" section.
  static std::string inference_text(const Unit& unit);

 private:
  struct Impl;
  struct Ranking;
  enum class Level { kTargets, kGoals };
  Ranking signals(std::string_view text, std::string_view lang, std::string_view exclude_id, std::string_view group,
                  Level level) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace m4d
