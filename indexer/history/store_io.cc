#include "indexer/history/store_io.h"

#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "indexer/extract/curation.h"
#include "indexer/extract/run.h"
#include "indexer/history/index_rows.h"

namespace sanding::history {
namespace {

constexpr char kSep = '\x1f';

template <typename T>
ChainRow Row(ChainKind kind, std::string id, const T& value) {
  ChainRow r;
  r.kind = kind;
  r.id = std::move(id);
  r.body = nlohmann::json(value).dump();
  return r;
}

template <typename T>
Status Parse(const ChainRow& row, T* out) {
  try {
    nlohmann::json::parse(row.body).get_to(*out);
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("沿革记录（") + ChainKindName(row.kind) + " " + row.id +
                              "）已损坏：" + e.what());
  }
  return Status::Ok();
}

Result<uint64_t> Resolve(Store& store, std::optional<uint64_t> tx) {
  if (tx) return *tx;
  return store.LastChainTx();
}

template <typename T>
Status ScanInto(Store& store, ChainKind kind, const std::string& prefix, uint64_t tx,
                std::vector<T>* out) {
  Status inner = Status::Ok();
  Status st = store.ScanChain(kind, prefix, tx, [&](const ChainRow& row) {
    T v;
    inner = Parse(row, &v);
    if (!inner.ok()) return false;
    out->push_back(std::move(v));
    return true;
  });
  if (!st.ok()) return st;
  return inner;
}

}  // namespace

std::string VersionRowId(const std::string& institution, const std::string& valid_from) {
  return institution + kSep + valid_from;
}

std::vector<ChainRow> ToRows(const Chain& chain) {
  std::vector<ChainRow> rows;
  rows.reserve(chain.institutions.size() + chain.versions.size() + chain.events.size() +
               chain.conflicts.size());
  for (const auto& i : chain.institutions) rows.push_back(Row(ChainKind::kInstitution, i.id, i));
  for (const auto& v : chain.versions)
    rows.push_back(Row(ChainKind::kVersion, VersionRowId(v.institution, v.valid_from), v));
  for (const auto& e : chain.events) rows.push_back(Row(ChainKind::kEvent, e.id, e));
  for (const auto& c : chain.conflicts) rows.push_back(Row(ChainKind::kConflict, c.id, c));
  for (auto& r : IndexRows(chain)) rows.push_back(std::move(r));
  return rows;
}

