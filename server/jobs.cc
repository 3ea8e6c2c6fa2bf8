#include "server/jobs.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/text.h"

namespace sanding::server {

namespace fs = std::filesystem;

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Writes `data` to `path` through a temporary file, fsynced and renamed into place.
Status WriteFileAtomic(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("无法写入 " + tmp);
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      ::close(fd);
      return Status::IOError("写入 " + tmp + " 失败（磁盘已满？）");
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return Status::IOError("写入 " + tmp + " 失败（fsync）");
  }
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::IOError("无法更新 " + path);
  return Status::Ok();
}

std::string NewId(uint64_t n) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return std::string(buf) + "-" + std::to_string(n);
}

}  // namespace

void to_json(nlohmann::json& j, const JobProgress& p) {
  j = nlohmann::json{{"files_done", p.files_done},   {"pages_done", p.pages_done},
                     {"pages_total", p.pages_total}, {"duplicates", p.duplicates},
                     {"failed", p.failed},           {"walking", p.walking},
                     {"elapsed_s", p.elapsed_s}};
}

void from_json(const nlohmann::json& j, JobProgress& p) {
  p.files_done = j.value("files_done", uint64_t{0});
  p.pages_done = j.value("pages_done", uint64_t{0});
  p.pages_total = j.value("pages_total", uint64_t{0});
  p.duplicates = j.value("duplicates", uint64_t{0});
  p.failed = j.value("failed", uint64_t{0});
  p.walking = j.value("walking", false);
  p.elapsed_s = j.value("elapsed_s", 0.0);
}

void to_json(nlohmann::json& j, const Job& job) {
  j = nlohmann::json{{"id", job.id},
                     {"state", job.state},
                     {"name", job.name},
                     {"size", job.size},
                     {"by", job.by},
                     {"created_ms", job.created_ms},
                     {"started_ms", job.started_ms},
                     {"finished_ms", job.finished_ms},
                     {"attempts", job.attempts},
                     {"progress", job.progress},
                     {"report", job.report},
                     {"error", job.error}};
}

namespace {

nlohmann::json PersistedJson(const Job& job) {
  nlohmann::json j = job;
  j["upload"] = job.upload;
  return j;
}

Job FromPersisted(const nlohmann::json& j) {
  Job job;
  job.id = j.value("id", "");
  job.state = j.value("state", "");
  job.name = j.value("name", "");
  job.size = j.value("size", uint64_t{0});
  job.by = j.value("by", "");
  job.upload = j.value("upload", "");
  job.created_ms = j.value("created_ms", int64_t{0});
  job.started_ms = j.value("started_ms", int64_t{0});
  job.finished_ms = j.value("finished_ms", int64_t{0});
  job.attempts = j.value("attempts", 0);
  if (j.contains("progress") && j["progress"].is_object())
    job.progress = j["progress"].get<JobProgress>();
  job.report = j.contains("report") ? j["report"] : nlohmann::json(nullptr);
  job.error = j.value("error", "");
  return job;
}

}  // namespace

