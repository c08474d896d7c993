#include "idempotency.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "auth.h"
#include "m4d/errors.h"
#include "m4d/indexer/contrib.h"

namespace m4d::http {

namespace {

std::string hex(const EditorTokens::Digest& d) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : d) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

}  // namespace

bool IdempotencyStore::valid_key(const std::string& key) {
  return !key.empty() && key.size() <= 255 &&
         std::all_of(key.begin(), key.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7F; });
}

std::string IdempotencyStore::request_digest(const httplib::Request& req) {
  if (!req.is_multipart_form_data()) return hex(EditorTokens::sha256(req.body));
  // A multipart body's boundary changes with every attempt: its fields do not.
  std::map<std::string, std::string> fields;
  for (const auto& [name, file] : req.files) fields[name] = file.filename + '\0' + file.content;
  std::string all;
  for (const auto& [name, value] : fields)
    all += std::to_string(name.size()) + ':' + name + std::to_string(value.size()) + ':' + value;
  return hex(EditorTokens::sha256(all));
}

std::filesystem::path IdempotencyStore::file_of(const std::string& key) const {
  return dir_ / (hex(EditorTokens::sha256(key)) + ".json");
}

std::optional<IdempotencyStore::Answer> IdempotencyStore::find(const std::string& key) const {
  std::error_code ec;
  if (!std::filesystem::exists(file_of(key), ec)) return std::nullopt;
  try {
    std::ifstream in(file_of(key), std::ios::binary);
    const auto j = nlohmann::json::parse(in);
    if (j.at("key").get<std::string>() != key) return std::nullopt;
    return Answer{j.at("request").get<std::string>(), j.at("status").get<int>(), j.at("body").get<std::string>(),
                  j.at("location").get<std::string>(), j.value("id", std::string())};
  } catch (const std::exception& e) {
    throw RuntimeFailure(file_of(key).string() + ": unreadable idempotency record (" + e.what() + ")");
  }
}

void IdempotencyStore::save(const std::string& key, const Answer& answer) const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  const nlohmann::json j = {{"key", key},          {"request", answer.request_digest}, {"status", answer.status},
                            {"body", answer.body}, {"location", answer.location},      {"id", answer.id}};
  indexer::write_file_atomically(file_of(key), j.dump());
}

void IdempotencyStore::forget(const std::string& key) const {
  std::error_code ec;
  std::filesystem::remove(file_of(key), ec);
}

}  // namespace m4d::http
