#pragma once
// Private to the HTTP layer: editors' request bodies. JSON bodies become
// drafts (type errors are field errors, 422), multipart uploads become PDF
// uploads; wrong content types 415, oversized bodies 413, malformed JSON 400.
#include <httplib.h>

#include <string_view>

#include "m4d/editing/editor.h"

namespace m4d::http {

/// Largest JSON body: a 200,000-character text, escaped, fits.
inline constexpr std::size_t kMaxJsonBody = 4 * 1024 * 1024;
/// Largest PDF upload.
inline constexpr std::size_t kMaxPdfBytes = 20 * 1024 * 1024;

/// True when the request's Content-Type is `type` (any parameters after ';').
bool has_content_type(const httplib::Request& req, std::string_view type);

/// The draft of an application/json body. Throws ApiError, editing::InvalidDocument.
editing::DocumentDraft draft_from_json(const httplib::Request& req);

/// The draft of a document as the request sends it: JSON, or multipart/form-data
/// with a PDF in `file`. Throws ApiError, editing::InvalidDocument.
editing::DocumentDraft draft_from_body(const httplib::Request& req);

}  // namespace m4d::http
