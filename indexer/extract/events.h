// Lineage events enacted by approval files (批复, 通知, 决定, 意见, and the preamble of a 三定 when it
// sets up a body): set up (设立/成立/组建/新设), rename (更名为/改称/名称变更为/改名为), merge (整合…的职责，
// 组建… / 合并为 / 并入), split (分设为/分设…组建… / 拆分), abolish (撤销 / 不再保留), placed under (划归…管理 /
// 改由…管理 / 由…管理 / 设在), rank change (规格…调整为… / 升格 / 降格), staffing change (核增/核减/增加/减少
// …编制N名), duty transfer (将A的X职责划入/划给/划转至B, A承担的X职责划转至B, 将X职责由A划给B).
//
// Institution names are taken from the grammar of the sentence (the text between the cue words),
// split on 、 和 及 与 ，, and returned unresolved (Mention.text + span).
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/facts.h"

namespace sanding::extract {

struct EventFacts {
  std::vector<Event> events;
  std::vector<ReviewFlag> review;  // a sentence with event cue words that could not be parsed
};

// `doc_date` (YYYY-MM-DD or "") is the effective date unless a sentence states its own (自…起).
// `from`/`to` bound the part of norm() to read (a covering notice's regulation is read by
// ExtractSections, not here, except its preamble's 设立X).
EventFacts ExtractEvents(const DocText& doc, const std::string& doc_date, size_t from = 0,
                         size_t to = std::string::npos);

}  // namespace sanding::extract
