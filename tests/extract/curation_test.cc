#include "indexer/extract/curation.h"

#include <gtest/gtest.h>

namespace sanding::extract {
namespace {

nlohmann::json Machine() {
  return nlohmann::json::parse(R"({
    "kind": {"value": "批复"}, "doc_number": {"value": "清编〔1999〕7号", "as_written": "清编【1999] 7号"},
    "date": {"value": ""}, "issuer": {"value": "清河市机构编制委员会"},
    "staffing": [{"type": "行政编制", "count": 2}], "events": [{"type": "staffing_changed"}]
  })");
}

CorrectionRequest Req(std::string field, std::string value) {
  CorrectionRequest r;
  r.sha256 = std::string(64, 'a');
  r.field = std::move(field);
  r.value = std::move(value);
  r.by = "张档案";
  r.reason = "核对原件";
  return r;
}

TEST(CurationTest, NamedFieldsAreValidatedAndNormalised) {
  auto d = MakeCorrection(Req("日期", "一九九九年十一月九日"), Machine(), {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->op, "replace");
  EXPECT_EQ(d->path, "/date/value");
  EXPECT_EQ(d->value, "\"1999-11-09\"");

  auto n = MakeCorrection(Req("doc_number", "清编(1999)07号"), Machine(), {});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->value, "\"清编〔1999〕7号\"");

  EXPECT_FALSE(MakeCorrection(Req("日期", "一九九九年十三月九日"), Machine(), {}).ok());
  EXPECT_FALSE(MakeCorrection(Req("文号", "不是文号"), Machine(), {}).ok());
  EXPECT_FALSE(MakeCorrection(Req("类型", "通告书"), Machine(), {}).ok());
  EXPECT_EQ(MakeCorrection(Req("颜色", "红"), Machine(), {}).status().code(),
            Status::Code::kInvalidArgument);
  auto anonymous = Req("类型", "通知");
  anonymous.by = "";
  EXPECT_FALSE(MakeCorrection(anonymous, Machine(), {}).ok());
  auto no_reason = Req("类型", "通知");
  no_reason.reason = "";
  EXPECT_FALSE(MakeCorrection(no_reason, Machine(), {}).ok());
}

// An archivist marks a document internal (or public) when the extractor missed its mark.
TEST(CurationTest, AccessIsCorrectedByName) {
  nlohmann::json machine = Machine();
  machine["access"] = {{"value", ""}, {"as_written", ""}};
  auto c = MakeCorrection(Req("公开属性", "内部"), machine, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->path, "/access/value");
  EXPECT_EQ(c->value, "\"内部\"");
  EXPECT_TRUE(MakeCorrection(Req("access", "公开"), machine, {}).ok());
  EXPECT_TRUE(MakeCorrection(Req("access", ""), machine, {}).ok());
  EXPECT_EQ(MakeCorrection(Req("公开属性", "秘密"), machine, {}).status().code(),
            Status::Code::kInvalidArgument);
}

TEST(CurationTest, PathsTakeJsonAndMustExistToReplace) {
  auto c = MakeCorrection(Req("/staffing/0/count", "22"), Machine(), {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->value, "22");
  EXPECT_EQ(MakeCorrection(Req("/staffing/5/count", "22"), Machine(), {}).status().code(),
            Status::Code::kNotFound);
  auto add = Req("/events/-", R"({"type":"renamed"})");
  add.op = "add";
  EXPECT_TRUE(MakeCorrection(add, Machine(), {}).ok());
  auto remove = Req("/events/0", "");
  remove.op = "remove";
  EXPECT_TRUE(MakeCorrection(remove, Machine(), {}).ok());
}

TEST(CurationTest, CorrectionsApplyInOrderAndWithdrawalsCancel) {
  std::vector<CorrectionRecord> cs;
  auto push = [&](CorrectionRecord r) {
    r.seq = cs.size() + 1;
    cs.push_back(r);
  };
  push(*MakeCorrection(Req("/staffing/0/count", "22"), Machine(), cs));
  push(*MakeCorrection(Req("日期", "1999-11-09"), Machine(), cs));
  auto rm = Req("/events/0", "");
  rm.op = "remove";
  push(*MakeCorrection(rm, Machine(), cs));
  CorrectionRequest w = Req("", "");
  w.op = "withdraw";
  w.withdraws = 2;
  push(*MakeCorrection(w, Machine(), cs));
  w.withdraws = 99;
  EXPECT_EQ(MakeCorrection(w, Machine(), cs).status().code(), Status::Code::kNotFound);

  const CuratedFacts c = ApplyCorrections(Machine(), cs);
  EXPECT_EQ(c.machine, Machine());  // the machine extraction is untouched
  EXPECT_EQ(c.effective["staffing"][0]["count"], 22);
  EXPECT_EQ(c.effective["date"]["value"], "");  // the date correction was withdrawn
  EXPECT_TRUE(c.effective["events"].empty());
  ASSERT_EQ(c.corrections.size(), 4u);
  EXPECT_TRUE(c.corrections[0].applied);
  EXPECT_EQ(c.corrections[0].previous, 2);
  EXPECT_TRUE(c.corrections[1].withdrawn);
  EXPECT_FALSE(c.corrections[1].applied);
  EXPECT_TRUE(c.corrections[2].applied);

  // After a re-extraction that no longer has the corrected item, the correction is kept and
  // reported, not silently dropped.
  nlohmann::json fewer = Machine();
  fewer["staffing"] = nlohmann::json::array();
  const CuratedFacts later = ApplyCorrections(fewer, cs);
  EXPECT_FALSE(later.corrections[0].applied);
  EXPECT_FALSE(later.corrections[0].problem.empty());
  EXPECT_TRUE(later.effective["events"].empty());
}

}  // namespace
}  // namespace sanding::extract
