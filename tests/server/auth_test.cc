#include "server/auth.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

namespace sanding::server {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sanding_auth_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    path_ = (dir_ / "server" / "accounts.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Accounts> OpenAccounts() {
    auto a = Accounts::Open(path_);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? std::move(a).value() : nullptr;
  }

  fs::path dir_;
  std::string path_;
};

TEST(RoleTest, NamesAndLabels) {
  EXPECT_STREQ(RoleName(Role::kAdmin), "admin");
  EXPECT_STREQ(RoleLabel(Role::kArchivist), "档案管理员");
  auto r = ParseRole("reader");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, Role::kReader);
  auto l = ParseRole("管理员");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(*l, Role::kAdmin);
  EXPECT_FALSE(ParseRole("root").ok());
}

TEST_F(AccountsTest, OpenCreatesAPrivateEmptyFile) {
  auto a = OpenAccounts();
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->empty());
  EXPECT_TRUE(a->List().empty());
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(AccountsTest, AddAndCheckPassword) {
  auto a = OpenAccounts();
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->AddUser("王档案", "correct horse", Role::kArchivist, "王某").ok());
  EXPECT_FALSE(a->empty());
  auto ok = a->CheckPassword("王档案", "correct horse");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->name, "王档案");
  EXPECT_EQ(ok->role, Role::kArchivist);
  EXPECT_EQ(ok->display_name, "王某");
  EXPECT_GT(ok->created_ms, 0);

  // A wrong password and an unknown name give the very same answer.
  auto wrong = a->CheckPassword("王档案", "wrong password");
  auto unknown = a->CheckPassword("nobody", "correct horse");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.status().message(), "用户名或密码错误");
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
  EXPECT_EQ(wrong.status().code(), unknown.status().code());
  EXPECT_EQ(wrong.status().reason(), "permission_denied");
  EXPECT_EQ(unknown.status().reason(), "permission_denied");

  // Names and passwords are validated.
  Status dup = a->AddUser("王档案", "another password", Role::kReader);
  EXPECT_EQ(dup.code(), Status::Code::kAlreadyExists);
  EXPECT_EQ(dup.message(), "账户名“王档案”已存在");
  Status short_pw = a->AddUser("li", "1234567", Role::kReader);
  EXPECT_EQ(short_pw.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(short_pw.message(), "密码至少需要 8 个字符");
  EXPECT_TRUE(a->AddUser("张三", "八个汉字的密码！", Role::kReader).ok());  // 8 characters
  EXPECT_FALSE(a->AddUser("", "long enough", Role::kReader).ok());
  EXPECT_FALSE(a->AddUser("a b", "long enough", Role::kReader).ok());
  EXPECT_FALSE(a->AddUser("a\tb", "long enough", Role::kReader).ok());
  EXPECT_FALSE(a->AddUser("a　b", "long enough", Role::kReader).ok());  // ideographic space
  EXPECT_FALSE(a->AddUser(std::string(65, 'x'), "long enough", Role::kReader).ok());
  EXPECT_EQ(a->List().size(), 2u);
}

TEST_F(AccountsTest, SetPasswordAndDisable) {
  auto a = OpenAccounts();
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->AddUser("reader1", "first password", Role::kReader).ok());
  ASSERT_TRUE(a->SetPassword("reader1", "second password").ok());
  EXPECT_FALSE(a->CheckPassword("reader1", "first password").ok());
  EXPECT_TRUE(a->CheckPassword("reader1", "second password").ok());
  EXPECT_EQ(a->SetPassword("ghost", "whatever12").code(), Status::Code::kNotFound);

  auto api = a->IssueToken("reader1", "脚本", /*session=*/false, 0);
  ASSERT_TRUE(api.ok());
  ASSERT_TRUE(a->CheckToken(*api).ok());
  ASSERT_TRUE(a->SetDisabled("reader1", true).ok());
  EXPECT_TRUE(a->Find("reader1")->disabled);
  auto denied = a->CheckPassword("reader1", "second password");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().message(), "用户名或密码错误");
  EXPECT_FALSE(a->CheckToken(*api).ok());
  EXPECT_TRUE(a->ListTokens("reader1").empty());  // revoked, not only refused
  EXPECT_FALSE(a->IssueToken("reader1", "", true, 1000).ok());
  // Enabling again does not bring the tokens back.
  ASSERT_TRUE(a->SetDisabled("reader1", false).ok());
  EXPECT_TRUE(a->CheckPassword("reader1", "second password").ok());
  EXPECT_FALSE(a->CheckToken(*api).ok());
  EXPECT_EQ(a->SetDisabled("ghost", true).code(), Status::Code::kNotFound);
}

