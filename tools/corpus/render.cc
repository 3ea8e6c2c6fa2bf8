#include "tools/corpus/render.h"

#include <opencc/opencc.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>

namespace sanding::corpus {
namespace {

namespace fs = std::filesystem;

const std::string kIndent = "\u3000\u3000";

// splitmix64: small, fast and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
  std::string Pick(std::initializer_list<const char*> options) {
    return *(options.begin() + Below(static_cast<int>(options.size())));
  }

 private:
  uint64_t s_;
};

uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string Fill(std::string pattern,
                 std::initializer_list<std::pair<const char*, std::string>> vars) {
  for (const auto& [k, v] : vars) {
    const std::string key = std::string("{") + k + "}";
    size_t pos = 0;
    while ((pos = pattern.find(key, pos)) != std::string::npos) {
      pattern.replace(pos, key.size(), v);
      pos += v.size();
    }
  }
  return pattern;
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep,
                 const std::string& last_sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += (i + 1 == parts.size()) ? last_sep : sep;
    out += parts[i];
  }
  return out;
}

int RankOrder(const std::string& rank) {
  static const char* kRanks[] = {"正科级", "副处级", "正处级", "副厅级",
                                 "正厅级", "副部级", "正部级"};
  for (int i = 0; i < 7; ++i) {
    if (rank == kRanks[i]) return i;
  }
  return -1;
}

std::string LeadersText(const Staffing& s) {
  std::vector<std::string> parts;
  for (const auto& l : s.leaders) parts.push_back(l.post + std::to_string(l.count) + "名");
  return Join(parts, "、", "、");
}

Json StaffingTruth(const std::string& inst, const Staffing& s, bool with_leaders) {
  Json out = Json::array();
  if (s.admin >= 0)
    out.push_back(Json{{"institution", inst}, {"type", "行政编制"}, {"count", s.admin}});
  if (s.career >= 0)
    out.push_back(Json{{"institution", inst}, {"type", "事业编制"}, {"count", s.career}});
  if (with_leaders) {
    for (const auto& l : s.leaders) {
      out.push_back(
          Json{{"institution", inst}, {"type", "领导职数"}, {"post", l.post}, {"count", l.count}});
    }
  }
  return out;
}

class Converter {
 public:
  Converter() {
    od_ = opencc_open("s2t.json");
    if (od_ == reinterpret_cast<opencc_t>(-1)) od_ = opencc_open("/usr/share/opencc/s2t.json");
  }
  ~Converter() {
    if (ok()) opencc_close(od_);
  }
  bool ok() const { return od_ != reinterpret_cast<opencc_t>(-1); }
  std::string operator()(const std::string& s) const {
    char* out = opencc_convert_utf8(od_, s.data(), s.size());
    if (out == nullptr) return s;
    std::string r(out);
    opencc_convert_utf8_free(out);
    return r;
  }

 private:
  opencc_t od_;
};

// Applies `conv` to every string in the document truth that is "as written".
void ConvertTruth(Json& t, const Converter& conv) {
  for (const char* f : {"title", "doc_number_as_written", "date_as_written", "issuer"}) {
    t[f] = conv(t[f].get<std::string>());
  }
  for (auto& d : t["duties"]) d["text"] = conv(d["text"].get<std::string>());
  for (auto& u : t["units"]) {
    u["name"] = conv(u["name"].get<std::string>());
    for (auto& d : u["duties"]) d = conv(d.get<std::string>());
  }
  for (auto& s : t["staffing"]) {
    if (s.contains("post")) s["post"] = conv(s["post"].get<std::string>());
  }
  for (auto& e : t["events"]) {
    if (e.contains("duty")) e["duty"] = conv(e["duty"].get<std::string>());
  }
}

enum class DocType { kApproval, kSanding, kSeal };

struct Planned {
  DocType type;
  const DocSpec* spec = nullptr;      // approvals
  const Institution* inst = nullptr;  // 三定 and seal notices
  const Version* version = nullptr;
  const Version* old_version = nullptr;  // seal notices after a rename
  const DocSpec* cause = nullptr;        // the approval a seal notice follows
  std::string date;
  std::string issuer;
  std::string key;  // stable identity, seeds the generator
  std::string id;
  std::string number_as_written;
  std::string number;
  Rng rng{0};
};

class Renderer {
 public:
  Renderer(const Spec& spec, const RenderOptions& opt) : spec_(spec), opt_(opt) {}

  Result<Archive> Run() {
    SANDING_RETURN_IF_ERROR(Plan());
    Archive archive;
    Converter conv;
    for (auto& p : planned_) {
      RenderedDoc doc;
      switch (p.type) {
        case DocType::kApproval:
          doc = RenderApproval(p);
          break;
        case DocType::kSanding:
          doc = RenderSanding(p);
          break;
        case DocType::kSeal:
          doc = RenderSeal(p);
          break;
      }
      if (doc.truth["script"] == "traditional") {
        if (!conv.ok())
          return Status::Internal("无法加载 OpenCC 简繁转换配置 s2t.json，不能生成繁体文件 " +
                                  doc.id);
        doc.text = conv(doc.text);
        ConvertTruth(doc.truth, conv);
      }
      archive.docs.push_back(std::move(doc));
    }
    archive.lineage = lineage_;
    archive.institutions = InstitutionsTruth();
    if (opt_.extras) {
      archive.overlap_pairs = OverlapPairs();
      archive.queries = Queries(archive);
      archive.traps = Traps(archive);
    }
    return archive;
  }

 private:
  const Institution& Inst(const std::string& id) const { return *spec_.Find(id); }
  std::string NameAt(const std::string& id, const std::string& date) const {
    const Version* v = Inst(id).At(date);
    return v ? v->name : Inst(id).versions.back().name;
  }
  std::string NameBefore(const std::string& id, const std::string& date) const {
    const Version* v = Inst(id).Before(date);
    return v ? v->name : NameAt(id, date);
  }
  std::string IssuerName(const std::string& issuer, const std::string& date) const {
    return spec_.issuers.at(issuer).NameOn(date);
  }

