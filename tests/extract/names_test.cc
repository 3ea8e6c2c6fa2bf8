// Institution names: the authority (corpus form, round trip, errors), resolution of full, old,
// abbreviated, region-relative, traditional and OCR-damaged mentions against the sample corpus's
// institutions, the place of a document, and 文号 prefix correction.
#include "indexer/extract/names.h"

#include <gtest/gtest.h>
#include <opencc/opencc.h>

#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/extract/corpus_util.h"

namespace sanding::extract {
namespace {

using sanding::testing::LoadCorpusDocs;
using sanding::testing::LoadCorpusInstitutions;

std::shared_ptr<const Authority> CorpusAuthority(const nlohmann::json& j) {
  auto a = Authority::FromInstitutionsJson(j);
  EXPECT_TRUE(a.ok()) << a.status().message();
  return std::make_shared<const Authority>(std::move(a).value());
}

std::shared_ptr<const Authority> CorpusAuthority() {
  return CorpusAuthority(LoadCorpusInstitutions());
}

// The corpus institutions with every abbreviation removed: the resolver must then rely on the
// language's own ways of shortening names.
nlohmann::json WithoutAbbreviations(nlohmann::json j) {
  for (auto& e : j) {
    for (auto& v : e["versions"]) v["abbreviations"] = nlohmann::json::array();
  }
  return j;
}

// A date inside [from, to): from itself, or the day before `to` when from is open.
std::string DateInside(const nlohmann::json& version) {
  if (version["valid_from"].is_string()) return version["valid_from"].get<std::string>();
  return "1950-01-01";
}

// The version of an institution valid at `date` (the later one on a boundary), else the first.
const nlohmann::json& VersionAtDate(const nlohmann::json& inst, const std::string& date) {
  const nlohmann::json* best = &inst["versions"][0];
  for (const auto& v : inst["versions"]) {
    const std::string from = v["valid_from"].is_string() ? v["valid_from"].get<std::string>() : "";
    if (from <= date) best = &v;
  }
  return *best;
}

// ---- Authority -----------------------------------------------------------------------------

TEST(NamesAuthority, LoadsTheCorpusInstitutions) {
  auto a = CorpusAuthority();
  EXPECT_EQ(a->size(), 68u);
  const AuthorityEntry* jw = a->Find("qh-jw");
  ASSERT_NE(jw, nullptr);
  EXPECT_EQ(jw->level, "city");
  // Five versions under three names: versions that keep the name are one name.
  ASSERT_EQ(jw->names.size(), 3u);
  EXPECT_EQ(jw->names[0].name, "清河市计划委员会");
  EXPECT_EQ(jw->names[0].valid_to, "2002-06-18");
  EXPECT_EQ(jw->names[2].name, "清河市发展和改革委员会");
  EXPECT_EQ(jw->names[2].valid_from, "2010-01-26");
  EXPECT_EQ(jw->names[2].valid_to, "");
  EXPECT_EQ(jw->names[2].abbreviations, (std::vector<std::string>{"市发改委", "市发展改革委"}));
  EXPECT_EQ(a->Find("no-such-id"), nullptr);
}

TEST(NamesAuthority, ToJsonRoundTrips) {
  auto a = CorpusAuthority();
  const nlohmann::json once = a->ToJson();
  auto b = Authority::FromInstitutionsJson(once);
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->ToJson(), once);
  ASSERT_EQ(b->size(), a->size());
  for (size_t i = 0; i < a->size(); ++i) {
    const auto& x = a->entries()[i];
    const auto& y = b->entries()[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.level, y.level);
    ASSERT_EQ(x.names.size(), y.names.size());
    for (size_t k = 0; k < x.names.size(); ++k) {
      EXPECT_EQ(x.names[k].name, y.names[k].name);
      EXPECT_EQ(x.names[k].valid_from, y.names[k].valid_from);
      EXPECT_EQ(x.names[k].valid_to, y.names[k].valid_to);
      EXPECT_EQ(x.names[k].abbreviations, y.names[k].abbreviations);
    }
  }
  // Open ends are written as null, as in institutions.json.
  EXPECT_TRUE(once[0]["versions"][0]["valid_to"].is_null());
}

TEST(NamesAuthority, RejectsMalformedInput) {
  const char* bad[] = {
      R"({"id": "x"})",
      R"([{"versions": [{"name": "甲局"}]}])",
      R"([{"id": "a", "versions": [{"name": "甲局"}]}, {"id": "a", "versions": [{"name": "乙局"}]}])",
      R"([{"id": "a"}])",
      R"([{"id": "a", "versions": []}])",
      R"([{"id": "a", "versions": [{"valid_from": "2001-01-01"}]}])",
      R"([{"id": "a", "versions": [{"name": "甲局", "valid_from": "2001年1月"}]}])",
      R"([{"id": "a", "versions": [{"name": "甲局", "valid_from": "2005-01-01", "valid_to": "2001-01-01"}]}])",
      R"([{"id": "a", "versions": [{"name": "甲局", "abbreviations": "甲"}]}])",
  };
  for (const char* text : bad) {
    auto a = Authority::FromInstitutionsJson(nlohmann::json::parse(text));
    ASSERT_FALSE(a.ok()) << text;
    EXPECT_EQ(a.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(a.status().message().find("机构名录格式错误"), std::string::npos)
        << a.status().message();
  }
}

TEST(NamesAuthority, AddReplacesAnEntryOfTheSameId) {
  Authority a;
  a.Add({"x", "city", {{"甲市水利局", {"市水利局"}, "1990-01-01", ""}}});
  a.Add({"y", "city", {{"甲市林业局", {}, "1990-01-01", ""}}});
  a.Add({"x", "city", {{"甲市水务局", {}, "2001-01-01", ""}}});
  ASSERT_EQ(a.size(), 2u);
  ASSERT_NE(a.Find("x"), nullptr);
  EXPECT_EQ(a.Find("x")->names.at(0).name, "甲市水务局");
  EXPECT_EQ(a.Find("y")->names.at(0).name, "甲市林业局");
}

// ---- Resolution ----------------------------------------------------------------------------

class NamesResolver : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    institutions_ = new nlohmann::json(LoadCorpusInstitutions());
    resolver_ = new NameResolver(CorpusAuthority(*institutions_));
    bare_ = new NameResolver(CorpusAuthority(WithoutAbbreviations(*institutions_)));
  }
  static void TearDownTestSuite() {
    delete institutions_;
    delete resolver_;
    delete bare_;
  }
  static nlohmann::json* institutions_;
  static NameResolver* resolver_;  // the corpus institutions
  static NameResolver* bare_;      // the same without their abbreviations
};
nlohmann::json* NamesResolver::institutions_ = nullptr;
NameResolver* NamesResolver::resolver_ = nullptr;
NameResolver* NamesResolver::bare_ = nullptr;

