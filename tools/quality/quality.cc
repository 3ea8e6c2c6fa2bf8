// Scoring of extracted facts against the corpus truth.
#include "tools/quality/quality.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/extractor.h"
#include "indexer/extract/fields.h"
#include "indexer/extract/run.h"
#include "indexer/history/store_io.h"

namespace sanding::quality {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("无法打开文件 " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Simplified, without white space (U+3000 included) and without final punctuation.
std::string Canon(std::string_view s) {
  std::string simp = extract::ToSimplified(s);
  std::string out;
  for (size_t i = 0; i < simp.size();) {
    if (simp[i] == ' ' || simp[i] == '\t' || simp[i] == '\n') {
      ++i;
    } else if (simp.compare(i, 3, "\u3000") == 0) {
      i += 3;
    } else {
      out.push_back(simp[i++]);
    }
  }
  for (const char* tail : {"。", "；", "，", ".", ";"}) {
    const size_t n = std::string_view(tail).size();
    while (out.size() >= n && out.compare(out.size() - n, n, tail) == 0) out.resize(out.size() - n);
  }
  return out;
}

bool TextMatches(const std::string& a, const std::string& b, bool fuzzy) {
  const std::string x = Canon(a), y = Canon(b);
  if (x == y) return true;
  if (!fuzzy) return false;
  const int d = extract::EditDistance(x, y);
  const size_t len = std::max(extract::EditDistance(x, ""), extract::EditDistance(y, ""));
  return len > 0 && d * 10 <= static_cast<int>(len);
}

std::set<std::string> Ids(const std::vector<extract::Mention>& ms) {
  std::set<std::string> out;
  for (const auto& m : ms) out.insert(m.institution.empty() ? "?" + m.text : m.institution);
  return out;
}

std::set<std::string> Ids(const nlohmann::json& arr) {
  std::set<std::string> out;
  for (const auto& v : arr) out.insert(v.get<std::string>());
  return out;
}

std::string Duty(const std::string& s) {
  std::string c = Canon(s);
  const std::string suffix = "职责";
  if (c.size() > suffix.size() && c.compare(c.size() - suffix.size(), suffix.size(), suffix) == 0) {
    c.resize(c.size() - suffix.size());
  }
  return c;
}

// Greedy one-to-one matching of predicted items to truth items.
template <typename P, typename T, typename Eq>
uint64_t Match(const std::vector<P>& predicted, const std::vector<T>& truth, Eq eq) {
  std::vector<bool> used(predicted.size(), false);
  uint64_t matched = 0;
  for (const T& t : truth) {
    for (size_t i = 0; i < predicted.size(); ++i) {
      if (!used[i] && eq(predicted[i], t)) {
        used[i] = true;
        ++matched;
        break;
      }
    }
  }
  return matched;
}

void CountField(Report* r, const extract::DocumentFacts& f, const std::string& field,
                const std::string& id, bool ok, const std::string& got, const std::string& want) {
  Counts& c = r->fields[field];
  ++c.total;
  if (ok) {
    ++c.correct;
    return;
  }
  bool flagged = false;
  for (const auto& flag : f.review) flagged = flagged || flag.field == field;
  if (!flagged) ++r->silent_misses;
  r->misses.push_back(id + " " + field + "：提取“" + got + "”，应为“" + want + "”" +
                      (flagged ? "（已标记待复核）" : "（未标记）"));
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& v : s) out += (out.empty() ? "" : ",") + v;
  return out;
}

}  // namespace

nlohmann::json Report::ToJson() const {
  nlohmann::json j;
  j["documents"] = documents;
  for (const auto& [name, c] : fields) {
    j["fields"][name] = {{"correct", c.correct}, {"total", c.total}, {"accuracy", c.Rate()}};
  }
  auto f1 = [](const F1& f) {
    return nlohmann::json{{"matched", f.matched}, {"predicted", f.predicted}, {"truth", f.truth},
                          {"precision", f.Precision()}, {"recall", f.Recall()}, {"f1", f.Score()}};
  };
  j["duties"] = f1(duties);
  j["units"] = f1(units);
  j["events"] = f1(events);
  j["staffing"] = f1(staffing);
  j["staffing_exact"] = {{"found", staffing_exact}, {"truth", staffing_truth}, {"rate", StaffingExact()}};
  j["review"] = {{"flags", review_flags}, {"documents", documents_flagged},
                 {"silent_field_misses", silent_misses}};
  return j;
}

