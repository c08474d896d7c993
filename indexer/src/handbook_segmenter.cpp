// Segmenter for the JMDI handbook "Migration for Development: a Bottom-Up
// Approach" (2011). The extraction gives one paragraph per line. Text boxes are
// printed inside the running text, often in the middle of a paragraph that
// resumes after the box; the annex is a tab-separated table of the 51 projects.
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "m4d/errors.h"
#include "m4d/indexer/segmenter.h"
#include "m4d/indexer/text_cleanup.h"
#include "m4d/text.h"

namespace m4d::indexer {

namespace {

constexpr std::string_view kBodyStart = "Foreword \u2013 European Commission";
constexpr std::string_view kAnnexHeading = "Annex - List of JMDI projects";

const std::regex kChapterRe(R"(^Chapter (\d+)\. (.+?)\.?$)");
const std::regex kSectionRe(R"(^(\d)\.(\d) ([A-Z].{3,100}?)\.?$)");
const std::regex kTextBoxRe(R"(^Text box (\d+)$)");
const std::regex kForewordRe("^Foreword \u2013 (.+)$");
const std::regex kFieldRe(R"(^(Project|Title|Partners|Countries): (.+)$)");
const std::regex kAnnexRowRe(R"(^([A-Z][A-Za-z ]+-\d+)\t([^\t]*)\t([^\t]*)\t([^\t]*)$)");

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::string strip_quotes(std::string s) {
  for (std::string_view q : {"\u201C", "\""}) {
    if (s.starts_with(q)) s = s.substr(q.size());
  }
  for (std::string_view q : {".", "\u201D", "\"", "."}) {
    if (s.ends_with(q)) s = s.substr(0, s.size() - q.size());
  }
  return s;
}

bool is_sidebar_label(std::string_view p) { return p.size() > 1 && p.back() == ':' && word_count(p) <= 6; }

// A box without a "Text box N" header: a short title line directly above a photo credit.
bool is_unnumbered_box_title(const RawBlock& b) {
  return b.before_credit && word_count(b.text) <= 12 && is_incomplete(b.text) && starts_with_uppercase(b.text) &&
         !b.text.starts_with("Figure") && !b.text.starts_with("Chapter");
}

struct OpenUnit {
  Unit unit;
  ParagraphList paragraphs;
};

}  // namespace

Segmentation segment_handbook(std::string_view text, const Publication& pub, const HyphenationResolver& hyphens) {
  Segmentation out;
  const std::size_t annex_at = text.find(std::string(kAnnexHeading) + "\n");
  if (annex_at == std::string_view::npos) throw InvalidInput("handbook without '" + std::string(kAnnexHeading) + "'");
  const std::vector<RawBlock> blocks =
      split_blocks(text.substr(0, annex_at), BlockRules{true, {}}, hyphens, &out.furniture);

  std::vector<OpenUnit> done;
  std::optional<OpenUnit> body;  // the current handbook section
  std::optional<OpenUnit> box;   // the text box being read, if any
  std::string chapter_id, chapter_title, section_title;
  int chapter = 0;
  int boxes_seen = 0;
  bool started = false, back_matter = false;
  bool quote_expected = false;  // the previous paragraph was a sidebar label

  auto finish = [&](std::optional<OpenUnit>& u) {
    if (!u) return;
    u->paragraphs.flush();
    // The extraction repeats some pages (e.g. the start of 4.3): drop a long
    // paragraph that the unit already holds word for word.
    std::set<std::string> seen;
    std::string text;
    for (const auto& p : u->paragraphs.paragraphs()) {
      if (p.size() > 80 && !seen.insert(p).second) {
        out.furniture.push_back(p);
        continue;
      }
      text += (text.empty() ? "" : "\n\n") + p;
    }
    u->unit.text = std::move(text);
    done.push_back(std::move(*u));
    u.reset();
  };
  auto open_section = [&](std::string id, std::string title, std::string path) {
    finish(box);
    finish(body);
    OpenUnit u{Unit{}, ParagraphList(hyphens)};
    u.unit.id = pub.id + "-" + id;
    u.unit.type = kTypeHandbookSection;
    u.unit.title = std::move(title);
    u.unit.chapter_id = chapter_id;
    u.unit.source.section_path = std::move(path);
    body = std::move(u);
  };
  auto open_box = [&](int number) {
    finish(box);
    boxes_seen = number;
    OpenUnit u{Unit{}, ParagraphList(hyphens)};
    u.unit.id = pub.id + (number < 10 ? "-tb-0" : "-tb-") + std::to_string(number);
    u.unit.type = kTypeTextBox;
    u.unit.chapter_id = chapter_id;
    std::string path = chapter_title;
    if (!section_title.empty()) path += " \u203A " + section_title;
    u.unit.source.section_path = path + " \u203A Text box " + std::to_string(number);
    box = std::move(u);
  };
  auto chapter_path = [&](const std::string& leaf) {
    return chapter_title.empty() ? leaf : chapter_title + " \u203A " + leaf;
  };

  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const RawBlock& b = blocks[i];
    const std::string& p = b.text;
    std::smatch m;
    if (!started) {
      if (p == kBodyStart)
        started = true;
      else {
        out.front_matter.push_back(p);
        continue;
      }
    }
    if (back_matter || p == "References") {
      back_matter = true;
      finish(box);
      finish(body);
      out.front_matter.push_back(p);
      continue;
    }
    if (std::regex_match(p, m, kForewordRe)) {
      open_section("foreword-" + slugify(m[1].str()), p, p);
      continue;
    }
    if (fold_case(p) == "introduction" && chapter == 0) {
      if (body && body->unit.id == pub.id + "-intro") continue;  // printed twice (title page)
      open_section("intro", "Introduction", "Introduction");
      continue;
    }
    if (std::regex_match(p, m, kChapterRe)) {
      int n = std::stoi(m[1].str());
      if (n == chapter) continue;  // chapter title page repeats the heading
      chapter = n;
      section_title.clear();
      chapter_title = "Chapter " + m[1].str() + ". " + m[2].str();
      chapter_id.clear();  // the chapter unit does not link to itself
      open_section("ch" + std::to_string(n), chapter_title, chapter_title);
      chapter_id = pub.id + "-ch" + std::to_string(n);
      continue;
    }
    if (std::regex_match(p, m, kSectionRe) && std::stoi(m[1].str()) == chapter && word_count(p) <= 16) {
      std::string id = m[1].str() + "-" + m[2].str();
      if (body && body->unit.id == pub.id + "-" + id) continue;  // repeated heading
      section_title = m[1].str() + "." + m[2].str() + " " + m[3].str();
      open_section(id, section_title, chapter_path(section_title));
      continue;
    }
    if (fold_case(p) == "final recommendations") {
      chapter_id.clear();
      chapter_title.clear();
      section_title.clear();
      open_section("final-rec", "Final recommendations", "Final recommendations");
      continue;
    }
    if (chapter > 0 && body && body->unit.id != pub.id + "-final-rec" && p.ends_with("should:") &&
        i + 1 < blocks.size() && blocks[i + 1].text.starts_with("- ")) {
      section_title.clear();
      open_section("ch" + std::to_string(chapter) + "-rec", "Recommendations \u2013 " + chapter_title,
                   chapter_path("Recommendations"));
      body->paragraphs.add(b);
      continue;
    }
    if (std::regex_match(p, m, kTextBoxRe)) {
      open_box(std::stoi(m[1].str()));
      continue;
    }
    if (!box && is_unnumbered_box_title(b)) {
      open_box(boxes_seen + 1);
      box->unit.title = p;
      continue;
    }
    if (box) {
      if (std::regex_match(p, m, kFieldRe)) {
        const std::string field = m[1].str();
        const std::string value = collapse_spaces(m[2].str());
        if (field == "Project")
          box->unit.project_id = value;
        else if (field == "Title")
          box->unit.title = strip_quotes(value);
        else if (field == "Partners")
          box->unit.partners = value;
        else
          box->unit.countries_printed = value;
        continue;
      }
      const bool ends_box = is_sidebar_label(p) || p.starts_with("Figure ") ||
                            (starts_with_lowercase(p) && !box->paragraphs.continues(b));
      if (!ends_box) {
        box->paragraphs.add(b);
        continue;
      }
      finish(box);
    }
    if (!body) throw InvalidInput("handbook text before the first section: " + p.substr(0, 60));
    // A sidebar ("Networking events:" and its quotation) is set aside like a
    // caption, so a paragraph it interrupts can still be rejoined.
    const bool sidebar = is_sidebar_label(p) || (quote_expected && p.starts_with("\u201C"));
    quote_expected = is_sidebar_label(p);
    if (sidebar) {
      RawBlock held = b;
      held.caption = true;
      body->paragraphs.add(held);
      continue;
    }
    body->paragraphs.add(b);
  }
  finish(box);
  finish(body);

