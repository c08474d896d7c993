#include "m4d/unit_codec.h"

#include <cstdint>

#include "m4d/errors.h"
#include "m4d/record_dictionary.h"

namespace m4d {

namespace {

constexpr char kVersion = 1;
// A version 1 record compressed with the index's RecordDictionary: this byte,
// then one zstd frame.
constexpr char kVersionCompressed = 2;
// No stored unit comes near this once decompressed (uploads are far smaller).
constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 30;

// Field tags. Never reuse a retired tag.
enum Field : uint8_t {
  kId = 1,
  kType,
  kTitle,
  kLang,
  kText,
  kSectionHeading,
  kSectionText,
  kPublicationId,
  kPublication,
  kPublisher,
  kYear,
  kSectionPath,
  kChapterId,
  kProjectId,
  kKeyword,
  kLocation,
  kThemeGroup,
  kSdgLinkage,
  kPartners,
  kCountriesPrinted,
  kRelatedId,
  kThemeTag,
  kCountryTag,
  kTargetTag,
  kRegion,
  kUpdated,
  kUrl,
};

// Fields of an encoded Tag.
enum TagField : uint8_t { kTagId = 1, kTagProvenance, kTagScore, kTagEvidence, kTagRole };

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put(std::string& out, uint8_t tag, std::string_view value) {
  out.push_back(static_cast<char>(tag));
  put_varint(out, value.size());
  out.append(value);
}

void put_if(std::string& out, uint8_t tag, std::string_view value) {
  if (!value.empty()) put(out, tag, value);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }
  uint8_t byte() {
    if (done()) throw InvalidInput("corrupt unit record: truncated");
    return static_cast<uint8_t>(data_[pos_++]);
  }
  std::string_view field() {
    uint64_t len = 0;
    for (int shift = 0;; shift += 7) {
      if (shift > 63) throw InvalidInput("corrupt unit record: bad length");
      uint8_t b = byte();
      len |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    if (len > data_.size() - pos_) throw InvalidInput("corrupt unit record: field overruns record");
    std::string_view v = data_.substr(pos_, len);
    pos_ += len;
    return v;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

std::string encode_tag(const m4d::Tag& t) {
  std::string out;
  put(out, static_cast<uint8_t>(kTagId), t.id);
  put(out, static_cast<uint8_t>(kTagProvenance), t.provenance);
  put(out, static_cast<uint8_t>(kTagScore), std::to_string(t.score));
  for (const auto& e : t.evidence) put(out, static_cast<uint8_t>(kTagEvidence), e);
  put_if(out, static_cast<uint8_t>(kTagRole), t.role);
  return out;
}

m4d::Tag decode_tag(std::string_view data) {
  Reader r(data);
  m4d::Tag t;
  while (!r.done()) {
    const uint8_t field = r.byte();
    const std::string v(r.field());
    switch (field) {
      case kTagId:
        t.id = v;
        break;
      case kTagProvenance:
        t.provenance = v;
        break;
      case kTagScore:
        try {
          t.score = std::stod(v);
        } catch (const std::exception&) {
          throw InvalidInput("corrupt unit record: bad tag score");
        }
        break;
      case kTagEvidence:
        t.evidence.push_back(v);
        break;
      case kTagRole:
        t.role = v;
        break;
      default:
        break;
    }
  }
  return t;
}

}  // namespace

std::string encode_unit(const Unit& u, const RecordDictionary* dictionary) {
  std::string plain = encode_unit(u);
  if (!dictionary) return plain;
  std::string packed(1, kVersionCompressed);
  packed += dictionary->compress(plain);
  return packed.size() < plain.size() ? packed : plain;
}

Unit decode_unit(std::string_view data, const RecordDictionary* dictionary) {
  if (data.empty() || data[0] != kVersionCompressed) return decode_unit(data);
  if (!dictionary) throw InvalidInput("corrupt unit record: compressed, and the index has no record dictionary");
  return decode_unit(dictionary->decompress(data.substr(1), kMaxRecordBytes));
}

std::string encode_unit(const Unit& u) {
  std::string out;
  out.reserve(u.text.size() * 2 + 256);
  out.push_back(kVersion);
  put(out, kId, u.id);
  put(out, kType, u.type);
  put(out, kTitle, u.title);
  put(out, kLang, u.lang);
  // A unit's text is usually its sections joined: then it is not stored twice.
  std::string joined;
  for (const auto& s : u.sections) {
    if (s.text.empty()) continue;
    if (!joined.empty()) joined += "\n\n";
    joined += s.text;
  }
  if (u.sections.empty() || joined != u.text) put(out, kText, u.text);
  for (const auto& s : u.sections) {
    put(out, kSectionHeading, s.heading);
    put(out, kSectionText, s.text);
  }
  put_if(out, kPublicationId, u.source.publication_id);
  put_if(out, kPublication, u.source.publication);
  put_if(out, kPublisher, u.source.publisher);
  put_if(out, kYear, u.source.year);
  put_if(out, kSectionPath, u.source.section_path);
  put_if(out, kUrl, u.source.url);
  put_if(out, kChapterId, u.chapter_id);
  put_if(out, kProjectId, u.project_id);
  for (const auto& k : u.keywords) put(out, kKeyword, k);
  put_if(out, kLocation, u.location);
  put_if(out, kThemeGroup, u.theme_group);
  put_if(out, kSdgLinkage, u.sdg_linkage);
  put_if(out, kPartners, u.partners);
  put_if(out, kCountriesPrinted, u.countries_printed);
  put_if(out, kUpdated, u.updated);
  for (const auto& r : u.related_ids) put(out, kRelatedId, r);
  for (const auto& t : u.themes) put(out, kThemeTag, encode_tag(t));
  for (const auto& t : u.countries) put(out, kCountryTag, encode_tag(t));
  for (const auto& t : u.sdg_targets) put(out, kTargetTag, encode_tag(t));
  for (const auto& r : u.regions) put(out, kRegion, r);
  return out;
}

Unit decode_unit(std::string_view data) {
  Reader r(data);
  if (r.byte() != kVersion) throw InvalidInput("corrupt unit record: unknown version");
  Unit u;
  bool has_text = false;
  while (!r.done()) {
    const uint8_t tag = r.byte();
    const std::string v(r.field());
    switch (tag) {
      case kId:
        u.id = v;
        break;
      case kType:
        u.type = v;
        break;
      case kTitle:
        u.title = v;
        break;
      case kLang:
        u.lang = v;
        break;
      case kText:
        u.text = v;
        has_text = true;
        break;
      case kSectionHeading:
        u.sections.push_back({v, {}});
        break;
      case kSectionText:
        if (u.sections.empty()) throw InvalidInput("corrupt unit record: section text without heading");
        u.sections.back().text = v;
        break;
      case kPublicationId:
        u.source.publication_id = v;
        break;
      case kPublication:
        u.source.publication = v;
        break;
      case kPublisher:
        u.source.publisher = v;
        break;
      case kYear:
        u.source.year = v;
        break;
      case kSectionPath:
        u.source.section_path = v;
        break;
      case kUrl:
        u.source.url = v;
        break;
      case kChapterId:
        u.chapter_id = v;
        break;
      case kProjectId:
        u.project_id = v;
        break;
      case kKeyword:
        u.keywords.push_back(v);
        break;
      case kLocation:
        u.location = v;
        break;
      case kThemeGroup:
        u.theme_group = v;
        break;
      case kSdgLinkage:
        u.sdg_linkage = v;
        break;
      case kPartners:
        u.partners = v;
        break;
      case kCountriesPrinted:
        u.countries_printed = v;
        break;
      case kUpdated:
        u.updated = v;
        break;
      case kRelatedId:
        u.related_ids.push_back(v);
        break;
      case kThemeTag:
        u.themes.push_back(decode_tag(v));
        break;
      case kCountryTag:
        u.countries.push_back(decode_tag(v));
        break;
      case kTargetTag:
        u.sdg_targets.push_back(decode_tag(v));
        break;
      case kRegion:
        u.regions.push_back(v);
        break;
      default:
        break;  // a newer field: skip
    }
  }
  if (!has_text) {
    for (const auto& s : u.sections) {
      if (s.text.empty()) continue;
      if (!u.text.empty()) u.text += "\n\n";
      u.text += s.text;
    }
  }
  return u;
}

}  // namespace m4d
