#include "tools/corpus/check.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tools/corpus/render.h"
#include "tools/corpus/spec.h"

namespace sanding::corpus {
namespace {

namespace fs = std::filesystem;

struct Life {
  std::string from, to;  // to empty: open
  const Json* inst = nullptr;
  bool Alive(const std::string& d) const { return from <= d && (to.empty() || d <= to); }
};

std::string S(const Json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }

std::vector<char32_t> Decode(const std::string& s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

bool ShareBigram(const std::string& a, const std::string& b) {
  auto ca = Decode(a), cb = Decode(b);
  std::set<std::pair<char32_t, char32_t>> grams;
  for (size_t i = 0; i + 1 < ca.size(); ++i) {
    if (ca[i] >= 0x4E00 && ca[i + 1] >= 0x4E00) grams.insert({ca[i], ca[i + 1]});
  }
  for (size_t i = 0; i + 1 < cb.size(); ++i) {
    if (grams.contains({cb[i], cb[i + 1]})) return true;
  }
  return false;
}

class Checker {
 public:
  Checker(const std::string& dir, const CheckOptions& opt) : dir_(dir), opt_(opt) {}

  std::vector<std::string> Run() {
    if (!Load("documents.json", &documents_) || !Load("institutions.json", &institutions_) ||
        !Load("lineage.json", &lineage_)) {
      return problems_;
    }
    CheckInstitutions();
    CheckDocuments();
    CheckLineage();
    if (opt_.require_event_types) CheckEventTypes();
    if (opt_.require_traps) CheckTraps();
    if (opt_.min_overlaps > 0) CheckOverlaps();
    if (opt_.min_queries > 0) CheckQueries();
    return problems_;
  }

 private:
  void Problem(const std::string& file, const std::string& what) {
    problems_.push_back(file + "：" + what);
  }

  bool Load(const std::string& name, Json* out) {
    const fs::path path = fs::path(dir_) / "truth" / name;
    std::ifstream in(path);
    if (!in) {
      Problem(path.string(), "文件不存在或无法读取");
      return false;
    }
    try {
      *out = Json::parse(in);
    } catch (const Json::exception& e) {
      Problem(path.string(), std::string("不是合法的 JSON：") + e.what());
      return false;
    }
    if (!out->is_array()) {
      Problem(path.string(), "顶层应为数组");
      return false;
    }
    return true;
  }

  void CheckInstitutions() {
    const std::string f = "truth/institutions.json";
    for (const auto& inst : institutions_) {
      const std::string id = S(inst["id"]);
      if (id.empty() || lives_.contains(id)) {
        Problem(f, "机构编号为空或重复：" + id);
        continue;
      }
      const auto& versions = inst["versions"];
      if (!versions.is_array() || versions.empty()) {
        Problem(f, "机构 " + id + " 没有版本");
        continue;
      }
      lives_[id] = Life{S(inst["valid_from"]), S(inst["valid_to"]), &inst};
      std::string prev_to = S(inst["valid_from"]);
      for (size_t i = 0; i < versions.size(); ++i) {
        const auto& v = versions[i];
        const std::string from = S(v["valid_from"]), to = S(v["valid_to"]);
        const std::string where = "机构 " + id + " 的第 " + std::to_string(i + 1) + " 个版本";
        if (!ValidDate(from) || (!to.empty() && !ValidDate(to)))
          Problem(f, where + " 的日期格式错误");
        if (!to.empty() && to <= from) Problem(f, where + " 的有效期结束早于开始");
        if (from != prev_to)
          Problem(f, where + " 的开始日期 " + from + " 与上一版本的结束日期 " + prev_to +
                         " 不衔接（有效期重叠或有空档）");
        if (i + 1 < versions.size() && to.empty())
          Problem(f, where + " 不是最后一个版本，却没有结束日期");
        prev_to = to;
        if (S(v["name"]).empty()) Problem(f, where + " 没有名称");
      }
      if (prev_to != S(inst["valid_to"]))
        Problem(f, "机构 " + id + " 最后一个版本的结束日期与机构的结束日期不一致");
    }
    // Parents exist and are alive when a version starts.
    for (const auto& inst : institutions_) {
      for (const auto& v : inst["versions"]) {
        const std::string parent = S(v["parent"]);
        if (parent.empty()) continue;
        auto it = lives_.find(parent);
        if (it == lives_.end()) {
          Problem(f, "机构 " + S(inst["id"]) + " 的上级机构 " + parent + " 不存在");
        } else if (!it->second.Alive(S(v["valid_from"]))) {
          Problem(f, "机构 " + S(inst["id"]) + " 自 " + S(v["valid_from"]) + " 的上级机构 " +
                         parent + " 当时并不存在");
        }
      }
    }
    if (static_cast<int>(institutions_.size()) < opt_.min_institutions) {
      Problem(f, "机构数 " + std::to_string(institutions_.size()) + " 少于要求的 " +
                     std::to_string(opt_.min_institutions));
    }
  }

  const Json* VersionAt(const std::string& id, const std::string& date) const {
    auto it = lives_.find(id);
    if (it == lives_.end()) return nullptr;
    for (const auto& v : (*it->second.inst)["versions"]) {
      const std::string to = S(v["valid_to"]);
      if (S(v["valid_from"]) <= date && (to.empty() || date < to)) return &v;
    }
    return nullptr;
  }

  void CheckDocuments() {
    static const std::set<std::string> kKinds = {"三定规定", "批复", "通知",
                                                 "决定",     "意见", "其他"};
    static const std::set<std::string> kScripts = {"simplified", "traditional"};
    for (const auto& d : documents_) {
      const std::string id = S(d["id"]);
      const std::string f = "truth/documents.json 文件 " + id;
      if (id.empty() || docs_.contains(id)) {
        Problem("truth/documents.json", "文件编号为空或重复：" + id);
        continue;
      }
      docs_[id] = &d;
      if (S(d["file"]) != "docs/" + id + ".txt") Problem(f, "file 字段应为 docs/" + id + ".txt");
      std::ifstream in(fs::path(dir_) / S(d["file"]), std::ios::binary);
      if (!in) {
        Problem(f, "正文文件 " + S(d["file"]) + " 不存在");
        continue;
      }
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string text = ss.str();
      auto must_contain = [&](const std::string& what, const std::string& s) {
        if (s.empty()) {
          Problem(f, what + " 为空");
        } else if (text.find(s) == std::string::npos) {
          Problem(f, what + "“" + s + "”没有出现在正文中");
        }
      };
      if (!kKinds.contains(S(d["kind"]))) Problem(f, "文种 " + S(d["kind"]) + " 不在允许的范围内");
      if (!kScripts.contains(S(d["script"])))
        Problem(f, "字体 " + S(d["script"]) + " 不在允许的范围内");
      const std::string date = S(d["date"]);
      if (!ValidDate(date)) Problem(f, "日期 " + date + " 格式错误");
      if (S(d["period"]) != PeriodOf(date))
        Problem(f, "时期 " + S(d["period"]) + " 与日期 " + date + " 不符");
      if (!d["public"].is_boolean()) Problem(f, "public 字段应为布尔值");
      if (d.contains("access")) {
        // What the text says of access: 内部 (a 密级/内部 mark or a 不公开 附注), 公开 (此件公开发布)
        // or nothing.
        const std::string access = S(d["access"]);
        if (access != "" && access != "内部" && access != "公开")
          Problem(f, "access 字段应为“内部”“公开”或空");
        if (access == "内部" && d["public"] == true) Problem(f, "标为内部的文件不应公开发布");
        if (access == "公开" && text.find("公开") == std::string::npos)
          Problem(f, "标为公开的文件正文中没有公开标注");
      }
      must_contain("标题", S(d["title"]));
      must_contain("成文日期", S(d["date_as_written"]));
      must_contain("发文机关", S(d["issuer"]));
      const std::string num = S(d["doc_number_as_written"]);
      if (!num.empty()) must_contain("文号", num);
      // A traditional copy writes its 文号 in traditional characters; the normalised number stays
      // simplified.
      const bool traditional = S(d["script"]) == "traditional";
      const std::string normal = NormalizeDocNumber(num);
      std::string tail =
          normal.find("〔") == std::string::npos ? normal : normal.substr(normal.find("〔"));
      if (tail.ends_with("號") || tail.ends_with("号"))
        tail.resize(tail.size() - std::string("号").size());
      if (traditional ? S(d["doc_number"]).find(tail) == std::string::npos
                      : S(d["doc_number"]) != normal)
        Problem(f, "规范文号 " + S(d["doc_number"]) + " 与原文文号 " + num + " 不对应");
      std::set<std::string> subjects;
      for (const auto& s : d["subjects"]) {
        subjects.insert(S(s));
        auto it = lives_.find(S(s));
        if (it == lives_.end()) {
          Problem(f, "涉及的机构 " + S(s) + " 不存在");
        } else if (!it->second.Alive(date)) {
          Problem(f, "涉及的机构 " + S(s) + " 在成文日期 " + date + " 并不存在");
        }
      }
      if (subjects.empty()) Problem(f, "没有涉及任何机构");
      for (const auto& duty : d["duties"]) {
        must_contain("职责条款", S(duty["text"]));
        if (!subjects.contains(S(duty["institution"])))
          Problem(f, "职责条款所属机构 " + S(duty["institution"]) + " 不在涉及机构中");
      }
      for (const auto& unit : d["units"]) {
        must_contain("内设机构名称", S(unit["name"]));
        for (const auto& ud : unit["duties"]) must_contain("内设机构职责", S(ud));
      }
      for (const auto& st : d["staffing"]) {
        const std::string count = std::to_string(st["count"].get<int>()) + "名";
        if (st.contains("post")) {
          must_contain("领导职数", S(st["post"]) + count);
        } else {
          if (!traditional) must_contain("编制类型", S(st["type"]));
          must_contain("编制数", count);
        }
      }
      for (const auto& e : d["events"]) {
        if (e.contains("duty")) must_contain("划转的职责", S(e["duty"]));
        if (S(e["date"]) != date) Problem(f, "事件日期 " + S(e["date"]) + " 与成文日期不同");
      }
      if (d["kind"] == "三定规定" && d["duties"].empty()) Problem(f, "三定规定没有职责条款");
    }
    if (static_cast<int>(documents_.size()) < opt_.min_documents) {
      Problem("truth/documents.json", "文件数 " + std::to_string(documents_.size()) +
                                          " 少于要求的 " + std::to_string(opt_.min_documents));
    }
  }

  static std::string EventKey(const Json& e) {
    return S(e["type"]) + "|" + S(e["date"]) + "|" + e["from"].dump() + "|" + e["to"].dump();
  }

  void CheckLineage() {
    const std::string f = "truth/lineage.json";
    static const std::set<std::string> kTypes(EventTypes().begin(), EventTypes().end());
    std::map<std::string, std::string> last_date;  // institution -> last event date seen
    std::map<std::string, std::multiset<std::string>> by_doc;
    for (const auto& e : lineage_) {
      const std::string type = S(e["type"]), date = S(e["date"]), src = S(e["source"]);
      const std::string where = "事件 " + type + "（" + date + "，来源 " + src + "）";
      if (!kTypes.contains(type)) Problem(f, where + " 的类型不在允许的范围内");
      if (!ValidDate(date)) Problem(f, where + " 的日期格式错误");
      auto doc = docs_.find(src);
      if (doc == docs_.end()) {
        Problem(f, where + " 的来源文件不存在");
      } else {
        if (S((*doc->second)["date"]) != date)
          Problem(f, where + " 的日期与来源文件的成文日期不同");
        by_doc[src].insert(EventKey(e));
      }
      const auto& from = e["from"];
      const auto& to = e["to"];
      bool known = true;
      for (const auto* list : {&from, &to}) {
        for (const auto& id : *list) {
          if (!lives_.contains(S(id))) {
            Problem(f, where + " 涉及的机构 " + S(id) + " 不存在");
            known = false;
          } else {
            std::string& last = last_date[S(id)];
            if (date < last) Problem(f, where + " 在机构 " + S(id) + " 的事件序列中日期倒序");
            last = std::max(last, date);
          }
        }
      }
      if (!known) continue;
      auto starts = [&](const std::string& id) {
        const Json* v = VersionAt(id, date);
        return v != nullptr && S((*v)["valid_from"]) == date;
      };
      auto ends = [&](const std::string& id) { return lives_.at(id).to == date; };
      auto alive = [&](const std::string& id) { return lives_.at(id).Alive(date); };
      auto need = [&](bool ok, const std::string& what) {
        if (!ok) Problem(f, where + " " + what);
      };
      for (const auto* list : {&from, &to}) {
        for (const auto& id : *list) need(alive(S(id)), "发生时机构 " + S(id) + " 不在存续期内");
      }
      if (type == "established") {
        need(from.empty() && !to.empty(), "应只有 to");
        for (const auto& id : to)
          need(lives_.at(S(id)).from == date, "设立的机构 " + S(id) + " 的存续期不从该日开始");
      } else if (type == "abolished") {
        need(!from.empty() && to.empty(), "应只有 from");
        for (const auto& id : from)
          need(ends(S(id)), "撤销的机构 " + S(id) + " 的存续期不在该日结束");
      } else if (type == "merged") {
        need(!from.empty() && to.size() == 1, "应有一个 to");
        for (const auto& id : from)
          need(ends(S(id)), "并入的机构 " + S(id) + " 的存续期不在该日结束");
      } else if (type == "split") {
        need(from.size() == 1 && to.size() >= 2, "应有一个 from、至少两个 to");
        for (const auto& id : to)
          need(lives_.at(S(id)).from == date, "分设出的机构 " + S(id) + " 的存续期不从该日开始");
      } else if (type == "renamed" || type == "rank_changed" || type == "staffing_changed") {
        need(from.size() == 1 && to == from, "from 与 to 应为同一机构");
        if (from.size() == 1 && starts(S(from[0]))) {
          const Json* after = VersionAt(S(from[0]), date);
          const Json* before = VersionAt(S(from[0]), AddDays(date, -1));
          const char* field = type == "renamed"        ? "name"
                              : type == "rank_changed" ? "rank"
                                                       : "staffing";
          need(before != nullptr && (*before)[field] != (*after)[field],
               std::string("前后版本的 ") + field + " 没有变化");
        } else {
          need(false, "该日没有开始新版本");
        }
      } else if (type == "placed_under") {
        need(from.size() == 1 && to.size() == 1, "应有一个 from 和一个 to");
        if (from.size() == 1 && to.size() == 1) {
          const Json* v = VersionAt(S(from[0]), date);
          need(v != nullptr && S((*v)["parent"]) == S(to[0]), "该日之后的上级机构不是 " + S(to[0]));
        }
      } else if (type == "duty_transferred") {
        need(from.size() == 1 && to.size() == 1 && !S(e["duty"]).empty(),
             "应有一个 from、一个 to 和职责名称");
      }
    }
    // Every source a version cites is a document of the corpus.
    for (const auto& inst : institutions_) {
      for (const auto& v : inst["versions"]) {
        for (const auto& src : v["sources"]) {
          if (!docs_.contains(S(src)))
            Problem("truth/institutions.json",
                    "机构 " + S(inst["id"]) + " 的版本引用了不存在的来源文件 " + S(src));
        }
      }
    }
    // Each document's events are exactly those the lineage cites it for.
    for (const auto& [id, d] : docs_) {
      std::multiset<std::string> mine;
      for (const auto& e : (*d)["events"]) mine.insert(EventKey(e));
      if (mine != by_doc[id])
        Problem("truth/documents.json 文件 " + id, "事件与 lineage.json 中以其为来源的事件不一致");
    }
  }

  void CheckEventTypes() {
    std::set<std::string> seen;
    for (const auto& e : lineage_) seen.insert(S(e["type"]));
    for (const auto& t : EventTypes()) {
      if (!seen.contains(t)) Problem("truth/lineage.json", "缺少事件类型 " + t);
    }
  }

  void CheckTraps() {
    const std::string f = "陷阱";
    // Same name, different bodies, different periods.
    bool same_name = false;
    std::map<std::string, std::vector<std::pair<std::string, const Json*>>> by_name;
    for (const auto& inst : institutions_) {
      for (const auto& v : inst["versions"]) by_name[S(v["name"])].push_back({S(inst["id"]), &v});
    }
    for (const auto& [name, list] : by_name) {
      for (size_t i = 0; i < list.size(); ++i) {
        for (size_t j = i + 1; j < list.size(); ++j) {
          if (list[i].first == list[j].first) continue;
          const Json& a = *list[i].second;
          const Json& b = *list[j].second;
          const bool disjoint =
              (!S(a["valid_to"]).empty() && S(a["valid_to"]) <= S(b["valid_from"])) ||
              (!S(b["valid_to"]).empty() && S(b["valid_to"]) <= S(a["valid_from"]));
          if (disjoint) same_name = true;
        }
      }
    }
    if (!same_name) Problem(f, "没有不同时期由不同机构使用的同一名称");
    for (const std::string abbr : {"市发改委", "市编办"}) {
      bool declared = false;
      for (const auto& inst : institutions_) {
        for (const auto& v : inst["versions"]) {
          for (const auto& a : v["abbreviations"]) declared |= S(a) == abbr;
        }
      }
      bool printed = false;
      for (const auto& [id, d] : docs_) {
        std::ifstream in(fs::path(dir_) / S((*d)["file"]), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        if (ss.str().find(abbr) != std::string::npos) {
          printed = true;
          break;
        }
      }
      if (!declared || !printed)
        Problem(f, "简称 " + abbr + " 没有登记在机构版本中或没有出现在任何正文中");
    }
    std::map<std::string, int> renames;
    bool three = false, split = false, moved = false;
    for (const auto& e : lineage_) {
      const std::string type = S(e["type"]);
      if (type == "renamed") renames[S(e["from"][0])]++;
      if (type == "merged" && e["from"].size() >= 3) three = true;
      if (type == "split") split = true;
      if (type == "duty_transferred" && docs_.contains(S(e["source"])) &&
          (*docs_.at(S(e["source"])))["kind"] == "意见")
        moved = true;
    }
    if (std::none_of(renames.begin(), renames.end(), [](const auto& r) { return r.second >= 2; }))
      Problem(f, "没有两次更名的机构");
    if (!three) Problem(f, "没有三个机构合并为一个的事件");
    if (!split) Problem(f, "没有分设事件");
    if (!moved) Problem(f, "没有在机构改革文件中划转的职责");
    bool traditional = false, square = false, lenticular = false, numeral = false;
    for (const auto& [id, d] : docs_) {
      const std::string num = S((*d)["doc_number_as_written"]);
      square |= num.find('[') != std::string::npos;
      lenticular |= num.find("【") != std::string::npos;
      numeral |= S((*d)["date_as_written"]).find("〇") != std::string::npos;
      if ((*d)["script"] == "traditional") {
        std::ifstream in(fs::path(dir_) / S((*d)["file"]), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        // Characters that only the traditional script uses.
        traditional =
            ss.str().find("編") != std::string::npos || ss.str().find("機") != std::string::npos;
      }
    }
    if (!traditional) Problem(f, "没有繁体字文件，或繁体文件正文不是繁体");
    if (!square || !lenticular) Problem(f, "没有用 [ ] 或【】书写文号的文件");
    if (!numeral) Problem(f, "没有用汉字数字书写日期的文件");
    Json traps;
    if (!Load("traps.json", &traps)) return;
    std::set<std::string> listed;
    for (const auto& t : traps) listed.insert(S(t["type"]));
    for (const char* type :
         {"same_name_different_bodies", "abbreviation", "renamed_twice", "merger_of_three", "split",
          "duty_moved_in_reform", "conflicting_documents", "traditional_script",
          "doc_number_brackets", "chinese_numeral_date", "internal_document"}) {
      if (!listed.contains(type))
        Problem("truth/traps.json", std::string("没有列出陷阱类型 ") + type);
    }
    bool conflict = false;
    for (const auto& t : traps) {
      if (t["type"] != "conflicting_documents") continue;
      const auto& docs = t["documents"];
      const bool exist =
          docs.size() == 2 && docs_.contains(S(docs[0])) && docs_.contains(S(docs[1]));
      if (exist && t["values"].size() == 2 && t["values"][0] != t["values"][1]) conflict = true;
    }
    if (!conflict) Problem(f, "没有相互矛盾的两份文件");
  }

  void CheckOverlaps() {
    Json pairs;
    if (!Load("overlap_pairs.json", &pairs)) return;
    const std::string f = "truth/overlap_pairs.json";
    int overlaps = 0, near = 0;
    for (const auto& p : pairs) {
      const auto& a = p["a"];
      const auto& b = p["b"];
      for (const auto* side : {&a, &b}) {
        if (!lives_.contains(S((*side)["institution"])))
          Problem(f, "机构 " + S((*side)["institution"]) + " 不存在");
        if ((*side)["documents"].empty())
          Problem(f, "条款“" + S((*side)["text"]) + "”没有来源文件");
        for (const auto& doc : (*side)["documents"]) {
          auto it = docs_.find(S(doc));
          bool found = false;
          if (it != docs_.end()) {
            for (const auto& duty : (*it->second)["duties"]) {
              found |=
                  duty["text"] == (*side)["text"] && duty["institution"] == (*side)["institution"];
            }
          }
          if (!found)
            Problem(f, "条款“" + S((*side)["text"]) + "”不在文件 " + S(doc) + " 的职责中");
        }
      }
      if (a["institution"] == b["institution"] || a["text"] == b["text"])
        Problem(f, "一对条款应属于不同机构且措辞不同");
      if (p["label"] == "overlap") {
        ++overlaps;
        if (a["duty"] != b["duty"]) Problem(f, "标为重合的两条款职责键不同");
      } else if (p["label"] == "near_miss") {
        ++near;
        if (a["duty"] == b["duty"]) Problem(f, "标为近似的两条款职责键相同");
        if (!ShareBigram(S(a["text"]), S(b["text"])))
          Problem(f, "标为近似的两条款没有共同词语：" + S(a["text"]) + " / " + S(b["text"]));
      } else {
        Problem(f, "未知标签 " + S(p["label"]));
      }
    }
    if (overlaps < opt_.min_overlaps || near < opt_.min_overlaps) {
      Problem(f, "重合条款对 " + std::to_string(overlaps) + " 个、近似条款对 " +
                     std::to_string(near) + " 个，少于要求的 " + std::to_string(opt_.min_overlaps));
    }
  }

  void CheckQueries() {
    Json queries;
    if (!Load("queries.json", &queries)) return;
    const std::string f = "truth/queries.json";
    for (const auto& q : queries) {
      if (S(q["q"]).empty()) Problem(f, "检索词为空");
      if (q["relevant"].empty()) Problem(f, "检索词“" + S(q["q"]) + "”没有相关文件");
      for (const auto& id : q["relevant"]) {
        if (!docs_.contains(S(id)))
          Problem(f, "检索词“" + S(q["q"]) + "”的相关文件 " + S(id) + " 不存在");
      }
    }
    if (static_cast<int>(queries.size()) < opt_.min_queries) {
      Problem(f, "检索词 " + std::to_string(queries.size()) + " 个，少于要求的 " +
                     std::to_string(opt_.min_queries));
    }
  }

  std::string dir_;
  CheckOptions opt_;
  Json documents_, institutions_, lineage_;
  std::map<std::string, Life> lives_;
  std::map<std::string, const Json*> docs_;
  std::vector<std::string> problems_;
};

}  // namespace

const std::vector<std::string>& EventTypes() {
  static const std::vector<std::string> kTypes = {
      "established",  "renamed",      "merged",           "split",           "abolished",
      "placed_under", "rank_changed", "staffing_changed", "duty_transferred"};
  return kTypes;
}

std::vector<std::string> CheckCorpus(const std::string& dir, const CheckOptions& options) {
  Checker c(dir, options);
  return c.Run();
}

}  // namespace sanding::corpus
