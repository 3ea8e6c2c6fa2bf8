#include "indexer/internal/query_parser.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/text.h"

namespace sanding::indexer::internal {
namespace {

// More tokens than this cannot make a tree of kMaxQueryNodes nodes (each leaf may carry at most
// kMaxQueryDepth pairs of redundant parentheses or negations); refusing early bounds the memory
// a hostile query can take.
constexpr size_t kMaxTokens = kMaxQueryNodes * (2 * kMaxQueryDepth + 4);

constexpr int kOpenFrom = 0;   // 年份:..2003
constexpr int kOpenTo = 9999;  // 年份:1998..

struct FieldSpelling {
  std::u32string_view name;
  QueryField field;
};

constexpr std::array<FieldSpelling, 12> kFieldSpellings = {{
    {U"发文机关", QueryField::kIssuer},
    {U"文号", QueryField::kDocNumber},
    {U"标题", QueryField::kTitle},
    {U"机构", QueryField::kInstitution},
    {U"类型", QueryField::kKind},
    {U"年份", QueryField::kYear},
    {U"docno", QueryField::kDocNumber},
    {U"title", QueryField::kTitle},
    {U"org", QueryField::kInstitution},
    {U"kind", QueryField::kKind},
    {U"issuer", QueryField::kIssuer},
    {U"year", QueryField::kYear},
}};

std::string ToUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) text::AppendUtf8(c, &out);
  return out;
}

// Whitespace separates words: ASCII and Unicode white space (U+3000 is a space after NFKC
// anyway), and control characters (NUL and the like), which the analyzer treats as spaces too.
bool IsSpace(char32_t c) {
  if (c <= 0x20 || c == 0x7F) return true;
  if (c >= 0x80 && c <= 0x9F) return true;
  if (c == 0xFEFF) return true;  // a stray BOM
  return c <= 0x10FFFF && u_isUWhiteSpace(static_cast<UChar32>(c));
}

// A character the analyzer indexes: a CJK ideograph, or a letter or digit of any script.
bool IsSearchableChar(char32_t c) {
  return text::IsCjkIdeograph(c) || (c <= 0x10FFFF && u_isalnum(static_cast<UChar32>(c)));
}

bool IsSearchable(std::string_view utf8) {
  for (char32_t c : text::DecodeUtf8(utf8)) {
    if (IsSearchableChar(c)) return true;
  }
  return false;
}

// The closing quote of an opening one, or 0 when `c` opens no phrase.
char32_t QuoteCloser(char32_t c) {
  switch (c) {
    case U'"':
      return U'"';
    case U'\u201C':
      return U'\u201D';  // “ ”
    case U'\u300C':
      return U'\u300D';  // 「 」
    case U'\u300E':
      return U'\u300F';  // 『 』
    default:
      return 0;
  }
}

char32_t AsciiLower(char32_t c) { return (c >= U'A' && c <= U'Z') ? c - U'A' + U'a' : c; }

std::string Pos(size_t index) { return "第 " + std::to_string(index + 1) + " 个字符处"; }

Status SyntaxError(std::string detail) {
  return Status::InvalidArgument("检索式有误：" + std::move(detail));
}

Status TooLong() {
  return Status::InvalidArgument("检索式过长：最多只能有 " + std::to_string(kMaxQueryNodes) +
                                 " 个检索词和运算符，请删减后再试");
}

Status TooDeep() {
  return Status::InvalidArgument("检索式嵌套过深：括号和否定（NOT）最多只能嵌套 " +
                                 std::to_string(kMaxQueryDepth) + " 层");
}

Status NothingSearchable() { return Status::InvalidArgument("检索式中没有可检索的文字"); }

Status OnlyNegative() {
  return Status::InvalidArgument("检索式不能只有排除条件：请加上要查找的词");
}

Status OrWithNegative() {
  return Status::InvalidArgument(
      "检索式有误：OR 的一侧不能只是排除条件（如“a OR NOT b”）：请用 AND "
      "把排除条件和要查找的词连起来，"
      "如“a AND NOT b”");
}

// ---- 年份 values ---------------------------------------------------------------------------

Status BadYear(std::string_view value) {
  return Status::InvalidArgument("年份“" + std::string(value) +
                                 "”无效：应为四位年份，如 年份:1998..2003");
}

