#include "indexer/internal/highlight.h"

#include <algorithm>
#include <unordered_map>

#include "store/text.h"

namespace sanding::indexer::internal {

namespace {

bool IsSnippetSpace(wchar_t c) {
  return c == L' ' || c == L'\t' || c == L'\n' || c == L'\r' || c == L'\f' || c == L'\v';
}

// Chinese characters and full-width punctuation: no space is needed between two of them.
bool IsWide(wchar_t c) {
  return IsCjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0x2018 && c <= 0x201F) || c == L'…' || c == L'—' || c == L'·';
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

std::string MakeSnippet(std::string_view original_utf8, const std::vector<QueryClause>& clauses,
                        size_t width) {
  const std::wstring text = Utf8ToWide(
      text::IsValidUtf8(original_utf8) ? original_utf8 : text::SanitizeUtf8(original_utf8));
  const auto n = static_cast<int32_t>(text.size());

  // Normalise code point by code point (NFKC, case fold) so every normalised character knows the
  // original one it came from; matches found on the normalised text map back to the original.
  std::wstring norm;
  std::vector<int32_t> origin;  // norm index -> text index
  norm.reserve(text.size());
  origin.reserve(text.size());
  for (int32_t i = 0; i < n; ++i) {
    const wchar_t c = text[i];
    std::wstring piece;
    if (c < 0x80) {
      piece.push_back(static_cast<wchar_t>(c >= L'A' && c <= L'Z' ? c - L'A' + L'a' : c));
    } else {
      piece = NormalizeForTokens(WideToUtf8(std::wstring(1, c)));
    }
    for (wchar_t p : piece) {
      norm.push_back(p);
      origin.push_back(i);
    }
  }
  std::vector<Span> spans;
  for (const Span& s : FindMatches(Tokenize(norm), clauses)) {
    if (s.start >= s.end || s.end > static_cast<int32_t>(origin.size())) continue;
    Span o{origin[s.start], origin[s.end - 1] + 1};
    if (!spans.empty() && o.start <= spans.back().end) {
      spans.back().end = std::max(spans.back().end, o.end);
    } else {
      spans.push_back(o);
    }
  }
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
  // Whitespace collapses to one space, and disappears between two Chinese characters or
  // full-width marks (a line break inside a Chinese sentence is not a word break).
  auto flush_space = [&](wchar_t next) {
    if (pending_space && !out.empty() && out.back() != L'…') {
      wchar_t prev = out.back();
      if (prev == static_cast<wchar_t>(kMarkBegin) || prev == static_cast<wchar_t>(kMarkEnd)) {
        prev = out.size() >= 2 ? out[out.size() - 2] : L' ';
      }
      if (!(IsWide(prev) && IsWide(next))) out.push_back(L' ');
    }
    pending_space = false;
  };
  for (int32_t i = start; i < end; ++i) {
    const wchar_t c = text[i];
    if (!in_mark && next_span < spans.size() && spans[next_span].start == i) {
      flush_space(c);
      out.push_back(static_cast<wchar_t>(kMarkBegin));
      in_mark = true;
    }
    if (IsSnippetSpace(c)) {
      pending_space = true;
    } else if (c >= 0x20 && c != 0x7F) {  // other control characters are dropped
      flush_space(c);
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
