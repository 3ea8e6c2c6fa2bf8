// End-to-end: `sanding serve` on the sample corpus, driven over HTTP like a browser or a script
// would. The access rule is checked on every endpoint: an anonymous caller never receives a byte
// that names a 内部 document (its sha256, its 文号, its title), through search totals and facets,
// documents, pages, images, originals, lineage (JSON, SVG, EAC-CPF, diff, provenance), region
// views or overlap reports — while a signed-in reader does see them. Also: sign-in and roles, the
// audit log, corrections, an upload loaded by a background job (with a bad member recorded),
// limits, and a graceful stop during an ingest that the next start resumes.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/http_client.h"
#include "tests/fixtures/render.h"
#include "tests/util/paths.h"

namespace sanding::e2e {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPassword = "pass-word-123";

// A running `sanding serve` over one data directory.
class Server {
 public:
  Server(std::string data, std::string root) : data_(std::move(data)), root_(std::move(root)) {}
  ~Server() { Kill(); }

  // Starts it on a free port and waits until it answers.
  void Start() {
    out_ = root_ + "/serve.stdout";
    err_ = root_ + "/serve.stderr";
    pid_ = Spawn({"serve", "--data", data_, "--listen", "127.0.0.1:0"}, out_, err_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string out = Slurp(out_);
      const size_t at = out.find("http://127.0.0.1:");
      if (at != std::string::npos && out.find('/', at + 17) != std::string::npos) {
        port_ = static_cast<uint16_t>(std::stoi(out.substr(at + 17)));
        if (Http(port_, "GET", "/api/status").status == 200) return;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL() << "sanding serve exited: " << Slurp(err_);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "sanding serve did not start: " << Slurp(err_);
  }

  // SIGTERM and wait: the graceful stop.
  RunResult Stop() {
    if (pid_ < 0) return {};
    kill(pid_, SIGTERM);
    RunResult r = Wait(pid_, out_, err_);
    pid_ = -1;
    return r;
  }
  void Kill() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      Wait(pid_, out_, err_);
      pid_ = -1;
    }
  }
  uint16_t port() const { return port_; }

