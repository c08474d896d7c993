#pragma once
/// Repair of PDF-extraction damage: page furniture, wrapped lines, words
/// hyphenated at line breaks, paragraphs split by page breaks or interrupted
/// by photo captions.
#include <string>
#include <string_view>
#include <vector>

#include "m4d/hyphenation.h"

namespace m4d::indexer {

/// True for page furniture: running headers ("SUCCESS STORIES Social
/// Inclusion"), SDG icon captions ("NO", "POVERTY", "REDUCED"), lines that are
/// only a URL, photo credits ("© UN Photo – ...").
bool is_page_furniture(std::string_view line);

/// True when a paragraph ends without sentence-final punctuation, i.e. it may
/// continue after a page break.
bool is_incomplete(std::string_view paragraph);

/// Joins `next` to `prev` as one paragraph: a trailing line-break hyphen is
/// resolved with `hyphens`, otherwise the two are joined with a space.
std::string join_fragments(std::string_view prev, std::string_view next, const HyphenationResolver& hyphens);

/// A run of non-blank lines of the extracted text, already joined.
struct RawBlock {
  std::string text;  ///< Lines joined into one string (NFC, spaces collapsed).
  bool starts_page =
      false;  ///< The block opens a page (its first line, or a removed furniture line before it, started with a space).
  bool caption = false;        ///< A photo caption ("↑ ...").
  bool bullet = false;         ///< A bullet item (its glyph removed).
  bool before_credit = false;  ///< A photo credit ("© ...") directly follows the block.
};

/// How split_blocks cuts the text.
struct BlockRules {
  /// Each non-blank line is a paragraph of its own (extractions that put one paragraph per line).
  bool line_is_paragraph = false;
  /// Lines that are headings: they always form a block of their own.
  std::vector<std::string> headings;
};

/// Cuts `text` into blocks, dropping page furniture (appended to `removed`
/// when given). Bullet glyphs (" 2 " at a line start) are removed and start a
/// new block; a line that starts a page, an SDG target line ("10.7 – ...") and
/// a heading line start a new block too.
std::vector<RawBlock> split_blocks(std::string_view text, const BlockRules& rules, const HyphenationResolver& hyphens,
                                   std::vector<std::string>* removed);

/// True when `line` (trimmed, case-insensitive, trailing colon ignored) equals one of `headings`.
bool matches_heading(std::string_view line, const std::vector<std::string>& headings);

/// Paragraph accumulator that repairs page-break splits: a block that starts
/// with a lower-case letter after an incomplete paragraph continues it.
/// Captions met in between are moved after the repaired paragraph.
class ParagraphList {
 public:
  explicit ParagraphList(const HyphenationResolver& hyphens) : hyphens_(&hyphens) {}
  /// Adds a block; returns false when it was merged into the previous paragraph.
  bool add(const RawBlock& block);
  /// Adds a paragraph as is (no merging).
  void add_plain(std::string paragraph);
  /// True when the last paragraph is incomplete and `block` continues it.
  bool continues(const RawBlock& block) const;
  /// Emits the captions held back so far.
  void flush();
  /// The paragraphs (call flush() first).
  const std::vector<std::string>& paragraphs() const { return paragraphs_; }
  bool empty() const { return paragraphs_.empty() && held_captions_.empty(); }
  /// Paragraphs joined with blank lines.
  std::string joined() const;

 private:
  const HyphenationResolver* hyphens_;
  std::vector<std::string> paragraphs_;
  std::vector<std::string> held_captions_;
};

}  // namespace m4d::indexer
