#pragma once
/// Binary serialisation of a Unit for the index's document data.
///
/// Format (version 1): a version byte, then tagged fields (tag byte, varint
/// length, bytes). Unknown tags are skipped, so fields can be added without a
/// rebuild. Version 2: the byte 2, then a version 1 record as one zstd frame
/// compressed with the index's RecordDictionary.
#include <string>
#include <string_view>

#include "m4d/record_dictionary.h"
#include "m4d/unit.h"

namespace m4d {

/// Serialises `unit`. Never throws except std::bad_alloc.
std::string encode_unit(const Unit& unit);

/// Parses what encode_unit produced. Throws InvalidInput on corrupt data.
Unit decode_unit(std::string_view data);

/// Version 2 when `dictionary` is given and that makes the record smaller,
/// otherwise version 1. Throws RuntimeFailure when zstd fails.
std::string encode_unit(const Unit& unit, const RecordDictionary* dictionary);

/// Parses a version 1 or 2 record; a version 2 one needs the dictionary it
/// was made with. Throws InvalidInput on corrupt data or a missing or other
/// dictionary.
Unit decode_unit(std::string_view data, const RecordDictionary* dictionary);

}  // namespace m4d