TEST_F(NamesResolver, EveryNameAndAbbreviationResolvesInsideItsVersion) {
  int total = 0, ok = 0;
  std::vector<std::string> failures;
  for (const auto& inst : *institutions_) {
    const std::string id = inst["id"];
    for (const auto& v : inst["versions"]) {
      const std::string date = DateInside(v);
      const std::string region = NameResolver::RegionOf(v["name"].get<std::string>());
      std::vector<std::string> mentions = {v["name"]};
      for (const auto& ab : v["abbreviations"]) mentions.push_back(ab);
      for (const std::string& m : mentions) {
        const Resolution r = resolver_->Resolve(m, date, region);
        ++total;
        if (r.id == id) {
          ++ok;
        } else {
          failures.push_back(m + "@" + date + " -> " + r.id + " (" + r.method + ")");
        }
      }
    }
  }
  const double acc = static_cast<double>(ok) / total;
  std::printf("names and abbreviations: %d/%d resolved (%.3f)\n", ok, total, acc);
  for (const auto& f : failures) std::printf("  miss: %s\n", f.c_str());
  EXPECT_GE(acc, 0.99);
}

TEST_F(NamesResolver, FullNamesAreExactAtTheirDateAndHistoricalElsewhere) {
  Resolution r = resolver_->Resolve("清河市发展计划委员会", "2005-03-01", "清河市");
  EXPECT_EQ(r.id, "qh-jw");
  EXPECT_EQ(r.method, "exact");
  EXPECT_EQ(r.name, "清河市发展计划委员会");

  // An old name in a later document: the body, under its name at that date.
  r = resolver_->Resolve("清河市计划委员会", "2012-05-15", "清河市");
  EXPECT_EQ(r.id, "qh-jw");
  EXPECT_EQ(r.method, "historical");
  EXPECT_EQ(r.name, "清河市发展和改革委员会");

  // The renaming day belongs to both names.
  r = resolver_->Resolve("清河市计划委员会", "2002-06-18", "清河市");
  EXPECT_EQ(r.id, "qh-jw");
  EXPECT_EQ(r.method, "exact");
  r = resolver_->Resolve("清河市发展计划委员会", "2002-06-18", "清河市");
  EXPECT_EQ(r.method, "exact");
}

