// Accounts and sign-in for the server: archivists (and readers allowed to see 内部 documents) sign
// in with a password or use an API token; anonymous users read public documents only.
//
// Stored in one JSON file (DATA/server/accounts.json, mode 0600), rewritten atomically (temporary
// file, fsync, rename) under a mutex. Passwords are stored as PBKDF2-HMAC-SHA256 (OpenSSL,
// 200,000 iterations, 16-byte random salt); tokens (API tokens and sign-in sessions) are 32 random
// bytes shown once to their owner and stored only as their SHA-256. Comparisons are constant-time.
// Errors are Chinese and never say whether the name or the password was wrong.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/status.h"

namespace sanding::server {

enum class Role {
  kReader,     // signed in: may read 内部 documents; may not write
  kArchivist,  // may also ingest and correct
  kAdmin,      // may also manage accounts
};
const char* RoleName(Role r);                     // "reader", "archivist", "admin"
const char* RoleLabel(Role r);                    // "查阅人员", "档案管理员", "管理员"
Result<Role> ParseRole(const std::string& name);  // English names or the Chinese labels

struct Account {
  std::string name;
  Role role = Role::kArchivist;
  std::string display_name;  // shown in the pages and the audit log ("" = name)
  int64_t created_ms = 0;
  bool disabled = false;
};

struct TokenInfo {
  std::string id;  // short public id (first 8 hex digits of the hash), for listing and revoking
  std::string account;
  std::string label;     // "登录会话", or what the owner named the API token
  bool session = false;  // a sign-in session (expires) rather than an API token
  int64_t created_ms = 0;
  int64_t expires_ms = 0;  // 0: never
};

class Accounts {
 public:
  // Opens (creating an empty file when missing) the accounts file at `path`.
  static Result<std::unique_ptr<Accounts>> Open(const std::string& path);

  // Adds an account. Name: 1–64 characters, no whitespace or control characters; password: at
  // least 8 characters. AlreadyExists when the name is taken.
  Status AddUser(const std::string& name, const std::string& password, Role role,
                 const std::string& display_name = "");
  Status SetPassword(const std::string& name, const std::string& password);
  // Disabling an account also revokes all its tokens.
  Status SetDisabled(const std::string& name, bool disabled);
  std::vector<Account> List() const;
  std::optional<Account> Find(const std::string& name) const;
  bool empty() const;

  // The account when the password is right and the account enabled; PermissionDenied
  // ("用户名或密码错误") otherwise.
  Result<Account> CheckPassword(const std::string& name, const std::string& password) const;

  // Issues a token for `name`: a session (expires after `ttl_ms`) or an API token (ttl_ms 0 =
  // never). Returns the token text ("sdt_" + 43 base64url characters); only its hash is stored.
  Result<std::string> IssueToken(const std::string& name, const std::string& label, bool session,
                                 int64_t ttl_ms);
  // The account of a valid, unexpired token of an enabled account; PermissionDenied otherwise.
  Result<Account> CheckToken(const std::string& token) const;
  // Revokes a token given its text or its public id. NotFound when unknown.
  Status RevokeToken(const std::string& token_or_id);
  std::vector<TokenInfo> ListTokens(const std::string& account = "") const;

 private:
  Accounts() = default;
  struct Data;
  Status SaveLocked() const;
  std::string path_;
  mutable std::mutex mu_;
  std::shared_ptr<Data> data_;
};

}  // namespace sanding::server
