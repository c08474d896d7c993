#pragma once
// Private to the tagger: ranks SDG targets and goals for a text, from the
// labelled examples (nearest neighbours), the targets' titles and
// indicators, and curated cue phrases.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analysis.h"
#include "m4d/taxonomy.h"

namespace m4d::tagging {

/// Learns from the labelled examples once; immutable, thread-safe when the Analyzer is.
class SdgRanker {
 public:
  /// `taxonomy`, `analyzer` and `options` must outlive the ranker.
  SdgRanker(const Taxonomy& taxonomy, const Analyzer& analyzer, const std::vector<LabeledExample>& examples,
            const TaggerOptions& options);

  /// Every target ranked for `text` (best first, score > 0), ignoring the
  /// example `exclude_id`; examples of the same `group` count as more similar.
  std::vector<ScoredTarget> rank_targets(std::string_view text, std::string_view lang, std::string_view exclude_id,
                                         std::string_view group) const;

  /// Goals ranked for `text` (best first): paragraph votes plus a share of the best title similarity.
  std::vector<ScoredTarget> rank_goals(std::string_view text, std::string_view lang, std::string_view exclude_id,
                                       std::string_view group) const;

  /// The target cue phrases of `lang` (empty when it has none).
  const std::vector<Phrase>& target_phrases(const std::string& lang) const;

  /// The language whose title vectors rank a text of `lang`: itself, else English.
  std::string ranking_language(std::string_view lang) const;

 private:
  struct Signals {
    double knn = 0;    // share of similar labelled examples stating the target
    double prior = 0;  // share of all labelled examples stating it
    double cue = 0;    // curated cue phrases found in the text, in [0, 1)
    double title = 0;  // cosine between the text and the target's title and indicators
  };
  struct Ranking {
    std::map<std::string, Signals> targets;
    std::map<std::string, double> goal_votes;  // paragraph-level votes of similar labelled examples
    double neighbour_share = 1;                // weight of the neighbours and prior: less for a short text
  };
  struct Example {
    std::string id;
    SparseVector vector;
    std::vector<std::string> targets;
    std::string group;
    std::vector<std::string> goals;  // goals of the targets, once each
  };

  Ranking signals(std::string_view text, std::string_view lang, std::string_view exclude_id, std::string_view group,
                  bool goal_votes) const;
  SparseVector vectorize(const std::vector<Token>& tokens) const;
  /// `tokens` of a text in `lang` with, for each glossary term of `lang` they
  /// contain, the English stems of its concept: the labelled examples are
  /// English, so a French or Spanish text meets its neighbours through them.
  std::vector<Token> with_english_concepts(const std::vector<Token>& tokens, const std::string& lang) const;
  std::vector<SparseVector> passages(std::string_view text, const std::vector<Token>& tokens) const;

  const Analyzer& analyzer_;
  const TaggerOptions& options_;
  std::unordered_map<std::string, int> vocabulary_;
  std::vector<double> idf_;  // by term id
  std::vector<Example> examples_;
  std::vector<std::size_t> passage_example_;  // labelled paragraph -> index in examples_
  std::unordered_map<int, std::vector<std::pair<std::size_t, double>>> passage_postings_;  // term -> (paragraph, w)
  std::map<std::string, std::map<std::string, SparseVector>> title_vectors_;               // lang -> target -> vector
  std::map<std::string, std::vector<Phrase>> target_phrases_;                              // lang -> cue phrases
  std::map<std::string, std::vector<Phrase>> glossary_phrases_;    // lang -> terms, owner concept
  std::map<std::string, std::vector<std::string>> english_stems_;  // concept -> its English stems
};

}  // namespace m4d::tagging
