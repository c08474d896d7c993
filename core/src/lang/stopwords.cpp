#include "m4d/lang/stopwords.h"

#include <unordered_map>

namespace m4d::lang {

namespace {

// What a stop word is used for.
enum Use : unsigned {
  kQuery = 1,   // dropped from queries between other words, never marked in snippets
  kTopic = 2,   // left out of the tagger's word vectors
  kMarker = 4,  // marks a query as written in its language
};

struct Entry {
  std::string_view word;
  std::string_view lang;
  unsigned uses;
};

// The one stop word list, by language. A word has the uses it was measured
// to need: widening kQuery to every kTopic word would drop "more" and "all"
// from queries, and widening kTopic changes the tagger's vectors.
// clang-format off
constexpr Entry kEntries[] = {
    // English
    {"a", "en", kQuery | kTopic}, {"an", "en", kQuery | kTopic}, {"and", "en", kQuery | kTopic},
    {"are", "en", kQuery | kTopic}, {"as", "en", kQuery | kTopic}, {"at", "en", kQuery | kTopic},
    {"be", "en", kQuery | kTopic}, {"by", "en", kQuery | kTopic}, {"for", "en", kQuery | kTopic},
    {"from", "en", kQuery | kTopic}, {"how", "en", kQuery}, {"in", "en", kQuery | kTopic},
    {"is", "en", kQuery | kTopic}, {"it", "en", kQuery | kTopic}, {"of", "en", kQuery | kTopic},
    {"on", "en", kQuery | kTopic}, {"or", "en", kQuery | kTopic}, {"that", "en", kQuery | kTopic},
    {"the", "en", kQuery | kTopic}, {"this", "en", kQuery | kTopic}, {"to", "en", kQuery | kTopic},
    {"was", "en", kQuery | kTopic}, {"what", "en", kQuery}, {"when", "en", kQuery},
    {"where", "en", kQuery}, {"which", "en", kQuery | kTopic}, {"who", "en", kQuery | kTopic},
    {"with", "en", kQuery | kTopic}, {"their", "en", kQuery | kTopic}, {"they", "en", kQuery | kTopic},
    {"we", "en", kQuery}, {"our", "en", kQuery}, {"were", "en", kTopic}, {"been", "en", kTopic},
    {"these", "en", kTopic}, {"those", "en", kTopic}, {"its", "en", kTopic}, {"not", "en", kTopic},
    {"but", "en", kTopic}, {"has", "en", kTopic}, {"have", "en", kTopic}, {"had", "en", kTopic},
    {"also", "en", kTopic}, {"such", "en", kTopic}, {"into", "en", kTopic}, {"through", "en", kTopic},
    {"can", "en", kTopic}, {"will", "en", kTopic}, {"would", "en", kTopic}, {"more", "en", kTopic},
    {"all", "en", kTopic}, {"other", "en", kTopic}, {"including", "en", kTopic}, {"well", "en", kTopic},
    {"there", "en", kTopic}, {"than", "en", kTopic}, {"so", "en", kTopic}, {"both", "en", kTopic},
    {"between", "en", kTopic}, {"among", "en", kTopic}, {"within", "en", kTopic}, {"each", "en", kTopic},
    {"per", "en", kTopic}, {"cent", "en", kTopic},
    // French
    {"le", "fr", kQuery | kTopic | kMarker}, {"la", "fr", kQuery | kTopic | kMarker},
    {"les", "fr", kQuery | kTopic | kMarker}, {"de", "fr", kQuery | kTopic}, {"des", "fr", kQuery | kTopic | kMarker},
    {"du", "fr", kQuery | kTopic | kMarker}, {"et", "fr", kQuery | kTopic | kMarker}, {"en", "fr", kQuery | kTopic},
    {"un", "fr", kQuery | kTopic}, {"une", "fr", kQuery | kTopic | kMarker}, {"pour", "fr", kQuery | kTopic | kMarker},
    {"dans", "fr", kQuery | kTopic | kMarker}, {"au", "fr", kQuery | kTopic | kMarker},
    {"aux", "fr", kQuery | kTopic | kMarker}, {"sur", "fr", kQuery | kTopic | kMarker}, {"par", "fr", kQuery | kTopic},
    {"que", "fr", kQuery | kTopic}, {"qui", "fr", kQuery}, {"se", "fr", kQuery | kTopic}, {"ou", "fr", kQuery},
    {"est", "fr", kTopic}, {"avec", "fr", kMarker},
    // Spanish
    {"el", "es", kQuery | kTopic | kMarker}, {"los", "es", kQuery | kTopic | kMarker},
    {"las", "es", kQuery | kTopic | kMarker}, {"del", "es", kQuery | kTopic | kMarker},
    {"y", "es", kQuery | kTopic | kMarker}, {"para", "es", kQuery | kTopic | kMarker},
    {"por", "es", kQuery | kTopic | kMarker}, {"con", "es", kQuery | kTopic | kMarker},
    {"una", "es", kQuery | kTopic | kMarker}, {"al", "es", kQuery | kMarker}, {"lo", "es", kQuery},
    {"su", "es", kQuery | kTopic}, {"sus", "es", kQuery | kTopic}, {"o", "es", kQuery}, {"sobre", "es", kMarker},
};
// clang-format on

struct Lookup {
  unsigned uses = 0;
  std::string_view marked;  // language of a kMarker entry
};

const std::unordered_map<std::string_view, Lookup>& table() {
  static const std::unordered_map<std::string_view, Lookup> t = [] {
    std::unordered_map<std::string_view, Lookup> m;
    for (const Entry& e : kEntries) {
      Lookup& l = m[e.word];
      l.uses |= e.uses;
      if (e.uses & kMarker) l.marked = e.lang;
    }
    return m;
  }();
  return t;
}

unsigned uses_of(std::string_view word) {
  const auto it = table().find(word);
  return it == table().end() ? 0 : it->second.uses;
}

}  // namespace

bool is_function_word(std::string_view word) { return uses_of(word) & kQuery; }

bool is_positionless(std::string_view word) {
  const unsigned uses = uses_of(word);
  return (uses & kQuery) && (uses & kTopic);
}

bool is_topic_stopword(std::string_view word) { return uses_of(word) & kTopic; }

std::string_view marked_language(std::string_view word) {
  const auto it = table().find(word);
  return it == table().end() ? std::string_view() : it->second.marked;
}

}  // namespace m4d::lang
