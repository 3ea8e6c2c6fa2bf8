#include "indexer/internal/query_parser.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "store/text.h"

namespace sanding::indexer::internal {
namespace {

using Kind = QueryNode::Kind;

// ---- Tree builders -------------------------------------------------------------------------

QueryNode W(std::string text, QueryField field = QueryField::kNone) {
  QueryNode n;
  n.kind = Kind::kWords;
  n.text = std::move(text);
  n.field = field;
  return n;
}

QueryNode Ph(std::string text, QueryField field = QueryField::kNone) {
  QueryNode n = W(std::move(text), field);
  n.kind = Kind::kPhrase;
  return n;
}

QueryNode Y(int from, int to) {
  QueryNode n;
  n.kind = Kind::kYears;
  n.field = QueryField::kYear;
  n.from = from;
  n.to = to;
  return n;
}

QueryNode Ex(QueryNode n) {  // marks an operand of an explicit AND
  n.explicit_and = true;
  return n;
}

QueryNode And(std::vector<QueryNode> children) {
  QueryNode n;
  n.kind = Kind::kAnd;
  n.children = std::move(children);
  return n;
}

QueryNode Or(std::vector<QueryNode> children) {
  QueryNode n;
  n.kind = Kind::kOr;
  n.children = std::move(children);
  return n;
}

QueryNode Not(QueryNode child) {
  QueryNode n;
  n.kind = Kind::kNot;
  n.children.push_back(std::move(child));
  return n;
}

// ---- Helpers -------------------------------------------------------------------------------

QueryNode P(const std::string& q) {
  auto r = ParseQuery(q);
  EXPECT_TRUE(r.ok()) << "query: " << q << "\n" << r.status().ToString();
  return r.ok() ? r.value() : QueryNode{};
}

std::string S(const std::string& q) { return ToString(P(q)); }

bool HasCjk(const std::string& s) {
  for (char32_t c : text::DecodeUtf8(s)) {
    if (text::IsCjkIdeograph(c)) return true;
  }
  return false;
}

// The error message of a query that must fail with InvalidArgument and a Chinese message.
std::string Err(const std::string& q) {
  auto r = ParseQuery(q);
  EXPECT_FALSE(r.ok()) << "query: " << q << " parsed as " << (r.ok() ? ToString(*r) : "");
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << q;
  const std::string m = r.status().message();
  EXPECT_TRUE(text::IsValidUtf8(m)) << q;
  EXPECT_TRUE(HasCjk(m)) << "message not Chinese: " << m;
  return m;
}

size_t CountNodes(const QueryNode& n) {
  size_t c = 1;
  for (const QueryNode& k : n.children) c += CountNodes(k);
  return c;
}

size_t Depth(const QueryNode& n) {
  size_t d = 0;
  for (const QueryNode& k : n.children) d = std::max(d, Depth(k));
  return d + 1;
}

// The structural promises of the header, checked on every tree ParseQuery returns.
void CheckInvariants(const QueryNode& n, const QueryNode* parent, const std::string& q) {
  SCOPED_TRACE(q);
  switch (n.kind) {
    case Kind::kAnd: {
      ASSERT_GE(n.children.size(), 2u);
      bool positive = false;
      for (size_t i = 0; i < n.children.size(); ++i) {
        const QueryNode& c = n.children[i];
        positive = positive || c.kind != Kind::kNot;
        if (c.explicit_and) {  // an explicit AND has two operands, next to each other
          const bool left = i > 0 && n.children[i - 1].explicit_and;
          const bool right = i + 1 < n.children.size() && n.children[i + 1].explicit_and;
          EXPECT_TRUE(left || right);
        }
      }
      EXPECT_TRUE(positive);
      break;
    }
    case Kind::kOr:
      ASSERT_GE(n.children.size(), 2u);
      for (const QueryNode& c : n.children) {
        EXPECT_NE(c.kind, Kind::kNot);
        EXPECT_FALSE(c.explicit_and);
      }
      break;
    case Kind::kNot:
      ASSERT_EQ(n.children.size(), 1u);
      ASSERT_NE(parent, nullptr);
      EXPECT_EQ(parent->kind, Kind::kAnd);
      EXPECT_NE(n.children[0].kind, Kind::kNot);
      break;
    case Kind::kWords:
    case Kind::kPhrase:
      EXPECT_TRUE(n.children.empty());
      EXPECT_FALSE(n.text.empty());
      EXPECT_TRUE(text::IsValidUtf8(n.text));
      EXPECT_NE(n.field, QueryField::kYear);
      break;
    case Kind::kYears:
      EXPECT_EQ(n.field, QueryField::kYear);
      EXPECT_LE(n.from, n.to);
      break;
  }
  if (parent == nullptr || parent->kind != Kind::kAnd) {
    EXPECT_FALSE(n.explicit_and);
  }
  for (const QueryNode& c : n.children) CheckInvariants(c, &n, q);
}

void ExpectRoundTrip(const std::string& q) {
  auto r = ParseQuery(q);
  ASSERT_TRUE(r.ok()) << q << ": " << r.status().ToString();
  const std::string s = ToString(*r);
  auto again = ParseQuery(s);
  ASSERT_TRUE(again.ok()) << q << " -> " << s << ": " << again.status().ToString();
  EXPECT_EQ(*again, *r) << q << " -> " << s << " -> " << ToString(*again);
  EXPECT_EQ(ToString(*again), s);
}

// ---- Words ---------------------------------------------------------------------------------

TEST(QueryParserTest, SingleWord) {
  EXPECT_EQ(P("房屋"), W("房屋"));
  EXPECT_EQ(P("  房屋\t\n"), W("房屋"));
  EXPECT_EQ(S("房屋"), "房屋");
}

TEST(QueryParserTest, ChineseSentenceIsOneWordsNodeWithItsPunctuation) {
  EXPECT_EQ(P("夫妻一方经营个体工商户所欠债务，谁偿还？"),
            W("夫妻一方经营个体工商户所欠债务,谁偿还?"));  // NFKC: ，？ -> ,?
  EXPECT_EQ(P("关于印发《机构编制管理办法》的通知"), W("关于印发《机构编制管理办法》的通知"));
}

TEST(QueryParserTest, IdeographicSpaceAndOtherWhitespaceSeparateWords) {
  const QueryNode want = And({W("机构"), W("编制")});
  EXPECT_EQ(P("机构\u3000编制"), want);
  EXPECT_EQ(P("机构\t编制"), want);
  EXPECT_EQ(P("机构\n\r编制"), want);
  EXPECT_EQ(P("机构\u00A0编制"), want);
  EXPECT_EQ(P(std::string("机构\0编制", 13)), want);  // NUL separates like a space
}

TEST(QueryParserTest, FullWidthLettersAndDigitsAreNormalised) {
  EXPECT_EQ(P("ＰＤＦ２０１０"), W("PDF2010"));
}

TEST(QueryParserTest, LowercaseOperatorsAreWords) {
  EXPECT_EQ(P("a and b"), And({W("a"), W("and"), W("b")}));
  EXPECT_EQ(P("a or b"), And({W("a"), W("or"), W("b")}));
  EXPECT_EQ(P("a not b"), And({W("a"), W("not"), W("b")}));
  EXPECT_EQ(P("a And b Or c"), And({W("a"), W("And"), W("b"), W("Or"), W("c")}));
}

TEST(QueryParserTest, OperatorSymbolsInsideWordsAreText) {
  EXPECT_EQ(P("a&&b"), W("a&&b"));
  EXPECT_EQ(P("a|b"), W("a|b"));
  EXPECT_EQ(P("2010-2012"), W("2010-2012"));
  EXPECT_EQ(P("a-b!"), W("a-b!"));
  EXPECT_EQ(P("ANDROID ORACLE NOTE"), And({W("ANDROID"), W("ORACLE"), W("NOTE")}));
}

// ---- AND / OR / NOT ------------------------------------------------------------------------

TEST(QueryParserTest, JuxtapositionIsImplicitAnd) {
  const QueryNode n = P("机构 编制 管理");
  EXPECT_EQ(n, And({W("机构"), W("编制"), W("管理")}));
  for (const QueryNode& c : n.children) EXPECT_FALSE(c.explicit_and);
  EXPECT_EQ(ToString(n), "(机构 编制 管理)");
}

TEST(QueryParserTest, ExplicitAndInEverySpelling) {
  const QueryNode want = And({Ex(W("a")), Ex(W("b"))});
  EXPECT_EQ(P("a AND b"), want);
  EXPECT_EQ(P("a && b"), want);
  EXPECT_EQ(P("a & b"), want);
  EXPECT_EQ(P("a ＡＮＤ b"), want);
  EXPECT_EQ(P("a AND b AND c"), And({Ex(W("a")), Ex(W("b")), Ex(W("c"))}));
  EXPECT_EQ(S("a && b"), "(a AND b)");
}

TEST(QueryParserTest, ExplicitAndFlagsMarkOnlyItsOperands) {
  EXPECT_EQ(P("a b AND c"), And({W("a"), Ex(W("b")), Ex(W("c"))}));
  EXPECT_EQ(P("a AND b c"), And({Ex(W("a")), Ex(W("b")), W("c")}));
  EXPECT_EQ(P("a AND b c AND d"), And({Ex(W("a")), Ex(W("b")), Ex(W("c")), Ex(W("d"))}));
  EXPECT_EQ(S("a b AND c"), "(a b AND c)");
  EXPECT_EQ(S("a AND b c"), "(a AND b c)");
}

TEST(QueryParserTest, OrInEverySpelling) {
  const QueryNode want = Or({W("a"), W("b")});
  EXPECT_EQ(P("a OR b"), want);
  EXPECT_EQ(P("a || b"), want);
  EXPECT_EQ(P("a | b"), want);
  EXPECT_EQ(P("a ＯＲ b"), want);
  EXPECT_EQ(P("a OR b OR c"), Or({W("a"), W("b"), W("c")}));
  EXPECT_EQ(S("a | b"), "(a OR b)");
}

TEST(QueryParserTest, AndBindsTighterThanOr) {
  EXPECT_EQ(P("a b OR c"), Or({And({W("a"), W("b")}), W("c")}));
  EXPECT_EQ(P("a OR b c"), Or({W("a"), And({W("b"), W("c")})}));
  EXPECT_EQ(P("a AND b OR c AND d"),
            Or({And({Ex(W("a")), Ex(W("b"))}), And({Ex(W("c")), Ex(W("d"))})}));
  EXPECT_EQ(S("a AND b OR c AND d"), "((a AND b) OR (c AND d))");
}

TEST(QueryParserTest, NotBindsTighterThanAnd) {
  EXPECT_EQ(P("a NOT b c"), And({W("a"), Not(W("b")), W("c")}));
  EXPECT_EQ(P("a AND NOT b"), And({Ex(W("a")), Ex(Not(W("b")))}));
  EXPECT_EQ(P("NOT b a"), And({Not(W("b")), W("a")}));
  EXPECT_EQ(P("a OR b NOT c"), Or({W("a"), And({W("b"), Not(W("c"))})}));
  EXPECT_EQ(S("a AND NOT b"), "(a AND NOT b)");
}

TEST(QueryParserTest, NotSpellings) {
  const QueryNode want = And({W("机构"), Not(W("撤销"))});
  EXPECT_EQ(P("机构 NOT 撤销"), want);
  EXPECT_EQ(P("机构 -撤销"), want);
  EXPECT_EQ(P("机构 !撤销"), want);
  EXPECT_EQ(P("机构 ! 撤销"), want);
  EXPECT_EQ(P("机构 ！撤销"), want);  // full-width ！
  EXPECT_EQ(S("机构 -撤销"), "(机构 NOT 撤销)");
}

TEST(QueryParserTest, LoneMinusIsTextAndDropped) {
  EXPECT_EQ(P("a - b"), And({W("a"), W("b")}));
  EXPECT_EQ(P("a -"), W("a"));
  EXPECT_EQ(P("(a -)"), W("a"));
}

TEST(QueryParserTest, MinusNegatesGroupsPhrasesAndFields) {
  EXPECT_EQ(P("a -(b OR c)"), And({W("a"), Not(Or({W("b"), W("c")}))}));
  EXPECT_EQ(P("a -\"b c\""), And({W("a"), Not(Ph("b c"))}));
  EXPECT_EQ(P("a -标题:通知"), And({W("a"), Not(W("通知", QueryField::kTitle))}));
}

TEST(QueryParserTest, DoubleNegationCancels) {
  EXPECT_EQ(P("NOT NOT a"), W("a"));
  EXPECT_EQ(P("a NOT (NOT b)"), And({W("a"), W("b")}));
  EXPECT_EQ(P("a --b"), And({W("a"), W("b")}));
}

// ---- Groups --------------------------------------------------------------------------------

TEST(QueryParserTest, Groups) {
  EXPECT_EQ(P("(a OR b) c"), And({Or({W("a"), W("b")}), W("c")}));
  EXPECT_EQ(P("a (b c)"), And({W("a"), And({W("b"), W("c")})}));
  EXPECT_EQ(P("((a))"), W("a"));
  EXPECT_EQ(P("(a OR b) AND (c OR d)"),
            And({Ex(Or({W("a"), W("b")})), Ex(Or({W("c"), W("d")}))}));
  EXPECT_EQ(P("a(b)c"), And({W("a"), W("b"), W("c")}));  // parentheses always group
  EXPECT_EQ(S("(a OR b) c"), "((a OR b) c)");
  EXPECT_EQ(S("(a OR b) AND NOT d"), "((a OR b) AND NOT d)");
}

TEST(QueryParserTest, CanonicalFormFromTheHeader) {
  EXPECT_EQ(S("a AND (b OR c) AND NOT d"), "(a AND (b OR c) AND NOT d)");
}

TEST(QueryParserTest, GroupWithOnlyNegationBesidePositiveIsFine) {
  EXPECT_EQ(P("(NOT a) b"), And({Not(W("a")), W("b")}));
}

// ---- Phrases -------------------------------------------------------------------------------

TEST(QueryParserTest, PhrasesInEveryQuoteStyle) {
  EXPECT_EQ(P("\"机构 编制\""), Ph("机构 编制"));
  EXPECT_EQ(P("“机构 编制”"), Ph("机构 编制"));
  EXPECT_EQ(P("「机构 编制」"), Ph("机构 编制"));
  EXPECT_EQ(P("『机构 编制』"), Ph("机构 编制"));
  EXPECT_EQ(P("＂机构 编制＂"), Ph("机构 编制"));  // full-width ＂
}

TEST(QueryParserTest, PhraseKeepsOperatorsAndParenthesesAsText) {
  EXPECT_EQ(P("\"a AND (b) OR -c\""), Ph("a AND (b) OR -c"));
  EXPECT_EQ(P("「他说“你好”」"), Ph("他说“你好”"));
  EXPECT_EQ(P("“a\"b”"), Ph("a\"b"));
}

TEST(QueryParserTest, ClosersOutsidePhrasesAreText) {
  EXPECT_EQ(P("a” b」"), And({W("a”"), W("b」")}));
}

TEST(QueryParserTest, PhraseInsideAWordSplitsIt) {
  EXPECT_EQ(P("关于“房屋”的"), And({W("关于"), Ph("房屋"), W("的")}));
}

TEST(QueryParserTest, PhraseToStringPicksAQuoteNotInTheText) {
  EXPECT_EQ(S("“机构 编制”"), "\"机构 编制\"");
  EXPECT_EQ(S("“a\"b”"), "“a\"b”");
  EXPECT_EQ(S("「a\"b”」"), "「a\"b”」");
}

// ---- Fields --------------------------------------------------------------------------------

TEST(QueryParserTest, EveryFieldAndAlias) {
  struct Case {
    const char* name;
    QueryField field;
  };
  const Case cases[] = {
      {"文号", QueryField::kDocNumber},  {"docno", QueryField::kDocNumber},
      {"标题", QueryField::kTitle},      {"title", QueryField::kTitle},
      {"机构", QueryField::kInstitution}, {"org", QueryField::kInstitution},
      {"类型", QueryField::kKind},       {"kind", QueryField::kKind},
      {"发文机关", QueryField::kIssuer}, {"issuer", QueryField::kIssuer},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(P(std::string(c.name) + ":编制"), W("编制", c.field));
    EXPECT_EQ(P(std::string(c.name) + ":\"机构 编制\""), Ph("机构 编制", c.field));
    EXPECT_EQ(S(std::string(c.name) + ":编制"), std::string(FieldName(c.field)) + ":编制");
  }
  EXPECT_EQ(P("year:2001"), Y(2001, 2001));
}

TEST(QueryParserTest, FieldNames) {
  EXPECT_EQ(FieldName(QueryField::kNone), "");
  EXPECT_EQ(FieldName(QueryField::kDocNumber), "文号");
  EXPECT_EQ(FieldName(QueryField::kTitle), "标题");
  EXPECT_EQ(FieldName(QueryField::kInstitution), "机构");
  EXPECT_EQ(FieldName(QueryField::kKind), "类型");
  EXPECT_EQ(FieldName(QueryField::kIssuer), "发文机关");
  EXPECT_EQ(FieldName(QueryField::kYear), "年份");
}

TEST(QueryParserTest, AsciiAliasesAreCaseInsensitive) {
  EXPECT_EQ(P("TITLE:编制"), W("编制", QueryField::kTitle));
  EXPECT_EQ(P("Title:编制"), W("编制", QueryField::kTitle));
  EXPECT_EQ(P("DocNo:国发〔2001〕1号"), W("国发〔2001〕1号", QueryField::kDocNumber));
  EXPECT_EQ(P("ＴＩＴＬＥ：编制"), W("编制", QueryField::kTitle));  // full-width
}

TEST(QueryParserTest, FullWidthParenthesesAndColon) {
  EXPECT_EQ(P("（标题：编制）"), W("编制", QueryField::kTitle));
  EXPECT_EQ(P("（标题：编制 ＯＲ 机构：人社局）"),
            Or({W("编制", QueryField::kTitle), W("人社局", QueryField::kInstitution)}));
  EXPECT_EQ(P("标题：“机构编制”"), Ph("机构编制", QueryField::kTitle));
}

TEST(QueryParserTest, SpaceAfterColonIsAllowedButNotBefore) {
  EXPECT_EQ(P("标题: 编制"), W("编制", QueryField::kTitle));
  EXPECT_EQ(P("标题：　编制"), W("编制", QueryField::kTitle));
  EXPECT_EQ(P("标题: \"机构 编制\""), Ph("机构 编制", QueryField::kTitle));
  EXPECT_EQ(P("标题: 编制 管理"), And({W("编制", QueryField::kTitle), W("管理")}));
  // A space before the colon: "标题" is an ordinary word and ":编制" another.
  EXPECT_EQ(P("标题 :编制"), And({W("标题"), W(":编制")}));
}

TEST(QueryParserTest, FieldValueEndsAtWhitespaceOrParenthesis) {
  EXPECT_EQ(P("(标题:编制)"), W("编制", QueryField::kTitle));
  EXPECT_EQ(P("标题:编制 OR 机构:人社局"),
            Or({W("编制", QueryField::kTitle), W("人社局", QueryField::kInstitution)}));
  EXPECT_EQ(P("a AND 标题:编制"), And({Ex(W("a")), Ex(W("编制", QueryField::kTitle))}));
}

TEST(QueryParserTest, FieldValueWordIsLiteralWhenAttached) {
  EXPECT_EQ(P("标题:AND"), W("AND", QueryField::kTitle));
  EXPECT_EQ(P("标题:-撤销"), W("-撤销", QueryField::kTitle));
  EXPECT_EQ(P("标题:请问:房屋"), W("请问:房屋", QueryField::kTitle));
  EXPECT_EQ(S("标题:AND"), "标题:AND");
}

TEST(QueryParserTest, FieldAppliesToAParenthesisedGroup) {
  EXPECT_EQ(P("标题:(编制 OR 机构)"),
            Or({W("编制", QueryField::kTitle), W("机构", QueryField::kTitle)}));
  EXPECT_EQ(P("标题:(编制 机构:人社局)"),
            And({W("编制", QueryField::kTitle), W("人社局", QueryField::kInstitution)}));
  EXPECT_EQ(P("年份:(2001 OR 2003..2005)"), Or({Y(2001, 2001), Y(2003, 2005)}));
  EXPECT_EQ(S("标题:(编制 OR \"机构 改革\")"), "(标题:编制 OR 标题:\"机构 改革\")");
}

TEST(QueryParserTest, ColonAfterUnknownPrefixIsText) {
  EXPECT_EQ(P("请问:房屋"), W("请问:房屋"));
  EXPECT_EQ(P("请问：房屋"), W("请问:房屋"));
  EXPECT_EQ(P("organization:x"), W("organization:x"));
  EXPECT_EQ(P("关于标题:x"), W("关于标题:x"));
  EXPECT_EQ(P("时间:10:30"), W("时间:10:30"));
}

// ---- 年份 ----------------------------------------------------------------------------------

TEST(QueryParserTest, YearForms) {
  EXPECT_EQ(P("年份:2001"), Y(2001, 2001));
  EXPECT_EQ(P("年份:1998..2003"), Y(1998, 2003));
  EXPECT_EQ(P("年份:1998-2003"), Y(1998, 2003));
  EXPECT_EQ(P("年份:1998~2003"), Y(1998, 2003));
  EXPECT_EQ(P("年份:1998～2003"), Y(1998, 2003));  // NFKC: ～ -> ~
  EXPECT_EQ(P("年份:1998〜2003"), Y(1998, 2003));  // wave dash, unchanged by NFKC
  EXPECT_EQ(P("年份:1998…2003"), Y(1998, 2003));   // NFKC: … -> ...
  EXPECT_EQ(P("年份:1998年至2003年"), Y(1998, 2003));
  EXPECT_EQ(P("年份:2001年"), Y(2001, 2001));
  EXPECT_EQ(P("年份:1998.."), Y(1998, 9999));
  EXPECT_EQ(P("年份:..2003"), Y(0, 2003));
  EXPECT_EQ(P("年份:１９９８..２００３"), Y(1998, 2003));
  EXPECT_EQ(P("year:1998..2003"), Y(1998, 2003));
  EXPECT_EQ(P("YEAR:2001"), Y(2001, 2001));
  EXPECT_EQ(P("年份: 2001"), Y(2001, 2001));
  EXPECT_EQ(P("年份:2001..2001"), Y(2001, 2001));
  EXPECT_EQ(P("年份:1000..2999"), Y(1000, 2999));
}

TEST(QueryParserTest, QuotedYearValues) {
  EXPECT_EQ(P("年份:\"2001\""), Y(2001, 2001));
  EXPECT_EQ(P("年份:“1998..2003”"), Y(1998, 2003));
  EXPECT_EQ(P("年份:\" 1998 .. 2003 \""), Y(1998, 2003));
  EXPECT_NE(Err("年份:\"去年\"").find("去年"), std::string::npos);
}

TEST(QueryParserTest, YearToString) {
  EXPECT_EQ(S("年份:2001"), "年份:2001");
  EXPECT_EQ(S("年份:1998-2003"), "年份:1998..2003");
  EXPECT_EQ(S("年份:1998.."), "年份:1998..");
  EXPECT_EQ(S("年份:..2003"), "年份:..2003");
  EXPECT_EQ(S("编制 年份:1998..2003"), "(编制 年份:1998..2003)");
}

TEST(QueryParserTest, BadYears) {
  for (const char* q : {"年份:98", "年份:3000", "年份:0999", "年份:20011", "年份:abc",
                        "年份:..", "年份:1998..20", "年份:1998..2003..2005", "年份:二〇〇一",
                        "year:x", "年份:1998--2003"}) {
    SCOPED_TRACE(q);
    const std::string m = Err(q);
    EXPECT_NE(m.find("年份“"), std::string::npos) << m;
    EXPECT_NE(m.find("无效"), std::string::npos) << m;
    EXPECT_NE(m.find("四位年份"), std::string::npos) << m;
  }
  EXPECT_EQ(Err("年份:98"), "年份“98”无效：应为四位年份，如 年份:1998..2003");
}

TEST(QueryParserTest, ReversedYearRange) {
  const std::string m = Err("年份:2003..1998");
  EXPECT_NE(m.find("2003..1998"), std::string::npos) << m;
  EXPECT_NE(m.find("起始年份晚于结束年份"), std::string::npos) << m;
  Err("年份:2003-1998");
}

// ---- Errors --------------------------------------------------------------------------------

TEST(QueryParserTest, EmptyQuery) {
  EXPECT_EQ(Err(""), "请输入检索词");
  EXPECT_EQ(Err("   "), "请输入检索词");
  EXPECT_EQ(Err("\u3000\t\n"), "请输入检索词");
  EXPECT_EQ(Err(std::string("\0\0", 2)), "请输入检索词");
}

TEST(QueryParserTest, NothingSearchable) {
  EXPECT_EQ(Err("，。？"), "检索式中没有可检索的文字");
  EXPECT_EQ(Err("- -"), "检索式中没有可检索的文字");
  EXPECT_EQ(Err("\"，\""), "检索式中没有可检索的文字");
  EXPECT_EQ(Err("\"\""), "检索式中没有可检索的文字");
  EXPECT_EQ(Err("标题:，"), "检索式中没有可检索的文字");
  EXPECT_EQ(Err("(，) OR 。"), "检索式中没有可检索的文字");
}

TEST(QueryParserTest, UnsearchableNodesAreDroppedBesideSearchableOnes) {
  EXPECT_EQ(P("机构 ， 编制"), And({W("机构"), W("编制")}));
  EXPECT_EQ(P("机构 OR ，"), W("机构"));
  EXPECT_EQ(P("机构 -，"), W("机构"));
  EXPECT_EQ(P("机构 “”"), W("机构"));
  // An explicit AND that lost its other operand leaves no dangling flag.
  EXPECT_EQ(P("a AND ， b"), And({W("a"), W("b")}));
  EXPECT_EQ(P("a AND ， AND b"), And({Ex(W("a")), Ex(W("b"))}));
}

TEST(QueryParserTest, UnbalancedParentheses) {
  EXPECT_EQ(Err("a b (c"), "检索式有误：第 5 个字符处的“(”没有对应的“)”");
  EXPECT_EQ(Err("a)"), "检索式有误：第 2 个字符处的“)”没有对应的“(”");
  EXPECT_NE(Err("((a)").find("第 1 个字符处的“(”"), std::string::npos);
  EXPECT_NE(Err(")(").find("“)”没有对应的“(”"), std::string::npos);
  EXPECT_NE(Err("（a").find("第 1 个字符处的“(”没有对应的“)”"), std::string::npos);
}

TEST(QueryParserTest, UnclosedQuotes) {
  EXPECT_EQ(Err("a \"b c"), "检索式有误：第 3 个字符处的引号“\"”没有对应的结束引号“\"”");
  EXPECT_NE(Err("“机构").find("“”没有对应的结束引号“””"), std::string::npos);
  EXPECT_NE(Err("「机构』").find("结束引号“」”"), std::string::npos);
  EXPECT_NE(Err("『机构").find("结束引号"), std::string::npos);
  EXPECT_NE(Err("标题:\"机构").find("结束引号"), std::string::npos);
  EXPECT_NE(Err("“机构\"").find("结束引号"), std::string::npos);
}

TEST(QueryParserTest, OperatorMissingAnOperand) {
  EXPECT_EQ(Err("a AND"), "检索式有误：第 3 个字符处的“AND”后面缺少检索词");
  EXPECT_EQ(Err("OR b"), "检索式有误：第 1 个字符处的“OR”前面缺少检索词");
  EXPECT_EQ(Err("a AND OR b"), "检索式有误：第 3 个字符处的“AND”后面缺少检索词");
  EXPECT_EQ(Err("NOT"), "检索式有误：第 1 个字符处的“NOT”后面缺少要排除的词");
  EXPECT_NE(Err("a OR").find("“OR”后面缺少检索词"), std::string::npos);
  EXPECT_NE(Err("a &&").find("“&&”后面缺少检索词"), std::string::npos);
  EXPECT_NE(Err("|| a").find("“||”前面缺少检索词"), std::string::npos);
  EXPECT_NE(Err("AND a").find("“AND”前面缺少检索词"), std::string::npos);
  EXPECT_NE(Err("(OR a) b").find("“OR”前面缺少检索词"), std::string::npos);
  EXPECT_NE(Err("(a AND) b").find("“AND”后面缺少检索词"), std::string::npos);
  EXPECT_NE(Err("a NOT").find("“NOT”后面缺少要排除的词"), std::string::npos);
  EXPECT_NE(Err("a AND NOT").find("“NOT”后面缺少要排除的词"), std::string::npos);
  EXPECT_NE(Err("a !").find("“!”后面缺少要排除的词"), std::string::npos);
  EXPECT_NE(Err("a OR OR b").find("“OR”后面缺少检索词"), std::string::npos);
}

TEST(QueryParserTest, EmptyParentheses) {
  EXPECT_EQ(Err("()"), "检索式有误：第 1 个字符处的括号“()”中没有检索词");
  EXPECT_NE(Err("a ( )").find("第 3 个字符处的括号“()”中没有检索词"), std::string::npos);
  EXPECT_NE(Err("a （）").find("括号“()”中没有检索词"), std::string::npos);
}

TEST(QueryParserTest, FieldWithoutValue) {
  EXPECT_EQ(Err("标题:"), "检索式有误：第 1 个字符处的字段“标题:”后面缺少检索词");
  for (const char* q : {"标题:()", "标题：", "标题: ", "(标题:)", "a 标题:", "标题: AND b",
                        "标题: OR b", "title:", "年份:", "标题:)"}) {
    SCOPED_TRACE(q);
    const std::string m = Err(q);
    EXPECT_NE(m.find("后面缺少检索词"), std::string::npos) << m;
    EXPECT_NE(m.find("字段"), std::string::npos) << m;
  }
  EXPECT_NE(Err("a 标题:").find("第 3 个字符处的字段“标题:”"), std::string::npos);
  EXPECT_NE(Err("TITLE:").find("“TITLE:”"), std::string::npos);
}

TEST(QueryParserTest, OnlyNegativeQueries) {
  const std::string want = "检索式不能只有排除条件：请加上要查找的词";
  EXPECT_EQ(Err("NOT a"), want);
  EXPECT_EQ(Err("-a -b"), want);
  EXPECT_EQ(Err("!a"), want);
  EXPECT_EQ(Err("-(a b)"), want);
  EXPECT_EQ(Err("a (NOT b NOT c)"), want);
  EXPECT_EQ(Err("-a ，"), want);  // the punctuation is dropped, leaving only the negation
}

TEST(QueryParserTest, NegationAsAnOrOperand) {
  for (const char* q : {"a OR NOT b", "a OR -b", "NOT a OR b", "(NOT a) OR b", "a | !b"}) {
    SCOPED_TRACE(q);
    const std::string m = Err(q);
    EXPECT_NE(m.find("OR"), std::string::npos) << m;
    EXPECT_NE(m.find("排除条件"), std::string::npos) << m;
  }
}

std::string Words(size_t n) {
  std::string q;
  for (size_t i = 0; i < n; ++i) q += "w" + std::to_string(i) + " ";
  return q;
}

TEST(QueryParserTest, TooManyNodes) {
  // n words make n leaves and one kAnd.
  EXPECT_EQ(CountNodes(P(Words(kMaxQueryNodes - 1))), kMaxQueryNodes);
  const std::string m = Err(Words(kMaxQueryNodes));
  EXPECT_EQ(m.rfind("检索式过长", 0), 0u) << m;
  EXPECT_NE(m.find(std::to_string(kMaxQueryNodes)), std::string::npos) << m;
  Err(Words(100000));
  // Negations count as nodes too.
  std::string q = "a";
  for (size_t i = 0; i < kMaxQueryNodes / 2; ++i) q += " -b" + std::to_string(i);
  EXPECT_EQ(Err(q).rfind("检索式过长", 0), 0u);
}

std::string Nested(size_t depth, const std::string& inner) {
  return std::string(depth, '(') + inner + std::string(depth, ')');
}

TEST(QueryParserTest, NestingDepthLimit) {
  EXPECT_EQ(P(Nested(kMaxQueryDepth, "a OR b")), Or({W("a"), W("b")}));
  const std::string m = Err(Nested(kMaxQueryDepth + 1, "a OR b"));
  EXPECT_EQ(m.rfind("检索式嵌套过深", 0), 0u) << m;
  EXPECT_NE(m.find(std::to_string(kMaxQueryDepth)), std::string::npos) << m;
  EXPECT_EQ(Err(Nested(1000, "a")).rfind("检索式嵌套过深", 0), 0u);
  // Negation chains nest too (NOT NOT ... cancels pairwise once parsed).
  std::string nots;
  for (size_t i = 0; i < kMaxQueryDepth + 1; ++i) nots += "NOT ";
  EXPECT_EQ(Err("a " + nots + "b").rfind("检索式嵌套过深", 0), 0u);
  EXPECT_EQ(Err("a " + std::string(5000, '-') + "b").rfind("检索式嵌套过深", 0), 0u);
  // A deep tree of distinct groups still fits.
  std::string q = "a";
  for (size_t i = 0; i < 20; ++i) q = "(" + q + " OR b" + std::to_string(i) + ") c" + std::to_string(i);
  const QueryNode n = P(q);
  EXPECT_EQ(Depth(n), 41u);
}

// ---- Robustness ----------------------------------------------------------------------------

void CheckAnyInput(const std::string& q) {
  auto r = ParseQuery(q);
  if (r.ok()) {
    CheckInvariants(*r, nullptr, q);
    EXPECT_LE(CountNodes(*r), kMaxQueryNodes);
    const std::string s = ToString(*r);
    EXPECT_TRUE(text::IsValidUtf8(s));
    auto again = ParseQuery(s);
    ASSERT_TRUE(again.ok()) << s << ": " << again.status().ToString();
    EXPECT_EQ(*again, *r) << s;
  } else {
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << r.status().ToString();
    EXPECT_TRUE(text::IsValidUtf8(r.status().message()));
    EXPECT_TRUE(HasCjk(r.status().message())) << r.status().message();
  }
}

TEST(QueryParserTest, RandomBytesNeverCrash) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> len(0, 64);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 3000; ++i) {
    std::string q(static_cast<size_t>(len(rng)), '\0');
    for (char& c : q) c = static_cast<char>(byte(rng));
    CheckAnyInput(q);
    if (HasFailure()) return;
  }
}