// One bound: four ASCII digits 1000..2999, optionally followed by 年. Empty -> nullopt with ok.
bool ParseYearBound(std::u32string_view s, std::optional<int>* year) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  if (!s.empty() && s.back() == U'年') s.remove_suffix(1);
  if (s.empty()) {
    year->reset();
    return true;
  }
  if (s.size() != 4) return false;
  int v = 0;
  for (char32_t c : s) {
    if (c < U'0' || c > U'9') return false;
    v = v * 10 + static_cast<int>(c - U'0');
  }
  if (v < 1000 || v > 2999) return false;
  *year = v;
  return true;
}

Result<QueryNode> ParseYears(std::u32string_view raw) {
  std::u32string_view v = raw;
  while (!v.empty() && IsSpace(v.front())) v.remove_prefix(1);
  while (!v.empty() && IsSpace(v.back())) v.remove_suffix(1);
  const std::string shown = ToUtf8(v);
  // "..." first: NFKC turns the ellipsis … into three dots.
  static constexpr std::array<std::u32string_view, 8> kSeparators = {
      U"...", U"..", U"~", U"\u301C", U"-", U"\u2013", U"\u2014", U"至"};
  std::optional<int> from;
  std::optional<int> to;
  bool ranged = false;
  for (std::u32string_view sep : kSeparators) {
    const size_t at = v.find(sep);
    if (at == std::u32string_view::npos) continue;
    ranged = true;
    if (!ParseYearBound(v.substr(0, at), &from) ||
        !ParseYearBound(v.substr(at + sep.size()), &to) || (!from && !to)) {
      return BadYear(shown);
    }
    break;
  }
  if (!ranged) {
    if (!ParseYearBound(v, &from) || !from) return BadYear(shown);
    to = from;
  }
  QueryNode node;
  node.kind = QueryNode::Kind::kYears;
  node.field = QueryField::kYear;
  node.from = from.value_or(kOpenFrom);
  node.to = to.value_or(kOpenTo);
  if (node.from > node.to) {
    return Status::InvalidArgument("年份范围“" + shown +
                                   "”无效：起始年份晚于结束年份，应写作如 年份:1998..2003");
  }
  return node;
}

// ---- Tokens --------------------------------------------------------------------------------

struct Token {
  enum class Type { kWord, kPhrase, kFieldGroup, kLParen, kRParen, kAnd, kOr, kNot };
  Type type = Type::kWord;
  size_t pos = 0;                        // index of its first character in the normalised query
  std::u32string text;                   // kWord / kPhrase: the text; operators: as written
  QueryField field = QueryField::kNone;  // kWord / kPhrase / kFieldGroup
  std::u32string field_spelling;         // as written, for messages ("标题", "title")
};

class Tokenizer {
 public:
  explicit Tokenizer(std::u32string_view s) : s_(s) {}

  Result<std::vector<Token>> Run() {
    while (i_ < s_.size()) {
      const char32_t c = s_[i_];
      if (IsSpace(c)) {
        ++i_;
        continue;
      }
      if (tokens_.size() >= kMaxTokens) return TooLong();
      if (c == U'(' || c == U')') {
        Push(c == U'(' ? Token::Type::kLParen : Token::Type::kRParen, i_, std::u32string(1, c));
        ++i_;
        continue;
      }
      if (QuoteCloser(c) != 0) {
        SANDING_RETURN_IF_ERROR(Phrase(QueryField::kNone, {}));
        continue;
      }
      // "-" or "!" directly before something negates it; alone (or before ")") it is text.
      if ((c == U'-' || c == U'!') && i_ + 1 < s_.size() && !IsSpace(s_[i_ + 1]) &&
          s_[i_ + 1] != U')') {
        Push(Token::Type::kNot, i_, std::u32string(1, c));
        ++i_;
        continue;
      }
      if (auto spelling = FieldAt(i_)) {
        SANDING_RETURN_IF_ERROR(FieldValue(*spelling));
        continue;
      }
      const size_t start = i_;
      std::u32string w = ReadWord();
      if (w == U"AND" || w == U"&&" || w == U"&") {
        Push(Token::Type::kAnd, start, std::move(w));
      } else if (w == U"OR" || w == U"||" || w == U"|") {
        Push(Token::Type::kOr, start, std::move(w));
      } else if (w == U"NOT" || w == U"!") {
        Push(Token::Type::kNot, start, std::move(w));
      } else {
        Push(Token::Type::kWord, start, std::move(w));
      }
    }
    return std::move(tokens_);
  }

