# Writes OUTPUT, a C++ source defining m4d::http::openapi_document() that
# returns the contents of INPUT (docs/openapi.json).
file(READ ${INPUT} document)
file(WRITE ${OUTPUT} "// Generated from docs/openapi.json by embed_openapi.cmake: do not edit.\n"
  "#include \"handlers.h\"\n\nnamespace m4d::http {\n\n"
  "const char* openapi_document() {\n  return R\"m4d_openapi(${document})m4d_openapi\";\n}\n\n}  // namespace m4d::http\n")
