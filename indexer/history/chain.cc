#include "indexer/history/chain.h"

#include <algorithm>

namespace sanding::history {
namespace {

template <typename T>
void Get(const nlohmann::json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) *out = it->template get<T>();
}

}  // namespace

#define SANDING_PUT(field) j[#field] = v.field
#define SANDING_GET(field) Get(j, #field, &v.field)

void to_json(nlohmann::json& j, const Citation& v) {
  j = nlohmann::json::object();
  SANDING_PUT(file);
  SANDING_PUT(doc_number);
  SANDING_PUT(title);
  SANDING_PUT(date);
  SANDING_PUT(page);
  SANDING_PUT(begin);
  SANDING_PUT(end);
  if (v.curation != 0) SANDING_PUT(curation);
}
void from_json(const nlohmann::json& j, Citation& v) {
  SANDING_GET(file);
  SANDING_GET(doc_number);
  SANDING_GET(title);
  SANDING_GET(date);
  SANDING_GET(page);
  SANDING_GET(begin);
  SANDING_GET(end);
  SANDING_GET(curation);
}

void to_json(nlohmann::json& j, const StaffingEntry& v) {
  j = nlohmann::json::object();
  SANDING_PUT(type);
  if (!v.post.empty()) SANDING_PUT(post);
  SANDING_PUT(count);
}
void from_json(const nlohmann::json& j, StaffingEntry& v) {
  SANDING_GET(type);
  SANDING_GET(post);
  SANDING_GET(count);
}

void to_json(nlohmann::json& j, const UnitEntry& v) {
  j = nlohmann::json::object();
  SANDING_PUT(name);
  SANDING_PUT(duties);
}
void from_json(const nlohmann::json& j, UnitEntry& v) {
  SANDING_GET(name);
  SANDING_GET(duties);
}

void to_json(nlohmann::json& j, const Version& v) {
  j = nlohmann::json::object();
  SANDING_PUT(institution);
  SANDING_PUT(valid_from);
  SANDING_PUT(valid_to);
  SANDING_PUT(name);
  SANDING_PUT(abbreviations);
  SANDING_PUT(rank);
  SANDING_PUT(kind);
  SANDING_PUT(parent);
  SANDING_PUT(duties);
  SANDING_PUT(units);
  SANDING_PUT(staffing);
  SANDING_PUT(cites);
  SANDING_PUT(sources);
}
void from_json(const nlohmann::json& j, Version& v) {
  SANDING_GET(institution);
  SANDING_GET(valid_from);
  SANDING_GET(valid_to);
  SANDING_GET(name);
  SANDING_GET(abbreviations);
  SANDING_GET(rank);
  SANDING_GET(kind);
  SANDING_GET(parent);
  SANDING_GET(duties);
  SANDING_GET(units);
  SANDING_GET(staffing);
  SANDING_GET(cites);
  SANDING_GET(sources);
}

void to_json(nlohmann::json& j, const Institution& v) {
  j = nlohmann::json::object();
  SANDING_PUT(id);
  SANDING_PUT(level);
  SANDING_PUT(valid_from);
  SANDING_PUT(valid_to);
  SANDING_PUT(names);
}
void from_json(const nlohmann::json& j, Institution& v) {
  SANDING_GET(id);
  SANDING_GET(level);
  SANDING_GET(valid_from);
  SANDING_GET(valid_to);
  SANDING_GET(names);
}

void to_json(nlohmann::json& j, const ChainEvent& v) {
  j = nlohmann::json::object();
  SANDING_PUT(id);
  SANDING_PUT(type);
  SANDING_PUT(date);
  SANDING_PUT(from);
  SANDING_PUT(to);
  if (!v.duty.empty()) SANDING_PUT(duty);
  if (!v.detail.empty()) SANDING_PUT(detail);
  SANDING_PUT(text);
  SANDING_PUT(source);
}
void from_json(const nlohmann::json& j, ChainEvent& v) {
  SANDING_GET(id);
  SANDING_GET(type);
  SANDING_GET(date);
  SANDING_GET(from);
  SANDING_GET(to);
  SANDING_GET(duty);
  SANDING_GET(detail);
  SANDING_GET(text);
  SANDING_GET(source);
}

void to_json(nlohmann::json& j, const ConflictClaim& v) {
  j = nlohmann::json::object();
  SANDING_PUT(value);
  SANDING_PUT(source);
}
void from_json(const nlohmann::json& j, ConflictClaim& v) {
  SANDING_GET(value);
  SANDING_GET(source);
}

void to_json(nlohmann::json& j, const Conflict& v) {
  j = nlohmann::json::object();
  SANDING_PUT(id);
  SANDING_PUT(institution);
  SANDING_PUT(field);
  SANDING_PUT(date);
  SANDING_PUT(claims);
  SANDING_PUT(chosen);
  SANDING_PUT(note);
}
void from_json(const nlohmann::json& j, Conflict& v) {
  SANDING_GET(id);
  SANDING_GET(institution);
  SANDING_GET(field);
  SANDING_GET(date);
  SANDING_GET(claims);
  SANDING_GET(chosen);
  SANDING_GET(note);
}

#undef SANDING_PUT
#undef SANDING_GET

bool InForce(const std::string& valid_from, const std::string& valid_to, const std::string& date) {
  return (valid_from.empty() || valid_from <= date) && (valid_to.empty() || date < valid_to);
}

const Institution* Chain::FindInstitution(const std::string& id) const {
  auto it = std::lower_bound(institutions.begin(), institutions.end(), id,
                             [](const Institution& a, const std::string& b) { return a.id < b; });
  return it != institutions.end() && it->id == id ? &*it : nullptr;
}

std::vector<const Version*> Chain::VersionsOf(const std::string& id) const {
  auto it = std::lower_bound(versions.begin(), versions.end(), id,
                             [](const Version& a, const std::string& b) { return a.institution < b; });
  std::vector<const Version*> out;
  for (; it != versions.end() && it->institution == id; ++it) out.push_back(&*it);
  return out;
}

const Version* Chain::VersionAt(const std::string& id, const std::string& date) const {
  for (const Version* v : VersionsOf(id)) {
    if (InForce(v->valid_from, v->valid_to, date)) return v;
  }
  return nullptr;
}

}  // namespace sanding::history