 private:
  void Push(Token::Type type, size_t pos, std::u32string text, QueryField field = QueryField::kNone,
            std::u32string spelling = {}) {
    Token t;
    t.type = type;
    t.pos = pos;
    t.text = std::move(text);
    t.field = field;
    t.field_spelling = std::move(spelling);
    tokens_.push_back(std::move(t));
  }

  // Reads a word from i_: up to whitespace, a parenthesis or an opening quote.
  std::u32string ReadWord() {
    const size_t start = i_;
    while (i_ < s_.size() && !IsSpace(s_[i_]) && s_[i_] != U'(' && s_[i_] != U')' &&
           QuoteCloser(s_[i_]) == 0) {
      ++i_;
    }
    return std::u32string(s_.substr(start, i_ - start));
  }

  // A field name at `at` directly followed by ':' (the name as written), else nullopt.
  std::optional<FieldSpelling> FieldAt(size_t at) const {
    for (const FieldSpelling& f : kFieldSpellings) {
      const size_t n = f.name.size();
      if (at + n >= s_.size() || s_[at + n] != U':') continue;
      bool same = true;
      for (size_t k = 0; k < n && same; ++k) same = AsciiLower(s_[at + k]) == f.name[k];
      if (same) return FieldSpelling{s_.substr(at, n), f.field};
    }
    return std::nullopt;
  }

  // The quoted phrase opening at i_ (which holds an opening quote).
  Status Phrase(QueryField field, std::u32string spelling) {
    const size_t open = i_;
    const char32_t closer = QuoteCloser(s_[open]);
    const size_t close = s_.find(closer, open + 1);
    if (close == std::u32string_view::npos) {
      return SyntaxError(Pos(open) + "的引号“" + ToUtf8(s_.substr(open, 1)) +
                         "”没有对应的结束引号“" + ToUtf8(std::u32string(1, closer)) + "”");
    }
    Push(Token::Type::kPhrase, open, std::u32string(s_.substr(open + 1, close - open - 1)), field,
         std::move(spelling));
    i_ = close + 1;
    return Status::Ok();
  }

  Status FieldValue(const FieldSpelling& f) {
    const size_t start = i_;
    const std::u32string spelling(f.name);
    auto missing = [&] {
      return SyntaxError(Pos(start) + "的字段“" + ToUtf8(spelling) + ":”后面缺少检索词");
    };
    i_ += f.name.size() + 1;  // name and ':'
    // One or more spaces may follow the colon ("标题: 编制"); then the value must not be an
    // operator ("标题: AND x" has no value). Directly after the colon, any word is the value.
    bool spaced = false;
    while (i_ < s_.size() && IsSpace(s_[i_])) {
      ++i_;
      spaced = true;
    }
    if (i_ >= s_.size() || s_[i_] == U')') return missing();
    if (QuoteCloser(s_[i_]) != 0) return Phrase(f.field, spelling);
    if (s_[i_] == U'(') {
      Push(Token::Type::kFieldGroup, start, {}, f.field, spelling);
      return Status::Ok();  // the "(" is the next token
    }
    const size_t value_start = i_;
    std::u32string w = ReadWord();
    if (spaced && (w == U"AND" || w == U"&&" || w == U"&" || w == U"OR" || w == U"||" ||
                   w == U"|" || w == U"NOT" || w == U"!")) {
      return missing();
    }
    Push(Token::Type::kWord, value_start, std::move(w), f.field, spelling);
    return Status::Ok();
  }

  std::u32string_view s_;
  size_t i_ = 0;
  std::vector<Token> tokens_;
};

// ---- Parser --------------------------------------------------------------------------------

class Parser {
 public:
  explicit Parser(const std::vector<Token>& tokens) : t_(tokens) {}

  Result<QueryNode> Run() {
    auto node = Or(0, QueryField::kNone);
    if (!node.ok()) return node;
    if (k_ < t_.size()) {
      // Only a ")" can stop the top level early; the balance check has caught it already.
      return SyntaxError(Pos(t_[k_].pos) + "的“" + ToUtf8(t_[k_].text) + "”没有对应的“(”");
    }
    return node;
  }

 private:
  using T = Token::Type;

