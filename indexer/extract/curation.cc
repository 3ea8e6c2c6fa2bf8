// Corrections as RFC 6902 operations (nlohmann::json::patch) over the machine facts.
#include "indexer/extract/curation.h"

#include <map>
#include <set>

#include "indexer/extract/fields.h"

namespace sanding::extract {
namespace {

const std::map<std::string, std::string>& FieldPaths() {
  static const std::map<std::string, std::string> kPaths = {
      {"kind", "/kind/value"},           {"类型", "/kind/value"},
      {"title", "/title/value"},         {"标题", "/title/value"},
      {"doc_number", "/doc_number/value"}, {"文号", "/doc_number/value"},
      {"date", "/date/value"},           {"日期", "/date/value"},
      {"issuer", "/issuer/value"},       {"发文机关", "/issuer/value"},
      {"access", "/access/value"},       {"公开属性", "/access/value"},
  };
  return kPaths;
}

bool ValidPointer(const std::string& path, nlohmann::json::json_pointer* out) {
  try {
    *out = nlohmann::json::json_pointer(path);
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

}  // namespace

Result<CorrectionRecord> MakeCorrection(const CorrectionRequest& req,
                                        const nlohmann::json& current,
                                        const std::vector<CorrectionRecord>& existing) {
  CorrectionRecord rec;
  rec.sha256 = req.sha256;
  rec.op = req.op;
  rec.by = req.by;
  rec.reason = req.reason;
  if (req.by.empty()) return Status::InvalidArgument("请用 --by 写明更正人");
  if (req.reason.empty()) return Status::InvalidArgument("请用 --reason 写明更正原因");

  if (req.op == "withdraw") {
    for (const CorrectionRecord& c : existing) {
      if (c.seq == req.withdraws && c.op != "withdraw") {
        rec.withdraws = req.withdraws;
        return rec;
      }
    }
    return Status::NotFound("该文件没有编号为 " + std::to_string(req.withdraws) + " 的更正");
  }
  if (req.op != "replace" && req.op != "add" && req.op != "remove") {
    return Status::InvalidArgument("不支持的更正操作“" + req.op + "”（可用 replace、add、remove、withdraw）");
  }

  auto named = FieldPaths().find(req.field);
  const bool is_named = named != FieldPaths().end();
  rec.path = is_named ? named->second : req.field;
  nlohmann::json::json_pointer ptr;
  if (rec.path.empty() || rec.path[0] != '/' || !ValidPointer(rec.path, &ptr)) {
    return Status::InvalidArgument("无法识别要更正的字段“" + req.field +
                                   "”：可用 文号、日期、类型、发文机关、标题、公开属性，或以 / 开头的路径（如 /staffing/0/count）");
  }
  if (req.op == "remove" || req.op == "replace") {
    if (!current.contains(ptr)) {
      return Status::NotFound("提取结果中没有“" + rec.path + "”，无法更正");
    }
  }
  if (req.op == "remove") return rec;

  nlohmann::json value;
  if (is_named) {
    std::string v = req.value;
    if (rec.path == "/doc_number/value" && !v.empty()) {
      auto n = ParseDocNumber(v);
      if (!n) return Status::InvalidArgument("“" + v + "”不是有效的文号（例：国办发〔2008〕60号）");
      v = n->Normalised();
    } else if (rec.path == "/date/value" && !v.empty()) {
      auto d = ParseDate(v);
      if (!d) return Status::InvalidArgument("“" + v + "”不是有效的日期（例：2008-07-10 或 二〇〇八年七月十日）");
      v = *d;
    } else if (rec.path == "/kind/value") {
      static const std::set<std::string> kKinds = {"三定规定", "批复", "通知", "决定", "意见", "其他"};
      if (!kKinds.count(v)) {
        return Status::InvalidArgument("“" + v + "”不是文件类型（可用 三定规定、批复、通知、决定、意见、其他）");
      }
    } else if (rec.path == "/access/value") {
      if (v != "内部" && v != "公开" && !v.empty()) {
        return Status::InvalidArgument("“" + v + "”不是公开属性（可用 内部、公开，或空表示文件未标注）");
      }
    }
    value = v;
  } else {
    try {
      value = nlohmann::json::parse(req.value);
    } catch (const nlohmann::json::exception&) {
      value = req.value;  // plain text
    }
  }
  rec.value = value.dump();
  return rec;
}

CuratedFacts ApplyCorrections(const nlohmann::json& machine,
                              const std::vector<CorrectionRecord>& corrections) {
  CuratedFacts out;
  out.machine = machine;
  out.effective = machine;
  std::set<uint64_t> withdrawn;
  for (const CorrectionRecord& c : corrections)
    if (c.op == "withdraw") withdrawn.insert(c.withdraws);
  for (const CorrectionRecord& c : corrections) {
    AppliedCorrection a;
    a.record = c;
    a.withdrawn = withdrawn.count(c.seq) > 0;
    if (c.op == "withdraw" || a.withdrawn) {
      out.corrections.push_back(std::move(a));
      continue;
    }
    try {
      nlohmann::json::json_pointer ptr(c.path);
      if (out.effective.contains(ptr)) a.previous = out.effective.at(ptr);
      nlohmann::json op = {{"op", c.op}, {"path", c.path}};
      if (c.op != "remove") op["value"] = nlohmann::json::parse(c.value);
      out.effective = out.effective.patch(nlohmann::json::array({op}));
      a.applied = true;
    } catch (const nlohmann::json::exception&) {
      a.problem = "无法应用：提取结果中已没有“" + c.path + "”（可能是重新提取后结构变化）";
    }
    out.corrections.push_back(std::move(a));
  }
  return out;
}

}  // namespace sanding::extract
