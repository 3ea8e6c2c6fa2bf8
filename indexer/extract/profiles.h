// What a document states about bodies' standing (Profile: rank, kind, abbreviation, supervising
// body) and the decision it says it implements (basis: the 文号 of 根据《…》（清发〔2010〕3号）).
//
// Profiles are read from
//  - lists of bodies with their rank: "5．X（正处级）", inline "A（正处级）、B（副处级）";
//  - establishing clauses: "组建X，作为市政府工作部门，正处级", "成立X，副处级，为市政府工作部门",
//    "设置X（简称Y），为市政府工作部门，正处级";
//  - statements: "X（以下简称Y）是市政府工作部门，正处级", "Y是由Z管理的事业单位，副处级",
//    "X为市人民政府工作部门，机构规格为副县级", "是市委工作机关，由Z归口管理".
// An abbreviation defined anywhere in the document (X（以下简称Y） / （简称Y）) makes a statement
// about Y one about X. Sentences that change a rank (机构规格由…调整为…, 升格, 降格, 原为…) are events
// (rank_changed), not profiles. Mentions are returned unresolved (text + span).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/facts.h"

namespace sanding::extract {

// The profiles stated in norm()[from, to), one per body (statements about one body merged).
std::vector<Profile> ExtractProfiles(const DocText& doc, size_t from = 0,
                                     size_t to = std::string::npos);

// The 文号 cited by the first 根据/依据 clause with a 文号 in the opening paragraph at or after
// norm() offset `from` (the regulation's start, or 0): the first paragraph that holds a sentence
// (a 。) or a 根据. Normalised like doc_number; empty when that paragraph cites none.
Field ExtractBasis(const DocText& doc, size_t from);

// A rank word (正/副 + 部 厅 局 处 县 科 股 乡 司 地, or 省部 地厅 县处 乡科, + 级) at the start of `s`:
// its byte length, 0 when none.
size_t RankWordAt(std::string_view s);

// The kind label of a standing phrase: 市政府工作部门 / 国务院组成部门 / 直属机构 / 行政机构 ->
// "行政机关"; 市委工作机关 / 县委工作部门 / 党委工作机关 -> "党委工作机关"; 事业单位 -> "事业单位";
// 议事协调机构 -> "议事协调机构"; "" when `s` names no kind.
std::string KindOfStanding(std::string_view s);

}  // namespace sanding::extract