  bool At(T type) const { return k_ < t_.size() && t_[k_].type == type; }
  bool StartsOperand() const {
    if (k_ >= t_.size()) return false;
    const T type = t_[k_].type;
    return type == T::kWord || type == T::kPhrase || type == T::kFieldGroup || type == T::kLParen ||
           type == T::kNot;
  }

  Result<QueryNode> Or(size_t depth, QueryField field) {
    auto first = And(depth, field, nullptr);
    if (!first.ok()) return first;
    if (!At(T::kOr)) return first;
    QueryNode node;
    node.kind = QueryNode::Kind::kOr;
    node.children.push_back(std::move(first).value());
    while (At(T::kOr)) {
      const Token& op = t_[k_++];
      auto next = And(depth, field, &op);
      if (!next.ok()) return next;
      node.children.push_back(std::move(next).value());
    }
    return node;
  }

  Result<QueryNode> And(size_t depth, QueryField field, const Token* after) {
    auto first = Unary(depth, field, after);
    if (!first.ok()) return first;
    std::vector<QueryNode> children;
    children.push_back(std::move(first).value());
    while (true) {
      if (At(T::kAnd)) {
        const Token& op = t_[k_++];
        auto next = Unary(depth, field, &op);
        if (!next.ok()) return next;
        children.back().explicit_and = true;
        children.push_back(std::move(next).value());
        children.back().explicit_and = true;
      } else if (StartsOperand()) {
        auto next = Unary(depth, field, nullptr);
        if (!next.ok()) return next;
        children.push_back(std::move(next).value());
      } else {
        break;
      }
    }
    if (children.size() == 1) {
      QueryNode only = std::move(children.front());
      only.explicit_and = false;
      return only;
    }
    QueryNode node;
    node.kind = QueryNode::Kind::kAnd;
    node.children = std::move(children);
    return node;
  }

  // An operand. `after` is the operator that requires it (for the message when it is missing).
  Result<QueryNode> Unary(size_t depth, QueryField field, const Token* after) {
    if (!StartsOperand()) {
      if (after != nullptr) {
        const bool is_not = after->type == T::kNot;
        return SyntaxError(Pos(after->pos) + "的“" + ToUtf8(after->text) + "”后面缺少" +
                           (is_not ? "要排除的词" : "检索词"));
      }
      if (k_ < t_.size() && (At(T::kAnd) || At(T::kOr))) {
        return SyntaxError(Pos(t_[k_].pos) + "的“" + ToUtf8(t_[k_].text) + "”前面缺少检索词");
      }
      // End of input or ")": only reachable right after "(" (empty groups are caught in
      // Primary) or for an empty query, both handled before; keep a sensible message anyway.
      return SyntaxError("缺少检索词");
    }
    if (At(T::kNot)) {
      const Token& op = t_[k_++];
      if (depth + 1 > kMaxQueryDepth) return TooDeep();
      auto child = Unary(depth + 1, field, &op);
      if (!child.ok()) return child;
      QueryNode node;
      node.kind = QueryNode::Kind::kNot;
      node.children.push_back(std::move(child).value());
      node.children.back().explicit_and = false;
      return node;
    }
    return Primary(depth, field);
  }

  Result<QueryNode> Primary(size_t depth, QueryField field) {
    const Token& tok = t_[k_++];
    switch (tok.type) {
      case T::kFieldGroup: {
        // 标题:(a OR b): the field applies to every word and phrase of the group that names
        // no field of its own. The tokenizer put the "(" right after.
        if (!At(T::kLParen)) return SyntaxError(Pos(tok.pos) + "的字段后面缺少检索词");
        if (k_ + 1 < t_.size() && t_[k_ + 1].type == T::kRParen) {
          return SyntaxError(Pos(tok.pos) + "的字段“" + ToUtf8(tok.field_spelling) +
                             ":”后面缺少检索词");
        }
        return Group(depth, tok.field);
      }
      case T::kLParen:
        --k_;
        return Group(depth, field);
      case T::kWord:
      case T::kPhrase: {
        const QueryField f = tok.field != QueryField::kNone ? tok.field : field;
        if (f == QueryField::kYear) return ParseYears(tok.text);
        QueryNode node;
        node.kind = tok.type == T::kWord ? QueryNode::Kind::kWords : QueryNode::Kind::kPhrase;
        node.field = f;
        node.text = ToUtf8(tok.text);
        return node;
      }
      default:
        return SyntaxError(Pos(tok.pos) + "的“" + ToUtf8(tok.text) + "”前面缺少检索词");
    }
  }

