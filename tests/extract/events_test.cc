#include "indexer/extract/events.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/internal/events_text.h"
#include "tests/extract/corpus_util.h"

namespace sanding::extract {
namespace ev = internal::events;
namespace {

EventFacts Events(const std::string& text, const std::string& date = "2018-03-17") {
  return ExtractEvents(DocText::FromText(text), date);
}

std::vector<std::string> Texts(const std::vector<Mention>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.text);
  return out;
}

using Names = std::vector<std::string>;

const Event* FindType(const EventFacts& f, const std::string& type, size_t nth = 0) {
  for (const auto& e : f.events) {
    if (e.type == type && nth-- == 0) return &e;
  }
  return nullptr;
}

size_t CountType(const EventFacts& f, const std::string& type) {
  return std::count_if(f.events.begin(), f.events.end(),
                       [&](const Event& e) { return e.type == type; });
}

// ----- merged / abolished -------------------------------------------------------------------

TEST(EventsTest, MergeOfThreeBodiesIsOneEventAndTheRestatementAddsNoAbolition) {
  // Phrased as the 2018 national reform plan.
  const auto f = Events(
      "一、组建国家市场监督管理总局。将国家工商行政管理总局的职责、国家质量监督检验检疫总局的职责、"
      "国家食品药品监督管理总局的职责、国家发展和改革委员会的价格监督检查与反垄断执法职责整合，"
      "组建国家市场监督管理总局，作为国务院直属机构。不再保留国家工商行政管理总局、"
      "国家质量监督检验检疫总局、国家食品药品监督管理总局。\n");
  ASSERT_EQ(CountType(f, "merged"), 1u);
  const Event* m = FindType(f, "merged");
  EXPECT_EQ(Texts(m->from), (Names{"国家工商行政管理总局", "国家质量监督检验检疫总局",
                                   "国家食品药品监督管理总局"}));
  EXPECT_EQ(Texts(m->to), (Names{"国家市场监督管理总局"}));
  EXPECT_EQ(m->date, "2018-03-17");
  const Event* d = FindType(f, "duty_transferred");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(Texts(d->from), (Names{"国家发展和改革委员会"}));
  EXPECT_EQ(Texts(d->to), (Names{"国家市场监督管理总局"}));
  EXPECT_EQ(d->duty, "价格监督检查与反垄断执法");
  EXPECT_EQ(CountType(f, "abolished"), 0u);
  // The headline 组建X restates the merge: no separate establishment.
  EXPECT_EQ(CountType(f, "established"), 0u);
  EXPECT_TRUE(f.review.empty());
}

TEST(EventsTest, MergeWithSourcesBeforeTheCue) {
  const auto f = Events(
      "（一）整合某市卫生局和某市人口和计划生育委员会的职责，组建某市卫生和计划生育委员会，"
      "为市政府工作部门，正处级。某市卫生局、某市人口和计划生育委员会不再保留。\n");
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0].type, "merged");
  EXPECT_EQ(Texts(f.events[0].from), (Names{"某市卫生局", "某市人口和计划生育委员会"}));
  EXPECT_EQ(Texts(f.events[0].to), (Names{"某市卫生和计划生育委员会"}));
}

TEST(EventsTest, AbolishedWithSuccessorIsAMerger) {
  const auto f = Events("（二）撤销县物价局，其职责和人员并入县发展和改革局。\n");
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0].type, "merged");
  EXPECT_EQ(Texts(f.events[0].from), (Names{"县物价局"}));
  EXPECT_EQ(Texts(f.events[0].to), (Names{"县发展和改革局"}));
}

TEST(EventsTest, WholeBodyMovedInto) {
  const auto f = Events(
      "二、国务院经济体制改革办公室整体并入国家发展和改革委员会。\n"
      "三、不再保留监察部、国家预防腐败局，监察部、国家预防腐败局并入国家监察委员会。\n");
  ASSERT_EQ(CountType(f, "merged"), 2u);
  EXPECT_EQ(Texts(FindType(f, "merged", 0)->from), (Names{"国务院经济体制改革办公室"}));
  EXPECT_EQ(Texts(FindType(f, "merged", 1)->from), (Names{"监察部", "国家预防腐败局"}));
  EXPECT_EQ(Texts(FindType(f, "merged", 1)->to), (Names{"国家监察委员会"}));
  EXPECT_EQ(CountType(f, "abolished"), 0u);
}

