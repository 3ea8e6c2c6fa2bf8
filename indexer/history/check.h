// Invariants of a stored history chain, for `sanding check`.
#pragma once

#include <string>
#include <vector>

#include "indexer/history/chain.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::history {

// Problems (Chinese, one per line) of `chain`: versions of each institution contiguous, ordered,
// non-overlapping and within its lifetime; every institution with a version; events and parents
// naming institutions of the chain, alive on the event's date; every citation's file in the
// store. Empty when the chain is sound.
Result<std::vector<std::string>> CheckChain(Store& store, const Chain& chain);

}  // namespace sanding::history