  // "(" or ")" at k_.
  Result<QueryNode> Group(size_t depth, QueryField field) {
    const Token& open = t_[k_++];
    if (At(T::kRParen)) {
      return SyntaxError(Pos(open.pos) + "的括号“()”中没有检索词");
    }
    if (depth + 1 > kMaxQueryDepth) return TooDeep();
    auto inner = Or(depth + 1, field);
    if (!inner.ok()) return inner;
    if (!At(T::kRParen)) {
      if (k_ < t_.size()) {
        // Or() stops only at ")" or the end: anything else is an unexpected operator.
        return SyntaxError(Pos(t_[k_].pos) + "的“" + ToUtf8(t_[k_].text) + "”前面缺少检索词");
      }
      return SyntaxError(Pos(open.pos) + "的“(”没有对应的“)”");
    }
    ++k_;
    return inner;
  }

  const std::vector<Token>& t_;
  size_t k_ = 0;
};

// Parentheses must pair up; reported before parsing so the message names the lone one.
Status CheckParentheses(const std::vector<Token>& tokens) {
  std::vector<size_t> open;
  for (const Token& t : tokens) {
    if (t.type == Token::Type::kLParen) {
      open.push_back(t.pos);
    } else if (t.type == Token::Type::kRParen) {
      if (open.empty()) return SyntaxError(Pos(t.pos) + "的“)”没有对应的“(”");
      open.pop_back();
    }
  }
  if (!open.empty()) return SyntaxError(Pos(open.front()) + "的“(”没有对应的“)”");
  return Status::Ok();
}

// ---- Tree clean-up -------------------------------------------------------------------------

// Drops words and phrases with nothing searchable (punctuation only), negations of nothing and
// double negations; collapses kAnd / kOr left with one child. False when nothing remains.
bool Prune(QueryNode* node) {
  using K = QueryNode::Kind;
  switch (node->kind) {
    case K::kWords:
    case K::kPhrase:
      return IsSearchable(node->text);
    case K::kYears:
      return true;
    case K::kNot: {
      if (node->children.size() != 1 || !Prune(&node->children.front())) return false;
      QueryNode& child = node->children.front();
      if (child.kind == K::kNot) {  // NOT NOT x == x
        const bool flag = node->explicit_and;
        QueryNode inner = std::move(child.children.front());
        *node = std::move(inner);
        node->explicit_and = flag;
      }
      return true;
    }
    case K::kAnd:
    case K::kOr: {
      std::vector<QueryNode> kept;
      for (QueryNode& c : node->children) {
        if (Prune(&c)) kept.push_back(std::move(c));
      }
      if (kept.empty()) return false;
      if (kept.size() == 1) {
        const bool flag = node->explicit_and;
        QueryNode only = std::move(kept.front());
        *node = std::move(only);
        node->explicit_and = flag;
        return true;
      }
      if (node->kind == K::kAnd) {
        // An explicit AND whose other operand was dropped ("a AND ， b") leaves a lone flag;
        // a flag stands only beside another (so ToString and ParseQuery agree).
        std::vector<bool> flag(kept.size());
        for (size_t i = 0; i < kept.size(); ++i) {
          flag[i] = kept[i].explicit_and && ((i > 0 && kept[i - 1].explicit_and) ||
                                             (i + 1 < kept.size() && kept[i + 1].explicit_and));
        }
        for (size_t i = 0; i < kept.size(); ++i) kept[i].explicit_and = flag[i];
      }
      node->children = std::move(kept);
      return true;
    }
  }
  return false;
}

size_t CountNodes(const QueryNode& node) {
  size_t n = 1;
  for (const QueryNode& c : node.children) n += CountNodes(c);
  return n;
}

// A kNot may only stand in a kAnd beside something positive.
Status CheckNegations(const QueryNode& node, bool is_root) {
  using K = QueryNode::Kind;
  if (is_root && node.kind == K::kNot) return OnlyNegative();
  if (node.kind == K::kAnd) {
    const bool any_positive = std::any_of(node.children.begin(), node.children.end(),
                                          [](const QueryNode& c) { return c.kind != K::kNot; });
    if (!any_positive) return OnlyNegative();
  }
  if (node.kind == K::kOr) {
    for (const QueryNode& c : node.children) {
      if (c.kind == K::kNot) return OrWithNegative();
    }
  }
  for (const QueryNode& c : node.children) {
    SANDING_RETURN_IF_ERROR(CheckNegations(c, false));
  }
  return Status::Ok();
}

