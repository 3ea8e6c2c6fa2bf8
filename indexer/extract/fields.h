// The head of a document: kind, title, 文号, date, issuer, the regulation inside a covering notice,
// and the institution names the title concerns. Also the normalisers of 文号, dates and titles,
// used on their own by the name resolver and the gazette-title tests.
//
// Written for the documents' language, not for one archive: 红头 (…文件), 文号 lines in any bracket
// style, titles that wrap over lines, 落款 with one or several issuers, dates in Arabic or Chinese
// numerals, OCR noise (stray spaces, 〔 read as [ ( C or 【, 〇 read as O/0/零, 号 lost ...).
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/facts.h"

namespace sanding::extract {

// A 文号 found in text. `prefix` is the issuer abbreviation (国办发, 清编办, 鲁编办发).
struct DocNumber {
  std::string prefix;
  int year = 0;
  int serial = 0;
  std::string Normalised() const;  // prefix〔year〕serial号
};
// Parses one 文号 (the whole string, surrounding spaces allowed): 国办发〔2008〕60号, 国办发[2008]60号,
// 国办发【2008】060号, 国办发(2008)60号, 国办发（2008）60号, 国办发 [ 2008 ] 60 号, 清编〔1999〕07号 ...
// Also tolerant of OCR confusions of the brackets (C, c, L, I, |, 1 next to the year) and of a
// missing 号. Year 1949..2099.
std::optional<DocNumber> ParseDocNumber(std::string_view s);
// The first 文号 in `s` with its byte range [*begin, *end) in s.
std::optional<DocNumber> FindDocNumber(std::string_view s, size_t* begin, size_t* end);

// A date written 2008年7月10日, 2008-07-10, 二〇〇八年七月十日, 二○○八年七月十日, 二零零八年七月十日,
// 二OO八年七月十日, 一九九六年十二月三十一日 ... -> "2008-07-10"; nullopt when not a valid date.
std::optional<std::string> ParseDate(std::string_view s);
// The last date in `s` (落款 dates come last) with its byte range.
std::optional<std::string> FindDate(std::string_view s, size_t* begin, size_t* end, bool last = true);

// "三定规定", "批复", "通知", "决定", "意见" or "其他" from a title: the generic word at the title's
// end decides (…的批复 / 批覆, …的通知, …的决定, …的意见 / 实施意见), except that a covering notice
// 关于印发《…(规定|方案)》的通知 whose regulation is a 三定 (主要职责内设机构和人员编制规定,
// 职能配置、内设机构和人员编制规定/方案, “三定”方案) is a 三定规定.
std::string KindOfTitle(std::string_view title);

// The instrument a gazette contents entry or a title publishes: for 关于印发/发布《X》的通知 and for
// entries like "中华人民共和国国务院令（第631号）　征信业管理条例", the name X of the instrument;
// "" when the entry is not the publication of one instrument (a 决定 amending another, a 批复,
// an 意见, a list of several). See tests/extract/fields_test.cc for the 35 real gazette cases.
std::string InstrumentName(std::string_view entry);

// The head facts of a document. Fills kind, title, doc_number, date, issuer, regulation_title,
// regulation_start, and `title_subjects`: the institution names the title (or the regulation's
// title) concerns, as written (e.g. 关于同意核增清河市物价局行政编制的批复 -> 清河市物价局;
// 《清河市发展和改革委员会主要职责内设机构和人员编制规定》 -> 清河市发展和改革委员会;
// 关于启用清河市档案馆印章的通知 -> 清河市档案馆).
struct HeadFacts {
  Field kind, title, doc_number, date, issuer, regulation_title;
  Span regulation_start;
  size_t regulation_offset = std::string::npos;  // norm() offset where the regulation begins
  std::vector<Mention> title_subjects;           // text + span only; not resolved
  std::vector<ReviewFlag> review;                // e.g. no 文号 found on a 批复, date not parsed
};
HeadFacts ExtractHead(const DocText& doc);

// Who may read the document (DocumentFacts::access): "内部", "公开" or "" when it says nothing.
//  - "内部": a 密级 mark in the head of page 1, before the title — 绝密/机密/秘密 with or without
//    ★ and a period (秘密★1年, 机密★, 绝密★10年), or 内部 / 内部资料 / 内部文件 / 内部发行 /
//    内部资料 注意保存 — printed on a line of its own (a 份号 before it, a 紧急程度 after it
//    allowed), or at the start of the first line when a gap or ★ sets it apart; the word 内部 in
//    running text (内部机构, 内部管理) is not a mark. Also a 附注 （此件不公开）, （此件不予公开）,
//    （此件依申请公开）, （不予公开）, or a 公开属性 line 公开方式：不予公开 / 依申请公开.
//  - "公开": （此件公开发布）, （此件主动公开）, （此件公开）, 公开方式：主动公开.
// Brackets full-width or ASCII, spaces anywhere (OCR); the text is already simplified, so
// traditional documents read the same. When marks disagree 内部 wins (a 密级 is decisive) and,
// when a 公开 mark contradicts it, `review` gets a flag. as_written and span are the deciding mark's.
Field ExtractAccess(const DocText& doc, std::vector<ReviewFlag>* review = nullptr);

}  // namespace sanding::extract
