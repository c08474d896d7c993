// JsonWriter writes what nlohmann::json would dump for the same document.
#include "json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace m4d::http {
namespace {

TEST(JsonWriter, WritesTheBytesNlohmannDumps) {
  const std::string awkward =
      std::string("quote \" back \\ tab\t nl\n cr\r bell\x07 del\x7f ") + '\0' + " é ع 𝄞 \xE2\x80\xA8 l\u2019emploi";
  JsonWriter w;
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.value(awkward);
  w.value(std::uint64_t{18446744073709551615ULL});
  w.value(-7);
  w.value(3.0138);
  w.value(3.0);
  w.value(0.0);
  w.value(0.0001);
  w.value(123456.75);
  w.null();
  w.begin_object();
  w.end_object();
  w.begin_array();
  w.end_array();
  w.end_array();
  w.key("b");
  w.value(std::vector<std::string>{"x", "", "y"});
  w.key("c");
  w.begin_object();
  w.key("d");
  w.value("e");
  w.end_object();
  w.end_object();

  nlohmann::json expected = {{"a",
                              {awkward, 18446744073709551615ULL, -7, 3.0138, 3.0, 0.0, 0.0001, 123456.75, nullptr,
                               nlohmann::json::object(), nlohmann::json::array()}},
                             {"b", {"x", "", "y"}},
                             {"c", {{"d", "e"}}}};
  const std::string written = w.take();
  EXPECT_EQ(written, expected.dump());
  EXPECT_EQ(nlohmann::json::parse(written), expected);
  EXPECT_EQ(w.take(), "");
}

// A value written once (a facet label, see Labels::json) goes in as it is,
// with the commas around it.
TEST(JsonWriter, ARawValueTakesAValuesPlace) {
  JsonWriter label;
  label.value("10.7 Facilitate \"orderly\" migration");
  const std::string quoted = label.take();
  JsonWriter w;
  w.begin_array();
  w.begin_object();
  w.field("count", 3);
  w.key("label");
  w.raw_value(quoted);
  w.field("value", "10.7");
  w.end_object();
  w.raw_value(quoted);
  w.end_array();
  const nlohmann::json expected = {
      {{"count", 3}, {"label", "10.7 Facilitate \"orderly\" migration"}, {"value", "10.7"}},
      "10.7 Facilitate \"orderly\" migration"};
  EXPECT_EQ(w.take(), expected.dump());
}

TEST(JsonWriter, NonFiniteNumbersAreNull) {
  JsonWriter w;
  w.begin_array();
  w.value(std::numeric_limits<double>::infinity());
  w.value(std::numeric_limits<double>::quiet_NaN());
  w.end_array();
  EXPECT_EQ(w.take(), "[null,null]");
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacters) {
  // A lone continuation byte, a truncated sequence, an overlong "/", a surrogate.
  JsonWriter w;
  w.value(
      std::string("a\x80"
                  "b\xC3"
                  "c\xC0\xAF"
                  "d\xED\xA0\x80"
                  "e"));
  const std::string written = w.take();
  const auto parsed = nlohmann::json::parse(written);  // throws on invalid UTF-8
  const std::string text = parsed.get<std::string>();
  EXPECT_EQ(text.front(), 'a');
  EXPECT_EQ(text.back(), 'e');
  EXPECT_NE(text.find("\uFFFD"), std::string::npos);
  EXPECT_EQ(text.find('\x80' + std::string("b")), std::string::npos);
}

}  // namespace
}  // namespace m4d::http
