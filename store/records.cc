// Record helpers and their JSON form (the documented schema: field names as in records.h, enums
// as strings). from_json requires the identity fields of a record (FileRecord.sha256,
// PageRecord.sha256 and page, FailureRecord.source, SourceRef.path) and takes every other field
// as optional, defaulting when absent, so records written before a field was added still load.
// A wrong JSON type or an unknown enum name throws nlohmann::json::exception, as nlohmann's own
// conversions do; callers that decode stored data catch it and report corruption.
#include "store/records.h"

#include <nlohmann/json.hpp>

namespace sanding {
namespace {

using nlohmann::json;

template <typename T>
void Optional(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) it->get_to(out);
}

const char* FileStateName(FileState s) {
  switch (s) {
    case FileState::kPending:
      return "pending";
    case FileState::kComplete:
      return "complete";
  }
  return "pending";
}

FileState FileStateFromName(const json& j) {
  const std::string& s = j.get_ref<const std::string&>();
  if (s == "pending") return FileState::kPending;
  if (s == "complete") return FileState::kComplete;
  throw json::other_error::create(501, "unknown FileState \"" + s + "\"", &j);
}

TextMethod TextMethodFromName(const json& j) {
  const std::string& s = j.get_ref<const std::string&>();
  for (TextMethod m :
       {TextMethod::kTextLayer, TextMethod::kOcr, TextMethod::kPlainText, TextMethod::kNone}) {
    if (s == TextMethodName(m)) return m;
  }
  throw json::other_error::create(501, "unknown TextMethod \"" + s + "\"", &j);
}

}  // namespace

std::string SourceRef::Display() const {
  if (member.empty()) return path;
  return path + "!/" + member;
}

const char* TextMethodName(TextMethod m) {
  switch (m) {
    case TextMethod::kTextLayer:
      return "text_layer";
    case TextMethod::kOcr:
      return "ocr";
    case TextMethod::kPlainText:
      return "plain_text";
    case TextMethod::kNone:
      return "none";
  }
  return "none";
}

void to_json(nlohmann::json& j, const SourceRef& v) {
  j = json{{"path", v.path}, {"member", v.member}};
}

void from_json(const nlohmann::json& j, SourceRef& v) {
  v = SourceRef{};
  j.at("path").get_to(v.path);
  Optional(j, "member", v.member);
}

void to_json(nlohmann::json& j, const FileRecord& v) {
  j = json{{"sha256", v.sha256},
           {"name", v.name},
           {"format", v.format},
           {"size", v.size},
           {"page_count", v.page_count},
           {"state", FileStateName(v.state)},
           {"title", v.title},
           {"sources", v.sources},
           {"ingested_at_ms", v.ingested_at_ms},
           {"completed_at_ms", v.completed_at_ms}};
}

void from_json(const nlohmann::json& j, FileRecord& v) {
  v = FileRecord{};
  j.at("sha256").get_to(v.sha256);
  Optional(j, "name", v.name);
  Optional(j, "format", v.format);
  Optional(j, "size", v.size);
  Optional(j, "page_count", v.page_count);
  if (auto it = j.find("state"); it != j.end() && !it->is_null()) {
    v.state = FileStateFromName(*it);
  }
  Optional(j, "title", v.title);
  Optional(j, "sources", v.sources);
  Optional(j, "ingested_at_ms", v.ingested_at_ms);
  Optional(j, "completed_at_ms", v.completed_at_ms);
}

void to_json(nlohmann::json& j, const WordBox& v) {
  j = json{{"text", v.text}, {"x", v.x}, {"y", v.y},
           {"w", v.w},       {"h", v.h}, {"confidence", v.confidence}};
}

void from_json(const nlohmann::json& j, WordBox& v) {
  v = WordBox{};
  Optional(j, "text", v.text);
  Optional(j, "x", v.x);
  Optional(j, "y", v.y);
  Optional(j, "w", v.w);
  Optional(j, "h", v.h);
  Optional(j, "confidence", v.confidence);
}

void to_json(nlohmann::json& j, const PageRecord& v) {
  j = json{{"sha256", v.sha256}, {"page", v.page},         {"method", TextMethodName(v.method)},
           {"text", v.text},     {"engine", v.engine},     {"mean_confidence", v.mean_confidence},
           {"note", v.note},     {"width_px", v.width_px}, {"height_px", v.height_px},
           {"words", v.words}};
}

void from_json(const nlohmann::json& j, PageRecord& v) {
  v = PageRecord{};
  j.at("sha256").get_to(v.sha256);
  j.at("page").get_to(v.page);
  if (auto it = j.find("method"); it != j.end() && !it->is_null()) {
    v.method = TextMethodFromName(*it);
  }
  Optional(j, "text", v.text);
  Optional(j, "engine", v.engine);
  Optional(j, "mean_confidence", v.mean_confidence);
  Optional(j, "note", v.note);
  Optional(j, "width_px", v.width_px);
  Optional(j, "height_px", v.height_px);
  Optional(j, "words", v.words);
}

void to_json(nlohmann::json& j, const FailureRecord& v) {
  j = json{{"source", v.source},
           {"reason", v.reason},
           {"message", v.message},
           {"at_ms", v.at_ms},
           {"sha256", v.sha256}};
}

void from_json(const nlohmann::json& j, FailureRecord& v) {
  v = FailureRecord{};
  j.at("source").get_to(v.source);
  Optional(j, "reason", v.reason);
  Optional(j, "message", v.message);
  Optional(j, "at_ms", v.at_ms);
  Optional(j, "sha256", v.sha256);
}

void to_json(nlohmann::json& j, const CorrectionRecord& v) {
  j = json{{"sha256", v.sha256}, {"seq", v.seq},       {"op", v.op},
           {"path", v.path},     {"value", v.value},   {"withdraws", v.withdraws},
           {"by", v.by},         {"reason", v.reason}, {"at_ms", v.at_ms}};
}

void from_json(const nlohmann::json& j, CorrectionRecord& v) {
  v = CorrectionRecord{};
  j.at("sha256").get_to(v.sha256);
  j.at("seq").get_to(v.seq);
  j.at("op").get_to(v.op);
  Optional(j, "path", v.path);
  Optional(j, "value", v.value);
  Optional(j, "withdraws", v.withdraws);
  Optional(j, "by", v.by);
  Optional(j, "reason", v.reason);
  Optional(j, "at_ms", v.at_ms);
}

}  // namespace sanding
