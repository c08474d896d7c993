#include "m4d/text.h"

#include <gtest/gtest.h>

#include "m4d/errors.h"

namespace m4d {
namespace {

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(is_valid_utf8("S\u00E9dhiou \u062A\u062D\u0648\u064A\u0644\u0627\u062A"));
  EXPECT_FALSE(is_valid_utf8("abc\xC3"));       // truncated sequence
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_EQ(utf8_error_offset("ab\xFF"
                              "cd"),
            2u);
  EXPECT_EQ(utf8_error_offset("abc"), std::string_view::npos);
}

TEST(Text, NormalisesToNfc) {
  // "e" + combining acute -> precomposed U+00E9.
  EXPECT_EQ(to_nfc("Se\u0301dhiou"), "S\u00E9dhiou");
  EXPECT_THROW(to_nfc("bad\xFF"), InvalidInput);
}

TEST(Text, FoldsCaseAndClassifiesLetters) {
  EXPECT_EQ(fold_case("DR\u00C2A"), "dr\u00E2a");
  EXPECT_TRUE(starts_with_lowercase("\u00E9tude"));
  EXPECT_TRUE(starts_with_uppercase("\u00C9tude"));
  EXPECT_FALSE(starts_with_lowercase("2 items"));
  EXPECT_EQ(count_letters("a-b 3 \u00E9\u0644"), 4u);
}

TEST(Text, CollapsesSpaces) {
  EXPECT_EQ(collapse_spaces("  a\t b\u00A0\u00A0c  "), "a b c");
  EXPECT_EQ(collapse_spaces(""), "");
}

TEST(Text, FoldedVariantsForMatching) {
  // Accents, elisions and Arabic diacritics: the matching form beside the original.
  EXPECT_EQ(folded_variants("S\u00E9dhiou and Nepal"), "sedhiou");
  EXPECT_EQ(folded_variants("l'emploi des jeunes"), "emploi");
  EXPECT_EQ(folded_variants("\u062A\u064E\u062D\u0652\u0648\u0650\u064A\u0644\u064E\u0627\u062A"),
            "\u062A\u062D\u0648\u064A\u0644\u0627\u062A");
  // Chinese and Thai, written without spaces, as ICU's word breaker separates them.
  EXPECT_EQ(folded_variants("\u79FB\u6C11\u6C47\u6B3E\u4FC3\u8FDB\u5730\u65B9\u53D1\u5C55"),
            "\u79FB\u6C11 \u6C47\u6B3E \u4FC3\u8FDB \u5730\u65B9 \u53D1\u5C55");
  EXPECT_EQ(folded_variants("plain english words"), "");
}

}  // namespace
}  // namespace m4d