TEST_F(NamesResolver, SameNameTwoBodiesIsDecidedByDate) {
  Resolution r = resolver_->Resolve("清河市广播电视局", "", "");
  EXPECT_EQ(r.method, "ambiguous");
  EXPECT_TRUE(r.id.empty());
  EXPECT_EQ(r.candidates, (std::vector<std::string>{"qh-gdj1", "qh-gdj2"}));

  r = resolver_->Resolve("清河市广播电视局", "1995-06-01", "清河市");
  EXPECT_EQ(r.id, "qh-gdj1");
  EXPECT_EQ(r.method, "exact");
  r = resolver_->Resolve("清河市广播电视局", "2020-06-01", "清河市");
  EXPECT_EQ(r.id, "qh-gdj2");
  EXPECT_EQ(r.method, "exact");
  // Between the two lifetimes: the nearer one.
  r = resolver_->Resolve("清河市广播电视局", "2017-01-01", "清河市");
  EXPECT_EQ(r.id, "qh-gdj2");
  EXPECT_EQ(r.method, "historical");
  // The abbreviation too.
  r = resolver_->Resolve("市广电局", "", "清河市");
  EXPECT_EQ(r.method, "ambiguous");
  r = resolver_->Resolve("市广电局", "1990-01-01", "清河市");
  EXPECT_EQ(r.id, "qh-gdj1");
  EXPECT_EQ(r.method, "abbreviation");
}

TEST_F(NamesResolver, NamesWithoutPlaceAreCompletedWithTheRegion) {
  struct Case {
    const char* mention;
    const char* date;
    const char* region;
    const char* id;
    const char* name;
  };
  const Case cases[] = {
      {"市发展和改革委员会", "2015-01-01", "清河市", "qh-jw", "清河市发展和改革委员会"},
      {"市发改委", "2015-01-01", "清河市", "qh-jw", "清河市发展和改革委员会"},
      {"发改委", "2015-01-01", "清河市", "qh-jw", "清河市发展和改革委员会"},
      {"清河市发改委", "2015-01-01", "", "qh-jw", "清河市发展和改革委员会"},
      {"市计委", "1990-01-01", "清河市", "qh-jw", "清河市计划委员会"},
      {"县计委", "1990-01-01", "临川县", "lc-jw", "临川县计划委员会"},
      {"县计委", "1990-01-01", "清河市", "lc-jw", "临川县计划委员会"},
      {"县发改局", "2015-01-01", "临川县", "lc-jw", "临川县发展和改革局"},
      {"县市场监管局", "2020-01-01", "清河市", "lc-scjg", "临川县市场监督管理局"},
      {"市场监管局", "2020-01-01", "清河市", "qh-scjg", "清河市市场监督管理局"},
      {"市编办", "2000-01-01", "临川县", "qh-bb", "清河市机构编制委员会办公室"},
      {"县编办", "2000-01-01", "临川县", "lc-bb", "临川县编制委员会办公室"},
      {"市委编办", "2020-01-01", "清河市", "qh-bb", "中共清河市委机构编制委员会办公室"},
      {"市编办", "2020-01-01", "清河市", "qh-bb", "中共清河市委机构编制委员会办公室"},
      {"市卫生局", "1990-01-01", "清河市", "qh-wsj", "清河市卫生局"},
      {"卫生局", "1990-01-01", "清河市", "qh-wsj", "清河市卫生局"},
      {"原市卫生局", "2010-01-01", "清河市", "qh-wsj", "清河市卫生局"},
      {"市委组织部", "2000-01-01", "清河市", "qh-zzb", "中共清河市委组织部"},
      {"临川工商分局", "2005-01-01", "临川县", "lc-gsj", "清河市工商行政管理局临川分局"},
  };
  for (const Case& c : cases) {
    const Resolution r = resolver_->Resolve(c.mention, c.date, c.region);
    EXPECT_EQ(r.id, c.id) << c.mention << " in " << c.region << " (" << r.method << ")";
    EXPECT_EQ(r.name, c.name) << c.mention;
    EXPECT_EQ(r.method, "abbreviation") << c.mention;
  }
  // A place not the document's and not known: nothing.
  EXPECT_EQ(resolver_->Resolve("江北省发展和改革委员会", "2015-01-01", "清河市").method, "unknown");
  EXPECT_EQ(resolver_->Resolve("县卫生局", "1990-01-01", "临川县").method, "unknown");
}

