// The API in process: Api::Handle on hand-made requests (the HTTP layer and the real binary are
// covered by http_server_test and tests/e2e/server_e2e_test).
#include "server/api.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/fixtures/archive.h"

namespace sanding::server {
namespace {

namespace fs = std::filesystem;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fixtures::MakeTempDir("sanding-api-");
    auto archive = query::Archive::Open(root_ + "/data");
    ASSERT_TRUE(archive.ok());
    archive_ = std::move(archive).value();
    ApiOptions o;
    o.ingest.workers = 1;
    auto api = Api::Open(*archive_, o);
    ASSERT_TRUE(api.ok()) << api.status().ToString();
    api_ = std::move(api).value();
    ASSERT_TRUE(api_->accounts().AddUser("wang", "pass-word-123", Role::kArchivist).ok());
    ASSERT_TRUE(api_->accounts().AddUser("li", "pass-word-123", Role::kReader).ok());
  }
  void TearDown() override {
    api_.reset();
    archive_.reset();
    fs::remove_all(root_);
  }

  Response Call(const std::string& method, const std::string& path, const std::string& query = "",
                std::map<std::string, std::string> headers = {}, const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.target = path + (query.empty() ? "" : "?" + query);
    r.query = ParseQuery(query);
    r.headers = std::move(headers);
    r.body = body;
    r.body_size = body.size();
    r.remote = "127.0.0.1";
    return api_->Handle(r);
  }
  nlohmann::json J(const Response& r) { return nlohmann::json::parse(r.body, nullptr, false); }
  std::string Token(const std::string& name) {
    auto r = Call("POST", "/api/login", "", {{"content-type", "application/json"}},
                  nlohmann::json{{"name", name}, {"password", "pass-word-123"}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return J(r)["token"];
  }

  std::string root_;
  std::unique_ptr<query::Archive> archive_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, UploadSearchAndReadBack) {
  const std::string token = Token("wang");
  const std::map<std::string, std::string> auth = {{"authorization", "Bearer " + token}};
  const std::string doc =
      "清河市机构编制委员会关于设立清河市数据资源局的批复\n清编〔2024〕9号\n同意设立清河市数据资源"
      "局。\n"
      "清河市机构编制委员会\n2024年3月1日\n";
  auto up = Call("POST", "/api/ingest", "name=" + std::string("%E6%89%B9%E5%A4%8D.txt"), auth, doc);
  ASSERT_EQ(up.status, 202) << up.body;
  const std::string id = J(up)["job"]["id"];
  EXPECT_EQ(J(up)["job"]["name"], "批复.txt");
  nlohmann::json job = nlohmann::json::object();
  for (int i = 0; i < 1200 && job.value("state", "") != "done"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    job = J(Call("GET", "/api/jobs/" + id, "", auth))["job"];
  }
  ASSERT_EQ(job["state"], "done") << job.dump();

  auto found = J(Call("GET", "/api/search", "q=%E6%95%B0%E6%8D%AE%E8%B5%84%E6%BA%90%E5%B1%80"));
  ASSERT_EQ(found["total"], 1) << found.dump();
  const std::string sha = found["hits"][0]["sha256"];
  auto docj = J(Call("GET", "/api/documents/" + sha.substr(0, 10)));
  EXPECT_EQ(docj["sha256"], sha);
  EXPECT_EQ(docj["extraction"]["facts"]["doc_number"]["value"], "清编〔2024〕9号");
  EXPECT_EQ(docj["corrections_allowed"], false);
  EXPECT_EQ(J(Call("GET", "/api/documents/" + sha, "", auth))["corrections_allowed"], true);
  auto page = J(Call("GET", "/api/documents/" + sha + "/pages/1"));
  EXPECT_NE(page["text"].get<std::string>().find("数据资源局"), std::string::npos);
  auto original = Call("GET", "/api/documents/" + sha + "/original");
  EXPECT_EQ(original.body, doc);
  EXPECT_EQ(original.content_type, "text/plain; charset=utf-8");
  // The job is audited with who uploaded it.
  bool audited = false;
  auto entries = api_->audit().Recent(0, 100);
  ASSERT_TRUE(entries.ok());
  for (const auto& e : *entries)
    audited = audited || (e.action == "ingest_upload" && e.who == "wang");
  EXPECT_TRUE(audited);
}

TEST_F(ApiTest, ErrorsAreJsonInChinese) {
  auto missing = Call("GET", "/api/search");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(J(missing)["error"]["message"].get<std::string>().find("检索词"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/search", "q=a&limit=1000").status, 400);
  EXPECT_EQ(Call("GET", "/api/search", "q=a&sort=random").status, 400);
  EXPECT_EQ(Call("GET", "/api/search", "q=%FF%FE").status, 400) << "invalid UTF-8";
  EXPECT_EQ(Call("DELETE", "/api/search", "q=a").status, 405);
  EXPECT_EQ(Call("GET", "/api/unknown").status, 404);
  EXPECT_EQ(Call("GET", "/api/institutions").status, 400);
  EXPECT_EQ(Call("GET", "/api/institutions", "q=x&as_of=2001").status, 400);
  EXPECT_EQ(Call("GET", "/api/institutions/%E6%97%A0").status, 404);
  EXPECT_EQ(
      Call("POST", "/api/overlap", "", {{"content-type", "application/json"}}, "{\"text\":\"\"}")
          .status,
      400);
  EXPECT_EQ(
      Call("POST", "/api/overlap", "", {{"content-type", "application/json"}}, "[1,2]").status,
      400);
  EXPECT_EQ(Call("POST", "/api/overlap", "", {}, "{\"text\":\"负责统计\"}").status, 400)
      << "JSON content type required";
  auto r = Call("GET", "/api/regions/x/changes", "year=abc");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  bool no_store = false;
  for (const auto& [k, v] : r.headers)
    no_store = no_store || (k == "Cache-Control" && v == "no-store");
  EXPECT_TRUE(no_store);
}

TEST_F(ApiTest, RolesAndSessions) {
  EXPECT_EQ(Call("GET", "/api/jobs").status, 401);
  const std::string reader = Token("li");
  EXPECT_EQ(Call("GET", "/api/jobs", "", {{"authorization", "Bearer " + reader}}).status, 403);
  EXPECT_EQ(Call("GET", "/api/audit", "", {{"authorization", "Bearer " + Token("wang")}}).status,
            403);
  auto me = J(Call("GET", "/api/me", "", {{"cookie", "a=b; sanding_session=" + reader}}));
  EXPECT_EQ(me["account"]["role"], "reader");
  EXPECT_EQ(me["account"]["role_label"], "查阅人员");
  // A stale cookie is anonymous, a bad bearer token is refused.
  EXPECT_TRUE(
      J(Call("GET", "/api/me", "", {{"cookie", "sanding_session=sdt_old"}}))["account"].is_null());
  EXPECT_EQ(Call("GET", "/api/me", "", {{"authorization", "Bearer sdt_old"}}).status, 401);
  EXPECT_EQ(Call("GET", "/api/me", "", {{"authorization", "Basic abc"}}).status, 401);
  auto login = Call("POST", "/api/login", "", {{"content-type", "application/json"}},
                    R"({"name":"wang","password":"pass-word-123"})");
  bool cookie = false;
  for (const auto& [k, v] : login.headers) {
    cookie = cookie || (k == "Set-Cookie" && v.find("HttpOnly") != std::string::npos &&
                        v.find("SameSite=Strict") != std::string::npos);
  }
  EXPECT_TRUE(cookie);
}

TEST_F(ApiTest, BodyLimitsDependOnTheCaller) {
  Request head;
  head.method = "POST";
  head.path = "/api/ingest";
  EXPECT_EQ(api_->BodyLimit(head), 1u << 20) << "anonymous uploads get the small limit";
  head.headers["authorization"] = "Bearer " + Token("li");
  EXPECT_EQ(api_->BodyLimit(head), 1u << 20) << "a reader may not upload";
  head.headers["authorization"] = "Bearer " + Token("wang");
  EXPECT_EQ(api_->BodyLimit(head), 2ull << 30);
  head.path = "/api/login";
  EXPECT_EQ(api_->BodyLimit(head), 1u << 20);
}

TEST(ParseListenTest, Forms) {
  EXPECT_EQ(*ParseListen("127.0.0.1:8080"),
            std::make_pair(std::string("127.0.0.1"), uint16_t{8080}));
  EXPECT_EQ(*ParseListen(":9000"), std::make_pair(std::string("0.0.0.0"), uint16_t{9000}));
  EXPECT_EQ(*ParseListen("[::1]:0"), std::make_pair(std::string("::1"), uint16_t{0}));
  EXPECT_EQ(*ParseListen("8081"), std::make_pair(std::string("127.0.0.1"), uint16_t{8081}));
  EXPECT_FALSE(ParseListen("localhost:http").ok());
  EXPECT_FALSE(ParseListen("1.2.3.4:70000").ok());
}

TEST(SecurityHeadersTest, CspAndFriends) {
  std::map<std::string, std::string> h;
  for (const auto& [k, v] : SecurityHeaders()) h[k] = v;
  EXPECT_NE(h["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_NE(h["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(h["X-Content-Type-Options"], "nosniff");
}

}  // namespace
}  // namespace sanding::server
