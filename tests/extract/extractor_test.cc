#include "indexer/extract/extractor.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

namespace sanding::extract {
namespace {

std::shared_ptr<const Authority> TestAuthority() {
  auto a = Authority::FromInstitutionsJson(nlohmann::json::parse(R"([
    {"id": "x-gs", "level": "city", "valid_from": "1983-01-01", "valid_to": "2019-01-28",
     "versions": [{"valid_from": "1983-01-01", "valid_to": "2019-01-28", "name": "某市工商行政管理局", "abbreviations": []}]},
    {"id": "x-zj", "level": "city", "valid_from": "1983-01-01", "valid_to": "2019-01-28",
     "versions": [{"valid_from": "1983-01-01", "valid_to": "2019-01-28", "name": "某市质量技术监督局", "abbreviations": []}]},
    {"id": "x-sj", "level": "city", "valid_from": "2019-01-28", "valid_to": null,
     "versions": [{"valid_from": "2019-01-28", "valid_to": null, "name": "某市市场监督管理局", "abbreviations": ["市市场监管局"]}]},
    {"id": "x-gd1", "level": "city", "valid_from": "1983-01-01", "valid_to": "2010-01-26",
     "versions": [{"valid_from": "1983-01-01", "valid_to": "2010-01-26", "name": "某市广播电视局", "abbreviations": []}]},
    {"id": "x-gd2", "level": "city", "valid_from": "2019-01-28", "valid_to": null,
     "versions": [{"valid_from": "2019-01-28", "valid_to": null, "name": "某市广播电视局", "abbreviations": []}]}
  ])"));
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return std::make_shared<const Authority>(std::move(a).value());
}

const char kReform[] =
    "某发〔2019〕2号\n"
    "中共某市委　某市人民政府关于某市机构改革的实施意见\n"
    "各县人民政府，市政府各部门：\n"
    "　　一、机构设置\n"
    "　　（一）整合某市工商行政管理局和某市质量技术监督局的职责，组建某市市场监督管理局，为市政府工作部门。"
    "不再保留某市工商行政管理局、某市质量技术监督局。\n"
    "中共某市委　某市人民政府\n"
    "2019年1月28日\n";

TEST(ExtractorTest, ApprovalFileEventsNameTheSubjects) {
  NameResolver resolver(TestAuthority());
  ExtractOptions o;
  o.resolver = &resolver;
  const DocumentFacts f = Extract(DocText::FromText(kReform), o);
  EXPECT_EQ(f.extractor, kExtractorVersion);
  EXPECT_EQ(f.kind.value, "意见");
  EXPECT_EQ(f.date.value, "2019-01-28");
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0].type, "merged");
  std::set<std::string> subjects;
  for (const auto& m : f.subjects) subjects.insert(m.institution);
  EXPECT_EQ(subjects, (std::set<std::string>{"x-gs", "x-zj", "x-sj"}));
}

const char kSanding[] =
    "某编〔2019〕5号\n"
    "某市机构编制委员会关于印发《某市市场监督管理局职能配置、内设机构和人员编制规定》的通知\n"
    "各县人民政府，市政府各部门：\n"
    "　　《某市市场监督管理局职能配置、内设机构和人员编制规定》已经市委、市政府批准，现予印发。\n"
    "某市机构编制委员会\n"
    "2019年3月1日\n"
    "\f某市市场监督管理局职能配置、内设机构和人员编制规定\n"
    "　　第一条　根据《中共某市委　某市人民政府关于某市机构改革的实施意见》，组建某市市场监督管理局，"
    "将某市工商行政管理局的职责划入某市市场监督管理局。\n"
    "　　第二条　某市市场监督管理局主要职责是：\n"
    "　　（一）负责全市市场综合监督管理。\n"
    "　　（二）负责全市市场主体统一登记注册。\n"
    "　　（三）完成市委、市政府交办的其他任务。\n"
    "　　第三条　某市市场监督管理局机关行政编制60名。\n";

TEST(ExtractorTest, ARegulationIsReadForDutiesNotForEvents) {
  NameResolver resolver(TestAuthority());
  ExtractOptions o;
  o.resolver = &resolver;
  const DocumentFacts f = Extract(DocText::FromText(kSanding), o);
  EXPECT_EQ(f.kind.value, "三定规定");
  EXPECT_EQ(f.regulation_title.value, "某市市场监督管理局职能配置、内设机构和人员编制规定");
  EXPECT_EQ(f.regulation_start.page, 2u);
  EXPECT_TRUE(f.events.empty());  // the regulation's preamble restates the reform, it enacts nothing
  ASSERT_EQ(f.duties.size(), 3u);
  EXPECT_TRUE(f.duties[2].boilerplate);
  ASSERT_FALSE(f.subjects.empty());
  EXPECT_EQ(f.subjects[0].institution, "x-sj");
  ASSERT_EQ(f.staffing.size(), 1u);
  EXPECT_EQ(f.staffing[0].count, 60);
}

