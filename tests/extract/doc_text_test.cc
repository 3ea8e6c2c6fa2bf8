#include "indexer/extract/doc_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sanding::extract {
namespace {

std::vector<std::string> Paras(const DocText& d) {
  std::vector<std::string> out;
  for (size_t i = 0; i < d.paragraphs().size(); ++i) out.emplace_back(d.Para(i));
  return out;
}

TEST(DocTextTest, PlainTextKeepsOneParagraphPerLine) {
  DocText d = DocText::FromText("关于印发《某局主要职责内设机构和人员编制规定》的通知\n各县人民政府：\n　　一、主要职责\n");
  EXPECT_EQ(Paras(d), (std::vector<std::string>{
                          "关于印发《某局主要职责内设机构和人员编制规定》的通知", "各县人民政府：",
                          "一、主要职责"}));
}

TEST(DocTextTest, WrappedLinesAreJoinedUntilAParagraphEnds) {
  // A text layer: full lines of 20 characters wrap; a short line, a line ending in 。 or the
  // start of a numbered item end the paragraph.
  const std::string page =
      "根据县委、县政府关于机构设置的有关规定，设立\n"
      "临川县市场监督管理局（以下简称县市场监管局）\n"
      "。县市场监管局是县政府工作部门，正科级。\n"
      "一、主要职责\n"
      "（一）负责全县市场主体登记注册和监督管理工作\n"
      "，组织实施有关法律法规规章。\n"
      "（二）负责全县食品安全监督管理综合协调工作和\n"
      "重大事项。\n";
  DocText d = DocText::FromPages({page});
  EXPECT_EQ(Paras(d), (std::vector<std::string>{
                          "根据县委、县政府关于机构设置的有关规定，设立临川县市场监督管理局（以下简称县市场监"
                          "管局）。县市场监管局是县政府工作部门，正科级。",
                          "一、主要职责",
                          "（一）负责全县市场主体登记注册和监督管理工作，组织实施有关法律法规规章。",
                          "（二）负责全县食品安全监督管理综合协调工作和重大事项。"}));
}

TEST(DocTextTest, TitleLinesAreNotJoinedWithTheNextLine) {
  const std::string page =
      "某市机构编制委员会关于印发《某市发展和改革委员会主\n"
      "要职责内设机构和人员编制规定》的通知\n"
      "各县人民政府，市政府各部门、各直属机构：\n"
      "经市委、市政府同意，现将《某市发展和改革委员会主要\n"
      "职责内设机构和人员编制规定》印发给你们。\n";
  DocText d = DocText::FromPages({page});
  ASSERT_GE(d.paragraphs().size(), 3u);
  EXPECT_EQ(d.Para(0), "某市机构编制委员会关于印发《某市发展和改革委员会主要职责内设机构和人员编制规定》的通知");
  EXPECT_EQ(d.Para(1), "各县人民政府，市政府各部门、各直属机构：");
}

TEST(DocTextTest, PunctuationStartingALineJoinsOnlyAfterAFullLine) {
  // Typesetting never starts a line with closing punctuation: after a full line it continues the
  // sentence; after a line that ended one it is OCR noise (a speck or seal residue) and dropped.
  const std::string page =
      "根据县委、县政府关于机构设置的有关规定\n"
      "，设立临川县市场监督管理局，为县政府工作部门\n"
      "（一）负责全县市场主体登记注册和监督管理工作。\n"
      "此复。\n"
      "”清河市机构编制委员会\n"
      "一九九九年十一月九日\n";
  DocText d = DocText::FromPages({page});
  EXPECT_EQ(Paras(d), (std::vector<std::string>{
                          "根据县委、县政府关于机构设置的有关规定，设立临川县市场监督管理局，为县政府工作部门",
                          "（一）负责全县市场主体登记注册和监督管理工作。", "此复。", "清河市机构编制委员会",
                          "一九九九年十一月九日"}));
}

TEST(DocTextTest, ParagraphContinuesAcrossAPageBreakAndPageNumbersAreDropped) {
  const std::string p1 =
      "（一）负责全市国民经济和社会发展规划的研究\n"
      "拟订工作，提出年度计划建议并监督执行情况\n"
      "（二）负责全市固定资产投资的综合平衡和重大\n"
      "— 1 —\n";
  const std::string p2 = "建设项目的安排。\n（三）负责价格管理。\n";
  DocText d = DocText::FromPages({p1, p2});
  EXPECT_EQ(Paras(d), (std::vector<std::string>{
                          "（一）负责全市国民经济和社会发展规划的研究拟订工作，提出年度计划建议并监督执行情况",
                          "（二）负责全市固定资产投资的综合平衡和重大建设项目的安排。",
                          "（三）负责价格管理。"}));
  // The second paragraph starts on page 1 and its continuation maps back to page 2.
  const size_t cont = d.norm().find("建设项目");
  const Span s = d.SpanOf(cont, cont + std::string("建设项目").size());
  EXPECT_EQ(s.page, 2u);
  EXPECT_EQ(p2.substr(s.begin, s.end - s.begin), "建设项目");
}

TEST(DocTextTest, NormalisesWidthPunctuationAndOcrSpacing) {
  DocText d = DocText::FromText("清编 办 发(２０１２)３号\n市发改委机关行政编制 52 名:主任1名\n");
  EXPECT_EQ(d.Para(0), "清编办发（2012）3号");
  EXPECT_EQ(d.Para(1), "市发改委机关行政编制 52 名：主任1名");
  // Wide gaps between joint issuers are kept as one space.
  DocText j = DocText::FromText("中共某市委　某市人民政府\n");
  EXPECT_EQ(j.Para(0), "中共某市委 某市人民政府");
}

TEST(DocTextTest, SpansMapBackToTheOriginalBytes) {
  const std::string page = "　　清编办〔２０１２〕３号\n关于核增某局行政编制的批复";
  DocText d = DocText::FromPages({page});
  const std::string& n = d.norm();
  const size_t b = n.find("2012");
  const Span s = d.SpanOf(b, b + 4);
  EXPECT_EQ(s.page, 1u);
  EXPECT_EQ(page.substr(s.begin, s.end - s.begin), "２０１２");
  EXPECT_EQ(d.Original(0, d.paragraphs()[0].end), "清编办〔２０１２〕３号");
}

TEST(DocTextTest, TraditionalTextIsReadAsSimplified) {
  DocText d = DocText::FromText("國務院辦公廳主要職責內設機構和人員編制規定\n");
  EXPECT_TRUE(d.traditional());
  EXPECT_EQ(d.Para(0), "国务院办公厅主要职责内设机构和人员编制规定");
  EXPECT_EQ(ToSimplified("國辦發〔2008〕60號"), "国办发〔2008〕60号");
  EXPECT_FALSE(DocText::FromText("国务院办公厅\n").traditional());
}

TEST(DocTextTest, EmptyAndInvalidInput) {
  EXPECT_TRUE(DocText::FromText("").paragraphs().empty());
  EXPECT_TRUE(DocText::FromPages({}).norm().empty());
  DocText bad = DocText::FromText(std::string("编制\xff\xfe名"));
  EXPECT_EQ(bad.Para(0), "编制\xEF\xBF\xBD\xEF\xBF\xBD名");
}

}  // namespace
}  // namespace sanding::extract
