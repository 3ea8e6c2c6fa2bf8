// Tests of indexer/extract/sections.cc: counts, the catch-all clause, each 三定 format (pre-2008
// 方案, 2008-2017 规定 with 职责调整, 2018 articles, 1． lists, names-only unit lists), OCR damage,
// approval-file staffing, review flags, the real texts in ../shared/realdata, and the whole sample
// corpus scored against its truth.
#include "indexer/extract/sections.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/extract/corpus_util.h"
#include "tests/util/paths.h"

namespace sanding::extract {
namespace {

SectionFacts Read(const std::string& text, size_t from = 0) {
  return ExtractSections(DocText::FromText(text), from);
}

std::vector<std::string> DutyTexts(const SectionFacts& f, bool with_boilerplate = false) {
  std::vector<std::string> out;
  for (const DutyClause& d : f.duties)
    if (with_boilerplate || !d.boilerplate) out.push_back(d.text);
  return out;
}

std::vector<std::string> UnitNames(const SectionFacts& f) {
  std::vector<std::string> out;
  for (const Unit& u : f.units) out.push_back(u.name);
  return out;
}

std::vector<std::string> StaffingTriples(const SectionFacts& f) {
  std::vector<std::string> out;
  for (const StaffingItem& s : f.staffing)
    out.push_back(s.type + "/" + s.post + "/" + std::to_string(s.count));
  return out;
}

bool HasFlag(const SectionFacts& f, const std::string& field, const std::string& part) {
  for (const ReviewFlag& r : f.review)
    if (r.field == field && r.message.find(part) != std::string::npos) return true;
  return false;
}

TEST(SectionsParseCount, ArabicAndChineseNumerals) {
  EXPECT_EQ(ParseCount("52"), 52);
  EXPECT_EQ(ParseCount("５２"), 52);
  EXPECT_EQ(ParseCount("五十二"), 52);
  EXPECT_EQ(ParseCount("十二"), 12);
  EXPECT_EQ(ParseCount("十"), 10);
  EXPECT_EQ(ParseCount("一百零五"), 105);
  EXPECT_EQ(ParseCount("两"), 2);
  EXPECT_EQ(ParseCount("三"), 3);
  EXPECT_EQ(ParseCount(" 8 "), 8);
  EXPECT_EQ(ParseCount("一〇五"), 105);
  EXPECT_EQ(ParseCount(""), -1);
  EXPECT_EQ(ParseCount("名"), -1);
  EXPECT_EQ(ParseCount("三名"), -1);
}

TEST(SectionsBoilerplate, CatchAllClauses) {
  EXPECT_TRUE(IsBoilerplateDuty("承办市委、市政府交办的其他事项"));
  EXPECT_TRUE(IsBoilerplateDuty("完成党中央、国务院交办的其他任务。"));
  EXPECT_TRUE(IsBoilerplateDuty("办理国务院和国务院领导同志交办的其他事项"));
  EXPECT_TRUE(IsBoilerplateDuty("承办县委、县政府交办的其它工作"));
  EXPECT_TRUE(IsBoilerplateDuty("完成省委、省政府交办的任务"));
  EXPECT_FALSE(IsBoilerplateDuty("负责市政府交办事项的督促检查"));
  EXPECT_FALSE(IsBoilerplateDuty("负责全市价格监督检查工作"));
  EXPECT_FALSE(IsBoilerplateDuty("办理国务院和国务院领导同志交办"));  // cut off, not the clause
}

// ExtractDutyList: a pasted draft 主要职责 in each common shape.
std::vector<std::string> ListTexts(const std::string& text) {
  std::vector<std::string> out;
  for (const DutyClause& d : ExtractDutyList(DocText::FromText(text))) out.push_back(d.text);
  return out;
}

TEST(SectionsDutyList, NumberedItemsWithATitleLine) {
  const auto duties = ExtractDutyList(DocText::FromText(
      "清河市数据管理局主要职责（征求意见稿）\n"
      "（一）负责全市价格监督检查工作。\n"
      "（二）负责全市食品安全监督管理，组织查处食品安全重大事故。\n"
      "（三）完成市委、市政府交办的其他任务。\n"));
  ASSERT_EQ(duties.size(), 3u);
  EXPECT_EQ(duties[0].number, "（一）");
  EXPECT_EQ(duties[0].text, "负责全市价格监督检查工作");
  EXPECT_EQ(duties[1].text, "负责全市食品安全监督管理，组织查处食品安全重大事故");
  EXPECT_TRUE(duties[2].boilerplate);
  EXPECT_FALSE(duties[0].boilerplate);
}

TEST(SectionsDutyList, ArabicAndTopLevelNumbers) {
  EXPECT_EQ(ListTexts("1. 组织实施全市统计调查\n2. 负责全市国民经济核算\n"),
            (std::vector<std::string>{"组织实施全市统计调查", "负责全市国民经济核算"}));
  // 一、 numbers the clauses here; short items are not read as headings closing the list.
  EXPECT_EQ(ListTexts("一、负责价格监督检查\n二、负责食品安全\n三、组织统计调查\n"),
            (std::vector<std::string>{"负责价格监督检查", "负责食品安全", "组织统计调查"}));
}

TEST(SectionsDutyList, UnnumberedLinesAreOneClauseEach) {
  EXPECT_EQ(ListTexts("负责全市价格监督检查\n负责全市食品安全监督管理\n组织实施全市统计调查\n"),
            (std::vector<std::string>{"负责全市价格监督检查", "负责全市食品安全监督管理",
                                      "组织实施全市统计调查"}));
  EXPECT_EQ(ListTexts("负责全市价格监督检查。\n\n组织实施全市统计调查。\n"),
            (std::vector<std::string>{"负责全市价格监督检查", "组织实施全市统计调查"}));
}

TEST(SectionsDutyList, UnderAHeadingCueOrInsideARegulation) {
  EXPECT_EQ(ListTexts("主要职责：\n（一）负责全市价格监督检查。\n（二）组织实施全市统计调查。\n"),
            (std::vector<std::string>{"负责全市价格监督检查", "组织实施全市统计调查"}));
  // A whole regulation: only its 主要职责 section.
  EXPECT_EQ(ListTexts("一、职能转变\n取消的职责。取消企业年检。\n二、主要职责\n"
                      "（一）负责全市价格监督检查。\n（二）组织实施全市统计调查。\n"
                      "三、内设机构\n根据上述职责，市统计局设2个内设机构：\n（一）办公室。\n（二）综合科。\n"),
            (std::vector<std::string>{"负责全市价格监督检查", "组织实施全市统计调查"}));
  EXPECT_TRUE(ListTexts("").empty());
}

// A county 三定方案 of the late 1980s: 一、主要职能, （一） items, the units named in one sentence,
// counts in Chinese numerals, a 事业编制 for support staff.
TEST(SectionsFormats, Pre2008SchemeWithNamesOnlyUnits) {
  const std::string text =
      "南山县粮食局“三定”方案\n"
      "　　根据县委、县政府关于机构改革的部署，设立南山县粮食局，为县政府工作部门。\n"
      "　　一、主要职能\n"
      "　　（一）贯彻执行国家粮食购销政策，拟订全县粮食流通计划。\n"
      "　　（二）负责全县粮食储备的管理和轮换。\n"
      "　　（三）承办县委、县政府交办的其他事项。\n"
      "　　二、内设机构\n"
      "　　县粮食局设办公室、储备股、流通股等3个职能股室。\n"
      "　　三、人员编制\n"
      "　　县粮食局机关行政编制为十二名。其中：局长一名、副局长两名。后勤服务人员事业编制3名。\n"
      "　　四、附则\n"
      "　　本方案由县编制委员会办公室负责解释。\n";
  const SectionFacts f = Read(text);
  EXPECT_EQ(DutyTexts(f), (std::vector<std::string>{"贯彻执行国家粮食购销政策，拟订全县粮食流通计划",
                                                   "负责全县粮食储备的管理和轮换"}));
  ASSERT_EQ(f.duties.size(), 3u);
  EXPECT_EQ(f.duties[0].number, "（一）");
  EXPECT_TRUE(f.duties[2].boilerplate);
  EXPECT_EQ(UnitNames(f), (std::vector<std::string>{"办公室", "储备股", "流通股"}));
  EXPECT_EQ(StaffingTriples(f),
            (std::vector<std::string>{"行政编制//12", "领导职数/局长/1", "领导职数/副局长/2",
                                      "事业编制//3"}));
  EXPECT_TRUE(f.review.empty());
}

// 2008-2017: 一、职责调整 with sub-headings, 二、主要职责, units as "（一）办公室。负责…" and run-in
// "（二）政策法规科负责…", 科级领导职数 and 正副科长（主任）.
TEST(SectionsFormats, Regulation2008WithAdjustments) {
  const std::string text =
      "东江市交通运输局主要职责内设机构和人员编制规定\n"
      "　　根据《东江市人民政府机构改革方案》，设立东江市交通运输局（以下简称市交通局），为市政府工作部门。\n"
      "　　一、职责调整\n"
      "　　（一）取消的职责。取消已由市政府公布取消的行政审批事项。\n"
      "　　（二）划入的职责。将原东江市交通局的公路管理职责划入市交通局。\n"
      "　　（三）划出的职责。将城市客运管理职责划给东江市城市管理局。\n"
      "　　（四）加强的职责。加强综合运输体系的规划协调，推进城乡交通一体化。\n"
      "　　二、主要职责\n"
      "　　（一）贯彻执行国家和省交通运输法律法规，拟订全市交通运输发展规划并组织实施。\n"
      "　　（二）负责全市公路、水路交通行业管理。\n"
      "　　（三）承担全市交通运输安全监督管理责任。\n"
      "　　（四）承办市委、市政府交办的其他事项。\n"
      "　　三、内设机构\n"
      "　　根据上述职责，市交通局设3个内设机构：\n"
      "　　（一）办公室。负责机关文电、会务、机要等日常运转工作。承担政务公开工作。\n"
      "　　（二）政策法规科负责起草地方性法规草案和规章草案。\n"
      "　　（三）运输管理科\n"
      "　　负责道路运输和水路运输市场监管。\n"
      "　　四、人员编制\n"
      "　　市交通局机关行政编制为28名。其中：局长1名、副局长3名；科级领导职数6名；正副科长（主任）2名。\n"
      "　　五、附则\n"
      "　　本规定由市机构编制委员会办公室负责解释。\n";
  const SectionFacts f = Read(text);
  EXPECT_EQ(DutyTexts(f).size(), 3u);
  EXPECT_EQ(f.duties[1].text, "负责全市公路、水路交通行业管理");
  ASSERT_EQ(f.units.size(), 3u);
  EXPECT_EQ(UnitNames(f), (std::vector<std::string>{"办公室", "政策法规科", "运输管理科"}));
  EXPECT_EQ(f.units[0].duties,
            (std::vector<std::string>{"负责机关文电、会务、机要等日常运转工作", "承担政务公开工作"}));
  EXPECT_EQ(f.units[1].duties, (std::vector<std::string>{"负责起草地方性法规草案和规章草案"}));
  EXPECT_EQ(f.units[2].duties, (std::vector<std::string>{"负责道路运输和水路运输市场监管"}));
  EXPECT_EQ(StaffingTriples(f),
            (std::vector<std::string>{"行政编制//28", "领导职数/局长/1", "领导职数/副局长/3",
                                      "领导职数/科级领导职数/6", "领导职数/正副科长（主任）/2"}));
  ASSERT_EQ(f.adjustments.size(), 4u);
  EXPECT_EQ(f.adjustments[0].action, "cancelled");
  EXPECT_EQ(f.adjustments[1].action, "transferred_in");
  EXPECT_EQ(f.adjustments[1].duty, "公路管理");
  EXPECT_EQ(f.adjustments[1].counterpart.text, "原东江市交通局");
  EXPECT_EQ(f.adjustments[2].action, "transferred_out");
  EXPECT_EQ(f.adjustments[2].duty, "城市客运管理");
  EXPECT_EQ(f.adjustments[2].counterpart.text, "东江市城市管理局");
  EXPECT_EQ(f.adjustments[3].action, "strengthened");
  EXPECT_TRUE(f.review.empty());
}

// 2018 on: articles; the duty list ends at its 职能转变 item and at the next article; units with
// arabic numbering and colons; several cue sentences in the 职能转变 paragraph.
TEST(SectionsFormats, Articles2018WithFunctionTransformation) {
  const std::string text =
      "北川省应急管理厅职能配置、内设机构和人员编制规定\n"
      "第一条　为了规范北川省应急管理厅的职能配置、内设机构和人员编制，制定本规定。\n"
      "第二条　北川省应急管理厅（以下简称省应急厅）是省政府组成部门，为正厅级。\n"
      "第三条　省应急厅贯彻落实党中央关于应急管理工作的方针政策和决策部署。主要职责是：\n"
      "（一）负责全省应急管理工作，指导各地各部门应对安全生产类、自然灾害类等突发事件。\n"
      "（二）组织编制全省总体应急预案和安全生产类、自然灾害类专项预案。\n"
      "（三）完成省委、省政府交办的其他任务。\n"
      "（四）职能转变。省应急厅应加强、优化、统筹全省应急能力建设。将省水利厅的水旱灾害防治职责划入省应急厅。取消安全生产考核合格证书核发。\n"
      "第四条　省应急厅设下列内设机构：\n"
      "1．办公室：负责机关日常运转工作。\n"
      "2．应急指挥中心：承担应急值守、政务值班等工作。\n"
      "第五条　省应急厅机关行政编制120名。设厅长1名，副厅长4名；处级领导职数30名。\n"
      "第六条　本规定由省委机构编制委员会办公室负责解释。\n";
  const SectionFacts f = Read(text);
  EXPECT_EQ(DutyTexts(f),
            (std::vector<std::string>{
                "负责全省应急管理工作，指导各地各部门应对安全生产类、自然灾害类等突发事件",
                "组织编制全省总体应急预案和安全生产类、自然灾害类专项预案"}));
  ASSERT_EQ(f.duties.size(), 3u);
  EXPECT_TRUE(f.duties[2].boilerplate);
  for (const DutyClause& d : f.duties) EXPECT_EQ(d.text.find("职能转变"), std::string::npos);
  ASSERT_EQ(f.adjustments.size(), 3u);
  EXPECT_EQ(f.adjustments[0].action, "strengthened");
  EXPECT_EQ(f.adjustments[1].action, "transferred_in");
  EXPECT_EQ(f.adjustments[1].counterpart.text, "省水利厅");
  EXPECT_EQ(f.adjustments[1].duty, "水旱灾害防治");
  EXPECT_EQ(f.adjustments[2].action, "cancelled");
  EXPECT_EQ(UnitNames(f), (std::vector<std::string>{"办公室", "应急指挥中心"}));
  EXPECT_EQ(f.units[1].duties, (std::vector<std::string>{"承担应急值守、政务值班等工作"}));
  EXPECT_EQ(StaffingTriples(f),
            (std::vector<std::string>{"行政编制//120", "领导职数/厅长/1", "领导职数/副厅长/4",
                                      "领导职数/处级领导职数/30"}));
}

// What OCR does to a regulation: markers read as (一) C二) 伍） 全）, two items on one printed line,
// a heading run into the next line, a heading numeral turned into debris, a count cut from its 名.
TEST(SectionsOcr, DamagedMarkersAndJoinedLines) {
  const std::string text =
      "西岭市统计局职能配置、内设机构和人员编制方案\n"
      "一、主要职能”根据以上职责调整，市统计局的主要职责是：\n"
      "(一)负责全市统计调查工作，组织实施各项统计调查。\n"
      "C二）负责全市国民经济核算工作。\n"
      "伍）管理和公布全市统计数据。（四）承办市委、市政府交办的其他事项。\n"
      "二、内设机构\n"
      "根据上述职责，市统计局设3个职能科室：（一）办公室\n"
      "负责机关日常事务工作。\n"
      "全）综合科加\n"
      "负责综合统计和统计分析工作。（三）专业统计科负责各项专业统计调查。\n"
      "至人员编制\n"
      "市统计局机关行政编制为18名。其中：局长1名、副局长2\n"
      "名。\n"
      "四、附则\n";
  const SectionFacts f = Read(text);
  EXPECT_EQ(DutyTexts(f), (std::vector<std::string>{"负责全市统计调查工作，组织实施各项统计调查",
                                                   "负责全市国民经济核算工作",
                                                   "管理和公布全市统计数据"}));
  EXPECT_EQ(f.duties.size(), 4u);
  EXPECT_EQ(UnitNames(f), (std::vector<std::string>{"办公室", "综合科", "专业统计科"}));
  EXPECT_EQ(f.units[2].duties, (std::vector<std::string>{"负责各项专业统计调查"}));
  EXPECT_EQ(StaffingTriples(f), (std::vector<std::string>{"行政编制//18", "领导职数/局长/1",
                                                          "领导职数/副局长/2"}));
  EXPECT_FALSE(HasFlag(f, "units", "内设机构"));
}

// An approval file: the change (核增3名) and the figure before it (现有41名) are events, the figure
// after it is the body's staffing; 领导职数相应调整为… too.
TEST(SectionsStaffing, ApprovalFileKeepsResultingFigures) {
  const SectionFacts a = Read(
      "关于同意核增北湖区民政局行政编制的批复\n"
      "北湖区民政局：\n"
      "　　你单位现有行政编制41名。根据工作需要，同意核增北湖区民政局行政编制3名，调整后行政编制为44名。\n"
      "　　此复。\n");
  EXPECT_EQ(StaffingTriples(a), (std::vector<std::string>{"行政编制//44"}));
  const SectionFacts b = Read(
      "　　一、核减南河县林业局行政编制2名。核减后，南河县林业局行政编制为十六名。\n"
      "　　二、领导职数相应调整为局长1名、副局长2名。\n");
  EXPECT_EQ(StaffingTriples(b), (std::vector<std::string>{"行政编制//16", "领导职数/局长/1",
                                                          "领导职数/副局长/2"}));
  EXPECT_TRUE(a.duties.empty());
  EXPECT_TRUE(a.units.empty());
}

TEST(SectionsReview, CountsThatDisagree) {
  const SectionFacts f = Read(
      "二、内设机构\n"
      "根据上述职责，市审计局设4个内设机构：\n"
      "（一）办公室\n负责机关日常运转。\n"
      "（二）财政审计科\n负责财政预算执行审计。\n"
      "（三）企业审计科\n负责国有企业审计。\n"
      "三、人员编制\n"
      "领导职数：局长1名、副局长3名。\n");
  EXPECT_EQ(f.units.size(), 3u);
  EXPECT_TRUE(HasFlag(f, "units", "正文说设4个，识别出3个"));
  EXPECT_TRUE(HasFlag(f, "staffing", "未识别出编制数"));
  const SectionFacts g = Read("三、人员编制\n市审计局机关行政编制为2名。其中：局长1名、副局长3名。\n");
  EXPECT_TRUE(HasFlag(g, "staffing", "多于编制数"));
}

TEST(SectionsSpans, PointIntoTheOriginalPage) {
  const std::string page1 = "封面\f";
  const std::string body =
      "一、主要职责\n（一）负责全市档案事业的统筹规划。\n（二）承办市委交办的其他事项。\n"
      "二、人员编制\n市档案局机关行政编制为十名。\n";
  const DocText doc = DocText::FromText(page1 + body);
  const SectionFacts f = ExtractSections(doc, 0);
  ASSERT_EQ(f.duties.size(), 2u);
  const Span s = f.duties[0].span;
  ASSERT_EQ(s.page, 2u);
  EXPECT_EQ(doc.pages()[1].substr(s.begin, s.end - s.begin), "负责全市档案事业的统筹规划");
  ASSERT_EQ(f.staffing.size(), 1u);
  EXPECT_EQ(f.staffing[0].count, 10);
  EXPECT_EQ(f.staffing[0].span.page, 2u);
  // Reading from an offset skips what comes before it.
  const size_t from = doc.norm().find("二、人员编制");
  const SectionFacts tail = ExtractSections(doc, from);
  EXPECT_TRUE(tail.duties.empty());
  EXPECT_EQ(tail.staffing.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Real texts.

TEST(SectionsRealData, MineSafetyArticleFour) {
  const std::string text = testing::ReadFileOrEmpty(testing::RealData(
      "sanding_texts/国家矿山安全监察局职能配置内设机构和人员编制规定_第一至四条_truncated.txt"));
  ASSERT_FALSE(text.empty());
  const SectionFacts f = Read(text);
  ASSERT_EQ(f.duties.size(), 7u);
  EXPECT_EQ(f.duties[0].number, "（一）");
  EXPECT_EQ(f.duties[6].number, "（七）");
  EXPECT_EQ(f.duties[0].text,
            "拟订矿山安全生产（含地质勘探，下同）方面的政策、规划、标准，起草相关法律法规草案、"
            "部门规章草案并监督实施");
  for (size_t i = 0; i < 6; ++i) EXPECT_FALSE(f.duties[i].boilerplate) << i;
  EXPECT_TRUE(f.duties[6].boilerplate);
  EXPECT_EQ(f.duties[6].text, "完成党中央、国务院交办的其他任务");
  // （八）职能转变 is read as adjustments, one per sentence with a cue.
  ASSERT_GE(f.adjustments.size(), 4u);
  bool handed_over = false;
  for (const DutyAdjustment& a : f.adjustments) {
    if (a.action == "transferred_out" && a.counterpart.text == "地方政府") handed_over = true;
    EXPECT_NE(a.action, "");
  }
  EXPECT_TRUE(handed_over);
  // 完善…体制, 加强对…的监督检查, 推动…强化监管执法, 强化…能力建设; then the hand-over.
  EXPECT_EQ(f.adjustments.size(), 5u);
  EXPECT_EQ(std::count_if(f.adjustments.begin(), f.adjustments.end(),
                          [](const DutyAdjustment& a) { return a.action == "strengthened"; }),
            4);
  EXPECT_EQ(f.adjustments.back().duty,
            "煤矿安全生产许可、建设工程安全设施设计审查和竣工验收核查、检验检测机构认证、"
            "相关人员培训");
  EXPECT_TRUE(f.units.empty());
  EXPECT_TRUE(f.staffing.empty());
}

// The three web copies of the 2008 国务院办公厅 三定 opening, each read on its own.
std::vector<std::string> GuobanCopies() {
  const std::string all = testing::ReadFileOrEmpty(testing::RealData(
      "sanding_texts/国务院办公厅主要职责内设机构和人员编制规定_2008_国办发2008-60号_excerpts.txt"));
  std::vector<std::string> copies;
  size_t pos = all.find("=== [");
  while (pos != std::string::npos) {
    const size_t body = all.find('\n', pos) + 1;
    const size_t next = all.find("=== [", body);
    copies.push_back(all.substr(body, next == std::string::npos ? std::string::npos : next - body));
    pos = next;
  }
  return copies;
}

std::string WithoutPunct(std::string s) {
  for (const char* p : {"、", "，", "。"}) {
    for (size_t k; (k = s.find(p)) != std::string::npos;) s.erase(k, std::string(p).size());
  }
  return s;
}

TEST(SectionsRealData, GuobanCopiesAgree) {
  const std::vector<std::string> copies = GuobanCopies();
  ASSERT_EQ(copies.size(), 3u);
  const SectionFacts a = Read(copies[0]);  // simplified, cut after （二）
  const SectionFacts b = Read(copies[1]);  // traditional, through 三、内设机构
  const SectionFacts c = Read(copies[2]);  // spam-injected, cut inside （八）
  ASSERT_EQ(a.duties.size(), 2u);
  EXPECT_EQ(a.duties[0].text, "负责国务院会议的准备工作，协助国务院领导同志组织实施会议决定事项");
  ASSERT_EQ(b.duties.size(), 8u);
  EXPECT_TRUE(b.duties[7].boilerplate);
  EXPECT_EQ(b.duties[6].text, "指导、监督全国政府信息公开工作");
  ASSERT_GE(c.duties.size(), 7u);
  // The traditional copy gives the simplified clauses of the simplified copies (the Wikisource
  // copy lacks one 、 in （二）, hence the comparison without punctuation).
  for (size_t i = 0; i < a.duties.size(); ++i)
    EXPECT_EQ(WithoutPunct(b.duties[i].text), WithoutPunct(a.duties[i].text)) << i;
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(b.duties[i].text.empty(), false);
  for (size_t i = 0; i < 7; ++i)
    EXPECT_EQ(WithoutPunct(c.duties[i].text), WithoutPunct(b.duties[i].text)) << i;
  EXPECT_EQ(c.duties[1].text, a.duties[1].text);  // spam elsewhere leaves the clauses intact
  // 职责调整: 强化/加强 and 增加 sentences are strengthened duties.
  for (const SectionFacts* f : {&a, &b, &c}) {
    ASSERT_EQ(f->adjustments.size(), 2u);
    EXPECT_EQ(f->adjustments[0].action, "strengthened");
    EXPECT_EQ(f->adjustments[0].duty, "服务");
    EXPECT_EQ(f->adjustments[1].action, "strengthened");
    EXPECT_EQ(f->adjustments[1].duty, "指导、监督全国政府信息公开工作");
  }
  ASSERT_EQ(b.units.size(), 1u);  // the excerpt stops inside the first unit
  EXPECT_EQ(b.units[0].name, "秘书一局");
  EXPECT_TRUE(HasFlag(b, "units", "正文说设9个，识别出1个"));
}

// A real 批复 about a person (an OFD text layer): nothing of a regulation's body in it.
TEST(SectionsRealData, PersonnelApprovalHasNoSections) {
  const std::string raw =
      testing::ReadFileOrEmpty(testing::RealData("ofd_gongwen_sample/n_ofd_text_layer.json"));
  ASSERT_FALSE(raw.empty());
  std::string text;
  for (const auto& page : nlohmann::json::parse(raw)) {
    if (!text.empty()) text += '\f';
    for (const auto& obj : page["text_objects"]) text += obj["text"].get<std::string>() + "\n";
  }
  const SectionFacts f = Read(text);
  EXPECT_TRUE(f.duties.empty());
  EXPECT_TRUE(f.units.empty());
  EXPECT_TRUE(f.staffing.empty());
  EXPECT_TRUE(f.adjustments.empty());
  EXPECT_TRUE(f.review.empty());
}

// ---------------------------------------------------------------------------------------------
// The sample corpus against its truth.

std::string Normalised(std::string s) {
  for (size_t k; (k = s.find(' ')) != std::string::npos;) s.erase(k, 1);
  for (size_t k; (k = s.find("\u3000")) != std::string::npos;) s.erase(k, 3);
  for (const std::string p : {"。", "；", "，"})
    while (s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0)
      s.resize(s.size() - p.size());
  return s;
}

struct Score {
  double tp = 0, predicted = 0, gold = 0;
  void Add(std::vector<std::string> pred, const std::vector<std::string>& truth) {
    predicted += pred.size();
    gold += truth.size();
    for (const std::string& t : truth) {
      auto it = std::find(pred.begin(), pred.end(), t);
      if (it != pred.end()) {
        ++tp;
        pred.erase(it);
      }
    }
  }
  double F1() const {
    const double p = predicted > 0 ? tp / predicted : 1, r = gold > 0 ? tp / gold : 1;
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

TEST(SectionsCorpus, MatchesTruth) {
  const std::vector<testing::CorpusDoc> docs = testing::LoadCorpusDocs();
  ASSERT_GT(docs.size(), 100u);
  Score duties, units, unit_duties, staffing;
  int regulations = 0, staffing_docs = 0, staffing_exact = 0;
  for (const testing::CorpusDoc& d : docs) {
    const std::string kind = d.truth["kind"];
    const SectionFacts f = Read(d.text);
    std::vector<std::string> pred, gold;
    if (kind == "三定规定") {
      ++regulations;
      for (const DutyClause& c : f.duties)
        if (!c.boilerplate) pred.push_back(Normalised(c.text));
      for (const auto& c : d.truth["duties"]) gold.push_back(Normalised(c["text"]));
      duties.Add(pred, gold);
      pred.clear();
      gold.clear();
      std::vector<std::string> pred_ud, gold_ud;
      for (const Unit& u : f.units) {
        pred.push_back(Normalised(u.name));
        for (const std::string& x : u.duties) pred_ud.push_back(u.name + ":" + Normalised(x));
      }
      for (const auto& u : d.truth["units"]) {
        gold.push_back(Normalised(u["name"]));
        for (const auto& x : u["duties"])
          gold_ud.push_back(u["name"].get<std::string>() + ":" + Normalised(x));
      }
      units.Add(pred, gold);
      unit_duties.Add(pred_ud, gold_ud);
      pred.clear();
      gold.clear();
    } else {
      // Approval files, notices and plans carry no regulation body.
      EXPECT_TRUE(f.duties.empty()) << d.truth["id"];
      EXPECT_TRUE(f.units.empty()) << d.truth["id"];
    }
    for (const StaffingItem& s : f.staffing)
      pred.push_back(s.type + "/" + s.post + "/" + std::to_string(s.count));
    for (const auto& s : d.truth["staffing"])
      gold.push_back(s["type"].get<std::string>() + "/" + s.value("post", "") + "/" +
                     std::to_string(s["count"].get<int>()));
    if (!pred.empty() || !gold.empty()) {
      ++staffing_docs;
      std::vector<std::string> p = pred, g = gold;
      std::sort(p.begin(), p.end());
      std::sort(g.begin(), g.end());
      staffing_exact += p == g;
    }
    staffing.Add(pred, gold);
  }
  std::printf("[sections] %d regulations: duties F1 %.4f (%.0f/%.0f/%.0f), units F1 %.4f "
              "(%.0f/%.0f/%.0f), unit duties F1 %.4f, staffing F1 %.4f, staffing exact %d/%d\n",
              regulations, duties.F1(), duties.tp, duties.predicted, duties.gold, units.F1(),
              units.tp, units.predicted, units.gold, unit_duties.F1(), staffing.F1(),
              staffing_exact, staffing_docs);
  EXPECT_GT(regulations, 50);
  EXPECT_GE(duties.F1(), 0.95);
  EXPECT_GE(units.F1(), 0.95);
  EXPECT_GE(unit_duties.F1(), 0.95);
  EXPECT_GE(staffing.F1(), 0.95);
  EXPECT_GE(static_cast<double>(staffing_exact) / staffing_docs, 0.95);
}

}  // namespace
}  // namespace sanding::extract
