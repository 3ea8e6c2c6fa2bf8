// Tests of indexer/extract/fields.h: 文号 and date parsing, title kinds, instrument names of real
// gazette entries, and the head of real and sample documents.
#include "indexer/extract/fields.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/extract/corpus_util.h"
#include "tests/util/paths.h"

namespace sanding::extract {
namespace {

using sanding::testing::ReadFileOrEmpty;
using sanding::testing::RealData;

std::string Norm(std::optional<DocNumber> n) { return n ? n->Normalised() : "<none>"; }

// ---- 文号 ---------------------------------------------------------------------------------------

TEST(FieldsDocNumber, BracketStyles) {
  EXPECT_EQ(Norm(ParseDocNumber("国办发〔2008〕60号")), "国办发〔2008〕60号");
  EXPECT_EQ(Norm(ParseDocNumber("国办发[2008]60号")), "国办发〔2008〕60号");
  EXPECT_EQ(Norm(ParseDocNumber("国办发【2008】060号")), "国办发〔2008〕60号");
  EXPECT_EQ(Norm(ParseDocNumber("国办发(2008)60号")), "国办发〔2008〕60号");
  EXPECT_EQ(Norm(ParseDocNumber("国办发（2008）60号")), "国办发〔2008〕60号");
  EXPECT_EQ(Norm(ParseDocNumber("  国办发 [ 2008 ] 60 号 ")), "国办发〔2008〕60号");
  EXPECT_EQ(Norm(ParseDocNumber("清编〔1999〕07号")), "清编〔1999〕7号");
  EXPECT_EQ(Norm(ParseDocNumber("鲁编办发〔2016〕12号")), "鲁编办发〔2016〕12号");
  EXPECT_EQ(Norm(ParseDocNumber("江编〔1996〕31号")), "江编〔1996〕31号");
  EXPECT_EQ(Norm(ParseDocNumber("京政字〔1995〕第5号")), "<none>");  // 第 is not a serial
  EXPECT_EQ(Norm(ParseDocNumber("中办发〔2018〕1号")), "中办发〔2018〕1号");
}

TEST(FieldsDocNumber, OcrConfusions) {
  EXPECT_EQ(Norm(ParseDocNumber("清编【1999] 7号")), "清编〔1999〕7号");  // mixed brackets
  EXPECT_EQ(Norm(ParseDocNumber("清政办发(1983] 15号")), "清政办发〔1983〕15号");
  EXPECT_EQ(Norm(ParseDocNumber("国办发C2008J60号")), "国办发〔2008〕60号");
  EXPECT_EQ(Norm(ParseDocNumber("国办发I2008|60号")), "国办发〔2008〕60号");
  EXPECT_EQ(Norm(ParseDocNumber("国办发〔2008〕60")), "国办发〔2008〕60号");  // 号 lost
  EXPECT_EQ(Norm(ParseDocNumber("清政办发1989 43号")), "清政办发〔1989〕43号");  // brackets lost
  EXPECT_EQ(Norm(ParseDocNumber("清政办发(1983] 7]号")), "清政办发〔1983〕71号");  // 1 read as ]
  EXPECT_EQ(Norm(ParseDocNumber("清政办发【2002] ]号")), "清政办发〔2002〕1号");
  EXPECT_EQ(Norm(ParseDocNumber("清政办发〔1996]】9号")), "清政办发〔1996〕9号");  // doubled bracket
  EXPECT_EQ(Norm(ParseDocNumber("國辦發〔2008〕60號")), "國辦發〔2008〕60号");
  // Not 文号: a year in a sentence, a bare number, a year without prefix.
  EXPECT_EQ(Norm(ParseDocNumber("2008年60号")), "<none>");
  EXPECT_EQ(Norm(ParseDocNumber("〔2008〕60号")), "<none>");
  EXPECT_EQ(Norm(ParseDocNumber("国办发200860")), "<none>");
  EXPECT_EQ(Norm(ParseDocNumber("国办发〔2008〕60号 附件")), "<none>");  // not the whole string
}

TEST(FieldsDocNumber, FindInRunningText) {
  size_t b = 0, e = 0;
  const std::string s = "根据《国务院关于机构设置的通知》（国发〔2008〕11号），设立国务院办公厅";
  auto n = FindDocNumber(s, &b, &e);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->Normalised(), "国发〔2008〕11号");
  EXPECT_EQ(s.substr(b, e - b), "国发〔2008〕11号");
  const std::string meta = "发布于国办发〔2008〕60号《通知";
  n = FindDocNumber(meta, &b, &e);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->prefix, "国办发");
  EXPECT_EQ(n->year, 2008);
  EXPECT_EQ(n->serial, 60);
  EXPECT_FALSE(FindDocNumber("1983年11月3日起启用，共计21名。", &b, &e).has_value());
}

