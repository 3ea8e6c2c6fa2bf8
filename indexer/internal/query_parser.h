// The search query language, parsed into a tree (no Lucene++ here; query_builder turns the tree
// into Lucene++ queries). Hand-written recursive descent: Lucene++'s QueryParser is not thread-safe
// and knows nothing of Chinese fields or full-width punctuation.
//
//   query    := or
//   or       := and ( OR and )*                 OR, |, ||
//   and      := unary ( [AND] unary )*          AND, &, && ; juxtaposition is an implicit AND
//   unary    := ( NOT | - | ! ) unary | primary
//   primary  := '(' or ')' | field ':' value | '"' phrase '"' | word
//   value    := '"' phrase '"' | word | year-range (年份 only: 1998..2003, 1998.., ..2003, 2001)
//   field    := 文号 | 标题 | 机构 | 类型 | 发文机关 | 年份   (and the ASCII aliases docno, title,
//               org, kind, issuer, year; case-insensitive)
//
// The query is NFKC-normalised first, so full-width （）：＂ｏｒ and so on work; the quotes “ ” 「 」
// 『 』 are also phrase quotes. Operators are whole words in capitals (AND OR NOT) or the symbols
// above; a "-" or "!" only negates at the start of a word. A colon after anything but a known
// field name is ordinary text ("请问：…"), as is a lone operator symbol inside a word.
//
// Errors (InvalidArgument, Chinese message naming the problem and where it is):
//   unbalanced parentheses or quotes; an operator with nothing on one side ("a AND", "OR b",
//   "NOT"); empty parentheses; a field with no value ("标题:"); a bad 年份 value or a reversed
//   range; a query that only excludes ("NOT a", "-a -b": nothing to search for); an empty query or
//   one with nothing searchable (only punctuation); more than kMaxQueryNodes nodes or nesting
//   deeper than kMaxQueryDepth.
//
// Details of the implementation (query_parser.cc; tests/indexer/query_parser_test.cc pins them):
//   - Words are separated by Unicode white space (U+3000 included) and control characters (NUL).
//     A Chinese question without spaces is ONE kWords node, punctuation kept ("…债务，谁偿还?");
//     the builder's analyzer segments it. A kWords / kPhrase with no letter, digit or ideograph
//     (punctuation only) is dropped; a NOT or AND/OR left empty or with one child goes with it.
//   - "(" and ")" always group, even inside a word ("a(b)c" is a b c). Any opening quote starts a
//     phrase, even mid-word ("关于“房屋”的" is 关于 AND "房屋" AND 的); closers alone are text.
//   - A space after the field's colon is allowed ("标题: 编制" == "标题:编制"), one before it is
//     not ("标题 :编制" is two words). A value written right after the colon is taken literally
//     ("标题:AND", "标题:-撤销"); after a space it must not be an operator ("标题: AND x" is an
//     error). A field before a parenthesised group applies to every word and phrase inside that
//     names no field of its own: 标题:(a OR b) is kOr(标题:a, 标题:b).
//   - 年份 values: 2001, 2001年, 1998..2003, 1998-2003, 1998~2003 (～ after NFKC), 1998〜2003,
//     1998…2003, 1998至2003, 1998.. (to = 9999), ..2003 (from = 0); quoted values too.
//   - "NOT NOT x" is x. "-" or "!" before white space or ")" is text, not an operator.
//   - explicit_and: after parsing (and dropping), a flagged child always has a flagged neighbour;
//     ToString joins two flagged neighbours with " AND " and others with a space, so that
//     ParseQuery(ToString(n)) == n for every tree ParseQuery returns. Nested groups are kept as
//     nested kAnd / kOr (not flattened). Error positions ("第 N 个字符处") count code points of the
//     NFKC-normalised query, from 1.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/status.h"

namespace sanding::indexer::internal {

inline constexpr size_t kMaxQueryNodes = 256;
inline constexpr size_t kMaxQueryDepth = 32;

enum class QueryField { kNone, kDocNumber, kTitle, kInstitution, kKind, kIssuer, kYear };

// Canonical Chinese name of a field ("文号", "标题", ...); "" for kNone.
std::string_view FieldName(QueryField field);

struct QueryNode {
  enum class Kind {
    kAnd,     // children: every one must match (at least two children)
    kOr,      // children: any may match (at least two children)
    kNot,     // one child, which must not match. Appears only as a child of kAnd
    kWords,   // unquoted text (one whitespace-free word of the query): `text`, `field`
    kPhrase,  // quoted text: `text`, `field`
    kYears,   // 年份 range: `from` .. `to` inclusive
  };
  Kind kind = Kind::kWords;
  std::vector<QueryNode> children;
  QueryField field = QueryField::kNone;  // kWords / kPhrase: the field named, kNone = all text
  std::string text;                      // kWords / kPhrase: NFKC-normalised UTF-8, quotes removed
  int from = 0;                          // kYears: first year
  int to = 0;                            // kYears: last year
  // kAnd children only: true when the child was joined by an explicit AND (either side) rather
  // than by juxtaposition. The builder may relax juxtaposed free text (a long question need not
  // match every word); explicit ANDs, fields, phrases and groups are always required.
  bool explicit_and = false;

  bool operator==(const QueryNode&) const = default;
};

// Parses `query`. A top-level NOT is allowed only beside something positive: "a -b" is kAnd(a,
// kNot(b)); a kOr child that is a bare NOT ("a OR NOT b") is an error. Single-child kAnd / kOr
// nodes are collapsed into their child.
Result<QueryNode> ParseQuery(std::string_view query);

// The tree back as a canonical query string (for logs, tests and the JSON answer's "parsed").
std::string ToString(const QueryNode& node);

}  // namespace sanding::indexer::internal
