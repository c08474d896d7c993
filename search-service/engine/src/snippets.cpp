#include "snippets.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>

#include "m4d/lang/stemmer.h"
#include "m4d/lang/stopwords.h"
#include "m4d/schema.h"
#include "m4d/search/engine.h"

namespace m4d::search {

namespace {

// Xapian's snippet code stems words through this: the language library's
// memoised Snowball stemmers.
class LangStem : public Xapian::StemImplementation {
 public:
  explicit LangStem(std::string lang) : lang_(std::move(lang)) {}
  std::string operator()(const std::string& word) override { return lang::stem(word, lang_); }
  std::string get_description() const override { return "m4d::lang::stem(" + lang_ + ")"; }

 private:
  std::string lang_;
};

}  // namespace

Xapian::Stem snippet_stemmer(const std::string& lang) { return Xapian::Stem(new LangStem(lang)); }

Xapian::Query snippet_query(const Xapian::Query& text) {
  std::vector<std::string> terms;
  for (auto t = text.get_unique_terms_begin(); t != text.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    if (schema::is_text_stem(term))
      terms.push_back("Z" + term.substr(3));
    else if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && !lang::is_function_word(term))
      terms.push_back(term);  // a phrase's words, but not its "of" or "in"
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::string leading_snippet(const std::string& text) {
  return html_escape(text.substr(0, text.rfind(' ', kSnippetLength))) + "\u2026";
}

std::vector<MarkedStem> window_stems(const Xapian::Query& asked, const Xapian::MSet& mset, Xapian::doccount docs,
                                     const std::string& lang) {
  const std::string prefix = schema::stem_prefix(lang);
  std::map<std::string, double> idf;
  for (auto t = asked.get_unique_terms_begin(); t != asked.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    const bool stemmed = schema::is_text_stem(term);
    if (stemmed && !term.starts_with(prefix)) continue;
    std::string stem = stemmed ? term.substr(3) : term;
    if (stem.size() < 3 || lang::is_function_word(stem) || (!stemmed && term[0] >= 'A' && term[0] <= 'Z')) continue;
    const Xapian::doccount tf = mset.get_termfreq(term);
    if (tf == 0) continue;
    double& w = idf[std::move(stem)];
    w = std::max(w, std::log((docs + 1.0) / (tf + 1.0)));
  }
  std::vector<MarkedStem> out;
  for (auto& [stem, w] : idf) out.push_back({stem, w});
  return out;
}

std::string snippet_window(const std::string& text, const std::vector<MarkedStem>& stems) {
  if (text.size() <= kSnippetWindow || stems.empty()) return text.substr(0, kSnippetWindow);
  struct Paragraph {
    double weight = 0;                      // idf of the stems found in it
    double best_idf = 0;                    // of its rarest stem...
    std::size_t first = std::string::npos;  // ...first seen here
  };
  std::map<std::size_t, Paragraph> paragraphs;                        // by start offset
  std::vector<std::size_t> counted(stems.size(), std::string::npos);  // paragraph each stem last counted in
  std::array<std::vector<std::size_t>, 256> by_lead;                  // stems by their first byte
  for (std::size_t k = 0; k < stems.size(); ++k) by_lead[static_cast<unsigned char>(stems[k].text[0])].push_back(k);
  // One pass over the words: a word matches a stem it starts with (the stem
  // is lower case; the word may be capitalised).
  static const std::array<bool, 256> kWordByte = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = c >= 0x80 || std::isalnum(c) || c == '-';
    return t;
  }();
  auto is_word_byte = [](unsigned char c) { return kWordByte[c]; };
  std::size_t paragraph = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_word_byte(static_cast<unsigned char>(text[i]))) {
      if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] == '\n') paragraph = i + 2;
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]))) ++end;
    const std::string_view word(text.data() + i, end - i);
    const unsigned char lead = static_cast<unsigned char>(word[0]);
    for (std::size_t k : by_lead[lead >= 'A' && lead <= 'Z' ? lead - 'A' + 'a' : lead]) {
      const std::string& stem = stems[k].text;
      if (word.size() < stem.size() || counted[k] == paragraph ||
          word.substr(1, stem.size() - 1) != std::string_view(stem).substr(1))
        continue;
      counted[k] = paragraph;
      Paragraph& p = paragraphs[paragraph];
      p.weight += stems[k].idf;
      if (stems[k].idf > p.best_idf) {
        p.best_idf = stems[k].idf;
        p.first = i;
      }
    }
    i = end;
  }
  std::size_t from = 0;
  double best = 0;
  for (const auto& [start, p] : paragraphs)
    if (p.weight > best) {
      best = p.weight;
      from = start;
      // A long paragraph: start at the sentence of its rarest stem, so the window holds it.
      if (p.first != std::string::npos && p.first > start + kSnippetWindow / 2) {
        const std::size_t sentence = text.rfind(". ", p.first);
        if (sentence != std::string::npos && sentence > start && p.first - sentence < kSnippetWindow / 2) {
          from = sentence + 2;
        } else {  // a word boundary shortly before it (never inside a UTF-8 sequence)
          const std::size_t space = text.find(' ', p.first - std::min<std::size_t>(p.first - start, 120));
          from = space < p.first ? space + 1 : p.first;
        }
      }
    }
  std::string window = text.substr(from, kSnippetWindow);
  // Do not cut a UTF-8 sequence in two.
  std::size_t end = window.size();
  while (end > 0 && (static_cast<unsigned char>(window[end - 1]) & 0xC0) == 0x80) --end;
  if (end > 0 && (static_cast<unsigned char>(window[end - 1]) & 0x80)) --end;
  window.resize(end == 0 ? window.size() : end);
  return window;
}

}  // namespace m4d::search
