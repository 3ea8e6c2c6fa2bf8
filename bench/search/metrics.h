// Relevance judgements and scores of the search benchmark: the STARD dev queries
// (../shared/realdata/stard/dev_queries.json) and Recall@k / nDCG@k over article keys
// (bench/search/split.h). Several corpus documents may carry the same key (versions of one law,
// identical articles): in a ranked list only the first document of each key can gain; later
// documents with the same key gain nothing.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace sanding::bench::search {

struct Query {
  int id = 0;
  std::string text;                 // 问题, passed as-is to each engine
  std::set<std::string> relevant;   // NormaliseKey of each match_name
};

// Reads the STARD query file (a JSON list of {"query_id", "问题", "match_name": [...]}). Throws
// std::runtime_error naming the file when it cannot be read or parsed.
std::vector<Query> LoadStardQueries(const std::string& path);

struct QueryScore {
  double recall = 0;  // distinct relevant keys in the top k / relevant keys
  double ndcg = 0;    // binary gains, log2(rank + 1) discount, ideal = min(|relevant|, k) ones
};

// `ranked_keys`: the key of each returned document, best first ("" for an unknown document).
// Only the first k entries count. A query without relevant keys scores 0.
QueryScore Score(const std::vector<std::string>& ranked_keys, const std::set<std::string>& relevant,
                 size_t k = 10);

// Percentile (0..100) of `values` by nearest rank; 0 for none.
double Percentile(std::vector<double> values, double pct);

}  // namespace sanding::bench::search