Result<QueryNode> Parse(std::string_view query) {
  const std::string normalised = text::Nfkc(text::SanitizeUtf8(query));
  const std::u32string s = text::DecodeUtf8(normalised);
  if (std::all_of(s.begin(), s.end(), IsSpace)) return Status::InvalidArgument("请输入检索词");

  auto tokens = Tokenizer(s).Run();
  if (!tokens.ok()) return tokens.status();
  SANDING_RETURN_IF_ERROR(CheckParentheses(*tokens));
  size_t leaves = 0;
  for (const Token& t : *tokens) {
    if (t.type == Token::Type::kWord || t.type == Token::Type::kPhrase) ++leaves;
  }
  if (leaves > kMaxQueryNodes) return TooLong();

  auto tree = Parser(*tokens).Run();
  if (!tree.ok()) return tree;
  QueryNode root = std::move(tree).value();
  if (!Prune(&root)) return NothingSearchable();
  root.explicit_and = false;
  if (CountNodes(root) > kMaxQueryNodes) return TooLong();
  SANDING_RETURN_IF_ERROR(CheckNegations(root, true));
  return root;
}

// ---- ToString ------------------------------------------------------------------------------

std::string Quote(const std::string& text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kQuotes = {
      {{"\"", "\""}, {"\u201C", "\u201D"}, {"\u300C", "\u300D"}, {"\u300E", "\u300F"}}};
  for (const auto& [open, close] : kQuotes) {
    if (text.find(close) == std::string::npos) {
      return std::string(open) + text + std::string(close);
    }
  }
  return "\"" + text + "\"";  // not produced by ParseQuery: every phrase lacks its own closer
}

std::string YearText(int year) {
  std::string s = std::to_string(year);
  if (s.size() < 4 && year >= 0) s.insert(0, 4 - s.size(), '0');
  return s;
}

void AppendNode(const QueryNode& node, std::string* out) {
  using K = QueryNode::Kind;
  switch (node.kind) {
    case K::kAnd:
    case K::kOr: {
      out->push_back('(');
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) {
          if (node.kind == K::kOr) {
            out->append(" OR ");
          } else if (node.children[i - 1].explicit_and && node.children[i].explicit_and) {
            out->append(" AND ");
          } else {
            out->push_back(' ');
          }
        }
        AppendNode(node.children[i], out);
      }
      out->push_back(')');
      return;
    }
    case K::kNot:
      out->append("NOT ");
      if (!node.children.empty()) AppendNode(node.children.front(), out);
      return;
    case K::kWords:
    case K::kPhrase:
      if (node.field != QueryField::kNone) {
        out->append(FieldName(node.field));
        out->push_back(':');
      }
      out->append(node.kind == K::kPhrase ? Quote(node.text) : node.text);
      return;
    case K::kYears:
      out->append(FieldName(QueryField::kYear));
      out->push_back(':');
      if (node.from == node.to) {
        out->append(YearText(node.from));
      } else {
        if (node.from != kOpenFrom) out->append(YearText(node.from));
        out->append("..");
        if (node.to != kOpenTo) out->append(YearText(node.to));
      }
      return;
  }
}

}  // namespace

std::string_view FieldName(QueryField field) {
  switch (field) {
    case QueryField::kNone:
      return "";
    case QueryField::kDocNumber:
      return "文号";
    case QueryField::kTitle:
      return "标题";
    case QueryField::kInstitution:
      return "机构";
    case QueryField::kKind:
      return "类型";
    case QueryField::kIssuer:
      return "发文机关";
    case QueryField::kYear:
      return "年份";
  }
  return "";
}

Result<QueryNode> ParseQuery(std::string_view query) {
  try {
    return Parse(query);
  } catch (const std::exception& e) {  // ICU data missing, out of memory
    return Status::Internal(std::string("检索式解析失败：") + e.what());
  } catch (...) {
    return Status::Internal("检索式解析失败");
  }
}

std::string ToString(const QueryNode& node) {
  std::string out;
  AppendNode(node, &out);
  return out;
}

}  // namespace sanding::indexer::internal
