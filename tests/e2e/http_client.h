// A minimal blocking HTTP/1.1 client over POSIX sockets for the end-to-end tests of
// `sanding serve`: one request per connection (Connection: close), raw bytes allowed so tests can
// also send malformed or oversized requests.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sanding::e2e {

struct HttpResult {
  int status = 0;  // 0 when the connection failed or the answer was not HTTP
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Sends `raw` to 127.0.0.1:port and reads the answer until the server closes the connection.
inline HttpResult HttpRaw(uint16_t port, const std::string& raw, int timeout_s = 120) {
  HttpResult r;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return r;
  timeval tv{timeout_s, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return r;
  }
  size_t off = 0;
  while (off < raw.size()) {
    ssize_t n = ::send(fd, raw.data() + off, raw.size() - off, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413, 431) and close before reading it all
    off += static_cast<size_t>(n);
  }
  std::string in;
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  const size_t head_end = in.find("\r\n\r\n");
  if (in.compare(0, 5, "HTTP/") != 0 || head_end == std::string::npos) return r;
  r.status = std::atoi(in.c_str() + in.find(' ') + 1);
  size_t line = in.find("\r\n") + 2;
  while (line < head_end) {
    size_t eol = in.find("\r\n", line);
    std::string h = in.substr(line, eol - line);
    size_t colon = h.find(':');
    if (colon != std::string::npos) {
      std::string name = h.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(value.begin());
      r.headers[name] = value;
    }
    line = eol + 2;
  }
  std::string body = in.substr(head_end + 4);
  if (r.Header("transfer-encoding").find("chunked") != std::string::npos) {
    std::string decoded;
    size_t p = 0;
    while (p < body.size()) {
      size_t eol = body.find("\r\n", p);
      if (eol == std::string::npos) break;
      size_t len = std::stoul(body.substr(p, eol - p), nullptr, 16);
      if (len == 0) break;
      decoded += body.substr(eol + 2, len);
      p = eol + 2 + len + 2;
    }
    body = decoded;
  }
  r.body = std::move(body);
  return r;
}

// One request: `headers` as "Name: value" lines (without CRLF).
inline HttpResult Http(uint16_t port, const std::string& method, const std::string& target,
                       const std::vector<std::string>& headers = {}, const std::string& body = "") {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& h : headers) raw += h + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT")
    raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  raw += "\r\n" + body;
  return HttpRaw(port, raw);
}

// Percent-encodes a query value or a path segment.
inline std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace sanding::e2e
