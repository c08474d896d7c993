// Segmenter for "Success Stories" (UN JMDI, 2017): 26 case studies.
//
// Layout of the extracted text: front matter; then, per theme group, a theme
// intro page (quote, group label, citation) and the group's stories. A story is
// [title] [Key Words / Location] Introduction ... Linkages to the SDGs <targets>;
// its "Linkages" block is always last, so the targets end the story. Three
// stories have no Key Words / Location header, two of them no printed title.
#include <algorithm>
#include <array>

#include "m4d/errors.h"
#include "m4d/indexer/segmenter.h"
#include "m4d/indexer/text_cleanup.h"
#include "m4d/text.h"

namespace m4d::indexer {

namespace {

constexpr std::string_view kKeyWordsHeading = "Key Words Location";
constexpr std::string_view kIntroduction = "Introduction";
constexpr std::string_view kLinkages = kSdgLinkageHeading;

// Canonical section headings; the second column lists spellings met in print.
struct SectionName {
  std::string_view canonical;
  std::string_view printed;
};
constexpr std::array<SectionName, 7> kSections = {{
    {"Introduction", "Introduction"},
    {"Context", "Context"},
    {"Overview of the practice", "Overview of the practice"},
    {"Key lessons learnt", "Key lessons learnt"},
    {"Recommendations", "Recommendations"},
    {"Recommendations", "Recommandations"},
    {"Linkages to the SDGs", "Linkages to the SDGs"},
}};

// The five theme groups of the publication, in print order.
constexpr std::array<std::string_view, 5> kThemeGroups = {
    "Social inclusion", "Economic inclusion", "Engaging diaspora for development",
    "Mainstreaming migration into local development planning", "Partnerships for effective migration governance"};

bool is_heading(const RawBlock& b, std::string_view name) { return matches_heading(b.text, {std::string(name)}); }

std::string canonical_section(std::string_view text) {
  for (const auto& s : kSections) {
    if (matches_heading(text, {std::string(s.printed)})) return std::string(s.canonical);
  }
  return {};
}

bool is_target_block(const RawBlock& b) {
  const std::string& t = b.text;
  std::size_t i = 0;
  while (i < t.size() && i < 2 && t[i] >= '0' && t[i] <= '9') ++i;
  if (i == 0) return false;
  return t.find("\u2013") != std::string::npos && t.find("\u2013") < 8;
}

std::string theme_group_of(std::string_view paragraph) {
  const std::string folded = fold_case(collapse_spaces(paragraph));
  for (auto g : kThemeGroups) {
    if (folded == fold_case(g)) return std::string(g);
  }
  return {};
}

// "This case study focuses on the importance of providing financial literacy
// training when ..." -> "Providing financial literacy training".
std::string title_from_introduction(std::string_view intro) {
  std::string s(intro.substr(0, intro.find(". ")));
  const std::string folded = fold_case(s);
  static const std::array<std::string_view, 8> kLeads = {"this case study focuses on the importance of ",
                                                         "this case study focuses on ",
                                                         "this case study examines ",
                                                         "this case study describes ",
                                                         "this case study looks at how to ",
                                                         "this case study looks at ",
                                                         "this case study provides insight into ",
                                                         "this case study "};
  for (auto lead : kLeads) {
    if (folded.starts_with(lead)) {
      s = s.substr(lead.size());
      break;
    }
  }
  for (std::string_view cut : {" when ", " in order to ", " to guide ", ", "}) {
    std::size_t at = s.find(cut);
    if (at != std::string::npos && at > 20) s = s.substr(0, at);
  }
  if (s.size() > 90) {
    std::size_t sp = s.rfind(' ', 90);
    s = s.substr(0, sp == std::string::npos ? 90 : sp);
  }
  if (s.empty()) return "Case study";
  if (s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

Segmentation segment_success_stories(std::string_view text, const Publication& pub,
                                     const HyphenationResolver& hyphens) {
  BlockRules rules;
  rules.headings = {std::string(kKeyWordsHeading)};
  for (const auto& s : kSections) rules.headings.emplace_back(s.printed);
  Segmentation out;
  const std::vector<RawBlock> blocks = split_blocks(text, rules, hyphens, &out.furniture);
  const std::size_t n = blocks.size();

  // 1. Story introductions: an "Introduction" heading preceded, since the
  //    previous one, by a Key Words header or a Linkages block.
  std::vector<std::size_t> intros;
  {
    bool seen_marker = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (is_heading(blocks[i], kKeyWordsHeading) || is_heading(blocks[i], kLinkages)) seen_marker = true;
      if (is_heading(blocks[i], kIntroduction)) {
        if (seen_marker) intros.push_back(i);
        seen_marker = false;
      }
    }
  }
  if (intros.empty()) throw InvalidInput("no success story found (no 'Introduction' after 'Key Words Location')");

  std::string group;
  auto to_front_matter = [&](std::size_t from, std::size_t to) {
    ParagraphList list(hyphens);
    for (std::size_t i = from; i < to; ++i) list.add(blocks[i]);
    list.flush();
    for (const auto& p : list.paragraphs()) {
      std::string g = theme_group_of(p);
      if (!g.empty()) group = g;
      out.front_matter.push_back(p);
    }
  };

  std::size_t prev_end = 0;  // first block not yet assigned
  for (std::size_t s = 0; s < intros.size(); ++s) {
    const std::size_t intro = intros[s];
    const std::size_t next_intro = s + 1 < intros.size() ? intros[s + 1] : n;
    // Key Words header between the previous story's end and this introduction.
    std::size_t header = intro;
    for (std::size_t i = prev_end; i < intro; ++i) {
      if (is_heading(blocks[i], kKeyWordsHeading)) header = i;
    }
    // Title: from the last block opening a page before the header.
    std::size_t title_start = header;
    for (std::size_t i = header; i > prev_end; --i) {
      if (blocks[i - 1].starts_page) {
        title_start = i - 1;
        break;
      }
    }
    to_front_matter(prev_end, title_start);

    // End: the target lines after the Linkages heading (and their page-break continuations).
    std::size_t linkages = next_intro;
    for (std::size_t i = intro; i < next_intro; ++i) {
      if (is_heading(blocks[i], kLinkages)) {
        linkages = i;
        break;
      }
    }
    if (linkages == next_intro)
      throw InvalidInput("success story without 'Linkages to the SDGs' block before block " +
                         std::to_string(next_intro));
    std::size_t end = linkages + 1;
    while (end < next_intro && (is_target_block(blocks[end]) || starts_with_lowercase(blocks[end].text))) ++end;
    // The last story's end: the rest of the file is back matter.

    Unit u;
    u.type = kTypeCaseStudy;
    u.lang = pub.language;
    u.theme_group = group;
    u.id = pub.id + (s < 9 ? "-0" : "-") + std::to_string(s + 1);

    std::string title;
    for (std::size_t i = title_start; i < header; ++i) title = join_fragments(title, blocks[i].text, hyphens);
    u.title = collapse_spaces(title);

    if (header != intro) {
      ParagraphList kw(hyphens);
      for (std::size_t i = header + 1; i < intro; ++i) kw.add(blocks[i]);
      kw.flush();
      std::string location;
      bool in_keywords = true;
      for (const auto& p : kw.paragraphs()) {
        if (in_keywords) {
          std::size_t a = 0;
          while (a <= p.size()) {
            std::size_t b = p.find(',', a);
            if (b == std::string::npos) b = p.size();
            std::string k = collapse_spaces(std::string_view(p).substr(a, b - a));
            if (!k.empty()) u.keywords.push_back(k);
            a = b + 1;
          }
          if (p.empty() || p.back() != ',') in_keywords = false;
        } else {
          location = location.empty() ? p : location + " " + p;
        }
      }
      u.location = collapse_spaces(location);
    }

    // Sections.
    ParagraphList body(hyphens);
    std::string heading;
    auto close_section = [&] {
      body.flush();
      if (!heading.empty() || !body.empty()) u.sections.push_back({heading, body.joined()});
      body = ParagraphList(hyphens);
    };
    for (std::size_t i = intro; i < end; ++i) {
      std::string name = canonical_section(blocks[i].text);
      if (!name.empty()) {
        close_section();
        heading = name;
        continue;
      }
      body.add(blocks[i]);
    }
    close_section();
    for (const auto& sec : u.sections) {
      if (sec.text.empty()) continue;
      if (!u.text.empty()) u.text += "\n\n";
      u.text += sec.text;
      if (sec.heading == kLinkages) {
        // One target per line.
        std::size_t a = 0;
        std::string_view r(sec.text);
        while (a < r.size()) {
          std::size_t b = r.find("\n\n", a);
          if (b == std::string_view::npos) b = r.size();
          if (!u.sdg_linkage.empty()) u.sdg_linkage += "\n";
          u.sdg_linkage += std::string(r.substr(a, b - a));
          a = b + 2;
        }
      }
    }
    if (u.title.empty()) {
      const auto& first = u.sections.empty() ? u.text : u.sections.front().text;
      u.title = title_from_introduction(first);
    }
    u.source = {pub.id,
                pub.title,
                pub.publisher,
                pub.year,
                u.theme_group.empty() ? u.title : u.theme_group + " \u203A " + u.title,
                pub.url};
    out.units.push_back(std::move(u));
    prev_end = end;
  }
  to_front_matter(prev_end, n);
  return out;
}

}  // namespace m4d::indexer
