#include "tests/util/store_util.h"
#include "query/search.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "store/text.h"

namespace sanding::query {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sanding-query-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    store_ = Store::NewInMemory();
    auto index = indexer::Index::Open(dir_ + "/index");
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(index).value();
  }
  void TearDown() override {
    index_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Stores a complete file seen at every source in `sources`; returns its sha256.
  std::string AddFile(const std::string& name, const std::string& title,
                      const std::vector<std::string>& pages,
                      const std::vector<SourceRef>& sources) {
    return sanding::testing::AddCompleteFile(*store_, name, title, pages, sources, "pdf",
                                             TextMethod::kTextLayer);
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<indexer::Index> index_;
};

TEST_F(SearchTest, JsonFollowsTheSchema) {
  const SourceRef plain{"/scans/a.pdf", ""};
  const SourceRef member{"/scans/batch.zip", "2016/a.pdf"};
  const std::string a =
      AddFile("a.pdf", "某局主要职责内设机构和人员编制规定",
              {"封面", "三、内设机构 <b>&\"人员编制\" 共12名", "附则"}, {plain, member});
  AddFile("b.pdf", "无关文件", {"没有相关内容"}, {SourceRef{"/scans/b.pdf", ""}});
  ASSERT_TRUE(index_->Sync(*store_).ok());

  auto r = SearchJson(*index_, *store_, "人员编制", SearchOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const nlohmann::json& j = *r;
  EXPECT_EQ(j.at("query"), "人员编制");
  EXPECT_EQ(j.at("total"), 1);
  EXPECT_EQ(j.at("offset"), 0);
  EXPECT_EQ(j.at("limit"), 10);
  ASSERT_TRUE(j.at("hits").is_array());
  ASSERT_EQ(j.at("hits").size(), 1u);
  const nlohmann::json& h = j.at("hits")[0];
  EXPECT_EQ(h.at("sha256"), a);
  EXPECT_EQ(h.at("title"), "某局主要职责内设机构和人员编制规定");
  EXPECT_EQ(h.at("name"), "a.pdf");
  EXPECT_EQ(h.at("format"), "pdf");
  EXPECT_EQ(h.at("page_count"), 3);
  EXPECT_TRUE(h.at("score").is_number());
  EXPECT_GT(h.at("score").get<double>(), 0);
  EXPECT_EQ(h.at("page"), 2);
  EXPECT_EQ(h.at("matching_pages"), nlohmann::json::array({2}));
  EXPECT_EQ(h.at("snippet"), "三、内设机构 &lt;b&gt;&amp;&quot;<mark>人员编制</mark>&quot; 共12名");
  EXPECT_EQ(h.at("sources"), nlohmann::json::array({plain.Display(), member.Display()}));
  // Facts (none extracted here) and facets.
  EXPECT_EQ(h.at("doc_number"), "");
  EXPECT_EQ(h.at("kind"), "");
  EXPECT_EQ(h.at("date"), "");
  EXPECT_EQ(h.at("institutions"), nlohmann::json::array());
  EXPECT_EQ(h.at("internal"), false);
  EXPECT_EQ(j.at("sort"), "relevance");
  for (const char* facet : {"year", "kind", "issuer", "institution"}) {
    EXPECT_TRUE(j.at("facets").at(facet).is_array()) << facet;
  }
  // The JSON is serialisable (valid UTF-8 throughout).
  EXPECT_NO_THROW((void)j.dump());
}

TEST_F(SearchTest, JsonPagingAndEmptyResult) {
  for (int i = 0; i < 3; ++i) {
    AddFile("f" + std::to_string(i) + ".pdf", "文件", {"职责划转 " + std::to_string(i)},
            {SourceRef{"/scans/f" + std::to_string(i) + ".pdf", ""}});
  }
  ASSERT_TRUE(index_->Sync(*store_).ok());
  auto r = SearchJson(*index_, *store_, "职责划转", SearchOptions{1, 1});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r).at("total"), 3);
  EXPECT_EQ((*r).at("offset"), 1);
  EXPECT_EQ((*r).at("limit"), 1);
  EXPECT_EQ((*r).at("hits").size(), 1u);
  auto none = SearchJson(*index_, *store_, "不存在的词", SearchOptions{});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none).at("total"), 0);
  EXPECT_TRUE((*none).at("hits").empty());
}

