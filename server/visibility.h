// The visibility rule of the server: a document is 内部 when its curated facts' 公开属性 (access)
// says so; callers who may not read 内部 documents must not learn anything from them — not their
// existence (404 like a missing file), not their 文号 or title in a citation, not a duty or an
// event that only they record.
//
// One Visibility object serves one request: it memoises the answer per file.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "store/status.h"
#include "store/store.h"

namespace sanding::server {

class Visibility {
 public:
  // `may_read_internal`: the caller may see 内部 documents (then nothing is hidden).
  Visibility(Store& store, bool may_read_internal)
      : store_(store), may_read_internal_(may_read_internal) {}

  bool may_read_internal() const { return may_read_internal_; }

  // Whether the document file `sha256` belongs to is 内部 (corrections applied). A file with no
  // facts yet is not (nothing marks it).
  Result<bool> IsInternal(const std::string& sha256);
  // Whether the caller may see the file: always for may_read_internal, else !IsInternal.
  Result<bool> MaySee(const std::string& sha256);

  // Removes from a lineage, history, diff, provenance, region or overlap answer everything that
  // comes from documents the caller may not see (nothing when may_read_internal):
  //  - an array element that is such a citation, or whose members (or their members) cite one
  //    (a timeline entry, an edge, an event, a match, a conflict's claim, a chart entry…);
  //  - in a version (an object with "cites"), each field whose citation is such a document is
  //    emptied, its citation dropped, and the field named in the version's "redacted" array;
  //  - any citation left anywhere is blanked (file, 文号, title, date and page cleared).
  // Returns how many things were removed or blanked.
  Result<size_t> Redact(nlohmann::json& j);

 private:
  Result<bool> IsHiddenCitation(const nlohmann::json& j);
  Result<bool> CitesHidden(const nlohmann::json& j, int depth);
  Status RedactIn(nlohmann::json& j, size_t* count);

  Store& store_;
  bool may_read_internal_;
  std::map<std::string, bool> internal_;
};

// True for an object shaped like a history::Citation (has "file" and "doc_number").
bool IsCitation(const nlohmann::json& j);

}  // namespace sanding::server