 private:
  std::string data_, root_, out_, err_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

nlohmann::json ParseJson(const HttpResult& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_discarded() ? nlohmann::json() : j;
}

// One data directory for the whole suite: the sample corpus's texts, a scanned page, accounts.
class ServerE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setenv("OMP_THREAD_LIMIT", "1", 1);
    root_ = fs::weakly_canonical(fixtures::MakeTempDir("sanding-serve-e2e-")).string();
    data_ = root_ + "/data";
    // A scanned page (OCR'd, with word boxes) beside the corpus's 189 texts.
    fs::create_directories(root_ + "/scan");
    fixtures::RenderOptions ro;
    ro.dpi = 200;
    fixtures::WriteFile(root_ + "/scan/清河市档案局关于馆藏数字化的通知.png",
                        fixtures::RenderPng("清河市档案局关于馆藏数字化的通知\n各区县档案馆：\n请于"
                                            "年底前完成馆藏档案数字化扫描工作。",
                                            ro));
    RunResult ingest = RunSanding({"ingest", "--data", data_, "--quiet",
                                   sanding::testing::SourceDir() + "/corpus/docs", root_ + "/scan"},
                                  root_);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.Describe();
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"wang", "archivist"}, {"li", "reader"}, {"root", "admin"}}) {
      fixtures::WriteFile(root_ + "/pw.txt", std::string(kPassword) + "\n");
      const std::string cmd = "'" + SandingBin() + "' user add " + name + " --role " + role +
                              " --password-stdin --data '" + data_ + "' < '" + root_ +
                              "/pw.txt' > /dev/null";
      ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    server_ = new Server(data_, root_);
    server_->Start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    if (!std::getenv("SANDING_E2E_KEEP")) {
      std::error_code ec;
      fs::remove_all(root_, ec);
    }
  }

  static uint16_t Port() { return server_->port(); }

  static std::string Login(const std::string& name) {
    HttpResult r = Http(Port(), "POST", "/api/login", {"Content-Type: application/json"},
                        nlohmann::json{{"name", name}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return ParseJson(r).value("token", "");
  }
  static std::vector<std::string> Bearer(const std::string& token) {
    return {"Authorization: Bearer " + token};
  }

  // Every document the signed-in caller sees, with its facts.
  static std::vector<nlohmann::json> AllDocuments(const std::string& token) {
    std::vector<nlohmann::json> docs;
    for (size_t offset = 0;; offset += 100) {
      HttpResult r = Http(Port(), "GET",
                          "/api/search?limit=100&offset=" + std::to_string(offset) +
                              "&q=" + UrlEncode("年份:1900..2100"),
                          Bearer(token));
      EXPECT_EQ(r.status, 200) << r.body;
      auto j = ParseJson(r);
      for (const auto& h : j["hits"]) docs.push_back(h);
      if (j["hits"].size() < 100) break;
    }
    return docs;
  }

  static std::string root_, data_;
  static Server* server_;
};

std::string ServerE2e::root_;
std::string ServerE2e::data_;
Server* ServerE2e::server_ = nullptr;

TEST_F(ServerE2e, InternalDocumentsNeverReachAnonymousCallers) {
  const std::string reader = Login("li");
  const auto docs = AllDocuments(reader);
  std::vector<nlohmann::json> internal, public_docs;
  for (const auto& d : docs) (d["internal"].get<bool>() ? internal : public_docs).push_back(d);
  ASSERT_EQ(internal.size(), 5u) << "the sample corpus marks five documents 内部";
  ASSERT_GT(public_docs.size(), 150u);

  // What would betray an internal document: its id, its 文号, its title.
  std::set<std::string> secrets;
  std::set<std::string> names;  // institutions the internal documents concern
  for (const auto& d : internal) {
    secrets.insert(d["sha256"].get<std::string>().substr(0, 16));
    if (!d["doc_number"].get<std::string>().empty())
      secrets.insert(d["doc_number"].get<std::string>());
    if (d["title"].get<std::string>().size() > 12) secrets.insert(d["title"].get<std::string>());
    for (const auto& n : d["institutions"]) names.insert(n.get<std::string>());
  }
  ASSERT_FALSE(names.empty());

  size_t checked = 0, reader_saw = 0;
  // Asks the same thing anonymously (must not leak) and as the reader (counts what it sees).
  auto both = [&](const std::string& method, const std::string& target,
                  const std::string& body = "") {
    std::vector<std::string> json_header;
    if (method == "POST") json_header = {"Content-Type: application/json"};
    HttpResult anon = Http(Port(), method, target, json_header, body);
    auto headers = Bearer(reader);
    headers.insert(headers.end(), json_header.begin(), json_header.end());
    HttpResult signed_in = Http(Port(), method, target, headers, body);
    // What the caller sent itself (a query, an id in the path) may be echoed back.
    std::string sent = body;
    for (size_t i = 0; i < target.size(); ++i) {
      if (target[i] == '%' && i + 2 < target.size()) {
        sent.push_back(static_cast<char>(std::stoi(target.substr(i + 1, 2), nullptr, 16)));
        i += 2;
      } else {
        sent.push_back(target[i]);
      }
    }
    for (const auto& s : secrets) {
      if (sent.find(s) != std::string::npos) continue;
      EXPECT_EQ(anon.body.find(s), std::string::npos) << method << " " << target << " leaks " << s;
      if (signed_in.body.find(s) != std::string::npos) ++reader_saw;
    }
    EXPECT_EQ(anon.Header("cache-control"), "no-store") << target;
    ++checked;
    return std::make_pair(anon, signed_in);
  };

  for (const auto& d : internal) {
    const std::string sha = d["sha256"];
    // The document itself: 404 as if it did not exist, for every way of asking.
    for (const std::string& p : std::vector<std::string>{
             "/api/documents/" + sha, "/api/documents/" + sha.substr(0, 12),
             "/api/documents/" + sha + "/pages/1", "/api/documents/" + sha + "/pages/1/image",
             "/api/documents/" + sha + "/original", "/api/documents/" + sha + "/corrections"}) {
      auto [anon, signed_in] = both("GET", p);
      EXPECT_TRUE(anon.status == 404 || anon.status == 401) << p << " " << anon.status;
      // (A text document has no page image: 400, but never 404, for the reader.)
      EXPECT_TRUE(signed_in.status == 200 || (signed_in.status == 400 && p.ends_with("/image")))
          << p << " " << signed_in.body.substr(0, 300);
    }
    // Answered exactly like a file that does not exist.
    auto hidden = ParseJson(Http(Port(), "GET", "/api/documents/" + sha));
    auto missing = ParseJson(Http(Port(), "GET", "/api/documents/" + std::string(64, 'a')));
    EXPECT_EQ(hidden["error"]["code"], missing["error"]["code"]);
    EXPECT_EQ(hidden["error"]["message"].get<std::string>().substr(0, 20),
              missing["error"]["message"].get<std::string>().substr(0, 20));
    // Search by its 文号 and title: no hit, total 0, facets empty.
    for (const std::string& q :
         {d["doc_number"].get<std::string>(), d["title"].get<std::string>()}) {
      if (q.empty()) continue;
      auto [anon, signed_in] = both("GET", "/api/search?q=" + UrlEncode(q));
      auto aj = ParseJson(anon);
      for (const auto& h : aj["hits"]) EXPECT_NE(h["sha256"], sha) << q;
      EXPECT_GE(ParseJson(signed_in)["total"].get<int>(), 1) << q;
    }
  }
  // A whole-archive search: the anonymous total is the public count, the facets count nothing
  // internal.
  auto [anon_all, reader_all] =
      both("GET", "/api/search?limit=5&facets=100&q=" + UrlEncode("年份:1900..2100"));
  EXPECT_EQ(ParseJson(anon_all)["total"].get<size_t>(), public_docs.size());
  EXPECT_EQ(ParseJson(reader_all)["total"].get<size_t>(), docs.size());
  size_t year_total = 0;
  const nlohmann::json anon_facets = ParseJson(anon_all)["facets"];
  for (const auto& f : anon_facets["year"]) year_total += f["count"].get<size_t>();
  EXPECT_LE(year_total, public_docs.size());

  // Every institution an internal document concerns: lineage in every form.
  for (const auto& name : names) {
    auto res = ParseJson(Http(Port(), "GET", "/api/institutions?q=" + UrlEncode(name)));
    if (res["candidates"].empty()) continue;
    const std::string id = UrlEncode(res["candidates"][0]["institution"].get<std::string>());
    auto [anon, signed_in] = both("GET", "/api/institutions/" + id);
    ASSERT_EQ(anon.status, 200) << anon.body.substr(0, 300);
    const auto versions = ParseJson(anon)["versions"].size();
    both("GET", "/api/institutions/" + id + "?as_of=2000-01-01");
    both("GET", "/api/institutions/" + id + "/graph.svg");
    both("GET", "/api/institutions/" + id + "/eac");
    for (size_t v = 1; v <= versions; ++v) {
      both("GET", "/api/institutions/" + id + "/diff?from=v1&to=v" + std::to_string(v));
    }
    both("GET", "/api/institutions/" + id + "/provenance?duty=" + UrlEncode("编制"));
    // The internal documents' own duty clauses as a draft.
    const auto state = ParseJson(signed_in)["versions"];
    std::string draft;
    for (const auto& ver : state) {
      for (const auto& duty : ver["duties"]) draft += duty.get<std::string>() + "\n";
    }
    if (!draft.empty()) {
      both("POST", "/api/overlap", nlohmann::json{{"text", draft}, {"as_of", "2005-01-01"}}.dump());
      both("POST", "/api/overlap?format=html",
           nlohmann::json{{"text", draft}, {"as_of", "2005-01-01"}}.dump());
    }
  }
  for (int year : {1990, 1999, 2008, 2017}) {
    both("GET",
         "/api/regions/" + UrlEncode("清河市") + "/chart?as_of=" + std::to_string(year) + "-12-31");
    both("GET", "/api/regions/" + UrlEncode("清河市") + "/changes?year=" + std::to_string(year));
  }
  both("GET", "/api/overlap/region?region=" + UrlEncode("清河市") + "&as_of=2000-01-01");
  both("GET", "/api/regions");
  both("GET", "/api/status");
  for (const auto& name : names) both("GET", "/api/institutions?q=" + UrlEncode(name));
  EXPECT_GT(checked, 40u);
  // The checks can fail: the reader, asking the same things, sees internal documents named.
  EXPECT_GT(reader_saw, 20u);
}

TEST_F(ServerE2e, SignInRolesAndAudit) {
  // Wrong password and unknown user: the same 401.
  auto bad1 = Http(Port(), "POST", "/api/login", {"Content-Type: application/json"},
                   R"({"name":"wang","password":"wrong-password"})");
  auto bad2 = Http(Port(), "POST", "/api/login", {"Content-Type: application/json"},
                   R"({"name":"nobody","password":"wrong-password"})");
  EXPECT_EQ(bad1.status, 401);
  EXPECT_EQ(bad1.body, bad2.body);
  EXPECT_NE(bad1.body.find("用户名或密码错误"), std::string::npos);
  // A login must be JSON (a cross-site form cannot send it).
  EXPECT_EQ(
      Http(Port(), "POST", "/api/login", {"Content-Type: text/plain"}, R"({"name":"wang"})").status,
      400);

  // Writes: anonymous 401, reader 403, archivist allowed.
  const std::string reader = Login("li"), archivist = Login("wang"), admin = Login("root");
  EXPECT_EQ(Http(Port(), "POST", "/api/ingest?name=a.txt", {}, "x").status, 401);
  auto h = Bearer(reader);
  EXPECT_EQ(Http(Port(), "POST", "/api/ingest?name=a.txt", h, "x").status, 403);
  EXPECT_EQ(Http(Port(), "GET", "/api/jobs", h).status, 403);
  EXPECT_EQ(Http(Port(), "GET", "/api/failures", h).status, 403);
  const std::string any_doc = "/api/documents/" + std::string(64, 'a') + "/corrections";
  EXPECT_EQ(Http(Port(), "POST", any_doc, {"Content-Type: application/json"}, "{}").status, 401);
  auto reader_json = h;
  reader_json.push_back("Content-Type: application/json");
  EXPECT_EQ(Http(Port(), "POST", any_doc, reader_json, "{}").status, 403);
  EXPECT_EQ(Http(Port(), "GET", "/api/review", h).status, 403);
  EXPECT_EQ(Http(Port(), "GET", "/api/jobs/20260101-000000-1", h).status, 403);
  EXPECT_EQ(Http(Port(), "GET", "/api/failures").status, 401);
  EXPECT_EQ(Http(Port(), "GET", "/api/review").status, 401);
  EXPECT_EQ(Http(Port(), "GET", "/api/audit", Bearer(archivist)).status, 403);
  EXPECT_EQ(Http(Port(), "GET", "/api/jobs", Bearer(archivist)).status, 200);
  // A token that is not valid is refused, not treated as anonymous.
  EXPECT_EQ(Http(Port(), "GET", "/api/search?q=x", Bearer("sdt_forged")).status, 401);

  // The session cookie works for reads; a write by cookie needs X-Requested-With.
  auto me = ParseJson(Http(Port(), "GET", "/api/me", {"Cookie: sanding_session=" + archivist}));
  EXPECT_EQ(me["account"]["role"], "archivist");
  auto no_header =
      Http(Port(), "POST", "/api/ingest?name=a.txt", {"Cookie: sanding_session=" + archivist}, "x");
  EXPECT_EQ(no_header.status, 403);
  EXPECT_NE(no_header.body.find("X-Requested-With"), std::string::npos);

  // Sign-out revokes the session token.
  const std::string session = Login("li");
  EXPECT_EQ(Http(Port(), "POST", "/api/logout", Bearer(session)).status, 200);
  EXPECT_EQ(Http(Port(), "GET", "/api/me", Bearer(session)).status, 401);

  // The audit log recorded the failed and the good sign-ins, readable by the admin only.
  auto audit = ParseJson(Http(Port(), "GET", "/api/audit?limit=1000", Bearer(admin)));
  std::set<std::string> actions;
  for (const auto& e : audit["entries"])
    actions.insert(e["action"].get<std::string>() + (e["ok"].get<bool>() ? "" : "!"));
  EXPECT_TRUE(actions.count("login_failed!")) << audit.dump();
  EXPECT_TRUE(actions.count("login"));
  EXPECT_TRUE(actions.count("logout"));
  EXPECT_EQ(audit["entries"][0]["seq"].get<int>(), audit["total"].get<int>()) << "newest first";
  for (const auto& e : audit["entries"]) EXPECT_EQ(e.dump().find(kPassword), std::string::npos);
}

TEST_F(ServerE2e, CorrectionChangesVisibilityAndIsAudited) {
  const std::string archivist = Login("wang"), admin = Login("root");
  // A public document, found anonymously.
  auto found = ParseJson(Http(Port(), "GET", "/api/search?limit=1&q=" + UrlEncode("清河市物价局")));
  ASSERT_FALSE(found["hits"].empty());
  const std::string sha = found["hits"][0]["sha256"];
  ASSERT_EQ(Http(Port(), "GET", "/api/documents/" + sha).status, 200);

  auto post = [&](const nlohmann::json& body) {
    auto headers = Bearer(archivist);
    headers.push_back("Content-Type: application/json");
    return Http(Port(), "POST", "/api/documents/" + sha + "/corrections", headers, body.dump());
  };
  EXPECT_EQ(post({{"field", "公开属性"}, {"value", "内部"}}).status, 400) << "a reason is required";
  auto made = post({{"field", "公开属性"}, {"value", "内部"}, {"reason", "经核对原件为内部文件"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const auto seq = ParseJson(made)["correction"]["seq"].get<uint64_t>();
  EXPECT_EQ(ParseJson(made)["correction"]["by"], "wang");
  // Now internal: gone for anonymous callers, everywhere.
  EXPECT_EQ(Http(Port(), "GET", "/api/documents/" + sha).status, 404);
  EXPECT_EQ(Http(Port(), "GET", "/api/documents/" + sha + "/original").status, 404);
  const nlohmann::json after =
      ParseJson(Http(Port(), "GET", "/api/search?limit=100&q=" + UrlEncode("清河市物价局")));
  for (const auto& h : after["hits"]) EXPECT_NE(h["sha256"], sha);
  EXPECT_EQ(Http(Port(), "GET", "/api/documents/" + sha, Bearer(archivist)).status, 200);

  // Withdrawn: public again.
  auto withdrawn = post({{"op", "withdraw"}, {"withdraws", seq}, {"reason", "误操作，撤回"}});
  ASSERT_EQ(withdrawn.status, 201) << withdrawn.body;
  EXPECT_EQ(Http(Port(), "GET", "/api/documents/" + sha).status, 200);

  auto audit = ParseJson(Http(Port(), "GET", "/api/audit?limit=1000", Bearer(admin)));
  int corrections = 0;
  for (const auto& e : audit["entries"]) {
    if (e["action"] == "correction" && e["target"] == sha) {
      ++corrections;
      EXPECT_EQ(e["who"], "wang");
      EXPECT_FALSE(e["hash"].get<std::string>().empty());
    }
  }
  EXPECT_EQ(corrections, 3) << "the refused one is audited too";
}

TEST_F(ServerE2e, DocumentPagesImagesAndOriginals) {
  auto found = ParseJson(Http(Port(), "GET", "/api/search?q=" + UrlEncode("馆藏数字化")));
  ASSERT_FALSE(found["hits"].empty()) << found.dump();
  const std::string sha = found["hits"][0]["sha256"];
  auto doc = ParseJson(Http(Port(), "GET", "/api/documents/" + sha));
  ASSERT_EQ(doc["pages"].size(), 1u);
  EXPECT_EQ(doc["pages"][0]["method"], "ocr");
  EXPECT_EQ(doc["extraction"].count("corrections"), 0u)
      << "correction history is for signed-in users";
  auto page = ParseJson(Http(Port(), "GET", "/api/documents/" + sha + "/pages/1?words=1"));
  ASSERT_GT(page["words"].size(), 5u);
  EXPECT_GT(page["width_px"].get<int>(), 0);
  EXPECT_EQ(ParseJson(Http(Port(), "GET", "/api/documents/" + sha + "/pages/1")).count("words"),
            0u);

  auto image = Http(Port(), "GET", "/api/documents/" + sha + "/pages/1/image");
  ASSERT_EQ(image.status, 200);
  EXPECT_EQ(image.Header("content-type"), "image/png");
  EXPECT_EQ(image.body.substr(1, 3), "PNG");
  EXPECT_EQ(Http(Port(), "GET", "/api/documents/" + sha + "/pages/2/image").status, 404);
  EXPECT_EQ(Http(Port(), "GET", "/api/documents/" + sha + "/pages/0").status, 400);
  EXPECT_EQ(Http(Port(), "GET", "/api/documents/" + sha + "/pages/1/image?dpi=5000").status, 400);

  auto original = Http(Port(), "GET", "/api/documents/" + sha + "/original");
  ASSERT_EQ(original.status, 200);
  EXPECT_EQ(original.body.substr(1, 3), "PNG");
  EXPECT_NE(original.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);

  // Malformed ids and paths: clear Chinese errors, never a crash.
  for (const std::string& p :
       std::vector<std::string>{"/api/documents/xyz", "/api/documents/..%2F..%2Fetc%2Fpasswd",
                                "/api/documents/" + std::string(64, 'f'), "/api/nothing",
                                "/api/documents/" + sha + "/pages/abc"}) {
    auto r = Http(Port(), "GET", p);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << p << " " << r.status;
    EXPECT_NE(ParseJson(r)["error"]["message"].get<std::string>(), "") << p;
  }
  // The pages: HTML with the security headers; unknown page routes get the app.
  auto index = Http(Port(), "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.Header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(index.Header("content-security-policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(index.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(Http(Port(), "GET", "/institution/abc").status, 200);
  EXPECT_EQ(Http(Port(), "GET", "/missing.js").status, 404);
  EXPECT_EQ(Http(Port(), "POST", "/index.html", {}, "x").status, 405);
}

TEST_F(ServerE2e, UploadIsLoadedByAJobWithFailuresRecorded) {
  const std::string archivist = Login("wang");
  // A zip from Chinese Windows (GBK names) with a new text document and a broken PDF.
  const std::string zip = fixtures::WriteArchive(
      fixtures::ArchiveKind::kZip,
      {{"2024年/清河市机构编制委员会关于设立清河市数据资源局的批复.txt",
        "清河市机构编制委员会关于设立清河市数据资源局的批复\n清编〔2024〕9号\n市政府办公室：\n同意"
        "设立清河市数据资源局，核定行政编制12名。\n清河市机构编制委员会\n2024年3月1日\n"},
       {"2024年/损坏的扫描件.pdf", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog"}},
      /*gbk_names=*/true);
  auto headers = Bearer(archivist);
  headers.push_back("Content-Type: application/zip");
  auto up = Http(Port(), "POST", "/api/ingest?name=" + UrlEncode("2024年新增.zip"), headers, zip);
  ASSERT_EQ(up.status, 202) << up.body;
  const std::string id = ParseJson(up)["job"]["id"];
  nlohmann::json job;
  for (int i = 0; i < 600; ++i) {
    job = ParseJson(Http(Port(), "GET", "/api/jobs/" + id, Bearer(archivist)))["job"];
    if (job["state"] == "done" || job["state"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["name"], "2024年新增.zip");
  EXPECT_EQ(job["report"]["loaded"], 1);
  EXPECT_EQ(job["report"]["failed"], 1);
  // Searchable at once, anonymously (it is public).
  auto found = ParseJson(Http(Port(), "GET", "/api/search?q=" + UrlEncode("清河市数据资源局")));
  ASSERT_GE(found["total"].get<int>(), 1) << found.dump();
  // The bad member is recorded with a Chinese message naming it.
  auto failures = ParseJson(Http(Port(), "GET", "/api/failures", Bearer(archivist)));
  bool named = false;
  for (const auto& f : failures["failures"]) {
    named =
        named || (f["source"].get<std::string>().find("损坏的扫描件.pdf") != std::string::npos &&
                  !f["message"].get<std::string>().empty());
  }
  EXPECT_TRUE(named) << failures.dump();
  EXPECT_FALSE(fs::exists(data_ + "/server/uploads/" + id)) << "a finished job's upload is removed";
}

TEST_F(ServerE2e, LimitsAnswerWithJsonErrors) {
  // Header over 16 KiB.
  auto big_header = Http(Port(), "GET", "/api/status", {"X-Filler: " + std::string(20000, 'a')});
  EXPECT_EQ(big_header.status, 431);
  // Body over the limit, declared and chunked.
  auto big_body = Http(Port(), "POST", "/api/login", {"Content-Type: application/json"},
                       std::string(2 << 20, ' '));
  EXPECT_EQ(big_body.status, 413);
  std::string chunked =
      "POST /api/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
      "application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 40; ++i) chunked += "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
  chunked += "0\r\n\r\n";
  EXPECT_EQ(HttpRaw(Port(), chunked).status, 413);
  // Garbage instead of HTTP.
  EXPECT_TRUE(HttpRaw(Port(), "\x01\x02 not http\r\n\r\n").status == 400 ||
              HttpRaw(Port(), "\x01\x02 not http\r\n\r\n").status == 0);
  // Still serving.
  EXPECT_EQ(Http(Port(), "GET", "/api/status").status, 200);
  auto bad_query = ParseJson(Http(Port(), "GET", "/api/search?q=" + UrlEncode("（机构")));
  EXPECT_NE(bad_query["error"]["message"].get<std::string>().find("没有对应的"), std::string::npos)
      << bad_query.dump();
}

// Its own data directory: a stop during an ingest job, and the restart that finishes it.
class ServeStopE2e : public SandingDataTest<> {};

TEST_F(ServeStopE2e, GracefulStopDuringIngestLosesNothing) {
  ASSERT_EQ(
      Raw("ingest", {"--quiet", sanding::testing::SourceDir() + "/corpus/docs/d19831020-1.txt"})
          .exit_code,
      0);
  const size_t before = Json("status", {})["files_complete"].get<size_t>();
  fixtures::WriteFile(root_ + "/pw.txt", std::string(kPassword) + "\n");
  const std::string cmd = "'" + SandingBin() + "' user add wang --password-stdin --data '" + data_ +
                          "' < '" + root_ + "/pw.txt' > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  // Six scanned pages: OCR keeps the job busy long enough to be stopped in the middle.
  std::vector<fixtures::ArchiveEntry> entries;
  for (int i = 0; i < 6; ++i) {
    fixtures::RenderOptions ro;
    ro.dpi = 200;
    ro.seed = 10 + i;
    entries.push_back({"扫描件/第" + std::to_string(i + 1) + "号.png",
                       fixtures::RenderPng(fixtures::SampleDocumentText(100 + i, 300), ro)});
  }
  const std::string zip = fixtures::WriteArchive(fixtures::ArchiveKind::kZip, entries);

  Server first(data_, root_);
  first.Start();
  const std::string token =
      ParseJson(Http(first.port(), "POST", "/api/login", {"Content-Type: application/json"},
                     nlohmann::json{{"name", "wang"}, {"password", kPassword}}.dump()))["token"];
  auto up = Http(first.port(), "POST", "/api/ingest?name=scans.zip",
                 {"Authorization: Bearer " + token}, zip);
  ASSERT_EQ(up.status, 202) << up.body;
  const std::string id = ParseJson(up)["job"]["id"];
  // Stop once the job has stored a page, while it still has pages to read.
  for (int i = 0; i < 1200; ++i) {
    auto job = ParseJson(
        Http(first.port(), "GET", "/api/jobs/" + id, {"Authorization: Bearer " + token}))["job"];
    if (job["progress"]["pages_done"].get<int>() >= 1 || job["state"] == "done") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  RunResult stopped = first.Stop();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.Describe();
  const auto persisted = nlohmann::json::parse(Slurp(data_ + "/server/jobs/" + id + ".json"));
  ASSERT_TRUE(persisted["state"] == "interrupted" || persisted["state"] == "done")
      << persisted.dump();

  // The next start resumes it; every page ends up stored once.
  Server second(data_, root_);
  second.Start();
  nlohmann::json job;
  for (int i = 0; i < 3000; ++i) {
    job = ParseJson(
        Http(second.port(), "GET", "/api/jobs/" + id, {"Authorization: Bearer " + token}))["job"];
    if (job["state"] == "done" || job["state"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_GE(job["attempts"].get<int>(), persisted["state"] == "done" ? 1 : 2);
  EXPECT_EQ(second.Stop().exit_code, 0);
  // Every scan stored exactly once, nothing left pending, and the store's invariants hold.
  auto status = Json("status", {});
  EXPECT_EQ(status["files_complete"].get<size_t>(), before + 6) << status.dump();
  EXPECT_EQ(status["files_pending"].get<size_t>(), 0u);
  RunResult check = Raw("check", {});
  EXPECT_EQ(check.exit_code, 0) << check.Describe();
}

}  // namespace
}  // namespace sanding::e2e
