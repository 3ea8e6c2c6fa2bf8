// The input walker: folders, plain files and archives (libarchive, streamed from disk or memory)
// turned into InputItems and InputFailures.
//
// Member names: libarchive converts names it knows the charset of (zip names flagged UTF-8, 7z's
// UTF-16, pax headers) into the current locale's charset, and copies other names (zips from
// Chinese Windows, ustar) as raw bytes. The walker reads archives with the calling thread switched
// to the C.UTF-8 locale (uselocale: per thread, the process locale is untouched), takes the raw
// names from archive_entry_pathname and decodes them itself (UTF-8 kept, else GB18030).
#include "ocr/input_walker.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ocr/format.h"
#include "ocr/internal/archive_format.h"
#include "store/text.h"

namespace sanding::ocr {
namespace {

namespace fs = std::filesystem;

// The expansion ratio is checked once a member has produced this many bytes.
constexpr uint64_t kBombCheckFloor = 16ull << 20;
// Bytes read per archive_read_data call, and the block size for archives read from disk.
constexpr size_t kChunk = 64 * 1024;
// Most bytes reserved up front from a member's declared size.
constexpr uint64_t kMaxReserve = 64ull << 20;
// Leading and trailing bytes of a file looked at before deciding how to read it.
constexpr size_t kHeadBytes = 64 * 1024;
constexpr size_t kTailBytes = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// RAII helpers.

struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadFree>;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// The C.UTF-8 locale, created once; nullptr when the C library lacks it.
locale_t Utf8Locale() {
  static const locale_t loc = [] {
    for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
      if (locale_t l = newlocale(LC_CTYPE_MASK, name, static_cast<locale_t>(nullptr))) return l;
    }
    return static_cast<locale_t>(nullptr);
  }();
  return loc;
}

// Switches the calling thread to C.UTF-8 for its lifetime, so that libarchive converts the names
// it knows the charset of to UTF-8.
class ScopedUtf8Locale {
 public:
  ScopedUtf8Locale() {
    if (locale_t l = Utf8Locale()) previous_ = uselocale(l);
  }
  ~ScopedUtf8Locale() {
    if (previous_ != nullptr) uselocale(previous_);
  }
  ScopedUtf8Locale(const ScopedUtf8Locale&) = delete;
  ScopedUtf8Locale& operator=(const ScopedUtf8Locale&) = delete;