TEST(EventsTest, MergedIntoOneAsIn1956) {
  const auto f = Events("电力工业部和水利部合并成为水利电力部。\n", "1958-02-11");
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0].type, "merged");
  EXPECT_EQ(Texts(f.events[0].from), (Names{"电力工业部", "水利部"}));
  EXPECT_EQ(Texts(f.events[0].to), (Names{"水利电力部"}));
}

TEST(EventsTest, AbolishedWithoutSuccessor) {
  const auto f = Events("一、不再保留市电力工业局。\n二、撤销县地名办公室。\n", "2000-12-18");
  ASSERT_EQ(f.events.size(), 2u);
  EXPECT_EQ(f.events[0].type, "abolished");
  EXPECT_EQ(Texts(f.events[0].from), (Names{"市电力工业局"}));
  EXPECT_TRUE(f.events[0].to.empty());
  EXPECT_EQ(Texts(f.events[1].from), (Names{"县地名办公室"}));
}

TEST(EventsTest, BodiesGivingDutiesToAnIntegrationAndThenDroppedAreMerged) {
  // 2013: 卫生部 gives all its duties, 人口计生委 only some, and both are dropped.
  const auto f = Events(
      "将卫生部的职责、国家人口和计划生育委员会的计划生育管理和服务职责整合，组建国家卫生和计划"
      "生育委员会。将国家人口和计划生育委员会的研究拟订人口发展战略、规划及人口政策职责划入国家"
      "发展和改革委员会。不再保留卫生部、国家人口和计划生育委员会。\n",
      "2013-03-14");
  ASSERT_EQ(CountType(f, "merged"), 1u);
  EXPECT_EQ(Texts(FindType(f, "merged")->from), (Names{"卫生部", "国家人口和计划生育委员会"}));
  EXPECT_EQ(Texts(FindType(f, "merged")->to), (Names{"国家卫生和计划生育委员会"}));
  ASSERT_EQ(CountType(f, "duty_transferred"), 2u);
  EXPECT_EQ(FindType(f, "duty_transferred", 0)->duty, "计划生育管理和服务");
  EXPECT_EQ(FindType(f, "duty_transferred", 1)->duty, "研究拟订人口发展战略、规划及人口政策");
  EXPECT_EQ(Texts(FindType(f, "duty_transferred", 1)->to), (Names{"国家发展和改革委员会"}));
  EXPECT_EQ(CountType(f, "abolished"), 0u);
}

TEST(EventsTest, MergeSourcesInTheClauseBefore) {
  const auto f = Events(
      "将第一机械工业部、农业机械部、国家仪器仪表工业总局和国家机械设备成套总局，合并成立机械工业部。\n"
      "将国务院三峡工程建设委员会及其办公室、国务院南水北调工程建设委员会及其办公室并入水利部。\n"
      "撤销县计划委员会、县经济委员会，组建县发展和改革局。\n",
      "1982-05-04");
  ASSERT_EQ(CountType(f, "merged"), 3u);
  EXPECT_EQ(Texts(f.events[0].from), (Names{"第一机械工业部", "农业机械部", "国家仪器仪表工业总局",
                                            "国家机械设备成套总局"}));
  EXPECT_EQ(Texts(f.events[0].to), (Names{"机械工业部"}));
  EXPECT_EQ(Texts(f.events[1].from),
            (Names{"国务院三峡工程建设委员会", "国务院南水北调工程建设委员会"}));
  EXPECT_EQ(Texts(f.events[1].to), (Names{"水利部"}));
  EXPECT_EQ(Texts(f.events[2].from), (Names{"县计划委员会", "县经济委员会"}));
  EXPECT_EQ(Texts(f.events[2].to), (Names{"县发展和改革局"}));
}

// ----- split ------------------------------------------------------------------------------------

