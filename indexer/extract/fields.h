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

}  // namespace sanding::extract
