#pragma once
/// Binary serialisation of a Unit for the index's document data.
///
/// Format: a version byte, then tagged fields (tag byte, varint length, bytes).
/// Unknown tags are skipped, so fields can be added without a rebuild.
#include <string>
#include <string_view>

#include "m4d/unit.h"

namespace m4d {

/// Serialises `unit`. Never throws except std::bad_alloc.
std::string encode_unit(const Unit& unit);

/// Parses what encode_unit produced. Throws InvalidInput on corrupt data.
Unit decode_unit(std::string_view data);

}  // namespace m4d
