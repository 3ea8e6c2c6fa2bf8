#include "server/visibility.h"

#include <gtest/gtest.h>

#include "indexer/extract/facts.h"
#include "tests/util/store_util.h"

namespace sanding::server {
namespace {

class VisibilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::NewInMemory();
    public_ = AddDoc("公开.txt", "");
    internal_ = AddDoc("内部.txt", "内部");
    unextracted_ = testing::AddCompleteFile(*store_, "未提取.txt", "未提取", {"正文"},
                                            {SourceRef{"/in/未提取.txt", ""}});
  }
  std::string AddDoc(const std::string& name, const std::string& access) {
    const std::string sha = testing::AddCompleteFile(*store_, name, name, {"正文 " + name},
                                                     {SourceRef{"/in/" + name, ""}});
    extract::DocumentFacts f;
    f.extractor = "test";
    f.files = {sha};
    f.access.value = access;
    EXPECT_TRUE(store_->PutFacts(sha, nlohmann::json(f).dump()).ok());
    return sha;
  }
  nlohmann::json Cite(const std::string& sha, const std::string& number) {
    return {{"file", sha},
            {"doc_number", number},
            {"title", "《" + number + "》"},
            {"date", "2001-01-01"},
            {"page", 1},
            {"begin", 0},
            {"end", 3}};
  }

  std::unique_ptr<Store> store_;
  std::string public_, internal_, unextracted_;
};

TEST_F(VisibilityTest, InternalFollowsTheCuratedFacts) {
  Visibility anon(*store_, false);
  EXPECT_FALSE(*anon.IsInternal(public_));
  EXPECT_TRUE(*anon.IsInternal(internal_));
  EXPECT_FALSE(*anon.IsInternal(unextracted_)) << "nothing marks a file without facts";
  EXPECT_FALSE(*anon.IsInternal(""));
  EXPECT_FALSE(*anon.MaySee(internal_));
  EXPECT_TRUE(*anon.MaySee(public_));
  Visibility reader(*store_, true);
  EXPECT_TRUE(*reader.MaySee(internal_));

  // A correction to 公开 makes it visible (a fresh Visibility: one per request).
  CorrectionRecord c;
  c.sha256 = internal_;
  c.op = "replace";
  c.path = "/access/value";
  c.value = "\"公开\"";
  c.by = "wang";
  c.reason = "已解密";
  ASSERT_TRUE(store_->AddCorrection(c).ok());
  Visibility after(*store_, false);
  EXPECT_TRUE(*after.MaySee(internal_));
}

TEST_F(VisibilityTest, RedactDropsEventsBlanksFieldsAndScrubsCitations) {
  nlohmann::json j = {
      {"timeline",
       {{{"event", {{"type", "established"}, {"source", Cite(public_, "清发〔1983〕1号")}}}},
        {{"event",
          {{"type", "staffing_changed"}, {"source", Cite(internal_, "清编〔1999〕7号")}}}}}},
      {"edges", {{{"from", "a"}, {"source", Cite(internal_, "清编〔1999〕7号")}}}},
      {"versions",
       {{{"name", "清河市物价局"},
         {"staffing", {{{"type", "行政编制"}, {"count", 21}}}},
         {"rank", "正处级"},
         {"cites",
          {{"name", Cite(public_, "清发〔1983〕1号")},
           {"staffing", Cite(internal_, "清编〔1999〕7号")}}},
         {"sources", {Cite(public_, "清发〔1983〕1号"), Cite(internal_, "清编〔1999〕7号")}}}}},
      {"loose", {{"source", Cite(internal_, "清编〔1999〕7号")}}},
  };
  nlohmann::json copy = j;
  Visibility reader(*store_, true);
  EXPECT_EQ(*reader.Redact(copy), 0u);
  EXPECT_EQ(copy, j) << "nothing is hidden from a reader";

  Visibility anon(*store_, false);
  auto n = anon.Redact(j);
  ASSERT_TRUE(n.ok());
  EXPECT_GE(*n, 4u);
  const std::string text = j.dump();
  EXPECT_EQ(text.find(internal_), std::string::npos) << text;
  EXPECT_EQ(text.find("清编〔1999〕7号"), std::string::npos) << text;
  EXPECT_EQ(j["timeline"].size(), 1u);
  EXPECT_EQ(j["edges"].size(), 0u);
  const auto& v = j["versions"][0];
  EXPECT_EQ(v["name"], "清河市物价局");
  EXPECT_TRUE(v["staffing"].empty());
  EXPECT_EQ(v["redacted"], nlohmann::json({"staffing"}));
  EXPECT_EQ(v["sources"].size(), 1u);
  EXPECT_FALSE(v["cites"].contains("staffing"));
  EXPECT_EQ(j["loose"]["source"]["redacted"], true);
}

TEST(IsCitationTest, Shape) {
  EXPECT_TRUE(IsCitation({{"file", ""}, {"doc_number", ""}}));
  EXPECT_FALSE(IsCitation({{"file", 3}, {"doc_number", ""}}));
  EXPECT_FALSE(IsCitation({{"file", "x"}}));
  EXPECT_FALSE(IsCitation(nlohmann::json::array()));
}

}  // namespace
}  // namespace sanding::server
