#include "bench/search/metrics.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "bench/search/split.h"

namespace sanding::bench::search {

std::vector<Query> LoadStardQueries(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("无法打开查询文件 " + path);
  nlohmann::json j;
  try {
    in >> j;
  } catch (const std::exception& e) {
    throw std::runtime_error("查询文件 " + path + " 不是有效的 JSON：" + e.what());
  }
  if (!j.is_array()) throw std::runtime_error("查询文件 " + path + " 应为 JSON 数组");
  std::vector<Query> out;
  for (const auto& q : j) {
    Query query;
    query.id = q.at("query_id").get<int>();
    query.text = q.at("问题").get<std::string>();
    for (const auto& name : q.at("match_name")) query.relevant.insert(NormaliseKey(name.get<std::string>()));
    out.push_back(std::move(query));
  }
  return out;
}

QueryScore Score(const std::vector<std::string>& ranked_keys, const std::set<std::string>& relevant,
                 size_t k) {
  QueryScore s;
  if (relevant.empty()) return s;
  std::set<std::string> seen;
  double dcg = 0;
  const size_t n = std::min(k, ranked_keys.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string& key = ranked_keys[i];
    if (key.empty() || !relevant.contains(key)) continue;
    if (!seen.insert(key).second) continue;  // a later duplicate of a key already counted
    dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  }
  double idcg = 0;
  for (size_t i = 0; i < std::min(k, relevant.size()); ++i) idcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  s.recall = static_cast<double>(seen.size()) / static_cast<double>(relevant.size());
  s.ndcg = idcg > 0 ? dcg / idcg : 0;
  return s;
}

double Percentile(std::vector<double> values, double pct) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(pct / 100.0 * static_cast<double>(values.size()));
  const size_t idx = rank < 1 ? 0 : std::min(values.size() - 1, static_cast<size_t>(rank) - 1);
  return values[idx];
}

}  // namespace sanding::bench::search
