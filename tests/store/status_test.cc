#include "store/status.h"

#include <gtest/gtest.h>

#include <string>

namespace sanding {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kOk);
  EXPECT_EQ(s.ToString(), "ok");
  EXPECT_EQ(s.reason(), "ok");
}

TEST(StatusTest, FactoriesSetCodeAndMessage) {
  struct Case {
    Status status;
    Status::Code code;
    const char* name;
  };
  const Case cases[] = {
      {Status::NotFound("甲"), Status::Code::kNotFound, "not_found"},
      {Status::InvalidArgument("甲"), Status::Code::kInvalidArgument, "invalid_argument"},
      {Status::Unsupported("甲"), Status::Code::kUnsupported, "unsupported"},
      {Status::ResourceExhausted("甲"), Status::Code::kResourceExhausted, "resource_exhausted"},
      {Status::Corruption("甲"), Status::Code::kCorruption, "corruption"},
      {Status::IOError("甲"), Status::Code::kIOError, "io_error"},
      {Status::AlreadyExists("甲"), Status::Code::kAlreadyExists, "already_exists"},
      {Status::Internal("甲"), Status::Code::kInternal, "internal"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(c.status.ok()) << c.name;
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_EQ(c.status.message(), "甲");
    EXPECT_STREQ(Status::CodeName(c.code), c.name);
    EXPECT_EQ(c.status.reason(), c.name);
    EXPECT_EQ(c.status.ToString(), std::string(c.name) + ": 甲");
  }
}

TEST(StatusTest, ReasonTagOverridesCodeName) {
  Status s(Status::Code::kResourceExhausted, "文件 a.zip 解压后过大", "bomb");
  EXPECT_EQ(s.reason(), "bomb");
  EXPECT_EQ(s.code(), Status::Code::kResourceExhausted);
  EXPECT_EQ(s.message(), "文件 a.zip 解压后过大");
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<std::string> v(std::string("值"));
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v.status().ok());
  EXPECT_EQ(*v, "值");
  EXPECT_EQ(v->size(), std::string("值").size());
  std::string moved = std::move(v).value();
  EXPECT_EQ(moved, "值");

  Result<std::string> e(Status::NotFound("没有"));
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(e.status().message(), "没有");
}

Status FailsAt(int step, int* reached) {
  for (int i = 0; i < 3; ++i) {
    *reached = i;
    SANDING_RETURN_IF_ERROR(i == step ? Status::IOError("第" + std::to_string(i) + "步")
                                      : Status::Ok());
  }
  *reached = 3;
  return Status::Ok();
}

TEST(StatusTest, ReturnIfErrorPropagatesFirstError) {
  int reached = -1;
  Status s = FailsAt(1, &reached);
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_EQ(s.message(), "第1步");
  EXPECT_EQ(reached, 1);
  EXPECT_TRUE(FailsAt(7, &reached).ok());
  EXPECT_EQ(reached, 3);
}

}  // namespace
}  // namespace sanding
