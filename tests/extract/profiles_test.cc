#include "indexer/extract/profiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/extractor.h"
#include "indexer/extract/fields.h"
#include "indexer/extract/names.h"
#include "tests/extract/corpus_util.h"

namespace sanding::extract {
namespace {

std::vector<Profile> Profiles(const std::string& text) {
  return ExtractProfiles(DocText::FromText(text));
}

// The one profile of `text` (fails the test when there is not exactly one).
Profile One(const std::string& text) {
  const auto ps = Profiles(text);
  EXPECT_EQ(ps.size(), 1u) << text;
  return ps.empty() ? Profile{} : ps[0];
}

TEST(ProfilesTest, RankWords) {
  EXPECT_EQ(RankWordAt("正处级，"), std::string("正处级").size());
  EXPECT_EQ(RankWordAt("副县级"), std::string("副县级").size());
  EXPECT_EQ(RankWordAt("正部级"), std::string("正部级").size());
  EXPECT_EQ(RankWordAt("副厅级"), std::string("副厅级").size());
  EXPECT_EQ(RankWordAt("正科级"), std::string("正科级").size());
  EXPECT_EQ(RankWordAt("副股级"), std::string("副股级").size());
  EXPECT_EQ(RankWordAt("副局级"), std::string("副局级").size());
  EXPECT_EQ(RankWordAt("市级"), 0u);
  EXPECT_EQ(RankWordAt("科级领导职数"), 0u);
  EXPECT_EQ(RankWordAt("正常"), 0u);
}

TEST(ProfilesTest, KindsOfStanding) {
  EXPECT_EQ(KindOfStanding("为市政府工作部门"), "行政机关");
  EXPECT_EQ(KindOfStanding("作为县政府工作部门"), "行政机关");
  EXPECT_EQ(KindOfStanding("为市人民政府工作部门"), "行政机关");
  EXPECT_EQ(KindOfStanding("是市政府组成部门"), "行政机关");
  EXPECT_EQ(KindOfStanding("作为国务院组成部门"), "行政机关");
  EXPECT_EQ(KindOfStanding("为国务院直属机构"), "行政机关");
  EXPECT_EQ(KindOfStanding("是由清河市人民政府办公室管理的行政机构"), "行政机关");
  EXPECT_EQ(KindOfStanding("是市委工作机关"), "党委工作机关");
  EXPECT_EQ(KindOfStanding("为县委工作部门"), "党委工作机关");
  EXPECT_EQ(KindOfStanding("是党委工作机关"), "党委工作机关");
  EXPECT_EQ(KindOfStanding("是由清河市人民政府办公室管理的事业单位"), "事业单位");
  EXPECT_EQ(KindOfStanding("为市政府议事协调机构"), "议事协调机构");
  EXPECT_EQ(KindOfStanding("承担指挥部日常工作"), "");
}

TEST(ProfilesTest, EstablishingList) {
  const auto ps = Profiles(
      "经研究，现将有关事项通知如下：\n"
      "一、机构设置明确如下：\n"
      "1．中共清河市委组织部（正处级）\n"
      "4．清河市编制委员会办公室（副处级）\n"
      "5．清河市计划委员会（正处级）\n"
      "27．清河市防汛抗旱指挥部\n"
      "特此通知。\n");
  ASSERT_EQ(ps.size(), 3u);
  EXPECT_EQ(ps[0].institution.text, "中共清河市委组织部");
  EXPECT_EQ(ps[0].rank, "正处级");
  EXPECT_EQ(ps[1].institution.text, "清河市编制委员会办公室");
  EXPECT_EQ(ps[1].rank, "副处级");
  EXPECT_EQ(ps[2].institution.text, "清河市计划委员会");
  EXPECT_EQ(ps[2].rank, "正处级");
  EXPECT_EQ(ps[2].kind, "");
}

TEST(ProfilesTest, InlineListWithKind) {
  const auto ps = Profiles("设置下列工作部门：某市审计局（正处级）、某市档案局（副处级，市政府直属机构）。\n");
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].institution.text, "某市审计局");
  EXPECT_EQ(ps[0].rank, "正处级");
  EXPECT_EQ(ps[1].institution.text, "某市档案局");
  EXPECT_EQ(ps[1].rank, "副处级");
  EXPECT_EQ(ps[1].kind, "行政机关");
}

