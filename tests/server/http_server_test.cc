#include "server/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>

namespace sanding::server {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  nlohmann::json Json() const { return nlohmann::json::parse(body); }
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A plain blocking socket client, so the tests see exactly the bytes on the wire.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    timeval tv{};
    tv.tv_sec = 10;  // no test waits this long when the server behaves
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  ~Client() { Close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one response. `head`: a response to HEAD (no body whatever Content-Length says).
  std::optional<RawResponse> Read(bool head = false) {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    RawResponse r;
    std::istringstream lines(buf_.substr(0, end));
    std::string line;
    std::getline(lines, line);
    if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) return std::nullopt;
    r.status = std::stoi(line.substr(9, 3));
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[Lower(line.substr(0, colon))] = value;
    }
    buf_.erase(0, end + 4);
    if (head || r.status < 200 || r.status == 204 || r.status == 304) return r;
    if (r.headers.count("content-length")) {
      const size_t len = std::stoul(r.headers["content-length"]);
      while (buf_.size() < len) {
        if (!Fill()) return std::nullopt;
      }
      r.body = buf_.substr(0, len);
      buf_.erase(0, len);
    } else {
      while (Fill()) {
      }
      r.body = std::move(buf_);
      buf_.clear();
    }
    return r;
  }

  // True when the server closes the connection (EOF or reset) before the receive timeout; any
  // bytes received meanwhile are discarded.
  bool WaitClosed() {
    char tmp[4096];
    for (;;) {
      const ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
  }

  std::string& buffered() { return buf_; }

 private:
  bool Fill() {
    char tmp[65536];
    const ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

std::string Get(const std::string& target, const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
}

std::string Post(const std::string& target, const std::string& body,
                 const std::string& extra = "") {
  return "POST " + target +
         " HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra +
         "\r\n" + body;
}

std::string Chunked(const std::string& target, const std::string& body, size_t chunk) {
  std::string out = "POST " + target + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (size_t i = 0; i < body.size(); i += chunk) {
    const std::string part = body.substr(i, chunk);
    char len[32];
    std::snprintf(len, sizeof(len), "%zx\r\n", part.size());
    out += len + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

std::string Pattern(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>('a' + rng() % 26);
  return s;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Polls `cond` for up to 5 s.
template <class F>
bool Eventually(F cond) {
  for (int i = 0; i < 500; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return cond();
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sanding_http_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    options_.port = 0;
    options_.threads = 4;
    options_.spool_dir = (dir_ / "spool").string();
    fs::create_directories(options_.spool_dir);
    options_.default_headers = {{"X-Content-Type-Options", "nosniff"}};
    options_.on_request = [this](const Request&, int status, uint64_t, double) {
      std::lock_guard<std::mutex> lock(mu_);
      logged_.push_back(status);
    };
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  // The default handler echoes what it saw as JSON.
  void StartServer(Handler handler = nullptr) {
    if (!handler) {
      handler = [](const Request& r) {
        nlohmann::json j;
        j["method"] = r.method;
        j["path"] = r.path;
        j["target"] = r.target;
        j["body"] = r.body;
        j["body_size"] = r.body_size;
        j["body_file"] = r.body_file;
        j["remote"] = r.remote;
        j["host"] = r.Header("HOST");
        nlohmann::json q = nlohmann::json::object();
        for (const auto& [k, v] : r.query) q[k].push_back(v);
        j["query"] = q;
        return Response::Json(200, j.dump());
      };
    }
    server_ = std::make_unique<HttpServer>(options_, std::move(handler));
    Status st = server_->Start();
    ASSERT_TRUE(st.ok()) << st.ToString();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  std::vector<int> Logged() {
    std::lock_guard<std::mutex> lock(mu_);
    return logged_;
  }

  fs::path dir_;
  HttpOptions options_;
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
  std::mutex mu_;
  std::vector<int> logged_;
};

TEST(PercentDecodeTest, DecodesAndKeepsInvalidEscapes) {
  EXPECT_EQ(PercentDecode("%E6%9C%BA%E6%9E%84", false), "机构");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("100%", false), "100%");
  EXPECT_EQ(PercentDecode("%zz%4", false), "%zz%4");
  EXPECT_EQ(PercentDecode("%2f%2F", false), "//");
}

TEST(PercentDecodeTest, ParseQuery) {
  auto q = ParseQuery("a=1&b=%E4%B8%AD&a=2&flag&&c=x+y&=v");
  ASSERT_EQ(q.count("a"), 2u);
  auto range = q.equal_range("a");
  EXPECT_EQ(range.first->second, "1");
  EXPECT_EQ(std::next(range.first)->second, "2");
  EXPECT_EQ(q.find("b")->second, "中");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_EQ(q.find("c")->second, "x y");
  EXPECT_EQ(q.find("")->second, "v");
}

TEST(ResponseTest, ErrorIsJson) {
  Response r = Response::Error(404, "not_found", "未找到“文件”");
  EXPECT_EQ(r.status, 404);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_EQ(j["error"]["message"], "未找到“文件”");
  Request q;
  q.headers["content-type"] = "text/plain";
  q.query = ParseQuery("x=1&x=2");
  EXPECT_EQ(q.Header("Content-Type"), "text/plain");
  EXPECT_EQ(q.Header("Missing"), "");
  EXPECT_EQ(q.Query("x"), "1");
  EXPECT_EQ(q.Query("y", "z"), "z");
  EXPECT_TRUE(q.HasQuery("x"));
  EXPECT_FALSE(q.HasQuery("y"));
}

TEST_F(HttpServerTest, GetAndPostOnOneKeepAliveConnection) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send(Get("/api/status")));
  auto r1 = c.Read();
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->status, 200);
  EXPECT_EQ(r1->Header("server"), "sanding");
  EXPECT_EQ(r1->Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r1->Header("content-type"), "application/json; charset=utf-8");
  auto j1 = r1->Json();
  EXPECT_EQ(j1["method"], "GET");
  EXPECT_EQ(j1["path"], "/api/status");
  EXPECT_EQ(j1["host"], "t");
  EXPECT_EQ(j1["remote"], "127.0.0.1");

  const std::string body = "{\"名称\":\"清河市档案馆\"}";
  ASSERT_TRUE(c.Send(Post("/api/items", body, "Content-Type: application/json\r\n")));
  auto r2 = c.Read();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 200);
  auto j2 = r2->Json();
  EXPECT_EQ(j2["method"], "POST");
  EXPECT_EQ(j2["body"], body);
  EXPECT_EQ(j2["body_size"], body.size());
  EXPECT_EQ(j2["body_file"], "");
  EXPECT_EQ(server_->open_connections(), 1u);
  EXPECT_TRUE(Eventually([&] { return Logged().size() == 2; }));
  EXPECT_EQ(Logged(), (std::vector<int>{200, 200}));
}

TEST_F(HttpServerTest, PathAndQueryArePercentDecoded) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/api/%E6%9C%BA%E6%9E%84/a%20b?q=%E4%B8%AD+%E6%96%87&x=1&x=2&flag")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  auto j = r->Json();
  EXPECT_EQ(j["path"], "/api/机构/a b");
  EXPECT_EQ(j["target"], "/api/%E6%9C%BA%E6%9E%84/a%20b?q=%E4%B8%AD+%E6%96%87&x=1&x=2&flag");
  EXPECT_EQ(j["query"]["q"][0], "中 文");
  EXPECT_EQ(j["query"]["x"], nlohmann::json({"1", "2"}));
  EXPECT_EQ(j["query"]["flag"][0], "");
}

TEST_F(HttpServerTest, HeaderTooLargeIs431) {
  options_.max_header_bytes = 1024;
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/", "Cookie: " + std::string(4000, 'x') + "\r\n")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(r->Json()["error"]["code"], "header_too_large");
  EXPECT_TRUE(c.WaitClosed());
  // A header within the limit is fine.
  Client ok(port_);
  ASSERT_TRUE(ok.Send(Get("/", "Cookie: " + std::string(200, 'x') + "\r\n")));
  auto r2 = ok.Read();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 200);
}

