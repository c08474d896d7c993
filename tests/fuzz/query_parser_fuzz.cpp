// Fuzz target: the query syntax (parser and builder). Any valid UTF-8 string
// must parse and build without throwing, as /api/search promises.
#include <xapian.h>

#include <cstdint>
#include <string_view>

#include "m4d/text.h"
#include "query_builder.h"
#include "query_parser.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view q(reinterpret_cast<const char*>(data), size);
  if (!m4d::is_valid_utf8(q)) return 0;  // the HTTP layer answers 400 before parsing
  static const Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  static const auto phrases = m4d::PhraseTerms::load("human rights\nlocal development\n");
  const auto clauses = m4d::search::parse_clauses(q);
  (void)m4d::search::identify_query_language(clauses);
  for (bool conjunctive : {true, false}) {
    const auto built = m4d::search::build_query(clauses, {conjunctive, !conjunctive}, nullptr, "en", db, phrases);
    (void)built.text.get_description();
  }
  return 0;
}