TEST_F(SearchTest, TextMarksHitsWithBracketsOrColor) {
  const SourceRef src{"/scans/batch.zip", "a.pdf"};
  AddFile("a.pdf", "某局三定规定", {"封面", "核定机关行政编制12名"}, {src});
  ASSERT_TRUE(index_->Sync(*store_).ok());

  auto plain = SearchText(*index_, *store_, "行政编制", SearchOptions{}, /*color=*/false);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(*plain,
            "共找到 1 份文件\n\n"
            "1. 某局三定规定（a.pdf，第2页，共2页）\n"
            "   核定机关【行政编制】12名\n"
            "   来源：" +
                src.Display() + "\n");  // no facts, so no facet lines either

  auto color = SearchText(*index_, *store_, "行政编制", SearchOptions{}, /*color=*/true);
  ASSERT_TRUE(color.ok());
  EXPECT_THAT(*color, HasSubstr("核定机关\x1b[1;31m行政编制\x1b[0m12名"));
  EXPECT_THAT(*color, Not(HasSubstr("【")));
}

TEST_F(SearchTest, FacetsAndFactsInJsonAndText) {
  const std::string a = AddFile("a.pdf", "t", {"关于核增行政编制的批复"}, {SourceRef{"/s/a.pdf", ""}});
  const std::string b = AddFile("b.pdf", "t", {"关于行政编制的通知"}, {SourceRef{"/s/b.pdf", ""}});
  for (const auto& [sha, kind, date] : {std::tuple{a, "批复", "1999-04-22"}, std::tuple{b, "通知", "2005-01-01"}}) {
    nlohmann::json f = {{"files", {sha}},
                        {"kind", {{"value", kind}}},
                        {"date", {{"value", date}}},
                        {"doc_number", {{"value", std::string("清编〔") + std::string(date).substr(0, 4) + "〕1号"}}},
                        {"issuer", {{"value", "清河市编委"}}}};
    ASSERT_TRUE(store_->PutFacts(sha, f.dump()).ok());
  }
  ASSERT_TRUE(index_->Sync(*store_).ok());
  SearchOptions by_date;
  by_date.sort = indexer::SearchRequest::Sort::kDateDesc;
  auto j = SearchJson(*index_, *store_, "行政编制", by_date);
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  EXPECT_EQ((*j).at("sort"), "date");
  ASSERT_EQ((*j).at("hits").size(), 2u);
  EXPECT_EQ((*j).at("hits")[0].at("sha256"), b);
  EXPECT_EQ((*j).at("hits")[0].at("doc_number"), "清编〔2005〕1号");
  EXPECT_EQ((*j).at("facets").at("kind"),
            nlohmann::json::parse(R"([{"value":"批复","count":1},{"value":"通知","count":1}])"));
  EXPECT_EQ((*j).at("facets").at("issuer"),
            nlohmann::json::parse(R"([{"value":"清河市编委","count":2}])"));
  auto t = SearchText(*index_, *store_, "行政编制", SearchOptions{}, false);
  ASSERT_TRUE(t.ok());
  EXPECT_THAT(*t, HasSubstr("清编〔1999〕1号 · 1999-04-22 · 批复 · 清河市编委"));
  EXPECT_THAT(*t, HasSubstr("分面统计（全部 2 份）："));
  EXPECT_THAT(*t, HasSubstr("年份：2005（1）、1999（1）"));
  EXPECT_THAT(*t, HasSubstr("发文机关：清河市编委（2）"));
}

TEST_F(SearchTest, TextWithoutHits) {
  AddFile("a.pdf", "标题", {"内容"}, {SourceRef{"/scans/a.pdf", ""}});
  ASSERT_TRUE(index_->Sync(*store_).ok());
  auto r = SearchText(*index_, *store_, "不存在", SearchOptions{}, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "未找到与“不存在”相关的文件\n");
}

TEST_F(SearchTest, MalformedQueryGivesTheChineseError) {
  auto j = SearchJson(*index_, *store_, "\"人员编制", SearchOptions{});
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(j.status().message(), HasSubstr("检索式有误"));
  EXPECT_THAT(j.status().message(), HasSubstr("引号"));
  auto t = SearchText(*index_, *store_, "", SearchOptions{}, false);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace sanding::query
