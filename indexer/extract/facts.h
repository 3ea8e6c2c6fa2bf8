// What sanding understands of one document: its fields, duty clauses, internal units, staffing and
// the lineage events it enacts, each tied to the page and the text span it came from.
//
// Plain value types with JSON (de)serialisation; the JSON field names below are the documented
// schema (docs/cli.md, `sanding show --json`) and the form the facts are stored in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sanding::extract {

// A piece of the document's original text: page (1-based) and UTF-8 byte offsets [begin, end)
// into that page's stored text (PageRecord::text). A span crossing pages is split at the first
// page; page == 0 means "not located".
struct Span {
  uint32_t page = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const Span&) const = default;
};

// One extracted scalar: the normalised value, the text as printed, where it is, and how sure
// the extractor is (0..1). An absent field has an empty value and confidence 0.
struct Field {
  std::string value;       // normalised (文号 with 〔〕, date as YYYY-MM-DD, kind as a label, ...)
  std::string as_written;  // the original characters the value was read from
  Span span;
  double confidence = 0;
  bool empty() const { return value.empty(); }
};

// A reference to an institution in the text, and what it resolves to.
struct Mention {
  std::string text;         // as it appears (normalised: simplified, no spaces)
  Span span;
  std::string institution;  // resolved institution id; empty when unresolved or ambiguous
  std::string name;         // the resolved institution's full name at the document's date
  // "exact", "historical" (a name valid at another date), "abbreviation", "traditional",
  // "ocr_corrected", "ambiguous", "unknown"; empty before resolution ran.
  std::string resolution;
  std::vector<std::string> candidates;  // institution ids when ambiguous
};

// One numbered clause of 主要职责 (or of a unit's duties).
struct DutyClause {
  std::string number;  // the marker as printed: "（三）", "3．", "第四条" ...; empty if none
  std::string text;    // the clause without its marker and without the final 。
  Span span;
  bool boilerplate = false;  // the catch-all 承办/完成…交办的其他事项/任务 clause
};

// One item of 职责调整 / 职能转变.
struct DutyAdjustment {
  // "cancelled" (取消), "transferred_out" (划出/划给/交由), "transferred_in" (划入/承接),
  // "strengthened" (加强/强化/增加), "other".
  std::string action;
  std::string duty;        // the duty named, e.g. "价格监督检查" ("" when not isolable)
  Mention counterpart;     // the other body (text empty when none is named)
  std::string text;        // the whole sentence
  Span span;
};

struct Unit {
  std::string name;                 // "办公室", "价格监督检查局"
  std::vector<std::string> duties;  // its duty sentences, final 。 removed
  Span span;
};

struct StaffingItem {
  std::string type;  // "行政编制", "事业编制", "领导职数", "其他编制"
  std::string post;  // for 领导职数: "局长", "副局长", "科级领导职数" ...; else ""
  int count = 0;
  std::string text;  // the phrase it was read from
  Span span;
};

// A lineage event enacted by the document.
struct Event {
  // "established", "renamed", "merged", "split", "abolished", "placed_under", "rank_changed",
  // "staffing_changed", "duty_transferred".
  std::string type;
  std::string date;             // effective date YYYY-MM-DD (the document's date unless stated)
  std::vector<Mention> from;    // bodies before (renamed: the old name; placed_under: the body moved)
  std::vector<Mention> to;      // bodies after (renamed: the new name; placed_under: the new parent)
  std::string duty;             // duty_transferred: the duty moved
  std::string detail;           // rank_changed: "副处级→正处级"; staffing_changed: "+3"; ...
  std::string text;             // the sentence
  Span span;
};

// What a document states about one body's standing: its rank (机构规格), kind, abbreviation and
// supervising body. Read from a list of bodies set up ("X（正处级）"), an establishing sentence
// ("组建X，为市政府工作部门，正处级", "成立X，副处级，为市政府工作部门"), a regulation's own
// statement ("X（以下简称Y）是市政府工作部门，正处级", "Y是由Z管理的事业单位，副处级").
struct Profile {
  Mention institution;       // the body described
  std::string rank;          // "正部级", "副部级", "正厅级", "副厅级", "正处级", "副处级", "正科级",
                             // "副科级" ("" when not stated)
  std::string kind;          // "行政机关", "党委工作机关", "事业单位", "议事协调机构" ("" when not stated)
  std::string abbreviation;  // "市发改委" ("" when not stated)
  Mention parent;            // supervising body ("由Z管理的…"; text empty when none is stated)
  std::string text;          // the sentence
  Span span;
};