TEST(EventsTest, SplitForms) {
  const auto f = Events(
      "（一）将市水利电力局分设为市水利局和市电力工业局。\n"
      "（二）市住房和城乡建设委员会分设，组建市住房和城乡建设局和市城乡规划局。\n");
  ASSERT_EQ(CountType(f, "split"), 2u);
  EXPECT_EQ(Texts(FindType(f, "split", 0)->from), (Names{"市水利电力局"}));
  EXPECT_EQ(Texts(FindType(f, "split", 0)->to), (Names{"市水利局", "市电力工业局"}));
  EXPECT_EQ(Texts(FindType(f, "split", 1)->from), (Names{"市住房和城乡建设委员会"}));
  EXPECT_EQ(Texts(FindType(f, "split", 1)->to), (Names{"市住房和城乡建设局", "市城乡规划局"}));
  EXPECT_EQ(CountType(f, "established"), 0u);
}

// ----- renamed --------------------------------------------------------------------------------

TEST(EventsTest, RenameForms) {
  const auto f = Events(
      "一、将国家计划委员会名称变更为国家发展计划委员会。\n"
      "二、国家经济体制改革委员会改称国务院经济体制改革办公室，原有职责不变。\n"
      "三、县计划委员会更名为县发展计划局。\n"
      "四、中华人民共和国商业部改名为中华人民共和国第一商业部。\n",
      "1998-03-10");
  ASSERT_EQ(CountType(f, "renamed"), 4u);
  EXPECT_EQ(Texts(f.events[0].from), (Names{"国家计划委员会"}));
  EXPECT_EQ(Texts(f.events[0].to), (Names{"国家发展计划委员会"}));
  EXPECT_EQ(Texts(f.events[1].from), (Names{"国家经济体制改革委员会"}));
  EXPECT_EQ(Texts(f.events[1].to), (Names{"国务院经济体制改革办公室"}));
  EXPECT_EQ(Texts(f.events[2].to), (Names{"县发展计划局"}));
  EXPECT_EQ(Texts(f.events[3].from), (Names{"中华人民共和国商业部"}));
  EXPECT_TRUE(f.review.empty());
}

TEST(EventsTest, ChangeToAStatusIsNotARename) {
  const auto f = Events("将国家经济贸易委员会管理的国家安全生产监督管理局改为国务院直属机构。\n");
  EXPECT_EQ(CountType(f, "renamed"), 0u);
}

// ----- placed_under -------------------------------------------------------------------------

TEST(EventsTest, PlacedUnderForms) {
  const auto f = Events(
      "（一）市林业局改由市自然资源和规划局管理。\n"
      "（二）市档案馆划归市人民政府办公室管理。\n"
      "（三）市防汛抗旱指挥部办公室设在市应急管理局，承担指挥部日常工作。\n"
      "（四）市爱国卫生运动委员会的日常工作改由市卫生健康委员会承担。\n"
      "（五）国家烟草专卖局改由工业和信息化部管理。\n"
      "（六）中国地震局、国家煤矿安全监察局划由应急管理部管理。\n"
      "（七）民政部代管的中国老龄协会改由国家卫生健康委员会代管。\n");
  ASSERT_EQ(CountType(f, "placed_under"), 7u);
  EXPECT_EQ(Texts(f.events[5].from), (Names{"中国地震局", "国家煤矿安全监察局"}));
  EXPECT_EQ(Texts(f.events[5].to), (Names{"应急管理部"}));
  EXPECT_EQ(Texts(f.events[6].from), (Names{"中国老龄协会"}));
  EXPECT_EQ(Texts(f.events[6].to), (Names{"国家卫生健康委员会"}));
  EXPECT_EQ(Texts(f.events[0].from), (Names{"市林业局"}));
  EXPECT_EQ(Texts(f.events[0].to), (Names{"市自然资源和规划局"}));
  EXPECT_EQ(Texts(f.events[1].to), (Names{"市人民政府办公室"}));
  EXPECT_EQ(Texts(f.events[2].from), (Names{"市防汛抗旱指挥部"}));
  EXPECT_EQ(Texts(f.events[2].to), (Names{"市应急管理局"}));
  EXPECT_EQ(Texts(f.events[3].from), (Names{"市爱国卫生运动委员会"}));
  EXPECT_EQ(Texts(f.events[4].from), (Names{"国家烟草专卖局"}));
  EXPECT_EQ(Texts(f.events[4].to), (Names{"工业和信息化部"}));
}