  Status Plan() {
    for (const auto& d : spec_.documents) {
      Planned p;
      p.type = DocType::kApproval;
      p.spec = &d;
      p.date = d.date;
      p.issuer = d.issuer;
      p.key = "A|" + d.date + "|" + d.issuer + "|" + d.kind + "|" +
              std::to_string(&d - spec_.documents.data());
      planned_.push_back(std::move(p));
      // Seal notices for the bodies that got a new name.
      for (const auto& e : d.events) {
        if (d.national || e.type == "staffing_changed" || e.type == "rank_changed" ||
            e.type == "placed_under" || e.type == "abolished" || e.type == "duty_transferred") {
          continue;
        }
        for (const auto& id : e.to) {
          const Institution& inst = Inst(id);
          const Version* v = inst.At(d.date);
          if (inst.level != "city" || v == nullptr || v->from != d.date) continue;
          const Version* old = inst.Before(d.date);
          if (old != nullptr && old->name == v->name) continue;
          if (seal_done_.contains(id + d.date)) continue;
          seal_done_.insert(id + d.date);
          Planned s;
          s.type = DocType::kSeal;
          s.inst = &inst;
          s.version = v;
          s.old_version = old;
          s.cause = &d;
          s.key = "S|" + id + "|" + d.date;
          Rng r(opt_.seed ^ Fnv1a(s.key));
          s.date = AddDays(d.date, 12 + r.Below(40));
          if (!v->to.empty() && s.date >= v->to) s.date = AddDays(d.date, 1);
          s.issuer = spec_.seal_issuer;
          planned_.push_back(std::move(s));
        }
      }
    }
    for (const auto& inst : spec_.institutions) {
      for (const auto& v : inst.versions) {
        if (v.sanding.empty()) continue;
        if (!ValidDate(v.sanding) || v.sanding < v.from || (!v.to.empty() && v.sanding >= v.to)) {
          return Status::InvalidArgument("语料规格 institutions.json：" + inst.id + " 自 " +
                                         v.from + " 的版本的三定日期 " + v.sanding +
                                         " 不在该版本有效期内");
        }
        Planned p;
        p.type = DocType::kSanding;
        p.inst = &inst;
        p.version = &v;
        p.date = v.sanding;
        p.key = "D|" + inst.id + "|" + v.from;
        if (inst.level == "county") {
          p.issuer = spec_.county_sanding_issuer;
        } else {
          for (const auto& [from, issuer] : spec_.sanding_issuers) {
            if (from <= p.date) p.issuer = issuer;
          }
        }
        planned_.push_back(std::move(p));
      }
    }
    std::stable_sort(planned_.begin(), planned_.end(), [](const Planned& a, const Planned& b) {
      if (a.date != b.date) return a.date < b.date;
      return a.key < b.key;
    });
    // Ids and 文号, in date order.
    std::map<std::string, int> per_day;
    std::map<std::string, int> serials;  // prefix|year -> last serial
    for (auto& p : planned_) {
      p.rng = Rng(opt_.seed ^ Fnv1a(p.key));
      std::string day = p.date.substr(0, 4) + p.date.substr(5, 2) + p.date.substr(8, 2);
      p.id = opt_.id_prefix + "d" + day + "-" + std::to_string(++per_day[day]);
      std::string prefix = spec_.issuers.at(p.issuer).prefix;
      if (prefix.empty()) continue;  // decisions of a congress carry no 文号
      prefix = Fill(prefix, {{"c", spec_.abbr}});
      const std::string year = p.date.substr(0, 4);
      int& last = serials[prefix + "|" + year];
      int serial = (p.spec && p.spec->serial > 0) ? p.spec->serial : 0;
      if (serial == 0) {
        serial = last == 0 ? 1 + p.rng.Below(12) : last + 1 + p.rng.Below(6);
        last = serial;
      } else {
        last = std::max(last, serial);
      }
      std::string bracket = p.spec ? p.spec->bracket : "";
      if (bracket.empty()) {
        const int r = p.rng.Below(100);
        const bool old = p.date < "2000";
        bracket = r < (old ? 78 : 92)   ? "〔〕"
                  : r < (old ? 88 : 96) ? "[]"
                  : r < (old ? 94 : 99) ? "()"
                                        : "【】";
      }
      const size_t half = bracket.size() / 2;
      std::string serial_text = std::to_string(serial);
      if (p.date < "2000" && serial < 100 && p.rng.Chance(6))
        serial_text = (serial < 10 ? "00" : "0") + serial_text;
      p.number_as_written =
          prefix + bracket.substr(0, half) + year + bracket.substr(half) + serial_text + "号";
      p.number = NormalizeDocNumber(p.number_as_written);
      if (p.spec) spec_numbers_[p.spec] = p.number;
    }
    return Status::Ok();
  }

  std::string DateAsWritten(Planned& p) {
    const std::string style = p.spec ? p.spec->date_style : "";
    if (style == "arabic") return ArabicDate(p.date);
    if (style == "cn" || p.date < "2012-07-01") {
      const int r = p.rng.Below(100);
      return ChineseDate(p.date, r < 84 ? "〇" : r < 94 ? "零" : (p.date < "1996" ? "O" : "〇"));
    }
    return ArabicDate(p.date);
  }

  // The description of a body's status ("市政府工作部门" …).
  std::string Describe(const Institution& inst, const Version& v) const {
    const bool county = inst.level == "county";
    const std::string gov = county ? "县政府" : "市政府";
    const std::string party = county ? "县委" : "市委";
    const std::string parent = v.parent.empty() ? "" : NameAt(v.parent, v.from);
    if (v.kind == "党委工作机关")
      return parent.empty() ? party + "工作机关" : party + "工作机关，由" + parent + "归口管理";
    if (v.kind == "事业单位")
      return parent.empty() ? gov + "直属事业单位" : "由" + parent + "管理的事业单位";
    if (v.kind == "议事协调机构") return gov + "议事协调机构";
    if (inst.level == "national") return "国务院组成部门";
    return parent.empty() ? gov + "工作部门" : "由" + parent + "管理的行政机构";
  }

  std::string Greeting(Planned& p, bool county) {
    if (p.spec && p.spec->national) return "";
    if (county)
      return p.rng.Pick({"各乡镇人民政府，县政府各部门：", "各乡（镇）人民政府，县直各单位："});
    return p.rng.Pick({"各县人民政府，市政府各部门：", "各县（区）人民政府，市直各单位：",
                       "各县人民政府，市政府各部门、各直属机构："});
  }

