#pragma once
/// Error hierarchy shared by every m4d library.
///
/// Two families: the caller's fault (bad input: a malformed file, an invalid
/// query or document) and runtime failures (IO, an unavailable index). The
/// programs and the HTTP layer map them to exit codes / statuses in one place.
#include <stdexcept>
#include <string>

namespace m4d {

/// Base of all m4d errors.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The input given by the caller is invalid (file content, option, query, document).
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// The environment failed: a file could not be read or written, a system resource is missing.
class RuntimeFailure : public Error {
 public:
  using Error::Error;
};

/// The index cannot be opened or read (missing, corrupt, changing faster than it can be read).
class IndexUnavailable : public RuntimeFailure {
 public:
  using RuntimeFailure::RuntimeFailure;
};

/// One shard of a sharded index cannot be reached (its server is down or the
/// network failed): the answer would miss its units, so there is none.
class ShardUnavailable : public IndexUnavailable {
 public:
  /// `shard`: which shard ("127.0.0.1:7431"); `what`: the error's full text.
  ShardUnavailable(std::string shard, const std::string& what) : IndexUnavailable(what), shard_(std::move(shard)) {}
  /// The unreachable shard, as its server's address when known.
  const std::string& shard() const { return shard_; }

 private:
  std::string shard_;
};

/// A write found no space left on its device (or quota); nothing was half-written.
class StorageFull : public RuntimeFailure {
 public:
  using RuntimeFailure::RuntimeFailure;
};

}  // namespace m4d
