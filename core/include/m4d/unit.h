#pragma once
/// The document model: a searchable unit cut out of a publication.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace m4d {

/// Unit types, as exposed in the API (`type` field and facet).
inline constexpr const char* kTypeCaseStudy = "case_study";
inline constexpr const char* kTypeHandbookSection = "handbook_section";
inline constexpr const char* kTypeTextBox = "text_box";
inline constexpr const char* kTypeProject = "project";
inline constexpr const char* kTypeArticle = "article";

/// A titled part of a unit's text (e.g. "Key lessons learnt").
struct Section {
  std::string heading;  ///< Heading as printed; empty for untitled leading text.
  std::string text;     ///< Clean paragraphs separated by a blank line ("\n\n").
};

/// Where a unit comes from.
struct SourceRef {
  std::string publication_id;  ///< Manifest id of the publication ("hb", "ss"...).
  std::string publication;     ///< Publication title as printed.
  std::string publisher;       ///< Publisher credited in the manifest.
  std::string year;            ///< Year as given by the manifest; may be empty.
  std::string section_path;    ///< Human-readable path inside the publication.
  std::string url;             ///< Where the publication can be read (http or https); may be empty.
};

/// Heading of a case study's section that states its SDG targets (its text is Unit::sdg_linkage).
inline constexpr const char* kSdgLinkageHeading = "Linkages to the SDGs";

/// Tag provenance values, as exposed in the API.
inline constexpr const char* kProvenanceStated = "stated";
inline constexpr const char* kProvenanceInferred = "inferred";
inline constexpr const char* kProvenanceEditor = "editor";

/// A theme, country or SDG target attached to a unit, with why it is there.
struct Tag {
  std::string id;                     ///< Theme id, ISO country code or SDG target id.
  std::string provenance;             ///< kProvenanceStated, kProvenanceInferred or kProvenanceEditor.
  double score = 1;                   ///< Confidence in [0, 1]; 1 for stated and editor tags.
  std::vector<std::string> evidence;  ///< Sentences or lines that support the tag.
  std::string role;                   ///< Countries only: "primary" or "mentioned".
};

/// One searchable unit. Plain data: every field is filled by a segmenter (or an
/// editor) and read back from the index unchanged.
struct Unit {
  std::string id;                 ///< Short, URL-safe, stable id ("ss-07", "hb-3-1", "prj-sri-lanka-49").
  std::string type;               ///< One of the kType* constants.
  std::string title;              ///< Never empty.
  std::string lang;               ///< BCP 47 language ("en").
  std::string text;               ///< Whole clean text, paragraphs separated by "\n\n".
  std::vector<Section> sections;  ///< Sections where the unit has them (text is their concatenation).
  SourceRef source;

  std::string chapter_id;                ///< Id of the chapter unit this unit belongs to (handbook), else empty.
  std::string project_id;                ///< Project id as printed ("Sri Lanka-49"), else empty.
  std::vector<std::string> keywords;     ///< Key words as printed (case studies).
  std::string location;                  ///< Location as printed (case studies).
  std::string theme_group;               ///< Success-story theme group ("Social inclusion"...).
  std::string sdg_linkage;               ///< Raw "Linkages to the SDGs" block, one target per line.
  std::string partners;                  ///< Partners as printed (text boxes, projects).
  std::string countries_printed;         ///< Countries line as printed (text boxes, projects).
  std::vector<std::string> related_ids;  ///< Linked units (text box <-> project).
  std::string updated;                   ///< When an editor last changed it (ISO 8601 UTC), else empty.

  std::vector<Tag> themes;           ///< Theme tags.
  std::vector<Tag> countries;        ///< Country tags (role primary or mentioned).
  std::vector<Tag> sdg_targets;      ///< SDG target tags.
  std::vector<std::string> regions;  ///< M49 regions rolled up from `countries`.
};

/// When `u` last changed as far as the corpus knows, as ISO 8601 UTC: an
/// editor's last change, else the first day of its publication's year; ""
/// when neither is known. Sorts newest last as text (the feed, sort=updated).
std::string last_change(const Unit& u);

/// Longest accepted SourceRef::url, in bytes.
inline constexpr std::size_t kMaxUrlBytes = 2000;

/// True for a link a reader's browser can open safely: "http://" or "https://"
/// (any case) followed by a host, at most kMaxUrlBytes, without spaces, control
/// characters, quotes or angle brackets.
bool is_web_link(std::string_view url);

}  // namespace m4d