std::string SafeFileName(const std::string& name) {
  std::string s = text::SanitizeUtf8(name);
  const size_t slash = s.find_last_of("/\\");
  if (slash != std::string::npos) s = s.substr(slash + 1);
  std::string out;
  for (std::string_view ch : text::Utf8Chars(s)) {
    if (ch.size() == 1 && (static_cast<unsigned char>(ch[0]) < 0x20 || ch[0] == 0x7f ||
                           ch[0] == ':' || ch[0] == '*' || ch[0] == '?' || ch[0] == '"' ||
                           ch[0] == '<' || ch[0] == '>' || ch[0] == '|')) {
      continue;
    }
    if (out.size() + ch.size() > 200) break;
    out.append(ch);
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? "上传文件" : out;
}

class JobManager::Observer : public ocr::IngestObserver {
 public:
  Observer(JobManager& m, std::string id) : m_(m), id_(std::move(id)) {}
  void OnProgress(const ocr::IngestProgress& p) override {
    m_.Update(id_, [&](Job& job) {
      job.progress.files_done = p.files_done;
      job.progress.pages_done = p.pages_done;
      job.progress.pages_total = p.pages_total;
      job.progress.duplicates = p.duplicates;
      job.progress.failed = p.failed;
      job.progress.walking = p.walking;
      job.progress.elapsed_s = p.elapsed_s;
    });
  }
  void OnFailure(const FailureRecord& f) override {
    spdlog::warn("导入任务 {}：{}", id_, f.message);
  }
  bool Cancelled() override { return m_.stopping_.load(); }

 private:
  JobManager& m_;
  std::string id_;
};

JobManager::JobManager(query::Archive& archive, std::string dir, Options options)
    : archive_(archive), dir_(std::move(dir)), options_(std::move(options)) {}

JobManager::~JobManager() { Shutdown(); }

Status JobManager::Start() {
  std::error_code ec;
  fs::create_directories(dir_ + "/jobs", ec);
  if (!ec) fs::create_directories(dir_ + "/uploads", ec);
  if (ec) return Status::IOError("无法创建任务目录 " + dir_ + "：" + ec.message());
  std::vector<Job> loaded;
  for (const auto& entry : fs::directory_iterator(dir_ + "/jobs", ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    auto j = nlohmann::json::parse(s.str(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      spdlog::warn("任务记录 {} 无法读取，已跳过", entry.path().string());
      continue;
    }
    loaded.push_back(FromPersisted(j));
  }
  if (ec) return Status::IOError("无法读取任务目录 " + dir_ + "/jobs：" + ec.message());
  std::sort(loaded.begin(), loaded.end(), [](const Job& a, const Job& b) {
    return std::tie(a.created_ms, a.id) < std::tie(b.created_ms, b.id);
  });
  std::lock_guard<std::mutex> lock(mu_);
  for (Job& job : loaded) {
    if (job.state == "queued" || job.state == "running" || job.state == "interrupted") {
      if (job.state != "queued") spdlog::info("继续未完成的导入任务 {}（{}）", job.id, job.name);
      job.state = "queued";
      queue_.push_back(job.id);
    }
    jobs_[job.id] = std::move(job);
  }
  counter_ = jobs_.size();
  stopping_ = false;
  started_ = true;
  worker_ = std::thread([this] { Run(); });
  return Status::Ok();
}

Status JobManager::Persist(const Job& job) const {
  return WriteFileAtomic(dir_ + "/jobs/" + job.id + ".json", PersistedJson(job).dump());
}

void JobManager::Update(const std::string& id, const std::function<void(Job&)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = jobs_.find(id);
  if (it != jobs_.end()) fn(it->second);
}

Result<Job> JobManager::Submit(const std::string& name, const std::string& by,
                               const std::string& body_file, const std::string& body) {
  Job job;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || !started_) return Status::Unavailable("服务器正在停止，无法接收新的导入任务");
    job.id = NewId(++counter_);
    while (jobs_.count(job.id)) job.id = NewId(++counter_);
  }
  job.state = "queued";
  job.name = SafeFileName(name);
  job.by = by;
  job.created_ms = NowMs();
  const std::string folder = dir_ + "/uploads/" + job.id;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return Status::IOError("无法创建上传目录 " + folder + "：" + ec.message());
  job.upload = folder + "/" + job.name;
  if (!body_file.empty()) {
    fs::rename(body_file, job.upload, ec);
    if (ec) {
      // Another file system: copy, then remove the spool file.
      ec.clear();
      fs::copy_file(body_file, job.upload, fs::copy_options::overwrite_existing, ec);
      if (ec) return Status::IOError("无法保存上传的文件“" + job.name + "”：" + ec.message());
      fs::remove(body_file, ec);
    }
    job.size = fs::file_size(job.upload, ec);
    int fd = ::open(job.upload.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  } else {
    SANDING_RETURN_IF_ERROR(WriteFileAtomic(job.upload, body));
    job.size = body.size();
  }
  SANDING_RETURN_IF_ERROR(Persist(job));
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_[job.id] = job;
    queue_.push_back(job.id);
  }
  cv_.notify_all();
  return job;
}

std::optional<Job> JobManager::Get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

std::vector<Job> JobManager::List() const {
  std::vector<Job> out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, job] : jobs_) out.push_back(job);
  }
  std::sort(out.begin(), out.end(), [](const Job& a, const Job& b) {
    return std::tie(a.created_ms, a.id) > std::tie(b.created_ms, b.id);
  });
  return out;
}

size_t JobManager::Active() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [id, job] : jobs_) n += job.state == "queued" || job.state == "running";
  return n;
}

void JobManager::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void JobManager::Run() {
  for (;;) {
    std::string id;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
    }
    RunJob(id);
  }
}

void JobManager::RunJob(const std::string& id) {
  Job snapshot;
  Update(id, [&](Job& job) {
    job.state = "running";
    job.started_ms = NowMs();
    job.finished_ms = 0;
    job.error.clear();
    ++job.attempts;
    snapshot = job;
  });
  if (Status st = Persist(snapshot); !st.ok()) spdlog::warn("导入任务 {}：{}", id, st.message());
  spdlog::info("导入任务 {} 开始：{}（{}，上传者 {}）", id, snapshot.name,
               text::HumanBytes(snapshot.size), snapshot.by);

  Observer observer(*this, id);
  auto report = ocr::Ingest(archive_.store(), {snapshot.upload}, options_.ingest, &observer);
  std::string error;
  nlohmann::json report_json;
  if (!report.ok()) {
    error = report.status().message();
  } else {
    report_json = *report;
    // Even a cancelled run brings what it stored into the index, under the archive's write lock.
    auto lock = archive_.WriteLock();
    auto derived =
        archive_.UpdateDerived("导入任务 " + id + "（" + snapshot.name + "）后由文件推导");
    if (!derived.ok()) {
      error = derived.status().message();
    } else {
      report_json["extraction"] = {{"documents", derived->extraction.documents},
                                   {"flagged", derived->extraction.flagged}};
    }
  }
  const bool interrupted = stopping_.load() && report.ok();
  // The final state is persisted, the upload cleaned and on_finished told before readers of the
  // job can see it finished.
  {
    std::lock_guard<std::mutex> lock(mu_);
    snapshot = jobs_[id];
  }
  snapshot.finished_ms = NowMs();
  snapshot.report = report_json;
  snapshot.error = error;
  snapshot.state = !error.empty() ? "failed" : interrupted ? "interrupted" : "done";
  if (Status st = Persist(snapshot); !st.ok()) spdlog::warn("导入任务 {}：{}", id, st.message());
  if (snapshot.state == "done") {
    std::error_code ec;
    fs::remove_all(dir_ + "/uploads/" + id, ec);
    spdlog::info("导入任务 {} 完成：新载入 {} 份，失败 {} 份", id, report->loaded, report->failed);
  } else if (snapshot.state == "interrupted") {
    spdlog::info("导入任务 {} 已中断，下次启动服务时继续", id);
  } else {
    spdlog::warn("导入任务 {} 失败：{}", id, error);
  }
  if (snapshot.state != "interrupted" && options_.on_finished) options_.on_finished(snapshot);
  Update(id, [&](Job& job) { job = snapshot; });
}

}  // namespace sanding::server
