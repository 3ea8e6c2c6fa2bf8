// JSON form of the extracted facts (the schema documented in docs/cli.md). Reading is lenient:
// a missing member keeps its default, so facts stored by an older extractor still load.
#include "indexer/extract/facts.h"

#include <nlohmann/json.hpp>

namespace sanding::extract {
namespace {

template <typename T>
void Get(const nlohmann::json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) it->get_to(*out);
}

}  // namespace

#define SANDING_PUT(field) j[#field] = v.field
#define SANDING_GET(field) Get(j, #field, &v.field)

void to_json(nlohmann::json& j, const Span& v) {
  j = nlohmann::json::object();
  SANDING_PUT(page);
  SANDING_PUT(begin);
  SANDING_PUT(end);
}
void from_json(const nlohmann::json& j, Span& v) {
  SANDING_GET(page);
  SANDING_GET(begin);
  SANDING_GET(end);
}

void to_json(nlohmann::json& j, const Field& v) {
  j = nlohmann::json::object();
  SANDING_PUT(value);
  SANDING_PUT(as_written);
  SANDING_PUT(span);
  SANDING_PUT(confidence);
}
void from_json(const nlohmann::json& j, Field& v) {
  SANDING_GET(value);
  SANDING_GET(as_written);
  SANDING_GET(span);
  SANDING_GET(confidence);
}

void to_json(nlohmann::json& j, const Mention& v) {
  j = nlohmann::json::object();
  SANDING_PUT(text);
  SANDING_PUT(span);
  SANDING_PUT(institution);
  SANDING_PUT(name);
  SANDING_PUT(resolution);
  SANDING_PUT(candidates);
}
void from_json(const nlohmann::json& j, Mention& v) {
  SANDING_GET(text);
  SANDING_GET(span);
  SANDING_GET(institution);
  SANDING_GET(name);
  SANDING_GET(resolution);
  SANDING_GET(candidates);
}

void to_json(nlohmann::json& j, const DutyClause& v) {
  j = nlohmann::json::object();
  SANDING_PUT(number);
  SANDING_PUT(text);
  SANDING_PUT(span);
  SANDING_PUT(boilerplate);
}
void from_json(const nlohmann::json& j, DutyClause& v) {
  SANDING_GET(number);
  SANDING_GET(text);
  SANDING_GET(span);
  SANDING_GET(boilerplate);
}

void to_json(nlohmann::json& j, const DutyAdjustment& v) {
  j = nlohmann::json::object();
  SANDING_PUT(action);
  SANDING_PUT(duty);
  SANDING_PUT(counterpart);
  SANDING_PUT(text);
  SANDING_PUT(span);
}
void from_json(const nlohmann::json& j, DutyAdjustment& v) {
  SANDING_GET(action);
  SANDING_GET(duty);
  SANDING_GET(counterpart);
  SANDING_GET(text);
  SANDING_GET(span);
}

void to_json(nlohmann::json& j, const Unit& v) {
  j = nlohmann::json::object();
  SANDING_PUT(name);
  SANDING_PUT(duties);
  SANDING_PUT(span);
}
void from_json(const nlohmann::json& j, Unit& v) {
  SANDING_GET(name);
  SANDING_GET(duties);
  SANDING_GET(span);
}

void to_json(nlohmann::json& j, const StaffingItem& v) {
  j = nlohmann::json::object();
  SANDING_PUT(type);
  SANDING_PUT(post);
  SANDING_PUT(count);
  SANDING_PUT(text);
  SANDING_PUT(span);
}
void from_json(const nlohmann::json& j, StaffingItem& v) {
  SANDING_GET(type);
  SANDING_GET(post);
  SANDING_GET(count);
  SANDING_GET(text);
  SANDING_GET(span);
}

void to_json(nlohmann::json& j, const Event& v) {
  j = nlohmann::json::object();
  SANDING_PUT(type);
  SANDING_PUT(date);
  SANDING_PUT(from);
  SANDING_PUT(to);
  SANDING_PUT(duty);
  SANDING_PUT(detail);
  SANDING_PUT(text);
  SANDING_PUT(span);
}
void from_json(const nlohmann::json& j, Event& v) {
  SANDING_GET(type);
  SANDING_GET(date);
  SANDING_GET(from);
  SANDING_GET(to);
  SANDING_GET(duty);
  SANDING_GET(detail);
  SANDING_GET(text);
  SANDING_GET(span);
}

void to_json(nlohmann::json& j, const Profile& v) {
  j = nlohmann::json::object();
  SANDING_PUT(institution);
  SANDING_PUT(rank);
  SANDING_PUT(kind);
  SANDING_PUT(abbreviation);
  SANDING_PUT(parent);
  SANDING_PUT(text);
  SANDING_PUT(span);
}
void from_json(const nlohmann::json& j, Profile& v) {
  SANDING_GET(institution);
  SANDING_GET(rank);
  SANDING_GET(kind);
  SANDING_GET(abbreviation);
  SANDING_GET(parent);
  SANDING_GET(text);
  SANDING_GET(span);
}

void to_json(nlohmann::json& j, const ReviewFlag& v) {
  j = nlohmann::json::object();
  SANDING_PUT(field);
  SANDING_PUT(message);
}
void from_json(const nlohmann::json& j, ReviewFlag& v) {
  SANDING_GET(field);
  SANDING_GET(message);
}

void to_json(nlohmann::json& j, const DocumentFacts& v) {
  j = nlohmann::json::object();
  SANDING_PUT(extractor);
  SANDING_PUT(files);
  SANDING_PUT(part_of);
  SANDING_PUT(script);
  SANDING_PUT(kind);
  SANDING_PUT(title);
  SANDING_PUT(doc_number);
  SANDING_PUT(date);
  SANDING_PUT(issuer);
  SANDING_PUT(access);
  SANDING_PUT(subjects);
  SANDING_PUT(regulation_title);
  SANDING_PUT(regulation_start);
  SANDING_PUT(duties);
  SANDING_PUT(adjustments);
  SANDING_PUT(units);
  SANDING_PUT(staffing);
  SANDING_PUT(events);
  SANDING_PUT(basis);
  SANDING_PUT(profiles);
  SANDING_PUT(review);
}
void from_json(const nlohmann::json& j, DocumentFacts& v) {
  SANDING_GET(extractor);
  SANDING_GET(files);
  SANDING_GET(part_of);
  SANDING_GET(script);
  SANDING_GET(kind);
  SANDING_GET(title);
  SANDING_GET(doc_number);
  SANDING_GET(date);
  SANDING_GET(issuer);
  SANDING_GET(access);
  SANDING_GET(subjects);
  SANDING_GET(regulation_title);
  SANDING_GET(regulation_start);
  SANDING_GET(duties);
  SANDING_GET(adjustments);
  SANDING_GET(units);
  SANDING_GET(staffing);
  SANDING_GET(events);
  SANDING_GET(basis);
  SANDING_GET(profiles);
  SANDING_GET(review);
}

#undef SANDING_PUT
#undef SANDING_GET

}  // namespace sanding::extract
