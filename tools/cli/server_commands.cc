// `sanding serve` (the HTTP API and web pages), `sanding user` (accounts and API tokens of the
// server) and `sanding audit` (the server's audit log).
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <iostream>

#include "server/api.h"
#include "server/audit.h"
#include "server/auth.h"
#include "tools/cli/cli.h"

namespace sanding::cli {
namespace {

std::string ServerDir(const std::string& data) { return data + "/server"; }

Result<std::unique_ptr<server::Accounts>> OpenAccounts(const std::string& data) {
  std::error_code ec;
  std::filesystem::create_directories(ServerDir(data), ec);
  if (ec) return Status::IOError("无法创建目录 " + ServerDir(data) + "：" + ec.message());
  return server::Accounts::Open(ServerDir(data) + "/accounts.json");
}

// A password from the first line of stdin (--password-stdin) or typed at the terminal (twice,
// not echoed).
Result<std::string> ReadPassword(bool from_stdin, bool confirm) {
  auto read_line = [](std::string* out) { return static_cast<bool>(std::getline(std::cin, *out)); };
  std::string pw;
  if (from_stdin || !isatty(STDIN_FILENO)) {
    if (!read_line(&pw)) return Status::InvalidArgument("标准输入中没有密码");
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    return pw;
  }
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::cerr << "密码：" << std::flush;
  bool ok = read_line(&pw);
  std::string again = pw;
  if (ok && confirm) {
    std::cerr << "\n再输入一次：" << std::flush;
    ok = read_line(&again);
  }
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  if (!ok) return Status::InvalidArgument("没有读到密码");
  if (pw != again) return Status::InvalidArgument("两次输入的密码不一致");
  return pw;
}

std::string FormatMs(int64_t ms) {
  if (ms <= 0) return "—";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

}  // namespace

void RegisterServe(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::string listen = "127.0.0.1:8080";
    unsigned threads = 0;
    int workers = 0;
    double max_upload_mib = 2048;
    bool verbose = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "启动网页与 HTTP 接口服务（检索、文件查看、机构沿革、职能比对、档案导入）");
  AddGlobalOptions(cmd, o->g, /*with_json=*/false);
  cmd->add_option("--listen", o->listen,
                  "监听地址:端口（默认 127.0.0.1:8080；端口 0 表示任选空闲端口）");
  cmd->add_option("--threads", o->threads, "处理请求的线程数（默认 CPU 核数的 2 倍，至少 4）");
  cmd->add_option("--workers", o->workers, "导入任务处理页面的线程数（默认每个 CPU 核一个）");
  cmd->add_option("--max-upload", o->max_upload_mib, "上传文件的大小上限（MiB，默认 2048）");
  cmd->add_flag("-v,--verbose", o->verbose, "逐条记录请求");
  cmd->callback([o, &run] {
    run = [o]() -> int {
      if (o->verbose) spdlog::set_level(spdlog::level::debug);
      server::ServeOptions so;
      so.data_dir = o->g.data_dir;
      so.listen = o->listen;
      so.threads = o->threads;
      so.api.ingest.workers = o->workers;
      so.api.max_upload_bytes = static_cast<uint64_t>(o->max_upload_mib * 1024 * 1024);
      so.on_ready = [&](const std::string& address, uint16_t port) {
        const std::string host = address == "0.0.0.0" ? "127.0.0.1" : address;
        std::cout << "sanding 服务已启动：http://"
                  << (host.find(':') != std::string::npos ? "[" + host + "]" : host) << ":" << port
                  << "/  （数据目录 " << o->g.data_dir << "；按 Ctrl+C 停止）" << std::endl;
      };
      Status st = server::Serve(so);
      if (!st.ok()) return ReportError(st);
      std::cout << "服务已停止。" << std::endl;
      return kExitOk;
    };
  });
}

void RegisterUser(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::string name, role = "archivist", display, label = "API 令牌", token;
    bool password_stdin = false;
    double days = 0;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd =
      app.add_subcommand("user", "管理网页服务的账户与 API 令牌（密码与令牌只保存其散列）");
  cmd->require_subcommand(1);

  CLI::App* add = cmd->add_subcommand("add", "新建账户");
  AddGlobalOptions(add, o->g, false);
  add->add_option("name", o->name, "账户名")->required();
  add->add_option("--role", o->role,
                  "角色：reader（查阅人员，可看内部文件）、archivist（档案管理员，可导入和更正，默"
                  "认）、admin（管理员）");
  add->add_option("--display-name", o->display, "显示的姓名");
  add->add_flag("--password-stdin", o->password_stdin, "从标准输入的第一行读密码");
  add->callback([o, &run] {
    run = [o]() -> int {
      auto role = server::ParseRole(o->role);
      if (!role.ok()) return ReportError(role.status());
      auto accounts = OpenAccounts(o->g.data_dir);
      if (!accounts.ok()) return ReportError(accounts.status());
      auto pw = ReadPassword(o->password_stdin, /*confirm=*/true);
      if (!pw.ok()) return ReportError(pw.status());
      if (Status st = (*accounts)->AddUser(o->name, *pw, *role, o->display); !st.ok())
        return ReportError(st);
      std::cout << "已新建账户 " << o->name << "（" << server::RoleLabel(*role) << "）\n";
      return kExitOk;
    };
  });

  CLI::App* passwd = cmd->add_subcommand("passwd", "修改账户的密码");
  AddGlobalOptions(passwd, o->g, false);
  passwd->add_option("name", o->name, "账户名")->required();
  passwd->add_flag("--password-stdin", o->password_stdin, "从标准输入的第一行读密码");
  passwd->callback([o, &run] {
    run = [o]() -> int {
      auto accounts = OpenAccounts(o->g.data_dir);
      if (!accounts.ok()) return ReportError(accounts.status());
      auto pw = ReadPassword(o->password_stdin, /*confirm=*/true);
      if (!pw.ok()) return ReportError(pw.status());
      if (Status st = (*accounts)->SetPassword(o->name, *pw); !st.ok()) return ReportError(st);
      std::cout << "已修改 " << o->name << " 的密码\n";
      return kExitOk;
    };
  });

  for (bool disable : {true, false}) {
    CLI::App* sub = cmd->add_subcommand(disable ? "disable" : "enable",
                                        disable ? "停用账户（并作废其全部令牌）" : "重新启用账户");
    AddGlobalOptions(sub, o->g, false);
    sub->add_option("name", o->name, "账户名")->required();
    sub->callback([o, &run, disable] {
      run = [o, disable]() -> int {
        auto accounts = OpenAccounts(o->g.data_dir);
        if (!accounts.ok()) return ReportError(accounts.status());
        if (Status st = (*accounts)->SetDisabled(o->name, disable); !st.ok())
          return ReportError(st);
        std::cout << (disable ? "已停用 " : "已启用 ") << o->name << "\n";
        return kExitOk;
      };
    });
  }

  CLI::App* list = cmd->add_subcommand("list", "列出账户与令牌");
  AddGlobalOptions(list, o->g);
  list->callback([o, &run] {
    run = [o]() -> int {
      auto accounts = OpenAccounts(o->g.data_dir);
      if (!accounts.ok()) return ReportError(accounts.status());
      if (o->g.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& a : (*accounts)->List()) {
          nlohmann::json tokens = nlohmann::json::array();
          for (const auto& t : (*accounts)->ListTokens(a.name)) {
            tokens.push_back({{"id", t.id},
                              {"label", t.label},
                              {"session", t.session},
                              {"created_ms", t.created_ms},
                              {"expires_ms", t.expires_ms}});
          }
          j.push_back({{"name", a.name},
                       {"role", server::RoleName(a.role)},
                       {"display_name", a.display_name},
                       {"disabled", a.disabled},
                       {"created_ms", a.created_ms},
                       {"tokens", tokens}});
        }
        PrintJson(j);
        return kExitOk;
      }
      for (const auto& a : (*accounts)->List()) {
        std::cout << a.name << "  " << server::RoleLabel(a.role)
                  << (a.disabled ? "  （已停用）" : "")
                  << (a.display_name.empty() ? "" : "  " + a.display_name) << "  建于 "
                  << FormatMs(a.created_ms) << "\n";
        for (const auto& t : (*accounts)->ListTokens(a.name)) {
          std::cout << "    令牌 " << t.id << "  " << t.label << "  建于 " << FormatMs(t.created_ms)
                    << (t.expires_ms ? "  到期 " + FormatMs(t.expires_ms) : "") << "\n";
        }
      }
      return kExitOk;
    };
  });

