#pragma once
// Private to the HTTP layer: POST /api/documents with an Idempotency-Key.
#include <httplib.h>

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace m4d::http {

/// The first answer to each Idempotency-Key, one file per key under `dir`
/// (written atomically), so that a client retrying after a lost answer, even
/// across a restart, gets that answer again instead of a duplicate document.
/// Before the document is stored, its key is reserved with the id it will
/// get: a retry after a crash between storing the document and saving the
/// answer finds the reservation and the document under that id.
class IdempotencyStore {
 public:
  /// What was answered to a key (or reserved for it), and to which request body.
  struct Answer {
    std::string request_digest;  ///< request_digest() of the request that created it.
    int status = 0;              ///< 0: reserved, not answered yet.
    std::string body;
    std::string location;
    std::string id;  ///< The document created (or to be created) under the key.
  };
  explicit IdempotencyStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  /// The answer stored for `key`, if any.
  std::optional<Answer> find(const std::string& key) const;
  /// Stores the answer to `key` durably (status 0: a reservation). Throws RuntimeFailure.
  void save(const std::string& key, const Answer& answer) const;
  /// Removes what is stored for `key` (a reservation whose request failed).
  void forget(const std::string& key) const;
  /// Held from find() to save() so that two requests with one key run one after the other.
  std::mutex& mutex() { return mutex_; }

  /// Whether `key` is usable: 1 to 255 printable ASCII characters.
  static bool valid_key(const std::string& key);
  /// Identifies what a request asks for: its JSON body, or its form fields and files.
  static std::string request_digest(const httplib::Request& req);

 private:
  std::filesystem::path file_of(const std::string& key) const;
  std::filesystem::path dir_;
  std::mutex mutex_;
};

}  // namespace m4d::http
