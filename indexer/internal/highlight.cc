#include "indexer/internal/highlight.h"

#include <algorithm>
#include <unordered_map>

namespace sanding::indexer::internal {

namespace {

bool IsSnippetSpace(wchar_t c) {
  return c == L' ' || c == L'\t' || c == L'\n' || c == L'\r' || c == L'\f' || c == L'\v';
}

}  // namespace

std::vector<Span> FindMatches(const std::vector<Token>& tokens,
                              const std::vector<QueryClause>& clauses) {
  // term -> indices of its tokens, ascending by position.
  std::unordered_map<std::wstring, std::vector<size_t>> by_term;
  for (size_t i = 0; i < tokens.size(); ++i) by_term[tokens[i].term].push_back(i);
  auto find_at = [&](const std::wstring& term, int32_t pos) -> const Token* {
    auto it = by_term.find(term);
    if (it == by_term.end()) return nullptr;
    const auto& v = it->second;
    auto lb = std::lower_bound(v.begin(), v.end(), pos,
                               [&](size_t idx, int32_t p) { return tokens[idx].position < p; });
    if (lb == v.end() || tokens[*lb].position != pos) return nullptr;
    return &tokens[*lb];
  };

  std::vector<Span> spans;
  for (const QueryClause& clause : clauses) {
    if (clause.terms.empty()) continue;
    auto first = by_term.find(clause.terms.front().first);
    if (first == by_term.end()) continue;
    for (size_t idx : first->second) {
      const int32_t base = tokens[idx].position - clause.terms.front().second;
      Span span{tokens[idx].start, tokens[idx].end};
      bool all = true;
      for (size_t k = 1; k < clause.terms.size() && all; ++k) {
        const Token* t = find_at(clause.terms[k].first, base + clause.terms[k].second);
        if (t == nullptr) {
          all = false;
        } else {
          span.start = std::min(span.start, t->start);
          span.end = std::max(span.end, t->end);
        }
      }
      if (all) spans.push_back(span);
    }
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  });
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

std::string MakeSnippet(std::string_view normalized_utf8, const std::vector<QueryClause>& clauses,
                        size_t width) {
  const std::wstring text = Utf8ToWide(normalized_utf8);
  const auto n = static_cast<int32_t>(text.size());
  const std::vector<Span> spans = FindMatches(Tokenize(FoldCase(text)), clauses);
  const auto w = static_cast<int32_t>(width);

  int32_t start = 0;
  int32_t end = std::min(n, w);
  if (!spans.empty()) {
    const Span& first = spans.front();
    const int32_t lead = std::max<int32_t>(0, (w - (first.end - first.start)) / 4);
    start = std::max<int32_t>(0, first.start - lead);
    end = std::min(n, start + w);
    if (end - start < w) start = std::max<int32_t>(0, end - w);
    end = std::max(end, first.end);
  }
  // Never cut a match in two.
  for (const Span& s : spans) {
    if (s.start < end && s.end > end) end = s.end;
  }

  std::wstring out;
  if (start > 0) out += L"…";
  size_t next_span = 0;
  while (next_span < spans.size() && spans[next_span].end <= start) ++next_span;
  bool in_mark = false;
  bool pending_space = false;
  auto flush_space = [&] {
    if (pending_space && !out.empty() && out.back() != L'…') out.push_back(L' ');
    pending_space = false;
  };
  for (int32_t i = start; i < end; ++i) {
    if (!in_mark && next_span < spans.size() && spans[next_span].start == i) {
      flush_space();
      out.push_back(static_cast<wchar_t>(kMarkBegin));
      in_mark = true;
    }
    const wchar_t c = text[i];
    if (IsSnippetSpace(c)) {
      pending_space = true;
    } else {
      flush_space();
      out.push_back(c);
    }
    if (in_mark && spans[next_span].end == i + 1) {
      out.push_back(static_cast<wchar_t>(kMarkEnd));
      in_mark = false;
      ++next_span;
    }
  }
  if (in_mark) out.push_back(static_cast<wchar_t>(kMarkEnd));
  if (end < n) out += L"…";
  return WideToUtf8(out);
}

}  // namespace sanding::indexer::internal
