// Archive planning, rendering and GBK-named archive writing.
//
// libarchive converts member names between the current locale's charset and the charset a format
// stores (zip's UTF-8 flag, 7z's UTF-16, pax). The writer runs with the calling thread switched
// (uselocale) to the C locale for GBK names, which are then stored as the raw bytes given without
// a zip's UTF-8 flag, as Chinese Windows writes them; or to C.UTF-8 for names stored as UTF-8.
#include "tools/scansim/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <locale.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

namespace sanding::scansim {
namespace {

struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveEntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// Switches the calling thread's LC_CTYPE to `name` for the scope's lifetime (when available).
class ScopedLocale {
 public:
  explicit ScopedLocale(const char* name)
      : loc_(newlocale(LC_CTYPE_MASK, name, static_cast<locale_t>(nullptr))) {
    if (loc_ != nullptr) previous_ = uselocale(loc_);
  }
  ~ScopedLocale() {
    if (loc_ != nullptr) {
      uselocale(previous_);
      freelocale(loc_);
    }
  }
  bool ok() const { return loc_ != nullptr; }
  ScopedLocale(const ScopedLocale&) = delete;
  ScopedLocale& operator=(const ScopedLocale&) = delete;

 private:
  locale_t loc_;
  locale_t previous_ = nullptr;
};

la_ssize_t AppendToString(archive*, void* client, const void* buf, size_t n) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

// FNV-1a: a stable hash of a document id, so a document's plan does not depend on its position.
uint64_t Hash(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Code points of `s` as UTF-8 strings.
std::vector<std::string> Chars(const std::string& s) {
  std::vector<std::string> out;
  const char* p = s.c_str();
  const char* end = p + s.size();
  while (p < end && *p != '\0') {
    const char* next = g_utf8_next_char(p);
    out.emplace_back(p, next);
    p = next;
  }
  return out;
}

// A file name part: no path separators or characters Windows forbids, no control characters,
// only characters GBK can encode, at most `max_chars` characters.
std::string SafeNamePart(const std::string& s, size_t max_chars) {
  std::string out;
  size_t n = 0;
  for (const std::string& c : Chars(s)) {
    if (n >= max_chars) break;
    std::string piece = c;
    if (c.size() == 1 && (static_cast<unsigned char>(c[0]) < 0x20 ||
                          std::string("/\\:*?\"<>|").find(c[0]) != std::string::npos)) {
      piece = "_";
    } else if (c == "\f" || c == "\n" || c == "\r" || c == "\t") {
      piece = " ";
    } else if (!Utf8ToGbk(c).ok()) {
      piece = "_";
    }
    out += piece;
    ++n;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  return out;
}

std::string Extension(MemberFormat f) {
  switch (f) {
    case MemberFormat::kTiff:
      return ".tif";
    case MemberFormat::kJpeg:
      return ".jpg";
    case MemberFormat::kTextPdf:
    case MemberFormat::kScannedPdf:
      break;
  }
  return ".pdf";
}

}  // namespace

int CorpusDocument::Year() const {
  if (date.size() < 4) return 0;
  int y = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (date[i] < '0' || date[i] > '9') return 0;
    y = y * 10 + (date[i] - '0');
  }
  return y;
}

Result<std::vector<CorpusDocument>> LoadCorpus(const std::string& corpus_dir) {
  const std::string truth_path = corpus_dir + "/truth/documents.json";
  std::ifstream in(truth_path, std::ios::binary);
  if (!in) return Status::NotFound("找不到语料清单 " + truth_path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    return Status::InvalidArgument("语料清单 " + truth_path + " 不是有效的 JSON：" + e.what());
  }
  if (!j.is_array()) return Status::InvalidArgument("语料清单 " + truth_path + " 应为 JSON 数组");
  std::vector<CorpusDocument> docs;
  for (size_t i = 0; i < j.size(); ++i) {
    const nlohmann::json& o = j[i];
    CorpusDocument d;
    auto field = [&](const char* key, std::string& out) -> Status {
      if (!o.is_object() || !o.contains(key) || !o[key].is_string()) {
        return Status::InvalidArgument("语料清单 " + truth_path + " 第 " + std::to_string(i + 1) +
                                       " 条缺少字符串字段“" + key + "”");
      }
      out = o[key].get<std::string>();
      return Status::Ok();
    };
    SANDING_RETURN_IF_ERROR(field("id", d.id));
    SANDING_RETURN_IF_ERROR(field("file", d.file));
    SANDING_RETURN_IF_ERROR(field("date", d.date));
    SANDING_RETURN_IF_ERROR(field("issuer", d.issuer));
    SANDING_RETURN_IF_ERROR(field("doc_number_as_written", d.doc_number_as_written));
    SANDING_RETURN_IF_ERROR(field("date_as_written", d.date_as_written));
    SANDING_RETURN_IF_ERROR(field("title", d.title));
    SANDING_RETURN_IF_ERROR(field("period", d.period));
    if (o.contains("script") && o["script"].is_string()) d.script = o["script"].get<std::string>();
    if (d.Year() == 0) {
      return Status::InvalidArgument("语料清单 " + truth_path + " 中文件 " + d.id + " 的日期“" +
                                     d.date + "”格式不对（应为 YYYY-MM-DD）");
    }
    const std::string path = corpus_dir + "/" + d.file;
    std::ifstream t(path, std::ios::binary);
    if (!t) return Status::NotFound("找不到语料文本 " + path);
    std::ostringstream ss;
    ss << t.rdbuf();
    d.text = ss.str();
    if (!g_utf8_validate(d.text.data(), static_cast<gssize>(d.text.size()), nullptr)) {
      return Status::InvalidArgument("语料文本 " + path + " 不是有效的 UTF-8");
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

const char* MemberFormatName(MemberFormat format) {
  switch (format) {
    case MemberFormat::kScannedPdf:
      return "scanned_pdf";
    case MemberFormat::kTiff:
      return "tiff";
    case MemberFormat::kJpeg:
      return "jpeg";
    case MemberFormat::kTextPdf:
      break;
  }
  return "text_pdf";
}

double ScanProbability(const std::string& period, double scan_share) {
  double w = 1.0;
  if (period == "1983-1995") w = 1.6;
  if (period == "1996-2007") w = 1.3;
  if (period == "2008-2017") w = 0.8;
  if (period == "2018-2023") w = 0.5;
  return std::clamp(scan_share * w, 0.0, 1.0);
}

std::vector<PlannedDocument> PlanArchive(const std::vector<CorpusDocument>& docs,
                                         const ArchiveOptions& options) {
  std::vector<PlannedDocument> plan;
  std::set<std::string> used;
  const int lo = std::min(options.dpi_min, options.dpi_max);
  const int hi = std::max(options.dpi_min, options.dpi_max);
  for (size_t i = 0; i < docs.size(); ++i) {
    const CorpusDocument& d = docs[i];
    std::mt19937_64 rng(Hash(d.id) ^ (static_cast<uint64_t>(options.seed) * 0x9E3779B97F4A7C15ull));
    auto uniform = [&] { return static_cast<double>(rng() >> 11) / 9007199254740992.0; };
    PlannedDocument p;
    p.index = i;
    p.seed = static_cast<uint32_t>(rng());
    p.scanned = uniform() < ScanProbability(d.period, options.scan_share);
    const int year = d.Year();
    if (p.scanned) {
      if (year < 2000) {
        // Stencils (mimeograph) dominate the early 1980s, typewriters the 1990s.
        const double mimeo = year < 1990 ? 0.55 : 0.3;
        p.style = uniform() < mimeo ? Style::kMimeograph : Style::kTypewriter;
      }
      const double f = uniform();
      p.format = f < 0.5   ? MemberFormat::kScannedPdf
                 : f < 0.8 ? MemberFormat::kTiff
                           : MemberFormat::kJpeg;
      const int steps = (hi - lo) / 10;
      p.dpi = lo + 10 * static_cast<int>(rng() % static_cast<uint64_t>(steps + 1));
    } else {
      p.format = MemberFormat::kTextPdf;
      p.dpi = 300;
    }
    std::string number = SafeNamePart(d.doc_number_as_written, 20);
    std::string title = SafeNamePart(d.title, 26);
    std::string base = number.empty() ? title : (title.empty() ? number : number + " " + title);
    if (base.empty()) base = SafeNamePart(d.id, 40);
    base = std::to_string(year) + "年/" + base;
    std::string unique = base;
    for (int k = 2; used.count(unique) != 0; ++k) unique = base + "（" + std::to_string(k) + "）";
    used.insert(unique);
    p.member_base = unique;
    plan.push_back(std::move(p));
  }
  return plan;
}

LetterheadSplit SplitLetterhead(const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string line =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (line.find_first_not_of(" \t\r") != std::string::npos) {
      std::string trimmed = line;
      while (!trimmed.empty() && (trimmed.back() == '\r' || trimmed.back() == ' '))
        trimmed.pop_back();
      const std::string suffix = "文件";
      const bool is_head =
          trimmed.size() > suffix.size() &&
          trimmed.compare(trimmed.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          Chars(trimmed).size() <= 30 && trimmed.find('\f') == std::string::npos;
      if (!is_head) break;
      size_t rest = end == std::string::npos ? text.size() : end + 1;
      // Blank lines between the letterhead and the body go with the letterhead.
      while (rest < text.size()) {
        const size_t e = text.find('\n', rest);
        const std::string l =
            text.substr(rest, e == std::string::npos ? std::string::npos : e - rest);
        if (l.find_first_not_of(" \t\r") != std::string::npos || e == std::string::npos) break;
        rest = e + 1;
      }
      return {trimmed, text.substr(rest)};
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return {"", text};
}

ScanOptions OptionsFor(const CorpusDocument& doc, const PlannedDocument& plan) {
  ScanOptions o = TypicalOptions(plan.style, plan.seed, plan.dpi);
  const LetterheadSplit split = SplitLetterhead(doc.text);
  o.letterhead = !split.letterhead.empty() ? split.letterhead
                 : doc.issuer.empty()      ? ""
                                           : doc.issuer + "文件";
  // Joint issuers ("中共清河市委　清河市人民政府"): the first one's seal.
  std::string seal = doc.issuer;
  for (const char* sep : {"\xE3\x80\x80", " "}) {  // U+3000, space
    const size_t at = seal.find(sep);
    if (at != std::string::npos && at > 0) seal = seal.substr(0, at);
  }
  o.seal_text = seal;
  o.seal_anchor = doc.date_as_written;
  return o;
}

Result<std::vector<ArchiveMember>> RenderMembers(const CorpusDocument& doc,
                                                 const PlannedDocument& plan) {
  const ScanOptions opt = OptionsFor(doc, plan);
  const std::string body = SplitLetterhead(doc.text).body;
  std::vector<ArchiveMember> out;
  const std::string base = plan.member_base;
  auto fail = [&](const Status& s) {
    return Status(s.code(), "渲染文件 " + doc.id + "（" + doc.file + "）失败：" + s.message());
  };
  if (plan.format == MemberFormat::kTextPdf) {
    Result<std::string> pdf = RenderTextPdf(body, opt);
    if (!pdf.ok()) return fail(pdf.status());
    out.push_back({base + ".pdf", std::move(pdf.value())});
    return out;
  }
  Result<std::vector<Raster>> pages = RenderPages(body, opt);
  if (!pages.ok()) return fail(pages.status());
  switch (plan.format) {
    case MemberFormat::kScannedPdf: {
      Result<std::string> pdf = EncodeScannedPdf(*pages);
      if (!pdf.ok()) return fail(pdf.status());
      out.push_back({base + ".pdf", std::move(pdf.value())});
      break;
    }
    case MemberFormat::kTiff: {
      Result<std::string> tif = EncodeTiff(*pages);
      if (!tif.ok()) return fail(tif.status());
      out.push_back({base + ".tif", std::move(tif.value())});
      break;
    }
    case MemberFormat::kJpeg:
    case MemberFormat::kTextPdf:
      for (size_t i = 0; i < pages->size(); ++i) {
        Result<std::string> jpg = EncodeJpeg((*pages)[i], 85);
        if (!jpg.ok()) return fail(jpg.status());
        const std::string name = pages->size() == 1
                                     ? base + Extension(plan.format)
                                     : base + "_第" + std::to_string(i + 1) + "页.jpg";
        out.push_back({name, std::move(jpg.value())});
      }
      break;
  }
  return out;
}

Result<ArchiveFormat> ArchiveFormatFor(const std::string& path) {
  auto ends = [&](const std::string& suffix) {
    if (path.size() < suffix.size()) return false;
    std::string tail = path.substr(path.size() - suffix.size());
    std::transform(tail.begin(), tail.end(), tail.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return tail == suffix;
  };
  if (ends(".zip")) return ArchiveFormat::kZip;
  if (ends(".tar")) return ArchiveFormat::kTar;
  if (ends(".tar.gz") || ends(".tgz")) return ArchiveFormat::kTarGz;
  return Status::InvalidArgument("无法从文件名 " + path +
                                 " 判断压缩包格式（支持 .zip、.tar、.tar.gz、.tgz）");
}

Result<std::string> Utf8ToGbk(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open("GBK", &status), ucnv_close);
  if (U_FAILURE(status)) return Status::Internal("ICU 无法打开 GBK 编码转换器");
  ucnv_setFromUCallBack(conv.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string u16(utf8.size() + 1, u'\0');
  int32_t len16 = 0;
  u_strFromUTF8(reinterpret_cast<UChar*>(u16.data()), static_cast<int32_t>(u16.size()), &len16,
                utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return Status::InvalidArgument("名称“" + utf8 + "”不是有效的 UTF-8");
  std::string out(static_cast<size_t>(len16) * 2 + 4, '\0');
  const int32_t n = ucnv_fromUChars(conv.get(), out.data(), static_cast<int32_t>(out.size()),
                                    reinterpret_cast<const UChar*>(u16.data()), len16, &status);
  if (U_FAILURE(status))
    return Status::InvalidArgument("名称“" + utf8 + "”含有 GBK 无法表示的字符");
  out.resize(static_cast<size_t>(n));
  return out;
}

Status ArchiveCallStatus(archive* a, int r, const char* what) {
  if (r >= ARCHIVE_OK) return Status::Ok();
  const char* err = archive_error_string(a);
  return Status::Internal(std::string("写压缩包失败（") + what + "：" +
                          (err != nullptr ? err : "libarchive 未知错误") + "）");
}

Result<std::string> WriteArchiveWith(const std::function<Status(archive*)>& setup,
                                     const std::vector<ArchiveMember>& members, bool gbk_names) {
  const char* locale_name = gbk_names ? "C" : "C.UTF-8";
  ScopedLocale locale(locale_name);
  if (!locale.ok()) {
    return Status::Internal(std::string("写压缩包失败（系统缺少区域设置 ") + locale_name + "）");
  }
  // `out` is declared before the writer: on an early return the writer is freed first, and
  // archive_write_free still flushes into `out`.
  std::string out;
  std::unique_ptr<archive, ArchiveWriteFree> a(archive_write_new());
  if (!a) return Status::Internal("写压缩包失败（archive_write_new）");
  SANDING_RETURN_IF_ERROR(setup(a.get()));
  SANDING_RETURN_IF_ERROR(
      ArchiveCallStatus(a.get(), archive_write_set_bytes_in_last_block(a.get(), 1), "末块"));
  SANDING_RETURN_IF_ERROR(ArchiveCallStatus(
      a.get(), archive_write_open(a.get(), &out, nullptr, AppendToString, nullptr), "打开"));
  for (const ArchiveMember& m : members) {
    std::string name = m.name;
    if (gbk_names) {
      Result<std::string> gbk = Utf8ToGbk(m.name);
      if (!gbk.ok()) return gbk.status();
      name = std::move(gbk.value());
    }
    std::unique_ptr<archive_entry, ArchiveEntryFree> entry(archive_entry_new());
    archive_entry_copy_pathname(entry.get(), name.c_str());
    archive_entry_set_mtime(entry.get(), 1700000000, 0);  // deterministic output
    if (m.symlink) {
      archive_entry_set_filetype(entry.get(), AE_IFLNK);
      archive_entry_set_perm(entry.get(), 0777);
      archive_entry_copy_symlink(entry.get(), m.data.c_str());
      archive_entry_set_size(entry.get(), 0);
    } else {
      archive_entry_set_filetype(entry.get(), AE_IFREG);
      archive_entry_set_perm(entry.get(), 0644);
      archive_entry_set_size(entry.get(), static_cast<la_int64_t>(m.data.size()));
    }
    Status st = ArchiveCallStatus(a.get(), archive_write_header(a.get(), entry.get()), "写成员头");
    if (!st.ok()) return Status(st.code(), st.message() + "：" + m.name);
    if (m.symlink) continue;
    size_t done = 0;
    while (done < m.data.size()) {
      const la_ssize_t n = archive_write_data(a.get(), m.data.data() + done, m.data.size() - done);
      if (n <= 0) {
        return ArchiveCallStatus(a.get(), n < 0 ? static_cast<int>(n) : ARCHIVE_FATAL,
                                 "写成员数据");
      }
      done += static_cast<size_t>(n);
    }
  }
  SANDING_RETURN_IF_ERROR(ArchiveCallStatus(a.get(), archive_write_close(a.get()), "关闭"));
  return out;
}

Result<std::string> WriteGbkArchive(ArchiveFormat format,
                                    const std::vector<ArchiveMember>& members) {
  auto setup = [format](archive* a) -> Status {
    if (format == ArchiveFormat::kZip) {
      return ArchiveCallStatus(a, archive_write_set_format_zip(a), "zip 格式");
    }
    SANDING_RETURN_IF_ERROR(ArchiveCallStatus(a, archive_write_set_format_ustar(a), "tar 格式"));
    if (format == ArchiveFormat::kTarGz) {
      SANDING_RETURN_IF_ERROR(ArchiveCallStatus(a, archive_write_add_filter_gzip(a), "gzip"));
      // No time stamp in the gzip header: the same input gives the same bytes.
      SANDING_RETURN_IF_ERROR(
          ArchiveCallStatus(a, archive_write_set_options(a, "gzip:!timestamp"), "gzip 选项"));
    }
    return Status::Ok();
  };
  return WriteArchiveWith(setup, members, /*gbk_names=*/true);
}

}  // namespace sanding::scansim
