#include "params.h"

#include <algorithm>

#include "api_error.h"
#include "m4d/text.h"

namespace m4d::http {

namespace {

constexpr int kMaxPerPage = 100;
constexpr int kMaxPage = 1000;

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

const std::vector<std::string>& ui_languages() {
  static const std::vector<std::string> langs = {"en", "fr", "es", "ar"};
  return langs;
}

int int_param(const httplib::Request& req, const std::string& name, int fallback, int lo, int hi) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  try {
    std::size_t used = 0;
    const int n = std::stoi(v, &used);
    if (used == v.size() && n >= lo && n <= hi) return n;
  } catch (const std::exception&) {
    // Not a number: reported below.
  }
  throw ApiError{400, "invalid_parameter",
                 name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), name};
}

std::string one_of(const httplib::Request& req, const std::string& name, const std::vector<std::string>& allowed,
                   const std::string& fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw ApiError{400, "invalid_parameter", name + " must be one of " + list + "; got '" + v + "'", name};
  }
  return v;
}

std::string ui_lang(const httplib::Request& req) { return one_of(req, "ui_lang", ui_languages(), "en"); }

std::string query_text(const httplib::Request& req, const std::string& name) {
  std::string q = req.get_param_value(name);
  if (code_points(q) > kMaxQueryChars)
    throw ApiError{400, "invalid_parameter", name + " is longer than 1000 characters", name};
  return q;
}

void check_utf8(const httplib::Request& req) {
  for (const auto& [k, v] : req.params)
    if (!is_valid_utf8(k) || !is_valid_utf8(v))
      throw ApiError{400, "invalid_parameter", "parameter is not valid UTF-8", is_valid_utf8(k) ? k : ""};
}

search::Filters filters(const httplib::Request& req, const Taxonomy& taxonomy) {
  search::Filters f;
  for (const FacetSpec& facet : kFacets) {
    const std::string param(facet.param);
    for (std::size_t i = 0; i < req.get_param_value_count(param); ++i) {
      const std::string raw = req.get_param_value(param, i);
      const auto value = taxonomy.facet_value(facet.facet, raw);
      if (!value) throw ApiError{400, "invalid_parameter", "unknown " + param + " '" + raw + "'", param};
      auto& list = f[facet.facet];
      if (std::find(list.begin(), list.end(), *value) == list.end()) list.push_back(*value);
    }
  }
  return f;
}

namespace {

// The bits named by parameter `name` (comma-separated and/or repeated) among
// `names` (bit 1, 2, 4... in order); 0 when absent, empty or naming them all.
std::uint8_t mask_param(const httplib::Request& req, const std::string& name, const std::vector<std::string>& names) {
  std::uint8_t mask = 0;
  for (std::size_t i = 0; i < req.get_param_value_count(name); ++i) {
    const std::string list = req.get_param_value(name, i);
    for (std::size_t at = 0; at <= list.size();) {
      std::size_t end = list.find(',', at);
      if (end == std::string::npos) end = list.size();
      const std::string item = list.substr(at, end - at);
      at = end + 1;
      if (item.empty()) continue;
      const auto found = std::find(names.begin(), names.end(), item);
      if (found == names.end()) {
        std::string allowed;
        for (const auto& n : names) allowed += (allowed.empty() ? "" : ", ") + n;
        throw ApiError{400, "invalid_parameter", name + " takes " + allowed + "; got '" + item + "'", name};
      }
      mask |= static_cast<std::uint8_t>(1u << (found - names.begin()));
    }
  }
  return mask == (1u << names.size()) - 1 ? 0 : mask;
}

}  // namespace

std::string site_of(const httplib::Request& req) {
  const std::string host = req.get_header_value("Host");
  if (host.empty() || host.size() > 255 ||
      host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
          std::string::npos)
    return "";
  return (req.get_header_value("X-Forwarded-Proto") == "https" ? "https://" : "http://") + host;
}

std::string export_search(const httplib::Request& req) {
  std::string out;
  for (const auto& [name, value] : req.params) {
    if (name == "format" || name == "page" || name == "per_page" || name == "ui_lang" || value.empty()) continue;
    std::string shown = value;
    for (char& ch : shown)
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) ch = ' ';
    out += (out.empty() ? "" : "; ") + name + "=" + (name == "q" ? "\"" + shown + "\"" : shown);
  }
  return out;
}

TagScope tag_scope(const httplib::Request& req) {
  TagScope scope;
  scope.provenance = mask_param(req, "sdg_provenance", {"stated", "inferred", "editor"});
  scope.role = mask_param(req, "country_role", {"primary", "mentioned"});
  static_assert(kStatedTag == 1 && kInferredTag == 2 && kEditorTag == 4 && kPrimaryCountry == 1 &&
                kMentionedCountry == 2);
  return scope;
}

search::SearchRequest search_request(const httplib::Request& req, const Taxonomy& taxonomy) {
  search::SearchRequest r;
  r.q = query_text(req, "q");
  r.filters = filters(req, taxonomy);
  r.scope = tag_scope(req);
  r.page = int_param(req, "page", 1, 1, kMaxPage);
  r.per_page = int_param(req, "per_page", 10, 1, kMaxPerPage);
  r.sort = one_of(req, "sort", {"relevance", "title", "date", "updated"}, "relevance");
  r.correct_spelling = one_of(req, "correct", {"true", "false"}, "true") == "true";
  return r;
}

}  // namespace m4d::http