TEST_F(NamesResolver, AbbreviationsAreDerivedWhenTheAuthorityListsNone) {
  struct Case {
    const char* mention;
    const char* date;
    const char* region;
    const char* id;
  };
  const Case cases[] = {
      {"市发改委", "2015-01-01", "清河市", "qh-jw"},
      {"市发展改革委", "2015-01-01", "清河市", "qh-jw"},
      {"市发展改革委员会", "2015-01-01", "清河市", "qh-jw"},
      {"市计委", "1990-01-01", "清河市", "qh-jw"},
      {"市卫健委", "2020-01-01", "清河市", "qh-wjw"},
      {"市卫计委", "2016-01-01", "清河市", "qh-wjw"},
      {"市卫生计生委", "2016-01-01", "清河市", "qh-wjw"},
      {"市人口计生委", "2005-01-01", "清河市", "qh-jsw"},
      {"市计生委", "1990-01-01", "清河市", "qh-jsw"},
      {"市场监管局", "2020-01-01", "清河市", "qh-scjg"},
      {"市市场监管局", "2020-01-01", "清河市", "qh-scjg"},
      {"市食药监局", "2012-01-01", "清河市", "qh-yjj"},
      {"市人社局", "2015-01-01", "清河市", "qh-rsbj"},
      {"市住建局", "2015-01-01", "清河市", "qh-zjj"},
      {"市住建委", "2012-01-01", "清河市", "qh-cjw"},
      {"市编办", "2000-01-01", "清河市", "qh-bb"},
      {"市编委办", "2000-01-01", "清河市", "qh-bb"},
      {"市委编办", "2020-01-01", "清河市", "qh-bb"},
      {"市工商局", "2000-01-01", "清河市", "qh-gsj"},
      {"市质监局", "2005-01-01", "清河市", "qh-bzjl"},
      {"市安监局", "2005-01-01", "清河市", "qh-ajj"},
      {"市文广新局", "2015-01-01", "清河市", "qh-wgx"},
      {"市文旅局", "2020-01-01", "清河市", "qh-wlj"},
      {"市环保局", "2000-01-01", "清河市", "qh-hbj"},
      {"市医保局", "2020-01-01", "清河市", "qh-ybj"},
      {"市应急局", "2020-01-01", "清河市", "qh-yjglj"},
      {"市经贸委", "2005-01-01", "清河市", "qh-jwh"},
      {"市体改委", "1990-01-01", "清河市", "qh-tgw"},
      {"市工信委", "2015-01-01", "清河市", "qh-gxw"},
      {"市信访办", "1990-01-01", "清河市", "qh-xfj"},
      {"市政府办", "1990-01-01", "清河市", "qh-zfb"},
      {"市爱卫会", "1990-01-01", "清河市", "qh-aiwei"},
      {"市防指", "1990-01-01", "清河市", "qh-fxkh"},
      {"市退役军人局", "2020-01-01", "清河市", "qh-tyjr"},
      {"县市场监管局", "2020-01-01", "临川县", "lc-scjg"},
      {"县食药监局", "2012-01-01", "临川县", "lc-yjj"},
      {"县计委", "1990-01-01", "临川县", "lc-jw"},
      {"国家发改委", "2010-01-01", "", "ng-jw"},
      {"国家计委", "1990-01-01", "", "ng-jw"},
      {"国家卫计委", "2015-01-01", "", "ng-wjw"},
      {"市场监管总局", "2019-01-01", "", "ng-scjg"},
      {"工商总局", "2010-01-01", "", "ng-gsj"},
      {"质检总局", "2010-01-01", "", "ng-zjzj"},
  };
  int ok = 0;
  for (const Case& c : cases) {
    const Resolution r = bare_->Resolve(c.mention, c.date, c.region);
    EXPECT_EQ(r.id, c.id) << c.mention << " (" << r.method << ")";
    ok += r.id == c.id;
  }
  std::printf("derived abbreviations: %d/%zu\n", ok, std::size(cases));
}

TEST_F(NamesResolver, TraditionalFormsResolve) {
  opencc::SimpleConverter s2t("/usr/share/opencc/s2t.json");
  int total = 0, ok = 0;
  for (const auto& inst : *institutions_) {
    for (const auto& v : inst["versions"]) {
      const std::string name = v["name"];
      const std::string trad = s2t.Convert(name);
      if (trad == name) continue;
      ++total;
      const Resolution r = resolver_->Resolve(trad, DateInside(v), NameResolver::RegionOf(trad));
      if (r.id == inst["id"] && r.method == "traditional") {
        ++ok;
      } else {
        ADD_FAILURE() << trad << " -> " << r.id << " (" << r.method << ")";
      }
    }
  }
  std::printf("traditional names: %d/%d\n", ok, total);
  EXPECT_GT(total, 50);
  const Resolution r = resolver_->Resolve("市編辦", "1999-04-22", "清河市");
  EXPECT_EQ(r.id, "qh-bb");
  EXPECT_EQ(r.method, "traditional");
}