TEST(ProfilesTest, EstablishingSentences) {
  Profile p = One("一、组建清河市经济体制改革委员会，作为市政府工作部门，正处级。\n");
  EXPECT_EQ(p.institution.text, "清河市经济体制改革委员会");
  EXPECT_EQ(p.rank, "正处级");
  EXPECT_EQ(p.kind, "行政机关");

  p = One("一、成立清河市土地管理局，副处级，为市政府工作部门。\n");
  EXPECT_EQ(p.institution.text, "清河市土地管理局");
  EXPECT_EQ(p.rank, "副处级");
  EXPECT_EQ(p.kind, "行政机关");

  p = One("同意设立清河市审计局，为市政府工作部门，副处级。\n");
  EXPECT_EQ(p.institution.text, "清河市审计局");
  EXPECT_EQ(p.rank, "副处级");

  p = One("（十九）设立清河市医疗保障局，为市政府工作部门，正处级。\n");
  EXPECT_EQ(p.institution.text, "清河市医疗保障局");
  EXPECT_EQ(p.rank, "正处级");

  // The body formed, not the bodies whose duties it takes.
  p = One("（十一）将清河市国土资源局和清河市城乡规划局的职责整合，组建清河市自然资源和规划局，"
          "作为市政府工作部门，正处级。\n");
  EXPECT_EQ(p.institution.text, "清河市自然资源和规划局");
  EXPECT_EQ(p.rank, "正处级");

  p = One("二、组建临川县质量技术监督局，作为县政府工作部门，正科级。\n");
  EXPECT_EQ(p.institution.text, "临川县质量技术监督局");
  EXPECT_EQ(p.rank, "正科级");
}

TEST(ProfilesTest, TwoBodiesOneSentenceAndTwoSentencesOneParagraph) {
  auto ps = Profiles("设立某市统计局和某市物价局，为市政府工作部门，副处级。\n");
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].institution.text, "某市统计局");
  EXPECT_EQ(ps[1].institution.text, "某市物价局");
  EXPECT_EQ(ps[1].rank, "副处级");
  ps = Profiles("（十九）设立清河市医疗保障局，为市政府工作部门，正处级。"
                "组建清河市退役军人事务局，作为市政府工作部门，正处级。\n");
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[1].institution.text, "清河市退役军人事务局");
}

TEST(ProfilesTest, NationalBodies) {
  Profile p = One("三、成立国家食品药品监督管理总局，正部级，为国务院组成部门。\n");
  EXPECT_EQ(p.institution.text, "国家食品药品监督管理总局");
  EXPECT_EQ(p.rank, "正部级");
  EXPECT_EQ(p.kind, "行政机关");
  p = One("一、将国家工商行政管理总局、国家质量监督检验检疫总局和国家食品药品监督管理总局的职责整合，"
          "组建国家市场监督管理总局，作为国务院组成部门，正部级。\n");
  EXPECT_EQ(p.institution.text, "国家市场监督管理总局");
  EXPECT_EQ(p.rank, "正部级");
}

TEST(ProfilesTest, RegulationStatementsWithAbbreviation) {
  // Defined in one sentence, stated in the next.
  Profile p = One(
      "根据《中共清河市委　清河市人民政府关于清河市人民政府机构改革的实施意见》（清发〔2010〕3号），"
      "设立清河市发展和改革委员会（以下简称市发改委）。市发改委是市政府工作部门，正处级。\n"
      "一、主要职责\n"
      "市发改委的主要职责是：\n");
  EXPECT_EQ(p.institution.text, "清河市发展和改革委员会");
  EXPECT_EQ(p.abbreviation, "市发改委");
  EXPECT_EQ(p.rank, "正处级");
  EXPECT_EQ(p.kind, "行政机关");
  EXPECT_EQ(p.text, "市发改委是市政府工作部门，正处级");

  p = One("第二条　清河市财政局（以下简称市财政局）是市政府工作部门，正处级。\n");
  EXPECT_EQ(p.institution.text, "清河市财政局");
  EXPECT_EQ(p.abbreviation, "市财政局");
  EXPECT_EQ(p.rank, "正处级");

  p = One("根据市委、市政府关于机构设置的有关规定，设置清河市农业局（简称市农业局），"
          "为市政府工作部门，正处级。\n");
  EXPECT_EQ(p.institution.text, "清河市农业局");
  EXPECT_EQ(p.abbreviation, "市农业局");
  EXPECT_EQ(p.rank, "正处级");
  EXPECT_EQ(p.kind, "行政机关");
}

