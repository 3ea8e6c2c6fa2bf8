#include "server/http_server.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <exception>
#include <filesystem>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>

#include "server/internal/http_spool_body.h"
#include "store/text.h"

namespace sanding::server {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using beast::error_code;
using Clock = std::chrono::steady_clock;
using internal::SpoolBody;

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Sv(beast::string_view s) { return {s.data(), s.size()}; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsHttpParseError(const error_code& ec) {
  return &ec.category() == &http::make_error_code(http::error::bad_target).category();
}

// Bytes of the request still to be discarded after an early error response before the
// connection is closed (so the client reads the response instead of a reset).
constexpr uint64_t kLingerBytes = 8 * 1024 * 1024;
constexpr std::chrono::milliseconds kLingerTime{1000};
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

class ServerCore;

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `counted`: an accepted connection within max_connections; otherwise it is answered 503 busy.
  Session(ServerCore& core, tcp::socket socket, bool counted);
  ~Session();

  void Run();
  // Posted on this session's strand when the server begins to stop.
  void OnStop();
  // Only when no I/O thread runs (after Wait).
  void CloseNow() { Close(); }
  net::any_io_executor executor() { return stream_.get_executor(); }

 private:
  void Begin();
  void WaitForRequest();
  void OnFirstBytes(error_code ec, size_t n);
  void StartRead();
  void OnHeader(error_code ec);
  void ReadBody();
  void OnBody(error_code ec);
  void Dispatch();
  void SendError(int status, const std::string& code, const std::string& message);
  void SendResponse(Response res, bool close);
  template <class Msg>
  void FillHeaders(Msg& msg, const Response& res, bool close);
  template <class Msg>
  void Write(std::shared_ptr<Msg> msg, bool close, int status, uint64_t bytes);
  void OnWrite(error_code ec, bool close, int status, uint64_t bytes);
  void Linger();
  void DoLinger();
  void Close();

  ServerCore& core_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool counted_;
  std::string remote_;
  bool first_ = true;
  bool idle_ = false;    // waiting for the first byte of the next request
  bool linger_ = false;  // part of the request is unread: drain before closing
  bool closed_ = false;
  bool keep_alive_ = false;
  unsigned version_ = 11;
  Clock::time_point started_{};
  Request req_;
  std::optional<http::request_parser<http::empty_body>> head_parser_;
  std::unique_ptr<http::request_parser<SpoolBody>> body_parser_;
  std::shared_ptr<void> res_;  // the response being written
  uint64_t limit_ = 0;         // this request's body limit
  uint64_t lingered_ = 0;
  std::unique_ptr<std::array<char, 16384>> scratch_;
};

class ServerCore {
 public:
  ServerCore(HttpOptions options, Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        threads_n_(options_.threads != 0
                       ? options_.threads
                       : std::max(4u, 2u * std::max(1u, std::thread::hardware_concurrency()))),
        ioc_(static_cast<int>(threads_n_)),
        acceptor_(ioc_),
        grace_timer_(ioc_) {}

  ~ServerCore() {
    Stop();
    Wait();
    destroying_ = true;
    // Members are destroyed next: the io_context (declared after the registry) destroys any
    // session still held by a pending operation.
  }

  Status Start() {
    if (stopping_) return Status::Internal("服务器已停止，不能再次启动");
    if (started_) return Status::Internal("服务器已经启动");
    error_code ec;
    auto address = net::ip::make_address(options_.address, ec);
    if (ec) return Status::InvalidArgument("无效的监听地址“" + options_.address + "”");
    tcp::endpoint endpoint(address, options_.port);
    const std::string where = options_.address + ":" + std::to_string(options_.port);
    {
      std::lock_guard<std::mutex> lock(acceptor_mu_);
      acceptor_.open(endpoint.protocol(), ec);
      if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
      if (!ec) acceptor_.bind(endpoint, ec);
      if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
      if (ec) {
        error_code ignored;
        acceptor_.close(ignored);
        return Status::IOError("无法在 " + where + " 上监听：" + ec.message());
      }
      port_ = acceptor_.local_endpoint(ec).port();
      DoAcceptLocked();
    }
    started_ = true;
    threads_.reserve(threads_n_);
    for (unsigned i = 0; i < threads_n_; ++i) {
      threads_.emplace_back([this] {
        for (;;) {
          try {
            ioc_.run();
            return;
          } catch (const std::exception& e) {
            spdlog::error("HTTP 服务线程异常：{}", e.what());
          } catch (...) {
            spdlog::error("HTTP 服务线程发生未知异常");
          }
        }
      });
    }
    return Status::Ok();
  }

  void Stop() {
    bool expected = false;
    if (!stopping_.compare_exchange_strong(expected, true)) return;
    {
      std::lock_guard<std::mutex> lock(acceptor_mu_);
      error_code ignored;
      if (acceptor_.is_open()) acceptor_.close(ignored);
    }
    if (!started_) return;
    for (auto& s : Snapshot()) {
      net::post(s->executor(), [s] { s->OnStop(); });
    }
    {
      std::lock_guard<std::mutex> lock(timer_mu_);
      grace_timer_.expires_after(options_.shutdown_grace);
      grace_timer_.async_wait([this](error_code ec) {
        if (ec) return;
        spdlog::warn("HTTP 服务停止等待超时，仍有 {} 个连接，强制关闭", open_.load());
        ioc_.stop();
      });
    }
    if (open_.load() == 0) ioc_.stop();
  }

  void Wait() {
    std::lock_guard<std::mutex> lock(wait_mu_);
    bool joined = false;
    for (auto& t : threads_) {
      if (!t.joinable()) continue;
      if (t.get_id() == std::this_thread::get_id()) {
        t.detach();
      } else {
        t.join();
        joined = true;
      }
    }
    if (joined) {
      // No I/O thread runs now: connections left by a forced stop are closed here.
      for (auto& s : Snapshot()) s->CloseNow();
    }
  }

  uint16_t port() const { return port_; }
  size_t open_connections() const { return open_.load(); }
  size_t active_requests() const { return active_.load(); }

  // For sessions.
  const HttpOptions& options() const { return options_; }
  const Handler& handler() const { return handler_; }
  bool stopping() const { return stopping_.load(); }
  std::atomic<size_t>& active() { return active_; }

  void Register(Session* s, const std::shared_ptr<Session>& p) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    sessions_[s] = p;
  }

