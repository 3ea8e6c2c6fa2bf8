#include "query/archive.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "indexer/extract/curation.h"
#include "indexer/extract/names.h"

namespace sanding::query {

namespace fs = std::filesystem;

Result<std::unique_ptr<Archive>> Archive::Open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("无法创建数据目录 " + dir + "：" + ec.message());
  auto store = Store::OpenRocksDb(dir + "/store");
  if (!store.ok()) return store.status();
  auto index = indexer::Index::Open(dir + "/index");
  if (!index.ok()) return index.status();
  auto a = std::unique_ptr<Archive>(new Archive());
  a->path_ = dir;
  a->store_ = std::move(store).value();
  a->index_ = std::move(index).value();
  return a;
}

Archive::~Archive() {
  // The indexes read the store only through calls; close them before it.
  clauses_.reset();
  index_.reset();
  store_.reset();
}

Result<indexer::ClauseIndex*> Archive::clauses() {
  std::lock_guard<std::mutex> lock(clauses_mu_);
  if (!clauses_) {
    auto index = indexer::ClauseIndex::Open(path_ + "/clauses");
    if (!index.ok()) return index.status();
    clauses_ = std::move(index).value();
  }
  return clauses_.get();
}

Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("无法打开文件 " + path);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument("文件 " + path + " 不是有效的 JSON：" + e.what());
  }
}

Result<extract::ExtractRunReport> Archive::RunExtraction(bool all) {
  extract::ExtractRunOptions options;
  options.all = all;
  const std::string path = AuthorityPath();
  if (fs::exists(path)) {
    auto j = ReadJsonFile(path);
    if (!j.ok()) return j.status();
    auto authority = extract::Authority::FromInstitutionsJson(*j);
    if (!authority.ok()) return authority.status();
    options.authority = std::make_shared<const extract::Authority>(std::move(authority).value());
  }
  return extract::ExtractStore(store(), options);
}

Result<history::RebuildReport> Archive::RebuildHistory(const std::string& reason) {
  auto report = history::RebuildChain(store(), "sanding", reason);
  if (!report.ok()) return report;
  SANDING_RETURN_IF_ERROR(SyncClauseIndex());
  return report;
}

Status Archive::SyncClauseIndex(bool rebuild) {
  if (rebuild) {
    std::lock_guard<std::mutex> lock(clauses_mu_);
    clauses_.reset();
    const std::string path = path_ + "/clauses";
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) return Status::IOError("无法删除职责条款索引目录 " + path + "：" + ec.message());
  }
  auto index = clauses();
  if (!index.ok()) return index.status();
  return (*index)->Sync(store());
}

Result<Archive::Derived> Archive::UpdateDerived(const std::string& reason) {
  Derived d;
  auto extraction = RunExtraction(/*all=*/false);
  if (!extraction.ok()) return extraction.status();
  d.extraction = *extraction;
  auto chain = RebuildHistory(reason);
  if (!chain.ok()) return chain.status();
  d.chain = *chain;
  SANDING_RETURN_IF_ERROR(index().Sync(store()));
  SANDING_RETURN_IF_ERROR(store().Sync());
  return d;
}

Result<Archive::Corrected> Archive::Correct(extract::CorrectionRequest req) {
  auto lock = WriteLock();
  std::string owner;
  auto facts = extract::LoadFacts(store(), req.sha256, &owner);
  if (!facts.ok()) return facts.status();
  auto existing = store().ListCorrections(owner);
  if (!existing.ok()) return existing.status();
  req.sha256 = owner;
  if (req.op != "withdraw" && req.field.empty())
    return Status::InvalidArgument("请指明要更正的字段，或撤回一条更正");
  const auto current = extract::ApplyCorrections(nlohmann::json(*facts), *existing).effective;
  auto rec = extract::MakeCorrection(req, current, *existing);
  if (!rec.ok()) return rec.status();
  auto stored = store().AddCorrection(*rec);
  if (!stored.ok()) return stored.status();
  auto chain = RebuildHistory("文件更正 #" + std::to_string(stored->seq) + "：" + stored->reason);
  if (!chain.ok()) return chain.status();
  SANDING_RETURN_IF_ERROR(index().Sync(store()));
  SANDING_RETURN_IF_ERROR(store().Sync());
  Corrected out;
  out.record = *stored;
  auto tx = store().LastChainTx();
  if (tx.ok()) out.chain_tx = *tx;
  return out;
}

Result<std::string> ResolveSha(Store& store, const std::string& prefix) {
  std::string p;
  for (char c : prefix) p.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (p.size() < 8 || p.size() > 64 ||
      p.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Status::InvalidArgument("文件标识“" + prefix +
                                   "”无效：需要至少 8 位十六进制的 SHA-256 前缀");
  }
  if (p.size() == 64) return p;
  std::vector<std::string> found;
  Status st = store.ForEachFile([&](const FileRecord& f) {
    if (f.sha256.compare(0, p.size(), p) == 0) found.push_back(f.sha256);
    return found.size() < 2;
  });
  if (!st.ok()) return st;
  if (found.empty()) return Status::NotFound("没有找到标识以“" + prefix + "”开头的文件");
  if (found.size() > 1)
    return Status::InvalidArgument("标识前缀“" + prefix + "”对应多个文件，请输入更长的前缀");
  return found.front();
}

Result<std::vector<ocr::ReviewEntry>> ReviewQueue(Store& store, double threshold) {
  std::vector<ocr::ReviewEntry> rows;
  Status st = store.ForEachPage([&](const PageRecord& p) {
    if (ocr::NeedsReview(p, threshold))
      rows.push_back({p.sha256, "", p.page, p.mean_confidence, p.note});
    return true;
  });
  if (!st.ok()) return st;
  std::map<std::string, std::string> first_source;
  for (auto& r : rows) {
    auto it = first_source.find(r.sha256);
    if (it == first_source.end()) {
      auto f = store.GetFile(r.sha256);
      std::string src = f.ok() && !f->sources.empty() ? f->sources.front().Display() : r.sha256;
      it = first_source.emplace(r.sha256, src).first;
    }
    r.source = it->second;
  }
  return rows;
}

Result<nlohmann::json> ExtractionJson(Store& store, const std::string& sha) {
  std::string owner;
  auto facts = extract::LoadFacts(store, sha, &owner);
  if (!facts.ok()) {
    if (facts.status().code() != Status::Code::kNotFound) return facts.status();
    return nlohmann::json(nullptr);
  }
  auto corrections = store.ListCorrections(owner);
  if (!corrections.ok()) return corrections.status();
  const extract::CuratedFacts curated =
      extract::ApplyCorrections(nlohmann::json(*facts), *corrections);
  nlohmann::json e;
  e["document"] = owner;
  e["facts"] = curated.effective;
  e["machine"] = curated.machine;
  e["corrections"] = nlohmann::json::array();
  for (const auto& c : curated.corrections) {
    nlohmann::json cj = c.record;
    cj["applied"] = c.applied;
    cj["withdrawn"] = c.withdrawn;
    cj["previous"] = c.previous;
    cj["problem"] = c.problem;
    e["corrections"].push_back(std::move(cj));
  }
  return e;
}

}  // namespace sanding::query