TEST(EventsTest, ANewBodysParentIsItsStatusNotAMove) {
  const auto f = Events(
      "组建市旅游事业管理办公室，作为由市人民政府办公室管理的事业单位，副处级。\n"
      "组建国家能源局，由国家发展和改革委员会管理。\n");
  EXPECT_EQ(CountType(f, "placed_under"), 0u);
  ASSERT_EQ(CountType(f, "established"), 1u);
  EXPECT_EQ(Texts(FindType(f, "established")->to), (Names{"市旅游事业管理办公室", "国家能源局"}));
}

// ----- rank_changed ---------------------------------------------------------------------------

TEST(EventsTest, RankChangeForms) {
  const auto f = Events(
      "（一）市审计局的机构规格由副处级调整为正处级。\n"
      "（二）将市旅游局的机构规格调整为正处级（原为副处级）。\n"
      "（三）市机构编制委员会办公室升格为正处级，原副处级规格相应调整。\n"
      "（四）县林业局由正科级降格为副科级。\n");
  ASSERT_EQ(CountType(f, "rank_changed"), 4u);
  EXPECT_EQ(Texts(f.events[0].from), (Names{"市审计局"}));
  EXPECT_EQ(Texts(f.events[0].to), (Names{"市审计局"}));
  EXPECT_EQ(f.events[0].detail, "副处级→正处级");
  EXPECT_EQ(f.events[1].detail, "副处级→正处级");
  EXPECT_EQ(Texts(f.events[2].from), (Names{"市机构编制委员会办公室"}));
  EXPECT_EQ(f.events[2].detail, "副处级→正处级");
  EXPECT_EQ(Texts(f.events[3].from), (Names{"县林业局"}));
  EXPECT_EQ(f.events[3].detail, "正科级→副科级");
}

// ----- staffing_changed -----------------------------------------------------------------------

TEST(EventsTest, StaffingChangeForms) {
  const auto f = Events(
      "关于同意核增某市统计局行政编制的批复\n"
      "一、同意核增某市统计局行政编制4名，调整后行政编制为24名。\n"
      "二、领导职数相应调整为局长1名、副局长3名。\n"
      "核减县医疗保障局行政编制二名。核减后，县医疗保障局行政编制为18名。\n"
      "根据工作需要，为市市场监督管理局核增行政编制6名，调整后共有行政编制102名。\n");
  ASSERT_EQ(CountType(f, "staffing_changed"), 3u);
  EXPECT_EQ(Texts(f.events[0].from), (Names{"某市统计局"}));
  EXPECT_EQ(f.events[0].detail, "+4");
  EXPECT_EQ(Texts(f.events[1].from), (Names{"县医疗保障局"}));
  EXPECT_EQ(f.events[1].detail, "-2");
  EXPECT_EQ(Texts(f.events[2].to), (Names{"市市场监督管理局"}));
  EXPECT_EQ(f.events[2].detail, "+6");
  EXPECT_TRUE(f.review.empty());
}

TEST(EventsTest, StaffingOfYourUnitTakesTheBodyFromTheTitle) {
  const auto f = Events(
      "某市机构编制委员会办公室关于同意核增某市民政局行政编制的批复\n"
      "某市民政局：\n"
      "你单位的请示收悉。同意核增你单位行政编制3名。\n");
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(Texts(f.events[0].from), (Names{"某市民政局"}));
  EXPECT_EQ(f.events[0].detail, "+3");
}

// ----- duty_transferred -----------------------------------------------------------------------

