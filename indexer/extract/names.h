// Institution names: the authority of known bodies (with every name and abbreviation they bore
// and when), resolution of a mention in a dated document to one body, and correction of OCR
// errors in names and 文号 prefixes using the known names and the domain's vocabulary.
//
// Thread safety: an Authority is built once, then read concurrently; NameResolver is immutable.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "store/status.h"

namespace sanding::extract {

// One name an institution bore during [valid_from, valid_to) (YYYY-MM-DD; "" = open-ended).
struct AuthorityName {
  std::string name;          // full name, simplified
  std::vector<std::string> abbreviations;  // 市发改委, 市编办, 发改委 ...
  std::string valid_from;
  std::string valid_to;
};

struct AuthorityEntry {
  std::string id;      // stable identity ("qh-jw")
  std::string level;   // "national", "province", "city", "county", "" when unknown
  std::vector<AuthorityName> names;  // in date order
};

class Authority {
 public:
  // The sample corpus's truth/institutions.json form: [{id, level, valid_from, valid_to,
  // versions: [{valid_from, valid_to, name, abbreviations: [..]}]}]. Errors name the problem in
  // Chinese.
  static Result<Authority> FromInstitutionsJson(const nlohmann::json& j);
  // Adds `entry`, replacing an entry of the same id.
  void Add(AuthorityEntry entry);
  const std::vector<AuthorityEntry>& entries() const { return entries_; }
  const AuthorityEntry* Find(const std::string& id) const;
  size_t size() const { return entries_.size(); }
  nlohmann::json ToJson() const;  // the same form FromInstitutionsJson reads

 private:
  std::vector<AuthorityEntry> entries_;
  std::map<std::string, size_t> by_id_;
};

struct Resolution {
  std::string id;       // empty when unresolved or ambiguous
  std::string name;     // the body's full name at the date
  // "exact", "historical", "abbreviation", "traditional", "ocr_corrected", "ambiguous", "unknown"
  std::string method;
  std::vector<std::string> candidates;  // ids (ambiguous: all; ocr_corrected: the one chosen)
  std::string corrected;                // ocr_corrected: the known name the mention was read as
};

// What the resolver may use beyond the authority's own names.
struct ResolverOptions {
  // Correct OCR-damaged names against the known ones (else such a mention is "unknown").
  bool ocr_correction = true;
  // Also know the national bodies and top organs (国务院, its ministries and commissions with their
  // main historical names, 全国人民代表大会 ...) under ids "cn:<name>" when the authority lacks them.
  bool national_bodies = true;
};

class NameResolver {
 public:
  explicit NameResolver(std::shared_ptr<const Authority> authority);
  NameResolver(std::shared_ptr<const Authority> authority, ResolverOptions options);

  // Resolves `mention` (a name as written: full, old, abbreviated, traditional, OCR-damaged) in a
  // document dated `date` (YYYY-MM-DD or ""). `region` is the place the document belongs to
  // (清河市, 临川县, "" for national or unknown): "市编办" in a 清河市 document is 清河市's, and a
  // name without place prefix ("市发展和改革委员会", "县卫生局") is completed with it. A name valid
  // at the date wins over one valid at another date ("historical"); two bodies equally good ->
  // "ambiguous" with both candidates. OCR correction: when nothing matches, a known name (or the
  // region-completed name) within a small edit distance that is the unique best match, with the
  // edit confined to characters (not a different suffix such as 局 vs 委), is taken
  // ("ocr_corrected", e.g. 清河市物价屆 -> 清河市物价局, 习务院 -> 国务院).
  Resolution Resolve(std::string_view mention, std::string_view date,
                     std::string_view region = {}) const;

  // The place a document belongs to, from its issuer or title: "清河市", "临川县", "江北省", ""
  // (national bodies: 国务院, 全国人民代表大会 ...).
  static std::string RegionOf(std::string_view issuer_or_title);

  // Turns OCR correction on or off (as ResolverOptions::ocr_correction). Not thread-safe: call
  // before the resolver is shared.
  void set_ocr_correction(bool on) { ocr_correction_ = on; }
  bool ocr_correction() const { return ocr_correction_; }

 private:
  struct Index;
  std::shared_ptr<const Authority> authority_;
  std::shared_ptr<const Index> index_;
  bool ocr_correction_ = true;
};

// Correction of 文号 prefixes (the issuer abbreviation before the year) against the prefixes
// known to an archive: built from the 文号 of many documents, a prefix seen once that is one
// character away from a frequent one (清偏 vs 清编, 国办友 vs 国办发), or that is a frequent one
// with a stray character in front (四清政办发), is corrected.
class DocNumberPrefixes {
 public:
  void Add(std::string_view prefix);  // count one occurrence
  // The corrected prefix, or `prefix` unchanged; *changed tells which.
  std::string Correct(std::string_view prefix, bool* changed = nullptr) const;

 private:
  std::map<std::string, int> counts_;
};

// Character-level edit distance over code points (for tests and the resolver).
int EditDistance(std::string_view a, std::string_view b);

}  // namespace sanding::extract