TEST_F(NamesResolver, NationalBodiesAreKnownBeyondTheAuthority) {
  Resolution r = resolver_->Resolve("国务院", "2008-07-10", "");
  EXPECT_EQ(r.id, "cn:国务院");
  EXPECT_EQ(r.method, "exact");
  r = resolver_->Resolve("全国人大常委会", "2010-01-01", "");
  EXPECT_EQ(r.id, "cn:全国人民代表大会常务委员会");
  r = resolver_->Resolve("中华人民共和国民政部", "2010-01-01", "");
  EXPECT_EQ(r.id, "cn:民政部");
  r = resolver_->Resolve("人力资源社会保障部", "2010-01-01", "清河市");
  EXPECT_EQ(r.id, "cn:人力资源和社会保障部");
  // The authority's own entry wins over the built-in list, and gains its older names.
  r = resolver_->Resolve("国家发展和改革委员会", "2010-01-01", "");
  EXPECT_EQ(r.id, "ng-jw");
  r = resolver_->Resolve("中华人民共和国卫生部", "2000-01-01", "");
  EXPECT_EQ(r.id, "ng-wsb");
  r = resolver_->Resolve("卫生部", "2000-01-01", "清河市");
  EXPECT_EQ(r.id, "ng-wsb");
  r = resolver_->Resolve("国家工商行政管理局", "1995-01-01", "");
  EXPECT_EQ(r.id, "ng-gsj");
  // Same name, two bodies: 国家药品监督管理局 (1998-2003) and the one of 2018.
  r = resolver_->Resolve("国家药品监督管理局", "2000-01-01", "");
  EXPECT_EQ(r.id, "ng-sypj");
  r = resolver_->Resolve("国家药品监督管理局", "2020-01-01", "");
  EXPECT_EQ(r.id, "cn:国家药品监督管理局");

  NameResolver local_only(CorpusAuthority(*institutions_), ResolverOptions{true, false});
  EXPECT_EQ(local_only.Resolve("国务院", "2008-07-10", "").method, "unknown");
  EXPECT_EQ(local_only.Resolve("国家发展和改革委员会", "2010-01-01", "").id, "ng-jw");
}

TEST_F(NamesResolver, OcrDamageIsCorrectedWithinLimits) {
  Resolution r = resolver_->Resolve("清河市物价屆", "1995-01-01", "清河市");
  EXPECT_EQ(r.id, "qh-wjj");
  EXPECT_EQ(r.method, "ocr_corrected");
  EXPECT_EQ(r.corrected, "清河市物价局");
  EXPECT_EQ(r.candidates, (std::vector<std::string>{"qh-wjj"}));

  r = resolver_->Resolve("习务院", "2008-07-10", "");
  EXPECT_EQ(r.id, "cn:国务院");
  EXPECT_EQ(r.method, "ocr_corrected");
  EXPECT_EQ(r.corrected, "国务院");

  r = resolver_->Resolve("市发改季", "2015-01-01", "清河市");
  EXPECT_EQ(r.id, "qh-jw");
  EXPECT_EQ(r.method, "ocr_corrected");

  r = resolver_->Resolve("清河市机构编制委员全办公室", "2000-01-01", "清河市");
  EXPECT_EQ(r.id, "qh-bb");
  EXPECT_EQ(r.method, "ocr_corrected");

  // Not a misreading: another kind of body (局 -> 委), a body the archive does not hold, a
  // different place, or too much changed.
  EXPECT_EQ(resolver_->Resolve("清河市物价委", "1995-01-01", "清河市").method, "unknown");
  EXPECT_EQ(resolver_->Resolve("清河市公安局", "1995-01-01", "清河市").method, "unknown");
  EXPECT_EQ(resolver_->Resolve("市公安局", "1995-01-01", "清河市").method, "unknown");
  // A damaged place is repaired only to the document's own region.
  EXPECT_EQ(resolver_->Resolve("冰河市物价局", "1995-01-01", "").method, "unknown");
  EXPECT_EQ(resolver_->Resolve("冰河市物价局", "1995-01-01", "临川县").method, "unknown");
  r = resolver_->Resolve("冰河市物价局", "1995-01-01", "清河市");
  EXPECT_EQ(r.id, "qh-wjj");
  EXPECT_EQ(r.method, "ocr_corrected");
  EXPECT_EQ(resolver_->Resolve("临咱县计划委员会", "1990-04-24", "临川县").id, "lc-jw");
  EXPECT_EQ(resolver_->Resolve("清河市物价检查所", "1995-01-01", "清河市").method, "unknown");
  EXPECT_EQ(resolver_->Resolve("习务阮", "2008-07-10", "").method, "unknown");

  NameResolver strict(CorpusAuthority(*institutions_), ResolverOptions{false, true});
  EXPECT_EQ(strict.Resolve("清河市物价屆", "1995-01-01", "清河市").method, "unknown");
}

