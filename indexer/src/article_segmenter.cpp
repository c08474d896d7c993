
#include "m4d/errors.h"
#include "m4d/indexer/segmenter.h"
#include "m4d/indexer/text_cleanup.h"

namespace m4d::indexer {

Segmentation segment_article(std::string_view text, const Publication& pub, const HyphenationResolver& hyphens) {
  Segmentation out;
  ParagraphList paragraphs(hyphens);
  for (const auto& b : split_blocks(text, BlockRules{}, hyphens, &out.furniture)) paragraphs.add(b);
  paragraphs.flush();
  Unit u;
  u.id = pub.id;
  u.type = kTypeArticle;
  u.title = pub.title;
  u.lang = pub.language;
  u.text = paragraphs.joined();
  u.source = {pub.id, pub.title, pub.publisher, pub.year, pub.title, pub.url};
  if (u.text.empty()) throw InvalidInput("empty document");
  out.units.push_back(std::move(u));
  return out;
}

Segmentation segment_publication(std::string_view text, const Publication& pub, const HyphenationResolver& hyphens) {
  if (pub.kind == "success_stories") return segment_success_stories(text, pub, hyphens);
  if (pub.kind == "handbook") return segment_handbook(text, pub, hyphens);
  if (pub.kind == "article") return segment_article(text, pub, hyphens);
  throw InvalidInput("unknown publication kind '" + pub.kind + "' (expected success_stories, handbook or article)");
}

std::string slugify(std::string_view s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out.push_back(c);
    else if (c >= 'A' && c <= 'Z')
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    else if (!out.empty() && out.back() != '-')
      out.push_back('-');
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace m4d::indexer
