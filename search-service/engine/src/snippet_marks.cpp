// Marks the asked words of a snippet's span as Xapian's MSet::snippet marks a
// text that fits its length (flags 0): the same word splitting
// (termgenerator_internal.cc, parse_terms, in Xapian 1.4), the same
// lower-case and "Z" + stem lookups, the same leading and trailing
// punctuation rules. Doing it here saves, per request, the match pass that
// gave MSet::snippet its statistics and, per hit, Xapian's walk of the query.
#include <xapian.h>

#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "m4d/lang/stemmer.h"
#include "snippets.h"

namespace m4d::search {

namespace {

namespace U = Xapian::Unicode;
using Xapian::Utf8Iterator;

constexpr unsigned kIgnore = std::numeric_limits<unsigned>::max();
constexpr std::size_t kMaxWordLength = 64;  // Xapian skips longer words

// Xapian's Unicode tables, with ASCII (most of the collection's text) answered
// without them: its word characters are letters, digits and '_'.
bool is_wordchar(unsigned ch) {
  if (ch < 0x80) return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
  return U::is_wordchar(ch);
}
unsigned lower(unsigned ch) {
  if (ch < 0x80) return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
  return U::tolower(ch);
}
void append(std::string& s, unsigned ch) {
  if (ch < 0x80)
    s += static_cast<char>(ch);
  else
    U::append_utf8(s, ch);
}
unsigned check_wordchar(unsigned ch) { return is_wordchar(ch) ? lower(ch) : 0; }
bool ascii_upper(unsigned ch) { return ch >= 'A' && ch <= 'Z'; }
bool is_digit(unsigned ch) { return U::get_category(ch) == U::DECIMAL_DIGIT_NUMBER; }

unsigned check_infix(unsigned ch) {
  if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027) return ch;
  if (ch == 0x2019 || ch == 0x201b) return '\'';
  if (ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff)) return kIgnore;
  return 0;
}

unsigned check_infix_digit(unsigned ch) {
  switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x037e:
    case 0x0589:
    case 0x060D:
    case 0x07F8:
    case 0x2044:
    case 0xFE10:
    case 0xFE13:
    case 0xFE14:
      return ch;
    default:
      break;
  }
  if (ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff)) return kIgnore;
  return 0;
}

unsigned check_suffix(unsigned ch) { return ch == '+' || ch == '#' ? ch : 0; }

// An ASCII word character: a letter, a digit or '_'.
bool ascii_word(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// An ASCII byte after which an ASCII word simply ends: no infix ("l'emploi",
// "AT&T", "1,000"), no suffix ("C++"), no initials' '.' ("U.N.").
bool plain_ascii_end(unsigned char c) {
  return c < 0x80 && !ascii_word(c) && c != '\'' && c != '&' && c != ',' && c != '.' && c != ';' && c != '+' &&
         c != '#';
}

// Calls f(term, end) for each word of `text`: its lower-case term and the byte
// offset just after it. ASCII between words, and ASCII words that end on a
// plain ASCII byte (most of a snippet), are read byte by byte; the rest
// follows Xapian's rules character by character.
template <typename F>
void each_term(std::string_view text, F f) {
  const Utf8Iterator end;
  Utf8Iterator itor(text.data(), text.size());
  auto offset = [&](const Utf8Iterator& i) { return static_cast<std::size_t>(i.raw() - text.data()); };
  const char* const stop = text.data() + text.size();
  std::string term;
  while (true) {
    const char* p = itor == end ? stop : itor.raw();
    while (p != stop && static_cast<unsigned char>(*p) < 0x80 && !ascii_word(static_cast<unsigned char>(*p))) ++p;
    if (p == stop) return;
    if (ascii_word(static_cast<unsigned char>(*p))) {
      const char* q = p;
      while (q != stop && ascii_word(static_cast<unsigned char>(*q))) ++q;
      if (q == stop || plain_ascii_end(static_cast<unsigned char>(*q))) {
        term.assign(p, q);
        for (char& c : term)
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        f(term, static_cast<std::size_t>(q - text.data()));
        itor.assign(q, static_cast<std::size_t>(stop - q));
        continue;
      }
    }
    itor.assign(p, static_cast<std::size_t>(stop - p));
    unsigned ch = 0;
    while (true) {
      if (itor == end) return;
      ch = check_wordchar(*itor);
      if (ch) break;
      ++itor;
    }
    term.clear();
    bool ended = false;  // Xapian's "goto endofterm"
    // Initials separated by '.' (U.N., P.T.O.) make one word.
    if (ascii_upper(*itor)) {
      Utf8Iterator p = itor;
      do {
        append(term, lower(*p++));
      } while (p != end && *p == '.' && ++p != end && ascii_upper(*p));
      if (term.size() > 1 && (p == end || !is_wordchar(*p))) {
        itor = p;
        ended = true;
      } else {
        term.clear();
      }
    }
    if (!ended) {
      while (true) {
        unsigned prevch = 0;
        do {
          append(term, ch);
          prevch = ch;
          if (++itor == end) {
            ended = true;
            break;
          }
          ch = check_wordchar(*itor);
        } while (ch);
        if (ended) break;
        Utf8Iterator next(itor);
        ++next;
        if (next == end) break;
        const unsigned nextch = check_wordchar(*next);
        if (!nextch) break;
        // "l'emploi", "AT&T", "1,000".
        const unsigned infix = is_digit(prevch) && is_digit(*next) ? check_infix_digit(*itor) : check_infix(*itor);
        if (!infix) break;
        if (infix != kIgnore) append(term, infix);
        ch = nextch;
        itor = next;
      }
    }
    if (!ended) {  // "C++", "C#", but not "fish+chips"
      const std::size_t len = term.size();
      unsigned count = 0;
      while ((ch = check_suffix(*itor))) {
        if (++count > 3) {
          term.resize(len);
          break;
        }
        append(term, ch);
        if (++itor == end) {
          ended = true;
          break;
        }
      }
      if (!ended && is_wordchar(*itor)) term.resize(len);
    }
    f(term, offset(itor));
  }
}

// Punctuation kept before a snippet's first word and after its last one.
constexpr std::u32string_view kLeadingKept = U"\"#%&'+-/<@\\`~\u00A1\u00A7\u00BF";
constexpr std::u32string_view kTrailingKept = U"\"%'+-/>@\\`~";

bool leading_kept(unsigned ch) {
  const auto c = U::get_category(ch);
  return U::is_currency(ch) || c == U::OPEN_PUNCTUATION || c == U::INITIAL_QUOTE_PUNCTUATION ||
         kLeadingKept.find(static_cast<char32_t>(ch)) != std::u32string_view::npos;
}

bool trailing_kept(unsigned ch) {
  const auto c = U::get_category(ch);
  return U::is_currency(ch) || c == U::CLOSE_PUNCTUATION || c == U::FINAL_QUOTE_PUNCTUATION ||
         kTrailingKept.find(static_cast<char32_t>(ch)) != std::u32string_view::npos;
}

void append_escaped(std::string_view text, std::size_t from, std::size_t to, std::string& out) {
  for (std::size_t i = from; i < to; ++i) {
    const char c = text[i];
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
}

}  // namespace

std::size_t DecidedWords::slot_of(std::string_view word) const {
  std::uint64_t h = 14695981039346656037ULL;
  for (const unsigned char c : word) h = (h ^ c) * 1099511628211ULL;
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>(h ^ (h >> 32)) & mask;
  while (slots_[i].marked >= 0 && slots_[i].word != word) i = (i + 1) & mask;
  return i;
}

int DecidedWords::find(std::string_view word) const { return slots_[slot_of(word)].marked; }

void DecidedWords::add(std::string_view word, bool marked) {
  if (size_ >= kMax) return;
  if (2 * (size_ + 1) > slots_.size()) {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (Slot& s : old)
      if (s.marked >= 0) {
        const std::size_t i = slot_of(s.word);
        slots_[i] = std::move(s);
      }
  }
  Slot& s = slots_[slot_of(word)];
  if (s.marked >= 0) return;
  s.word = word;
  s.marked = marked ? 1 : 0;
  ++size_;
}

SnippetMarks::SnippetMarks(const Xapian::Query& text) {
  const Xapian::Query q = snippet_query(text);
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) terms_.insert(*t);
}