  void ConnectionClosed(Session* s) {
    {
      std::lock_guard<std::mutex> lock(sessions_mu_);
      sessions_.erase(s);
    }
    const size_t left = --open_;
    if (left == 0 && stopping_.load() && !destroying_.load()) ioc_.stop();
  }

 private:
  std::vector<std::shared_ptr<Session>> Snapshot() {
    std::vector<std::shared_ptr<Session>> out;
    std::lock_guard<std::mutex> lock(sessions_mu_);
    for (auto& [ptr, weak] : sessions_) {
      if (auto s = weak.lock()) out.push_back(std::move(s));
    }
    return out;
  }

  // REQUIRES: acceptor_mu_ held.
  void DoAcceptLocked() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](error_code ec, tcp::socket socket) {
      OnAccept(ec, std::move(socket));
    });
  }

  void OnAccept(error_code ec, tcp::socket socket) {
    if (!ec) {
      if (stopping_.load()) {
        error_code ignored;
        socket.close(ignored);
      } else if (open_.load() >= options_.max_connections) {
        std::make_shared<Session>(*this, std::move(socket), false)->Run();
      } else {
        ++open_;
        auto s = std::make_shared<Session>(*this, std::move(socket), true);
        Register(s.get(), s);
        s->Run();
      }
    } else if (ec != net::error::operation_aborted) {
      spdlog::warn("HTTP 接受连接失败：{}", ec.message());
    }
    std::lock_guard<std::mutex> lock(acceptor_mu_);
    if (!acceptor_.is_open()) return;
    if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space) {
      // Out of file descriptors: try again shortly instead of spinning.
      auto timer = std::make_shared<net::steady_timer>(ioc_, std::chrono::milliseconds(100));
      timer->async_wait([this, timer](error_code) {
        std::lock_guard<std::mutex> l(acceptor_mu_);
        if (acceptor_.is_open()) DoAcceptLocked();
      });
      return;
    }
    DoAcceptLocked();
  }

  HttpOptions options_;
  Handler handler_;
  unsigned threads_n_;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> destroying_{false};
  std::atomic<size_t> open_{0};
  std::atomic<size_t> active_{0};
  uint16_t port_ = 0;
  std::mutex sessions_mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
  std::mutex wait_mu_;
  std::mutex acceptor_mu_;
  std::mutex timer_mu_;
  // Declared after everything sessions use: destroyed first.
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer grace_timer_;
  std::vector<std::thread> threads_;
};