TEST_F(HttpServerTest, BodyOverLimitIs413ForContentLength) {
  options_.max_body_bytes = 1000;
  std::atomic<int> calls{0};
  StartServer([&](const Request&) {
    ++calls;
    return Response::Json(200, "{}");
  });
  {
    // Refused from the header alone.
    Client c(port_);
    ASSERT_TRUE(c.Send("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n"));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->Json()["error"]["code"], "body_too_large");
    EXPECT_EQ(r->Header("connection"), "close");
  }
  {
    // The whole body already sent: the client still reads the answer.
    Client c(port_);
    ASSERT_TRUE(c.Send(Post("/x", std::string(5000, 'a'))));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
  }
  {
    Client c(port_);
    ASSERT_TRUE(c.Send(Post("/x", std::string(1000, 'a'))));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(HttpServerTest, ChunkedBodyIsLimitedAndDecoded) {
  options_.max_body_bytes = 1000;
  StartServer();
  {
    Client c(port_);
    ASSERT_TRUE(c.Send(Chunked("/x", Pattern(3000, 1), 500)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->Json()["error"]["code"], "body_too_large");
  }
  {
    // One chunk larger than the limit by itself.
    Client c(port_);
    ASSERT_TRUE(c.Send(Chunked("/x", Pattern(1500, 2), 1500)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
  }
  {
    Client c(port_);
    const std::string body = Pattern(900, 3);
    ASSERT_TRUE(c.Send(Chunked("/x", body, 100)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Json()["body"], body);
  }
}

TEST_F(HttpServerTest, BodyLimitHookRaisesTheLimitForOnePath) {
  options_.max_body_bytes = 1000;
  options_.body_limit = [](const Request& head) -> size_t {
    EXPECT_TRUE(head.body.empty());
    return head.path == "/upload" && head.method == "POST" ? 100000 : 1000;
  };
  StartServer();
  Client c(port_);
  const std::string body = Pattern(50000, 4);
  ASSERT_TRUE(c.Send(Post("/upload", body)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Json()["body_size"], 50000);
  Client c2(port_);
  ASSERT_TRUE(c2.Send(Post("/other", body)));
  auto r2 = c2.Read();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 413);
}

TEST_F(HttpServerTest, LargeBodiesAreSpooledToAFileThatIsRemovedAfterwards) {
  options_.max_body_bytes = 1 << 20;
  options_.memory_body_bytes = 1000;
  std::mutex mu;
  std::vector<std::string> files;
  StartServer([&](const Request& r) {
    nlohmann::json j;
    j["in_memory"] = r.body;
    j["size"] = r.body_size;
    j["file"] = r.body_file;
    if (!r.body_file.empty()) {
      j["content"] = ReadFile(r.body_file);
      std::lock_guard<std::mutex> lock(mu);
      files.push_back(r.body_file);
    }
    if (r.path == "/keep" && !r.body_file.empty()) {
      fs::rename(r.body_file, fs::path(r.body_file).parent_path().parent_path() / "kept");
    }
    return Response::Json(200, j.dump());
  });
  const std::string big = Pattern(5000, 5);
  Client c(port_);
  ASSERT_TRUE(c.Send(Post("/up", big)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  auto j = r->Json();
  EXPECT_EQ(j["in_memory"], "");
  EXPECT_EQ(j["size"], 5000);
  EXPECT_EQ(j["content"], big);
  const std::string file = j["file"];
  EXPECT_EQ(fs::path(file).parent_path(), fs::path(options_.spool_dir));
  EXPECT_FALSE(fs::exists(file));

  // Chunked (length unknown until the end) and spooled once past the threshold.
  ASSERT_TRUE(c.Send(Chunked("/up", big, 700)));
  r = c.Read();
  ASSERT_TRUE(r);
  j = r->Json();
  EXPECT_EQ(j["size"], 5000);
  EXPECT_EQ(j["content"], big);
  EXPECT_FALSE(fs::exists(std::string(j["file"])));

  // Small chunked bodies stay in memory.
  ASSERT_TRUE(c.Send(Chunked("/up", "abc", 2)));
  r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Json()["in_memory"], "abc");
  EXPECT_EQ(r->Json()["file"], "");

  // A file the handler moved away is left alone.
  ASSERT_TRUE(c.Send(Post("/keep", big)));
  r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(ReadFile((dir_ / "kept").string()), big);
  EXPECT_TRUE(fs::is_empty(options_.spool_dir));
}

TEST_F(HttpServerTest, SlowClientIsClosedAfterReadTimeout) {
  options_.read_timeout = 300ms;
  options_.idle_timeout = 300ms;
  StartServer();
  Client slow(port_);
  ASSERT_TRUE(slow.Send("GET / HTTP/1.1\r\nHo"));
  EXPECT_TRUE(slow.WaitClosed());

  // A body that never completes.
  Client slow_body(port_);
  ASSERT_TRUE(slow_body.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc"));
  EXPECT_TRUE(slow_body.WaitClosed());

  // An idle keep-alive connection is closed too.
  Client idle(port_);
  ASSERT_TRUE(idle.Send(Get("/")));
  auto r = idle.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(idle.WaitClosed());
  EXPECT_TRUE(Eventually([&] { return server_->open_connections() == 0; }));
}

TEST_F(HttpServerTest, MaxConnectionsAnswers503Busy) {
  options_.max_connections = 2;
  StartServer();
  Client a(port_), b(port_);
  ASSERT_TRUE(a.Send(Get("/")));
  ASSERT_TRUE(b.Send(Get("/")));
  ASSERT_TRUE(a.Read());
  ASSERT_TRUE(b.Read());
  ASSERT_EQ(server_->open_connections(), 2u);
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->body, R"({"error":{"code":"busy","message":"服务器繁忙，请稍后再试"}})");
  EXPECT_TRUE(c.WaitClosed());
  a.Close();
  ASSERT_TRUE(Eventually([&] { return server_->open_connections() == 1; }));
  Client d(port_);
  ASSERT_TRUE(d.Send(Get("/")));
  auto r2 = d.Read();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 200);
}

TEST_F(HttpServerTest, HandlerExceptionIs500AndTheServerCarriesOn) {
  StartServer([](const Request& r) -> Response {
    if (r.path == "/throw") throw std::runtime_error("boom");
    if (r.path == "/throw-int") throw 42;
    return Response::Json(200, "{\"ok\":true}");
  });
  Client c(port_);
  for (const char* path : {"/throw", "/throw-int"}) {
    ASSERT_TRUE(c.Send(Get(path)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 500);
    EXPECT_EQ(r->Json()["error"]["code"], "internal");
    EXPECT_EQ(r->Json()["error"]["message"], "服务器内部错误");
  }
  ASSERT_TRUE(c.Send(Get("/fine")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(HttpServerTest, MalformedRequestIs400) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send("THIS IS NOT HTTP\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->Json()["error"]["code"], "bad_request");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(HttpServerTest, StopLetsARunningHandlerFinish) {
  options_.shutdown_grace = 5000ms;
  std::atomic<bool> release{false};
  StartServer([&](const Request& r) {
    if (r.path == "/slow") {
      while (!release.load()) std::this_thread::sleep_for(5ms);
      return Response::Json(200, "{\"slow\":\"done\"}");
    }
    return Response::Json(200, "{}");
  });
  Client idle(port_);
  ASSERT_TRUE(idle.Send(Get("/")));
  ASSERT_TRUE(idle.Read());
  Client partial(port_);
  ASSERT_TRUE(partial.Send("GET /late HTTP/1.1\r\n"));
  Client slow(port_);
  ASSERT_TRUE(slow.Send(Get("/slow")));
  ASSERT_TRUE(Eventually([&] { return server_->active_requests() == 1; }));
  // Give the server time to read the partial header (it is then no longer idle).
  std::this_thread::sleep_for(200ms);

  std::thread stopper([&] { server_->Stop(); });
  server_->Stop();  // twice, from two threads
  stopper.join();
  // No new connections.
  Client refused(port_);
  EXPECT_FALSE(refused.connected() && refused.Send(Get("/")) && refused.Read());
  // The idle keep-alive connection is closed.
  EXPECT_TRUE(idle.WaitClosed());
  // A request completed after Stop began is refused.
  ASSERT_TRUE(partial.Send("Host: t\r\n\r\n"));
  auto late = partial.Read();
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 503);
  EXPECT_EQ(late->Json()["error"]["code"], "shutting_down");
  EXPECT_EQ(late->Json()["error"]["message"], "服务器正在停止");

  release = true;
  auto r = slow.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Json()["slow"], "done");
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_TRUE(slow.WaitClosed());
  server_->Wait();
  EXPECT_EQ(server_->open_connections(), 0u);
  server_->Stop();  // after Wait: still harmless
}

TEST_F(HttpServerTest, StopTwiceAndDestroy) {
  StartServer();
  server_->Stop();
  server_->Stop();
  server_->Wait();
  server_->Wait();
  server_.reset();
  // Never started: the destructor must not hang.
  HttpServer never(options_, [](const Request&) { return Response::Json(200, "{}"); });
}

TEST_F(HttpServerTest, StartFailsOnABusyPort) {
  StartServer();
  HttpOptions o = options_;
  o.port = port_;
  HttpServer second(o, [](const Request&) { return Response::Json(200, "{}"); });
  Status st = second.Start();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("无法在"), std::string::npos) << st.message();
}

TEST_F(HttpServerTest, FileResponsesAreStreamed) {
  const std::string content = Pattern(3 * 1024 * 1024 + 17, 6);
  const std::string path = (dir_ / "original.bin").string();
  std::ofstream(path, std::ios::binary) << content;
  StartServer([&](const Request& r) {
    Response res;
    res.content_type = "application/octet-stream";
    res.file = r.path == "/missing" ? (dir_ / "nope.bin").string() : path;
    res.headers.push_back({"Content-Disposition", "attachment"});
    return res;
  });
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/file")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-length"), std::to_string(content.size()));
  EXPECT_EQ(r->Header("content-type"), "application/octet-stream");
  EXPECT_EQ(r->Header("content-disposition"), "attachment");
  EXPECT_TRUE(r->body == content);

  ASSERT_TRUE(c.Send("HEAD /file HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto h = c.Read(/*head=*/true);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(h->Header("content-length"), std::to_string(content.size()));

  ASSERT_TRUE(c.Send(Get("/missing")));
  auto m = c.Read();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 500);
  EXPECT_EQ(m->Json()["error"]["code"], "internal");
}

TEST_F(HttpServerTest, HeadSendsHeadersOnly) {
  StartServer([](const Request& r) {
    return Response::Json(200, "{\"method\":\"" + r.method + "\",\"pad\":\"xxxxxxxx\"}");
  });
  Client c(port_);
  ASSERT_TRUE(c.Send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto h = c.Read(/*head=*/true);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  const std::string get_body = "{\"method\":\"GET\",\"pad\":\"xxxxxxxx\"}";
  EXPECT_EQ(h->Header("content-length"), std::to_string(get_body.size() + 1));  // "HEAD"
  EXPECT_EQ(h->Header("server"), "sanding");
  // No body bytes followed: the next response on the connection parses cleanly.
  ASSERT_TRUE(c.Send(Get("/x")));
  auto g = c.Read();
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, 200);
  EXPECT_EQ(g->body, get_body);
}

TEST_F(HttpServerTest, Expect100Continue) {
  options_.max_body_bytes = 4 << 20;
  StartServer();
  const std::string body = Pattern(2 << 20, 7);
  Client c(port_);
  ASSERT_TRUE(c.Send("POST /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n"));
  auto cont = c.Read();
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  ASSERT_TRUE(c.Send(body));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Json()["body_size"], body.size());

  // Over the limit: 413 at once, no 100.
  Client big(port_);
  ASSERT_TRUE(big.Send(
      "POST /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n"));
  auto refused = big.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
}

}  // namespace
}  // namespace sanding::server