  // Sentences enacting one event. Adds what the event states to `truth`.
  std::vector<std::string> EventSentences(Planned& p, const EventSpec& e, Json& truth) {
    const std::string& date = p.date;
    std::vector<std::string> out;
    auto rank_part = [](const Version& v) {
      return v.rank.empty() ? std::string() : "，" + v.rank;
    };
    if (e.type == "established") {
      if (e.to.size() > 4) {
        std::string list =
            p.rng.Pick({"设置以下工作部门和机构：", "设立下列机构：", "机构设置明确如下："});
        int n = 0;
        for (const auto& id : e.to) {
          const Version& v = *Inst(id).At(date);
          list += "\n" + kIndent + std::to_string(++n) + "．" + v.name +
                  (v.rank.empty() ? "" : "（" + v.rank + "）");
        }
        out.push_back(list);
      }
      for (const auto& id : e.to) {
        if (e.to.size() > 4) break;
        const Institution& inst = Inst(id);
        const Version& v = *inst.At(date);
        const std::string desc = Describe(inst, v);
        out.push_back(Fill(
            p.rng.Pick({"同意设立{n}，为{d}{r}。", "组建{n}，作为{d}{r}。", "成立{n}{r}，为{d}。"}),
            {{"n", v.name}, {"d", desc}, {"r", rank_part(v)}}));
      }
    } else if (e.type == "renamed") {
      for (const auto& id : e.from) {
        out.push_back(Fill(p.rng.Pick({"{o}更名为{n}。", "同意将{o}更名为{n}。",
                                       "将{o}名称变更为{n}。", "{o}改称{n}，原有职责不变。"}),
                           {{"o", NameBefore(id, date)}, {"n", NameAt(id, date)}}));
      }
    } else if (e.type == "rank_changed") {
      for (const auto& id : e.from) {
        const Version* a = Inst(id).Before(date);
        const Version* b = Inst(id).At(date);
        const bool up = RankOrder(b->rank) > RankOrder(a->rank);
        std::string s = Fill(p.rng.Pick({"{n}的机构规格由{a}调整为{b}。",
                                         "同意将{n}的机构规格调整为{b}（原为{a}）。"}),
                             {{"n", b->name}, {"a", a->rank}, {"b", b->rank}});
        if (up && p.rng.Chance(40))
          s = Fill("{n}升格为{b}，原{a}规格相应调整。",
                   {{"n", b->name}, {"a", a->rank}, {"b", b->rank}});
        out.push_back(s);
      }
    } else if (e.type == "placed_under") {
      for (const auto& id : e.from) {
        const std::string n = NameAt(id, date);
        const std::string parent = NameAt(e.to[0], date);
        if (Inst(id).At(date)->kind == "议事协调机构") {
          out.push_back(Fill(
              p.rng.Pick({"{n}办公室设在{p}，承担指挥部日常工作。", "{n}的日常工作改由{p}承担。"}),
              {{"n", n}, {"p", parent}}));
        } else {
          out.push_back(
              Fill(p.rng.Pick({"{n}改由{p}管理。", "{n}划归{p}管理。", "{n}由{p}归口管理。"}),
                   {{"n", n}, {"p", parent}}));
        }
      }
    } else if (e.type == "abolished") {
      for (const auto& id : e.from) {
        out.push_back(Fill(
            p.rng.Pick({"撤销{n}。", "不再保留{n}。", "{n}予以撤销，其人员由市人事部门统筹安置。"}),
            {{"n", NameBefore(id, date)}}));
      }
    } else if (e.type == "merged") {
      std::vector<std::string> from;
      for (const auto& id : e.from) from.push_back(NameBefore(id, date));
      const Institution& to = Inst(e.to[0]);
      const Version& tv = *to.At(date);
      const bool fresh =
          tv.from == date && to.Before(date) == nullptr && !introduced_.contains(e.to[0]);
      const std::string f = Join(from, "、", "和");
      if (fresh) {
        out.push_back(
            Fill(p.rng.Pick({"将{f}的职责整合，组建{t}，作为{d}{r}。",
                             "整合{f}的职责，组建{t}，为{d}{r}。"}),
                 {{"f", f}, {"t", tv.name}, {"d", Describe(to, tv)}, {"r", rank_part(tv)}}));
        out.push_back(
            Fill(p.rng.Pick({"不再保留{f}。", "{f}不再保留。"}), {{"f", Join(from, "、", "、")}}));
      } else {
        out.push_back(Fill(p.rng.Pick({"将{f}并入{t}，不再单独设置。", "{f}整体并入{t}。",
                                       "撤销{f}，其职责和人员并入{t}。"}),
                           {{"f", f}, {"t", tv.name}}));
      }
    } else if (e.type == "split") {
      std::vector<std::string> to;
      for (const auto& id : e.to) to.push_back(NameAt(id, date));
      out.push_back(
          Fill(p.rng.Pick({"将{f}分设为{t}。", "撤销{f}，分别组建{t}。", "{f}分设，组建{t}。"}),
               {{"f", NameBefore(e.from[0], date)}, {"t", Join(to, "、", "和")}}));
    } else if (e.type == "duty_transferred") {
      out.push_back(Fill(
          p.rng.Pick({"将{f}的{l}职责划入{t}。", "{f}承担的{l}职责划转至{t}。",
                      "将{l}职责由{f}划给{t}。"}),
          {{"f", NameBefore(e.from[0], date)}, {"t", NameAt(e.to[0], date)}, {"l", e.duty_label}}));
      if (!e.duty_key.empty()) doc_duty_keys_[p.id].insert(e.duty_key);
    } else if (e.type == "staffing_changed") {
      for (const auto& id : e.from) {
        const Version* a = Inst(id).Before(date);
        const Version* b = Inst(id).At(date);
        const std::string n = b->name;
        Staffing stated = b->staffing;
        if (b->staffing.admin != a->staffing.admin) {
          const int delta = b->staffing.admin - a->staffing.admin;
          const std::string verb = delta > 0 ? "核增" : "核减";
          const std::string d = std::to_string(delta > 0 ? delta : -delta);
          if (p.spec->stated_before >= 0) {
            stated.admin = p.spec->stated_before + delta;
            out.push_back(
                Fill("你单位现有行政编制{s}名。根据工作需要，同意{v}{n}行政编制{d}"
                     "名，调整后行政编制为{t}名。",
                     {{"s", std::to_string(p.spec->stated_before)},
                      {"v", verb},
                      {"n", n},
                      {"d", d},
                      {"t", std::to_string(stated.admin)}}));
          } else {
            out.push_back(
                Fill(p.rng.Pick({"同意{v}{n}行政编制{d}名，调整后行政编制为{t}名。",
                                 "{v}{n}行政编制{d}名。{v}后，{n}行政编制为{t}名。",
                                 "根据工作需要，为{n}{v}行政编制{d}名，调整后共有行政编制{t}名。"}),
                     {{"v", verb}, {"n", n}, {"d", d}, {"t", std::to_string(b->staffing.admin)}}));
          }
        }
        if (b->staffing.career != a->staffing.career && b->staffing.career >= 0) {
          out.push_back(Fill("{n}事业编制调整为{t}名。",
                             {{"n", n}, {"t", std::to_string(b->staffing.career)}}));
        }
        const bool leaders_changed =
            !(Staffing{-1, -1, a->staffing.leaders} == Staffing{-1, -1, b->staffing.leaders});
        if (leaders_changed) {
          out.push_back(Fill("领导职数相应调整为{l}。", {{"l", LeadersText(b->staffing)}}));
        }
        Staffing shown{stated.admin != a->staffing.admin ? stated.admin : -1,
                       b->staffing.career != a->staffing.career ? b->staffing.career : -1,
                       b->staffing.leaders};
        for (auto& s : StaffingTruth(id, shown, leaders_changed)) truth["staffing"].push_back(s);
      }
    }
    for (const auto& id : e.to) introduced_.insert(id);
    if (p.spec->kind != "批复") {
      // "同意…" is the voice of an approval; plans and notices state the decision.
      for (auto& s : out) {
        if (s.starts_with("同意")) s.erase(0, std::string("同意").size());
      }
    }
    Json ev{{"type", e.type}, {"date", date}, {"from", e.from}, {"to", e.to}};
    if (!e.duty_label.empty()) ev["duty"] = e.duty_label;
    truth["events"].push_back(ev);
    Json lin = ev;
    lin["source"] = p.id;
    lineage_.push_back(lin);
    for (const auto* list : {&e.from, &e.to}) {
      for (const auto& id : *list) AddSubject(truth, id);
    }
    return out;
  }