void Score(const extract::DocumentFacts& f, const nlohmann::json& t, bool fuzzy, Report* r) {
  ++r->documents;
  const std::string id = t.value("id", "");
  CountField(r, f, "doc_number", id, f.doc_number.value == t.value("doc_number", ""), f.doc_number.value,
             t.value("doc_number", ""));
  CountField(r, f, "date", id, f.date.value == t.value("date", ""), f.date.value, t.value("date", ""));
  CountField(r, f, "kind", id, f.kind.value == t.value("kind", ""), f.kind.value, t.value("kind", ""));
  CountField(r, f, "issuer", id, Canon(f.issuer.value) == Canon(t.value("issuer", "")), f.issuer.value,
             t.value("issuer", ""));
  CountField(r, f, "title", id, Canon(f.title.value) == Canon(t.value("title", "")), f.title.value,
             t.value("title", ""));
  CountField(r, f, "access", id, f.access.value == t.value("access", ""), f.access.value,
             t.value("access", ""));
  const std::set<std::string> got = Ids(f.subjects), want = Ids(t.value("subjects", nlohmann::json::array()));
  CountField(r, f, "subjects", id, got == want, Join(got), Join(want));

  // Duty clauses (the catch-all clause is not a duty of the truth).
  std::vector<std::string> duties, truth_duties;
  for (const auto& d : f.duties)
    if (!d.boilerplate) duties.push_back(d.text);
  for (const auto& d : t.value("duties", nlohmann::json::array())) truth_duties.push_back(d.value("text", ""));
  r->duties.predicted += duties.size();
  r->duties.truth += truth_duties.size();
  r->duties.matched += Match(duties, truth_duties,
                             [&](const std::string& a, const std::string& b) { return TextMatches(a, b, fuzzy); });

  std::vector<std::string> units, truth_units;
  for (const auto& u : f.units) units.push_back(u.name);
  for (const auto& u : t.value("units", nlohmann::json::array())) truth_units.push_back(u.value("name", ""));
  r->units.predicted += units.size();
  r->units.truth += truth_units.size();
  r->units.matched += Match(units, truth_units,
                            [&](const std::string& a, const std::string& b) { return TextMatches(a, b, fuzzy); });

  const auto truth_staffing = t.value("staffing", nlohmann::json::array());
  std::vector<nlohmann::json> ts(truth_staffing.begin(), truth_staffing.end());
  const uint64_t staff_matched = Match(f.staffing, ts, [](const extract::StaffingItem& a, const nlohmann::json& b) {
    return a.type == b.value("type", "") && Canon(a.post) == Canon(b.value("post", "")) &&
           a.count == b.value("count", -1);
  });
  r->staffing.predicted += f.staffing.size();
  r->staffing.truth += ts.size();
  r->staffing.matched += staff_matched;
  r->staffing_truth += ts.size();
  r->staffing_exact += staff_matched;

  const auto truth_events = t.value("events", nlohmann::json::array());
  std::vector<nlohmann::json> te(truth_events.begin(), truth_events.end());
  r->events.predicted += f.events.size();
  r->events.truth += te.size();
  const uint64_t ev_matched = Match(f.events, te, [&](const extract::Event& a, const nlohmann::json& b) {
    if (a.type != b.value("type", "") || a.date != b.value("date", "")) return false;
    if (Ids(a.from) != Ids(b.value("from", nlohmann::json::array()))) return false;
    if (Ids(a.to) != Ids(b.value("to", nlohmann::json::array()))) return false;
    if (a.type == "duty_transferred") return TextMatches(Duty(a.duty), Duty(b.value("duty", "")), fuzzy);
    return true;
  });
  r->events.matched += ev_matched;
  if (ev_matched < te.size() || ev_matched < f.events.size()) {
    r->misses.push_back(id + " events：提取 " + std::to_string(f.events.size()) + " 项，应为 " +
                        std::to_string(te.size()) + " 项，吻合 " + std::to_string(ev_matched) + " 项");
  }
  r->review_flags += f.review.size();
  if (!f.review.empty()) ++r->documents_flagged;
}

Result<CorpusTruth> LoadTruth(const std::string& corpus_dir) {
  CorpusTruth t;
  t.dir = corpus_dir;
  auto docs = ReadFile(corpus_dir + "/truth/documents.json");
  if (!docs.ok()) return docs.status();
  auto inst = ReadFile(corpus_dir + "/truth/institutions.json");
  if (!inst.ok()) return inst.status();
  auto lineage = ReadFile(corpus_dir + "/truth/lineage.json");
  if (!lineage.ok()) return lineage.status();
  try {
    t.documents = nlohmann::json::parse(*docs);
    t.institutions = nlohmann::json::parse(*inst);
    t.lineage = nlohmann::json::parse(*lineage);
    auto authority = extract::Authority::FromInstitutionsJson(nlohmann::json::parse(*inst));
    if (!authority.ok()) return authority.status();
    t.authority = std::make_shared<const extract::Authority>(std::move(authority).value());
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument("语料真值文件 " + corpus_dir + "/truth 不是有效的 JSON：" + e.what());
  }
  return t;
}

