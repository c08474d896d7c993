#include "version_watch.h"

#include <fstream>
#include <string>
#include <system_error>

namespace m4d::search {

namespace {

namespace fs = std::filesystem;

constexpr int kMaxStubDepth = 8;  // a stub naming itself is not followed for ever

// Adds the version files of the databases at `p` to `out`; false when one is
// not a local glass database.
bool collect(const fs::path& p, int depth, std::vector<fs::path>& out) {
  if (depth > kMaxStubDepth) return false;
  std::error_code ec;
  fs::path stub = p;
  if (fs::is_directory(p, ec)) {
    if (fs::exists(p / "iamglass", ec)) {
      out.push_back(p / "iamglass");
      return true;
    }
    stub = p / "XAPIANDB";
  }
  // Xapian's stub syntax: one database a line, "<backend> <path>"; blank lines
  // and lines starting with '#' are skipped.
  std::ifstream in(stub);
  if (!in) return false;
  bool any = false;
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    const auto space = line.find_first_of(" \t", start);
    if (space == std::string::npos) return false;  // "inmemory" and the like
    const std::string backend = line.substr(start, space - start);
    const auto from = line.find_first_not_of(" \t", space), to = line.find_last_not_of(" \t\r");
    if ((backend != "auto" && backend != "glass") || from == std::string::npos) return false;
    fs::path target = line.substr(from, to + 1 - from);
    if (target.is_relative()) target = stub.parent_path() / target;
    if (!collect(target, depth + 1, out)) return false;
    any = true;
  }
  return any;
}

}  // namespace

std::optional<std::vector<fs::path>> version_files(const fs::path& index) {
  std::vector<fs::path> files;
  if (!collect(index, 0, files)) return std::nullopt;
  return files;
}

VersionWatch::VersionWatch(const fs::path& index) : files_(version_files(index)), index_(index) {}

bool VersionWatch::changed() {
  if (!files_) return true;
  current_.clear();
  for (const auto& file : *files_) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return true;
    current_.push_back({st.st_dev, st.st_ino, st.st_size,
                        static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
                        static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec});
  }
  if (std::chrono::steady_clock::now() - reopened_at_ >= kMaxQuiet) return true;
  return current_ != recorded_;
}

void VersionWatch::reopened() {
  reopened_at_ = std::chrono::steady_clock::now();
  auto files = version_files(index_);
  if (files != files_) {
    files_ = std::move(files);
    recorded_.clear();  // the next changed() sees the new files and reopens
    return;
  }
  recorded_ = current_;
}

}  // namespace m4d::search