  static void AddSubject(Json& truth, const std::string& id) {
    for (const auto& s : truth["subjects"]) {
      if (s == id) return;
    }
    truth["subjects"].push_back(id);
  }

  Json NewTruth(const Planned& p, const std::string& kind, const std::string& title,
                const std::string& date_written, const std::string& issuer, bool is_public,
                const std::string& script, const std::string& access) {
    return Json{{"id", p.id},
                {"file", "docs/" + p.id + ".txt"},
                {"kind", kind},
                {"title", title},
                {"doc_number", p.number},
                {"doc_number_as_written", p.number_as_written},
                {"date", p.date},
                {"date_as_written", date_written},
                {"issuer", issuer},
                {"subjects", Json::array()},
                {"duties", Json::array()},
                {"units", Json::array()},
                {"staffing", Json::array()},
                {"events", Json::array()},
                {"script", script},
                {"period", PeriodOf(p.date)},
                {"public", is_public},
                {"access", access}};
  }

  // The 红头 and 文号 lines; above them, at the top left, an internal document's 密级/内部 mark.
  std::string Head(const Planned& p, const std::string& access_mark = "") const {
    std::string head;
    if (!access_mark.empty() && !IsTailAccessMark(access_mark)) head += access_mark + "\n\n";
    const std::string& red = spec_.issuers.at(p.issuer).redhead;
    if (!red.empty()) head += red + "\n\n";
    if (!p.number_as_written.empty()) head += p.number_as_written + "\n\n";
    return head;
  }

