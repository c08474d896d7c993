#include "m4d/lang/stemmer.h"

#include <xapian.h>

#include <map>
#include <unordered_map>

namespace m4d::lang {

namespace {

// A Snowball stemmer that remembers its recent answers: snippets, term
// generation and the tagger stem the same common words over and over, and a
// lookup costs a fraction of Snowball's algorithm. Not thread-safe (neither
// is Snowball): each thread keeps its own.
class MemoStem {
 public:
  explicit MemoStem(const std::string& lang) {
    try {
      stem_ = Xapian::Stem(lang);
    } catch (const Xapian::InvalidArgumentError&) {
      // No Snowball stemmer for this language: words stay as they are.
    }
  }

  const std::string& operator()(const std::string& word) {
    if (auto it = memo_.find(word); it != memo_.end()) return it->second;
    if (memo_.size() >= kMaxWords) memo_.clear();
    return memo_.emplace(word, stem_(word)).first->second;
  }

 private:
  static constexpr std::size_t kMaxWords = 8192;  // about 1 MB per language and thread
  Xapian::Stem stem_;
  std::unordered_map<std::string, std::string> memo_;
};

}  // namespace

std::string stem(const std::string& word, const std::string& lang) {
  thread_local std::map<std::string, MemoStem, std::less<>> stemmers;
  auto it = stemmers.find(lang);
  if (it == stemmers.end()) it = stemmers.try_emplace(lang, lang).first;
  return it->second(word);
}

}  // namespace m4d::lang
