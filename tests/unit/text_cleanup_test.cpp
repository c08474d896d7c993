#include "m4d/indexer/text_cleanup.h"

#include <gtest/gtest.h>

namespace m4d::indexer {
namespace {

TEST(TextCleanup, RecognisesPageFurniture) {
  EXPECT_TRUE(is_page_furniture("SUCCESS STORIES Social Inclusion"));
  EXPECT_TRUE(is_page_furniture(" Engaging diaspora for development SUCCESS STORIES"));
  EXPECT_TRUE(is_page_furniture("NO "));
  EXPECT_TRUE(is_page_furniture("REDUCED"));
  EXPECT_TRUE(is_page_furniture("PEACE, JUSTICE"));
  EXPECT_TRUE(is_page_furniture("https://www.gfmd.org/docs/germany-morocco-2017-2018"));
  EXPECT_TRUE(is_page_furniture("\u00A9 UN Photo \u2013 John Isaac"));
  EXPECT_FALSE(is_page_furniture("INTRODUCTION"));
  EXPECT_FALSE(is_page_furniture("No poverty was reported in the district."));
  EXPECT_FALSE(is_page_furniture("Visit the site at https://example.org today"));
}

TEST(TextCleanup, JoinsWrappedLinesAndHyphenatedWords) {
  HyphenationResolver hyphens;
  hyphens.observe("cross-border innovative");
  const auto blocks = split_blocks("This is an inno-\nvative and cross-\nborder model.\n", {}, hyphens, nullptr);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].text, "This is an innovative and cross-border model.");
}

TEST(TextCleanup, DropsFurnitureAndBulletGlyphs) {
  HyphenationResolver hyphens;
  std::vector<std::string> removed;
  const auto blocks = split_blocks(
      "Key lessons learnt\n\n 2 A multi-stakeholder approach\nworks.\n\nSUCCESS STORIES Social Inclusion\n\nNO "
      "\nPOVERTY\n",
      {false, {"Key lessons learnt"}}, hyphens, &removed);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[1].text, "A multi-stakeholder approach works.");
  EXPECT_TRUE(blocks[1].bullet);
  EXPECT_EQ(removed.size(), 4u);  // header, two icon caption lines, the bullet glyph
}

TEST(TextCleanup, RepairsParagraphSplitByPageBreakAndCaption) {
  HyphenationResolver hyphens;
  const std::string text =
      "Working with regional offices is more\n\n\u2191 Legazpi City partnered with the university\n effective. "
      "Political changes matter.\n";
  ParagraphList list(hyphens);
  for (const auto& b : split_blocks(text, {}, hyphens, nullptr)) list.add(b);
  list.flush();
  ASSERT_EQ(list.paragraphs().size(), 2u);
  EXPECT_EQ(list.paragraphs()[0], "Working with regional offices is more effective. Political changes matter.");
  EXPECT_EQ(list.paragraphs()[1], "\u2191 Legazpi City partnered with the university");
}

TEST(TextCleanup, HyphenSplitAcrossParagraphs) {
  HyphenationResolver hyphens({"significantly"});
  ParagraphList list(hyphens);
  list.add({"interventions differ sig-", false, false, false, false});
  list.add({"nificantly on the basis of actors.", true, false, false, false});
  list.flush();
  ASSERT_EQ(list.paragraphs().size(), 1u);
  EXPECT_EQ(list.paragraphs()[0], "interventions differ significantly on the basis of actors.");
}

TEST(TextCleanup, CompleteParagraphIsNotContinued) {
  HyphenationResolver hyphens;
  ParagraphList list(hyphens);
  list.add({"A finished sentence.", false, false, false, false});
  list.add({"lower-case start of a new paragraph.", true, false, false, false});
  list.flush();
  EXPECT_EQ(list.paragraphs().size(), 2u);
}

}  // namespace
}  // namespace m4d::indexer