  CLI::App* token = cmd->add_subcommand("token", "为账户签发 API 令牌（只显示这一次）");
  AddGlobalOptions(token, o->g, false);
  token->add_option("name", o->name, "账户名")->required();
  token->add_option("--label", o->label, "令牌的用途（如 批量导入脚本）");
  token->add_option("--days", o->days, "有效天数（默认不过期）");
  token->callback([o, &run] {
    run = [o]() -> int {
      auto accounts = OpenAccounts(o->g.data_dir);
      if (!accounts.ok()) return ReportError(accounts.status());
      const int64_t ttl = static_cast<int64_t>(o->days * 86400.0 * 1000.0);
      auto t = (*accounts)->IssueToken(o->name, o->label, /*session=*/false, ttl);
      if (!t.ok()) return ReportError(t.status());
      std::cout << *t << "\n";
      std::cerr
          << "请妥善保存：令牌只显示这一次（库中只存其散列）。用法：Authorization: Bearer <令牌>\n";
      return kExitOk;
    };
  });

  CLI::App* revoke =
      cmd->add_subcommand("revoke", "作废一个令牌（令牌本身或 user list 显示的编号）");
  AddGlobalOptions(revoke, o->g, false);
  revoke->add_option("token", o->token, "令牌或其编号")->required();
  revoke->callback([o, &run] {
    run = [o]() -> int {
      auto accounts = OpenAccounts(o->g.data_dir);
      if (!accounts.ok()) return ReportError(accounts.status());
      if (Status st = (*accounts)->RevokeToken(o->token); !st.ok()) return ReportError(st);
      std::cout << "已作废\n";
      return kExitOk;
    };
  });
}