std::string SnippetMarks::mark(std::string_view text, const std::string& lang) const {
  struct Word {
    std::size_t end;
    bool marked;
  };
  std::vector<Word> words;
  std::string stem_term = "Z";
  auto found = decided_.find(lang);
  if (found == decided_.end()) found = decided_.emplace(lang, DecidedWords()).first;
  DecidedWords& decided = found->second;
  each_term(text, [&](const std::string& term, std::size_t end) {
    if (term.size() > kMaxWordLength) return;
    if (const int known = decided.find(term); known >= 0) {
      words.push_back({end, known == 1});
      return;
    }
    bool marked = terms_.count(term) > 0;
    if (!marked) {
      stem_term.resize(1);
      stem_term += lang::stem(term, lang);
      marked = terms_.count(stem_term) > 0;
    }
    decided.add(term, marked);
    words.push_back({end, marked});
  });

  const Utf8Iterator none;
  auto offset = [&](const Utf8Iterator& i) { return static_cast<std::size_t>(i.raw() - text.data()); };
  std::string out;
  std::size_t begin = 0;
  if (!words.empty()) {
    // The start: leading punctuation that carries meaning, at most 4 bytes of it.
    for (Utf8Iterator i(text.data(), words.front().end); i != none;) {
      const unsigned ch = *i;
      if (is_wordchar(ch)) {
        if (offset(i) - begin > 4) begin = offset(i);
        break;
      }
      ++i;
      if (!leading_kept(ch)) begin = offset(i);
    }
  }
  for (const Word& w : words) {
    if (w.marked) {  // the space before a marked word stays outside the mark
      for (Utf8Iterator i(text.data() + begin, text.size() - begin); i != none; ++i)
        if (is_wordchar(*i)) {
          const std::size_t at = offset(i);
          append_escaped(text, begin, at, out);
          begin = at;
          break;
        }
      out += "<mark>";
    }
    append_escaped(text, begin, w.end, out);
    if (w.marked) out += "</mark>";
    begin = w.end;
  }

  // The end: a sentence's closing punctuation, or up to 4 characters of
  // punctuation that carries meaning, else an ellipsis.
  const std::size_t last = begin;
  if (last == text.size()) return out;
  bool sentence_end = false;
  Utf8Iterator i(text.data() + last, text.size() - last);
  for (; i != none; ++i) {
    const unsigned ch = *i;
    if (sentence_end && U::is_whitespace(ch)) break;
    sentence_end = ch == '.' || ch == '?' || ch == '!';
    if (is_wordchar(ch)) break;
  }
  if (sentence_end) {
    append_escaped(text, last, offset(i), out);
    return out;
  }
  i.assign(text.data() + last, text.size() - last);
  int trailing = 0;
  while (i != none && trailing_kept(*i)) {
    if (++trailing > 4) {
      trailing = 0;
      break;
    }
    ++i;
  }
  if (trailing) {
    append_escaped(text, last, offset(i), out);
    if (i == none) return out;
  }
  return out + "\u2026";
}

}  // namespace m4d::search
