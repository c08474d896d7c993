// Fuzz target: the stored unit record. Decoding never crashes: it returns a
// unit or throws InvalidInput; a decoded unit encodes and decodes to itself.
#include <cstdint>
#include <string_view>

#include "m4d/errors.h"
#include "m4d/unit_codec.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const m4d::Unit u = m4d::decode_unit(std::string_view(reinterpret_cast<const char*>(data), size));
    const std::string again = m4d::encode_unit(u);
    if (m4d::encode_unit(m4d::decode_unit(again)) != again) __builtin_trap();
  } catch (const m4d::InvalidInput&) {
  }
  return 0;
}
