// Unit records compressed with a dictionary learnt from the index's own
// records (RecordDictionary, unit_codec version 2).
#include "m4d/record_dictionary.h"

#include <gtest/gtest.h>

#include <random>

#include "m4d/errors.h"
#include "m4d/unit_codec.h"

namespace m4d {
namespace {

// Units whose texts share a vocabulary, as a corpus's passages do.
std::vector<Unit> passages(std::size_t n, unsigned seed) {
  static const std::vector<std::string> kSentences = {
      "Remittances sent by the diaspora finance schools and clinics in the region of origin.",
      "The municipality opened a migrant resource centre with local associations.",
      "Returning migrants receive training and small loans to start a business.",
      "Women migrant workers learn their rights before they leave.",
      "La commune soutient l'emploi des jeunes et la migration circulaire.",
      "Las remesas financian proyectos productivos en las comunidades de origen.",
      "A partnership between local authorities and diaspora associations (SDG 17.17).",
      "Safe, orderly and regular migration is target 10.7 of the 2030 Agenda.",
  };
  std::mt19937 random(seed);
  std::vector<Unit> units(n);
  for (std::size_t i = 0; i < n; ++i) {
    Unit& u = units[i];
    u.id = "u-" + std::to_string(i);
    u.type = kTypeArticle;
    u.lang = "en";
    u.title = "Passage " + std::to_string(i);
    for (int k = 0; k < 8; ++k) u.text += kSentences[random() % kSentences.size()] + " ";
    u.themes = {{"remittances", kProvenanceInferred, 0.5, {"remittances"}, ""}};
  }
  return units;
}

std::shared_ptr<const RecordDictionary> trained_on(const std::vector<Unit>& units) {
  std::vector<std::string> records;
  for (const auto& u : units) records.push_back(encode_unit(u));
  return RecordDictionary::train(records);
}

TEST(RecordDictionary, CompressedRecordsDecodeToTheSameUnitsInHalfTheBytes) {
  const auto dictionary = trained_on(passages(300, 1));
  ASSERT_NE(dictionary, nullptr);
  std::size_t plain = 0, packed = 0;
  for (const Unit& u : passages(200, 2)) {  // records it was not trained on
    const std::string record = encode_unit(u, dictionary.get());
    ASSERT_EQ(record.front(), '\x02');
    plain += encode_unit(u).size();
    packed += record.size();
    EXPECT_EQ(encode_unit(decode_unit(record, dictionary.get())), encode_unit(u));
  }
  EXPECT_LT(packed * 2, plain) << packed << " of " << plain;
  // Stored and loaded again, it is the same dictionary.
  const auto again = RecordDictionary::load(dictionary->bytes());
  EXPECT_EQ(again->id(), dictionary->id());
  const Unit u = passages(1, 3).front();
  EXPECT_EQ(decode_unit(encode_unit(u, dictionary.get()), again.get()).text, u.text);
  // A reader keeps the dictionary it has while the index's stays the same.
  EXPECT_EQ(RecordDictionary::load(dictionary->bytes(), dictionary), dictionary);
  EXPECT_NE(RecordDictionary::load(dictionary->bytes(), nullptr), nullptr);
  EXPECT_EQ(RecordDictionary::load("", dictionary), nullptr);
}

TEST(RecordDictionary, PlainRecordsStillDecodeAndTinyOnesStayPlain) {
  const auto dictionary = trained_on(passages(300, 1));
  ASSERT_NE(dictionary, nullptr);
  const Unit u = passages(1, 4).front();
  EXPECT_EQ(decode_unit(encode_unit(u), dictionary.get()).text, u.text);  // an index of schema 8
  Unit tiny;
  tiny.id = "\x01\xff";  // nothing to gain: the frame's header costs more
  EXPECT_EQ(encode_unit(tiny, dictionary.get()), encode_unit(tiny));
}

TEST(RecordDictionary, TooLittleToLearnFromGivesNoDictionary) {
  EXPECT_EQ(trained_on(passages(3, 1)), nullptr);
  EXPECT_EQ(RecordDictionary::train({}), nullptr);
  EXPECT_EQ(RecordDictionary::load(""), nullptr);
  EXPECT_THROW(RecordDictionary::load("not a dictionary"), InvalidInput);
}

TEST(RecordDictionary, AMissingOtherOrDamagedDictionaryIsAnError) {
  const auto dictionary = trained_on(passages(300, 1));
  const auto other = trained_on(passages(300, 9));
  ASSERT_NE(dictionary, nullptr);
  ASSERT_NE(other, nullptr);
  ASSERT_NE(dictionary->id(), other->id());
  const std::string record = encode_unit(passages(1, 5).front(), dictionary.get());
  EXPECT_THROW(decode_unit(record, nullptr), InvalidInput);
  EXPECT_THROW(decode_unit(record), InvalidInput);
  EXPECT_THROW(decode_unit(record, other.get()), InvalidInput);
  EXPECT_THROW(decode_unit(record.substr(0, record.size() - 3), dictionary.get()), InvalidInput);
  EXPECT_THROW(decode_unit(record.substr(0, 1), dictionary.get()), InvalidInput);
  std::string flipped = record;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5A);
  try {  // zstd may or may not notice a flipped bit inside a block (no checksum): never a crash
    (void)decode_unit(flipped, dictionary.get());
  } catch (const InvalidInput&) {
  }
}

}  // namespace
}  // namespace m4d