TEST(ProfilesTest, SupervisingBody) {
  Profile p = One(
      "根据市委、市政府关于机构设置的有关规定，设立清河市人民来信来访办公室（以下简称市信访办）。"
      "市信访办是由清河市人民政府办公室管理的行政机构，副处级。\n");
  EXPECT_EQ(p.institution.text, "清河市人民来信来访办公室");
  EXPECT_EQ(p.abbreviation, "市信访办");
  EXPECT_EQ(p.parent.text, "清河市人民政府办公室");
  EXPECT_EQ(p.kind, "行政机关");
  EXPECT_EQ(p.rank, "副处级");

  p = One("设立清河市旅游事业管理办公室（以下简称市旅游办）。"
          "市旅游办是由清河市人民政府办公室管理的事业单位，副处级。\n");
  EXPECT_EQ(p.kind, "事业单位");
  EXPECT_EQ(p.parent.text, "清河市人民政府办公室");

  p = One("组建清河市旅游事业管理办公室，作为由清河市人民政府办公室管理的事业单位，副处级。\n");
  EXPECT_EQ(p.institution.text, "清河市旅游事业管理办公室");
  EXPECT_EQ(p.parent.text, "清河市人民政府办公室");
  EXPECT_EQ(p.kind, "事业单位");

  p = One("第二条　中共清河市委机构编制委员会办公室（以下简称市委编办）是市委工作机关，"
          "由中共清河市委组织部归口管理，正处级。\n");
  EXPECT_EQ(p.institution.text, "中共清河市委机构编制委员会办公室");
  EXPECT_EQ(p.abbreviation, "市委编办");
  EXPECT_EQ(p.kind, "党委工作机关");
  EXPECT_EQ(p.parent.text, "中共清河市委组织部");
  EXPECT_EQ(p.rank, "正处级");
}

TEST(ProfilesTest, OtherWordings) {
  Profile p = One("某县审计局为县人民政府工作部门，机构规格为副县级。\n");
  EXPECT_EQ(p.institution.text, "某县审计局");
  EXPECT_EQ(p.kind, "行政机关");
  EXPECT_EQ(p.rank, "副县级");

  p = One("设立某市档案局，规格为正处级，为市人民政府直属机构。\n");
  EXPECT_EQ(p.rank, "正处级");
  EXPECT_EQ(p.kind, "行政机关");

  p = One("某市机关事务管理局是市政府直属的事业单位，正处级规格。\n");
  EXPECT_EQ(p.kind, "事业单位");
  EXPECT_EQ(p.rank, "正处级");

  // A kind without a rank is still a profile.
  p = One("某市防汛抗旱指挥部为市政府议事协调机构。\n");
  EXPECT_EQ(p.kind, "议事协调机构");
  EXPECT_EQ(p.rank, "");
}

TEST(ProfilesTest, OcrSpacingPunctuationAndTraditional) {
  Profile p = One("组建清河市经济体制改革委员会, 作为市政府工作部门, 正 处 级.\n");
  EXPECT_EQ(p.institution.text, "清河市经济体制改革委员会");
  EXPECT_EQ(p.rank, "正处级");
  EXPECT_EQ(p.kind, "行政机关");

  p = One("成立清河市土地管理局，副處級，為市政府工作部門。\n");
  EXPECT_EQ(p.institution.text, "清河市土地管理局");
  EXPECT_EQ(p.rank, "副处级");
  EXPECT_EQ(p.kind, "行政机关");

  p = One("5.清河市计划委员会(正处级)\n6.清河市经济委员会\n");
  EXPECT_EQ(p.institution.text, "清河市计划委员会");
  EXPECT_EQ(p.rank, "正处级");
}

TEST(ProfilesTest, RankChangesAreNoProfiles) {
  EXPECT_TRUE(Profiles("（六）将清河市旅游局的机构规格调整为正处级（原为副处级）。\n").empty());
  EXPECT_TRUE(Profiles("（四）清河市技术监督局的机构规格由副处级调整为正处级。\n").empty());
  EXPECT_TRUE(Profiles("二、清河市机构编制委员会办公室升格为正处级，原副处级规格相应调整。\n").empty());
}

