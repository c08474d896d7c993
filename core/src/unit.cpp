#include "m4d/unit.h"

#include <algorithm>
#include <cctype>

namespace m4d {

std::string last_change(const Unit& u) {
  if (!u.updated.empty()) return u.updated;
  const std::string& y = u.source.year;
  if (y.size() == 4 && std::all_of(y.begin(), y.end(), [](unsigned char c) { return std::isdigit(c); }))
    return y + "-01-01T00:00:00Z";
  return "";
}

}  // namespace m4d
