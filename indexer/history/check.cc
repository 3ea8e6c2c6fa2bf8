#include "indexer/history/check.h"

#include <set>

namespace sanding::history {
namespace {

std::string Period(const std::string& from, const std::string& to) {
  return (from.empty() ? "（起始不详）" : from) + "—" + (to.empty() ? "今" : to);
}

}  // namespace

Result<std::vector<std::string>> CheckChain(Store& store, const Chain& chain) {
  std::vector<std::string> problems;
  std::set<std::string> files;
  auto cite = [&](const Citation& c, const std::string& where) {
    if (c.curation != 0 || c.file.empty() || files.contains(c.file)) return;
    auto f = store.GetFile(c.file);
    if (f.ok()) {
      files.insert(c.file);
    } else {
      problems.push_back(where + " 引用的文件 " + c.file + " 不在存储库中");
    }
  };
  for (const auto& inst : chain.institutions) {
    const auto versions = chain.VersionsOf(inst.id);
    if (versions.empty()) {
      problems.push_back("机构 " + inst.id + " 没有任何版本");
      continue;
    }
    if (versions.front()->valid_from != inst.valid_from)
      problems.push_back("机构 " + inst.id + " 的首个版本不从存续期起点 " + inst.valid_from + " 开始");
    if (versions.back()->valid_to != inst.valid_to)
      problems.push_back("机构 " + inst.id + " 的末个版本不在存续期终点 " + inst.valid_to + " 结束");
    for (size_t k = 0; k < versions.size(); ++k) {
      const Version& v = *versions[k];
      const std::string where = "机构 " + inst.id + " 的版本 " + Period(v.valid_from, v.valid_to);
      if (!v.valid_to.empty() && v.valid_to <= v.valid_from)
        problems.push_back(where + " 的终止日期不晚于起始日期");
      if (k + 1 < versions.size() && v.valid_to != versions[k + 1]->valid_from)
        problems.push_back(where + " 与下一版本不衔接");
      if (v.name.empty()) problems.push_back(where + " 没有名称");
      if (!v.parent.empty() && chain.FindInstitution(v.parent) == nullptr)
        problems.push_back(where + " 的上级机构 " + v.parent + " 不在沿革中");
      for (const auto& [field, c] : v.cites) cite(c, where + " 的" + field);
      for (const auto& c : v.sources) cite(c, where);
    }
  }
  for (const auto& e : chain.events) {
    const std::string where = "事件 " + e.id + "（" + e.type + "，" + e.date + "）";
    for (const auto* list : {&e.from, &e.to}) {
      for (const auto& x : *list) {
        const Institution* inst = chain.FindInstitution(x);
        if (inst == nullptr) {
          problems.push_back(where + " 涉及的机构 " + x + " 不在沿革中");
        } else if ((!inst->valid_from.empty() && e.date < inst->valid_from) ||
                   (!inst->valid_to.empty() && e.date > inst->valid_to)) {
          problems.push_back(where + " 发生时机构 " + x + " 不在存续期 " +
                             Period(inst->valid_from, inst->valid_to) + " 内");
        }
      }
    }
    cite(e.source, where);
  }
  for (const auto& c : chain.conflicts) {
    for (const auto& cl : c.claims) cite(cl.source, "冲突记录 " + c.id);
  }
  return problems;
}

}  // namespace sanding::history