TEST(QueryParserTest, RandomQueryPiecesNeverCrash) {
  const std::vector<std::string> pieces = {
      "(",    ")",     " ",     " ",          "AND",   "OR",       "NOT",    "&&",    "||",
      "&",    "|",     "!",     "-",          "\"",    "“",        "”",      "「",    "」",
      "『",   "』",    "标题:", "title:",     "年份:", "year:",    "机构：", "发文机关:",
      ":",    "2001",  "..",    "1998..2003", "1998",  "a",        "房屋",   "编制",  "，",
      "？",   "（",    "）",    "\u3000",     "\xff",  "\xe6\x88", std::string("\0", 1),
      "ＡＮＤ", "～",   "请问:", "x"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> len(1, 24);
  int ok = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string q;
    const int n = len(rng);
    for (int k = 0; k < n; ++k) {
      q += pieces[pick(rng)];
    }
    if (ParseQuery(q).ok()) ++ok;
    CheckAnyInput(q);
    if (HasFailure()) return;
  }
  EXPECT_GT(ok, 500);  // the generator reaches the success paths too
}

TEST(QueryParserTest, HugeInputsReturnAStatus) {
  for (const std::string& q :
       {std::string(1 << 20, '('), std::string(1 << 20, ')'), std::string(1 << 20, '"'),
        std::string(1 << 20, '-') + "a", std::string(1 << 20, '!') + "a",
        std::string(1 << 20, '\0'), std::string(1 << 20, '\xff'), Words(200000),
        "\"" + std::string(1 << 20, 'a'), std::string(1 << 20, ':')}) {
    auto r = ParseQuery(q);
    if (r.ok()) {
      CheckInvariants(*r, nullptr, "huge");
    } else {
      EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    }
  }
  // One very long word is fine (the builder limits its terms).
  std::string long_word;
  for (int i = 0; i < 100000; ++i) long_word += "房";
  EXPECT_EQ(P(long_word).text.size(), long_word.size());
}