TEST(EventsTest, DutyTransferForms) {
  const auto f = Events(
      "三、将国家经济贸易委员会的行业规划、产业政策、经济运行调节职责划入国家发展和改革委员会。\n"
      "（二）市发展和改革委员会承担的价格监督检查职责划转至市市场监督管理局。\n"
      "（三）将退役军人优抚安置职责由市民政局划给市退役军人事务局。\n"
      "将农业部的渔船检验和监督管理职责划入交通运输部。\n");
  ASSERT_EQ(CountType(f, "duty_transferred"), 4u);
  EXPECT_EQ(Texts(f.events[0].from), (Names{"国家经济贸易委员会"}));
  EXPECT_EQ(Texts(f.events[0].to), (Names{"国家发展和改革委员会"}));
  EXPECT_EQ(f.events[0].duty, "行业规划、产业政策、经济运行调节");
  EXPECT_EQ(Texts(f.events[1].from), (Names{"市发展和改革委员会"}));
  EXPECT_EQ(f.events[1].duty, "价格监督检查");
  EXPECT_EQ(Texts(f.events[2].from), (Names{"市民政局"}));
  EXPECT_EQ(Texts(f.events[2].to), (Names{"市退役军人事务局"}));
  EXPECT_EQ(f.events[2].duty, "退役军人优抚安置");
  EXPECT_EQ(Texts(f.events[3].from), (Names{"农业部"}));
  EXPECT_EQ(f.events[3].duty, "渔船检验和监督管理");
}

TEST(EventsTest, DutyWithoutItsSourceIsFlagged) {
  const auto f = Events("将价格监督检查职责划入市市场监督管理局。\n");
  EXPECT_EQ(CountType(f, "duty_transferred"), 0u);
  ASSERT_EQ(f.review.size(), 1u);
  EXPECT_EQ(f.review[0].field, "events");
}

// ----- established ------------------------------------------------------------------------------

TEST(EventsTest, EstablishmentsOfOneDocumentFormOneEvent) {
  const auto f = Events(
      "（十九）设立市医疗保障局，为市政府工作部门，正处级。\n组建市退役军人事务局，作为市政府"
      "工作部门，正处级。\n（二十）同意成立县信息产业局，副科级。\n",
      "2019-01-28");
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0].type, "established");
  EXPECT_TRUE(f.events[0].from.empty());
  EXPECT_EQ(Texts(f.events[0].to),
            (Names{"市医疗保障局", "市退役军人事务局", "县信息产业局"}));
}

TEST(EventsTest, StatedEffectiveDateWins) {
  const auto f = Events("自2019年3月1日起，撤销县粮食局。\n", "2019-01-28");
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0].date, "2019-03-01");
  const auto g = Events("一、自二〇〇二年七月一日起设立县质量技术监督局。\n", "2002-06-18");
  ASSERT_EQ(g.events.size(), 1u);
  EXPECT_EQ(g.events[0].date, "2002-07-01");
}

TEST(EventsTest, EstablishmentListSetsUpEveryListedBody) {
  const auto f = Events(
      "关于市级党政机构设置的通知\n"
      "　　一、机构设置明确如下：\n"
      "　　1．中共某市委组织部（正处级）\n"
      "　　2．某市人民政府办公室（正处级）\n"
      "　　3．某市物价局〈副处级）\n"
      "　　4．某市防汛抗旱指挥部\n"
      "　　特此通知。\n",
      "1983-10-20");
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0].type, "established");
  EXPECT_EQ(Texts(f.events[0].to), (Names{"中共某市委组织部", "某市人民政府办公室", "某市物价局",
                                          "某市防汛抗旱指挥部"}));
  const auto g = Events("经研究，设置下列工作部门：县计划委员会、县财政局、县民政局。\n");
  ASSERT_EQ(g.events.size(), 1u);
  EXPECT_EQ(Texts(g.events[0].to), (Names{"县计划委员会", "县财政局", "县民政局"}));
}

TEST(EventsTest, RegulationPreambleAndBodyAreNotRead) {
  const auto f = Events(
      "关于印发《某市林业局职能配置、内设机构和人员编制规定》的通知\n"
      "现将《某市林业局职能配置、内设机构和人员编制规定》印发给你们。\n"
      "某市林业局职能配置、内设机构和人员编制规定\n"
      "根据有关规定，设立某市林业局（以下简称市林业局）。市林业局是由某市自然资源和规划局管理的"
      "行政机构，副处级。\n"
      "（七）职责调整。将某市发展和改革委员会的应对气候变化职责划入市林业局。\n");
  EXPECT_TRUE(f.events.empty());
  EXPECT_TRUE(f.review.empty());
}