// ---- dates --------------------------------------------------------------------------------------

std::string D(std::string_view s) { return ParseDate(s).value_or("<none>"); }

TEST(FieldsDate, ArabicAndChinese) {
  EXPECT_EQ(D("2008年7月10日"), "2008-07-10");
  EXPECT_EQ(D("2008-07-10"), "2008-07-10");
  EXPECT_EQ(D("2008.7.10"), "2008-07-10");
  EXPECT_EQ(D("二〇〇八年七月十日"), "2008-07-10");
  EXPECT_EQ(D("二○○八年七月十日"), "2008-07-10");
  EXPECT_EQ(D("二零零八年七月十日"), "2008-07-10");
  EXPECT_EQ(D("二OO八年七月十日"), "2008-07-10");
  EXPECT_EQ(D("二oo八年七月十日"), "2008-07-10");
  EXPECT_EQ(D("二00八年七月十日"), "2008-07-10");
  EXPECT_EQ(D("一九九六年十二月三十一日"), "1996-12-31");
  EXPECT_EQ(D("一九八三年十一月二十三日"), "1983-11-23");
  EXPECT_EQ(D("一九八三年十一月廿三日"), "1983-11-23");
  EXPECT_EQ(D("二〇一九年一月二十八日"), "2019-01-28");
  EXPECT_EQ(D("2014年 9月 12日"), "2014-09-12");  // stray spaces
  EXPECT_EQ(D(" 2019年6月4日 "), "2019-06-04");
}

TEST(FieldsDate, Validation) {
  EXPECT_EQ(D("2019年2月29日"), "<none>");
  EXPECT_EQ(D("2020年2月29日"), "2020-02-29");
  EXPECT_EQ(D("二〇一九年十三月一日"), "<none>");
  EXPECT_EQ(D("二〇一九年四月三十一日"), "<none>");
  EXPECT_EQ(D("2019年0月1日"), "<none>");
  EXPECT_EQ(D("二〇一九年"), "<none>");
  EXPECT_EQ(D("12019年1月1日"), "<none>");
}

TEST(FieldsDate, OcrDamage) {
  // Unambiguous glyph confusions are repaired.
  EXPECT_EQ(D("一九八三年十-月十一日"), "1983-11-11");  // 一 read as -
  EXPECT_EQ(D("二〇C二年七月十五日"), "2002-07-15");    // 〇 read as C
  EXPECT_EQ(D("2019年6月I8日"), "2019-06-18");         // 1 read as I
  // One garbled digit of a Chinese year, a garbled month or day: not guessed.
  EXPECT_EQ(D("一九瓜三年十一月十八日"), "<none>");
  EXPECT_EQ(D("一类\\三年十一月三日"), "<none>");
  EXPECT_EQ(D("一九八三年十二月于八日"), "<none>");
  EXPECT_EQ(D("十九八七年三月十日"), "<none>");
  EXPECT_EQ(D("二O〇一〇年九月七日"), "<none>");  // five year digits
  EXPECT_EQ(D("二〇CO二年七月十五日"), "<none>");  // 〇 read as two characters
}

TEST(FieldsDate, FindLastAndFirst) {
  const std::string s = "自2019年1月1日起施行。清河市人民政府 2019年2月27日";
  size_t b = 0, e = 0;
  EXPECT_EQ(FindDate(s, &b, &e).value_or(""), "2019-02-27");
  EXPECT_EQ(s.substr(b, e - b), "2019年2月27日");
  EXPECT_EQ(FindDate(s, &b, &e, false).value_or(""), "2019-01-01");
  EXPECT_FALSE(FindDate("没有日期", &b, &e).has_value());
}

// ---- kinds and instrument names -----------------------------------------------------------------

TEST(FieldsKind, GenericWords) {
  EXPECT_EQ(KindOfTitle("某市机构编制委员会关于同意核增某市物价局行政编制的批复"), "批复");
  EXPECT_EQ(KindOfTitle("某市機構編制委員會關於同意設立某市審計局的批覆"), "批复");
  EXPECT_EQ(KindOfTitle("某市人民政府办公室关于启用某市档案馆印章的通知"), "通知");
  EXPECT_EQ(KindOfTitle("某县人民政府关于撤销某县电力工业局的决定"), "决定");
  EXPECT_EQ(KindOfTitle("中共某市委　某市人民政府关于某市机构改革的实施意见"), "意见");
  EXPECT_EQ(KindOfTitle("某市人民政府关于某某工作情况的报告"), "其他");
  EXPECT_EQ(KindOfTitle("国务院关于印发“十三五”脱贫攻坚规划的通知"), "通知");
}

