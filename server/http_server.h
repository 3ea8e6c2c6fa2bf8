// A small HTTP/1.1 server on Boost.Beast/Asio for the sanding API and web pages.
//
// What it guarantees, whatever the handler does:
// - limits: request header at most `max_header_bytes` (431 otherwise), body at most the limit the
//   `body_limit` hook returns for that request's header (413 otherwise, chunked bodies included:
//   the limit counts decoded bytes as they arrive); bodies above `memory_body_bytes` are spooled to
//   a file under `spool_dir` instead of memory;
// - timeouts: a request must arrive within `read_timeout` (header and body), a keep-alive
//   connection idle longer than `idle_timeout` is closed, a response must be written within
//   `write_timeout`;
// - bounded concurrency: at most `max_connections` open connections (the next is answered 503 and
//   closed) and at most `threads` handlers running at once;
// - graceful shutdown: Stop() stops accepting, lets requests in progress finish (up to
//   `shutdown_grace`), then closes every connection;
// - every error it produces itself is JSON `{"error": {"code": ..., "message": "<Chinese>"}}`.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/status.h"

namespace sanding::server {

struct Request {
  std::string method;  // "GET", "POST", ... (upper case)
  std::string target;  // as sent ("/api/search?q=%E6%9C%BA")
  std::string path;    // percent-decoded path without the query ("/api/search")
  std::multimap<std::string, std::string> query;  // percent-decoded ('+' is a space)
  std::map<std::string, std::string> headers;     // names in lower case
  std::string body;                               // the body when held in memory
  std::string body_file;  // the body's spool file when it was larger than memory_body_bytes
                          // (deleted after the handler returns unless the handler moved it)
  uint64_t body_size = 0;
  std::string remote;  // peer address ("127.0.0.1")

  // The header's value ("" when absent); `name` in any case.
  std::string Header(const std::string& name) const;
  // The first value of query parameter `name`, or `fallback`.
  std::string Query(const std::string& name, const std::string& fallback = "") const;
  bool HasQuery(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  // When set, the body is this file's content (streamed; for large originals). `body` is ignored.
  std::string file;

  static Response Json(int status, const std::string& json_text);
  // {"error": {"code": code, "message": message}} with `status`.
  static Response Error(int status, const std::string& code, const std::string& message);
};

using Handler = std::function<Response(const Request&)>;

struct HttpOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: an ephemeral port (see HttpServer::port())
  unsigned threads = 0;  // I/O and handler threads; 0: max(4, 2 × cores)
  size_t max_connections = 512;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 1024 * 1024;         // default body limit
  size_t memory_body_bytes = 8 * 1024 * 1024;  // larger bodies are spooled to spool_dir
  std::string spool_dir;                       // "" : the system temp directory
  // Per-request body limit, decided from the method, path and headers before the body is read
  // (e.g. a large limit for an authorised upload). Returns max_body_bytes when not set.
  std::function<size_t(const Request& head)> body_limit;
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds write_timeout{120000};
  std::chrono::milliseconds shutdown_grace{10000};
  // Extra headers added to every response (security headers).
  std::vector<std::pair<std::string, std::string>> default_headers;
  // Called once per finished request (access log): method, target, status, bytes, milliseconds.
  std::function<void(const Request&, int status, uint64_t bytes, double ms)> on_request;
};

class HttpServer {
 public:
  HttpServer(HttpOptions options, Handler handler);
  ~HttpServer();  // Stop() and Wait()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the threads. Error (Chinese) when the address cannot be bound.
  Status Start();
  // The bound port (after Start).
  uint16_t port() const;
  // Graceful stop: no new connections; requests being handled finish (up to shutdown_grace);
  // idle connections are closed. Safe to call from a signal-handling thread and more than once.
  void Stop();
  // Blocks until the server has stopped.
  void Wait();

  // Connections open now and requests being handled now (tests, status).
  size_t open_connections() const;
  size_t active_requests() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Percent-decoding for paths and query strings ('+' as space only when `plus_is_space`).
// Invalid escapes are kept as written.
std::string PercentDecode(std::string_view s, bool plus_is_space);
// Parses "a=1&b=%E4%B8%AD" into decoded pairs.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace sanding::server