  static std::string Numbered(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i)
      out += kIndent + ChineseNumber(static_cast<int>(i) + 1) + "、" + items[i] + "\n";
    return out;
  }

  std::string ApprovalTitlePhrase(Planned& p, const EventSpec& e) {
    const std::string& date = p.date;
    if (e.type == "established") {
      if (e.to.size() > 2) return "机构设置";
      return (p.spec->kind == "批复" ? "同意设立" : "设立") + NameAt(e.to[0], date);
    }
    if (e.type == "renamed") return NameBefore(e.from[0], date) + "更名";
    if (e.type == "rank_changed") return "调整" + NameAt(e.from[0], date) + "机构规格";
    if (e.type == "placed_under") return "调整" + NameAt(e.from[0], date) + "管理体制";
    if (e.type == "abolished") return "撤销" + NameBefore(e.from[0], date);
    if (e.type == "merged") return "组建" + NameAt(e.to[0], date);
    if (e.type == "split") return NameBefore(e.from[0], date) + "分设";
    if (e.type == "duty_transferred") return "划转" + NameBefore(e.from[0], date) + "有关职责";
    const Version* a = Inst(e.from[0]).Before(date);
    const Version* b = Inst(e.from[0]).At(date);
    const std::string verb = b->staffing.admin > a->staffing.admin   ? "核增"
                             : b->staffing.admin < a->staffing.admin ? "核减"
                                                                     : "调整";
    return p.rng.Pick({"", "同意"}) + verb + b->name + "行政编制";
  }

  RenderedDoc RenderApproval(Planned& p) {
    const DocSpec& d = *p.spec;
    const bool county = d.issuer.starts_with("lc_");
    const std::string issuer = IssuerName(d.issuer, d.date);
    std::string title;
    if (d.national) {
      title = d.title;
    } else if (!d.title.empty()) {
      title = issuer + d.title;
    } else {
      std::string phrase = ApprovalTitlePhrase(p, d.events[0]);
      if (d.events.size() > 1) phrase += "等有关事项";
      title = issuer + "关于" + phrase + "的" + d.kind;
    }
    const std::string date_written = d.national ? ArabicDate(d.date) : DateAsWritten(p);
    const bool is_public = d.is_public.value_or(false);
    // What the printed text says of access: national decisions print no 附注.
    const std::string access = !d.access.empty() ? d.access : (is_public && !d.national ? "公开" : "");
    RenderedDoc doc{p.id, "",
                    NewTruth(p, d.kind, title, date_written, issuer, is_public, d.script, access)};
    Json& truth = doc.truth;

    introduced_.clear();
    std::vector<std::vector<std::string>> groups;
    for (const auto& e : d.events) groups.push_back(EventSentences(p, e, truth));

    std::string text = Head(p, d.access_mark) + title + "\n\n";
    if (d.national) {
      text += "（" + date_written + issuer + "通过）\n\n";
      text += kIndent + issuer +
              p.rng.Pick(
                  {"审议了国务院提出的机构改革方案，决定批准这个方案。方案涉及的主要机构调整如下：",
                   "听取并审议了国务院机构改革方案，会议决定批准该方案，其中涉及以下机构和职责调整"
                   "："}) +
              "\n";
      std::vector<std::string> items;
      for (const auto& g : groups) items.push_back(Join(g, "", ""));
      text += Numbered(items);
      text += std::string(kIndent) +
              "会议要求，国务院各部门要按照批准的方案抓紧做好机构和职责调整工作。\n";
    } else if (d.kind == "批复") {
      const std::string& subject =
          truth["subjects"].empty() ? issuer
                                    : NameBefore(truth["subjects"][0].get<std::string>(), d.date);
      text += subject + "：\n";
      text += kIndent +
              p.rng.Pick({"你单位的请示收悉。经研究，现批复如下：",
                          "你单位关于机构编制事项的请示收悉。经研究，批复如下：",
                          "报来的请示收悉。经研究，同意你单位意见，现批复如下："}) +
              "\n";
      std::vector<std::string> items;
      for (const auto& g : groups) {
        for (const auto& s : g) items.push_back(s);
      }
      if (items.size() == 1) {
        text += kIndent + items[0] + "\n";
      } else {
        text += Numbered(items);
      }
      text += kIndent + p.rng.Pick({"此复。", "特此批复。"}) + "\n";
    } else {
      text += Greeting(p, county) + "\n";
      if (d.kind == "意见") {
        text += kIndent +
                Fill(p.rng.Pick({"为深化{a}机构改革，转变政府职能，根据{p}的部署，结合我{u}"
                                 "实际，现就机构改革提出如下实施意见。",
                                 "按照{p}关于地方机构改革的要求，经研究，现就{a}"
                                 "机构改革有关事项提出以下实施意见。"}),
                     {{"a", county ? "县级" : "市级"},
                      {"p", spec_.province + "委、" + spec_.province + "人民政府"},
                      {"u", county ? "县" : "市"}}) +
                "\n";
        text += kIndent + "一、指导思想和基本原则\n";
        text +=
            kIndent +
            p.rng.Pick(
                {"坚持精简、统一、效能的原则，理顺职责关系，优化机构设置，严格控制机构编制总量。",
                 "按照转变职能、理顺关系、优化结构、提高效能的要求，推进机构职能优化协同高效。"}) +
            "\n";
        text += kIndent + "二、机构设置和职责调整\n";
        int n = 0;
        for (const auto& g : groups) {
          text += kIndent + std::string("（") + ChineseNumber(++n) + "）" + Join(g, "", "") + "\n";
        }
        text += kIndent + "三、人员编制\n";
        text += kIndent +
                p.rng.Pick({"机构改革后，各部门的人员编制由机构编制部门按照有关规定另行核定。",
                            "改革涉及部门的行政编制和领导职数，在各部门“三定”规定中予以明确。"}) +
                "\n";
        text += kIndent + "四、组织实施\n";
        text +=
            kIndent +
            p.rng.Pick({"各部门要加强领导，严明纪律，确保改革期间工作正常运转。",
                        "各有关部门要统一思想，精心组织，按时完成机构、职责和人员的调整工作。"}) +
            "\n";
      } else {
        text +=
            kIndent +
            (d.kind == "决定" ? p.rng.Pick({"经研究，决定如下：", "为理顺管理体制，经研究决定："})
                              : p.rng.Pick({"经研究，现将有关事项通知如下：",
                                            "经市委、市政府研究同意，现就有关事项通知如下："})) +
            "\n";
        std::vector<std::string> items;
        for (const auto& g : groups) items.push_back(Join(g, "", ""));
        text += Numbered(items);
        text += kIndent +
                (d.kind == "决定" ? std::string("本决定自印发之日起施行。")
                                  : std::string("特此通知。")) +
                "\n";
      }
    }
    if (!d.national) {
      text += "\n" + issuer + "\n" + date_written + "\n";
      if (is_public) text += "（此件公开发布）\n";
      if (IsTailAccessMark(d.access_mark)) text += d.access_mark + "\n";
      text += "\n" + Copies(p, county) + "\n";
    }
    doc.text = std::move(text);
    return doc;
  }

  std::string Copies(Planned& p, bool county) {
    const Institution* bb = spec_.Find(county ? opt_id("lc-bb") : opt_id("qh-bb"));
    std::string abbr = "编办";
    if (bb) {
      const Version* v = bb->At(p.date);
      if (v && !v->abbr.empty()) abbr = v->abbr[0];
    }
    return county ? "抄送：县委办公室，县人大常委会办公室，" + abbr + "。"
                  : "抄送：" + spec_.province +
                        "机构编制委员会办公室，市委办公室，市人大常委会办公室，" + abbr + "。";
  }

  // Ids in a derived city carry a prefix; find the one that ends with `base`.
  std::string opt_id(const std::string& base) const {
    for (const auto& i : spec_.institutions) {
      if (i.id.size() >= base.size() &&
          i.id.compare(i.id.size() - base.size(), base.size(), base) == 0)
        return i.id;
    }
    return base;
  }

  RenderedDoc RenderSeal(Planned& p) {
    const std::string issuer = IssuerName(p.issuer, p.date);
    const std::string& name = p.version->name;
    std::string title = issuer + "关于启用" + name + "印章的通知";
    const std::string date_written = DateAsWritten(p);
    RenderedDoc doc{p.id, "",
                    NewTruth(p, "通知", title, date_written, issuer, false, "simplified", "")};
    AddSubject(doc.truth, p.inst->id);
    const std::string cause =
        spec_numbers_.contains(p.cause) ? "（" + spec_numbers_.at(p.cause) + "）" : "";
    std::string text = Head(p) + title + "\n\n" + Greeting(p, false) + "\n";
    text += kIndent +
            Fill(p.rng.Pick({"根据市机构编制部门有关文件{c}精神，{n}"
                             "印章已刻制完成，经市人民政府同意，自即日起启用。",
                             "按照有关文件{c}要求，经市人民政府批准，{n}印章自即日起正式启用。"}),
                 {{"c", cause}, {"n", name}});
    if (p.old_version != nullptr && p.old_version->name != name) {
      text += "原“" + p.old_version->name + "”印章同时废止。";
    }
    text += "\n" + std::string(kIndent) + "特此通知。\n\n" + std::string(kIndent) +
            "附件：印章印模\n\n" + issuer + "\n" + date_written + "\n";
    doc.text = std::move(text);
    return doc;
  }

  RenderedDoc RenderSanding(Planned& p) {
    const Institution& inst = *p.inst;
    const Version& v = *p.version;
    const bool county = inst.level == "county";
    const std::string issuer = IssuerName(p.issuer, p.date);
    std::string sd_title;
    std::string noun = "规定";
    if (p.date < "2008") {
      noun = "方案";
      sd_title = (p.date < "1996" && p.rng.Chance(50))
                     ? v.name + "“三定”方案"
                     : v.name + "职能配置、内设机构和人员编制方案";
    } else if (p.date < "2018") {
      sd_title = v.name + "主要职责内设机构和人员编制规定";
    } else {
      sd_title = v.name + "职能配置、内设机构和人员编制规定";
    }
    std::string title = issuer + "关于印发《" + sd_title + "》的通知";
    const std::string date_written = DateAsWritten(p);
    const bool internal = v.sanding_access == "内部";
    const bool is_public = p.date >= "2008" && !internal;
    RenderedDoc doc{p.id, "",
                    NewTruth(p, "三定规定", title, date_written, issuer, is_public, "simplified",
                             internal ? "内部" : is_public ? "公开" : "")};
    Json& truth = doc.truth;
    AddSubject(truth, inst.id);

    const std::string abbr = v.abbr.empty() ? v.name : v.abbr[0];
    const std::string u = county ? "县" : "市";
    // The committee was 编制委员会 until it became 机构编制委员会 in 1991.
    const std::string committee =
        (!county && p.date < "1991-03-05") ? "编制委员会" : "机构编制委员会";
    std::string text = Head(p, v.sanding_access_mark) + title + "\n\n" + Greeting(p, county) + "\n";
    text += kIndent +
            Fill(p.rng.Pick({"《{t}》已经{u}{k}审定，并报{u}委、{u}政府同意，现予印发。",
                             "经{u}委、{u}政府同意，现将《{t}》印发给你们，请认真贯彻执行。",
                             "《{t}》已经{u}委、{u}政府批准，现予印发，请遵照执行。"}),
                 {{"t", sd_title}, {"u", u}, {"k", committee}}) +
            "\n\n";
    text += issuer + "\n" + date_written + "\n";
    if (is_public) text += "（此件公开发布）\n";
    if (IsTailAccessMark(v.sanding_access_mark)) text += v.sanding_access_mark + "\n";
    text += "\f" + sd_title + "\n\n";

    // The reform document this version comes from, if any.
    std::string basis;
    for (const auto& d : spec_.documents) {
      if (d.date != v.from || d.kind != "意见") continue;
      basis = "《" +
              (d.title.empty() ? std::string("机构改革实施意见")
                               : IssuerName(d.issuer, d.date) + d.title) +
              "》";
      if (spec_numbers_.contains(&d)) basis += "（" + spec_numbers_.at(&d) + "）";
    }
    if (basis.empty()) basis = u + "委、" + u + "政府关于机构设置的有关规定";
    const std::string desc = Describe(inst, v);
    const std::string rank = v.rank.empty() ? "" : "，" + v.rank;

    // Duties moved in or out at this version's start.
    std::vector<std::string> moved_in, moved_out;
    for (const auto& d : spec_.documents) {
      if (d.date != v.from) continue;
      for (const auto& e : d.events) {
        if (e.type != "duty_transferred") continue;
        if (e.to[0] == inst.id)
          moved_in.push_back("将" + NameBefore(e.from[0], d.date) + "的" + e.duty_label +
                             "职责划入" + abbr + "。");
        if (e.from[0] == inst.id)
          moved_out.push_back("将" + e.duty_label + "职责划给" + NameAt(e.to[0], d.date) + "。");
      }
    }

    std::vector<std::string> duty_lines;
    for (const auto& dc : v.duties) {
      duty_lines.push_back(dc.text);
      truth["duties"].push_back(Json{{"institution", inst.id}, {"text", dc.text}});
      if (!dc.key.empty()) doc_duty_keys_[p.id].insert(dc.key);
    }
    for (const auto& unit : v.units) {
      truth["units"].push_back(
          Json{{"institution", inst.id}, {"name", unit.name}, {"duties", unit.duties}});
    }
    for (auto& s : StaffingTruth(inst.id, v.staffing, true)) truth["staffing"].push_back(s);

    auto staffing_text = [&]() {
      std::string s;
      if (v.staffing.admin >= 0)
        s += abbr + p.rng.Pick({"机关行政编制为", "机关行政编制"}) +
             std::to_string(v.staffing.admin) + "名。";
      if (v.staffing.career >= 0)
        s += abbr + "核定事业编制" + std::to_string(v.staffing.career) + "名。";
      if (!v.staffing.leaders.empty())
        s += p.rng.Pick({"其中：", "领导职数："}) + LeadersText(v.staffing) + "。";
      return s;
    };
    auto units_text = [&](const std::string& indent_item) {
      std::string s;
      int n = 0;
      for (const auto& unit : v.units) {
        s += indent_item + "（" + ChineseNumber(++n) + "）" + unit.name + "\n";
        s += std::string(kIndent) + Join(unit.duties, "；", "；") + "。\n";
      }
      return s;
    };

    if (p.date < "2018") {
      text += kIndent +
              Fill(p.rng.Pick({"根据{b}，设立{n}（以下简称{a}）。{a}是{d}{r}。",
                               "根据{b}，设置{n}（简称{a}），为{d}{r}。"}),
                   {{"b", basis}, {"n", v.name}, {"a", abbr}, {"d", desc}, {"r", rank}}) +
              "\n";
      std::vector<std::pair<std::string, std::string>> sections;
      if (!moved_in.empty() || !moved_out.empty()) {
        std::string s;
        int n = 0;
        if (!moved_in.empty())
          s += std::string(kIndent) + "（" + ChineseNumber(++n) + "）划入的职责。" +
               Join(moved_in, "", "") + "\n";
        if (!moved_out.empty())
          s += std::string(kIndent) + "（" + ChineseNumber(++n) + "）划出的职责。" +
               Join(moved_out, "", "") + "\n";
        sections.emplace_back(p.date < "2008" ? "职能调整" : "职责调整", s);
      }
      {
        std::string s =
            std::string(kIndent) +
            Fill(p.rng.Pick({"根据以上职责调整，{a}的主要职责是：", "{a}的主要职责是："}),
                 {{"a", abbr}}) +
            "\n";
        int n = 0;
        for (const auto& line : duty_lines)
          s += std::string(kIndent) + "（" + ChineseNumber(++n) + "）" + line + "。\n";
        s += std::string(kIndent) + "（" + ChineseNumber(++n) + "）承办" + u + "委、" + u +
             "政府交办的其他事项。\n";
        sections.emplace_back(p.date < "2008" ? "主要职能" : "主要职责", s);
      }
      if (!v.units.empty()) {
        std::string s = std::string(kIndent) +
                        Fill(p.rng.Pick({"根据上述职责，{a}设{n}个内设机构：",
                                         "根据上述职责，{a}设{n}个职能科（室）："}),
                             {{"a", abbr}, {"n", std::to_string(v.units.size())}}) +
                        "\n";
        s += units_text(kIndent);
        sections.emplace_back("内设机构", s);
      }
      if (!v.staffing.empty())
        sections.emplace_back("人员编制", std::string(kIndent) + staffing_text() + "\n");
      sections.emplace_back(
          "附则",
          std::string(kIndent) +
              Fill(p.rng.Pick({"本{x}由{u}{k}办公室负责解释，其调整由{u}{k}办公室按规定程序办理。",
                               "本{x}由{u}{k}办公室负责解释。"}),
                   {{"x", noun}, {"u", u}, {"k", committee}}) +
              "\n");
      int n = 0;
      for (const auto& [head, body] : sections)
        text += kIndent + ChineseNumber(++n) + "、" + head + "\n" + body;
    } else {
      int art = 0;
      auto article = [&](const std::string& body) {
        text += kIndent + std::string("第") + ChineseNumber(++art) + "条　" + body + "\n";
      };
      article(Fill(p.rng.Pick({"为了规范{n}"
                               "的职能配置、内设机构和人员编制，推进机构、职能、权限、程序、责任法"
                               "定化，根据{b}，制定本规定。",
                               "根据{b}，为规范{n}的职能配置、内设机构和人员编制，制定本规定。"}),
                   {{"n", v.name}, {"b", basis}}));
      article(Fill("{n}（以下简称{a}）是{d}{r}。",
                   {{"n", v.name}, {"a", abbr}, {"d", desc}, {"r", rank}}));
      std::string duties = Fill(p.rng.Pick({"{a}贯彻落实党中央、{p}委和{u}"
                                            "委关于相关工作的方针政策和决策部署，在履行职责过程中坚"
                                            "持和加强党的集中统一领导。主要职责是：",
                                            "{a}的主要职责是："}),
                                {{"a", abbr}, {"p", spec_.province}, {"u", u}}) +
                           "\n";
      int n = 0;
      for (const auto& line : duty_lines)
        duties += std::string(kIndent) + "（" + ChineseNumber(++n) + "）" + line + "。\n";
      duties += std::string(kIndent) + "（" + ChineseNumber(++n) + "）完成" + u + "委、" + u +
                "政府交办的其他任务。";
      if (!moved_in.empty() || !moved_out.empty()) {
        duties += "\n" + std::string(kIndent) + "（" + ChineseNumber(++n) + "）职责调整。" +
                  Join(moved_in, "", "") + Join(moved_out, "", "");
      }
      article(duties);
      if (!v.units.empty()) {
        std::string s = Fill("{a}设下列内设机构：", {{"a", abbr}}) + "\n" + units_text(kIndent);
        s.pop_back();
        article(s);
      }
      if (!v.staffing.empty()) article(staffing_text());
      article(
          Fill("本规定由中共{c}委机构编制委员会办公室负责解释，其调整由中共{c}"
               "委机构编制委员会办公室按规定程序办理。",
               {{"c", county ? "临川县" : spec_.city}}));
      article("本规定自印发之日起施行。");
    }
    doc.text = std::move(text);
    return doc;
  }

  Json InstitutionsTruth() const {
    // Sources: 三定 documents and the approvals with an event at a version's start.
    std::map<std::pair<std::string, std::string>, std::vector<std::string>>
        sources;  // (id, from) -> docs
    for (const auto& p : planned_) {
      if (p.type == DocType::kSanding) sources[{p.inst->id, p.version->from}].push_back(p.id);
    }
    for (const auto& ev : lineage_) {
      const std::string date = ev["date"].get<std::string>();
      for (const char* f : {"from", "to"}) {
        for (const auto& id : ev[f]) {
          const Institution& inst = Inst(id.get<std::string>());
          const Version* v = inst.At(date);
          if (v == nullptr || v->from != date) continue;
          auto& list = sources[{inst.id, v->from}];
          const std::string src = ev["source"].get<std::string>();
          if (std::find(list.begin(), list.end(), src) == list.end()) list.push_back(src);
        }
      }
    }
    Json out = Json::array();
    for (const auto& inst : spec_.institutions) {
      Json versions = Json::array();
      for (const auto& v : inst.versions) {
        Json duties = Json::array();
        for (const auto& d : v.duties) duties.push_back(d.text);
        Json units = Json::array();
        for (const auto& u : v.units) units.push_back(Json{{"name", u.name}, {"duties", u.duties}});
        auto it = sources.find({inst.id, v.from});
        std::vector<std::string> src =
            it == sources.end() ? std::vector<std::string>{} : it->second;
        std::sort(src.begin(), src.end());
        versions.push_back(Json{{"valid_from", v.from},
                                {"valid_to", v.to.empty() ? Json(nullptr) : Json(v.to)},
                                {"name", v.name},
                                {"abbreviations", v.abbr},
                                {"rank", v.rank},
                                {"kind", v.kind},
                                {"parent", v.parent.empty() ? Json(nullptr) : Json(v.parent)},
                                {"duties", duties},
                                {"units", units},
                                {"staffing", StaffingTruth(inst.id, v.staffing, true)},
                                {"sources", src}});
      }
      out.push_back(Json{{"id", inst.id},
                         {"level", inst.level},
                         {"valid_from", inst.versions.front().from},
                         {"valid_to", inst.end.empty() ? Json(nullptr) : Json(inst.end)},
                         {"versions", versions}});
    }
    return out;
  }

  // Every clause of a shared duty as printed in a 三定: (institution, key, text) -> documents.
  struct Clause {
    std::string inst, key, text;
    std::vector<std::string> docs;
  };
  std::vector<Clause> Clauses() const {
    std::vector<Clause> out;
    for (const auto& p : planned_) {
      if (p.type != DocType::kSanding) continue;
      for (const auto& d : p.version->duties) {
        if (d.key.empty()) continue;
        auto it = std::find_if(out.begin(), out.end(), [&](const Clause& c) {
          return c.inst == p.inst->id && c.text == d.text;
        });
        if (it == out.end()) {
          out.push_back({p.inst->id, d.key, d.text, {p.id}});
        } else {
          it->docs.push_back(p.id);
        }
      }
    }
    return out;
  }

  Json OverlapPairs() const {
    const auto clauses = Clauses();
    Json out = Json::array();
    auto side = [](const Clause& c) {
      return Json{
          {"institution", c.inst}, {"duty", c.key}, {"text", c.text}, {"documents", c.docs}};
    };
    for (size_t i = 0; i < clauses.size(); ++i) {
      for (size_t j = i + 1; j < clauses.size(); ++j) {
        const Clause& a = clauses[i];
        const Clause& b = clauses[j];
        if (a.inst == b.inst || a.text == b.text) continue;
        std::string label;
        if (a.key == b.key) {
          label = "overlap";
        } else {
          const auto& near = spec_.duties.at(a.key).near;
          if (std::find(near.begin(), near.end(), b.key) != near.end()) label = "near_miss";
        }
        if (label.empty()) continue;
        out.push_back(Json{{"label", label}, {"a", side(a)}, {"b", side(b)}});
      }
    }
    return out;
  }

  Json Queries(const Archive& archive) {
    Json out = Json::array();
    for (const auto& q : spec_.queries) {
      std::vector<std::string> relevant;
      for (const auto& d : archive.docs) {
        bool hit = false;
        for (const auto& s : d.truth["subjects"]) {
          if (std::find(q.institutions.begin(), q.institutions.end(), s.get<std::string>()) !=
              q.institutions.end())
            hit = true;
        }
        if (!q.duty.empty() && doc_duty_keys_[d.id].contains(q.duty)) hit = true;
        if (hit) relevant.push_back(d.id);
      }
      Json entry{{"q", q.q}, {"relevant", relevant}};
      if (!q.note.empty()) entry["note"] = q.note;
      out.push_back(entry);
    }
    // Look-ups by document number: every ninth numbered document whose number is unique.
    std::map<std::string, int> count;
    for (const auto& d : archive.docs) count[d.truth["doc_number"].get<std::string>()]++;
    int n = 0;
    for (const auto& d : archive.docs) {
      const std::string num = d.truth["doc_number"].get<std::string>();
      if (num.empty() || count[num] != 1 || (n++ % 9) != 0) continue;
      out.push_back(Json{{"q", num}, {"relevant", Json::array({d.id})}, {"note", "文号检索"}});
    }
    return out;
  }

  Json Traps(const Archive& archive) const {
    Json out = Json::array();
    // The same name for different bodies.
    std::map<std::string, std::set<std::string>> by_name;
    for (const auto& inst : spec_.institutions) {
      for (const auto& v : inst.versions) by_name[v.name].insert(inst.id);
    }
    for (const auto& [name, ids] : by_name) {
      if (ids.size() > 1)
        out.push_back(Json{{"type", "same_name_different_bodies"},
                           {"name", name},
                           {"institutions", std::vector<std::string>(ids.begin(), ids.end())}});
    }
    for (const char* abbr : {"市发改委", "市编办"}) {
      std::vector<std::string> docs;
      for (const auto& d : archive.docs) {
        if (d.text.find(abbr) != std::string::npos) docs.push_back(d.id);
      }
      out.push_back(Json{{"type", "abbreviation"}, {"abbreviation", abbr}, {"documents", docs}});
    }
    std::map<std::string, int> renames;
    for (const auto& ev : lineage_) {
      const std::string type = ev["type"].get<std::string>();
      if (type == "renamed") renames[ev["from"][0].get<std::string>()]++;
      if (type == "merged" && ev["from"].size() >= 3)
        out.push_back(Json{{"type", "merger_of_three"}, {"event", ev}});
      if (type == "split") out.push_back(Json{{"type", "split"}, {"event", ev}});
      if (type == "duty_transferred")
        out.push_back(Json{{"type", "duty_moved_in_reform"}, {"event", ev}});
    }
    for (const auto& [id, n] : renames) {
      if (n >= 2)
        out.push_back(Json{{"type", "renamed_twice"}, {"institution", id}, {"renames", n}});
    }
    for (const auto& d : archive.docs) {
      const auto& t = d.truth;
      if (t["script"] == "traditional")
        out.push_back(Json{{"type", "traditional_script"}, {"document", d.id}});
      if (t["access"] == "内部")
        out.push_back(Json{{"type", "internal_document"}, {"document", d.id}});
      const std::string num = t["doc_number_as_written"].get<std::string>();
      if (num.find('[') != std::string::npos || num.find("【") != std::string::npos ||
          num.find('(') != std::string::npos) {
        out.push_back(
            Json{{"type", "doc_number_brackets"}, {"document", d.id}, {"as_written", num}});
      }
      if (t["date_as_written"].get<std::string>().find("〇") != std::string::npos &&
          t["date"].get<std::string>() >= "2012-07-01") {
        out.push_back(Json{{"type", "chinese_numeral_date"},
                           {"document", d.id},
                           {"as_written", t["date_as_written"]}});
      }
    }
    // Documents that disagree: a staffing base stated against an earlier 三定.
    for (const auto& p : planned_) {
      if (!p.spec || p.spec->trap != "conflicting_documents") continue;
      const std::string id = p.spec->events[0].from[0];
      const Version* before = Inst(id).Before(p.date);
      std::string earlier;
      for (const auto& q : planned_) {
        if (q.type == DocType::kSanding && q.inst->id == id && q.date < p.date) earlier = q.id;
      }
      out.push_back(
          Json{{"type", "conflicting_documents"},
               {"institution", id},
               {"documents", Json::array({earlier, p.id})},
               {"field", "行政编制"},
               {"values", Json::array({before->staffing.admin, p.spec->stated_before})},
               {"truth",
                "institutions.json keeps the 三定 figure; the later 批复 states another base"}});
    }
    return out;
  }

  const Spec& spec_;
  const RenderOptions& opt_;
  std::vector<Planned> planned_;
  std::set<std::string> seal_done_;
  std::set<std::string> introduced_;  // bodies an earlier event of the current document created
  std::map<const DocSpec*, std::string> spec_numbers_;
  std::map<std::string, std::set<std::string>> doc_duty_keys_;
  Json lineage_ = Json::array();
};