TEST(FieldsKind, SandingForms) {
  EXPECT_EQ(KindOfTitle("国务院办公厅关于印发国务院办公厅主要职责内设机构和人员编制规定的通知"), "三定规定");
  EXPECT_EQ(KindOfTitle("某市人民政府办公室关于印发《某市劳动局职能配置、内设机构和人员编制方案》的通知"),
            "三定规定");
  EXPECT_EQ(KindOfTitle("关于印发《某市财政局“三定”方案》的通知"), "三定规定");
  EXPECT_EQ(KindOfTitle("中共某省委办公厅 某省人民政府办公厅关于印发《某省生态环境厅职能配置、内设机构和人员编制规定》的通知"),
            "三定规定");
  EXPECT_EQ(KindOfTitle("国家矿山安全监察局职能配置、内设机构和人员编制规定"), "三定规定");
  EXPECT_EQ(KindOfTitle("某县人民政府关于印发《某县政府信息公开管理办法》的通知"), "通知");
}

// One assertion per row of the 35 real gazette contents entries (ftulabs/law-v2.0 test cases).
TEST(FieldsInstrumentName, GazetteTitleCases) {
  std::ifstream in(RealData("peer_ftulabs_law/gazette_toc_title_cases.tsv"));
  ASSERT_TRUE(in.good()) << "missing realdata gazette_toc_title_cases.tsv";
  std::string line;
  std::getline(in, line);  // header
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() == 2) cols.push_back("");
    ASSERT_EQ(cols.size(), 3u) << line;
    const std::string expected = cols[0] == "negative" ? "" : cols[2];
    EXPECT_EQ(InstrumentName(cols[1]), expected) << "row " << rows + 1 << ": " << line;
    ++rows;
  }
  EXPECT_EQ(rows, 35);
}

TEST(FieldsInstrumentName, LanguageRules) {
  EXPECT_EQ(InstrumentName("某省人民政府令（第12号）　某省机构编制管理办法"), "某省机构编制管理办法");
  EXPECT_EQ(InstrumentName("关于印发《甲管理办法》《乙实施细则》的通知"), "甲管理办法");
  EXPECT_EQ(InstrumentName("某部关于修改《某某管理规定》的决定"), "");
  EXPECT_EQ(InstrumentName("某部关于同意设立某某中心的批复"), "");
  EXPECT_EQ(InstrumentName("互联网新闻信息发布管理规定"), "互联网新闻信息发布管理规定");
  EXPECT_EQ(InstrumentName("甲公司管理办法乙公司股权管理暂行办法"), "");
}

// ---- the head of whole documents ----------------------------------------------------------------

HeadFacts HeadOf(const std::string& text) { return ExtractHead(DocText::FromText(text)); }

TEST(FieldsHead, ApprovalWithRedHeader) {
  const std::string text =
      "某某县人民政府办公室文件\n\n某政办发〔2021〕9号\n\n"
      "某某县人民政府办公室关于同意核增某某县应急管理局行政编制的批复\n\n"
      "某某县应急管理局：\n　　你局《关于增加行政编制的请示》（某应急〔2021〕3号）收悉。经研究，现批复如下：\n"
      "　　同意核增你局行政编制2名。\n　　此复。\n\n某某县人民政府办公室\n2021年3月5日\n\n"
      "抄送：县委办公室。\n某某县人民政府办公室　　　　2021年3月6日印发\n";
  const HeadFacts h = HeadOf(text);
  EXPECT_EQ(h.doc_number.value, "某政办发〔2021〕9号");
  EXPECT_EQ(h.doc_number.confidence, 1.0);
  EXPECT_EQ(h.title.value, "某某县人民政府办公室关于同意核增某某县应急管理局行政编制的批复");
  EXPECT_EQ(h.kind.value, "批复");
  EXPECT_EQ(h.issuer.value, "某某县人民政府办公室");
  EXPECT_EQ(h.date.value, "2021-03-05");
  ASSERT_EQ(h.title_subjects.size(), 1u);
  EXPECT_EQ(h.title_subjects[0].text, "某某县应急管理局");
  EXPECT_GT(h.title_subjects[0].span.page, 0u);
  EXPECT_TRUE(h.regulation_title.empty());
  EXPECT_TRUE(h.review.empty());
}

