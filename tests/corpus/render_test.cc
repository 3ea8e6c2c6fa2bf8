#include "tools/corpus/render.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "tests/corpus/corpus_test_util.h"

namespace sanding::corpus {
namespace {

namespace fs = std::filesystem;
using testing::CorpusDir;
using testing::ReadFile;
using testing::SpecDir;
using testing::TempDir;

std::set<std::string> FilesUnder(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.insert(fs::relative(e.path(), dir).string());
  }
  return out;
}

// The committed corpus is exactly what `sanding-corpus write` produces from the committed spec.
TEST(RenderTest, CommittedCorpusIsReproducibleByteForByte) {
  auto spec = LoadSpec(SpecDir());
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  auto archive = RenderArchive(*spec, RenderOptions{});
  ASSERT_TRUE(archive.ok()) << archive.status().message();
  TempDir tmp;
  ASSERT_TRUE(WriteArchive(*archive, tmp.str()).ok());
  for (const char* sub : {"docs", "truth"}) {
    const fs::path committed = fs::path(CorpusDir()) / sub;
    const fs::path fresh = tmp.path() / sub;
    const auto want = FilesUnder(committed);
    const auto got = FilesUnder(fresh);
    ASSERT_EQ(want, got) << "corpus/" << sub
                         << " 的文件集合与重新生成的不同；请运行 sanding-corpus write 并提交结果";
    for (const auto& f : want) {
      EXPECT_EQ(ReadFile(committed / f), ReadFile(fresh / f))
          << "corpus/" << sub << "/" << f << " 与重新生成的不同";
    }
  }
}

TEST(RenderTest, SameSeedSameTextOtherSeedOtherWording) {
  auto spec = LoadSpec(SpecDir());
  ASSERT_TRUE(spec.ok());
  RenderOptions a, b;
  b.seed = a.seed + 1;
  auto first = RenderArchive(*spec, a);
  auto again = RenderArchive(*spec, a);
  auto other = RenderArchive(*spec, b);
  ASSERT_TRUE(first.ok() && again.ok() && other.ok());
  ASSERT_EQ(first->docs.size(), other->docs.size());
  std::map<std::string, std::string> other_text;
  for (const auto& d : other->docs) other_text[d.id] = d.text;
  size_t differing = 0, sanding = 0;
  for (size_t i = 0; i < first->docs.size(); ++i) {
    const auto& d = first->docs[i];
    EXPECT_EQ(d.text, again->docs[i].text);
    if (d.truth["kind"] != "三定规定") continue;  // seal notices' dates are drawn from the seed
    ++sanding;
    ASSERT_TRUE(other_text.contains(d.id)) << d.id;  // 三定 ids depend on dates, not on the seed
    differing += d.text != other_text[d.id];
  }
  EXPECT_GT(differing, sanding / 2);
}

TEST(RenderTest, ThreeFormsOfSandingByPeriod) {
  auto spec = LoadSpec(SpecDir());
  ASSERT_TRUE(spec.ok());
  auto archive = RenderArchive(*spec, RenderOptions{});
  ASSERT_TRUE(archive.ok());
  int old_form = 0, form_2008 = 0, form_2018 = 0;
  for (const auto& d : archive->docs) {
    if (d.truth["kind"] != "三定规定") continue;
    const std::string title = d.truth["title"].get<std::string>();
    const std::string date = d.truth["date"].get<std::string>();
    if (date < "2008") {
      EXPECT_NE(title.find("方案》"), std::string::npos) << title;
      ++old_form;
    } else if (date < "2018") {
      EXPECT_NE(title.find("主要职责内设机构和人员编制规定》"), std::string::npos) << title;
      ++form_2008;
    } else {
      EXPECT_NE(title.find("职能配置、内设机构和人员编制规定》"), std::string::npos) << title;
      EXPECT_NE(d.text.find("第一条"), std::string::npos);
      ++form_2018;
    }
    // The regulation follows its covering notice on a new page.
    EXPECT_NE(d.text.find('\f'), std::string::npos);
    EXPECT_NE(title.find("关于印发《"), std::string::npos);
  }
  EXPECT_GT(old_form, 0);
  EXPECT_GT(form_2008, 0);
  EXPECT_GT(form_2018, 0);
}

TEST(RenderTest, TraditionalDocumentIsConvertedWithItsTruth) {
  auto spec = LoadSpec(SpecDir());
  ASSERT_TRUE(spec.ok());
  auto archive = RenderArchive(*spec, RenderOptions{});
  ASSERT_TRUE(archive.ok());
  int traditional = 0;
  for (const auto& d : archive->docs) {
    if (d.truth["script"] != "traditional") continue;
    ++traditional;
    EXPECT_NE(d.text.find("編制"), std::string::npos);
    EXPECT_EQ(d.text.find("编制"), std::string::npos);
    EXPECT_NE(d.truth["issuer"].get<std::string>().find("機構"), std::string::npos);
    EXPECT_NE(d.text.find(d.truth["title"].get<std::string>()), std::string::npos);
    EXPECT_EQ(d.truth["doc_number"].get<std::string>().find("編"),
              std::string::npos);  // normalised stays simplified
  }
  EXPECT_EQ(traditional, 1);
}

TEST(RenderTest, EventsLandInLineageWithTheirSource) {
  auto spec = LoadSpec(SpecDir());
  ASSERT_TRUE(spec.ok());
  auto archive = RenderArchive(*spec, RenderOptions{});
  ASSERT_TRUE(archive.ok());
  size_t events_in_docs = 0;
  for (const auto& d : archive->docs) events_in_docs += d.truth["events"].size();
  size_t events_in_spec = 0;
  for (const auto& d : spec->documents) events_in_spec += d.events.size();
  EXPECT_EQ(events_in_docs, events_in_spec);
  EXPECT_EQ(archive->lineage.size(), events_in_spec);
}

TEST(RenderTest, ChineseNumbersAndDates) {
  EXPECT_EQ(ChineseNumber(1), "一");
  EXPECT_EQ(ChineseNumber(10), "十");
  EXPECT_EQ(ChineseNumber(14), "十四");
  EXPECT_EQ(ChineseNumber(20), "二十");
  EXPECT_EQ(ChineseNumber(31), "三十一");
  EXPECT_EQ(ChineseDate("2019-01-28", "〇"), "二〇一九年一月二十八日");
  EXPECT_EQ(ChineseDate("2008-07-10", "〇"), "二〇〇八年七月十日");
  EXPECT_EQ(ChineseDate("2008-07-10", "零"), "二零零八年七月十日");
  EXPECT_EQ(ChineseDate("1990-12-30", "O"), "一九九O年十二月三十日");
  EXPECT_EQ(ArabicDate("2019-01-08"), "2019年1月8日");
}

TEST(RenderTest, NormalizesDocNumbers) {
  EXPECT_EQ(NormalizeDocNumber("清编[1996]31号"), "清编〔1996〕31号");
  EXPECT_EQ(NormalizeDocNumber("清编办【2005】7号"), "清编办〔2005〕7号");
  EXPECT_EQ(NormalizeDocNumber("清编(1986)031号"), "清编〔1986〕31号");
  EXPECT_EQ(NormalizeDocNumber("国办发〔2008〕60号"), "国办发〔2008〕60号");
  EXPECT_EQ(NormalizeDocNumber("清编〔1990〕100号"), "清编〔1990〕100号");
  EXPECT_EQ(NormalizeDocNumber(""), "");
}

TEST(RenderTest, PeriodsFollowTheReformYears) {
  EXPECT_EQ(PeriodOf("1983-10-20"), "1983-1995");
  EXPECT_EQ(PeriodOf("1995-12-31"), "1983-1995");
  EXPECT_EQ(PeriodOf("1996-01-01"), "1996-2007");
  EXPECT_EQ(PeriodOf("2008-01-01"), "2008-2017");
  EXPECT_EQ(PeriodOf("2018-01-01"), "2018-2023");
}

}  // namespace
}  // namespace sanding::corpus
