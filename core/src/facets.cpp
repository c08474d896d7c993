#include "m4d/facets.h"

#include <cctype>

#include "m4d/lang/normalize.h"

namespace m4d {

namespace {

// "16.B" -> "16.b", "11A" -> "11.a".
std::string target_syntax(std::string_view raw) {
  std::string v(raw);
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v.find('.') == std::string::npos) {
    std::size_t i = 0;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i;
    if (i > 0 && i < v.size()) v = v.substr(0, i) + "." + v.substr(i);
  }
  return v;
}

}  // namespace

std::optional<Facet> facet_by_query_field(std::string_view field) {
  for (const FacetSpec& f : kFacets)
    if (f.query_field == field) return f.facet;
  return std::nullopt;
}

std::string canonical_value(Facet facet, std::string_view raw) {
  switch (spec(facet).canonical) {
    case Canonical::kUpper: {
      std::string v(raw);
      for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return v;
    }
    case Canonical::kTarget:
      return target_syntax(raw);
    case Canonical::kLower:
      break;
  }
  return lang::lower(raw);
}

}  // namespace m4d
