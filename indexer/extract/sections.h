// The body of a 三定 regulation: 主要职责 clauses, 职责调整 / 职能转变 items, 内设机构 with their duties,
// and 人员编制 (行政编制, 事业编制, 领导职数 post by post).
//
// Section headings are recognised by meaning, in any numbering (一、 / （一） / 第四条 … / none):
// 主要职责 (…的主要职责是： / 主要职责是：), 职责调整 / 职能转变 / 划入的职责 / 划出的职责 / 取消的职责,
// 内设机构 (根据上述职责，X设N个内设机构), 人员编制 / 编制 (机关行政编制N名, 事业编制N名; 领导职数：
// 局长1名、副局长3名; 其中：主任1名、副主任5名; 科级领导职数N名; 数字可为汉字：三名).
// 2018-style articles (第四条 … 主要职责是：（一）…) and duty lists that continue past a page break
// are handled. Counts in Chinese numerals (十二名) are converted.
// Thread safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/facts.h"

namespace sanding::extract {

struct SectionFacts {
  std::vector<DutyClause> duties;
  std::vector<DutyAdjustment> adjustments;  // counterpart.text set, not resolved
  std::vector<Unit> units;
  std::vector<StaffingItem> staffing;
  std::vector<ReviewFlag> review;  // e.g. "内设机构：正文说设7个，识别出6个"
};

// Reads the regulation part of `doc`, starting at norm() offset `from` (HeadFacts::regulation_offset,
// or 0 when the document is itself a regulation or an approval file).
SectionFacts ExtractSections(const DocText& doc, size_t from);

// Reads a text that IS a duty list (a pasted draft 主要职责): numbered items (（一） / 1． / 一、),
// or unnumbered lines or paragraphs (each one clause), with or without a 主要职责 heading or a
// title line (…主要职责). A whole 三定 text gives its 主要职责 section, as ExtractSections does.
// Boilerplate clauses are returned flagged, not dropped.
std::vector<DutyClause> ExtractDutyList(const DocText& doc);

// A Chinese or Arabic count: "52", "５２", "五十二", "十二", "一百零五", "两" -> value; -1 if none.
int ParseCount(std::string_view s);

// True for the catch-all clause (承办/完成/办理 … 交办的其他事项/任务/工作).
bool IsBoilerplateDuty(std::string_view clause);

}  // namespace sanding::extract
