#pragma once
/// Segmenters: cut a publication's extracted text into searchable units.
#include <string>
#include <string_view>
#include <vector>

#include "m4d/hyphenation.h"
#include "m4d/unit.h"

namespace m4d::indexer {

/// One entry of corpus/manifest.json.
struct Publication {
  std::string id;         ///< Short manifest id, used as the unit id prefix ("hb", "ss").
  std::string title;      ///< Original title.
  std::string publisher;  ///< Credited publisher.
  std::string year;       ///< Year as printed; may be empty.
  std::string language;   ///< BCP 47 code of the text.
  std::string file;       ///< File name relative to the corpus directory.
  std::string kind;       ///< "success_stories", "handbook" or "article": selects the segmenter.
  std::string url;        ///< Where the publication can be read; may be empty. Copied to every unit's source.
};

/// What a segmenter made of one publication. Every paragraph of the input ends
/// up in exactly one unit, in the front matter, or (page furniture) in `furniture`.
struct Segmentation {
  std::vector<Unit> units;
  std::vector<std::string> front_matter;  ///< Paragraphs outside any unit (covers, contents, theme intro pages).
  std::vector<std::string> furniture;     ///< Lines removed as page furniture.
};

/// Success stories: one case_study unit per story (title, key words, location,
/// theme group, sections, raw SDG-linkage block).
Segmentation segment_success_stories(std::string_view text, const Publication& pub, const HyphenationResolver& hyphens);

/// Handbook: handbook_section units (forewords, introduction, chapter intros,
/// numbered sections, chapter and final recommendations), text_box units and
/// project units from the annex table, linked by chapter and project id.
Segmentation segment_handbook(std::string_view text, const Publication& pub, const HyphenationResolver& hyphens);

/// A short document: one article unit.
Segmentation segment_article(std::string_view text, const Publication& pub, const HyphenationResolver& hyphens);

/// Dispatches on pub.kind. Throws InvalidInput for an unknown kind.
Segmentation segment_publication(std::string_view text, const Publication& pub, const HyphenationResolver& hyphens);

/// "Sri Lanka-49" -> "sri-lanka-49": lower-case ASCII letters, digits and single dashes.
std::string slugify(std::string_view s);

}  // namespace m4d::indexer
