#include "server/api.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "indexer/extract/curation.h"
#include "indexer/extract/run.h"
#include "ocr/document.h"
#include "ocr/format.h"
#include "query/lineage/diff.h"
#include "query/lineage/lineage.h"
#include "query/lineage/provenance.h"
#include "query/lineage/render.h"
#include "query/overlap/overlap.h"
#include "query/search.h"
#include "server/visibility.h"
#include "server/web_assets.h"
#include "store/text.h"

namespace sanding::server {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCookie = "sanding_session";

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response JsonOk(const nlohmann::json& j, int status = 200) {
  return Response::Json(status, Dump(j));
}

// Maps a Status to the HTTP answer docs/api.md lists.
Response FromStatus(const Status& st) {
  switch (st.code()) {
    case Status::Code::kNotFound:
      return Response::Error(404, "not_found", st.message());
    case Status::Code::kInvalidArgument:
    case Status::Code::kUnsupported:
      return Response::Error(400, "bad_request", st.message());
    case Status::Code::kAlreadyExists:
      return Response::Error(409, "conflict", st.message());
    case Status::Code::kPermissionDenied:
      return Response::Error(403, "forbidden", st.message());
    case Status::Code::kResourceExhausted:
      return Response::Error(413, "too_large", st.message());
    case Status::Code::kUnavailable:
      return Response::Error(503, "shutting_down", st.message());
    default:
      spdlog::error("{}", st.ToString());
      return Response::Error(500, "internal", "服务器内部错误：" + st.message());
  }
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool ParseSize(const std::string& s, size_t* out) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *out = static_cast<size_t>(std::stoul(s));
  return true;
}

std::string ContentTypeOf(const std::string& format) {
  static const std::map<std::string, std::string> kTypes = {{"pdf", "application/pdf"},
                                                            {"tiff", "image/tiff"},
                                                            {"png", "image/png"},
                                                            {"jpeg", "image/jpeg"},
                                                            {"text", "text/plain; charset=utf-8"},
                                                            {"ofd", "application/ofd"}};
  auto it = kTypes.find(format);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// RFC 5987 percent-encoding for filename*.
std::string EncodeRfc5987(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

nlohmann::json AccountJson(const Account& a) {
  return {{"name", a.name},
          {"display_name", a.display_name.empty() ? a.name : a.display_name},
          {"role", RoleName(a.role)},
          {"role_label", RoleLabel(a.role)}};
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The caller of one request.
struct Caller {
  std::optional<Account> account;
  bool via_cookie = false;
  std::string token;
  bool bad_bearer = false;  // an Authorization header with a token that is not valid
  bool MayReadInternal() const { return account.has_value(); }
  bool Has(Role r) const {
    return account && static_cast<int>(account->role) >= static_cast<int>(r);
  }
  std::string Who() const { return account ? account->name : ""; }
};

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t i = 0;
  while (i < header.size()) {
    size_t j = header.find(';', i);
    if (j == std::string::npos) j = header.size();
    std::string part = header.substr(i, j - i);
    const size_t b = part.find_first_not_of(' ');
    if (b != std::string::npos) part = part.substr(b);
    if (part.compare(0, name.size() + 1, name + "=") == 0) return part.substr(name.size() + 1);
    i = j + 1;
  }
  return "";
}

bool IsJsonRequest(const Request& r) {
  const std::string ct = r.Header("content-type");
  return ct.compare(0, 16, "application/json") == 0;
}

Result<nlohmann::json> JsonBody(const Request& r) {
  if (!IsJsonRequest(r))
    return Status::InvalidArgument("请求体应为 JSON（Content-Type: application/json）");
  auto j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Status::InvalidArgument("请求体不是有效的 JSON 对象");
  return j;
}

std::string StringField(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

// Tells whether a citation points at a document the caller may not see; the first store error
// met is kept (and the citation then counted as visible, the error being returned instead).
class HiddenSources {
 public:
  explicit HiddenSources(Visibility& vis) : vis_(vis) {}
  bool operator()(const history::Citation& c) {
    if (c.file.empty()) return false;
    auto see = vis_.MaySee(c.file);
    if (!see.ok()) {
      if (err_.ok()) err_ = see.status();
      return false;
    }
    return !*see;
  }
  const Status& status() const { return err_; }

 private:
  Visibility& vis_;
  Status err_;
};

// Removes from a lineage what comes from documents the caller may not see: their events and
// edges, and the versions they started (merged into the version before, whose content then
// stands until the next visible change — what the public documents alone say). With
// `blank_fields` the fields of the remaining versions cited only from such documents are emptied
// too (for SVG and EAC-CPF; the JSON answer leaves that to Visibility::Redact, which names them).
Status FilterLineage(lineage::Lineage& l, Visibility& vis, bool blank_fields) {
  if (vis.may_read_internal()) return Status::Ok();
  HiddenSources drop(vis);
  std::erase_if(l.timeline, [&](const lineage::TimelineEntry& t) { return drop(t.event.source); });
  std::erase_if(l.edges, [&](const lineage::Edge& e) { return drop(e.source); });
  auto started_hidden = [&](const history::Version& v) {
    auto it = v.cites.find("start");
    return it != v.cites.end() && drop(it->second);
  };
  std::vector<history::Version> kept;
  for (auto& v : l.versions) {
    if (!kept.empty() && started_hidden(v) && kept.back().valid_to == v.valid_from) {
      kept.back().valid_to = v.valid_to;
      continue;
    }
    kept.push_back(std::move(v));
  }
  l.versions = std::move(kept);
  if (l.state && started_hidden(*l.state)) {
    l.state.reset();
    for (const auto& v : l.versions) {
      if ((v.valid_from.empty() || v.valid_from <= l.as_of) &&
          (v.valid_to.empty() || l.as_of < v.valid_to))
        l.state = v;
    }
  }
  auto clean_version = [&](history::Version& v) {
    std::vector<std::string> fields;
    for (const auto& [field, cite] : v.cites) {
      if (drop(cite)) fields.push_back(field);
    }
    for (const std::string& f : fields) {
      v.cites.erase(f);
      if (f == "name") v.name.clear();
      if (f == "rank") v.rank.clear();
      if (f == "kind") v.kind.clear();
      if (f == "parent") v.parent.clear();
      if (f == "duties") v.duties.clear();
      if (f == "units") v.units.clear();
      if (f == "staffing") v.staffing.clear();
      if (f == "abbreviations") v.abbreviations.clear();
    }
    std::erase_if(v.sources, [&](const history::Citation& c) { return drop(c); });
  };
  if (blank_fields) {
    for (auto& v : l.versions) clean_version(v);
    if (l.state) clean_version(*l.state);
  }
  for (auto& c : l.conflicts) {
    std::erase_if(c.claims,
                  [&](const history::ConflictClaim& claim) { return drop(claim.source); });
  }
  return drop.status();
}

// The overlap reports without what documents the caller may not see hold.
Status FilterDraft(overlap::DraftReport& r, Visibility& vis) {
  if (vis.may_read_internal()) return Status::Ok();
  HiddenSources drop(vis);
  bool removed = false;
  for (auto& c : r.clauses) {
    const size_t before = c.matches.size() + c.moved.size();
    std::erase_if(c.matches, [&](const overlap::ClauseMatch& m) { return drop(m.source); });
    std::erase_if(c.moved, [&](const overlap::MovedMatch& m) {
      return drop(m.source) || drop(m.match.source);
    });
    removed = removed || before != c.matches.size() + c.moved.size();
  }
  if (removed) {
    // The per-body summary is recounted from the matches the caller may see.
    std::map<std::string, overlap::BodyOverlap> bodies;
    r.overlapping = 0;
    for (const auto& c : r.clauses) {
      if (!c.matches.empty()) ++r.overlapping;
      for (const auto& m : c.matches) {
        auto& b = bodies[m.institution];
        b.institution = m.institution;
        b.name = m.name;
        ++b.clauses;
        b.best = std::max(b.best, m.score);
      }
    }
    r.bodies.clear();
    for (auto& [id, b] : bodies) {
      b.share = r.clauses.empty() ? 0 : static_cast<double>(b.clauses) / r.clauses.size();
      r.bodies.push_back(b);
    }
    std::sort(r.bodies.begin(), r.bodies.end(), [](const auto& a, const auto& b) {
      return std::tie(b.clauses, b.best, a.institution) <
             std::tie(a.clauses, a.best, b.institution);
    });
  }
  return drop.status();
}

Status FilterRegion(overlap::RegionReport& r, Visibility& vis) {
  if (vis.may_read_internal()) return Status::Ok();
  HiddenSources drop(vis);
  auto hidden_pair = [&](const overlap::PairOverlap& p) {
    return drop(p.a_source) || drop(p.b_source);
  };
  for (const auto& p : r.pairs) {
    if (hidden_pair(p)) r.clause_pairs -= std::min<uint64_t>(r.clause_pairs, p.clause_pairs);
  }
  std::erase_if(r.pairs, hidden_pair);
  std::erase_if(r.moved, hidden_pair);
  return drop.status();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SecurityHeaders() {
  return {{"Content-Security-Policy",
           "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
           "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
          {"X-Content-Type-Options", "nosniff"},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "no-referrer"},
          {"Cross-Origin-Opener-Policy", "same-origin"},
          {"Cross-Origin-Resource-Policy", "same-origin"}};
}

struct Api::Impl {
  Api& api;
  query::Archive& archive;
  const Request& req;
  Caller caller;

  Store& store() { return archive.store(); }

  void Audit(const std::string& action, const std::string& target, const nlohmann::json& detail,
             bool ok) {
    auto e = api.audit_->Append(caller.Who(), req.remote, action, target, detail, ok);
    if (!e.ok()) spdlog::error("审计日志写入失败：{}", e.status().message());
  }

  // 401 for anonymous callers, 403 for a role below `role`, 403 for a cookie-authenticated write
  // without the X-Requested-With header. nullopt when allowed.
  std::optional<Response> Require(Role role) {
    if (!caller.account) return Response::Error(401, "unauthorized", "请先登录");
    if (!caller.Has(role))
      return Response::Error(403, "forbidden", std::string("需要“") + RoleLabel(role) + "”权限");
    if (caller.via_cookie && req.method != "GET" && req.method != "HEAD" &&
        req.Header("x-requested-with") != "sanding") {
      return Response::Error(403, "forbidden", "请求缺少 X-Requested-With 头（防跨站请求）");
    }
    return std::nullopt;
  }

  Response Dispatch() {
    const std::vector<std::string> seg = Segments(req.path);
    const bool get = req.method == "GET" || req.method == "HEAD";
    const bool post = req.method == "POST";
    const size_t n = seg.size();
    auto method_not_allowed = [] {
      return Response::Error(405, "method_not_allowed", "不支持此请求方法");
    };
    if (n < 2) return Response::Error(404, "not_found", "没有这个接口：" + req.path);
    const std::string& r = seg[1];
    if (r == "login") return post ? Login() : method_not_allowed();
    if (r == "logout") return post ? Logout() : method_not_allowed();
    if (r == "me" && n == 2) return get ? Me() : method_not_allowed();
    if (r == "status" && n == 2) return get ? StatusInfo() : method_not_allowed();
    if (r == "search" && n == 2) return get ? Search() : method_not_allowed();
    if (r == "documents" && n >= 3) {
      if (n == 3) return get ? Document(seg[2]) : method_not_allowed();
      if (n == 4 && seg[3] == "original") return get ? Original(seg[2]) : method_not_allowed();
      if (n == 4 && seg[3] == "corrections") {
        if (get) return Corrections(seg[2]);
        if (post) return AddCorrection(seg[2]);
        return method_not_allowed();
      }
      if ((n == 5 || n == 6) && seg[3] == "pages") {
        size_t page = 0;
        if (!ParseSize(seg[4], &page) || page == 0)
          return Response::Error(400, "bad_request", "页码应为从 1 开始的整数");
        if (n == 5) return get ? Page(seg[2], page) : method_not_allowed();
        if (seg[5] == "image") return get ? PageImage(seg[2], page) : method_not_allowed();
      }
    }
    if (r == "institutions") {
      if (n == 2) return get ? Institutions() : method_not_allowed();
      if (n == 3) return get ? Institution(seg[2]) : method_not_allowed();
      if (n == 4 && seg[3] == "graph.svg")
        return get ? InstitutionSvg(seg[2]) : method_not_allowed();
      if (n == 4 && seg[3] == "diff") return get ? InstitutionDiff(seg[2]) : method_not_allowed();
      if (n == 4 && seg[3] == "provenance")
        return get ? InstitutionProvenance(seg[2]) : method_not_allowed();
      if (n == 4 && seg[3] == "eac") return get ? InstitutionEac(seg[2]) : method_not_allowed();
    }
    if (r == "regions") {
      if (n == 2) return get ? Regions() : method_not_allowed();
      if (n == 4 && seg[3] == "chart") return get ? RegionChart(seg[2]) : method_not_allowed();
      if (n == 4 && seg[3] == "changes") return get ? RegionChanges(seg[2]) : method_not_allowed();
    }
    if (r == "overlap") {
      if (n == 2) return post ? Overlap() : method_not_allowed();
      if (n == 3 && seg[2] == "region") return get ? OverlapRegion() : method_not_allowed();
    }
    if (r == "ingest" && n == 2) return post ? Ingest() : method_not_allowed();
    if (r == "jobs") {
      if (n == 2) return get ? Jobs() : method_not_allowed();
      if (n == 3) return get ? JobInfo(seg[2]) : method_not_allowed();
    }
    if (r == "failures" && n == 2) return get ? Failures() : method_not_allowed();
    if (r == "review" && n == 2) return get ? Review() : method_not_allowed();
    if (r == "audit" && n == 2) return get ? AuditEntries() : method_not_allowed();
    return Response::Error(404, "not_found", "没有这个接口：" + req.path);
  }

  // ---- session ----------------------------------------------------------------------------

  Response Login() {
    auto body = JsonBody(req);
    if (!body.ok()) return FromStatus(body.status());
    const std::string name = StringField(*body, "name");
    const std::string password = StringField(*body, "password");
    if (name.empty() || password.empty())
      return Response::Error(400, "bad_request", "请输入用户名和密码");
    auto account = api.accounts_->CheckPassword(name, password);
    if (!account.ok()) {
      auto saved = caller;
      caller = Caller{};
      Audit("login_failed", name, {{"name", name}}, false);
      caller = saved;
      return Response::Error(401, "unauthorized", "用户名或密码错误");
    }
    auto token = api.accounts_->IssueToken(account->name, "登录会话", /*session=*/true,
                                           api.options_.session_ttl_ms);
    if (!token.ok()) return FromStatus(token.status());
    caller.account = *account;
    Audit("login", account->name, nlohmann::json::object(), true);
    const int64_t expires = NowMs() + api.options_.session_ttl_ms;
    Response resp =
        JsonOk({{"token", *token}, {"expires_ms", expires}, {"account", AccountJson(*account)}});
    resp.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=" + *token +
                                                "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                                std::to_string(api.options_.session_ttl_ms / 1000));
    return resp;
  }

  Response Logout() {
    if (caller.account) {
      if (auto denied = Require(Role::kReader)) return *denied;
      (void)api.accounts_->RevokeToken(caller.token);
      Audit("logout", caller.Who(), nlohmann::json::object(), true);
    }
    Response resp = JsonOk({{"ok", true}});
    resp.headers.emplace_back(
        "Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return resp;
  }

  Response Me() {
    return JsonOk(
        {{"account", caller.account ? AccountJson(*caller.account) : nlohmann::json(nullptr)}});
  }

  Response StatusInfo() {
    nlohmann::json j;
    j["version"] = api.options_.version;
    j["account"] = caller.account ? AccountJson(*caller.account) : nlohmann::json(nullptr);
    auto tx = store().LastChainTx();
    j["chain_tx"] = tx.ok() ? *tx : 0;
    if (caller.account) {
      auto stats = store().Stats();
      if (!stats.ok()) return FromStatus(stats.status());
      j["files"] = stats->files_complete;
      j["files_pending"] = stats->files_pending;
      j["pages"] = stats->pages;
      j["failures"] = stats->failures;
      j["index_pending"] = stats->index_pending;
      j["jobs_active"] = api.jobs_->Active();
    }
    return JsonOk(j);
  }

  // ---- documents --------------------------------------------------------------------------

  Response Search() {
    const std::string q = req.Query("q");
    if (q.empty()) return Response::Error(400, "bad_request", "请给出检索词（参数 q）");
    if (!text::IsValidUtf8(q))
      return Response::Error(400, "bad_request", "检索词不是有效的 UTF-8 文本");
    query::SearchOptions o;
    o.include_internal = caller.MayReadInternal();
    if (req.HasQuery("offset") && !ParseSize(req.Query("offset"), &o.offset))
      return Response::Error(400, "bad_request", "参数 offset 应为非负整数");
    if (req.HasQuery("limit") &&
        (!ParseSize(req.Query("limit"), &o.limit) || o.limit == 0 || o.limit > 100))
      return Response::Error(400, "bad_request", "参数 limit 应为 1 到 100 的整数");
    if (req.HasQuery("facets") &&
        (!ParseSize(req.Query("facets"), &o.facet_limit) || o.facet_limit > 100))
      return Response::Error(400, "bad_request", "参数 facets 应为 0 到 100 的整数");
    const std::string sort = req.Query("sort", "relevance");
    if (sort == "date")
      o.sort = indexer::SearchRequest::Sort::kDateDesc;
    else if (sort == "date-asc")
      o.sort = indexer::SearchRequest::Sort::kDateAsc;
    else if (sort != "relevance")
      return Response::Error(400, "bad_request", "参数 sort 应为 relevance、date 或 date-asc");
    auto j = query::SearchJson(archive.index(), store(), q, o);
    if (!j.ok()) return FromStatus(j.status());
    return JsonOk(*j);
  }

  // The file `id` names when the caller may see it; an error response otherwise.
  Result<std::string> VisibleFile(const std::string& id, Visibility& vis) {
    auto sha = query::ResolveSha(store(), id);
    if (!sha.ok()) return sha.status();
    auto file = store().GetFile(*sha);
    if (!file.ok()) {
      if (file.status().code() != Status::Code::kNotFound) return file.status();
      return Status::NotFound("没有找到标识为 " + id.substr(0, 16) + " 的文件");
    }
    auto see = vis.MaySee(*sha);
    if (!see.ok()) return see.status();
    if (!*see) return Status::NotFound("没有找到标识为 " + id.substr(0, 16) + " 的文件");
    return *sha;
  }

  Response Document(const std::string& id) {
    Visibility vis(store(), caller.MayReadInternal());
    auto sha = VisibleFile(id, vis);
    if (!sha.ok()) return FromStatus(sha.status());
    auto file = store().GetFile(*sha);
    if (!file.ok()) return FromStatus(file.status());
    auto extraction = query::ExtractionJson(store(), *sha);
    if (!extraction.ok()) return FromStatus(extraction.status());
    auto internal = vis.IsInternal(*sha);
    if (!internal.ok()) return FromStatus(internal.status());

    nlohmann::json j;
    j["sha256"] = *sha;
    j["internal"] = *internal;
    j["file"] = *file;
    std::vector<std::string> files = {*sha};
    std::string owner = *sha;
    if (extraction->is_object()) {
      owner = (*extraction)["document"].get<std::string>();
      const auto& facts = (*extraction)["facts"];
      if (facts.contains("files") && facts["files"].is_array() && !facts["files"].empty()) {
        files.clear();
        for (const auto& f : facts["files"]) files.push_back(f.get<std::string>());
      }
      if (!caller.account) {
        extraction->erase("machine");
        extraction->erase("corrections");
      }
    }
    j["document"] = owner;
    j["extraction"] = *extraction;
    j["files"] = nlohmann::json::array();
    j["pages"] = nlohmann::json::array();
    for (const std::string& f : files) {
      auto rec = f == *sha ? file : store().GetFile(f);
      if (!rec.ok()) continue;
      j["files"].push_back({{"sha256", f},
                            {"name", rec->name},
                            {"format", rec->format},
                            {"page_count", rec->page_count}});
      auto pages = store().GetPages(f);
      if (!pages.ok()) return FromStatus(pages.status());
      for (const auto& p : *pages) {
        j["pages"].push_back({{"file", f},
                              {"page", p.page},
                              {"method", TextMethodName(p.method)},
                              {"mean_confidence", p.mean_confidence},
                              {"width_px", p.width_px},
                              {"height_px", p.height_px},
                              {"chars", text::Utf8Chars(p.text).size()},
                              {"words", p.words.size()},
                              {"note", p.note}});
      }
    }
    j["corrections_allowed"] = caller.Has(Role::kArchivist);
    return JsonOk(j);
  }

  Response Page(const std::string& id, size_t page) {
    Visibility vis(store(), caller.MayReadInternal());
    auto sha = VisibleFile(id, vis);
    if (!sha.ok()) return FromStatus(sha.status());
    auto p = store().GetPage(*sha, static_cast<uint32_t>(page));
    if (!p.ok()) return FromStatus(p.status());
    nlohmann::json j = *p;
    if (req.Query("words") != "1") j.erase("words");
    return JsonOk(j);
  }

  Response PageImage(const std::string& id, size_t page) {
    Visibility vis(store(), caller.MayReadInternal());
    auto sha = VisibleFile(id, vis);
    if (!sha.ok()) return FromStatus(sha.status());
    size_t dpi = 150;
    if (req.HasQuery("dpi") && (!ParseSize(req.Query("dpi"), &dpi) || dpi < 50 || dpi > 300))
      return Response::Error(400, "bad_request", "参数 dpi 应为 50 到 300 的整数");
    auto file = store().GetFile(*sha);
    if (!file.ok()) return FromStatus(file.status());
    if (page > file->page_count)
      return Response::Error(404, "not_found", "该文件没有第 " + std::to_string(page) + " 页");
    auto bytes = store().GetOriginal(*sha);
    if (!bytes.ok()) return FromStatus(bytes.status());
    auto shared = std::make_shared<const std::string>(std::move(bytes).value());
    const ocr::Format fmt = ocr::DetectFormat(*shared, file->name);
    auto doc = ocr::Document::Open(fmt, shared, file->name);
    if (!doc.ok()) return FromStatus(doc.status());
    auto image = (*doc)->RenderPage(static_cast<int>(page) - 1, static_cast<int>(dpi));
    if (!image.ok()) return FromStatus(image.status());
    auto png = image->EncodePng();
    if (!png.ok()) return FromStatus(png.status());
    Response resp;
    resp.content_type = "image/png";
    resp.body = std::move(png).value();
    return resp;
  }

  Response Original(const std::string& id) {
    Visibility vis(store(), caller.MayReadInternal());
    auto sha = VisibleFile(id, vis);
    if (!sha.ok()) return FromStatus(sha.status());
    auto file = store().GetFile(*sha);
    if (!file.ok()) return FromStatus(file.status());
    auto bytes = store().GetOriginal(*sha);
    if (!bytes.ok()) return FromStatus(bytes.status());
    Response resp;
    resp.content_type = ContentTypeOf(file->format);
    resp.body = std::move(bytes).value();
    std::string ascii = "document";
    const size_t dot = file->name.rfind('.');
    if (dot != std::string::npos && file->name.size() - dot <= 6) ascii += file->name.substr(dot);
    resp.headers.emplace_back(
        "Content-Disposition",
        "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + EncodeRfc5987(file->name));
    return resp;
  }

  Response Corrections(const std::string& id) {
    if (auto denied = Require(Role::kReader)) return *denied;
    Visibility vis(store(), true);
    auto sha = VisibleFile(id, vis);
    if (!sha.ok()) return FromStatus(sha.status());
    auto e = query::ExtractionJson(store(), *sha);
    if (!e.ok()) return FromStatus(e.status());
    return JsonOk(
        {{"corrections", e->is_object() ? (*e)["corrections"] : nlohmann::json::array()}});
  }

  Response AddCorrection(const std::string& id) {
    if (auto denied = Require(Role::kArchivist)) return *denied;
    auto body = JsonBody(req);
    if (!body.ok()) return FromStatus(body.status());
    auto sha = query::ResolveSha(store(), id);
    if (!sha.ok()) return FromStatus(sha.status());
    extract::CorrectionRequest c;
    c.sha256 = *sha;
    c.field = StringField(*body, "field");
    c.op = StringField(*body, "op");
    if (c.op.empty()) c.op = "replace";
    if (body->contains("value")) {
      const auto& v = (*body)["value"];
      c.value = v.is_string() ? v.get<std::string>() : Dump(v);
    }
    if (body->contains("withdraws") && (*body)["withdraws"].is_number_unsigned())
      c.withdraws = (*body)["withdraws"].get<uint64_t>();
    if (c.withdraws > 0) c.op = "withdraw";
    c.by = caller.Who();
    c.reason = StringField(*body, "reason");
    nlohmann::json detail = {
        {"op", c.op}, {"field", c.field}, {"value", c.value}, {"reason", c.reason}};
    if (c.withdraws > 0) detail["withdraws"] = c.withdraws;
    if (c.reason.empty()) {
      Audit("correction", *sha, detail, false);
      return Response::Error(400, "bad_request", "请填写更正原因");
    }
    auto done = archive.Correct(c);
    if (!done.ok()) {
      detail["error"] = done.status().message();
      Audit("correction", *sha, detail, false);
      return FromStatus(done.status());
    }
    detail["seq"] = done->record.seq;
    Audit("correction", *sha, detail, true);
    return JsonOk({{"correction", done->record}, {"chain_tx", done->chain_tx}}, 201);
  }

  // ---- lineage ----------------------------------------------------------------------------

  Result<std::unique_ptr<lineage::Source>> Source() { return lineage::StoreSource(store()); }

  Result<std::string> AsOf() {
    const std::string d = req.Query("as_of");
    if (!d.empty() && !lineage::IsIsoDate(d))
      return Status::InvalidArgument("参数 as_of 应为日期，如 2010-01-01（收到“" + d + "”）");
    return d;
  }

  // `id` as an institution id, or else resolved as a name.
  Result<std::string> InstitutionId(lineage::Source& src, const std::string& id,
                                    nlohmann::json* resolution) {
    auto card = src.GetCard(id);
    if (!card.ok()) return card.status();
    if (*card) return id;
    auto r = lineage::Resolve(src, id);
    if (!r.ok()) return r.status();
    if (r->candidates.empty()) return Status::NotFound("沿革中没有名为“" + id + "”的机构");
    if (r->ambiguous) return Status::InvalidArgument("“" + id + "”可指多个机构，请用全称或编号");
    if (resolution) *resolution = *r;
    return r->candidates.front().institution;
  }

  Response Redacted(nlohmann::json j) {
    Visibility vis(store(), caller.MayReadInternal());
    auto n = vis.Redact(j);
    if (!n.ok()) return FromStatus(n.status());
    return JsonOk(j);
  }

  Response Institutions() {
    const std::string q = req.Query("q");
    if (q.empty()) return Response::Error(400, "bad_request", "请给出机构名称（参数 q）");
    auto as_of = AsOf();
    if (!as_of.ok()) return FromStatus(as_of.status());
    auto src = Source();
    if (!src.ok()) return FromStatus(src.status());
    auto r = lineage::Resolve(**src, q, *as_of);
    if (!r.ok()) return FromStatus(r.status());
    return JsonOk(*r);
  }

  Result<lineage::Lineage> BuildFor(const std::string& id, nlohmann::json* resolution) {
    auto as_of = AsOf();
    if (!as_of.ok()) return as_of.status();
    auto src = Source();
    if (!src.ok()) return src.status();
    auto inst = InstitutionId(**src, id, resolution);
    if (!inst.ok()) return inst.status();
    lineage::LineageOptions lo;
    lo.as_of = *as_of;
    return lineage::BuildLineage(**src, *inst, lo);
  }

  Response Institution(const std::string& id) {
    nlohmann::json resolution;
    auto l = BuildFor(id, &resolution);
    if (!l.ok()) return FromStatus(l.status());
    Visibility vis(store(), caller.MayReadInternal());
    if (Status st = FilterLineage(*l, vis, /*blank_fields=*/false); !st.ok()) return FromStatus(st);
    nlohmann::json j = *l;
    if (!resolution.is_null()) j["resolution"] = resolution;
    return Redacted(std::move(j));
  }

  Response InstitutionSvg(const std::string& id) {
    auto l = BuildFor(id, nullptr);
    if (!l.ok()) return FromStatus(l.status());
    Visibility vis(store(), caller.MayReadInternal());
    if (Status st = FilterLineage(*l, vis, /*blank_fields=*/true); !st.ok()) return FromStatus(st);
    auto svg = lineage::RenderSvg(*l);
    if (!svg.ok()) return FromStatus(svg.status());
    Response resp;
    resp.content_type = "image/svg+xml; charset=utf-8";
    resp.body = std::move(svg).value();
    // An SVG opened on its own must not run anything.
    resp.headers.emplace_back("Content-Security-Policy",
                              "default-src 'none'; style-src 'unsafe-inline'");
    return resp;
  }

  Response InstitutionEac(const std::string& id) {
    auto l = BuildFor(id, nullptr);
    if (!l.ok()) return FromStatus(l.status());
    Visibility vis(store(), caller.MayReadInternal());
    if (Status st = FilterLineage(*l, vis, /*blank_fields=*/true); !st.ok()) return FromStatus(st);
    Response resp;
    resp.content_type = "application/xml; charset=utf-8";
    resp.body = lineage::RenderEacCpf(*l, "sanding 机构编制档案库", NowIso());
    return resp;
  }

  // The version a diff point names among `versions` (those the caller may see): "v2" / "#2" /
  // "2" counts them oldest first, a date picks the one in force that day.
  static Result<const history::Version*> PickVersion(const std::vector<history::Version>& versions,
                                                     const std::string& point) {
    if (lineage::IsIsoDate(point)) {
      for (const auto& v : versions) {
        if ((v.valid_from.empty() || v.valid_from <= point) &&
            (v.valid_to.empty() || point < v.valid_to))
          return &v;
      }
      return Status::InvalidArgument(point + " 不在此机构的任何版本内");
    }
    std::string digits = point;
    if (!digits.empty() && (digits[0] == 'v' || digits[0] == 'V' || digits[0] == '#'))
      digits.erase(0, 1);
    size_t n = 0;
    if (!ParseSize(digits, &n))
      return Status::InvalidArgument("无法识别的比较对象“" + point +
                                     "”（应为日期 2001-01-01 或版本序号 v2）");
    if (n == 0 || n > versions.size())
      return Status::InvalidArgument("该机构只有 " + std::to_string(versions.size()) +
                                     " 个版本，没有第 " + digits + " 个");
    return &versions[n - 1];
  }

  Response InstitutionDiff(const std::string& id) {
    const std::string from = req.Query("from"), to = req.Query("to");
    if (from.empty() || to.empty())
      return Response::Error(400, "bad_request",
                             "请给出要比较的两个日期或版本（参数 from、to，如 v1、2010-01-01）");
    auto l = BuildFor(id, nullptr);
    if (!l.ok()) return FromStatus(l.status());
    Visibility vis(store(), caller.MayReadInternal());
    if (Status st = FilterLineage(*l, vis, /*blank_fields=*/true); !st.ok()) return FromStatus(st);
    auto a = PickVersion(l->versions, from);
    if (!a.ok()) return FromStatus(a.status());
    auto b = PickVersion(l->versions, to);
    if (!b.ok()) return FromStatus(b.status());
    return Redacted(lineage::DiffVersions(**a, **b));
  }

  Response InstitutionProvenance(const std::string& id) {
    const std::string duty = req.Query("duty");
    if (duty.empty()) return Response::Error(400, "bad_request", "请给出要追溯的职责（参数 duty）");
    auto as_of = AsOf();
    if (!as_of.ok()) return FromStatus(as_of.status());
    auto src = Source();
    if (!src.ok()) return FromStatus(src.status());
    auto inst = InstitutionId(**src, id, nullptr);
    if (!inst.ok()) return FromStatus(inst.status());
    auto p = lineage::TraceDuty(**src, *inst, duty, *as_of);
    if (!p.ok()) return FromStatus(p.status());
    return Redacted(*p);
  }

  Response Regions() {
    auto src = Source();
    if (!src.ok()) return FromStatus(src.status());
    auto regions = lineage::Regions(**src);
    if (!regions.ok()) return FromStatus(regions.status());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [name, count] : *regions) list.push_back({{"name", name}, {"bodies", count}});
    return JsonOk({{"regions", list}});
  }

  Response RegionChart(const std::string& region_query) {
    auto as_of = AsOf();
    if (!as_of.ok()) return FromStatus(as_of.status());
    if (as_of->empty()) return Response::Error(400, "bad_request", "请给出日期（参数 as_of）");
    auto src = Source();
    if (!src.ok()) return FromStatus(src.status());
    auto region = lineage::ResolveRegion(**src, region_query);
    if (!region.ok()) return FromStatus(region.status());
    auto chart = lineage::RegionAsOf(**src, *region, *as_of);
    if (!chart.ok()) return FromStatus(chart.status());
    return Redacted(*chart);
  }

  Response RegionChanges(const std::string& region_query) {
    size_t year = 0;
    if (!ParseSize(req.Query("year"), &year) || year < 1000 || year > 9999)
      return Response::Error(400, "bad_request", "请给出年份（参数 year，如 2018）");
    auto src = Source();
    if (!src.ok()) return FromStatus(src.status());
    auto region = lineage::ResolveRegion(**src, region_query);
    if (!region.ok()) return FromStatus(region.status());
    auto changes = lineage::RegionChanges(**src, *region, static_cast<int>(year));
    if (!changes.ok()) return FromStatus(changes.status());
    return Redacted(*changes);
  }

  // ---- overlap ----------------------------------------------------------------------------

  Result<overlap::Options> OverlapOptions(lineage::Source& src, const nlohmann::json& body) {
    overlap::Options o;
    o.as_of = StringField(body, "as_of");
    if (!o.as_of.empty() && !lineage::IsIsoDate(o.as_of))
      return Status::InvalidArgument("比对日期应为日期，如 2020-01-01（收到“" + o.as_of + "”）");
    if (body.contains("threshold")) {
      if (!body["threshold"].is_number())
        return Status::InvalidArgument("相似度阈值应为 0 到 1 之间的数");
      o.threshold = body["threshold"].get<double>();
      if (!(o.threshold >= 0.0 && o.threshold <= 1.0))
        return Status::InvalidArgument("相似度阈值应在 0 到 1 之间（如 0.5）");
    }
    const std::string region = StringField(body, "region");
    if (!region.empty()) {
      auto r = lineage::ResolveRegion(src, region);
      if (!r.ok()) return r.status();
      o.region = *r;
    }
    if (body.contains("exclude") && body["exclude"].is_array()) {
      for (const auto& e : body["exclude"]) {
        if (!e.is_string() || e.get<std::string>().empty()) continue;
        const std::string name = e.get<std::string>();
        auto r = lineage::Resolve(src, name, o.as_of);
        if (!r.ok()) return r.status();
        if (r->candidates.empty())
          return Status::NotFound("沿革中没有名为“" + name + "”的机构（不参与比对的机构）");
        if (r->ambiguous)
          return Status::InvalidArgument("“" + name + "”可指多个机构，请用全称或编号");
        o.exclude_institutions.push_back(r->candidates.front().institution);
      }
    }
    return o;
  }

  Response Overlap() {
    auto body = JsonBody(req);
    if (!body.ok()) return FromStatus(body.status());
    const std::string text = StringField(*body, "text");
    if (text.empty())
      return Response::Error(400, "bad_request", "请粘贴草案的主要职责（字段 text）");
    if (!text::IsValidUtf8(text))
      return Response::Error(400, "bad_request", "草案不是有效的 UTF-8 文本");
    const auto clauses = overlap::SplitDraft(text);
    if (clauses.empty())
      return Response::Error(
          400, "bad_request",
          "草案中没有识别出职责条款（应为逐条列出的主要职责，如“（一）负责……”或每行一条）");
    auto src = Source();
    if (!src.ok()) return FromStatus(src.status());
    auto options = OverlapOptions(**src, *body);
    if (!options.ok()) return FromStatus(options.status());
    auto index = archive.clauses();
    if (!index.ok()) return FromStatus(index.status());
    overlap::DraftSource from;
    from.label = StringField(*body, "label").empty() ? "粘贴的草案" : StringField(*body, "label");
    auto report = overlap::CheckDraft(**index, **src, clauses, from, *options);
    if (!report.ok()) return FromStatus(report.status());
    Visibility vis(store(), caller.MayReadInternal());
    if (Status st = FilterDraft(*report, vis); !st.ok()) return FromStatus(st);
    return OverlapAnswer(*report);
  }

  // A report as the printable HTML (`format=html`) or as JSON, redacted for the caller.
  template <typename Report>
  Response OverlapAnswer(const Report& report) {
    if (req.Query("format") == "html") {
      Response resp;
      resp.content_type = "text/html; charset=utf-8";
      resp.body = overlap::RenderHtml(report);
      return resp;
    }
    return Redacted(overlap::ToJson(report));
  }

  Response OverlapRegion() {
    const std::string region = req.Query("region");
    if (region.empty()) return Response::Error(400, "bad_request", "请给出地区（参数 region）");
    auto src = Source();
    if (!src.ok()) return FromStatus(src.status());
    nlohmann::json body = {{"region", region}, {"as_of", req.Query("as_of")}};
    auto options = OverlapOptions(**src, body);
    if (!options.ok()) return FromStatus(options.status());
    auto index = archive.clauses();
    if (!index.ok()) return FromStatus(index.status());
    auto report = overlap::CheckRegion(**index, **src, *options, /*threads=*/1);
    if (!report.ok()) return FromStatus(report.status());
    Visibility vis(store(), caller.MayReadInternal());
    if (Status st = FilterRegion(*report, vis); !st.ok()) return FromStatus(st);
    return OverlapAnswer(*report);
  }

  // ---- archivists -------------------------------------------------------------------------

  Response Ingest() {
    if (auto denied = Require(Role::kArchivist)) return *denied;
    const std::string name = req.Query("name");
    if (name.empty())
      return Response::Error(400, "bad_request", "请给出上传文件的名称（参数 name）");
    if (req.body_size == 0 && req.body.empty() && req.body_file.empty()) {
      Audit("ingest_upload", name, {{"name", name}, {"error", "空文件"}}, false);
      return Response::Error(400, "bad_request", "上传的文件“" + name + "”是空的");
    }
    auto job = api.jobs_->Submit(name, caller.Who(), req.body_file, req.body);
    if (!job.ok()) {
      Audit("ingest_upload", name, {{"name", name}, {"error", job.status().message()}}, false);
      return FromStatus(job.status());
    }
    Audit("ingest_upload", job->id, {{"name", job->name}, {"size", job->size}}, true);
    return JsonOk({{"job", *job}}, 202);
  }

  Response Jobs() {
    if (auto denied = Require(Role::kArchivist)) return *denied;
    nlohmann::json list = nlohmann::json::array();
    for (const Job& job : api.jobs_->List()) list.push_back(job);
    return JsonOk({{"jobs", list}});
  }

  Response JobInfo(const std::string& id) {
    if (auto denied = Require(Role::kArchivist)) return *denied;
    auto job = api.jobs_->Get(id);
    if (!job) return Response::Error(404, "not_found", "没有编号为 " + id + " 的导入任务");
    return JsonOk({{"job", *job}});
  }

  Response Failures() {
    if (auto denied = Require(Role::kArchivist)) return *denied;
    auto failures = store().ListFailures();
    if (!failures.ok()) return FromStatus(failures.status());
    return JsonOk({{"failures", *failures}});
  }

  Response Review() {
    if (auto denied = Require(Role::kArchivist)) return *denied;
    double below = 75;
    if (req.HasQuery("below")) {
      size_t v = 0;
      if (!ParseSize(req.Query("below"), &v) || v > 100)
        return Response::Error(400, "bad_request", "参数 below 应为 0 到 100 的整数");
      below = static_cast<double>(v);
    }
    auto pages = query::ReviewQueue(store(), below);
    if (!pages.ok()) return FromStatus(pages.status());
    nlohmann::json docs = nlohmann::json::array();
    Status st = store().ForEachFile([&](const FileRecord& f) {
      auto raw = store().GetFacts(f.sha256);
      if (!raw.ok() || !raw->has_value()) return true;
      auto j = nlohmann::json::parse(**raw, nullptr, false);
      if (j.is_discarded() || !j.contains("review") || !j["review"].is_array() ||
          j["review"].empty())
        return true;
      nlohmann::json flags = nlohmann::json::array();
      for (const auto& flag : j["review"]) flags.push_back(flag.value("message", ""));
      auto field = [&](const char* k) {
        return j.contains(k) && j[k].is_object() ? j[k].value("value", "") : std::string();
      };
      docs.push_back({{"sha256", f.sha256},
                      {"title", field("title")},
                      {"doc_number", field("doc_number")},
                      {"flags", flags}});
      return docs.size() < 1000;
    });
    if (!st.ok()) return FromStatus(st);
    return JsonOk({{"pages", *pages}, {"documents", docs}});
  }

  Response AuditEntries() {
    if (auto denied = Require(Role::kAdmin)) return *denied;
    size_t offset = 0, limit = 100;
    if (req.HasQuery("offset") && !ParseSize(req.Query("offset"), &offset))
      return Response::Error(400, "bad_request", "参数 offset 应为非负整数");
    if (req.HasQuery("limit") &&
        (!ParseSize(req.Query("limit"), &limit) || limit == 0 || limit > 1000))
      return Response::Error(400, "bad_request", "参数 limit 应为 1 到 1000 的整数");
    auto entries = api.audit_->Recent(offset, limit);
    if (!entries.ok()) return FromStatus(entries.status());
    return JsonOk({{"entries", *entries}, {"total", api.audit_->size()}});
  }
};

Result<std::unique_ptr<Api>> Api::Open(query::Archive& archive, const ApiOptions& options) {
  const std::string dir = archive.path() + "/server";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("无法创建服务目录 " + dir + "：" + ec.message());
  auto api = std::unique_ptr<Api>(new Api());
  api->archive_ = &archive;
  api->options_ = options;
  auto accounts = Accounts::Open(dir + "/accounts.json");
  if (!accounts.ok()) return accounts.status();
  api->accounts_ = std::move(accounts).value();
  auto audit = AuditLog::Open(dir + "/audit.log");
  if (!audit.ok()) return audit.status();
  api->audit_ = std::move(audit).value();
  JobManager::Options jo;
  jo.ingest = options.ingest;
  AuditLog* log = api->audit_.get();
  jo.on_finished = [log](const Job& job) {
    nlohmann::json detail = {{"name", job.name}, {"state", job.state}};
    if (job.report.is_object()) {
      detail["loaded"] = job.report.value("loaded", 0);
      detail["failed"] = job.report.value("failed", 0);
    }
    (void)log->Append(job.by, "", "ingest_done", job.id, detail, job.state == "done");
  };
  api->jobs_ = std::make_unique<JobManager>(archive, dir, std::move(jo));
  SANDING_RETURN_IF_ERROR(api->jobs_->Start());
  return api;
}

Api::~Api() { Shutdown(); }

void Api::Shutdown() {
  if (jobs_) jobs_->Shutdown();
}

size_t Api::BodyLimit(const Request& head) const {
  if (head.method == "POST" && head.path == "/api/ingest") {
    // Only a caller that may upload gets the large limit; others are refused on the header.
    std::string token;
    const std::string auth = head.Header("authorization");
    if (auth.compare(0, 7, "Bearer ") == 0) token = auth.substr(7);
    if (token.empty()) token = CookieValue(head.Header("cookie"), kCookie);
    auto account = token.empty() ? Result<Account>(Status::PermissionDenied(""))
                                 : accounts_->CheckToken(token);
    if (account.ok() && static_cast<int>(account->role) >= static_cast<int>(Role::kArchivist))
      return options_.max_upload_bytes;
  }
  if (head.method == "POST" && head.path == "/api/overlap") return 4u << 20;
  return 1u << 20;
}

namespace {

Response ServeAsset(const Request& req) {
  std::string path = req.path;
  const WebAsset* asset = FindWebAsset(path);
  // Routes of the page app ("/doc/…") get the page; a missing file with an extension is a 404.
  if (asset == nullptr && fs::path(path).extension().empty()) asset = FindWebAsset("/index.html");
  if (asset == nullptr) return Response::Error(404, "not_found", "没有这个页面：" + req.path);
  Response resp;
  resp.content_type = std::string(asset->content_type);
  resp.headers.emplace_back("ETag", std::string(asset->etag));
  resp.headers.emplace_back("Cache-Control", "no-cache");
  if (req.Header("if-none-match") == asset->etag) {
    resp.status = 304;
    return resp;
  }
  resp.body = std::string(asset->data);
  return resp;
}

}  // namespace

Response Api::Handle(const Request& request) {
  if (request.path.compare(0, 5, "/api/") != 0 && request.path != "/api") {
    if (request.method != "GET" && request.method != "HEAD")
      return Response::Error(405, "method_not_allowed", "不支持此请求方法");
    return ServeAsset(request);
  }
  Impl impl{*this, *archive_, request, Caller{}};
  // Who is asking: a bearer token (wrong → 401), else the session cookie (stale → anonymous).
  const std::string auth = request.Header("authorization");
  if (!auth.empty()) {
    if (auth.compare(0, 7, "Bearer ") != 0)
      return Response::Error(401, "unauthorized", "Authorization 头应为 Bearer 令牌");
    auto account = accounts_->CheckToken(auth.substr(7));
    if (!account.ok()) return Response::Error(401, "unauthorized", "令牌无效或已过期，请重新登录");
    impl.caller.account = *account;
    impl.caller.token = auth.substr(7);
  } else {
    const std::string cookie = CookieValue(request.Header("cookie"), kCookie);
    if (!cookie.empty()) {
      auto account = accounts_->CheckToken(cookie);
      if (account.ok()) {
        impl.caller.account = *account;
        impl.caller.token = cookie;
        impl.caller.via_cookie = true;
      }
    }
  }
  Response resp = impl.Dispatch();
  resp.headers.emplace_back("Cache-Control", "no-store");
  return resp;
}

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  std::string host = "127.0.0.1", port = listen;
  const size_t colon = listen.rfind(':');
  if (colon != std::string::npos) {
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
      host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "0.0.0.0";
  }
  size_t p = 0;
  if (!ParseSize(port, &p) || p > 65535)
    return Status::InvalidArgument("监听地址“" + listen +
                                   "”无效，应为 地址:端口，如 127.0.0.1:8080");
  return std::make_pair(host, static_cast<uint16_t>(p));
}

Status Serve(const ServeOptions& options) {
  auto listen = ParseListen(options.listen);
  if (!listen.ok()) return listen.status();
  // Signals are taken by this thread alone (sigwait below); every thread started from here on
  // inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto archive = query::Archive::Open(options.data_dir);
  if (!archive.ok()) return archive.status();
  {
    // A previous run may have stopped after storing files but before indexing them.
    auto lock = (*archive)->WriteLock();
    SANDING_RETURN_IF_ERROR((*archive)->index().Sync((*archive)->store()));
    SANDING_RETURN_IF_ERROR((*archive)->SyncClauseIndex());
  }
  auto api = Api::Open(**archive, options.api);
  if (!api.ok()) return api.status();
  Api* a = api->get();

  HttpOptions http;
  http.address = listen->first;
  http.port = listen->second;
  http.threads = options.threads;
  // An upload of a large archive must fit in the read timeout (header and body together).
  http.read_timeout = std::chrono::minutes(5);
  http.spool_dir = (*archive)->path() + "/server/spool";
  std::error_code ec;
  fs::create_directories(http.spool_dir, ec);
  http.body_limit = [a](const Request& head) { return a->BodyLimit(head); };
  http.default_headers = SecurityHeaders();
  http.on_request = [](const Request& r, int status, uint64_t bytes, double ms) {
    spdlog::debug("{} {} {} {} {}B {:.1f}ms", r.remote, r.method, r.target, status, bytes, ms);
  };
  HttpServer server(http, [a](const Request& r) { return a->Handle(r); });
  SANDING_RETURN_IF_ERROR(server.Start());
  if (options.on_ready) options.on_ready(http.address, server.port());

  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info(
      "收到信号 {}，正在停止服务：处理中的请求完成后退出，进行中的导入任务将在下次启动时继续", sig);
  server.Stop();
  server.Wait();
  a->Shutdown();
  api->reset();
  return Status::Ok();
}

}  // namespace sanding::server