TEST(FieldsHead, JointIssuersAndWrappedTitle) {
  const std::string text =
      "中共某某市委员会文件\n\n某发〔2019〕2号\n\n"
      "中共某某市委　某某市人民政府关于印发《某某市卫生健康委员会职能配置、\n内设机构和人员编制规定》的通知\n\n"
      "各县（区）党委和人民政府，市直各单位：\n　　现将《某某市卫生健康委员会职能配置、内设机构和人员编制规定》印发给你们，请遵照执行。\n\n"
      "中共某某市委\n某某市人民政府\n二〇一九年一月二十八日\n"
      "\f某某市卫生健康委员会职能配置、内设机构和人员编制规定\n\n"
      "　　第一条　为了规范某某市卫生健康委员会的职能配置，制定本规定。\n";
  const HeadFacts h = HeadOf(text);
  EXPECT_EQ(h.kind.value, "三定规定");
  EXPECT_EQ(h.date.value, "2019-01-28");
  EXPECT_EQ(h.issuer.value, "中共某某市委\u3000某某市人民政府");
  EXPECT_EQ(h.regulation_title.value, "某某市卫生健康委员会职能配置、内设机构和人员编制规定");
  ASSERT_NE(h.regulation_offset, std::string::npos);
  const DocText doc = DocText::FromText(text);
  EXPECT_EQ(doc.norm().substr(h.regulation_offset, 9), "某某市");
  EXPECT_EQ(h.regulation_start.page, 2u);
  ASSERT_EQ(h.title_subjects.size(), 1u);
  EXPECT_EQ(h.title_subjects[0].text, "某某市卫生健康委员会");
}

TEST(FieldsHead, FlagsWhatIsMissingOrDamaged) {
  const std::string text =
      "某某市机构编制委员会关于同意设立某某市数据中心的批复\n\n某某市大数据局：\n"
      "　　你局的请示收悉。经研究，同意设立某某市数据中心。\n　　此复。\n\n"
      "某某市机构编制委员会\n二〇一类年三月五日\n";
  const HeadFacts h = HeadOf(text);
  EXPECT_EQ(h.kind.value, "批复");
  EXPECT_TRUE(h.doc_number.empty());
  EXPECT_TRUE(h.date.empty());
  EXPECT_EQ(h.issuer.value, "某某市机构编制委员会");
  bool number_flag = false, date_flag = false;
  for (const ReviewFlag& f : h.review) {
    number_flag = number_flag || f.field == "doc_number";
    date_flag = date_flag || f.field == "date";
  }
  EXPECT_TRUE(number_flag);
  EXPECT_TRUE(date_flag);
  ASSERT_EQ(h.title_subjects.size(), 1u);
  EXPECT_EQ(h.title_subjects[0].text, "某某市数据中心");
}

TEST(FieldsHead, DecisionPassedByCongress) {
  const HeadFacts h = HeadOf(
      "第九届全国人民代表大会第一次会议关于国务院机构改革方案的决定\n\n"
      "（1998年3月10日第九届全国人民代表大会第一次会议通过）\n\n"
      "　　第九届全国人民代表大会第一次会议听取并审议了国务院机构改革方案。\n");
  EXPECT_EQ(h.kind.value, "决定");
  EXPECT_EQ(h.date.value, "1998-03-10");
  EXPECT_EQ(h.issuer.value, "第九届全国人民代表大会第一次会议");
  EXPECT_TRUE(h.doc_number.empty());
  EXPECT_TRUE(h.title_subjects.empty());
}

// A scan read by OCR: no 红头 (red ink dropped), 文号 with mixed brackets joined to the title,
// the gap between joint issuers read as a quote mark, the 落款 under the seal misread and its date
// destroyed.
TEST(FieldsHead, OcrDamagedScan) {
  const HeadFacts h = HeadOf(
      "_某发【2002] 9号中共某某市委”某某市人民政府关于印发《某某市统计局职能配置、内设机构和人员编制方案》的通知\n"
      "各县人民政府，市政府各部门：\n"
      "《某某市统计局职能配置、内设机构和人员编制方案》已经市委、市政府同意，现予印发。\n"
      "”中共某某市委，某某市大民政府\n"
      "二霹\\竺上一月有日\n"
      "某某市统计局职能配置、内设机构和人员编制方案\n"
      "根据市委、市政府关于机构设置的有关规定，设立某某市统计局。\n");
  EXPECT_EQ(h.doc_number.value, "某发〔2002〕9号");
  EXPECT_EQ(h.title.value,
            "中共某某市委\u3000某某市人民政府关于印发《某某市统计局职能配置、内设机构和人员编制方案》的通知");
  EXPECT_LT(h.title.confidence, 1.0);
  EXPECT_EQ(h.kind.value, "三定规定");
  EXPECT_EQ(h.issuer.value, "中共某某市委\u3000某某市人民政府");  // as the title prints it
  EXPECT_LT(h.issuer.confidence, 1.0);
  EXPECT_TRUE(h.date.empty());
  bool date_flag = false, issuer_flag = false;
  for (const ReviewFlag& f : h.review) {
    date_flag = date_flag || (f.field == "date" && f.message.find("无法识别") != std::string::npos);
    issuer_flag = issuer_flag || f.field == "issuer";
  }
  EXPECT_TRUE(date_flag);
  EXPECT_TRUE(issuer_flag);
  EXPECT_EQ(h.regulation_title.value, "某某市统计局职能配置、内设机构和人员编制方案");
  EXPECT_NE(h.regulation_offset, std::string::npos);
}

// ---- access marks (内部 / 公开) ------------------------------------------------------------------

