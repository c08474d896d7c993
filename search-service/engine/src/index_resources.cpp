#include <xapian.h>

#include "m4d/errors.h"
#include "m4d/schema.h"
#include "m4d/search/engine.h"

namespace m4d::search {

namespace {

// The database at the index path, following its generation symlink.
Xapian::Database open_index(const std::filesystem::path& index_path) {
  try {
    return Xapian::Database(std::filesystem::canonical(index_path).string());
  } catch (const std::filesystem::filesystem_error& e) {
    throw IndexUnavailable(index_path.string() + ": cannot open index (" + e.code().message() + ")");
  } catch (const Xapian::Error& e) {
    const std::string where = e.get_context().empty() ? "" : " at " + e.get_context();
    throw IndexUnavailable(index_path.string() + ": cannot open index (" + e.get_msg() + where + ")");
  }
}

// The metadata value `key` of the index at `index_path` ("" when absent).
std::string load_index_metadata(const std::filesystem::path& index_path, const std::string& key) {
  try {
    return open_index(index_path).get_metadata(key);
  } catch (const Xapian::Error& e) {
    throw IndexUnavailable(index_path.string() + ": cannot read index metadata (" + e.get_msg() + ")");
  }
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

Taxonomy load_index_taxonomy(const std::filesystem::path& index_path) {
  TaxonomyFiles files;
  for (const auto& name : taxonomy_file_names()) {
    std::string contents = load_index_metadata(index_path, std::string(schema::kMetaTaxonomyPrefix) + name);
    if (contents.empty()) throw IndexUnavailable(index_path.string() + ": index holds no taxonomy file " + name);
    files[name] = std::move(contents);
  }
  return Taxonomy::parse(files);
}

std::unique_ptr<const IndexResources> IndexResources::load(const std::filesystem::path& index,
                                                           const std::filesystem::path& wordnet_dir) {
  Taxonomy taxonomy = load_index_taxonomy(index);
  Expander expander(load_index_metadata(index, std::string(schema::kMetaTaxonomyPrefix) + "glossary.tsv"), wordnet_dir);
  expander.add_taxonomy_labels(taxonomy);
  std::filesystem::path corpus = load_index_metadata(index, std::string(schema::kMetaCorpus));
  return std::unique_ptr<const IndexResources>(
      new IndexResources{std::move(taxonomy), std::move(expander), std::move(corpus)});
}

}  // namespace m4d::search
