// Editors' text cleaning, language identification and contribution records.
#include <gtest/gtest.h>

#include "m4d/errors.h"
#include "m4d/indexer/contrib.h"
#include "m4d/lang/language.h"

namespace m4d::indexer {
namespace {

using lang::detect_language;
using lang::is_document_language;

TEST(CleanEditorText, ParagraphsLineEndsAndControlCharacters) {
  EXPECT_EQ(clean_editor_text("First  paragraph\r\nstill first.\r\n\r\nSecond\t one.\x01"),
            "First paragraph still first.\n\nSecond one.");
  // No blank line at all: each line is a paragraph (a textarea with one paragraph per line).
  EXPECT_EQ(clean_editor_text("One.\nTwo.\n"), "One.\n\nTwo.");
  // NFC: a decomposed é becomes one code point.
  EXPECT_EQ(clean_editor_text("Se\xCC\x81"
                              "dhiou"),
            "S\xC3\xA9"
            "dhiou");
  EXPECT_EQ(clean_editor_text("   \n\n  "), "");
}

TEST(CleanExtractedText, RepairsHyphenationAndWrappedLines) {
  const HyphenationResolver hyphens({"associations"});
  EXPECT_EQ(clean_extracted_text(" Diaspora associa-\ntions fund training for\nyoung people.\n", hyphens),
            "Diaspora associations fund training for young people.");
}

TEST(DetectLanguage, DocumentsInFourLanguagesAndAFallback) {
  EXPECT_EQ(detect_language("La commune accompagne les associations de la diaspora qui financent des coopératives."),
            "fr");
  EXPECT_EQ(detect_language("El municipio creó una oficina para los migrantes retornados y sus familias."), "es");
  EXPECT_EQ(detect_language("The municipality supports diaspora associations that fund local cooperatives."), "en");
  EXPECT_EQ(detect_language("تدعم البلدية جمعيات المغتربين التي تمول التعاونيات المحلية في القرى"), "ar");
  EXPECT_EQ(detect_language("", "es"), "es");
  EXPECT_EQ(detect_language("12345 67890", "fr"), "fr");
  EXPECT_TRUE(is_document_language("pt"));
  EXPECT_FALSE(is_document_language("xx"));
}

TEST(Contribution, EncodesAndDecodesEveryField) {
  Contribution c;
  c.id = "ed-test-abc123";
  c.title = "Éducation financière";
  c.text = "Un texte.";
  c.lang = "fr";
  c.type = "case_study";
  c.source = {"contrib", "Bulletin", "Commune", "2025", "", "https://commune.example/bulletin"};
  c.countries = {"SN"};
  c.themes = {"remittances"};
  c.sdg_targets = {"10.c"};
  c.created = c.updated = "2026-11-23T00:00:00.000000Z";
  const Contribution d = decode_contribution(encode_contribution(c), "test");
  EXPECT_EQ(d.title, c.title);
  EXPECT_EQ(d.text, c.text);
  EXPECT_EQ(d.source.publication, "Bulletin");
  EXPECT_EQ(d.source.url, c.source.url);
  EXPECT_EQ(d.countries, c.countries);
  EXPECT_EQ(d.sdg_targets, c.sdg_targets);
  EXPECT_FALSE(d.deleted);
  c.text.reset();
  EXPECT_FALSE(decode_contribution(encode_contribution(c), "test").text.has_value());
  EXPECT_THROW(decode_contribution("{\"id\": 3}", "f.json"), InvalidInput);
  EXPECT_THROW(decode_contribution("not json", "f.json"), InvalidInput);
  EXPECT_THROW(decode_contribution("{\"id\": \"x\", \"countries\": \"SN\"}", "f.json"), InvalidInput);
}

TEST(Contribution, NewIdsAreUrlSafeSlugs) {
  const std::string id = new_contribution_id("Éducation financière à Sédhiou (Sénégal)!");
  EXPECT_EQ(id.rfind("ed-education-financiere-a-sedhiou-senegal-", 0), 0u) << id;
  EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos);
  EXPECT_NE(new_contribution_id("x"), new_contribution_id("x"));
  EXPECT_EQ(new_contribution_id("التحويلات").rfind("ed-document-", 0), 0u);
  EXPECT_LE(new_contribution_id(std::string(500, 'a')).size(), 3u + 48 + 7);
}

}  // namespace
}  // namespace m4d::indexer