Field AccessOf(const std::string& text, std::vector<ReviewFlag>* review = nullptr) {
  return ExtractAccess(DocText::FromText(text), review);
}

// as_written is the mark's original characters (DocText::Original); OCR spacing inside it may
// come back narrower, so marks are compared without their spaces.
std::string Unspaced(std::string s) {
  for (const char* space : {"\u3000", " "}) {
    for (size_t pos; (pos = s.find(space)) != std::string::npos;) s.erase(pos, std::string(space).size());
  }
  return s;
}

// An approval file with `top` printed above its 红头 and `note` after its 落款 date.
std::string Approval(const std::string& top, const std::string& note,
                     const std::string& body = "同意核增你局行政编制2名。") {
  return top + "某某市机构编制委员会文件\n\n某编〔2021〕9号\n\n"
               "某某市机构编制委员会关于同意核增某某市应急管理局行政编制的批复\n\n"
               "某某市应急管理局：\n　　你局的请示收悉。经研究，现批复如下：\n　　" + body +
         "\n　　此复。\n\n某某市机构编制委员会\n2021年3月5日\n" + note +
         "\n抄送：市委办公室。\n";
}

TEST(FieldsAccess, SecrecyMarksInTheHead) {
  for (const char* mark : {"绝密★10年", "机密★", "秘密★1年", "秘密", "机密", "绝密", "秘密★长期",
                           "秘密★6个月", "秘 密", "机　　密", "秘　密★1年", "秘密 ★ 1 年"}) {
    const Field f = AccessOf(Approval(std::string(mark) + "\n\n", ""));
    EXPECT_EQ(f.value, "内部") << mark;
    EXPECT_EQ(Unspaced(f.as_written), Unspaced(mark)) << mark;
    EXPECT_EQ(f.span.page, 1u) << mark;
    EXPECT_EQ(f.confidence, 1.0) << mark;
  }
}

TEST(FieldsAccess, InternalMarksInTheHead) {
  for (const char* mark : {"内部", "内部资料", "内部文件", "内部发行", "内部资料　注意保存",
                           "内部资料，注意保存", "内 部", "内　部　资　料"}) {
    const Field f = AccessOf(Approval(std::string(mark) + "\n\n", ""));
    EXPECT_EQ(f.value, "内部") << mark;
    EXPECT_EQ(Unspaced(f.as_written), Unspaced(mark)) << mark;
  }
}

// A 份号 before the mark and a 紧急程度 after it, on the mark's line or on lines of their own.
TEST(FieldsAccess, NumberOfCopiesAndUrgency) {
  EXPECT_EQ(AccessOf(Approval("000123\n秘密★1年\n特急\n\n", "")).value, "内部");
  const Field f = AccessOf(Approval("000123　　机密★1年　　特急\n\n", ""));
  EXPECT_EQ(f.value, "内部");
  EXPECT_EQ(f.as_written, "机密★1年");
  EXPECT_EQ(AccessOf(Approval("内部　　加急\n\n", "")).value, "内部");
}

// OCR or a text layer may put the mark on the first line with the 红头: set apart by a gap or
// its ★, it is still a mark, and neither the 红头 nor the title takes it in.
TEST(FieldsAccess, MarkAtTheStartOfTheFirstLine) {
  for (const char* first : {"秘密★1年　　某某市机构编制委员会文件\n\n", "内部　　某某市机构编制委员会文件\n\n",
                            "秘密★1年某某市机构编制委员会文件\n\n"}) {
    const std::string text = Approval(first, "");
    const Field f = AccessOf(text);
    EXPECT_EQ(f.value, "内部") << first;
    EXPECT_EQ(f.confidence, 0.9) << first;
    const HeadFacts h = HeadOf(text);
    EXPECT_EQ(h.title.value, "某某市机构编制委员会关于同意核增某某市应急管理局行政编制的批复") << first;
    EXPECT_EQ(h.issuer.value, "某某市机构编制委员会") << first;
  }
  // Run into the following words without a gap, 内部 is a word of the text.
  EXPECT_EQ(AccessOf("内部机构设置方案\n\n　　为规范内部机构设置，制定本方案。\n").value, "");
  EXPECT_EQ(AccessOf("机密文件管理办法\n\n　　第一条　为加强机密文件管理，制定本办法。\n").value, "");
}

