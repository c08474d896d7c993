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

bool is_web_link(std::string_view url) {
  if (url.size() > kMaxUrlBytes) return false;
  auto starts_with_nocase = [&](std::string_view prefix) {
    return url.size() > prefix.size() && std::equal(prefix.begin(), prefix.end(), url.begin(), [](char a, char b) {
             return a == std::tolower(static_cast<unsigned char>(b));
           });
  };
  const std::size_t host = starts_with_nocase("https://") ? 8 : starts_with_nocase("http://") ? 7 : 0;
  if (host == 0 || url[host] == '/' || url[host] == '?' || url[host] == '#') return false;
  return std::none_of(url.begin(), url.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`';
  });
}

}  // namespace m4d
