// Extract: head, sections and events read by their own modules, then names resolved against the
// authority, 文号 prefixes corrected, subjects gathered, and everything uncertain flagged.
#include "indexer/extract/extractor.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "indexer/extract/events.h"
#include "indexer/extract/fields.h"
#include "indexer/extract/profiles.h"
#include "indexer/extract/sections.h"

namespace sanding::extract {
namespace {

void Resolve(const ExtractOptions& options, const std::string& date, const std::string& region,
             Mention* m, std::vector<ReviewFlag>* review, const std::string& where) {
  if (options.resolver == nullptr || m->text.empty()) return;
  const Resolution r = options.resolver->Resolve(m->text, date, region);
  m->resolution = r.method;
  m->institution = r.id;
  m->name = r.name;
  m->candidates = r.candidates;
  if (r.method == "ambiguous") {
    std::string names;
    for (const std::string& c : r.candidates) names += (names.empty() ? "" : "、") + c;
    review->push_back({where, "机构名称“" + m->text + "”有多个可能的对应机构（" + names +
                                  "），请确认"});
  } else if (r.method == "ocr_corrected") {
    review->push_back({where, "机构名称“" + m->text + "”按已知名称校正为“" + r.corrected +
                                  "”，请核对"});
  }
}

// The key a subject is deduplicated by: the resolved institution, else the text.
std::string SubjectKey(const Mention& m) {
  return m.institution.empty() ? "text:" + m.text : "id:" + m.institution;
}

void AddSubject(const Mention& m, std::set<std::string>* seen, std::vector<Mention>* out) {
  if (m.text.empty()) return;
  if (seen->insert(SubjectKey(m)).second) out->push_back(m);
}

// Flags a field read from a page whose OCR confidence is low.
void FlagLowConfidence(const ExtractOptions& options, const char* field, const Field& f,
                       const char* label, std::vector<ReviewFlag>* review) {
  if (f.empty() || f.span.page == 0 || f.span.page > options.page_confidence.size()) return;
  const double conf = options.page_confidence[f.span.page - 1];
  if (conf < 0 || conf >= options.review_confidence) return;
  review->push_back({field, std::string(label) + "“" + f.as_written + "”取自识别置信度较低的第" +
                                std::to_string(f.span.page) + "页（" +
                                std::to_string(static_cast<int>(conf)) + "），请核对"});
}

// A 文号's prefix, corrected against the prefixes the archive is known to use.
void CorrectPrefix(const ExtractOptions& options, const char* field, Field* number,
                   std::vector<ReviewFlag>* review) {
  if (options.prefixes == nullptr || number->empty()) return;
  auto n = ParseDocNumber(number->value);
  if (!n) return;
  bool changed = false;
  const std::string fixed = options.prefixes->Correct(n->prefix, &changed);
  if (!changed) return;
  review->push_back({field, "文号“" + number->as_written + "”的机关代字按本档案常见代字校正为“" +
                                fixed + "”，请核对"});
  n->prefix = fixed;
  number->value = n->Normalised();
  number->confidence = std::min(number->confidence, 0.7);
}

}  // namespace

DocumentFacts Extract(const DocText& doc, const ExtractOptions& options) {
  DocumentFacts f;
  f.extractor = kExtractorVersion;
  f.script = doc.traditional() ? "traditional" : "simplified";

  HeadFacts head = ExtractHead(doc);
  f.kind = head.kind;
  f.title = head.title;
  f.doc_number = head.doc_number;
  f.date = head.date;
  f.issuer = head.issuer;
  f.regulation_title = head.regulation_title;
  f.regulation_start = head.regulation_start;
  f.review = std::move(head.review);
  // Who may read it: a 密级/内部 mark in the head, a 附注 or 公开属性 line at the end.
  f.access = ExtractAccess(doc, &f.review);

  CorrectPrefix(options, "doc_number", &f.doc_number, &f.review);

  const bool has_regulation = head.regulation_offset != std::string::npos;
  const bool is_regulation = f.kind.value == "三定规定";
  {
    // A regulation's sections; an approval file's resulting staffing (核增后…为N名).
    SectionFacts s = ExtractSections(doc, has_regulation ? head.regulation_offset : 0);
    f.duties = std::move(s.duties);
    f.adjustments = std::move(s.adjustments);
    f.units = std::move(s.units);
    f.staffing = std::move(s.staffing);
    f.review.insert(f.review.end(), s.review.begin(), s.review.end());
  }
  // Approval files enact events. A 三定 regulation describes a body; only its covering notice is
  // read for events.
  if (!is_regulation || has_regulation) {
    const size_t end = is_regulation ? head.regulation_offset : std::string::npos;
    EventFacts e = ExtractEvents(doc, f.date.value, 0, end);
    f.events = std::move(e.events);
    f.review.insert(f.review.end(), e.review.begin(), e.review.end());
  }

  // The decision the document (or its regulation) implements, and what it states of bodies'
  // standing.
  f.basis = ExtractBasis(doc, has_regulation ? head.regulation_offset : 0);
  CorrectPrefix(options, "basis", &f.basis, &f.review);
  f.profiles = ExtractProfiles(doc);

  // Names.
  const std::string region =
      NameResolver::RegionOf(!f.issuer.empty() ? f.issuer.value : f.title.value);
  // Names are read as of the document's date; when the date could not be read, as of the middle
  // of the year its 文号 gives (the year of issue).
  std::string date = f.date.value;
  if (date.empty()) {
    if (auto n = ParseDocNumber(f.doc_number.value)) date = std::to_string(n->year) + "-07-01";
  }
  for (Mention& m : head.title_subjects) Resolve(options, date, region, &m, &f.review, "subjects");
  for (size_t i = 0; i < f.events.size(); ++i) {
    const std::string where = "events[" + std::to_string(i) + "]";
    Event& e = f.events[i];
    const std::string& d = e.date.empty() ? date : e.date;
    for (Mention& m : e.from) Resolve(options, d, region, &m, &f.review, where);
    for (Mention& m : e.to) Resolve(options, d, region, &m, &f.review, where);
  }
  for (size_t i = 0; i < f.adjustments.size(); ++i) {
    Resolve(options, date, region, &f.adjustments[i].counterpart, &f.review,
            "adjustments[" + std::to_string(i) + "]");
  }

  for (size_t i = 0; i < f.profiles.size(); ++i) {
    const std::string where = "profiles[" + std::to_string(i) + "]";
    Resolve(options, date, region, &f.profiles[i].institution, &f.review, where);
    Resolve(options, date, region, &f.profiles[i].parent, &f.review, where);
  }

  // Subjects: what the title concerns, then every body an event names.
  std::set<std::string> seen;
  for (const Mention& m : head.title_subjects) AddSubject(m, &seen, &f.subjects);
  for (const Event& e : f.events) {
    for (const Mention& m : e.from) AddSubject(m, &seen, &f.subjects);
    for (const Mention& m : e.to) AddSubject(m, &seen, &f.subjects);
  }
  if (f.subjects.empty() && (is_regulation || f.kind.value == "批复")) {
    f.review.push_back({"subjects", "未能识别文件涉及的机构"});
  }
  if (options.resolver != nullptr) {
    for (const Mention& m : f.subjects) {
      if (m.resolution == "unknown") {
        f.review.push_back({"subjects", "机构名称“" + m.text + "”不在已知机构名录中"});
      }
    }
  }

  // Whatever the readers had to repair, and a title that swallowed a date or a 文号 (a damaged
  // 落款 run into the regulation's title), is for a person to check.
  auto flagged = [&](const std::string& field) {
    for (const ReviewFlag& r : f.review)
      if (r.field == field) return true;
    return false;
  };
  if (f.kind.empty() && !flagged("kind")) f.review.push_back({"kind", "未能确定文件类型"});
  const std::pair<const char*, const Field*> repaired[] = {
      {"title", &f.title}, {"doc_number", &f.doc_number}, {"date", &f.date}, {"issuer", &f.issuer}};
  static const std::map<std::string, std::string> kLabels = {
      {"title", "标题"}, {"doc_number", "文号"}, {"date", "成文日期"}, {"issuer", "发文机关"}};
  for (const auto& [field, value] : repaired) {
    if (value->empty() || value->confidence >= 0.9 || flagged(field)) continue;
    f.review.push_back({field, kLabels.at(field) + "“" + value->value + "”经纠错识别，请核对"});
  }
  if (!f.title.empty() && !flagged("title")) {
    size_t b = 0, e = 0;
    if (FindDate(f.title.value, &b, &e) || FindDocNumber(f.title.value, &b, &e)) {
      f.review.push_back({"title", "标题“" + f.title.value + "”中含有日期或文号，可能与相邻行混在一起，请核对"});
    }
  }
  FlagLowConfidence(options, "doc_number", f.doc_number, "文号", &f.review);
  FlagLowConfidence(options, "date", f.date, "成文日期", &f.review);
  FlagLowConfidence(options, "issuer", f.issuer, "发文机关", &f.review);
  FlagLowConfidence(options, "basis", f.basis, "依据文件文号", &f.review);
  return f;
}

}  // namespace sanding::extract