 private:
  locale_t previous_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Small helpers.

std::string ErrnoText(int err) { return std::strerror(err); }

// Reads up to `n` bytes at `offset`; false on a read error (errno set).
bool ReadAt(int fd, uint64_t offset, size_t n, std::string& out) {
  out.resize(n);
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, out.data() + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  out.resize(got);
  return true;
}

std::string BaseName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

SourceRef ChildOf(const SourceRef& archive_source, const std::string& member) {
  SourceRef child{archive_source.path, member};
  if (!archive_source.member.empty()) child.member = archive_source.member + "!/" + member;
  return child;
}

// The base name an archive is known by: the last member of the chain, else the file name.
std::string ArchiveBaseName(const SourceRef& source) {
  if (source.member.empty()) return BaseName(source.path);
  const size_t sep = source.member.rfind("!/");
  return BaseName(sep == std::string::npos ? std::string_view(source.member)
                                           : std::string_view(source.member).substr(sep + 2));
}

bool ContainsIgnoreCase(std::string haystack, std::string_view needle) {
  std::transform(haystack.begin(), haystack.end(), haystack.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return haystack.find(needle) != std::string::npos;
}

enum class MemberPath { kOk, kUnsafe, kHidden, kEmpty };

// Normalises a decoded member path in place ('\' -> '/', "./" and empty components dropped)
// and classifies it. Absolute paths, drive letters and ".." components are unsafe; a component
// starting with '.' (and macOS's __MACOSX folder) is hidden.
MemberPath NormaliseMemberPath(std::string& path) {
  std::replace(path.begin(), path.end(), '\\', '/');
  if (!path.empty() && path.front() == '/') return MemberPath::kUnsafe;
  if (path.size() >= 2 && path[1] == ':' && std::isalpha(static_cast<unsigned char>(path[0]))) {
    return MemberPath::kUnsafe;
  }
  std::vector<std::string_view> parts;
  bool hidden = false;
  std::string_view rest(path);
  while (true) {
    const size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    if (part == "..") return MemberPath::kUnsafe;
    if (!part.empty() && part != ".") {
      if (part.front() == '.' || part == "__MACOSX") hidden = true;
      parts.push_back(part);
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (parts.empty()) return MemberPath::kEmpty;
  std::string joined;
  for (std::string_view p : parts) {
    if (!joined.empty()) joined.push_back('/');
    joined.append(p);
  }
  path = std::move(joined);
  return hidden ? MemberPath::kHidden : MemberPath::kOk;
}

// ---------------------------------------------------------------------------------------------
// The walker.

// Expanded bytes read from one top-level archive, nested archives included.
struct Budget {
  uint64_t expanded = 0;
  bool exhausted = false;
};

struct MemorySource {
  std::string_view bytes;
};
struct FileSource {
  std::string path;
  uint64_t size = 0;
  bool compressed_stream = false;  // gzip/bzip2/xz/zstd magic: may be one compressed file
};
using ArchiveSource = std::variant<MemorySource, FileSource>;

class Walker {
 public:
  Walker(const WalkLimits& limits, InputSink& sink) : limits_(limits), sink_(sink) {}

  bool Cancelled() {
    if (!cancelled_ && sink_.Cancelled()) cancelled_ = true;
    return cancelled_;
  }

  void WalkPath(const std::string& path);
  // Expands one archive. `depth` is its nesting level (1 = top level).
  void WalkArchive(const ArchiveSource& src, const SourceRef& source, int depth, Budget& budget);

 private:
  void Fail(const SourceRef& source, std::string reason, std::string message) {
    sink_.OnFailure(InputFailure{source, std::move(reason), std::move(message)});
  }
  void WalkFolder(const std::string& dir);
  void WalkFile(const std::string& path);
  // Reports the current error of archive `a` (whose input is `input_size` bytes long) as
  // encrypted, truncated or corrupt; `member` says whether `source` is a member (the error hit
  // its data) or the archive itself. An error once all input is consumed is a truncation.
  void FailArchive(archive* a, archive_entry* entry, const SourceRef& source, bool member,
                   uint64_t input_size);
  // Reads the current member's data. Returns false when the archive must not be read further.
  bool ReadMember(archive* a, archive_entry* entry, const SourceRef& member_source,
                  const std::string& name, int depth, uint64_t input_size, Budget& budget);

  const WalkLimits& limits_;
  InputSink& sink_;
  bool cancelled_ = false;
  std::vector<char> buffer_ = std::vector<char>(kChunk);  // archive_read_data target
};

void Walker::WalkPath(const std::string& path) {
  const SourceRef source{internal::DecodeName(path), ""};
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);  // a path named by the user is followed
  if (ec || !fs::exists(st)) {
    Fail(source, "io_error",
         "找不到输入路径 " + source.Display() + (ec ? "（" + ec.message() + "）" : ""));
    return;
  }
  if (fs::is_directory(st)) {
    WalkFolder(path);
  } else if (fs::is_regular_file(st)) {
    WalkFile(path);
  } else {
    Fail(source, "unsupported", "输入路径 " + source.Display() + " 不是普通文件或文件夹，已跳过");
  }
}

void Walker::WalkFolder(const std::string& dir) {
  const SourceRef source{internal::DecodeName(dir), ""};
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    Fail(source, "io_error", "无法读取文件夹 " + source.Display() + "（" + ec.message() + "）");
    return;
  }
  std::vector<fs::directory_entry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    entries.push_back(*it);
  }
  if (ec) {
    Fail(source, "io_error",
         "读取文件夹 " + source.Display() + " 时出错，部分文件未读取（" + ec.message() + "）");
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.path().filename().native() < b.path().filename().native();
  });
  for (const fs::directory_entry& e : entries) {
    if (Cancelled()) return;
    const std::string name = e.path().filename().native();
    if (name.empty() || name.front() == '.') continue;  // hidden
    const std::string child = e.path().native();
    const fs::file_status st = e.symlink_status(ec);
    if (ec) {
      const SourceRef cs{internal::DecodeName(child), ""};
      Fail(cs, "io_error", "无法读取 " + cs.Display() + "（" + ec.message() + "）");
      continue;
    }
    if (fs::is_symlink(st)) continue;  // never followed inside folders
    if (fs::is_directory(st)) {
      WalkFolder(child);
    } else if (fs::is_regular_file(st)) {
      WalkFile(child);
    } else {
      const SourceRef cs{internal::DecodeName(child), ""};
      Fail(cs, "unsupported", cs.Display() + " 是设备文件、管道或套接字，已跳过");
    }
  }
}

void Walker::WalkFile(const std::string& path) {
  const SourceRef source{internal::DecodeName(path), ""};
  const std::string name = BaseName(source.path);
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0) {
    Fail(source, "io_error", "无法读取文件 " + source.Display() + "（" + ErrnoText(errno) + "）");
    return;
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  if (size == 0) {
    Fail(source, "empty", "文件 " + source.Display() + " 是空文件（0 字节）");
    return;
  }
  std::string head;
  if (!ReadAt(fd.get(), 0, static_cast<size_t>(std::min<uint64_t>(size, kHeadBytes)), head)) {
    Fail(source, "io_error", "无法读取文件 " + source.Display() + "（" + ErrnoText(errno) + "）");
    return;
  }
  const Format format = DetectFormat(head, name);
  bool as_archive = format == Format::kArchive ||
                    (format == Format::kUnknown && internal::HasArchiveExtension(name));
  if (format == Format::kArchive && internal::IsZipMagic(head) && size > head.size()) {
    // An OFD's OFD.xml need not be the first member: look in the central directory too.
    std::string tail;
    const uint64_t tail_len = std::min<uint64_t>(size - head.size(), kTailBytes);
    if (ReadAt(fd.get(), size - tail_len, static_cast<size_t>(tail_len), tail) &&
        internal::ZipHasOfdXml(tail)) {
      as_archive = false;
    }
  }
  if (as_archive) {
    // Archives are streamed from disk, whatever their size; their members are bounded.
    Budget budget;
    WalkArchive(FileSource{path, size, internal::IsCompressedStreamMagic(head)}, source, 1, budget);
    return;
  }
  if (size > limits_.max_file_bytes) {
    Fail(source, "oversize",
         "文件 " + source.Display() + " 大小 " + text::HumanBytes(size) + "，超过上限 " +
             text::HumanBytes(limits_.max_file_bytes));
    return;
  }
  std::string bytes;
  if (size == head.size()) {
    bytes = std::move(head);
  } else if (!ReadAt(fd.get(), 0, static_cast<size_t>(size), bytes)) {
    Fail(source, "io_error", "无法读取文件 " + source.Display() + "（" + ErrnoText(errno) + "）");
    return;
  }
  if (bytes.empty()) {  // truncated since fstat
    Fail(source, "empty", "文件 " + source.Display() + " 是空文件（0 字节）");
    return;
  }
  sink_.OnItem(InputItem{source, name, std::make_shared<const std::string>(std::move(bytes))});
}

void Walker::FailArchive(archive* a, archive_entry* entry, const SourceRef& source, bool member,
                         uint64_t input_size) {
  const char* err = archive_error_string(a);
  const std::string detail = err != nullptr ? err : "未知错误";
  const std::string who = (member ? "压缩包成员 " : "压缩包 ") + source.Display();
  const bool encrypted = (entry != nullptr && archive_entry_is_encrypted(entry)) ||
                         ContainsIgnoreCase(detail, "passphrase") ||
                         ContainsIgnoreCase(detail, "encrypt") ||
                         ContainsIgnoreCase(detail, "decrypt");
  if (encrypted) {
    Fail(source, "encrypted", who + " 已加密，无法读取（" + detail + "）");
  } else if (static_cast<uint64_t>(std::max<la_int64_t>(archive_filter_bytes(a, -1), 0)) >=
                 input_size ||
             ContainsIgnoreCase(detail, "truncat") || ContainsIgnoreCase(detail, "premature") ||
             ContainsIgnoreCase(detail, "unexpected end") ||
             ContainsIgnoreCase(detail, "unexpected eof")) {
    Fail(source, "truncated", who + " 不完整（文件被截断），其后的内容无法读取（" + detail + "）");
  } else if (ContainsIgnoreCase(detail, "unrecognized archive format")) {
    Fail(source, "corrupt", who + " 不是可识别的压缩包，或已损坏（" + detail + "）");
  } else if (ContainsIgnoreCase(detail, "unsupported")) {  // e.g. a zip compression method
    Fail(source, "unsupported", who + " 使用了不支持的压缩方式或格式特性（" + detail + "）");
  } else {
    Fail(source, "corrupt", who + " 已损坏，无法读取（" + detail + "）");
  }
}

void Walker::WalkArchive(const ArchiveSource& src, const SourceRef& source, int depth,
                         Budget& budget) {
  ScopedUtf8Locale utf8_locale;
  const auto* mem = std::get_if<MemorySource>(&src);
  const auto* file = std::get_if<FileSource>(&src);
  const bool compressed_stream =
      mem != nullptr ? internal::IsCompressedStreamMagic(mem->bytes) : file->compressed_stream;
  const uint64_t input_size = mem != nullptr ? mem->bytes.size() : file->size;

  ArchiveReader a(archive_read_new());
  if (!a) {
    Fail(source, "internal", "无法为压缩包 " + source.Display() + " 分配读取器（内存不足）");
    return;
  }
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  // A lone compressed file (report.pdf.gz) is read as one member; "raw" bids lowest, so a
  // compressed tar is still read as tar.
  if (compressed_stream) archive_read_support_format_raw(a.get());
  const int opened = mem != nullptr
                         ? archive_read_open_memory(a.get(), mem->bytes.data(), mem->bytes.size())
                         : archive_read_open_filename(a.get(), file->path.c_str(), kChunk);
  if (opened != ARCHIVE_OK) {  // the format is chosen here: garbage fails now
    FailArchive(a.get(), nullptr, source, false, input_size);
    return;
  }

  uint64_t entries = 0;  // non-directory members seen
  int retries = 0;
  bool header_damage_reported = false;
  while (!Cancelled() && !budget.exhausted) {
    archive_entry* entry = nullptr;
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r == ARCHIVE_RETRY) {
      // A damaged member header (a bad tar checksum): libarchive skips ahead to the next one, so
      // the member it held is lost. Said once per archive, naming it; after 3 in a row the rest of
      // the archive is not read either (the record already says it is damaged).
      if (!header_damage_reported) {
        header_damage_reported = true;
        Fail(source, "corrupt",
             "压缩包 " + source.Display() +
                 " 已损坏：有成员的文件头无法识别（如校验和错误），这些成员无法读取，已跳过");
      }
      if (++retries <= 3) continue;
      return;
    }
    if (r < ARCHIVE_WARN) {  // FAILED or FATAL: the rest of the archive cannot be trusted
      FailArchive(a.get(), nullptr, source, false, input_size);
      return;
    }
    retries = 0;
    const bool raw = archive_format(a.get()) == ARCHIVE_FORMAT_RAW;
    if (raw && archive_filter_count(a.get()) <= 1) {
      Fail(source, "corrupt", "压缩包 " + source.Display() + " 已损坏：压缩数据头无法识别");
      return;
    }
    const mode_t type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    ++entries;

    std::string member;
    if (raw) {
      member = internal::StripCompressionExtension(ArchiveBaseName(source));
    } else if (const char* p = archive_entry_pathname(entry)) {
      member = internal::DecodeName(p);
    } else if (const char* u = archive_entry_pathname_utf8(entry)) {
      member = internal::DecodeName(u);
    } else {
      // The name could not be converted (e.g. GBK bytes in a zip flagged as UTF-8).
      member = "未命名成员-" + std::to_string(entries);
    }
    const MemberPath kind = NormaliseMemberPath(member);
    if (kind == MemberPath::kUnsafe) {
      const SourceRef ms = ChildOf(source, member);
      Fail(ms, "unsafe_path",
           "压缩包成员 " + ms.Display() + " 的路径不安全（绝对路径或含 ../），已跳过");
      continue;
    }
    if (kind == MemberPath::kHidden) continue;
    if (kind == MemberPath::kEmpty) member = "未命名成员-" + std::to_string(entries);
    const SourceRef ms = ChildOf(source, member);
    if (archive_entry_hardlink(entry) != nullptr) {
      Fail(ms, "unsupported", "压缩包成员 " + ms.Display() + " 是硬链接，已跳过");
      continue;
    }
    if (type == AE_IFLNK) {
      Fail(ms, "unsupported", "压缩包成员 " + ms.Display() + " 是符号链接，已跳过");
      continue;
    }
    if (type != AE_IFREG && type != 0) {  // the raw format leaves the type unset
      Fail(ms, "unsupported", "压缩包成员 " + ms.Display() + " 是设备文件或管道，已跳过");
      continue;
    }
    if (archive_entry_is_encrypted(entry)) {
      Fail(ms, "encrypted", "压缩包成员 " + ms.Display() + " 已加密，无法读取");
      continue;
    }
    if (archive_entry_size_is_set(entry) &&
        static_cast<uint64_t>(archive_entry_size(entry)) > limits_.max_file_bytes) {
      Fail(ms, "oversize",
           "压缩包成员 " + ms.Display() + " 大小 " +
               text::HumanBytes(static_cast<uint64_t>(archive_entry_size(entry))) + "，超过上限 " +
               text::HumanBytes(limits_.max_file_bytes));
      continue;
    }
    if (!ReadMember(a.get(), entry, ms, BaseName(member), depth, input_size, budget)) return;
  }
  if (!cancelled_ && !budget.exhausted && entries == 0) {
    Fail(source, "empty", "压缩包 " + source.Display() + " 中没有任何文件");
  }
}

