#include "bodies.h"

#include <strings.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api_error.h"

namespace m4d::http {

using nlohmann::json;

bool has_content_type(const httplib::Request& req, std::string_view type) {
  const std::string ct = req.get_header_value("Content-Type");
  return ct.size() >= type.size() && strncasecmp(ct.c_str(), type.data(), type.size()) == 0 &&
         (ct.size() == type.size() || ct[type.size()] == ';' || ct[type.size()] == ' ');
}

editing::DocumentDraft draft_from_json(const httplib::Request& req) {
  if (!has_content_type(req, "application/json"))
    throw ApiError{415, "unsupported_media_type", "send the document as application/json", ""};
  if (req.body.size() > kMaxJsonBody)
    throw ApiError{413, "payload_too_large", "the JSON body is larger than 4 MiB", ""};
  json j;
  try {
    j = json::parse(req.body);
  } catch (const json::exception& e) {  // a syntax error, or a number out of range ("1e999")
    throw ApiError{400, "invalid_json", std::string("malformed JSON: ") + e.what(), ""};
  }
  if (!j.is_object()) throw editing::InvalidDocument("body", "must be a JSON object");
  std::vector<editing::FieldError> errors;
  editing::DocumentDraft d;
  auto str = [&](const json& o, const std::string& name, const std::string& field) -> std::optional<std::string> {
    if (!o.contains(name) || o[name].is_null()) return std::nullopt;
    if (o[name].is_string()) return o[name].get<std::string>();
    if (field == "source.year" && o[name].is_number_integer()) return std::to_string(o[name].get<long long>());
    errors.push_back({field, "must be a string"});
    return std::nullopt;
  };
  auto list = [&](const std::string& name) -> std::optional<std::vector<std::string>> {
    if (!j.contains(name) || j[name].is_null()) return std::nullopt;
    std::vector<std::string> out;
    if (j[name].is_string()) return std::vector<std::string>{j[name].get<std::string>()};
    if (!j[name].is_array()) {
      errors.push_back({name, "must be an array of strings"});
      return std::nullopt;
    }
    for (const auto& v : j[name]) {
      if (!v.is_string()) {
        errors.push_back({name, "must be an array of strings"});
        return std::nullopt;
      }
      out.push_back(v.get<std::string>());
    }
    return out;
  };
  d.title = str(j, "title", "title");
  d.text = str(j, "text", "text");
  d.lang = str(j, "lang", "lang");
  d.type = str(j, "type", "type");
  d.countries = list("countries");
  d.mentioned_countries = list("mentioned_countries");
  d.themes = list("themes");
  d.sdg_targets = list("sdg_targets");
  if (j.contains("tags_reviewed") && !j["tags_reviewed"].is_null()) {
    if (j["tags_reviewed"].is_boolean())
      d.tags_reviewed = j["tags_reviewed"].get<bool>();
    else
      errors.push_back({"tags_reviewed", "must be true or false"});
  }
  if (j.contains("source") && !j["source"].is_null()) {
    const json& src = j["source"];
    if (!src.is_object()) {
      errors.push_back({"source", "must be an object"});
    } else {
      SourceRef r;
      r.publication = str(src, "publication", "source.publication").value_or("");
      r.publisher = str(src, "publisher", "source.publisher").value_or("");
      r.year = str(src, "year", "source.year").value_or("");
      r.section_path = str(src, "section_path", "source.section_path").value_or("");
      r.url = str(src, "url", "source.url").value_or("");
      d.source = r;
    }
  }
  if (!errors.empty()) throw editing::InvalidDocument(std::move(errors));
  return d;
}

editing::DocumentDraft draft_from_body(const httplib::Request& req) {
  if (!has_content_type(req, "multipart/form-data")) return draft_from_json(req);
  if (!req.has_file("file"))
    throw editing::InvalidDocument("file", "a PDF file is required (form field 'file')", "required");
  editing::PdfUpload upload;
  for (const auto& [name, part] : req.files) {
    if (name == "file") continue;
    upload.fields[name].push_back(part.content);
  }
  const auto& file = req.get_file_value("file");
  if (file.content.size() > kMaxPdfBytes) throw ApiError{413, "payload_too_large", "the PDF is larger than 20 MB", ""};
  upload.bytes = file.content;
  upload.filename = file.filename;
  return editing::draft_from_pdf(upload);
}

}  // namespace m4d::http
