#include "query/search.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "store/text.h"

namespace sanding::query {

namespace {

constexpr char kMarkBegin = '\x01';  // indexer::PageHit::snippet markers
constexpr char kMarkEnd = '\x02';

void AppendHtmlEscaped(std::string& out, char c) {
  switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out.push_back(c);
  }
}

std::string SnippetToHtml(std::string_view snippet) {
  std::string out;
  out.reserve(snippet.size() + 32);
  for (char c : snippet) {
    if (c == kMarkBegin) {
      out += "<mark>";
    } else if (c == kMarkEnd) {
      out += "</mark>";
    } else {
      AppendHtmlEscaped(out, c);
    }
  }
  return out;
}

std::string SnippetToText(std::string_view snippet, bool color) {
  std::string out;
  out.reserve(snippet.size() + 32);
  for (char c : snippet) {
    if (c == kMarkBegin) {
      out += color ? "\x1b[1;31m" : "【";
    } else if (c == kMarkEnd) {
      out += color ? "\x1b[0m" : "】";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Display strings of every source of every file of a document (a document scanned one image per
// page has one file per page). A file the store no longer knows has none.
Result<std::vector<std::string>> Sources(Store& store, const indexer::DocumentHit& hit) {
  std::vector<std::string> out;
  for (const std::string& sha :
       hit.files.empty() ? std::vector<std::string>{hit.sha256} : hit.files) {
    auto file = store.GetFile(sha);
    if (!file.ok()) {
      if (file.status().code() == Status::Code::kNotFound) continue;
      return file.status();
    }
    for (const SourceRef& src : file->sources) {
      std::string shown = text::SanitizeUtf8(src.Display());
      if (std::find(out.begin(), out.end(), shown) == out.end()) out.push_back(std::move(shown));
    }
  }
  return out;
}

Result<indexer::SearchResponse> RunSearch(indexer::Index& index, const std::string& query,
                                          const SearchOptions& options) {
  indexer::SearchRequest request;
  request.query = query;
  request.offset = options.offset;
  request.limit = options.limit;
  request.sort = options.sort;
  request.include_internal = options.include_internal;
  request.facet_limit = options.facet_limit;
  return index.Search(request);
}

const char* SortName(indexer::SearchRequest::Sort sort) {
  switch (sort) {
    case indexer::SearchRequest::Sort::kDateDesc:
      return "date";
    case indexer::SearchRequest::Sort::kDateAsc:
      return "date_asc";
    default:
      return "relevance";
  }
}

nlohmann::json FacetJson(const std::vector<indexer::FacetValue>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : values) out.push_back({{"value", v.value}, {"count", v.count}});
  return out;
}

std::string FacetLine(const char* label, const std::vector<indexer::FacetValue>& values,
                      size_t limit) {
  if (values.empty()) return "";
  std::string out = std::string("   ") + label + "：";
  for (size_t i = 0; i < values.size() && i < limit; ++i) {
    if (i > 0) out += "、";
    out += values[i].value + "（" + std::to_string(values[i].count) + "）";
  }
  if (values.size() > limit) out += " 等";
  return out + "\n";
}

}  // namespace

Result<nlohmann::json> SearchJson(indexer::Index& index, Store& store, const std::string& query,
                                  const SearchOptions& options) {
  auto response = RunSearch(index, query, options);
  if (!response.ok()) return response.status();
  nlohmann::json out;
  out["query"] = text::SanitizeUtf8(query);
  out["total"] = response->total;
  out["offset"] = options.offset;
  out["limit"] = options.limit;
  out["sort"] = SortName(options.sort);
  out["hits"] = nlohmann::json::array();
  for (const indexer::DocumentHit& hit : response->hits) {
    auto sources = Sources(store, hit);
    if (!sources.ok()) return sources.status();
    nlohmann::json h;
    h["sha256"] = hit.sha256;
    h["title"] = hit.title;
    h["name"] = hit.name;
    h["files"] = hit.files;
    h["format"] = hit.format;
    h["page_count"] = hit.page_count;
    h["doc_number"] = hit.doc_number;
    h["kind"] = hit.kind;
    h["date"] = hit.date;
    h["issuer"] = hit.issuer;
    h["institutions"] = hit.institutions;
    h["internal"] = hit.internal;
    h["score"] = hit.score;
    h["page"] = hit.best.page;
    h["matching_pages"] = hit.matching_pages;
    h["snippet"] = SnippetToHtml(hit.best.snippet);
    h["sources"] = *sources;
    out["hits"].push_back(std::move(h));
  }
  out["facets"] = {{"year", FacetJson(response->facets.year)},
                   {"kind", FacetJson(response->facets.kind)},
                   {"issuer", FacetJson(response->facets.issuer)},
                   {"institution", FacetJson(response->facets.institution)}};
  return out;
}

Result<std::string> SearchText(indexer::Index& index, Store& store, const std::string& query,
                               const SearchOptions& options, bool color) {
  auto response = RunSearch(index, query, options);
  if (!response.ok()) return response.status();
  if (response->total == 0) {
    return "未找到与“" + text::SanitizeUtf8(query) + "”相关的文件\n";
  }
  std::string out = "共找到 " + std::to_string(response->total) + " 份文件\n";
  if (response->hits.empty()) {
    out += "（第 " + std::to_string(options.offset + 1) + " 份起没有更多结果）\n";
    return out;
  }
  size_t number = options.offset;
  for (const indexer::DocumentHit& hit : response->hits) {
    auto sources = Sources(store, hit);
    if (!sources.ok()) return sources.status();
    out += "\n" + std::to_string(++number) + ". " + hit.title + "（" + hit.name + "，第" +
           std::to_string(hit.best.page) + "页，共" + std::to_string(hit.page_count) + "页）" +
           (hit.internal ? "【内部】" : "") + "\n";
    std::string meta;
    for (const std::string& part : {hit.doc_number, hit.date, hit.kind, hit.issuer}) {
      if (part.empty()) continue;
      meta += (meta.empty() ? "" : " · ") + part;
    }
    if (!meta.empty()) out += "   " + meta + "\n";
    out += "   " + SnippetToText(hit.best.snippet, color) + "\n";
    for (const std::string& src : *sources) out += "   来源：" + src + "\n";
  }
  if (options.facet_limit > 0) {
    const auto& f = response->facets;
    std::string facets = FacetLine("年份", f.year, 8) + FacetLine("类型", f.kind, 8) +
                         FacetLine("发文机关", f.issuer, 5) + FacetLine("机构", f.institution, 5);
    if (!facets.empty())
      out += "\n分面统计（全部 " + std::to_string(response->total) + " 份）：\n" + facets;
  }
  return out;
}

}  // namespace sanding::query