TEST(QueryParserTest, InvalidUtf8IsSanitised) {
  EXPECT_EQ(P("机构\xff编制"), W("机构\uFFFD编制"));
  EXPECT_EQ(Err("\xff\xfe"), "检索式中没有可检索的文字");
}

// ---- ToString round trip -------------------------------------------------------------------

TEST(QueryParserTest, ToStringRoundTrips) {
  const char* queries[] = {
      "房屋",
      "夫妻一方经营个体工商户所欠债务，谁偿还？",
      "机构 编制 管理",
      "a AND b",
      "a b AND c",
      "a AND b c",
      "a AND b c AND d",
      "a OR b OR c",
      "a b OR c",
      "a AND b OR c AND d",
      "机构 -撤销",
      "机构 AND NOT 撤销",
      "a AND (b OR c) AND NOT d",
      "(a OR b) c",
      "a (b c)",
      "((a b) (c OR d)) OR e",
      "\"机构 编制\"",
      "“a\"b”",
      "「a\"b”」",
      "『他说「你好」』",
      "关于“房屋”的",
      "（标题：编制）",
      "标题:\"机构 编制\" 年份:1998..2003",
      "文号:国发〔2001〕1号",
      "docno:x title:y org:z kind:w issuer:v year:2001",
      "发文机关:国务院 OR 机构:人社局",
      "年份:1998..",
      "年份:..2003",
      "年份:2001",
      "标题:AND",
      "标题:-撤销",
      "标题:请问:房屋",
      "标题:(编制 OR 机构)",
      "年份:(2001 OR 2003..2005)",
      "请问:房屋",
      "a AND ， b",
      "NOT NOT a",
      "a -(b OR c) -\"d e\"",
      "(NOT a) b",
      "机构\u3000编制",
      "a\"b c\"",
      "2010-2012 a&&b",
      "\"a\nb\"",
  };
  for (const char* q : queries) {
    SCOPED_TRACE(q);
    ExpectRoundTrip(q);
    CheckInvariants(P(q), nullptr, q);
  }
  ExpectRoundTrip(Nested(kMaxQueryDepth, "a OR b"));
  ExpectRoundTrip(Words(kMaxQueryNodes - 1));
}

}  // namespace
}  // namespace sanding::indexer::internal
