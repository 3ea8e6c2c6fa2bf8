#include "query/search.h"

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

// Display strings of every source of a file. A file the store no longer knows has none.
Result<std::vector<std::string>> Sources(Store& store, const std::string& sha256) {
  auto file = store.GetFile(sha256);
  if (!file.ok()) {
    if (file.status().code() == Status::Code::kNotFound) return std::vector<std::string>{};
    return file.status();
  }
  std::vector<std::string> out;
  for (const SourceRef& src : file->sources) out.push_back(text::SanitizeUtf8(src.Display()));
  return out;
}

Result<indexer::SearchResponse> RunSearch(indexer::Index& index, const std::string& query,
                                          const SearchOptions& options) {
  indexer::SearchRequest request;
  request.query = query;
  request.offset = options.offset;
  request.limit = options.limit;
  return index.Search(request);
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
  out["hits"] = nlohmann::json::array();
  for (const indexer::DocumentHit& hit : response->hits) {
    auto sources = Sources(store, hit.sha256);
    if (!sources.ok()) return sources.status();
    nlohmann::json h;
    h["sha256"] = hit.sha256;
    h["title"] = hit.title;
    h["name"] = hit.name;
    h["format"] = hit.format;
    h["page_count"] = hit.page_count;
    h["score"] = hit.score;
    h["page"] = hit.best.page;
    h["matching_pages"] = hit.matching_pages;
    h["snippet"] = SnippetToHtml(hit.best.snippet);
    h["sources"] = *sources;
    out["hits"].push_back(std::move(h));
  }
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
    auto sources = Sources(store, hit.sha256);
    if (!sources.ok()) return sources.status();
    out += "\n" + std::to_string(++number) + ". " + hit.title + "（" + hit.name + "，第" +
           std::to_string(hit.best.page) + "页，共" + std::to_string(hit.page_count) + "页）\n";
    out += "   " + SnippetToText(hit.best.snippet, color) + "\n";
    for (const std::string& src : *sources) out += "   来源：" + src + "\n";
  }
  return out;
}

}  // namespace sanding::query
