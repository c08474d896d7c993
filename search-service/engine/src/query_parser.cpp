#include "query_parser.h"

#include "m4d/lang/language.h"
#include "m4d/lang/normalize.h"
#include "m4d/lang/stopwords.h"

namespace m4d::search {

std::string Clause::key() const {
  std::string k;
  for (const auto& w : words) k += (k.empty() ? "" : " ") + w.key();
  return k;
}

std::string Clause::text() const {
  std::string t;
  for (const auto& w : words) t += (t.empty() ? "" : " ") + w.surface();
  return t;
}

std::vector<Clause> parse_clauses(std::string_view q) {
  std::vector<Clause> clauses;
  bool pending_or = false;
  std::size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  auto skip_space = [&] {
    while (i < q.size() && is_space(q[i])) ++i;
  };
  // At an opening quote: reads to the closing one. Returns false for an
  // unbalanced quote, which is skipped so the rest reads as plain words.
  auto read_quoted = [&](std::vector<lang::Word>& words) {
    const std::size_t end = q.find('"', i + 1);
    if (end == std::string_view::npos) {
      ++i;
      return false;
    }
    words = lang::words_of(q.substr(i + 1, end - i - 1));
    i = end + 1;
    return true;
  };
  while (true) {
    skip_space();
    if (i >= q.size()) break;
    Clause c;
    if (q[i] == '-' && i + 1 < q.size() && q[i + 1] != ' ' && q[i + 1] != '-') {
      c.negated = true;
      ++i;
    }
    if (q[i] == '"') {
      if (!read_quoted(c.words)) continue;
      c.kind = Clause::Kind::kPhrase;
    } else {
      std::size_t end = i;
      while (end < q.size() && !is_space(q[end]) && q[end] != '"') ++end;
      const std::string_view token = q.substr(i, end - i);
      i = end;
      if (token == "OR" && !c.negated) {
        pending_or = !clauses.empty();
        continue;
      }
      const std::size_t colon = token.find(':');
      const std::string field = colon == std::string_view::npos ? "" : lang::lower(token.substr(0, colon));
      const auto facet = field.empty() ? std::nullopt : facet_by_query_field(field);
      if (field == "title" || facet) {
        c.title = field == "title";
        c.facet = facet;
        const std::string_view value = token.substr(colon + 1);
        if (value.empty() && i < q.size() && q[i] == '"' && read_quoted(c.words)) {
          c.kind = Clause::Kind::kPhrase;
        } else {
          c.words = lang::words_of(value);
          c.value = std::string(value);
        }
        c.kind = c.title ? (c.words.size() > 1 ? Clause::Kind::kPhrase : Clause::Kind::kWords) : Clause::Kind::kField;
        if (c.kind == Clause::Kind::kField && c.value.empty()) continue;
      } else {
        c.words = lang::words_of(token);
        // "cross-border", "e-mail": one token of several words is a phrase.
        c.kind = c.words.size() > 1 ? Clause::Kind::kPhrase : Clause::Kind::kWords;
        c.joined = c.words.size() > 1;
      }
      if (c.words.empty() && c.kind != Clause::Kind::kField) continue;
    }
    if (c.kind == Clause::Kind::kPhrase && c.words.empty()) continue;
    c.or_previous = pending_or && !clauses.empty();
    pending_or = false;
    clauses.push_back(std::move(c));
  }
  return clauses;
}

std::string identify_query_language(const std::vector<Clause>& clauses) {
  std::string text;
  bool french = false, spanish = false;
  for (const auto& c : clauses) {
    if (c.negated || c.kind == Clause::Kind::kField) continue;
    for (const auto& w : c.words) {
      const std::string_view marked = lang::marked_language(w.lower());
      french = french || marked == "fr" || lang::has_french_elision(w.lower());
      spanish = spanish || marked == "es";
      text += (text.empty() ? "" : " ") + w.surface();
    }
  }
  if (french != spanish) return french ? "fr" : "es";
  if (french) return "";  // both: ambiguous ("la", "con")
  // One word is too little for CLD2 ("partes": Spanish or Portuguese).
  if (text.find(' ') == std::string::npos) return "";
  const std::string detected = lang::detect_language(text, "");
  return detected == "en" ? "" : detected;
}

}  // namespace m4d::search