Session::Session(ServerCore& core, tcp::socket socket, bool counted)
    : core_(core), stream_(std::move(socket)), counted_(counted) {
  error_code ec;
  auto ep = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ = ep.address().to_string();
  req_.remote = remote_;
}

Session::~Session() {
  if (counted_) core_.ConnectionClosed(this);
}

void Session::Run() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Begin(); });
}

void Session::Begin() {
  if (!counted_) {
    linger_ = true;
    SendError(503, "busy", "服务器繁忙，请稍后再试");
    return;
  }
  if (core_.stopping()) {
    Close();
    return;
  }
  WaitForRequest();
}

void Session::OnStop() {
  if (idle_) Close();
}

void Session::WaitForRequest() {
  if (closed_) return;
  if (buffer_.size() > 0) {
    StartRead();
    return;
  }
  idle_ = true;
  const auto& o = core_.options();
  stream_.expires_after(first_ ? o.read_timeout : o.idle_timeout);
  stream_.async_read_some(
      buffer_.prepare(8192),
      [self = shared_from_this()](error_code ec, size_t n) { self->OnFirstBytes(ec, n); });
}

void Session::OnFirstBytes(error_code ec, size_t n) {
  idle_ = false;
  if (ec || closed_) {
    Close();
    return;
  }
  buffer_.commit(n);
  StartRead();
}

