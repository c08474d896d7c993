#pragma once
// Shared by the fuzz targets: the bundled taxonomy, loaded once.
#include <string_view>

#include "m4d/indexer/tagging.h"
#include "m4d/taxonomy.h"

namespace m4d::fuzz {

/// The taxonomy of the source tree's taxonomy/ (M4D_SOURCE_DIR).
inline const Taxonomy& bundled_taxonomy() {
  static const Taxonomy taxonomy =
      Taxonomy::parse(indexer::read_taxonomy_files(std::string(M4D_SOURCE_DIR) + "/taxonomy"));
  return taxonomy;
}

}  // namespace m4d::fuzz