// Real Tesseract chi_sim confusions (printed -> read), collected by aligning the OCR of the
// sample corpus's simulated scans with the clean texts.
const std::multimap<std::string, std::string>& Confusions() {
  static const std::multimap<std::string, std::string> kPairs = {
      {"人", "大"}, {"人", "皇"}, {"制", "抽"}, {"制", "负"}, {"川", "咱"}, {"川", "镍"},
      {"编", "纺"}, {"局", "司"}, {"配", "本"}, {"委", "和"}, {"政", "故"}, {"政", "族"},
      {"政", "收"}, {"会", "全"}, {"办", "力"}, {"办", "苏"}, {"办", "囚"}, {"构", "梅"},
      {"构", "档"}, {"构", "从"}, {"县", "乒"}, {"旅", "放"}, {"旅", "交"}, {"卫", "了"},
      {"职", "蚌"}, {"土", "士"}, {"护", "搞"}, {"利", "和"}, {"合", "人"}, {"名", "各"},
      {"科", "和"}, {"经", "好"}, {"常", "党"}, {"担", "提"}, {"籍", "因"}, {"违", "韦"},
      {"副", "剧"}, {"规", "夫"}, {"具", "其"}, {"产", "头"}, {"问", "闻"}, {"室", "宣"},
      {"归", "中"}, {"通", "过"}, {"照", "焉"}, {"衔", "衡"}, {"偿", "傍"}, {"恤", "亿"},
  };
  return kPairs;
}