TEST(ProfilesTest, NoStandingNoProfile) {
  EXPECT_TRUE(Profiles("市信访办的主要职责是：\n（一）受理群众来信来访。\n").empty());
  EXPECT_TRUE(Profiles("市信访办机关行政编制为10名。领导职数：主任1名、副主任2名，科级领导职数3名。\n").empty());
  EXPECT_TRUE(Profiles("（九）清河市档案馆划归清河市人民政府办公室管理。\n").empty());
  EXPECT_TRUE(Profiles("（十二）清河市林业局改由清河市自然资源和规划局管理。\n").empty());
  EXPECT_TRUE(Profiles("设立清河市电力工业局（以下简称市电力局）。\n").empty());
  EXPECT_TRUE(Profiles("本局是市政府工作部门，正处级。\n").empty());
}

TEST(ProfilesTest, Spans) {
  const std::string text = "文件\n\f一、成立清河市土地管理局，副处级，为市政府工作部门。\n";
  const DocText doc = DocText::FromText(text);
  const auto ps = ExtractProfiles(doc);
  ASSERT_EQ(ps.size(), 1u);
  const std::string page2 = doc.pages()[1];
  const Span m = ps[0].institution.span;
  EXPECT_EQ(m.page, 2u);
  EXPECT_EQ(page2.substr(m.begin, m.end - m.begin), "清河市土地管理局");
  const Span s = ps[0].span;
  EXPECT_EQ(s.page, 2u);
  EXPECT_NE(page2.substr(s.begin, s.end - s.begin).find("为市政府工作部门"), std::string::npos);
}

// ---- basis -------------------------------------------------------------------------------------

TEST(BasisTest, CitedDecision) {
  Field b = ExtractBasis(DocText::FromText(
      "第一条　根据《中共清河市委　清河市人民政府关于清河市机构改革的实施意见》（清发[2019]2号），"
      "为规范…，制定本规定。\n第二条　…\n"), 0);
  EXPECT_EQ(b.value, "清发〔2019〕2号");
  EXPECT_EQ(b.as_written, "清发[2019]2号");
  EXPECT_DOUBLE_EQ(b.confidence, 1.0);

  b = ExtractBasis(DocText::FromText(
      "根据《关于清河市人民政府机构改革的实施意见》(清发〔2010〕03号)，设立清河市发展和改革委员会。\n"), 0);
  EXPECT_EQ(b.value, "清发〔2010〕3号");
}

TEST(BasisTest, NoDecisionCited) {
  EXPECT_TRUE(ExtractBasis(DocText::FromText(
      "根据市委、市政府关于机构设置的有关规定，设置清河市计划委员会（简称市计委），为市政府工作部门，正处级。\n"
      "根据《某意见》（清发〔2010〕3号），…。\n"), 0).empty());
  // Only the opening paragraph counts.
  EXPECT_TRUE(ExtractBasis(DocText::FromText(
      "经研究，同意你局的请示。\n根据《某意见》（清发〔2010〕3号），核增编制3名。\n"), 0).empty());
  // 按照 is no 根据.
  EXPECT_TRUE(ExtractBasis(DocText::FromText(
      "按照有关文件（清发〔2010〕3号）要求，经市人民政府批准，印章自即日起正式启用。\n"), 0).empty());
}

TEST(BasisTest, StartsAtTheRegulation) {
  const std::string notice = "各县人民政府：\n根据《某意见》（清发〔2002〕9号），现予印发。\n";
  const std::string reg = "某局职能配置、内设机构和人员编制规定\n"
                          "根据市委、市政府关于机构设置的有关规定，设置某局。\n";
  const DocText doc = DocText::FromText(notice + reg);
  EXPECT_EQ(ExtractBasis(doc, 0).value, "清发〔2002〕9号");
  EXPECT_TRUE(ExtractBasis(doc, doc.norm().find("某局职能")).empty());
}

// ---- the sample corpus -------------------------------------------------------------------------

class ProfilesCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    institutions_ = new nlohmann::json(testing::LoadCorpusInstitutions());
    auto a = Authority::FromInstitutionsJson(*institutions_);
    ASSERT_TRUE(a.ok());
    resolver_ = new NameResolver(std::make_shared<const Authority>(std::move(a).value()));
    docs_ = new std::vector<testing::CorpusDoc>(testing::LoadCorpusDocs());
    facts_ = new std::map<std::string, DocumentFacts>;
    ExtractOptions o;
    o.resolver = resolver_;
    for (const auto& d : *docs_) (*facts_)[d.truth["id"]] = Extract(DocText::FromText(d.text), o);
  }
  static void TearDownTestSuite() {
    delete institutions_;
    delete resolver_;
    delete docs_;
    delete facts_;
  }
  // The version of `id` described by document `doc` dated `date`: the one listing it as a source,
  // else the one valid at the date.
  static const nlohmann::json* Version(const std::string& id, const std::string& doc,
                                       const std::string& date) {
    for (const auto& inst : *institutions_) {
      if (inst["id"] != id) continue;
      const nlohmann::json* at = nullptr;
      for (const auto& v : inst["versions"]) {
        for (const auto& s : v["sources"])
          if (s == doc) return &v;
        if (v["valid_from"].get<std::string>() <= date) at = &v;
      }
      return at;
    }
    return nullptr;
  }
  static nlohmann::json* institutions_;
  static NameResolver* resolver_;
  static std::vector<testing::CorpusDoc>* docs_;
  static std::map<std::string, DocumentFacts>* facts_;
};
nlohmann::json* ProfilesCorpusTest::institutions_ = nullptr;
NameResolver* ProfilesCorpusTest::resolver_ = nullptr;
std::vector<testing::CorpusDoc>* ProfilesCorpusTest::docs_ = nullptr;
std::map<std::string, DocumentFacts>* ProfilesCorpusTest::facts_ = nullptr;

// Every profile found agrees with the truth version of its body: rank, kind and parent.
TEST_F(ProfilesCorpusTest, ProfilesAgreeWithTheTruth) {
  int found = 0, resolved = 0, rank_ok = 0, ranked = 0, kind_ok = 0, kinded = 0, parent_ok = 0,
      parented = 0;
  for (const auto& d : *docs_) {
    const std::string id = d.truth["id"], date = d.truth["date"];
    for (const Profile& p : facts_->at(id).profiles) {
      ++found;
      const nlohmann::json* v = Version(p.institution.institution, id, date);
      if (v == nullptr) {
        std::printf("  unresolved %s: %s (%s)\n", id.c_str(), p.institution.text.c_str(), p.text.c_str());
        continue;
      }
      ++resolved;
      if (!p.rank.empty()) {
        ++ranked;
        if (p.rank == (*v)["rank"]) ++rank_ok;
        else std::printf("  rank %s: %s %s, truth %s\n", id.c_str(), p.institution.text.c_str(),
                         p.rank.c_str(), (*v)["rank"].dump().c_str());
      }
      if (!p.kind.empty()) {
        ++kinded;
        if (p.kind == (*v)["kind"]) ++kind_ok;
        else std::printf("  kind %s: %s %s, truth %s\n", id.c_str(), p.institution.text.c_str(),
                         p.kind.c_str(), (*v)["kind"].dump().c_str());
      }
      if (!p.parent.text.empty()) {
        ++parented;
        if ((*v)["parent"] == p.parent.institution) ++parent_ok;
        else std::printf("  parent %s: %s %s, truth %s\n", id.c_str(), p.institution.text.c_str(),
                         p.parent.text.c_str(), (*v)["parent"].dump().c_str());
      }
    }
  }
  std::printf("profiles %d, resolved %d; rank %d/%d, kind %d/%d, parent %d/%d\n", found, resolved,
              rank_ok, ranked, kind_ok, kinded, parent_ok, parented);
  EXPECT_GE(found, 100);
  EXPECT_EQ(resolved, found);
  EXPECT_EQ(rank_ok, ranked);
  EXPECT_EQ(kind_ok, kinded);
  EXPECT_EQ(parent_ok, parented);
}