TEST(EventsTest, UnparsedChangeIsFlaggedInChinese) {
  const auto f = Events("将省级和省级以下国税地税机构合并。\n");
  EXPECT_TRUE(f.events.empty());
  ASSERT_EQ(f.review.size(), 1u);
  EXPECT_EQ(f.review[0].message.rfind("无法识别的机构变动：", 0), 0u);
}

TEST(EventsTest, MentionsCarrySpansIntoTheOriginalText) {
  const std::string text = "经研究，决定如下：\n　　一、撤销某市电力工业局。\n";
  const DocText doc = DocText::FromText(text);
  const auto f = ExtractEvents(doc, "2000-12-18");
  ASSERT_EQ(f.events.size(), 1u);
  const Span s = f.events[0].from[0].span;
  EXPECT_EQ(s.page, 1u);
  EXPECT_EQ(text.substr(s.begin, s.end - s.begin), "某市电力工业局");
}

TEST(EventsTest, RangeLimitsWhatIsRead) {
  const std::string text = "一、撤销某市电力工业局。\n二、组建某市能源局。\n";
  const DocText doc = DocText::FromText(text);
  const size_t cut = doc.norm().find("二、");
  ASSERT_NE(cut, std::string::npos);
  const auto f = ExtractEvents(doc, "2000-12-18", 0, cut);
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0].type, "abolished");
}

TEST(EventsTextTest, NameListsKeepAndInsideNames) {
  const std::string s = "国家发展和改革委员会、人力资源和社会保障部和卫生部及国家旅游局";
  std::vector<std::string> got;
  for (auto r : ev::SplitNameList(s, {0, s.size()})) {
    got.push_back(s.substr(r.first, r.second - r.first));
  }
  EXPECT_EQ(got, (Names{"国家发展和改革委员会", "人力资源和社会保障部", "卫生部", "国家旅游局"}));
}

// ----- the sample corpus ----------------------------------------------------------------------

// Truth institution ids -> the names they bore around a date.
class TruthNames {
 public:
  explicit TruthNames(const nlohmann::json& institutions) {
    for (const auto& inst : institutions) {
      for (const auto& v : inst["versions"]) {
        Version ver;
        ver.from = v.value("valid_from", "");
        ver.to = v["valid_to"].is_string() ? v["valid_to"].get<std::string>() : "";
        ver.names.insert(Norm(v["name"].get<std::string>()));
        if (v.contains("abbreviations")) {
          for (const auto& a : v["abbreviations"]) ver.names.insert(Norm(a.get<std::string>()));
        }
        by_id_[inst["id"].get<std::string>()].push_back(std::move(ver));
      }
    }
  }
  // Names valid on `date` (when `at`) and names that ended on `date` (when `before`).
  std::set<std::string> Names(const std::string& id, const std::string& date, bool at,
                              bool before) const {
    std::set<std::string> out;
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return out;
    for (const auto& v : it->second) {
      const bool valid = v.from <= date && (v.to.empty() || date < v.to);
      const bool ended = !v.to.empty() && v.to == date;
      if ((at && valid) || (before && ended)) out.insert(v.names.begin(), v.names.end());
    }
    return out;
  }
  static std::string Norm(const std::string& s) {
    return ev::RemoveSpaces(ToSimplified(s));
  }

 private:
  struct Version {
    std::string from, to;
    std::set<std::string> names;
  };
  std::map<std::string, std::vector<Version>> by_id_;
};

std::string NormDuty(std::string d) {
  d = ev::RemoveSpaces(ToSimplified(d));
  for (const std::string suffix : {"的职责", "职责"}) {
    if (d.size() >= suffix.size() && d.compare(d.size() - suffix.size(), suffix.size(), suffix) == 0) {
      d.resize(d.size() - suffix.size());
    }
  }
  return d;
}

