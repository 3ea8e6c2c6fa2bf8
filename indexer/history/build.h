// Deriving the history chain from the extracted documents and the archivists' curations.
//
// The build is a pure function of its inputs: documents are folded in date order (then 文号, then
// file), so the chain is the same whatever order the documents were loaded in. The rules, each
// read from what documents of this kind say:
//  - Events start and end institutions and versions: established / split (to) / merged into a
//    new body start one; merged (from) / split (from) / abolished end one; renamed,
//    rank_changed, placed_under, staffing_changed and merged into an existing body start a new
//    version on the event's date. duty_transferred links bodies without starting a version (the
//    duties themselves are what the next 三定 prints).
//  - A 三定 (regulation) sets the duties, internal units and staffing of one version. When it
//    implements a decision ("根据《…》（清发〔2010〕3号）") found in the archive, that version
//    starts on the decision's date (the reform date); otherwise it fills the version in force on
//    its own date. What a version does not set it inherits from the one before.
//  - Profiles (机构规格, kind, supervising body, abbreviation) fill the version they are stated for.
//  - A staffing change with a stated delta (核增3名) applies it to the count in force; a stated
//    total that disagrees, or two documents disagreeing on any field of one version, becomes a
//    Conflict with both citations; the later document's value is used and the choice is said.
//  - Names resolve to institutions by the id the extractor found (from an authority), else by
//    the names and abbreviations the chain itself has learnt up to that date; a body first met
//    under an unknown full name gets a new identity, id "org:<name>" (a later body reusing a
//    dead body's name gets "org:<name>@<date>").
// Curations (store/chain.h) are applied on top: added events fold in like a document's, retracted
// events and facts are left out, `set` starts a version, `correct` amends one.
#pragma once

#include <string>
#include <vector>

#include "indexer/extract/facts.h"
#include "indexer/history/chain.h"
#include "store/chain.h"

namespace sanding::history {

struct SourceDocument {
  std::string sha256;              // the document's (first) file
  extract::DocumentFacts facts;    // with the archivists' corrections applied
};

Chain BuildChain(const std::vector<SourceDocument>& documents,
                 const std::vector<ChainCuration>& curations);

// The stable id of an event (what BuildChain assigns).
std::string EventId(const std::string& type, const std::string& date,
                    const std::vector<std::string>& from, const std::vector<std::string>& to,
                    const std::string& duty, const Citation& source);

}  // namespace sanding::history