bool Walker::ReadMember(archive* a, archive_entry* entry, const SourceRef& ms,
                        const std::string& name, int depth, uint64_t input_size, Budget& budget) {
  std::string data;
  if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > 0) {
    // The header's size is a hint: a lying header must not make us allocate much up front.
    data.reserve(static_cast<size_t>(
        std::min<uint64_t>(static_cast<uint64_t>(archive_entry_size(entry)), kMaxReserve)));
  }
  const la_int64_t start = archive_filter_bytes(a, -1);
  int retries = 0;
  while (true) {
    const la_ssize_t n = archive_read_data(a, buffer_.data(), buffer_.size());
    if (n == 0) break;
    if (n == ARCHIVE_RETRY && ++retries <= 3) continue;
    if (n < 0) {
      FailArchive(a, entry, ms, true, input_size);
      // A member-level failure leaves the archive readable; anything worse ends it.
      return n != ARCHIVE_FATAL;
    }
    data.append(buffer_.data(), static_cast<size_t>(n));
    budget.expanded += static_cast<uint64_t>(n);
    if (budget.expanded > limits_.max_archive_expanded_bytes) {
      budget.exhausted = true;
      Fail(ms, "bomb",
           "压缩包 " + ms.path + " 解压后的总量超过上限 " +
               text::HumanBytes(limits_.max_archive_expanded_bytes) + "（读到成员 " + ms.Display() +
               " 时），疑似压缩炸弹，已停止展开");
      return false;
    }
    if (data.size() > limits_.max_file_bytes) {
      Fail(ms, "oversize",
           "压缩包成员 " + ms.Display() + " 解压后超过上限 " +
               text::HumanBytes(limits_.max_file_bytes) + "，已跳过");
      return true;  // libarchive skips the rest of the member at the next header
    }
    if (data.size() > kBombCheckFloor) {
      const auto consumed =
          static_cast<double>(std::max<la_int64_t>(archive_filter_bytes(a, -1) - start, 1));
      if (static_cast<double>(data.size()) > limits_.max_expansion_ratio * consumed) {
        Fail(ms, "bomb",
             "压缩包成员 " + ms.Display() + " 解压后的大小超过压缩数据的 " +
                 std::to_string(static_cast<int>(limits_.max_expansion_ratio)) +
                 " 倍，疑似压缩炸弹，已停止展开所在压缩包");
        return false;
      }
    }
  }
  if (data.empty()) {
    Fail(ms, "empty", "压缩包成员 " + ms.Display() + " 是空文件（0 字节）");
    return true;
  }
  const Format format = DetectFormat(data, name);
  if (format == Format::kArchive ||
      (format == Format::kUnknown && internal::HasArchiveExtension(name))) {
    if (depth + 1 > limits_.max_nesting) {
      Fail(ms, "unsupported",
           "压缩包 " + ms.Display() + " 嵌套超过 " + std::to_string(limits_.max_nesting) +
               " 层，未展开");
      return true;
    }
    WalkArchive(MemorySource{data}, ms, depth + 1, budget);
    return true;
  }
  if (data.capacity() - data.size() > data.size() / 4) data.shrink_to_fit();
  sink_.OnItem(InputItem{ms, name, std::make_shared<const std::string>(std::move(data))});
  return true;
}

}  // namespace