void RegisterAudit(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    bool verify = false;
    size_t limit = 50;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "audit", "查看网页服务的审计日志（谁、何时、做了什么）；--verify 检查是否被改动");
  AddGlobalOptions(cmd, o->g);
  cmd->add_flag("--verify", o->verify, "逐条核对编号与散列链");
  cmd->add_option("--limit", o->limit, "显示最近的条数（默认 50）");
  cmd->callback([o, &run] {
    run = [o]() -> int {
      const std::string path = ServerDir(o->g.data_dir) + "/audit.log";
      if (!std::filesystem::exists(path))
        return ReportError(Status::NotFound("没有审计日志：" + path));
      auto log = server::AuditLog::Open(path);
      if (!log.ok()) return ReportError(log.status());
      if (o->verify) {
        if (Status st = (*log)->Verify(); !st.ok()) return ReportError(st);
        std::cout << "审计日志完好：共 " << (*log)->size() << " 条，编号连续，散列链一致\n";
        return kExitOk;
      }
      auto entries = (*log)->Recent(0, o->limit);
      if (!entries.ok()) return ReportError(entries.status());
      if (o->g.json) {
        PrintJson(*entries);
        return kExitOk;
      }
      for (const auto& e : *entries) {
        std::cout << "#" << e.seq << "  " << e.time << "  " << (e.who.empty() ? "（匿名）" : e.who)
                  << "  " << e.action << "  " << e.target << (e.ok ? "" : "  （未成功）") << "  "
                  << e.detail.dump() << "\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace sanding::cli