  // Annex: one project unit per table row.
  std::map<std::string, std::string> project_unit_ids;  // printed project id -> unit id
  std::size_t pos = annex_at;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(pos, nl - pos));
    pos = nl + 1;
    std::smatch m;
    if (!std::regex_match(line, m, kAnnexRowRe)) {
      if (!collapse_spaces(line).empty()) out.front_matter.push_back(collapse_spaces(line));
      continue;
    }
    Unit u;
    u.type = kTypeProject;
    u.project_id = collapse_spaces(m[1].str());
    u.id = "prj-" + slugify(u.project_id);
    u.title = collapse_spaces(m[2].str());
    // Partners: an HTML list flattened into "<ul ...> • A • B".
    std::string partners = std::regex_replace(m[3].str(), std::regex("<[^>]*>"), " ");
    std::vector<std::string> names;
    std::size_t a = 0;
    const std::string bullet = "\u2022";
    while (a <= partners.size()) {
      std::size_t e = partners.find(bullet, a);
      if (e == std::string::npos) e = partners.size();
      std::string name = collapse_spaces(std::string_view(partners).substr(a, e - a));
      if (!name.empty()) names.push_back(name);
      a = e + bullet.size();
    }
    for (const auto& n : names) u.partners += (u.partners.empty() ? "" : "; ") + n;
    u.countries_printed = collapse_spaces(m[4].str());
    u.text = u.title + "\n\nPartners: " + u.partners + "\n\nCountries: " + u.countries_printed;
    u.source.section_path = "Annex \u203A Project " + u.project_id;
    project_unit_ids[fold_case(u.project_id)] = u.id;
    done.push_back(OpenUnit{std::move(u), ParagraphList(hyphens)});
  }

  for (auto& ou : done) {
    Unit& u = ou.unit;
    u.lang = pub.language;
    u.source.publication_id = pub.id;
    u.source.publication = pub.title;
    u.source.publisher = pub.publisher;
    u.source.year = pub.year;
    u.source.url = pub.url;
    if (u.type == kTypeTextBox && !u.project_id.empty()) {
      auto it = project_unit_ids.find(fold_case(u.project_id));
      if (it != project_unit_ids.end()) u.related_ids.push_back(it->second);
    }
    if (u.title.empty()) throw InvalidInput("handbook unit without title: " + u.id);
    out.units.push_back(std::move(u));
  }
  // Back links: project -> text boxes describing it.
  std::map<std::string, std::size_t> index_of;
  for (std::size_t k = 0; k < out.units.size(); ++k) index_of[out.units[k].id] = k;
  for (const auto& u : out.units) {
    if (u.type != kTypeTextBox) continue;
    for (const auto& r : u.related_ids) out.units[index_of[r]].related_ids.push_back(u.id);
  }
  return out;
}

}  // namespace m4d::indexer