Status WriteFile(const fs::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError("无法写入文件 " + path.string());
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) return Status::IOError("写入文件 " + path.string() + " 失败");
  return Status::Ok();
}

}  // namespace

std::string ChineseNumber(int n) {
  static const char* kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0) return kDigits[0];
  if (n < 10) return kDigits[n];
  if (n < 20) return std::string("十") + (n % 10 ? kDigits[n % 10] : "");
  if (n < 100) return std::string(kDigits[n / 10]) + "十" + (n % 10 ? kDigits[n % 10] : "");
  return std::to_string(n);
}

std::string ChineseDate(const std::string& date, const std::string& zero) {
  static const char* kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  std::string out;
  for (int i = 0; i < 4; ++i) {
    const int d = date[i] - '0';
    out += d == 0 ? zero : kDigits[d];
  }
  return out + "年" + ChineseNumber(std::stoi(date.substr(5, 2))) + "月" +
         ChineseNumber(std::stoi(date.substr(8, 2))) + "日";
}

std::string ArabicDate(const std::string& date) {
  return date.substr(0, 4) + "年" + std::to_string(std::stoi(date.substr(5, 2))) + "月" +
         std::to_string(std::stoi(date.substr(8, 2))) + "日";
}

std::string NormalizeDocNumber(const std::string& w) {
  if (w.empty()) return w;
  std::string s = w;
  for (const auto& [from, to] :
       std::initializer_list<std::pair<std::string, std::string>>{{"[", "〔"},
                                                                  {"]", "〕"},
                                                                  {"【", "〔"},
                                                                  {"】", "〕"},
                                                                  {"(", "〔"},
                                                                  {")", "〕"},
                                                                  {"（", "〔"},
                                                                  {"）", "〕"},
                                                                  {"［", "〔"},
                                                                  {"］", "〕"}}) {
    size_t pos;
    while ((pos = s.find(from)) != std::string::npos) s.replace(pos, from.size(), to);
  }
  const size_t close = s.find("〕");
  if (close != std::string::npos) {
    size_t start = close + std::string("〕").size();
    while (start + 1 < s.size() && s[start] == '0' &&
           std::isdigit(static_cast<unsigned char>(s[start + 1])))
      s.erase(start, 1);
  }
  return s;
}