// Something a person should check, with the reason in Chinese.
struct ReviewFlag {
  std::string field;    // "doc_number", "date", "subjects", "events[2]", ...
  std::string message;  // Chinese
};

struct DocumentFacts {
  std::string extractor;  // version tag of the extractor that produced these facts
  // The stored files whose pages make up the document, in page order: one file usually; several
  // when an archive holds one image per page (…_第1页.jpg, …_第2页.jpg). Span::page counts pages
  // across them. The facts are stored with the first file; the others point to it (`part_of`).
  std::vector<std::string> files;
  std::string part_of;    // set (to the first file) in the stored facts of the other files
  std::string script;     // "simplified" or "traditional"
  Field kind;             // 三定规定, 批复, 通知, 决定, 意见, 其他
  Field title;            // the document's own title line (关于…的通知), issuer included
  Field doc_number;       // 文号, normalised: brackets 〔〕, serial without leading zeros
  Field date;             // issue date (落款), YYYY-MM-DD
  Field issuer;           // 发文机关: the 落款 line, else the 红头
  // Who may read it: "内部" when the document is marked so (a 密级 mark 绝密/机密/秘密, 内部 or
  // 内部资料 in the head, 此件不公开 / 不予公开 / 依申请公开 at the end), "公开" when it says it is
  // public (此件公开发布, 主动公开), "" when it says nothing (treated as public). as_written holds
  // the mark as printed. Archivists correct it with a correction of /access/value.
  Field access;
  std::vector<Mention> subjects;  // the institution(s) the document concerns
  // A covering notice (关于印发《X》的通知) and the regulation X printed after it.
  Field regulation_title;  // X; empty when the document carries no regulation
  Span regulation_start;   // where the regulation's own text begins
  std::vector<DutyClause> duties;          // 主要职责
  std::vector<DutyAdjustment> adjustments; // 职责调整 / 职能转变
  std::vector<Unit> units;                 // 内设机构
  std::vector<StaffingItem> staffing;      // 人员编制
  std::vector<Event> events;
  // The 文号 of the decision a regulation implements ("根据《…实施意见》（清发〔2010〕3号）"),
  // normalised like doc_number; empty when the regulation cites none (e.g. "根据…有关规定").
  Field basis;
  std::vector<Profile> profiles;
  std::vector<ReviewFlag> review;
};

void to_json(nlohmann::json& j, const Span& v);
void from_json(const nlohmann::json& j, Span& v);
void to_json(nlohmann::json& j, const Field& v);
void from_json(const nlohmann::json& j, Field& v);
void to_json(nlohmann::json& j, const Mention& v);
void from_json(const nlohmann::json& j, Mention& v);
void to_json(nlohmann::json& j, const DutyClause& v);
void from_json(const nlohmann::json& j, DutyClause& v);
void to_json(nlohmann::json& j, const DutyAdjustment& v);
void from_json(const nlohmann::json& j, DutyAdjustment& v);
void to_json(nlohmann::json& j, const Unit& v);
void from_json(const nlohmann::json& j, Unit& v);
void to_json(nlohmann::json& j, const StaffingItem& v);
void from_json(const nlohmann::json& j, StaffingItem& v);
void to_json(nlohmann::json& j, const Event& v);
void from_json(const nlohmann::json& j, Event& v);
void to_json(nlohmann::json& j, const Profile& v);
void from_json(const nlohmann::json& j, Profile& v);
void to_json(nlohmann::json& j, const ReviewFlag& v);
void from_json(const nlohmann::json& j, ReviewFlag& v);
void to_json(nlohmann::json& j, const DocumentFacts& v);
void from_json(const nlohmann::json& j, DocumentFacts& v);

}  // namespace sanding::extract
