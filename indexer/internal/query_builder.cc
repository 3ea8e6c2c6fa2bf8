#include "indexer/internal/query_builder.h"

#include <algorithm>
#include <map>

namespace sanding::indexer::internal {

namespace {

bool IsQuote(wchar_t c) { return c == L'"' || c == L'\u201C' || c == L'\u201D'; }

bool IsSpace(wchar_t c) {
  return c == L' ' || c == L'\t' || c == L'\n' || c == L'\r' || c == L'\f' || c == L'\v' ||
         c == L'\u3000';
}

void Append(std::vector<QueryClause>& out, std::vector<QueryClause> more) {
  for (auto& c : more) {
    if (c.terms.empty()) continue;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
  }
}

}  // namespace

std::vector<QueryClause> ClausesFromTokens(const std::vector<Token>& tokens, bool per_run) {
  // Runs that produced at least one bigram: their unigrams are redundant.
  std::map<int32_t, bool> run_has_bigram;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kBigram) run_has_bigram[t.run] = true;
  }
  std::vector<QueryClause> clauses;
  int32_t current_run = -1;
  int32_t base = 0;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kUnigram && run_has_bigram.count(t.run) > 0) continue;
    const bool new_clause = clauses.empty() || (per_run && t.run != current_run);
    if (new_clause) {
      clauses.emplace_back();
      base = t.position;
    }
    current_run = t.run;
    clauses.back().terms.emplace_back(t.term, t.position - base);
  }
  return clauses;
}

Result<std::vector<QueryClause>> ParseQuery(std::string_view query) {
  const std::wstring q = NormalizeForTokens(query);
  const std::string shown = NormalizeForIndex(query);
  if (std::all_of(q.begin(), q.end(), IsSpace)) {
    return Status::InvalidArgument("查询语句有误：查询内容为空");
  }
  std::vector<QueryClause> clauses;
  bool in_quote = false;
  size_t seg_start = 0;
  auto flush = [&](size_t end) {
    std::wstring_view seg(q.data() + seg_start, end - seg_start);
    if (in_quote) {
      Append(clauses, ClausesFromTokens(Tokenize(seg), /*per_run=*/false));
      return;
    }
    size_t i = 0;
    while (i < seg.size()) {
      while (i < seg.size() && IsSpace(seg[i])) ++i;
      size_t j = i;
      while (j < seg.size() && !IsSpace(seg[j])) ++j;
      if (j > i) Append(clauses, ClausesFromTokens(Tokenize(seg.substr(i, j - i)), true));
      i = j;
    }
  };
  for (size_t i = 0; i < q.size(); ++i) {
    if (!IsQuote(q[i])) continue;
    flush(i);
    in_quote = !in_quote;
    seg_start = i + 1;
  }
  if (in_quote) {
    return Status::InvalidArgument("查询语句有误：引号不成对（“" + shown + "”）");
  }
  flush(q.size());
  if (clauses.empty()) {
    return Status::InvalidArgument("查询语句有误：“" + shown + "”中没有可检索的汉字、字母或数字");
  }
  size_t terms = 0;
  for (const auto& c : clauses) terms += c.terms.size();
  if (terms > kMaxQueryTerms) {
    return Status::InvalidArgument("查询语句有误：查询过长（超过 " +
                                   std::to_string(kMaxQueryTerms) + " 个检索词）");
  }
  return clauses;
}

Lucene::QueryPtr BuildClauseQuery(const QueryClause& clause, const Lucene::String& field) {
  if (clause.terms.size() == 1) {
    return Lucene::newLucene<Lucene::TermQuery>(
        Lucene::newLucene<Lucene::Term>(field, clause.terms.front().first));
  }
  auto phrase = Lucene::newLucene<Lucene::PhraseQuery>();
  for (const auto& [term, pos] : clause.terms) {
    phrase->add(Lucene::newLucene<Lucene::Term>(field, term), pos);
  }
  return phrase;
}

Lucene::BooleanQueryPtr BuildQuery(const std::vector<QueryClause>& clauses,
                                   const Lucene::String& field) {
  auto query = Lucene::newLucene<Lucene::BooleanQuery>();
  for (const auto& c : clauses) query->add(BuildClauseQuery(c, field), Lucene::BooleanClause::MUST);
  return query;
}

}  // namespace sanding::indexer::internal
