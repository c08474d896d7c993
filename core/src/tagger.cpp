#include "m4d/tagger.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "m4d/text.h"
#include "tagging/analysis.h"
#include "tagging/gazetteer.h"
#include "tagging/sdg_ranker.h"

namespace m4d {

namespace {

const std::vector<tagging::Phrase> kNoPhrases;

}  // namespace

struct Tagger::Impl {
  const Taxonomy* taxonomy;
  TaggerOptions options;
  tagging::Analyzer analyzer;
  tagging::SdgRanker ranker;
  tagging::Gazetteer gazetteer;
  std::map<std::string, std::vector<tagging::Phrase>> theme_phrases;  // lang -> cue phrases

  Impl(const Taxonomy& t, StemFn stem, const std::vector<LabeledExample>& examples, const TaggerOptions& o)
      : taxonomy(&t),
        options(o),
        analyzer(std::move(stem)),
        ranker(t, analyzer, examples, options),
        gazetteer(t, options) {
    for (const auto& c : t.theme_cues())
      theme_phrases[c.lang].push_back({c.owner, c.weight, analyzer.phrase_stems(c.phrase, c.lang)});
  }
};

Tagger::Tagger(const Taxonomy& taxonomy, StemFn stem, std::vector<LabeledExample> examples, TaggerOptions options)
    : impl_(std::make_unique<Impl>(taxonomy, std::move(stem), examples, options)) {}

Tagger::~Tagger() = default;
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;

std::string Tagger::inference_text(const Unit& unit) {
  if (unit.sections.empty()) {
    // A record's "Partners:" and "Countries:" lines list names, not what the
    // project does: naming partners is no evidence of 17.17.
    std::string text = unit.title;
    for (std::string_view line : split_lines(unit.text))
      if (!line.starts_with("Partners:") && !line.starts_with("Countries:")) text.append("\n").append(line);
    return text;
  }
  std::string text = unit.title;
  for (const auto& s : unit.sections)
    if (s.heading != kSdgLinkageHeading) text += "\n\n" + s.text;
  return text;
}

std::vector<ScoredTarget> Tagger::rank_targets(std::string_view text, std::string_view lang,
                                               std::string_view exclude_id, std::string_view group) const {
  return impl_->ranker.rank_targets(text, lang, exclude_id, group);
}

std::vector<ScoredTarget> Tagger::rank_goals(std::string_view text, std::string_view lang, std::string_view exclude_id,
                                             std::string_view group) const {
  return impl_->ranker.rank_goals(text, lang, exclude_id, group);
}

std::vector<Tag> Tagger::stated_targets(std::string_view block) const {
  std::vector<Tag> out;
  std::set<std::string> seen;
  for (std::string_view line : split_lines(block)) {
    auto id = impl_->taxonomy->canonical_target(line);
    if (id && seen.insert(*id).second) out.push_back(Tag{*id, kProvenanceStated, 1.0, {collapse_spaces(line)}, ""});
  }
  return out;
}

std::vector<Tag> Tagger::countries(const Unit& unit) const { return impl_->gazetteer.countries(unit); }

void Tagger::tag(Unit& unit) const noexcept {
  try {
    const Impl& m = *impl_;
    unit.themes.clear();
    unit.countries.clear();
    unit.sdg_targets.clear();
    unit.regions.clear();
    if (!is_valid_utf8(unit.text) || !is_valid_utf8(unit.title)) return;
    const std::string text = inference_text(unit);
    const std::string lang = unit.lang.empty() ? "en" : unit.lang;
    const auto tokens = m.analyzer.analyze(text, lang);
    const auto sentences = split_sentences(text);
    auto evidence_from = [&](const std::vector<std::size_t>& offsets) {
      std::vector<std::string> ev;
      for (std::size_t at : offsets) {
        std::string s = tagging::sentence_at(text, sentences, at);
        if (!s.empty() && std::find(ev.begin(), ev.end(), s) == ev.end()) ev.push_back(s);
        if (ev.size() >= m.options.max_evidence) break;
      }
      return ev;
    };

    // SDG targets: stated, then inferred.
    unit.sdg_targets = stated_targets(unit.sdg_linkage);
    const auto cue_hits = tagging::match_phrases(tokens, m.ranker.target_phrases(lang));
    std::size_t inferred = 0;
    for (const auto& st : rank_targets(text, lang, unit.id, unit.theme_group)) {
      if (inferred >= m.options.max_inferred_targets || st.score < m.options.target_threshold) break;
      if (std::any_of(unit.sdg_targets.begin(), unit.sdg_targets.end(), [&](const Tag& t) { return t.id == st.id; }))
        continue;
      Tag t{st.id, kProvenanceInferred, std::round(st.score * 100) / 100, {}, ""};
      if (auto it = cue_hits.find(st.id); it != cue_hits.end()) t.evidence = evidence_from(it->second.offsets);
      if (t.evidence.empty()) {
        // No cue phrase: cite the sentence sharing most words with the target's title.
        const auto title_tokens = m.analyzer.analyze(m.taxonomy->target(st.id)->title.get(lang), lang);
        std::set<std::string> title_stems;
        for (const auto& tt : title_tokens)
          if (!tt.stem.empty()) title_stems.insert(tt.stem);
        std::size_t best_offset = SIZE_MAX;
        int best_overlap = 1;
        for (const auto& s : sentences) {
          int overlap = 0;
          std::set<std::string> seen;
          for (const auto& tok : tokens)
            if (tok.begin >= s.begin && tok.end <= s.end && title_stems.count(tok.stem) && seen.insert(tok.stem).second)
              ++overlap;
          if (overlap > best_overlap) {
            best_overlap = overlap;
            best_offset = s.begin;
          }
        }
        if (best_offset != SIZE_MAX) t.evidence.push_back(tagging::sentence_at(text, sentences, best_offset));
      }
      if (t.evidence.empty()) continue;  // no honest evidence, no tag
      unit.sdg_targets.push_back(std::move(t));
      ++inferred;
    }

    // Themes: a handbook chapter named after a theme states it; else cues.
    const std::string chapter = unit.source.section_path.substr(0, unit.source.section_path.find(" \u203A "));
    for (const auto& th : m.taxonomy->themes()) {
      const std::string label = search_key(th.label.get("en"));
      const std::string folded = search_key(chapter);
      if (folded.starts_with("chapter") && folded.ends_with(label))
        unit.themes.push_back(Tag{th.id, kProvenanceStated, 1.0, {"Handbook chapter: " + chapter}, ""});
    }
    if (unit.themes.empty()) {
      const auto it = m.theme_phrases.find(lang);
      const auto hits = tagging::match_phrases(tokens, it == m.theme_phrases.end() ? kNoPhrases : it->second);
      const double length_norm =
          std::max(1.0, std::sqrt(static_cast<double>(tokens.size()) / m.options.theme_length_words));
      std::vector<std::pair<double, std::string>> scored;
      for (const auto& [id, h] : hits) {
        const double raw = h.raw / length_norm;
        scored.emplace_back(raw / (raw + m.options.theme_saturation), id);
      }
      std::sort(scored.rbegin(), scored.rend());
      for (const auto& [score, id] : scored) {
        if (unit.themes.size() >= m.options.max_inferred_themes || score < m.options.theme_threshold) break;
        unit.themes.push_back(
            Tag{id, kProvenanceInferred, std::round(score * 100) / 100, evidence_from(hits.at(id).offsets), ""});
      }
    }

    unit.countries = m.gazetteer.countries(unit);
    for (const auto& c : unit.countries)
      if (const Country* country = m.taxonomy->country(c.id))
        for (const auto& r : country->regions)
          if (std::find(unit.regions.begin(), unit.regions.end(), r) == unit.regions.end()) unit.regions.push_back(r);
  } catch (const std::exception&) {
    // Contract: bad input gives no tags, never an exception out of the tagger.
    unit.themes.clear();
    unit.countries.clear();
    unit.sdg_targets.clear();
    unit.regions.clear();
  }
}

}  // namespace m4d
