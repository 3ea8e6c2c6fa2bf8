#include "server/audit.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "store/text.h"

namespace sanding::server {

namespace {

Status SysError(const std::string& what, const std::string& path) {
  return Status::IOError(what + " " + path + "：" + std::strerror(errno));
}

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The hash of an entry: SHA-256 of its JSON (keys sorted, as nlohmann orders them) without
// "hash".
std::string EntryHash(nlohmann::json j) {
  j.erase("hash");
  return text::Sha256Hex(Dump(j));
}

std::string IsoTime(int64_t at_ms) {
  const std::time_t secs = static_cast<std::time_t>(at_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(at_ms % 1000));
  return buf;
}

// Reads the whole file at `fd` (from offset 0).
Result<std::string> ReadAll(int fd, const std::string& path) {
  std::string out;
  char buf[65536];
  off_t off = 0;
  for (;;) {
    const ssize_t n = ::pread(fd, buf, sizeof(buf), off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return SysError("无法读取审计日志", path);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    off += n;
  }
  return out;
}

// The complete lines of `text` (each without its '\n'); a trailing piece without '\n' is not
// included.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) break;
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace

void to_json(nlohmann::json& j, const AuditEntry& e) {
  j = nlohmann::json::object();
  j["seq"] = e.seq;
  j["at_ms"] = e.at_ms;
  j["time"] = e.time;
  j["who"] = e.who;
  j["remote"] = e.remote;
  j["action"] = e.action;
  j["target"] = e.target;
  j["detail"] = e.detail;
  j["ok"] = e.ok;
  j["prev"] = e.prev;
  j["hash"] = e.hash;
}

void from_json(const nlohmann::json& j, AuditEntry& e) {
  e.seq = j.value("seq", uint64_t{0});
  e.at_ms = j.value("at_ms", int64_t{0});
  e.time = j.value("time", "");
  e.who = j.value("who", "");
  e.remote = j.value("remote", "");
  e.action = j.value("action", "");
  e.target = j.value("target", "");
  e.detail = j.contains("detail") ? j.at("detail") : nlohmann::json();
  e.ok = j.value("ok", true);
  e.prev = j.value("prev", "");
  e.hash = j.value("hash", "");
}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return SysError("无法打开审计日志", path);
  std::unique_ptr<AuditLog> log(new AuditLog());
  log->path_ = path;
  log->fd_ = fd;
  auto text = ReadAll(fd, path);
  if (!text.ok()) return text.status();
  const std::string& t = *text;
  // A torn last line (a crash mid-append) was never acknowledged: cut it off.
  if (!t.empty() && t.back() != '\n') {
    const size_t nl = t.rfind('\n');
    const off_t keep = nl == std::string::npos ? 0 : static_cast<off_t>(nl + 1);
    if (::ftruncate(fd, keep) != 0 || ::fsync(fd) != 0) {
      return SysError("无法修复审计日志不完整的最后一行", path);
    }
  }
  const auto lines = Lines(t);
  if (!lines.empty()) {
    AuditEntry e;
    try {
      e = nlohmann::json::parse(lines.back()).get<AuditEntry>();
    } catch (const nlohmann::json::exception&) {
      return Status::Corruption("审计日志 " + path + " 第 " + std::to_string(lines.size()) +
                                " 行无法解析，无法继续记录");
    }
    log->last_seq_ = e.seq;
    log->last_hash_ = e.hash;
  }
  return log;
}

AuditLog::~AuditLog() {
  if (fd_ >= 0) ::close(fd_);
}

Result<AuditEntry> AuditLog::Append(const std::string& who, const std::string& remote,
                                    const std::string& action, const std::string& target,
                                    const nlohmann::json& detail, bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  AuditEntry e;
  e.seq = last_seq_ + 1;
  e.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  e.time = IsoTime(e.at_ms);
  e.who = who;
  e.remote = remote;
  e.action = action;
  e.target = target;
  e.detail = detail;
  e.ok = ok;
  e.prev = last_hash_;
  nlohmann::json j = e;
  e.hash = EntryHash(j);
  j["hash"] = e.hash;
  const std::string line = Dump(j) + "\n";

  struct stat st {};
  if (::fstat(fd_, &st) != 0) return SysError("无法写入审计日志", path_);
  const char* p = line.data();
  size_t n = line.size();
  while (n > 0) {
    const ssize_t w = ::write(fd_, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      Status s = SysError("无法写入审计日志", path_);
      if (::ftruncate(fd_, st.st_size) != 0) {
        // The torn line is repaired on the next Open.
      }
      return s;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  if (::fsync(fd_) != 0) return SysError("无法写入审计日志", path_);
  last_seq_ = e.seq;
  last_hash_ = e.hash;
  return e;
}

Result<std::vector<AuditEntry>> AuditLog::Recent(size_t offset, size_t limit) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto text = ReadAll(fd_, path_);
  if (!text.ok()) return text.status();
  const auto lines = Lines(*text);
  std::vector<AuditEntry> out;
  size_t skipped = 0;
  for (auto it = lines.rbegin(); it != lines.rend() && out.size() < limit; ++it) {
    if (skipped < offset) {
      ++skipped;
      continue;
    }
    try {
      out.push_back(nlohmann::json::parse(*it).get<AuditEntry>());
    } catch (const nlohmann::json::exception&) {
      const size_t line_no = static_cast<size_t>(lines.rend() - it);
      return Status::Corruption("审计日志 " + path_ + " 第 " + std::to_string(line_no) +
                                " 行无法解析");
    }
  }
  return out;
}

uint64_t AuditLog::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_seq_;
}

Status AuditLog::Verify() const {
  std::lock_guard<std::mutex> lock(mu_);
  // By path, not through fd_: a file replaced behind our back is what must be checked.
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return SysError("无法读取审计日志", path_);
  auto text = ReadAll(fd, path_);
  ::close(fd);
  if (!text.ok()) return text.status();
  const std::string& t = *text;
  const auto lines = Lines(t);
  const std::string where = "审计日志 " + path_ + " ";
  uint64_t expected_seq = 1;
  std::string prev;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string line_name = where + "第 " + std::to_string(i + 1) + " 行";
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(lines[i]);
    } catch (const nlohmann::json::exception&) {
      return Status::Corruption(line_name + "无法解析（已被修改）");
    }
    if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_unsigned() ||
        !j.contains("hash") || !j["hash"].is_string() || !j.contains("prev") ||
        !j["prev"].is_string()) {
      return Status::Corruption(line_name + "缺少序号或哈希（已被修改）");
    }
    const uint64_t seq = j["seq"].get<uint64_t>();
    if (seq != expected_seq) {
      return Status::Corruption(line_name + "的序号是 " + std::to_string(seq) + "，应为 " +
                                std::to_string(expected_seq) + "（有条目被删除、插入或调换）");
    }
    if (j["prev"].get<std::string>() != prev) {
      return Status::Corruption(line_name + "与上一条的哈希链接不符（有条目被删除、修改或调换）");
    }
    const std::string hash = j["hash"].get<std::string>();
    if (EntryHash(j) != hash) {
      return Status::Corruption(line_name + "的内容与其哈希不符（已被修改）");
    }
    prev = hash;
    ++expected_seq;
  }
  if (!t.empty() && t.back() != '\n') {
    return Status::Corruption(where + "第 " + std::to_string(lines.size() + 1) +
                              " 行不完整（写入中断）");
  }
  if (expected_seq - 1 < last_seq_) {
    return Status::Corruption(where + "只有 " + std::to_string(expected_seq - 1) +
                              " 条记录，但已写入 " + std::to_string(last_seq_) +
                              " 条（末尾的条目被删除）");
  }
  return Status::Ok();
}

}  // namespace sanding::server
