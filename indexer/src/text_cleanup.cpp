#include "m4d/indexer/text_cleanup.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>

#include "m4d/text.h"

namespace m4d::indexer {

namespace {

// Words printed on the 17 SDG icons ("NO POVERTY", "PEACE, JUSTICE AND STRONG
// INSTITUTIONS"...). The icons are images; their captions leak into the text.
constexpr std::array<std::string_view, 46> kIconWords = {
    "NO",           "POVERTY",      "ZERO",        "HUNGER",     "GOOD",        "HEALTH",
    "AND",          "WELL-BEING",   "QUALITY",     "EDUCATION",  "GENDER",      "EQUALITY",
    "CLEAN",        "WATER",        "SANITATION",  "AFFORDABLE", "ENERGY",      "DECENT",
    "WORK",         "ECONOMIC",     "GROWTH",      "INDUSTRY",   "INNOVATION",  "INFRASTRUCTURE",
    "REDUCED",      "INEQUALITIES", "SUSTAINABLE", "CITIES",     "COMMUNITIES", "RESPONSIBLE",
    "CONSUMPTION",  "PRODUCTION",   "CLIMATE",     "ACTION",     "LIFE",        "BELOW",
    "ON",           "LAND",         "PEACE",       "JUSTICE",    "STRONG",      "INSTITUTIONS",
    "PARTNERSHIPS", "FOR",          "THE",         "GOALS"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != ',') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_icon_caption(std::string_view line) {
  auto words = words_of(line);
  if (words.empty()) return false;
  for (auto w : words) {
    bool known = false;
    for (auto k : kIconWords) known = known || (w == k);
    if (!known) return false;
  }
  return true;
}

bool is_running_header(std::string_view line) {
  return line.find("SUCCESS STORIES") != std::string_view::npos && words_of(line).size() <= 12;
}

bool is_url_only(std::string_view line) {
  if (line.find(' ') != std::string_view::npos) return false;
  return line.starts_with("http://") || line.starts_with("https://") || line.starts_with("www.");
}

// Returns the length of a bullet glyph prefix ("2 ", "Ü ", "• ") or 0.
std::size_t bullet_prefix(std::string_view line) {
  for (std::string_view glyph : {"2 ", "\u00DC ", "\u2022 ", "\uF0B7 "}) {
    if (line.starts_with(glyph)) {
      std::size_t n = glyph.size();
      while (n < line.size() && line[n] == ' ') ++n;
      if (n < line.size()) return n;
    }
  }
  return 0;
}

// "10.7 – ...", "11A – ...", "16.B – ..." (a line of a "Linkages to the SDGs" block).
bool is_target_line(std::string_view line) {
  std::size_t i = 0;
  auto digit = [&](std::size_t k) { return k < line.size() && line[k] >= '0' && line[k] <= '9'; };
  if (!digit(i)) return false;
  while (digit(i)) ++i;
  if (i > 2) return false;
  if (i < line.size() && line[i] == '.') ++i;
  std::size_t start = i;
  while (i < line.size() && i - start < 2 &&
         (digit(i) || (line[i] >= 'A' && line[i] <= 'C') || (line[i] >= 'a' && line[i] <= 'c')))
    ++i;
  if (i == start) return false;
  while (i < line.size() && line[i] == ' ') ++i;
  return line.substr(i).starts_with("\u2013") || line.substr(i).starts_with("-");
}

bool ends_with_letter_hyphen(std::string_view s) {
  if (s.size() < 2 || s.back() != '-') return false;
  unsigned char c = static_cast<unsigned char>(s[s.size() - 2]);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

}  // namespace

bool is_page_furniture(std::string_view raw) {
  std::string_view line = trim(raw);
  if (line.empty()) return false;
  return is_running_header(line) || is_icon_caption(line) || is_url_only(line) || line.starts_with("\u00A9");
}

bool is_incomplete(std::string_view paragraph) {
  std::string_view p = trim(paragraph);
  if (p.empty()) return false;
  for (std::string_view end : {".", "!", "?", ":", ";", "\u201D", "\"", "\u2019", "\u2026"}) {
    if (p.ends_with(end)) return false;
  }
  return true;
}

std::string join_fragments(std::string_view prev, std::string_view next, const HyphenationResolver& hyphens) {
  prev = trim(prev);
  next = trim(next);
  if (prev.empty()) return std::string(next);
  if (next.empty()) return std::string(prev);
  if (ends_with_letter_hyphen(prev) && !starts_with_uppercase(next) && (starts_with_lowercase(next))) {
    // Last word fragment of prev, first word fragment of next.
    std::size_t cut = prev.size() - 1;
    std::size_t start = cut;
    while (start > 0 && prev[start - 1] != ' ' && prev[start - 1] != '-' && prev[start - 1] != '/' &&
           prev[start - 1] != '(')
      --start;
    std::size_t end = 0;
    while (end < next.size() && next[end] != ' ' && next[end] != ',' && next[end] != '.' && next[end] != ';' &&
           next[end] != ':' && next[end] != ')' && next[end] != '-')
      ++end;
    std::string word = hyphens.join(prev.substr(start, cut - start), next.substr(0, end));
    return std::string(prev.substr(0, start)) + word + std::string(next.substr(end));
  }
  return std::string(prev) + " " + std::string(next);
}

bool matches_heading(std::string_view line, const std::vector<std::string>& headings) {
  std::string t = fold_case(collapse_spaces(line));
  if (!t.empty() && t.back() == ':') t.pop_back();
  for (const auto& h : headings) {
    if (t == fold_case(h)) return true;
  }
  return false;
}

std::vector<RawBlock> split_blocks(std::string_view text, const BlockRules& rules, const HyphenationResolver& hyphens,
                                   std::vector<std::string>* removed) {
  std::vector<RawBlock> blocks;
  RawBlock current;
  bool open = false;
  bool page_pending = false;
  auto close = [&] {
    if (open && !current.text.empty()) blocks.push_back(std::move(current));
    current = RawBlock{};
    open = false;
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    const bool page_start = !raw.empty() && raw.front() == ' ' && !trim(raw).empty();
    std::string_view line = trim(raw);
    if (line.empty()) {
      close();
      if (nl == text.size()) break;
      continue;
    }
    if (is_page_furniture(line)) {
      if (removed) removed->emplace_back(line);
      close();
      if (line.starts_with("\u00A9") && !blocks.empty()) blocks.back().before_credit = true;
      page_pending = page_pending || page_start;
      continue;
    }
    std::size_t bullet = bullet_prefix(line);
    const bool heading = matches_heading(line, rules.headings);
    const bool caption = line.starts_with("\u2191");
    const bool new_block =
        rules.line_is_paragraph || heading || bullet > 0 || caption || is_target_line(line) || page_start;
    if (new_block) close();
    if (bullet > 0) {
      if (removed) removed->emplace_back(line.substr(0, bullet));
      line.remove_prefix(bullet);
      current.bullet = true;
    }
    std::string clean = collapse_spaces(line);
    if (!open) {
      current.text = std::move(clean);
      current.starts_page = page_start || page_pending;
      current.caption = caption;
      open = true;
      page_pending = false;
    } else {
      current.text = join_fragments(current.text, clean, hyphens);
    }
    if (heading) close();
    if (nl == text.size()) break;
  }
  close();
  return blocks;
}

bool ParagraphList::continues(const RawBlock& block) const {
  if (paragraphs_.empty() || block.caption || block.bullet) return false;
  const std::string& last = paragraphs_.back();
  return is_incomplete(last) && starts_with_lowercase(block.text);
}

bool ParagraphList::add(const RawBlock& block) {
  if (block.caption) {
    held_captions_.push_back(block.text);
    return true;
  }
  if (continues(block)) {
    paragraphs_.back() = join_fragments(paragraphs_.back(), block.text, *hyphens_);
    return false;
  }
  flush();
  paragraphs_.push_back(block.text);
  return true;
}

void ParagraphList::add_plain(std::string paragraph) {
  flush();
  paragraphs_.push_back(std::move(paragraph));
}

void ParagraphList::flush() {
  for (auto& c : held_captions_) paragraphs_.push_back(std::move(c));
  held_captions_.clear();
}

std::string ParagraphList::joined() const {
  std::string out;
  for (const auto& p : paragraphs_) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

}  // namespace m4d::indexer
