#pragma once
// Private to the HTTP layer: a search as an Atom feed (RFC 4287), so that
// policy staff can follow "10.7 in West Africa" in a feed reader.
#include <string>
#include <vector>

#include "m4d/search/engine.h"

namespace m4d::http {

/// Where a feed lives and what it follows.
struct FeedContext {
  std::string site;    ///< Start of page links ("http://host:port"), or "" for links relative to the site.
  std::string query;   ///< The feed's query string, also the search page's ("sdg=10.7&region=011").
  std::string search;  ///< The query and filters followed ("sdg=10.7; region=011"), "" for all.
  std::string now;     ///< The feed's updated time when no entry has one (ISO 8601 UTC).
};

/// The feed of `hits` (newest change first): one entry per unit with its
/// page link, last_change() as its updated time, its snippet as summary and
/// its themes, countries and SDG targets as categories.
std::string atom_feed(const std::vector<search::Hit>& hits, const FeedContext& c);

}  // namespace m4d::http
