#pragma once
/// Wiring of the core tagger into the indexer: taxonomy files and the
/// labelled examples taken from the corpus.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "m4d/tagger.h"
#include "m4d/taxonomy.h"
#include "m4d/unit.h"

namespace m4d::indexer {

/// Reads every file of taxonomy_file_names() under `dir`. Throws InvalidInput
/// naming the missing or invalid file.
TaxonomyFiles read_taxonomy_files(const std::filesystem::path& dir);

/// The labelled examples of `units`: every unit with a stated "Linkages to the
/// SDGs" block, with its inference text and stated targets.
std::vector<LabeledExample> labeled_examples(const std::vector<Unit>& units, const Taxonomy& taxonomy);

/// JSON text of `examples`, stored in the index (metadata m4d.tagger_examples)
/// so that the service tags editors' documents exactly as m4d-index would.
std::string encode_examples(const std::vector<LabeledExample>& examples);

/// Parses encode_examples() output. Throws InvalidInput when malformed.
std::vector<LabeledExample> decode_examples(std::string_view json_text);

}  // namespace m4d::indexer