std::string PeriodOf(const std::string& date) {
  if (date < "1996") return "1983-1995";
  if (date < "2008") return "1996-2007";
  if (date < "2018") return "2008-2017";
  return "2018-2023";
}

std::string DumpJson(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
}

Result<Archive> RenderArchive(const Spec& spec, const RenderOptions& options) {
  Renderer r(spec, options);
  return r.Run();
}

Status WriteArchive(const Archive& archive, const std::string& out_dir) {
  std::error_code ec;
  const fs::path root(out_dir);
  fs::create_directories(root / "docs", ec);
  if (ec) return Status::IOError("无法创建目录 " + (root / "docs").string() + "：" + ec.message());
  fs::create_directories(root / "truth", ec);
  if (ec) return Status::IOError("无法创建目录 " + (root / "truth").string() + "：" + ec.message());
  Json documents = Json::array();
  for (const auto& d : archive.docs) {
    SANDING_RETURN_IF_ERROR(WriteFile(root / "docs" / (d.id + ".txt"), d.text));
    documents.push_back(d.truth);
  }
  SANDING_RETURN_IF_ERROR(WriteFile(root / "truth" / "documents.json", DumpJson(documents)));
  SANDING_RETURN_IF_ERROR(
      WriteFile(root / "truth" / "institutions.json", DumpJson(archive.institutions)));
  SANDING_RETURN_IF_ERROR(WriteFile(root / "truth" / "lineage.json", DumpJson(archive.lineage)));
  SANDING_RETURN_IF_ERROR(
      WriteFile(root / "truth" / "overlap_pairs.json", DumpJson(archive.overlap_pairs)));
  SANDING_RETURN_IF_ERROR(WriteFile(root / "truth" / "queries.json", DumpJson(archive.queries)));
  SANDING_RETURN_IF_ERROR(WriteFile(root / "truth" / "traps.json", DumpJson(archive.traps)));
  return Status::Ok();
}

}  // namespace sanding::corpus