void Session::StartRead() {
  const auto& o = core_.options();
  started_ = Clock::now();
  first_ = false;
  req_ = Request{};
  req_.remote = remote_;
  keep_alive_ = false;
  stream_.expires_after(o.read_timeout);
  head_parser_.emplace();
  head_parser_->header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(o.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  // The body limit is decided after the header (boost::none would reject any body in 1.74).
  head_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  http::async_read_header(
      stream_, buffer_, *head_parser_,
      [self = shared_from_this()](error_code ec, size_t) { self->OnHeader(ec); });
}

void Session::OnHeader(error_code ec) {
  if (ec == http::error::header_limit) {
    linger_ = true;
    SendError(431, "header_too_large",
              "请求头过大（上限 " + text::HumanBytes(core_.options().max_header_bytes) + "）");
    return;
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) {
    Close();
    return;
  }
  if (ec && IsHttpParseError(ec)) {
    linger_ = true;
    SendError(400, "bad_request", "请求格式错误");
    return;
  }
  if (ec) {
    Close();  // timeout, reset, ...
    return;
  }
  auto& p = *head_parser_;
  const auto& h = p.get();
  version_ = h.version();
  keep_alive_ = p.keep_alive();
  req_.method = std::string(Sv(h.method_string()));
  req_.target = std::string(Sv(h.target()));
  std::string_view target = req_.target;
  std::string_view path = target.substr(0, target.find_first_of("?#"));
  req_.path = PercentDecode(path, false);
  if (size_t q = target.find('?'); q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    query = query.substr(0, query.find('#'));
    req_.query = ParseQuery(query);
  }
  for (const auto& field : h) {
    std::string name = ToLower(Sv(field.name_string()));
    auto [it, inserted] = req_.headers.emplace(name, std::string(Sv(field.value())));
    if (!inserted) it->second += ", " + std::string(Sv(field.value()));
  }

  if (core_.stopping()) {
    linger_ = true;
    SendError(503, "shutting_down", "服务器正在停止");
    return;
  }
  const auto& o = core_.options();
  uint64_t limit = o.max_body_bytes;
  if (o.body_limit) {
    try {
      limit = o.body_limit(req_);
    } catch (const std::exception& e) {
      spdlog::error("HTTP 请求体上限回调异常（{} {}）：{}", req_.method, req_.target, e.what());
      linger_ = true;
      SendError(500, "internal", "服务器内部错误");
      return;
    }
  }
  limit_ = limit;
  if (p.is_done()) {
    Dispatch();
    return;
  }
  if (auto cl = p.content_length(); cl && *cl > limit) {
    linger_ = true;
    SendError(413, "body_too_large", "请求体过大（上限 " + text::HumanBytes(limit) + "）");
    return;
  }
  const bool expect_continue = beast::iequals(h[http::field::expect], "100-continue");
  body_parser_ = std::make_unique<http::request_parser<SpoolBody>>(std::move(p));
  head_parser_.reset();
  body_parser_->body_limit(limit);
  auto& body = body_parser_->get().body();
  body.memory_limit = o.memory_body_bytes;
  body.dir = o.spool_dir;
  if (expect_continue) {
    net::async_write(stream_, net::buffer(kContinue, sizeof(kContinue) - 1),
                     [self = shared_from_this()](error_code ec, size_t) {
                       if (ec) {
                         self->Close();
                       } else {
                         self->ReadBody();
                       }
                     });
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  http::async_read(stream_, buffer_, *body_parser_,
                   [self = shared_from_this()](error_code ec, size_t) { self->OnBody(ec); });
}

void Session::OnBody(error_code ec) {
  auto& body = body_parser_->get().body();
  if (ec == http::error::body_limit) {
    body.Discard();
    linger_ = true;
    SendError(413, "body_too_large", "请求体过大（上限 " + text::HumanBytes(limit_) + "）");
    return;
  }
  if (body.io_failed) {
    spdlog::error("HTTP 无法暂存请求体（{}）：{}", req_.target, ec.message());
    body.Discard();
    linger_ = true;
    SendError(500, "internal", "服务器无法暂存上传的内容");
    return;
  }
  if (ec && IsHttpParseError(ec) && ec != http::error::end_of_stream &&
      ec != http::error::partial_message) {
    body.Discard();
    linger_ = true;
    SendError(400, "bad_request", "请求格式错误");
    return;
  }
  if (ec) {
    Close();
    return;
  }
  req_.body_size = body.size;
  if (!body.path.empty()) {
    req_.body_file = std::exchange(body.path, {});
  } else {
    req_.body = std::move(body.memory);
  }
  Dispatch();
}

void Session::Dispatch() {
  Response res;
  ++core_.active();
  try {
    res = core_.handler()(req_);
  } catch (const std::exception& e) {
    spdlog::error("HTTP 处理请求异常（{} {}）：{}", req_.method, req_.target, e.what());
    res = Response::Error(500, "internal", "服务器内部错误");
  } catch (...) {
    spdlog::error("HTTP 处理请求时发生未知异常（{} {}）", req_.method, req_.target);
    res = Response::Error(500, "internal", "服务器内部错误");
  }
  --core_.active();
  if (!req_.body_file.empty()) {
    // Deleted unless the handler moved it away.
    ::unlink(req_.body_file.c_str());
  }
  body_parser_.reset();
  head_parser_.reset();
  SendResponse(std::move(res), !keep_alive_ || core_.stopping());
}

void Session::SendError(int status, const std::string& code, const std::string& message) {
  SendResponse(Response::Error(status, code, message), true);
}

template <class Msg>
void Session::FillHeaders(Msg& msg, const Response& res, bool close) {
  msg.version(version_ == 10 ? 10 : 11);
  msg.result(static_cast<unsigned>(res.status));
  for (const auto& [name, value] : core_.options().default_headers) msg.set(name, value);
  msg.set(http::field::server, "sanding");
  if (!res.content_type.empty()) msg.set(http::field::content_type, res.content_type);
  for (const auto& [name, value] : res.headers) {
    bool is_default = false;
    for (const auto& d : core_.options().default_headers) {
      if (beast::iequals(d.first, name)) is_default = true;
    }
    if (is_default || beast::iequals(name, "server") || beast::iequals(name, "content-type")) {
      msg.set(name, value);
    } else {
      msg.insert(name, value);
    }
  }
  msg.keep_alive(!close);
}

void Session::SendResponse(Response res, bool close) {
  if (res.status < 100 || res.status > 999) {
    spdlog::error("HTTP 处理器返回了无效的状态码 {}（{}）", res.status, req_.target);
    res = Response::Error(500, "internal", "服务器内部错误");
  }
  const bool head = req_.method == "HEAD";
  const bool no_body = res.status < 200 || res.status == 204 || res.status == 304;
  const int status = res.status;

  if (!res.file.empty() && !no_body) {
    http::file_body::value_type file;
    error_code fec;
    file.open(res.file.c_str(), beast::file_mode::scan, fec);
    if (fec) {
      spdlog::error("HTTP 无法打开响应文件 {}：{}", res.file, fec.message());
      res = Response::Error(500, "internal", "服务器无法读取文件");
    } else {
      const uint64_t size = file.size();
      if (head) {
        auto msg = std::make_shared<http::response<http::empty_body>>();
        FillHeaders(*msg, res, close);
        msg->content_length(size);
        Write(std::move(msg), close, status, 0);
      } else {
        auto msg = std::make_shared<http::response<http::file_body>>();
        FillHeaders(*msg, res, close);
        msg->body() = std::move(file);
        msg->content_length(size);
        Write(std::move(msg), close, status, size);
      }
      return;
    }
  }
  if (head || no_body) {
    auto msg = std::make_shared<http::response<http::empty_body>>();
    FillHeaders(*msg, res, close);
    if (!no_body) msg->content_length(res.body.size());
    Write(std::move(msg), close, res.status, 0);
    return;
  }
  auto msg = std::make_shared<http::response<http::string_body>>();
  FillHeaders(*msg, res, close);
  const uint64_t size = res.body.size();
  msg->body() = std::move(res.body);
  msg->content_length(size);
  Write(std::move(msg), close, res.status, size);
}

template <class Msg>
void Session::Write(std::shared_ptr<Msg> msg, bool close, int status, uint64_t bytes) {
  res_ = msg;
  stream_.expires_after(core_.options().write_timeout);
  http::async_write(stream_, *msg,
                    [self = shared_from_this(), close, status, bytes](error_code ec, size_t) {
                      self->OnWrite(ec, close, status, bytes);
                    });
}

void Session::OnWrite(error_code ec, bool close, int status, uint64_t bytes) {
  res_.reset();
  if (const auto& cb = core_.options().on_request) {
    const double ms =
        started_ == Clock::time_point{}
            ? 0.0
            : std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
    try {
      cb(req_, status, bytes, ms);
    } catch (const std::exception& e) {
      spdlog::error("HTTP 访问日志回调异常：{}", e.what());
    } catch (...) {
      spdlog::error("HTTP 访问日志回调发生未知异常");
    }
  }
  if (ec) {
    Close();
    return;
  }
  if (close || core_.stopping()) {
    if (linger_) {
      Linger();
    } else {
      Close();
    }
    return;
  }
  WaitForRequest();
}

void Session::Linger() {
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  scratch_ = std::make_unique<std::array<char, 16384>>();
  lingered_ = 0;
  DoLinger();
}

void Session::DoLinger() {
  stream_.async_read_some(net::buffer(*scratch_),
                          [self = shared_from_this()](error_code ec, size_t n) {
                            self->lingered_ += n;
                            if (ec || self->lingered_ > kLingerBytes) {
                              self->Close();
                            } else {
                              self->DoLinger();
                            }
                          });
}

void Session::Close() {
  if (closed_) return;
  closed_ = true;
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string Request::Header(const std::string& name) const {
  auto it = headers.find(ToLower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::Query(const std::string& name, const std::string& fallback) const {
  auto it = query.lower_bound(name);
  return it != query.end() && it->first == name ? it->second : fallback;
}

bool Request::HasQuery(const std::string& name) const { return query.count(name) > 0; }

Response Response::Json(int status, const std::string& json_text) {
  Response r;
  r.status = status;
  r.body = json_text;
  return r;
}

Response Response::Error(int status, const std::string& code, const std::string& message) {
  nlohmann::json j = {{"error", {{"code", code}, {"message", message}}}};
  return Json(status, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
      out.push_back(c);
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::multimap<std::string, std::string> ParseQuery(std::string_view query) {
  std::multimap<std::string, std::string> out;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace(PercentDecode(part, true), std::string());
    } else {
      out.emplace(PercentDecode(part.substr(0, eq), true),
                  PercentDecode(part.substr(eq + 1), true));
    }
  }
  return out;
}

struct HttpServer::Impl : ServerCore {
  using ServerCore::ServerCore;
};

HttpServer::HttpServer(HttpOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() {
  Stop();
  Wait();
}

Status HttpServer::Start() { return impl_->Start(); }
uint16_t HttpServer::port() const { return impl_->port(); }
void HttpServer::Stop() { impl_->Stop(); }
void HttpServer::Wait() { impl_->Wait(); }
size_t HttpServer::open_connections() const { return impl_->open_connections(); }
size_t HttpServer::active_requests() const { return impl_->active_requests(); }

}  // namespace sanding::server