Result<std::vector<SourceDocument>> LoadSourceDocuments(Store& store) {
  std::vector<std::string> shas;
  SANDING_RETURN_IF_ERROR(store.ForEachFile([&](const FileRecord& f) {
    if (f.state == FileState::kComplete) shas.push_back(f.sha256);
    return true;
  }));
  std::vector<SourceDocument> docs;
  for (const auto& sha : shas) {
    auto raw = store.GetFacts(sha);
    if (!raw.ok()) return raw.status();
    if (!raw->has_value()) continue;
    nlohmann::json machine = nlohmann::json::parse(**raw, nullptr, false);
    if (machine.is_discarded()) {
      return Status::Corruption("文件 " + sha + " 的提取结果已损坏");
    }
    if (!machine.value("part_of", std::string()).empty() && machine["part_of"] != sha) continue;
    auto corrections = store.ListCorrections(sha);
    if (!corrections.ok()) return corrections.status();
    SourceDocument d;
    d.sha256 = sha;
    try {
      extract::ApplyCorrections(machine, *corrections).effective.get_to(d.facts);
    } catch (const nlohmann::json::exception& e) {
      return Status::Corruption("文件 " + sha + " 的提取结果无法读取：" + e.what());
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

Result<std::vector<ChainRow>> LoadIndexRows(Store& store, std::optional<uint64_t> tx) {
  auto at = Resolve(store, tx);
  if (!at.ok()) return at.status();
  std::vector<ChainRow> rows;
  for (ChainKind kind : {ChainKind::kName, ChainKind::kCard, ChainKind::kRegion}) {
    SANDING_RETURN_IF_ERROR(store.ScanChain(kind, "", *at, [&](const ChainRow& row) {
      rows.push_back(row);
      return true;
    }));
  }
  return rows;
}

Result<ChainTx> CommitWholeChain(Store& store, const Chain& chain, ChainTx meta) {
  // Only rows that are new or changed go to the store, and the current rows the chain lacks are
  // closed: a rebuild that changes six rows writes six rows.
  std::map<std::pair<ChainKind, std::string>, std::string> current;
  auto last = store.LastChainTx();
  if (!last.ok()) return last.status();
  for (ChainKind kind : kAllChainKinds) {
    SANDING_RETURN_IF_ERROR(store.ScanChain(kind, "", *last, [&](const ChainRow& row) {
      current.emplace(std::make_pair(row.kind, row.id), row.body);
      return true;
    }));
  }
  ChainChange change;
  change.tx = std::move(meta);
  for (auto& r : ToRows(chain)) {
    auto it = current.find({r.kind, r.id});
    if (it != current.end()) {
      const bool same = it->second == r.body;
      current.erase(it);
      if (same) continue;
    }
    change.put.push_back(std::move(r));
  }
  for (const auto& [key, body] : current) change.close.push_back(key);
  return store.CommitChain(change);
}

Result<RebuildReport> RebuildChain(Store& store, const std::string& by,
                                   const std::string& reason) {
  auto docs = LoadSourceDocuments(store);
  if (!docs.ok()) return docs.status();
  auto curations = store.ListChainCurations();
  if (!curations.ok()) return curations.status();
  const Chain chain = BuildChain(*docs, *curations);
  ChainTx meta;
  meta.kind = "build";
  meta.by = by;
  meta.reason = reason;
  auto tx = CommitWholeChain(store, chain, meta);
  if (!tx.ok()) return tx.status();
  RebuildReport r;
  r.tx = *tx;
  r.institutions = chain.institutions.size();
  r.versions = chain.versions.size();
  r.events = chain.events.size();
  r.conflicts = chain.conflicts.size();
  r.notes = chain.notes.size();
  return r;
}

Result<Chain> LoadChain(Store& store, std::optional<uint64_t> tx) {
  auto at = Resolve(store, tx);
  if (!at.ok()) return at.status();
  Chain chain;
  SANDING_RETURN_IF_ERROR(ScanInto(store, ChainKind::kInstitution, "", *at, &chain.institutions));
  SANDING_RETURN_IF_ERROR(ScanInto(store, ChainKind::kVersion, "", *at, &chain.versions));
  SANDING_RETURN_IF_ERROR(ScanInto(store, ChainKind::kEvent, "", *at, &chain.events));
  SANDING_RETURN_IF_ERROR(ScanInto(store, ChainKind::kConflict, "", *at, &chain.conflicts));
  // Rows come in id order; the model's orders are by institution/valid_from (versions: the row
  // id already sorts so, "" first) and by date (events).
  std::stable_sort(chain.events.begin(), chain.events.end(), [](const auto& a, const auto& b) {
    return std::tie(a.date, a.id) < std::tie(b.date, b.id);
  });
  return chain;
}

Result<uint64_t> TxAtTime(Store& store, int64_t at_ms) {
  auto txs = store.ListChainTx();
  if (!txs.ok()) return txs.status();
  uint64_t found = 0;
  for (const auto& t : *txs) {
    if (t.at_ms <= at_ms) found = std::max(found, t.number);
  }
  return found;
}

Result<InstitutionRecord> LoadInstitution(Store& store, const std::string& id,
                                          std::optional<uint64_t> tx) {
  auto at = Resolve(store, tx);
  if (!at.ok()) return at.status();
  std::vector<Institution> found;
  Status inner = Status::Ok();
  SANDING_RETURN_IF_ERROR(store.ScanChain(ChainKind::kInstitution, id, *at, [&](const ChainRow& r) {
    if (r.id != id) return false;
    Institution i;
    inner = Parse(r, &i);
    if (inner.ok()) found.push_back(std::move(i));
    return false;
  }));
  SANDING_RETURN_IF_ERROR(inner);
  if (found.empty()) return Status::NotFound("沿革中没有机构 " + id);
  InstitutionRecord rec;
  rec.institution = std::move(found.front());
  SANDING_RETURN_IF_ERROR(
      ScanInto(store, ChainKind::kVersion, id + kSep, *at, &rec.versions));
  return rec;
}

Result<std::optional<Version>> VersionAsOf(Store& store, const std::string& id,
                                           const std::string& date, std::optional<uint64_t> tx) {
  auto at = Resolve(store, tx);
  if (!at.ok()) return at.status();
  // Row ids sort by valid_from ("" first): the candidate is the last version starting on or
  // before `date`; only it is parsed.
  std::optional<ChainRow> last;
  SANDING_RETURN_IF_ERROR(store.ScanChain(ChainKind::kVersion, id + kSep, *at,
                                          [&](const ChainRow& r) {
    const std::string_view from = std::string_view(r.id).substr(id.size() + 1);
    if (!from.empty() && from > date) return false;
    last = r;
    return true;
  }));
  if (!last) return std::optional<Version>();
  Version v;
  SANDING_RETURN_IF_ERROR(Parse(*last, &v));
  if (!InForce(v.valid_from, v.valid_to, date)) return std::optional<Version>();
  return std::optional<Version>(std::move(v));
}

}  // namespace sanding::history
