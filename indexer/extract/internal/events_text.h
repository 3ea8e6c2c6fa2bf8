// Text helpers of the event extractor: UTF-8 scanning of Chinese approval-file sentences, lists of
// institution names, item markers, counts and dates.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sanding::extract::internal::events {

// Byte range [begin, end) into some string.
using Range = std::pair<size_t, size_t>;

// Decodes the code point at s[i]; *len receives its byte length (1 for invalid bytes).
char32_t CodePointAt(std::string_view s, size_t i, size_t* len);
// Byte offset of the code point that ends at s[i] (i > 0).
size_t PrevCodePoint(std::string_view s, size_t i);

// The pieces of `s` between the separators `seps` that stand outside the brackets `open`/`close`
// (nesting counted; a close bracket matches any open one), each as a byte range, not trimmed.
std::vector<Range> SplitOutsideBrackets(std::string_view s, const std::vector<std::string_view>& open,
                                        const std::vector<std::string_view>& close,
                                        const std::vector<std::string_view>& seps);

bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool Contains(std::string_view s, std::string_view part);

// True for CJK ideographs (the basic block and extension A) and 〇.
bool IsHan(char32_t c);
// The Han characters of `s`: the key under which two mentions of one body compare equal whatever
// debris OCR left in them (清河市工商行政管理局-临川分局).
std::string HanKey(std::string_view s);

// The levels of a rank word (机构规格): optional 正/副, one of these, then 级 (正处级, 副县级, 乡科级).
inline constexpr std::string_view kRankLevels[] = {"省部", "地厅", "县处", "乡科", "部", "厅",
                                                   "局",   "处",   "科",   "股",   "县", "乡",
                                                   "司",   "地",   "团",   "营"};

// Byte length of the item marker at the start of `s` (一、 （一） (一) 1． 1. 1、 (1) （1） 第一条 ①),
// including the spaces after it; 0 when `s` does not start with one.
size_t ItemMarkerLength(std::string_view s);
// True when `s` starts with a top-level heading marker (一、 二、 … or 第X章).
bool StartsWithHeadingMarker(std::string_view s);

// True when `name` ends like the name of a body: 局, 委员会, 部, 厅, 办公室, 署, 中心, 指挥部,
// 领导小组, 分局 ... (a list of such endings, not of names).
bool HasInstitutionEnding(std::string_view name);

// Splits a list of names written "A、B和C" / "A，B及C" / "A与B" / "A以及B" into its items. 和/及/与
// only split where the text before them ends like a body's name, so 发展和改革委员会 and
// 人力资源和社会保障局 stay whole. Ranges are into `s`, trimmed of spaces.
std::vector<Range> SplitNameList(std::string_view s, Range r);

// Removes ASCII and ideographic spaces.
std::string RemoveSpaces(std::string_view s);

}  // namespace sanding::extract::internal::events
