#include "m4d/unit_codec.h"

#include <gtest/gtest.h>

#include "m4d/errors.h"

namespace m4d {
namespace {

Unit sample() {
  Unit u;
  u.id = "ss-07";
  u.type = kTypeCaseStudy;
  u.title = "Protecting the Rights of Migrant and Cross-Border Women";
  u.lang = "en";
  u.text = "First paragraph.\n\nSecond \u00E9 paragraph.";
  u.sections = {{"Introduction", "First paragraph."}, {"Context", "Second \u00E9 paragraph."}};
  u.source = {"ss", "Success Stories", "UN JMDI", "2017", "Social inclusion", "http://www.example.org/ss"};
  u.keywords = {"Women\u2019s rights", "Empowerment"};
  u.location = "Municipality of Upala, Costa Rica";
  u.theme_group = "Social inclusion";
  u.sdg_linkage = "5.2 \u2013 ...\n10.7 \u2013 ...";
  u.related_ids = {"a", "b"};
  u.updated = "2026-12-01T05:00:00Z";
  return u;
}

TEST(UnitCodec, RoundTripsEveryField) {
  const Unit u = sample();
  const Unit back = decode_unit(encode_unit(u));
  EXPECT_EQ(back.id, u.id);
  EXPECT_EQ(back.title, u.title);
  EXPECT_EQ(back.text, u.text);
  ASSERT_EQ(back.sections.size(), 2u);
  EXPECT_EQ(back.sections[1].heading, "Context");
  EXPECT_EQ(back.sections[1].text, u.sections[1].text);
  EXPECT_EQ(back.source.publisher, "UN JMDI");
  EXPECT_EQ(back.source.url, "http://www.example.org/ss");
  EXPECT_EQ(back.keywords, u.keywords);
  EXPECT_EQ(back.location, u.location);
  EXPECT_EQ(back.sdg_linkage, u.sdg_linkage);
  EXPECT_EQ(back.related_ids, u.related_ids);
  EXPECT_EQ(back.updated, u.updated);
}

TEST(UnitCodec, LastChangeIsTheEditorsElseThePublicationYear) {
  Unit u = sample();
  EXPECT_EQ(last_change(u), "2026-12-01T05:00:00Z");
  u.updated.clear();
  EXPECT_EQ(last_change(u), "2017-01-01T00:00:00Z");
  u.source.year = "n.d.";
  EXPECT_EQ(last_change(u), "");
}

TEST(UnitCodec, WebLinksAreHttpOrHttpsToAHostWithoutUnsafeCharacters) {
  EXPECT_TRUE(is_web_link("http://www.migration4development.org/es/node/409"));
  EXPECT_TRUE(is_web_link("HTTPS://example.org"));
  EXPECT_TRUE(is_web_link("https://fr.example.org/l%27emploi?x=1#p2"));
  EXPECT_FALSE(is_web_link(""));
  EXPECT_FALSE(is_web_link("javascript:alert(1)"));
  EXPECT_FALSE(is_web_link("ftp://example.org/x"));
  EXPECT_FALSE(is_web_link("https://"));
  EXPECT_FALSE(is_web_link("https:///path"));
  EXPECT_FALSE(is_web_link("https://example.org/a b"));
  EXPECT_FALSE(is_web_link("https://example.org/\"><script>"));
  EXPECT_FALSE(is_web_link("https://example.org/\nx"));
  EXPECT_FALSE(is_web_link("https://example.org/" + std::string(kMaxUrlBytes, 'a')));
}

TEST(UnitCodec, LongFieldsUseMultiByteLengths) {
  Unit u = sample();
  u.text.assign(300000, 'x');
  EXPECT_EQ(decode_unit(encode_unit(u)).text.size(), 300000u);
}

TEST(UnitCodec, RejectsCorruptData) {
  const std::string data = encode_unit(sample());
  EXPECT_THROW(decode_unit(""), InvalidInput);
  EXPECT_THROW(decode_unit(data.substr(0, data.size() / 2)), InvalidInput);
  std::string bad_version = data;
  bad_version[0] = 99;
  EXPECT_THROW(decode_unit(bad_version), InvalidInput);
}

}  // namespace
}  // namespace m4d