// A document without 红头: the mark line is not joined to the title.
TEST(FieldsAccess, MarkDoesNotBecomePartOfTheTitle) {
  const std::string text =
      "内部\n\n某某市人民政府办公室关于调整某某市档案局管理体制的通知\n\n各县人民政府，市政府各部门：\n"
      "　　经研究，某某市档案局改由市政府办公室管理。\n　　特此通知。\n\n某某市人民政府办公室\n2003年5月6日\n";
  EXPECT_EQ(AccessOf(text).value, "内部");
  const HeadFacts h = HeadOf(text);
  EXPECT_EQ(h.title.value, "某某市人民政府办公室关于调整某某市档案局管理体制的通知");
  EXPECT_EQ(h.kind.value, "通知");
  EXPECT_EQ(h.date.value, "2003-05-06");
  // 内部文件 ends like a 红头 (…文件) but is the mark; the 红头 below it names the issuer.
  const std::string no_signature =
      "内部文件\n\n某某市人民政府文件\n\n某政发〔2003〕5号\n\n"
      "某某市人民政府关于调整某某市档案局管理体制的通知\n\n各县人民政府，市政府各部门：\n"
      "　　经研究，某某市档案局改由市政府办公室管理。\n";
  EXPECT_EQ(AccessOf(no_signature).value, "内部");
  const HeadFacts n = HeadOf(no_signature);
  EXPECT_EQ(n.issuer.value, "某某市人民政府");
  EXPECT_EQ(n.doc_number.value, "某政发〔2003〕5号");
}

TEST(FieldsAccess, NotesAfterTheSignature) {
  const std::pair<const char*, const char*> cases[] = {
      {"（此件公开发布）", "公开"},   {"（此件主动公开）", "公开"},     {"（此件公开）", "公开"},
      {"（此件不公开）", "内部"},     {"（此件不予公开）", "内部"},     {"（此件依申请公开）", "内部"},
      {"（不予公开）", "内部"},       {"(此件公开发布)", "公开"},       {"( 此件不予公开 )", "内部"},
      {"（ 此 件 公 开 发 布 ）", "公开"}, {"(此件依申请公开）", "内部"}, {"（此件公开发布", "公开"},
      {"【此件不公开】", "内部"},
  };
  for (const auto& [note, value] : cases) {
    const Field f = AccessOf(Approval("", std::string(note) + "\n"));
    EXPECT_EQ(f.value, value) << note;
    EXPECT_EQ(Unspaced(f.as_written), Unspaced(note)) << note;
    EXPECT_EQ(f.span.page, 1u) << note;
  }
  // Joined to the date line by OCR.
  EXPECT_EQ(AccessOf("某某市人民政府关于设立某某市数据局的通知\n\n各县人民政府：\n　　经研究，设立某某市数据局。\n\n"
                     "某某市人民政府\n2021年3月5日（此件不予公开）\n").value,
            "内部");
}

TEST(FieldsAccess, DisclosureLines) {
  EXPECT_EQ(AccessOf(Approval("", "公开方式：主动公开\n")).value, "公开");
  EXPECT_EQ(AccessOf(Approval("", "公开方式：不予公开\n")).value, "内部");
  EXPECT_EQ(AccessOf(Approval("", "公开方式：依申请公开\n")).value, "内部");
  EXPECT_EQ(AccessOf(Approval("", "公开方式:依申请公开\n")).value, "内部");
  EXPECT_EQ(AccessOf(Approval("", "公开方式　主动公开\n")).value, "公开");
  EXPECT_EQ(AccessOf(Approval("", "信息公开选项：主动公开\n")).value, "公开");
  const Field f = AccessOf(Approval("", "公 开 方 式 ： 不 予 公 开\n"));
  EXPECT_EQ(f.value, "内部");
  EXPECT_EQ(Unspaced(f.as_written), "公开方式：不予公开");
}

// The words 内部, 内设机构, 公开 in running text are no marks.
TEST(FieldsAccess, WordsInTheTextAreNoMarks) {
  const char* bodies[] = {
      "同意调整你局内部机构设置，内部机构由5个调整为6个。",
      "你局内设机构设置为办公室、应急指挥科。",
      "加强内部管理，严格执行内部控制制度。",
      "所需人员通过公开招聘方式补充，招聘结果向社会公开。",
      "有关信息依法主动公开，涉及国家秘密的不予公开。",
      "你局应依申请公开有关信息。",
  };
  for (const char* body : bodies) {
    const Field f = AccessOf(Approval("", "", body));
    EXPECT_EQ(f.value, "") << body;
    EXPECT_EQ(f.confidence, 0) << body;
  }
  // A paragraph of its own reading 内部 or 秘密, below the head, is not the head mark.
  EXPECT_EQ(AccessOf(Approval("", "", "同意调整。\n内部\n秘密")).value, "");
  // A mark on page 2 (a regulation after its covering notice) is not the document's head.
  EXPECT_EQ(AccessOf(Approval("", "") + "\f内部\n\n某某市应急管理局职能配置、内设机构和人员编制规定\n").value, "");
}

TEST(FieldsAccess, NothingSaidIsEmpty) {
  const Field f = AccessOf(Approval("", ""));
  EXPECT_TRUE(f.empty());
  EXPECT_TRUE(f.as_written.empty());
  EXPECT_EQ(f.span.page, 0u);
}

