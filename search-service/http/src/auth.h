#pragma once
// Private to the HTTP layer: editor tokens, kept as SHA-256 digests only.
#include <array>
#include <filesystem>
#include <string_view>
#include <vector>

namespace m4d::http {

/// The editor tokens the service accepts. Immutable after load; thread-safe.
class EditorTokens {
 public:
  /// Loads the digests of `file` (one hex SHA-256 per line, '#' comments;
  /// empty path: none) and the token in M4D_EDITOR_TOKEN. Throws
  /// RuntimeFailure (unreadable file), InvalidInput (a malformed line).
  void load(const std::filesystem::path& file);
  /// True when no token is configured (editing is then disabled).
  bool empty() const { return digests_.empty(); }
  /// True when `authorization` (an Authorization header) is "Bearer <token>"
  /// with a configured token. Compares every digest in constant time.
  bool accepts(std::string_view authorization) const;

  /// A SHA-256 digest.
  using Digest = std::array<unsigned char, 32>;
  /// The SHA-256 digest of `data`. Throws RuntimeFailure when OpenSSL cannot compute it.
  static Digest sha256(std::string_view data);

 private:
  std::vector<Digest> digests_;
};

}  // namespace m4d::http