Result<Report> ScoreCleanText(const CorpusTruth& truth, const RunOptions& options) {
  extract::NameResolver resolver(truth.authority);
  resolver.set_ocr_correction(options.correction);
  // The archive's 文号 prefixes, as ExtractStore learns them.
  extract::DocNumberPrefixes prefixes;
  std::vector<extract::DocText> texts;
  for (const auto& d : truth.documents) {
    auto text = ReadFile(truth.dir + "/" + d.value("file", ""));
    if (!text.ok()) return text.status();
    texts.push_back(extract::DocText::FromText(*text));
    extract::ExtractOptions eo;
    eo.resolver = &resolver;
    const auto facts = extract::Extract(texts.back(), eo);
    if (auto n = extract::ParseDocNumber(facts.doc_number.value)) prefixes.Add(n->prefix);
  }
  Report report;
  for (size_t i = 0; i < texts.size(); ++i) {
    extract::ExtractOptions eo;
    eo.resolver = &resolver;
    if (options.correction) eo.prefixes = &prefixes;
    Score(extract::Extract(texts[i], eo), truth.documents[i], /*fuzzy_text=*/false, &report);
  }
  return report;
}

Result<Report> ScoreStore(const CorpusTruth& truth, Store& store, const RunOptions& options,
                          uint64_t* unmatched, history::Chain* chain,
                          std::map<std::string, std::string>* source_ids) {
  // Work on an in-memory copy so the scored store is never written to.
  auto mem = Store::NewInMemory();
  std::vector<FileRecord> files;
  SANDING_RETURN_IF_ERROR(store.ForEachFile([&](const FileRecord& f) {
    if (f.state == FileState::kComplete) files.push_back(f);
    return true;
  }));
  for (const FileRecord& f : files) {
    auto original = store.GetOriginal(f.sha256);
    if (!original.ok()) return original.status();
    FileRecord pending = f;
    pending.state = FileState::kPending;
    SANDING_RETURN_IF_ERROR(mem->BeginFile(pending, *original));
    auto pages = store.GetPages(f.sha256);
    if (!pages.ok()) return pages.status();
    for (const PageRecord& p : *pages) SANDING_RETURN_IF_ERROR(mem->PutPage(p));
    SANDING_RETURN_IF_ERROR(mem->CompleteFile(f.sha256, f.title));
  }
  extract::ExtractRunOptions ro;
  ro.authority = truth.authority;
  ro.ocr_correction = options.correction;
  auto run = extract::ExtractStore(*mem, ro);
  if (!run.ok()) return run.status();

  // Truth documents by year and the canonical "<文号> <title>" their member names start with.
  Report report;
  *unmatched = 0;
  for (const FileRecord& f : files) {
    std::string owner;
    auto facts = extract::LoadFacts(*mem, f.sha256, &owner);
    if (!facts.ok()) return facts.status();
    if (owner != f.sha256) continue;  // a later page of a grouped document
    const SourceRef& src = f.sources.front();
    const std::string member = src.member.empty() ? fs::path(src.path).filename().string() : src.member;
    std::string base = extract::SplitPageName(member).base;
    if (extract::SplitPageName(member).page == 0) base = fs::path(member).replace_extension().string();
    const size_t slash = base.find('/');
    const std::string year = slash == std::string::npos ? "" : base.substr(0, std::min<size_t>(4, slash));
    const std::string stem = Canon(slash == std::string::npos ? base : base.substr(slash + 1));
    const nlohmann::json* match = nullptr;
    for (const auto& d : truth.documents) {
      if (!year.empty() && d.value("date", "").compare(0, 4, year) != 0) continue;
      const std::string full = Canon(d.value("doc_number_as_written", "") + d.value("title", ""));
      if (!stem.empty() && full.compare(0, stem.size(), stem) == 0) {
        match = &d;
        break;
      }
    }
    if (match == nullptr) {
      ++*unmatched;
      continue;
    }
    if (source_ids != nullptr) (*source_ids)[f.sha256] = match->value("id", "");
    Score(*facts, *match, /*fuzzy_text=*/true, &report);
  }
  if (chain != nullptr) {
    auto docs = history::LoadSourceDocuments(*mem);
    if (!docs.ok()) return docs.status();
    *chain = history::BuildChain(*docs, {});
  }
  return report;
}

}  // namespace sanding::quality
