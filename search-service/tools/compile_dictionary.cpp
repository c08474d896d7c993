// compile_dictionary: turns Debian's FreeDict bilingual dictionaries (dictd
// format, /usr/share/dictd/freedict-SRC-TGT.{index,dict.dz}) into the compact
// lookup table the query expander reads, at build time.
//
// Output rows: src_lang TAB key TAB tgt_lang TAB translation|translation...
// where key is the headword's matching key (case folded, accents and elisions
// removed). Only single-word headwords are kept, with at most four short
// (one to three word) translations each. Missing dictionaries are skipped.
//
// Word lists (Debian's wamerican, wfrench, wspanish: one word per line) add
// rows with an empty target language and no translation: "fr TAB key TAB TAB",
// a word the language has, so that the search service does not "correct" a
// French or Spanish word into an English one.
//
// Usage: compile_dictionary OUT.tsv DICTD_DIR PAIR_OR_LIST...
//        (PAIR like fra-eng; LIST like fr=/usr/share/dict/french)
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "m4d/search/expander.h"
#include "m4d/text.h"

namespace {

// dictd's base64 offsets: A-Z a-z 0-9 + /
long long decode_b64(const std::string& s) {
  static const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  long long v = 0;
  for (char c : s) {
    const auto d = digits.find(c);
    if (d == std::string::npos) return -1;
    v = v * 64 + static_cast<long long>(d);
  }
  return v;
}

std::string read_gzip(const std::string& file) {
  gzFile f = gzopen(file.c_str(), "rb");
  if (!f) return {};
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Definitions of one entry: lines after the headword, numbering and
// parentheses removed, split on commas and semicolons.
std::vector<std::string> translations(const std::string& entry) {
  std::vector<std::string> out;
  std::istringstream lines(entry);
  std::string line;
  std::getline(lines, line);  // headword /ipa/ <pos>
  while (std::getline(lines, line)) {
    std::string clean;
    int depth = 0;
    for (char c : line) {
      if (c == '(' || c == '[' || c == '<') ++depth;
      if (depth == 0) clean.push_back(c);
      if ((c == ')' || c == ']' || c == '>') && depth > 0) --depth;
    }
    clean = trim(clean);
    if (clean.size() > 2 && std::isdigit(static_cast<unsigned char>(clean[0])) && clean[1] == '.')
      clean = trim(clean.substr(2));
    std::string part;
    std::istringstream parts(clean);
    while (std::getline(parts, part, ',')) {
      std::istringstream sub(part);
      std::string t;
      while (std::getline(sub, t, ';')) {
        t = m4d::collapse_spaces(t);
        const auto words = std::count(t.begin(), t.end(), ' ') + 1;
        if (t.empty() || words > 3 || t.find_first_of("/=:\"") != std::string::npos) continue;
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
      }
    }
  }
  if (out.size() > 4) out.resize(4);
  return out;
}

const std::map<std::string, std::string> kLangCodes = {
    {"eng", "en"}, {"fra", "fr"}, {"spa", "es"}, {"por", "pt"}, {"ara", "ar"}};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: compile_dictionary OUT.tsv DICTD_DIR PAIR_OR_LIST...\n";
    return 2;
  }
  const std::string out_file = argv[1], dir = argv[2];
  std::ostringstream out;
  out << "# Compiled from Debian's FreeDict dictionaries (GPL-2.0-or-later, freedict.org) and word lists\n"
         "# (wamerican: SCOWL, permissive; wfrench: GPL-2+; wspanish: public domain) by compile_dictionary.\n";
  std::size_t rows = 0;
  for (int i = 3; i < argc; ++i) {
    const std::string pair = argv[i];
    if (const auto eq = pair.find('='); eq != std::string::npos) {
      const std::string lang = pair.substr(0, eq), file = pair.substr(eq + 1);
      std::ifstream in(file);
      if (!in) {
        std::cerr << "compile_dictionary: " << file << " not found; skipped\n";
        continue;
      }
      std::set<std::string> keys;
      std::string word;
      while (std::getline(in, word)) {
        if (!m4d::is_valid_utf8(word) || word.find_first_of(" \t0123456789") != std::string::npos) continue;
        if (std::string key = m4d::search::Expander::phrase_key(word); key.size() > 1) keys.insert(std::move(key));
      }
      for (const auto& key : keys) out << lang << '\t' << key << "\t\t\n";
      rows += keys.size();
      continue;
    }
    const auto dash = pair.find('-');
    if (dash == std::string::npos || !kLangCodes.count(pair.substr(0, dash)) ||
        !kLangCodes.count(pair.substr(dash + 1))) {
      std::cerr << "compile_dictionary: unknown pair " << pair << "\n";
      return 2;
    }
    const std::string src = kLangCodes.at(pair.substr(0, dash)), tgt = kLangCodes.at(pair.substr(dash + 1));
    const std::string base = dir + "/freedict-" + pair;
    std::ifstream index(base + ".index");
    const std::string data = read_gzip(base + ".dict.dz");
    if (!index || data.empty()) {
      std::cerr << "compile_dictionary: " << base << " not found (install dict-freedict-" << pair << "); skipped\n";
      continue;
    }
    std::map<std::string, std::vector<std::string>> table;
    std::string line;
    while (std::getline(index, line)) {
      std::istringstream row(line);
      std::string head, off, len;
      if (!std::getline(row, head, '\t') || !std::getline(row, off, '\t') || !std::getline(row, len, '\t')) continue;
      if (head.rfind("00database", 0) == 0 || head.find(' ') != std::string::npos) continue;
      const long long o = decode_b64(off), n = decode_b64(len);
      if (o < 0 || n <= 0 || static_cast<std::size_t>(o + n) > data.size()) continue;
      const std::string entry = data.substr(static_cast<std::size_t>(o), static_cast<std::size_t>(n));
      if (!m4d::is_valid_utf8(entry)) continue;
      const std::string key = m4d::search::Expander::phrase_key(head);
      if (key.empty()) continue;
      auto& list = table[key];
      for (auto& t : translations(entry))
        if (list.size() < 4 && std::find(list.begin(), list.end(), t) == list.end()) list.push_back(t);
    }
    for (const auto& [key, list] : table) {
      if (list.empty()) continue;
      out << src << '\t' << key << '\t' << tgt << '\t';
      for (std::size_t k = 0; k < list.size(); ++k) out << (k ? "|" : "") << list[k];
      out << '\n';
      ++rows;
    }
  }
  std::ofstream f(out_file, std::ios::trunc);
  f << out.str();
  if (!f) {
    std::cerr << "compile_dictionary: cannot write " << out_file << "\n";
    return 1;
  }
  std::cerr << "compile_dictionary: " << rows << " entries -> " << out_file << "\n";
  return 0;
}
