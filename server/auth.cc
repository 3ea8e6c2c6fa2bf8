#include "server/auth.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "store/text.h"

namespace sanding::server {

namespace {

constexpr int kIterations = 200000;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
constexpr size_t kTokenBytes = 32;
constexpr char kTokenPrefix[] = "sdt_";
constexpr char kDeniedPassword[] = "用户名或密码错误";
constexpr char kDeniedToken[] = "令牌无效或已过期";

// Refusals (wrong password, unknown user, bad or expired token, disabled account) all look alike.
Status Denied(const std::string& message) { return Status::PermissionDenied(message); }

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Hex(const unsigned char* p, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

bool Unhex(const std::string& s, std::string* out) {
  if (s.size() % 2 != 0) return false;
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out->clear();
  for (size_t i = 0; i < s.size(); i += 2) {
    const int hi = val(s[i]);
    const int lo = val(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string Base64Url(const unsigned char* p, size_t n) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (n - i == 1) {
    const uint32_t v = uint32_t{p[i]} << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
  } else if (n - i == 2) {
    const uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

bool RandomBytes(unsigned char* p, size_t n) { return RAND_bytes(p, static_cast<int>(n)) == 1; }

// PBKDF2-HMAC-SHA256 of `password` (raw 32 bytes).
bool Pbkdf2(const std::string& password, const std::string& salt, int iterations,
            std::array<unsigned char, kHashBytes>* out) {
  return PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                           reinterpret_cast<const unsigned char*>(salt.data()),
                           static_cast<int>(salt.size()), iterations, EVP_sha256(),
                           static_cast<int>(out->size()), out->data()) == 1;
}

bool ConstantTimeEqual(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string TokenHash(const std::string& token) { return text::Sha256Hex(token); }

bool IsBannedNameChar(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;  // control
  switch (cp) {
    case U' ':
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
    case 0xFFFD:
      return true;
    default:
      break;
  }
  return cp >= 0x2000 && cp <= 0x200B;
}

Status ValidateName(const std::string& name) {
  if (!text::IsValidUtf8(name)) return Status::InvalidArgument("账户名不是有效的 UTF-8 文本");
  const std::u32string cps = text::DecodeUtf8(name);
  if (cps.empty() || cps.size() > 64) {
    return Status::InvalidArgument("账户名须为 1 到 64 个字符");
  }
  for (char32_t cp : cps) {
    if (IsBannedNameChar(cp)) {
      return Status::InvalidArgument("账户名“" + name + "”不能包含空白或控制字符");
    }
  }
  return Status::Ok();
}

Status ValidatePassword(const std::string& password) {
  if (!text::IsValidUtf8(password)) return Status::InvalidArgument("密码不是有效的 UTF-8 文本");
  if (text::DecodeUtf8(password).size() < 8) {
    return Status::InvalidArgument("密码至少需要 8 个字符");
  }
  return Status::Ok();
}

struct StoredUser {
  Account account;
  int iterations = kIterations;
  std::string salt;  // raw bytes
  std::string hash;  // raw bytes
};

struct StoredToken {
  std::string hash;  // SHA-256 hex of the token text
  std::string account;
  std::string label;
  bool session = false;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;

  bool Expired(int64_t now) const { return expires_ms != 0 && now >= expires_ms; }
  TokenInfo Info() const {
    TokenInfo t;
    t.id = hash.substr(0, 8);
    t.account = account;
    t.label = label;
    t.session = session;
    t.created_ms = created_ms;
    t.expires_ms = expires_ms;
    return t;
  }
};

// A password hash made for a name that does not exist, so that checking it costs the same.
struct PasswordHash {
  std::string salt;
  std::string hash;
};

Result<PasswordHash> HashPassword(const std::string& password) {
  std::array<unsigned char, kSaltBytes> salt{};
  if (!RandomBytes(salt.data(), salt.size())) return Status::Internal("无法生成随机数");
  PasswordHash out;
  out.salt.assign(reinterpret_cast<const char*>(salt.data()), salt.size());
  std::array<unsigned char, kHashBytes> hash{};
  if (!Pbkdf2(password, out.salt, kIterations, &hash)) {
    return Status::Internal("密码哈希计算失败");
  }
  out.hash.assign(reinterpret_cast<const char*>(hash.data()), hash.size());
  return out;
}

Status SysError(const std::string& what, const std::string& path) {
  return Status::IOError(what + " " + path + "：" + std::strerror(errno));
}

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  const char* p = data.data();
  size_t n = data.size();
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return SysError("无法写入账户文件", path);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

}  // namespace

struct Accounts::Data {
  std::vector<StoredUser> users;
  std::vector<StoredToken> tokens;

  StoredUser* FindUser(const std::string& name) {
    for (auto& u : users) {
      if (u.account.name == name) return &u;
    }
    return nullptr;
  }
  const StoredUser* FindUser(const std::string& name) const {
    return const_cast<Data*>(this)->FindUser(name);
  }
};

const char* RoleName(Role r) {
  switch (r) {
    case Role::kReader:
      return "reader";
    case Role::kArchivist:
      return "archivist";
    case Role::kAdmin:
      return "admin";
  }
  return "reader";
}

const char* RoleLabel(Role r) {
  switch (r) {
    case Role::kReader:
      return "查阅人员";
    case Role::kArchivist:
      return "档案管理员";
    case Role::kAdmin:
      return "管理员";
  }
  return "查阅人员";
}

Result<Role> ParseRole(const std::string& name) {
  for (Role r : {Role::kReader, Role::kArchivist, Role::kAdmin}) {
    if (name == RoleName(r) || name == RoleLabel(r)) return r;
  }
  return Status::InvalidArgument("未知的角色“" + name + "”（可选：reader 查阅人员、archivist " +
                                 "档案管理员、admin 管理员）");
}

Result<std::unique_ptr<Accounts>> Accounts::Open(const std::string& path) {
  std::unique_ptr<Accounts> a(new Accounts());
  a->path_ = path;
  a->data_ = std::make_shared<Data>();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    std::lock_guard<std::mutex> lock(a->mu_);
    SANDING_RETURN_IF_ERROR(a->SaveLocked());
    return a;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return SysError("无法读取账户文件", path);
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    const nlohmann::json j = nlohmann::json::parse(ss.str());
    for (const auto& u : j.at("users")) {
      StoredUser s;
      s.account.name = u.at("name").get<std::string>();
      auto role = ParseRole(u.at("role").get<std::string>());
      if (!role.ok())
        return Status::Corruption("账户文件 " + path + " 已损坏：" + role.status().message());
      s.account.role = *role;
      s.account.display_name = u.value("display_name", "");
      s.account.created_ms = u.value("created_ms", int64_t{0});
      s.account.disabled = u.value("disabled", false);
      const auto& pw = u.at("password");
      s.iterations = pw.at("iterations").get<int>();
      if (!Unhex(pw.at("salt").get<std::string>(), &s.salt) ||
          !Unhex(pw.at("hash").get<std::string>(), &s.hash) || s.hash.size() != kHashBytes ||
          s.iterations <= 0) {
        return Status::Corruption("账户文件 " + path + " 已损坏：账户“" + s.account.name +
                                  "”的密码记录无效");
      }
      a->data_->users.push_back(std::move(s));
    }
    for (const auto& t : j.value("tokens", nlohmann::json::array())) {
      StoredToken s;
      s.hash = t.at("hash").get<std::string>();
      s.account = t.at("account").get<std::string>();
      s.label = t.value("label", "");
      s.session = t.value("session", false);
      s.created_ms = t.value("created_ms", int64_t{0});
      s.expires_ms = t.value("expires_ms", int64_t{0});
      a->data_->tokens.push_back(std::move(s));
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption("账户文件 " + path + " 已损坏：" + e.what());
  }
  // Keep the file private even if someone loosened its mode.
  ::chmod(path.c_str(), 0600);
  return a;
}

Status Accounts::SaveLocked() const {
  const int64_t now = NowMs();
  nlohmann::json users = nlohmann::json::array();
  for (const auto& u : data_->users) {
    users.push_back({
        {"name", u.account.name},
        {"role", RoleName(u.account.role)},
        {"display_name", u.account.display_name},
        {"created_ms", u.account.created_ms},
        {"disabled", u.account.disabled},
        {"password",
         {{"algorithm", "pbkdf2-hmac-sha256"},
          {"iterations", u.iterations},
          {"salt", Hex(reinterpret_cast<const unsigned char*>(u.salt.data()), u.salt.size())},
          {"hash", Hex(reinterpret_cast<const unsigned char*>(u.hash.data()), u.hash.size())}}},
    });
  }
  nlohmann::json tokens = nlohmann::json::array();
  for (const auto& t : data_->tokens) {
    if (t.Expired(now)) continue;  // pruned
    tokens.push_back({{"hash", t.hash},
                      {"account", t.account},
                      {"label", t.label},
                      {"session", t.session},
                      {"created_ms", t.created_ms},
                      {"expires_ms", t.expires_ms}});
  }
  nlohmann::json j = {{"version", 1}, {"users", users}, {"tokens", tokens}};
  const std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  std::filesystem::path target(path_);
  std::filesystem::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::string tmpl = (dir / (target.filename().string() + ".tmp.XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return SysError("无法创建账户文件的临时文件", tmpl);
  const std::string tmp = name.data();
  auto fail = [&](Status st) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return st;
  };
  if (::fchmod(fd, 0600) != 0) return fail(SysError("无法设置账户文件权限", tmp));
  if (Status st = WriteAll(fd, text, tmp); !st.ok()) return fail(st);
  if (::fsync(fd) != 0) return fail(SysError("无法写入账户文件", tmp));
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return SysError("无法写入账户文件", tmp);
  }
  if (::rename(tmp.c_str(), path_.c_str()) != 0) {
    Status st = SysError("无法替换账户文件", path_);
    ::unlink(tmp.c_str());
    return st;
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  // Expired tokens are gone from the file: drop them from memory too.
  auto& t = data_->tokens;
  t.erase(
      std::remove_if(t.begin(), t.end(), [now](const StoredToken& x) { return x.Expired(now); }),
      t.end());
  return Status::Ok();
}

Status Accounts::AddUser(const std::string& name, const std::string& password, Role role,
                         const std::string& display_name) {
  SANDING_RETURN_IF_ERROR(ValidateName(name));
  SANDING_RETURN_IF_ERROR(ValidatePassword(password));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (data_->FindUser(name)) return Status::AlreadyExists("账户名“" + name + "”已存在");
  }
  auto hashed = HashPassword(password);  // slow: outside the lock
  if (!hashed.ok()) return hashed.status();
  std::lock_guard<std::mutex> lock(mu_);
  if (data_->FindUser(name)) return Status::AlreadyExists("账户名“" + name + "”已存在");
  StoredUser u;
  u.account.name = name;
  u.account.role = role;
  u.account.display_name = display_name;
  u.account.created_ms = NowMs();
  u.salt = hashed->salt;
  u.hash = hashed->hash;
  auto saved = data_;
  data_ = std::make_shared<Data>(*saved);
  data_->users.push_back(std::move(u));
  Status st = SaveLocked();
  if (!st.ok()) data_ = saved;
  return st;
}

Status Accounts::SetPassword(const std::string& name, const std::string& password) {
  SANDING_RETURN_IF_ERROR(ValidatePassword(password));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!data_->FindUser(name)) return Status::NotFound("账户“" + name + "”不存在");
  }
  auto hashed = HashPassword(password);
  if (!hashed.ok()) return hashed.status();
  std::lock_guard<std::mutex> lock(mu_);
  auto saved = data_;
  data_ = std::make_shared<Data>(*saved);
  StoredUser* u = data_->FindUser(name);
  if (!u) {
    data_ = saved;
    return Status::NotFound("账户“" + name + "”不存在");
  }
  u->iterations = kIterations;
  u->salt = hashed->salt;
  u->hash = hashed->hash;
  // Sign-in sessions opened with the old password end; API tokens stay.
  auto& t = data_->tokens;
  t.erase(std::remove_if(t.begin(), t.end(),
                         [&](const StoredToken& x) { return x.account == name && x.session; }),
          t.end());
  Status st = SaveLocked();
  if (!st.ok()) data_ = saved;
  return st;
}

Status Accounts::SetDisabled(const std::string& name, bool disabled) {
  std::lock_guard<std::mutex> lock(mu_);
  auto saved = data_;
  data_ = std::make_shared<Data>(*saved);
  StoredUser* u = data_->FindUser(name);
  if (!u) {
    data_ = saved;
    return Status::NotFound("账户“" + name + "”不存在");
  }
  u->account.disabled = disabled;
  if (disabled) {
    auto& t = data_->tokens;
    t.erase(
        std::remove_if(t.begin(), t.end(), [&](const StoredToken& x) { return x.account == name; }),
        t.end());
  }
  Status st = SaveLocked();
  if (!st.ok()) data_ = saved;
  return st;
}

std::vector<Account> Accounts::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Account> out;
  for (const auto& u : data_->users) out.push_back(u.account);
  return out;
}

std::optional<Account> Accounts::Find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (const StoredUser* u = data_->FindUser(name)) return u->account;
  return std::nullopt;
}

bool Accounts::empty() const {
  std::lock_guard<std::mutex> lock(mu_);
  return data_->users.empty();
}

Result<Account> Accounts::CheckPassword(const std::string& name,
                                        const std::string& password) const {
  // A fixed random salt and a hash nothing matches, used for names that do not exist so that
  // the answer takes as long as for a real account.
  static const PasswordHash kDummy = [] {
    PasswordHash d;
    std::array<unsigned char, kSaltBytes> salt{};
    RandomBytes(salt.data(), salt.size());
    d.salt.assign(reinterpret_cast<const char*>(salt.data()), salt.size());
    d.hash.assign(kHashBytes, '\0');
    return d;
  }();
  std::optional<StoredUser> user;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (const StoredUser* u = data_->FindUser(name)) user = *u;
  }
  const std::string& salt = user ? user->salt : kDummy.salt;
  const std::string& expected = user ? user->hash : kDummy.hash;
  const int iterations = user ? user->iterations : kIterations;
  std::array<unsigned char, kHashBytes> got{};
  if (!Pbkdf2(password, salt, iterations, &got)) return Status::Internal("密码哈希计算失败");
  const bool match = ConstantTimeEqual(
      std::string(reinterpret_cast<const char*>(got.data()), got.size()), expected);
  if (!user || !match || user->account.disabled) return Denied(kDeniedPassword);
  return user->account;
}

Result<std::string> Accounts::IssueToken(const std::string& name, const std::string& label,
                                         bool session, int64_t ttl_ms) {
  if (ttl_ms < 0) return Status::InvalidArgument("令牌有效期不能为负数");
  std::array<unsigned char, kTokenBytes> raw{};
  if (!RandomBytes(raw.data(), raw.size())) return Status::Internal("无法生成随机数");
  const std::string token = kTokenPrefix + Base64Url(raw.data(), raw.size());
  std::lock_guard<std::mutex> lock(mu_);
  const StoredUser* u = data_->FindUser(name);
  if (!u) return Status::NotFound("账户“" + name + "”不存在");
  if (u->account.disabled) return Denied("账户“" + name + "”已停用");
  StoredToken t;
  t.hash = TokenHash(token);
  t.account = name;
  t.label = !label.empty() ? label : (session ? "登录会话" : "API 令牌");
  t.session = session;
  t.created_ms = NowMs();
  t.expires_ms = ttl_ms > 0 ? t.created_ms + ttl_ms : 0;
  auto saved = data_;
  data_ = std::make_shared<Data>(*saved);
  data_->tokens.push_back(std::move(t));
  Status st = SaveLocked();
  if (!st.ok()) {
    data_ = saved;
    return st;
  }
  return token;
}

Result<Account> Accounts::CheckToken(const std::string& token) const {
  if (token.rfind(kTokenPrefix, 0) != 0) return Denied(kDeniedToken);
  const std::string hash = TokenHash(token);
  const int64_t now = NowMs();
  std::lock_guard<std::mutex> lock(mu_);
  const StoredToken* found = nullptr;
  for (const auto& t : data_->tokens) {
    // Every stored hash is compared, in constant time each.
    if (ConstantTimeEqual(t.hash, hash) && !found) found = &t;
  }
  if (!found || found->Expired(now)) return Denied(kDeniedToken);
  const StoredUser* u = data_->FindUser(found->account);
  if (!u || u->account.disabled) return Denied(kDeniedToken);
  return u->account;
}

Status Accounts::RevokeToken(const std::string& token_or_id) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool is_token = token_or_id.rfind(kTokenPrefix, 0) == 0;
  const std::string hash = is_token ? TokenHash(token_or_id) : std::string();
  auto matches = [&](const StoredToken& t) {
    if (is_token) return ConstantTimeEqual(t.hash, hash);
    return token_or_id.size() == 8 && ConstantTimeEqual(t.hash.substr(0, 8), token_or_id);
  };
  auto saved = data_;
  data_ = std::make_shared<Data>(*saved);
  auto& t = data_->tokens;
  const size_t before = t.size();
  t.erase(std::remove_if(t.begin(), t.end(), matches), t.end());
  if (t.size() == before) {
    data_ = saved;
    return Status::NotFound("未找到该令牌");
  }
  Status st = SaveLocked();
  if (!st.ok()) data_ = saved;
  return st;
}

std::vector<TokenInfo> Accounts::ListTokens(const std::string& account) const {
  const int64_t now = NowMs();
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<TokenInfo> out;
  for (const auto& t : data_->tokens) {
    if (t.Expired(now)) continue;
    if (!account.empty() && t.account != account) continue;
    out.push_back(t.Info());
  }
  return out;
}

}  // namespace sanding::server
