#include "feed.h"

#include <algorithm>

namespace m4d::http {

namespace {

// Text as XML character data or an attribute value (the engine's HTML
// escaping serves); control characters XML cannot carry become spaces.
std::string xml(std::string s) {
  for (char& ch : s)
    if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') ch = ' ';
  return search::html_escape(s);
}

}  // namespace

std::string atom_feed(const std::vector<search::Hit>& hits, const FeedContext& c) {
  std::string updated;
  for (const auto& h : hits) updated = std::max(updated, last_change(*h.unit));
  if (updated.empty()) updated = c.now;
  const std::string title = "m4d-search" + (c.search.empty() ? std::string(": all practices") : ": " + c.search);
  const std::string query = c.query.empty() ? "" : "?" + c.query;
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <id>urn:m4d-search:feed:" + xml(query) + "</id>\n";
  out += "  <title>" + xml(title) + "</title>\n";
  out += "  <updated>" + xml(updated) + "</updated>\n";
  out += "  <author><name>m4d-search</name></author>\n";
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml(c.site + "/api/feed" + query) + "\"/>\n";
  out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + xml(c.site + "/" + query) + "\"/>\n";
  for (const auto& h : hits) {
    const Unit& u = *h.unit;
    const std::string changed = last_change(u);
    out += "  <entry>\n";
    out += "    <id>urn:m4d-search:unit:" + xml(u.id) + "</id>\n";
    out += "    <title>" + xml(u.title) + "</title>\n";
    out += "    <updated>" + xml(changed.empty() ? updated : changed) + "</updated>\n";
    out += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + xml(c.site + "/?doc=" + u.id) + "\"/>\n";
    if (!u.source.publisher.empty()) out += "    <author><name>" + xml(u.source.publisher) + "</name></author>\n";
    // The snippet is HTML (escaped text and <mark>): carried as such.
    out += "    <summary type=\"html\">" + xml(h.snippet) + "</summary>\n";
    for (const auto* tags : {&u.themes, &u.countries, &u.sdg_targets})
      for (const auto& t : *tags) {
        const char* scheme = tags == &u.themes ? "theme" : tags == &u.countries ? "country" : "sdg";
        out += "    <category scheme=\"urn:m4d-search:" + std::string(scheme) + "\" term=\"" + xml(t.id) + "\"/>\n";
      }
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace m4d::http