// A 密级 is decisive: with a 公开 note too, the document is internal and the clash is flagged.
TEST(FieldsAccess, SecrecyWinsOverPublicNote) {
  std::vector<ReviewFlag> review;
  const Field f = AccessOf(Approval("秘密★1年\n\n", "（此件公开发布）\n"), &review);
  EXPECT_EQ(f.value, "内部");
  EXPECT_EQ(f.as_written, "秘密★1年");
  ASSERT_EQ(review.size(), 1u);
  EXPECT_EQ(review[0].field, "access");
  EXPECT_NE(review[0].message.find("此件公开发布"), std::string::npos);
  // Order does not matter: a 不予公开 note after a 主动公开 line.
  EXPECT_EQ(AccessOf(Approval("", "公开方式：主动公开\n（此件不予公开）\n")).value, "内部");
  // Two marks that agree raise no flag.
  review.clear();
  EXPECT_EQ(AccessOf(Approval("内部资料\n\n", "（此件不公开）\n"), &review).value, "内部");
  EXPECT_TRUE(review.empty());
}

// Traditional-script documents: DocText reads them simplified; as_written keeps the original.
TEST(FieldsAccess, TraditionalScript) {
  const std::string head = "內部資料\n\n清河市機構編制委員會文件\n\n清編〔1999〕7號\n\n"
                           "清河市機構編制委員會關於同意核增清河市旅遊局行政編制的批覆\n\n清河市旅遊局：\n"
                           "　　你局的請示收悉。經研究，同意核增你局行政編制2名。\n　　此覆。\n\n"
                           "清河市機構編制委員會\n一九九九年四月二十二日\n";
  Field f = AccessOf(head);
  EXPECT_EQ(f.value, "内部");
  EXPECT_EQ(f.as_written, "內部資料");
  EXPECT_EQ(AccessOf(head.substr(head.find("清河市機構編制委員會文件")) + "（此件公開發佈）\n").value, "公开");
  EXPECT_EQ(AccessOf(head.substr(head.find("清河市機構編制委員會文件")) + "（此件不予公開）\n").value, "内部");
  EXPECT_EQ(AccessOf("機密★1年\n\n" + head.substr(head.find("清河市機構編制委員會文件"))).value, "内部");
  EXPECT_EQ(AccessOf("秘密★1年\n\n" + head.substr(head.find("清河市機構編制委員會文件"))).value, "内部");
}

// The span points at the mark in the stored page text.
TEST(FieldsAccess, SpanIsTheMarkInThePage) {
  const std::string text = Approval("", "（此件不予公开）\n") + "\f第二页\n";
  const Field f = AccessOf(text);
  ASSERT_EQ(f.span.page, 1u);
  const std::string page1 = text.substr(0, text.find('\f'));
  EXPECT_EQ(page1.substr(f.span.begin, f.span.end - f.span.begin), "（此件不予公开）");
}

// ---- real documents -----------------------------------------------------------------------------

// The three web copies of 国办发〔2008〕60号 in one realdata file, split at their "=== [X]" lines.
std::map<char, std::string> GuobanCopies() {
  const std::string all = ReadFileOrEmpty(
      RealData("sanding_texts/国务院办公厅主要职责内设机构和人员编制规定_2008_国办发2008-60号_excerpts.txt"));
  std::map<char, std::string> out;
  size_t pos = all.find("=== [");
  while (pos != std::string::npos) {
    const char id = all[pos + 5];
    const size_t body = all.find('\n', pos) + 1;
    const size_t next = all.find("=== [", body);
    out[id] = all.substr(body, next == std::string::npos ? std::string::npos : next - body);
    pos = next;
  }
  return out;
}

TEST(FieldsRealData, GuobanFa2008No60Copies) {
  const auto copies = GuobanCopies();
  ASSERT_EQ(copies.size(), 3u);
  const std::string reg = "国务院办公厅主要职责内设机构和人员编制规定";
  for (const auto& [id, text] : copies) {
    SCOPED_TRACE(std::string("copy ") + id);
    const DocText doc = DocText::FromText(text);
    const HeadFacts h = ExtractHead(doc);
    EXPECT_EQ(h.doc_number.value, "国办发〔2008〕60号");
    EXPECT_EQ(h.kind.value, "三定规定");
    EXPECT_EQ(h.regulation_title.value, reg);
    ASSERT_NE(h.regulation_offset, std::string::npos);
    EXPECT_EQ(doc.norm().substr(h.regulation_offset, 9), "国务院");
    ASSERT_EQ(h.title_subjects.size(), 1u);
    EXPECT_EQ(h.title_subjects[0].text, "国务院办公厅");
    if (id == 'B') {
      EXPECT_TRUE(doc.traditional());
      continue;  // Wikisource prints the regulation alone: no 落款, no date
    }
    EXPECT_EQ(h.date.value, "2008-07-10");
    EXPECT_EQ(h.issuer.value, "国务院办公厅");
  }
}