Status WalkInputs(const std::vector<std::string>& paths, const WalkLimits& limits,
                  InputSink& sink) {
  if (paths.empty()) return Status::InvalidArgument("没有给出任何输入路径");
  Walker walker(limits, sink);
  for (const std::string& path : paths) {
    if (walker.Cancelled()) break;
    walker.WalkPath(path);
  }
  return Status::Ok();
}

Status WalkArchiveBytes(const std::string& bytes, const SourceRef& source, int depth,
                        const WalkLimits& limits, InputSink& sink) {
  if (depth < 1) {
    return Status::InvalidArgument("压缩包 " + source.Display() + " 的嵌套层数无效：" +
                                   std::to_string(depth));
  }
  Walker walker(limits, sink);
  if (bytes.empty()) {
    sink.OnFailure(
        InputFailure{source, "empty", "压缩包 " + source.Display() + " 是空文件（0 字节）"});
    return Status::Ok();
  }
  if (depth > limits.max_nesting) {
    sink.OnFailure(InputFailure{source, "unsupported",
                                "压缩包 " + source.Display() + " 嵌套超过 " +
                                    std::to_string(limits.max_nesting) + " 层，未展开"});
    return Status::Ok();
  }
  Budget budget;
  walker.WalkArchive(MemorySource{bytes}, source, depth, budget);
  return Status::Ok();
}

}  // namespace sanding::ocr
