// Keeping the history chain in the store and reading it back.
//
// The chain is stored as bitemporal rows (store/chain.h): one row per institution, version
// (id "<institution>\x1f<valid_from>"), event and conflict, the body being the JSON of
// chain.h. Rebuild derives the chain from every document's facts (corrections applied) and the
// curation log, and commits only what changed as one transaction: one WriteBatch, so a crash
// leaves the previous chain or the new one, never half. Rows that changed are closed, not
// rewritten, so the chain as recorded at any earlier transaction stays readable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "indexer/history/build.h"
#include "indexer/history/chain.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::history {

std::string VersionRowId(const std::string& institution, const std::string& valid_from);

// Every kind of row the chain is stored as.
inline constexpr ChainKind kAllChainKinds[] = {ChainKind::kInstitution, ChainKind::kVersion,
                                               ChainKind::kEvent,       ChainKind::kConflict,
                                               ChainKind::kName,        ChainKind::kCard,
                                               ChainKind::kRegion};

// Every row of `chain`: its facts and the lookup rows derived from them (index_rows.h).
std::vector<ChainRow> ToRows(const Chain& chain);

// The stored lookup rows (kName, kCard, kRegion) as recorded at `tx` (nullopt: latest).
Result<std::vector<ChainRow>> LoadIndexRows(Store& store, std::optional<uint64_t> tx = std::nullopt);

// The documents of the store as the builder reads them: each complete document's facts (the
// first file of a page group), with the archivists' corrections applied.
Result<std::vector<SourceDocument>> LoadSourceDocuments(Store& store);

struct RebuildReport {
  ChainTx tx;  // number 0 when nothing changed
  size_t institutions = 0, versions = 0, events = 0, conflicts = 0, notes = 0;
};

// Builds the chain from the store's documents and curations and commits the difference.
Result<RebuildReport> RebuildChain(Store& store, const std::string& by, const std::string& reason);

// Commits `chain` as the current chain: puts every row, closes the current rows it lacks.
Result<ChainTx> CommitWholeChain(Store& store, const Chain& chain, ChainTx meta);

// The chain as recorded at transaction `tx` (nullopt: the latest). Notes are not stored.
Result<Chain> LoadChain(Store& store, std::optional<uint64_t> tx = std::nullopt);

// The transaction in force at a wall-clock time (Unix ms): the last one committed at or before
// it (0 when none).
Result<uint64_t> TxAtTime(Store& store, int64_t at_ms);

// One institution and its versions as recorded at `tx` (nullopt: latest), read by prefix
// without loading the whole chain. NotFound when the id is unknown.
struct InstitutionRecord {
  Institution institution;
  std::vector<Version> versions;
};
Result<InstitutionRecord> LoadInstitution(Store& store, const std::string& id,
                                          std::optional<uint64_t> tx = std::nullopt);

// The version of `id` in force on `date`, as recorded at `tx` (nullopt: latest); nullopt when
// none is.
Result<std::optional<Version>> VersionAsOf(Store& store, const std::string& id,
                                           const std::string& date,
                                           std::optional<uint64_t> tx = std::nullopt);

}  // namespace sanding::history