std::vector<std::string> Chars(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// `name` with one character (after its place, never the place itself) misread as a confusable
// one, chosen deterministically from `seed`; "" when no character of it has a known confusion.
std::string Misread(const std::string& name, const std::string& seed) {
  std::vector<std::string> cs = Chars(name);
  size_t start = 0;
  if (name.rfind("中共", 0) == 0) start = 2;
  const std::string place = NameResolver::RegionOf(name);
  if (!place.empty()) start += Chars(place).size();
  std::vector<std::pair<size_t, std::string>> options;
  for (size_t i = start; i < cs.size(); ++i) {
    auto [b, e] = Confusions().equal_range(cs[i]);
    for (auto it = b; it != e; ++it) options.emplace_back(i, it->second);
  }
  if (options.empty()) return "";
  const auto& [pos, read] = options[std::hash<std::string>{}(seed) % options.size()];
  cs[pos] = read;
  std::string out;
  for (const auto& c : cs) out += c;
  return out;
}

TEST_F(NamesResolver, OcrCorrectionGainOnCorpusMentions) {
  ASSERT_GE(Confusions().size(), 20u);
  std::map<std::string, const nlohmann::json*> by_id;
  for (const auto& inst : *institutions_) by_id[inst["id"]] = &inst;
  NameResolver without(CorpusAuthority(*institutions_), ResolverOptions{false, true});
  struct Tally {
    int total = 0, clean = 0, with = 0, without = 0;
  } full, abbreviated;
  for (const auto& doc : LoadCorpusDocs()) {
    const std::string date = doc.truth["date"];
    const std::string region = NameResolver::RegionOf(doc.truth["issuer"].get<std::string>());
    std::vector<std::string> ids;
    for (const auto& s : doc.truth["subjects"]) ids.push_back(s);
    for (const auto& ev : doc.truth["events"]) {
      for (const char* side : {"from", "to"}) {
        if (!ev.contains(side)) continue;
        if (ev[side].is_string()) ids.push_back(ev[side]);
        if (ev[side].is_array()) {
          for (const auto& x : ev[side]) ids.push_back(x);
        }
      }
    }
    for (const std::string& id : ids) {
      auto it = by_id.find(id);
      ASSERT_NE(it, by_id.end()) << id;
      // The full name at the date and its abbreviations, as a document would print them.
      const nlohmann::json& version = VersionAtDate(*it->second, date);
      std::vector<std::string> printed = {version["name"]};
      for (const auto& ab : version["abbreviations"]) printed.push_back(ab);
      for (size_t k = 0; k < printed.size(); ++k) {
        const std::string& name = printed[k];
        const std::string noisy = Misread(name, doc.truth["id"].get<std::string>() + id + name);
        if (noisy.empty()) continue;
        Tally& t = k == 0 ? full : abbreviated;
        ++t.total;
        t.clean += resolver_->Resolve(name, date, region).id == id;
        const Resolution w = resolver_->Resolve(noisy, date, region);
        t.with += w.id == id;
        t.without += without.Resolve(noisy, date, region).id == id;
        if (w.id != id) {
          std::printf("  miss: %s (%s) -> %s %s\n", noisy.c_str(), id.c_str(), w.id.c_str(),
                      w.method.c_str());
        }
      }
    }
  }
  auto rate = [](int n, int d) { return d == 0 ? 0.0 : static_cast<double>(n) / d; };
  for (const auto& [label, t] : {std::pair<const char*, const Tally&>{"full names", full},
                                 std::pair<const char*, const Tally&>{"abbreviations", abbreviated}}) {
    std::printf("OCR-damaged %s: %d; resolved clean %.3f, damaged without correction %.3f, with "
                "correction %.3f\n",
                label, t.total, rate(t.clean, t.total), rate(t.without, t.total),
                rate(t.with, t.total));
  }
  ASSERT_GT(full.total, 100);
  ASSERT_GT(abbreviated.total, 50);
  EXPECT_GE(rate(full.clean, full.total), 0.99);
  EXPECT_GE(rate(abbreviated.clean, abbreviated.total), 0.99);
  EXPECT_GE(rate(full.with, full.total), rate(full.without, full.total) + 0.5);
  EXPECT_GE(rate(full.with, full.total), 0.9);
  // Short forms leave less to correct from (市计委: a damaged 计 or 委 leaves one character).
  EXPECT_GE(rate(abbreviated.with, abbreviated.total),
            rate(abbreviated.without, abbreviated.total) + 0.5);
  EXPECT_GE(rate(abbreviated.with, abbreviated.total), 0.85);
}

TEST_F(NamesResolver, CorrectionLeavesCleanTextAlone) {
  // Phrases next to names and internal units are not damaged names.
  for (const char* phrase : {"为国务院", "市政府交办", "经市委", "国卫生部", "计划股", "办公室",
                             "综合科", "政策法规科", "人事教育科"}) {
    const Resolution r = resolver_->Resolve(phrase, "2000-01-01", "清河市");
    EXPECT_NE(r.method, "ocr_corrected") << phrase << " -> " << r.corrected;
  }
  // Every phrase of the clean corpus that ends like a body's name (…局, …委员会, …办公室, …科),
  // after a punctuation mark or function word: none is taken for a misread name.
  const std::vector<std::string> ends = {"局", "委员会", "办公室", "委", "办", "部", "院",
                                         "厅", "中心", "科", "室", "股", "所"};
  const std::string boundaries = "，。、；：的和与及将由把“（《》";
  std::set<std::pair<std::string, std::string>> seen;
  int checked = 0;
  std::vector<std::string> corrected;
  for (const auto& doc : LoadCorpusDocs()) {
    const std::string region = NameResolver::RegionOf(doc.truth["issuer"].get<std::string>());
    std::vector<std::string> cs;
    for (const std::string& c : Chars(doc.text)) {
      if (c != " " && c != "\n" && c != "\f" && c != "\r" && c != "\u3000") cs.push_back(c);
    }
    for (size_t i = 1; i < cs.size(); ++i) {
      if (boundaries.find(cs[i - 1]) == std::string::npos) continue;
      std::string frag;
      for (size_t j = i; j < cs.size() && j < i + 14; ++j) {
        if (boundaries.find(cs[j]) != std::string::npos) break;
        frag += cs[j];
        bool ends_like_name = false;
        for (const auto& e : ends) {
          ends_like_name |= frag.size() > e.size() && frag.compare(frag.size() - e.size(), e.size(), e) == 0;
        }
        if (!ends_like_name || !seen.insert({frag, region}).second) continue;
        ++checked;
        const Resolution r = resolver_->Resolve(frag, doc.truth["date"].get<std::string>(), region);
        if (r.method == "ocr_corrected") corrected.push_back(frag + " -> " + r.corrected);
      }
    }
  }
  std::printf("clean phrases checked: %d, taken for misread names: %zu\n", checked,
              corrected.size());
  for (const auto& c : corrected) std::printf("  %s\n", c.c_str());
  EXPECT_GT(checked, 500);
  EXPECT_LE(corrected.size(), static_cast<size_t>(checked / 500));
}

// ---- Region ----------------------------------------------------------------------------------

TEST(NamesRegion, LeadingPlaceOfIssuerOrTitle) {
  EXPECT_EQ(NameResolver::RegionOf("清河市人民政府办公室"), "清河市");
  EXPECT_EQ(NameResolver::RegionOf("中共清河市委"), "清河市");
  EXPECT_EQ(NameResolver::RegionOf("中共清河市委机构编制委员会"), "清河市");
  EXPECT_EQ(NameResolver::RegionOf("临川县机构编制委员会"), "临川县");
  EXPECT_EQ(NameResolver::RegionOf("江北省机构编制委员会办公室"), "江北省");
  EXPECT_EQ(NameResolver::RegionOf("内蒙古自治区人民政府"), "内蒙古自治区");
  EXPECT_EQ(NameResolver::RegionOf("延边朝鲜族自治州编办"), "延边朝鲜族自治州");
  EXPECT_EQ(NameResolver::RegionOf("阿拉善盟行政公署"), "阿拉善盟");
  EXPECT_EQ(NameResolver::RegionOf("沛县人民政府"), "沛县");
  EXPECT_EQ(NameResolver::RegionOf("清河市人民政府关于调整机构的通知"), "清河市");
  EXPECT_EQ(NameResolver::RegionOf("关于印发《清河市卫生局职能配置、内设机构和人员编制方案》的通知"),
            "清河市");
  EXPECT_EQ(NameResolver::RegionOf("清河市編制委員會"), "清河市");
  EXPECT_EQ(NameResolver::RegionOf("国务院"), "");
  EXPECT_EQ(NameResolver::RegionOf("国务院办公厅"), "");
  EXPECT_EQ(NameResolver::RegionOf("全国人民代表大会"), "");
  EXPECT_EQ(NameResolver::RegionOf("中共中央办公厅"), "");
  EXPECT_EQ(NameResolver::RegionOf("第十届全国人民代表大会第一次会议"), "");
  EXPECT_EQ(NameResolver::RegionOf("机构编制委员会"), "");
  EXPECT_EQ(NameResolver::RegionOf("城市管理局"), "");
  EXPECT_EQ(NameResolver::RegionOf(""), "");
}

TEST(NamesRegion, EveryCorpusIssuerHasItsPlace) {
  int checked = 0;
  for (const auto& doc : LoadCorpusDocs()) {
    const std::string issuer = doc.truth["issuer"];
    const std::string region = NameResolver::RegionOf(issuer);
    const std::string id = doc.truth["subjects"].empty() ? "" : doc.truth["subjects"][0];
    if (id.rfind("qh-", 0) == 0 || id.rfind("lc-", 0) == 0) {
      EXPECT_TRUE(region == "清河市" || region == "临川县") << issuer;
    } else if (id.rfind("ng-", 0) == 0) {
      EXPECT_EQ(region, "") << issuer;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 189);
}

// ---- 文号 prefixes and edit distance -------------------------------------------------------

TEST(NamesDocNumberPrefixes, CorrectsRareNearMissesOfFrequentPrefixes) {
  DocNumberPrefixes p;
  for (int i = 0; i < 5; ++i) p.Add("清编");
  for (int i = 0; i < 3; ++i) p.Add("国办发");
  for (int i = 0; i < 2; ++i) p.Add("清政发");
  p.Add("清偏");
  p.Add("国办友");
  p.Add("清政办发");
  bool changed = false;
  EXPECT_EQ(p.Correct("清偏", &changed), "清编");
  EXPECT_TRUE(changed);
  EXPECT_EQ(p.Correct("国办友", &changed), "国办发");
  EXPECT_TRUE(changed);
  // Never seen before counts as rare too.
  EXPECT_EQ(p.Correct("国亦发", &changed), "国办发");
  // Frequent prefixes, other lengths, and near misses of rare prefixes stay.
  EXPECT_EQ(p.Correct("清编", &changed), "清编");
  EXPECT_FALSE(changed);
  EXPECT_EQ(p.Correct("清政办发", &changed), "清政办发");
  EXPECT_FALSE(changed);
  EXPECT_EQ(p.Correct("清政友", &changed), "清政友");  // 清政发 seen only twice
  EXPECT_FALSE(changed);
  EXPECT_EQ(p.Correct("清编发", &changed), "清编发");  // one more character, but at the end
  EXPECT_FALSE(changed);
  // A stray character OCR ran in front of a frequent prefix.
  EXPECT_EQ(p.Correct("四清编", &changed), "清编");
  EXPECT_TRUE(changed);
  p.Add("清政");
  p.Add("清政");
  EXPECT_EQ(p.Correct("清政"), "清政");  // seen twice: a prefix of its own
}

TEST(NamesDocNumberPrefixes, TieBetweenFrequentPrefixesIsNotCorrected) {
  DocNumberPrefixes p;
  for (int i = 0; i < 4; ++i) p.Add("江编");
  for (int i = 0; i < 4; ++i) p.Add("清编");
  bool changed = true;
  EXPECT_EQ(p.Correct("X编", &changed), "X编");
  EXPECT_FALSE(changed);
}

TEST(NamesEditDistance, CountsCodePoints) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("国务院", "国务院"), 0);
  EXPECT_EQ(EditDistance("习务院", "国务院"), 1);
  EXPECT_EQ(EditDistance("清河市物价局", "清河市物价"), 1);
  EXPECT_EQ(EditDistance("国办发", "办发国"), 2);
  EXPECT_EQ(EditDistance("abc", ""), 3);
  EXPECT_EQ(EditDistance("清编", "清编〔"), 1);
}

}  // namespace
}  // namespace sanding::extract