TEST(FieldsRealData, MineSafetyRegulation) {
  const std::string text = ReadFileOrEmpty(
      RealData("sanding_texts/国家矿山安全监察局职能配置内设机构和人员编制规定_第一至四条_truncated.txt"));
  ASSERT_FALSE(text.empty());
  const HeadFacts h = HeadOf(text);
  EXPECT_EQ(h.kind.value, "三定规定");
  EXPECT_EQ(h.regulation_title.value, "国家矿山安全监察局职能配置、内设机构和人员编制规定");
  EXPECT_EQ(h.regulation_offset, 0u);
  ASSERT_EQ(h.title_subjects.size(), 1u);
  EXPECT_EQ(h.title_subjects[0].text, "国家矿山安全监察局");
}

TEST(FieldsRealData, OfdApprovalTextLayer) {
  const auto j = nlohmann::json::parse(ReadFileOrEmpty(RealData("ofd_gongwen_sample/n_ofd_text_layer.json")));
  std::vector<std::string> pages;
  for (const auto& page : j) {
    std::string p;
    for (const auto& obj : page["text_objects"]) p += obj["text"].get<std::string>() + "\n";
    pages.push_back(p);
  }
  ASSERT_EQ(pages.size(), 2u);
  const HeadFacts h = ExtractHead(DocText::FromPages(pages));
  EXPECT_EQ(h.doc_number.value, "路卫发〔2011〕76号");
  EXPECT_EQ(h.kind.value, "批复");
  EXPECT_EQ(h.title.value, "关于同意张阿三同志辞职的批复");
  EXPECT_EQ(h.issuer.value, "测试符路桥区卫生局办公室");
  EXPECT_EQ(h.date.value, "2011-03-10");  // the 落款, not the 版记's "…印发" line
  EXPECT_EQ(h.date.span.page, 2u);
  EXPECT_TRUE(h.title_subjects.empty());
}

// ---- the sample corpus --------------------------------------------------------------------------

std::string NoSpaces(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') continue;
    if (s.compare(i, 3, "\u3000") == 0) {
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

TEST(FieldsCorpus, HeadAccuracy) {
  const auto docs = sanding::testing::LoadCorpusDocs();
  ASSERT_EQ(docs.size(), 189u);
  std::map<std::string, int> right;
  int sanding = 0, regulation_found = 0;
  for (const auto& d : docs) {
    const auto& t = d.truth;
    const HeadFacts h = HeadOf(d.text);
    const std::string id = t["id"].get<std::string>();
    auto check = [&](const std::string& field, const std::string& got, const std::string& want) {
      if (got == want) {
        ++right[field];
      } else {
        std::printf("[fields] %s %s: got '%s' want '%s'\n", id.c_str(), field.c_str(), got.c_str(),
                    want.c_str());
      }
    };
    check("doc_number", h.doc_number.value, t["doc_number"].get<std::string>());
    check("date", h.date.value, t["date"].get<std::string>());
    check("kind", h.kind.value, t["kind"].get<std::string>());
    check("issuer", NoSpaces(h.issuer.value), NoSpaces(ToSimplified(t["issuer"].get<std::string>())));
    check("title", NoSpaces(h.title.value), NoSpaces(ToSimplified(t["title"].get<std::string>())));
    if (t["kind"] == "三定规定") {
      ++sanding;
      regulation_found += h.regulation_offset != std::string::npos && h.regulation_title.confidence >= 0.8;
    }
  }
  for (const char* f : {"doc_number", "date", "kind", "issuer", "title"}) {
    const double acc = static_cast<double>(right[f]) / static_cast<double>(docs.size());
    std::printf("[fields] %-10s %3d/%zu = %.3f\n", f, right[f], docs.size(), acc);
    EXPECT_GE(acc, 0.98) << f;
  }
  std::printf("[fields] regulation start found in %d/%d 三定 documents\n", regulation_found, sanding);
  EXPECT_GE(regulation_found * 100, sanding * 98);
}

// Every sample document's access (内部 marks in the head or after the 落款, 此件公开发布, or
// nothing) is read exactly as the truth records it.
TEST(FieldsCorpus, AccessMatchesTruth) {
  const auto docs = sanding::testing::LoadCorpusDocs();
  std::map<std::string, int> seen;
  for (const auto& d : docs) {
    const std::string want = d.truth.value("access", "");
    const Field f = AccessOf(d.text);
    EXPECT_EQ(f.value, want) << d.truth["id"].get<std::string>();
    ++seen[want];
  }
  EXPECT_GE(seen["内部"], 3);
  EXPECT_GE(seen["公开"], 10);
  EXPECT_GE(seen[""], 10);
}

}  // namespace
}  // namespace sanding::extract