TEST_F(AccountsTest, TokensIssueCheckRevokeAndExpire) {
  auto a = OpenAccounts();
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->AddUser("arch", "password123", Role::kArchivist).ok());
  auto session = a->IssueToken("arch", "", /*session=*/true, 3600 * 1000);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->rfind("sdt_", 0), 0u);
  EXPECT_EQ(session->size(), 4u + 43u);
  EXPECT_EQ(session->find_first_not_of(
                "sdt_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  auto who = a->CheckToken(*session);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->name, "arch");

  auto api = a->IssueToken("arch", "导入脚本", /*session=*/false, 0);
  ASSERT_TRUE(api.ok());
  EXPECT_NE(*api, *session);
  auto list = a->ListTokens("arch");
  ASSERT_EQ(list.size(), 2u);
  const TokenInfo& s_info = list[0].session ? list[0] : list[1];
  const TokenInfo& a_info = list[0].session ? list[1] : list[0];
  EXPECT_EQ(s_info.label, "登录会话");
  EXPECT_GT(s_info.expires_ms, s_info.created_ms);
  EXPECT_EQ(a_info.label, "导入脚本");
  EXPECT_EQ(a_info.expires_ms, 0);
  EXPECT_EQ(a_info.id.size(), 8u);
  EXPECT_TRUE(a->ListTokens("someone_else").empty());
  EXPECT_EQ(a->ListTokens().size(), 2u);

  // Wrong, truncated or foreign tokens.
  std::string tampered = *session;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  for (const std::string& bad : {tampered, std::string("sdt_"), std::string(""), session->substr(4),
                                 std::string("Bearer ") + *session}) {
    auto r = a->CheckToken(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().message(), "令牌无效或已过期");
  }

  // Revoke by text and by id.
  ASSERT_TRUE(a->RevokeToken(*session).ok());
  EXPECT_FALSE(a->CheckToken(*session).ok());
  EXPECT_EQ(a->RevokeToken(*session).code(), Status::Code::kNotFound);
  ASSERT_TRUE(a->RevokeToken(a_info.id).ok());
  EXPECT_FALSE(a->CheckToken(*api).ok());
  EXPECT_EQ(a->RevokeToken("deadbeef").code(), Status::Code::kNotFound);

  // Sessions expire, and expired ones are pruned when the file is next written.
  auto brief = a->IssueToken("arch", "", /*session=*/true, 50);
  ASSERT_TRUE(brief.ok());
  EXPECT_TRUE(a->CheckToken(*brief).ok());
  std::this_thread::sleep_for(120ms);
  auto expired = a->CheckToken(*brief);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().message(), "令牌无效或已过期");
  EXPECT_TRUE(a->ListTokens("arch").empty());
  ASSERT_TRUE(a->IssueToken("arch", "", true, 3600 * 1000).ok());  // rewrites the file
  auto j = nlohmann::json::parse(ReadAll(path_));
  EXPECT_EQ(j["tokens"].size(), 1u);
  EXPECT_EQ(a->IssueToken("ghost", "", true, 1000).status().code(), Status::Code::kNotFound);
}

TEST_F(AccountsTest, PersistsAcrossReopenWithoutSecretsInTheFile) {
  std::string token;
  {
    auto a = OpenAccounts();
    ASSERT_TRUE(a);
    ASSERT_TRUE(a->AddUser("admin", "s3cret-passphrase", Role::kAdmin, "管理员甲").ok());
    auto t = a->IssueToken("admin", "备份脚本", false, 0);
    ASSERT_TRUE(t.ok());
    token = *t;
  }
  const std::string text = ReadAll(path_);
  EXPECT_EQ(text.find("s3cret-passphrase"), std::string::npos);
  EXPECT_EQ(text.find(token), std::string::npos);
  EXPECT_EQ(text.find(token.substr(4)), std::string::npos);
  EXPECT_NE(text.find("管理员甲"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // No temporary files are left behind.
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(path_).parent_path())) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1u);

  auto a = OpenAccounts();
  ASSERT_TRUE(a);
  auto acc = a->Find("admin");
  ASSERT_TRUE(acc);
  EXPECT_EQ(acc->role, Role::kAdmin);
  EXPECT_EQ(acc->display_name, "管理员甲");
  EXPECT_TRUE(a->CheckPassword("admin", "s3cret-passphrase").ok());
  auto who = a->CheckToken(token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->name, "admin");
  EXPECT_EQ(a->ListTokens("admin").size(), 1u);
  EXPECT_EQ(a->ListTokens("admin")[0].label, "备份脚本");
}

TEST_F(AccountsTest, CorruptFileIsReported) {
  fs::create_directories(fs::path(path_).parent_path());
  std::ofstream(path_) << "{not json";
  auto a = Accounts::Open(path_);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), Status::Code::kCorruption);
  EXPECT_NE(a.status().message().find("账户文件"), std::string::npos);
}

}  // namespace
}  // namespace sanding::server
