// The domain vocabulary behind name resolution: how the language shortens institution names
// (发展和改革委员会 -> 发改委), the generic suffixes that say what kind of body a name is (局, 委员会,
// 办公室 ...), the standard departments of a local government (so that a well-formed name of a body
// the archive does not know is not "corrected" into a known one), and the national bodies and top
// organs with their main historical names.
//
// Thread safety: every function returns immutable static data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/names.h"

namespace sanding::extract::internal {

// A word of institution names and the short forms it takes in abbreviations. Applied word by
// word (longest match first), every combination of full and short words is a valid short name:
// 食品药品 + 监督管理 + 局 -> 食药监局, 食品药品监管局.
struct AbbreviationRule {
  std::string_view full;
  std::vector<std::string_view> shorts;
};
const std::vector<AbbreviationRule>& AbbreviationRules();

// Generic suffixes naming the kind of body (the last word of a name: 局, 总局, 委员会, 办公室 ...).
const std::vector<std::string_view>& GenericSuffixes();

// Standard names (without place) of local government departments and organs, current and
// historical: 财政局, 卫生健康委员会, 工商行政管理局 ...
const std::vector<std::string_view>& StandardDepartments();

// National bodies and top organs: one entry per body, its names in date order. Ids are
// "cn:<latest name>" (a later body of the same name gets "@<year>" appended to the earlier one).
const std::vector<AuthorityEntry>& NationalBodies();

}  // namespace sanding::extract::internal
