#include "auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <strings.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "m4d/errors.h"
#include "m4d/text.h"

namespace m4d::http {

namespace {

std::optional<std::array<unsigned char, 32>> parse_hex_digest(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  std::array<unsigned char, 32> d{};
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    d[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return d;
}

}  // namespace

EditorTokens::Digest EditorTokens::sha256(std::string_view data) {
  Digest d{};
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), d.data(), &n, EVP_sha256(), nullptr) != 1 || n != d.size())
    throw RuntimeFailure("SHA-256 is unavailable");
  return d;
}

void EditorTokens::load(const std::filesystem::path& file) {
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) throw RuntimeFailure(file.string() + ": cannot read the editor token file");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      const std::string t = collapse_spaces(line);
      if (t.empty() || t.starts_with("#")) continue;
      auto d = parse_hex_digest(t);
      if (!d)
        throw InvalidInput(file.string() + ":" + std::to_string(n) +
                           ": expected a SHA-256 digest (64 hex digits), e.g. from `printf %s TOKEN | sha256sum`");
      digests_.push_back(*d);
    }
  }
  if (const char* env = std::getenv("M4D_EDITOR_TOKEN"); env && *env) digests_.push_back(sha256(env));
}

bool EditorTokens::accepts(std::string_view authorization) const {
  if (authorization.size() <= 7 || strncasecmp(authorization.data(), "Bearer ", 7) != 0) return false;
  // A token is printable: "tok\0x" is not "tok" (nor is any other control character).
  if (std::any_of(authorization.begin(), authorization.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; }))
    return false;
  const Digest presented = sha256(collapse_spaces(authorization.substr(7)));
  bool ok = false;
  for (const auto& d : digests_) ok |= CRYPTO_memcmp(d.data(), presented.data(), d.size()) == 0;
  return ok;
}

}  // namespace m4d::http
