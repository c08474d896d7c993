#include "m4d/lang/normalize.h"

#include <xapian.h>

namespace m4d::lang {

namespace {

struct Elision {
  std::string_view head;  // with its apostrophe
  bool french;
};

// Elided articles and pronouns, with the straight and the typographic apostrophe.
constexpr Elision kElisions[] = {
    {"l'", true},      {"d'", true},      {"qu'", true},     {"j'", true},      {"n'", true},      {"s'", true},
    {"c'", true},      {"m'", true},      {"t'", true},      {"l\u2019", true}, {"d\u2019", true}, {"qu\u2019", true},
    {"j\u2019", true}, {"n\u2019", true}, {"s\u2019", true}, {"c\u2019", true}, {"m\u2019", true}, {"t\u2019", true},
    {"dell'", false},  {"all'", false},   {"un'", false}};

const Elision* elision_of(std::string_view key) {
  for (const Elision& e : kElisions)
    if (key.size() > e.head.size() + 1 && key.starts_with(e.head)) return &e;
  return nullptr;
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it)
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  return out;
}

std::size_t elision_length(std::string_view key) {
  const Elision* e = elision_of(key);
  return e ? e->head.size() : 0;
}

bool has_french_elision(std::string_view key) {
  const Elision* e = elision_of(key);
  return e && e->french;
}

}  // namespace m4d::lang
