// Fuzz target: an editor's contribution file (corpus/contrib/<id>.json).
// Decoding never crashes: a contribution or InvalidInput naming the file; a
// decoded contribution encodes and decodes to the same record.
#include <cstdint>
#include <string_view>

#include "m4d/errors.h"
#include "m4d/indexer/contrib.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto c =
        m4d::indexer::decode_contribution(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    const std::string again = m4d::indexer::encode_contribution(c);
    if (m4d::indexer::encode_contribution(m4d::indexer::decode_contribution(again, "again.json")) != again)
      __builtin_trap();
  } catch (const m4d::InvalidInput&) {
  }
  return 0;
}