// Every truth version whose source document states its rank (a sentence naming it — full name or
// abbreviation — as its subject, with a rank word and no change of rank) has a profile with that
// rank in that document.
TEST_F(ProfilesCorpusTest, StatedRanksAreFound) {
  int stated = 0, got = 0;
  for (const auto& inst : *institutions_) {
    for (const auto& v : inst["versions"]) {
      if (v["rank"] == "") continue;
      std::vector<std::string> names = {v["name"]};
      for (const auto& a : v["abbreviations"]) names.push_back(a);
      for (const auto& src : v["sources"]) {
        const std::string doc = src;
        const auto it = std::find_if(docs_->begin(), docs_->end(),
                                     [&](const auto& d) { return d.truth["id"] == doc; });
        if (it == docs_->end()) continue;
        // The document's sentences (。 and line ends) with a rank word and no rank change, naming
        // the body as subject: right before its rank bracket, before 是/为/（简称, or after a
        // verb of establishment.
        const std::string norm = DocText::FromText(it->text).norm();
        bool states = false;
        size_t b = 0;
        while (b < norm.size() && !states) {
          size_t e = std::min(norm.find("。", b), norm.find('\n', b));
          if (e == std::string::npos) e = norm.size();
          const std::string s = norm.substr(b, e - b);
          b = e + 1;
          bool rank = false;
          for (size_t i = 0; i < s.size() && !rank; ++i) rank = RankWordAt(s.substr(i)) > 0;
          if (!rank || s.find("调整") != std::string::npos || s.find("升格") != std::string::npos ||
              s.find("原为") != std::string::npos)
            continue;
          for (const std::string& n : names) {
            for (size_t q = s.find(n); q != std::string::npos && !states; q = s.find(n, q + 1)) {
              const std::string after = s.substr(q + n.size(), 9);
              const std::string before = s.substr(0, q);
              states = after.starts_with("（正") || after.starts_with("（副") ||
                       after.starts_with("是") || after.starts_with("为") ||
                       after.starts_with("（以下简称") || after.starts_with("（简称") ||
                       before.ends_with("组建") || before.ends_with("设立") ||
                       before.ends_with("成立") || before.ends_with("设置");
            }
          }
        }
        if (!states) continue;
        ++stated;
        bool ok = false;
        for (const Profile& p : facts_->at(doc).profiles) {
          if (p.institution.institution == inst["id"] && p.rank == v["rank"]) ok = true;
        }
        if (ok) ++got;
        else std::printf("  missed %s: %s %s\n", doc.c_str(), v["name"].get<std::string>().c_str(),
                         v["rank"].get<std::string>().c_str());
      }
    }
  }
  std::printf("stated ranks found: %d/%d\n", got, stated);
  EXPECT_GE(stated, 100);
  EXPECT_EQ(got, stated);
}

// Every 三定 regulation whose text cites 根据《…》（文号） has that 文号 as its basis, and those that cite
// none have none. Other documents may have one only when they say 根据 … that 文号.
TEST_F(ProfilesCorpusTest, BasisOfTheRegulations) {
  int cited = 0, got = 0, uncited = 0, others = 0;
  for (const auto& d : *docs_) {
    const std::string id = d.truth["id"];
    const DocumentFacts& f = facts_->at(id);
    if (d.truth["kind"] != "三定规定") {
      if (f.basis.empty()) continue;
      ++others;
      const std::string norm = DocText::FromText(d.text).norm();
      const size_t g = norm.find("根据");
      const size_t n = norm.find(f.basis.as_written, g == std::string::npos ? 0 : g);
      EXPECT_TRUE(g != std::string::npos && n != std::string::npos &&
                  norm.substr(g, n - g).find('\n') == std::string::npos)
          << id << ": " << f.basis.value;
      continue;
    }
    // The regulation is the text after the covering notice's page break.
    const DocText reg = DocText::FromText(d.text.substr(d.text.find('\f') + 1));
    const std::string& text = reg.norm();
    const size_t g = text.find("根据《");
    std::string expected;
    if (g != std::string::npos) {
      const size_t end = text.find('\n', g);
      size_t nb = 0, ne = 0;
      if (auto n = FindDocNumber(text.substr(g, end - g), &nb, &ne)) expected = n->Normalised();
    }
    if (expected.empty()) {
      ++uncited;
      EXPECT_TRUE(f.basis.empty()) << id << ": " << f.basis.value;
      continue;
    }
    ++cited;
    if (f.basis.value == expected) ++got;
    else std::printf("  basis %s: got \"%s\", expected %s\n", id.c_str(), f.basis.value.c_str(),
                     expected.c_str());
  }
  std::printf("regulations citing a decision: %d/%d found; citing none: %d; other documents with a "
              "basis: %d\n", got, cited, uncited, others);
  EXPECT_GE(cited, 20);
  EXPECT_EQ(got, cited);
}

}  // namespace
}  // namespace sanding::extract
