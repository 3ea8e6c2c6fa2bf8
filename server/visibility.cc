#include "server/visibility.h"

#include "indexer/extract/curation.h"
#include "indexer/extract/run.h"

namespace sanding::server {

bool IsCitation(const nlohmann::json& j) {
  return j.is_object() && j.contains("file") && j.contains("doc_number") && j["file"].is_string();
}

Result<bool> Visibility::IsInternal(const std::string& sha256) {
  if (sha256.empty()) return false;
  auto it = internal_.find(sha256);
  if (it != internal_.end()) return it->second;
  std::string owner;
  auto facts = extract::LoadFacts(store_, sha256, &owner);
  bool internal = false;
  if (!facts.ok()) {
    if (facts.status().code() != Status::Code::kNotFound) return facts.status();
  } else {
    std::string access = facts->access.value;
    auto corrections = store_.ListCorrections(owner);
    if (!corrections.ok()) return corrections.status();
    if (!corrections->empty()) {
      const auto curated = extract::ApplyCorrections(nlohmann::json(*facts), *corrections);
      const nlohmann::json* v = &curated.effective;
      access = v->contains("access") && (*v)["access"].contains("value") &&
                       (*v)["access"]["value"].is_string()
                   ? (*v)["access"]["value"].get<std::string>()
                   : std::string();
    }
    internal = access == "内部";
  }
  internal_[sha256] = internal;
  return internal;
}

Result<bool> Visibility::MaySee(const std::string& sha256) {
  if (may_read_internal_) return true;
  auto internal = IsInternal(sha256);
  if (!internal.ok()) return internal.status();
  return !*internal;
}

Result<bool> Visibility::IsHiddenCitation(const nlohmann::json& j) {
  if (!IsCitation(j)) return false;
  auto see = MaySee(j["file"].get<std::string>());
  if (!see.ok()) return see.status();
  return !*see;
}

// Whether `j` is a hidden citation or holds one as a member (objects and arrays of citations),
// looking `depth` levels into member objects; a version's "cites" map is not looked into (its
// fields are blanked instead).
Result<bool> Visibility::CitesHidden(const nlohmann::json& j, int depth) {
  auto self = IsHiddenCitation(j);
  if (!self.ok() || *self) return self;
  if (!j.is_object() || depth <= 0) return false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "cites" || it.key() == "sources") continue;
    const nlohmann::json& m = it.value();
    if (m.is_object()) {
      auto r = CitesHidden(m, depth - 1);
      if (!r.ok() || *r) return r;
    }
  }
  return false;
}

Status Visibility::RedactIn(nlohmann::json& j, size_t* count) {
  if (j.is_array()) {
    nlohmann::json kept = nlohmann::json::array();
    for (auto& e : j) {
      auto hidden = CitesHidden(e, 2);
      if (!hidden.ok()) return hidden.status();
      if (*hidden) {
        ++*count;
        continue;
      }
      SANDING_RETURN_IF_ERROR(RedactIn(e, count));
      kept.push_back(std::move(e));
    }
    j = std::move(kept);
    return Status::Ok();
  }
  if (!j.is_object()) return Status::Ok();
  if (IsCitation(j)) {
    auto hidden = IsHiddenCitation(j);
    if (!hidden.ok()) return hidden.status();
    if (*hidden) {
      for (const char* k : {"file", "doc_number", "title", "date"}) j[k] = "";
      for (const char* k : {"page", "begin", "end"}) j[k] = 0;
      j["redacted"] = true;
      ++*count;
    }
    return Status::Ok();
  }
  if (j.contains("cites") && j["cites"].is_object()) {
    nlohmann::json& cites = j["cites"];
    std::vector<std::string> hidden_fields;
    for (auto it = cites.begin(); it != cites.end(); ++it) {
      auto hidden = IsHiddenCitation(it.value());
      if (!hidden.ok()) return hidden.status();
      if (*hidden) hidden_fields.push_back(it.key());
    }
    for (const std::string& field : hidden_fields) {
      cites.erase(field);
      if (j.contains(field)) {
        nlohmann::json& v = j[field];
        if (v.is_string())
          v = "";
        else if (v.is_array())
          v = nlohmann::json::array();
        else if (v.is_object())
          v = nlohmann::json::object();
        else if (v.is_number())
          v = 0;
      }
      if (!j.contains("redacted") || !j["redacted"].is_array())
        j["redacted"] = nlohmann::json::array();
      j["redacted"].push_back(field);
      ++*count;
    }
  }
  for (auto it = j.begin(); it != j.end(); ++it)
    SANDING_RETURN_IF_ERROR(RedactIn(it.value(), count));
  return Status::Ok();
}

Result<size_t> Visibility::Redact(nlohmann::json& j) {
  if (may_read_internal_) return size_t{0};
  size_t count = 0;
  SANDING_RETURN_IF_ERROR(RedactIn(j, &count));
  return count;
}

}  // namespace sanding::server