// Every truth id matched by a distinct mention and no mention left over.
bool SideMatches(const nlohmann::json& ids, const std::vector<Mention>& got, const TruthNames& tn,
                 const std::string& date, bool at, bool before) {
  if (ids.size() != got.size()) return false;
  std::vector<bool> used(got.size(), false);
  for (const auto& id : ids) {
    const auto names = tn.Names(id.get<std::string>(), date, at, before);
    bool found = false;
    for (size_t k = 0; k < got.size() && !found; ++k) {
      if (!used[k] && names.count(TruthNames::Norm(got[k].text)) > 0) found = used[k] = true;
    }
    if (!found) return false;
  }
  return true;
}

bool EventMatches(const nlohmann::json& t, const Event& e, const TruthNames& tn) {
  const std::string type = t["type"];
  const std::string date = t["date"];
  if (type != e.type || date != e.date) return false;
  // A renamed body's "from" is its old name, "to" its new one; elsewhere either name is fine.
  const bool renamed = type == "renamed";
  if (!SideMatches(t["from"], e.from, tn, date, !renamed, true)) return false;
  if (!SideMatches(t["to"], e.to, tn, date, true, !renamed)) return false;
  if (type == "duty_transferred" && NormDuty(t.value("duty", "")) != NormDuty(e.duty)) {
    return false;
  }
  return true;
}

struct Score {
  int truth = 0, got = 0, matched = 0, flags = 0;
  double Precision() const { return got == 0 ? 1 : static_cast<double>(matched) / got; }
  double Recall() const { return truth == 0 ? 1 : static_cast<double>(matched) / truth; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
};

TEST(EventsCorpusTest, EventsOfTheSampleCorpus) {
  const auto docs = testing::LoadCorpusDocs();
  ASSERT_EQ(docs.size(), 189u);
  const TruthNames tn(testing::LoadCorpusInstitutions());
  std::map<std::string, Score> by_type;
  Score all;
  for (const auto& d : docs) {
    const std::string id = d.truth["id"];
    const auto facts = ExtractEvents(DocText::FromText(d.text), d.truth["date"].get<std::string>());
    all.flags += static_cast<int>(facts.review.size());
    for (const auto& f : facts.review) std::printf("  flag %s: %s\n", id.c_str(), f.message.c_str());
    std::vector<bool> used(facts.events.size(), false);
    for (const auto& t : d.truth["events"]) {
      const std::string type = t["type"];
      ++all.truth;
      ++by_type[type].truth;
      bool found = false;
      for (size_t k = 0; k < facts.events.size() && !found; ++k) {
        if (!used[k] && EventMatches(t, facts.events[k], tn)) found = used[k] = true;
      }
      if (found) {
        ++all.matched;
        ++by_type[type].matched;
      } else {
        std::printf("  missed %s: %s\n", id.c_str(), t.dump().c_str());
      }
    }
    for (size_t k = 0; k < facts.events.size(); ++k) {
      ++all.got;
      ++by_type[facts.events[k].type].got;
      if (!used[k]) {
        const Event& e = facts.events[k];
        std::string from, to;
        for (const auto& m : e.from) from += m.text + " ";
        for (const auto& m : e.to) to += m.text + " ";
        std::printf("  extra %s: %s %s [%s] -> [%s] %s\n", id.c_str(), e.type.c_str(),
                    e.date.c_str(), from.c_str(), to.c_str(), e.duty.c_str());
      }
    }
  }
  for (const auto& [type, s] : by_type) {
    std::printf("events %-17s truth %3d got %3d matched %3d  P %.3f R %.3f F1 %.3f\n", type.c_str(),
                s.truth, s.got, s.matched, s.Precision(), s.Recall(), s.F1());
  }
  std::printf("events all               truth %3d got %3d matched %3d  P %.3f R %.3f F1 %.3f, %d review flags\n",
              all.truth, all.got, all.matched, all.Precision(), all.Recall(), all.F1(), all.flags);
  EXPECT_GE(all.F1(), 0.9);
  EXPECT_LE(all.flags, 3);
}

}  // namespace
}  // namespace sanding::extract