// A regulation whose opening cites the decision it implements and states its body's standing
// through the abbreviation it defines; the covering notice's own 根据 is not the regulation's.
const char kSandingWithBasis[] =
    "某编〔2019〕6号\n"
    "某市机构编制委员会关于印发《某市市场监督管理局职能配置、内设机构和人员编制规定》的通知\n"
    "各县人民政府，市政府各部门：\n"
    "　　根据《某市编委会议纪要》（某编〔2019〕1号），现予印发。\n"
    "某市机构编制委员会\n"
    "2019年3月1日\n"
    "\f某市市场监督管理局职能配置、内设机构和人员编制规定\n"
    "　　第一条　根据《中共某市委　某市人民政府关于某市机构改革的实施意见》（某发[2019]2号），"
    "制定本规定。\n"
    "　　第二条　某市市场监督管理局（以下简称市市场监管局）是市政府工作部门，由某市工商行政管理局归口管理，"
    "正处级。\n"
    "　　第三条　市市场监管局的主要职责是：\n"
    "　　（一）负责全市市场综合监督管理。\n";

TEST(ExtractorTest, BasisAndResolvedProfiles) {
  NameResolver resolver(TestAuthority());
  ExtractOptions o;
  o.resolver = &resolver;
  const DocumentFacts f = Extract(DocText::FromText(kSandingWithBasis), o);
  EXPECT_EQ(f.basis.value, "某发〔2019〕2号");
  EXPECT_EQ(f.basis.as_written, "某发[2019]2号");
  EXPECT_EQ(f.basis.span.page, 2u);
  EXPECT_GT(f.basis.confidence, 0.9);
  ASSERT_EQ(f.profiles.size(), 1u);
  const Profile& p = f.profiles[0];
  EXPECT_EQ(p.institution.text, "某市市场监督管理局");
  EXPECT_EQ(p.institution.institution, "x-sj");
  EXPECT_EQ(p.abbreviation, "市市场监管局");
  EXPECT_EQ(p.rank, "正处级");
  EXPECT_EQ(p.kind, "行政机关");
  EXPECT_EQ(p.parent.institution, "x-gs");
  EXPECT_EQ(p.span.page, 2u);

  // Without a citation in the regulation, no basis.
  const DocumentFacts g = Extract(DocText::FromText(kSanding), o);
  EXPECT_TRUE(g.basis.empty());
  EXPECT_TRUE(g.profiles.empty());
}

TEST(ExtractorTest, UncertainReadingsAreFlaggedForReview) {
  // The 落款 date sits on a page OCR read with low confidence.
  ExtractOptions o;
  o.page_confidence = {55};
  const DocumentFacts f = Extract(DocText::FromText(kReform), o);
  bool date_flag = false;
  for (const auto& r : f.review) date_flag |= r.field == "date";
  EXPECT_TRUE(date_flag);

  // Two bodies bore the name; a document without a date cannot tell which.
  NameResolver resolver(TestAuthority());
  ExtractOptions with_names;
  with_names.resolver = &resolver;
  const DocumentFacts g = Extract(
      DocText::FromText("某市人民政府办公室关于启用某市广播电视局印章的通知\n各有关单位：\n经研究，启用新印章。\n"),
      with_names);
  ASSERT_FALSE(g.subjects.empty());
  EXPECT_EQ(g.subjects[0].resolution, "ambiguous");
  EXPECT_EQ(g.subjects[0].candidates.size(), 2u);
  bool ambiguous_flag = false;
  for (const auto& r : g.review) ambiguous_flag |= r.field == "subjects";
  EXPECT_TRUE(ambiguous_flag);
}

TEST(ExtractorTest, RepairedOrSuspectHeadFieldsAreFlagged) {
  // A damaged 落款 date run into the regulation's title; the kind cannot be told.
  const DocumentFacts f = Extract(DocText::FromText(
      "某市人民政府办公室一九九〇年十一月二十日某市林业局“三定”方案\n根据有关规定，设立某市林业局。\n"));
  bool title_flag = false;
  for (const auto& r : f.review) title_flag |= r.field == "title";
  EXPECT_TRUE(title_flag);

  const DocumentFacts g = Extract(DocText::FromText("某市某某\n内容。\n"));
  bool kind_flag = false;
  for (const auto& r : g.review) kind_flag |= r.field == "kind";
  EXPECT_TRUE(kind_flag);
}

}  // namespace
}  // namespace sanding::extract
