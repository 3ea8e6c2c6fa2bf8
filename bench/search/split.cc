#include "bench/search/split.h"

#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace sanding::bench::search {
namespace {

// Chinese numerals used in article numbers (each one UTF-8 code point).
constexpr std::array<std::string_view, 16> kNumerals = {"零", "〇", "一", "二", "三", "四", "五", "六",
                                                        "七", "八", "九", "十", "百", "千", "万", "两"};

// Length of the run of numerals at the start of `s`.
size_t NumeralRun(std::string_view s) {
  size_t pos = 0;
  for (;;) {
    bool found = false;
    for (std::string_view n : kNumerals) {
      if (s.substr(pos).starts_with(n)) {
        pos += n.size();
        found = true;
        break;
      }
    }
    if (!found) return pos;
  }
}

constexpr std::string_view kFullWidthSpace = "\u3000";

std::string_view TrimSpaces(std::string_view s) {
  for (;;) {
    if (s.starts_with(' ') || s.starts_with('\t') || s.starts_with('\r') || s.starts_with('\n')) {
      s.remove_prefix(1);
    } else if (s.starts_with(kFullWidthSpace)) {
      s.remove_prefix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (s.ends_with(' ') || s.ends_with('\t') || s.ends_with('\r') || s.ends_with('\n')) {
      s.remove_suffix(1);
    } else if (s.ends_with(kFullWidthSpace)) {
      s.remove_suffix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  return s;
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string Article::DocumentText() const { return law_title + " " + number + "\n" + body; }

std::string Article::Key() const { return NormaliseKey(law_title + number); }

std::string NormaliseKey(std::string_view s) {
  static constexpr std::string_view kPrc = "中华人民共和国";
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  for (;;) {
    const size_t hit = s.find(kPrc, pos);
    if (hit == std::string_view::npos) break;
    out.append(s.substr(pos, hit - pos));
    pos = hit + kPrc.size();
  }
  out.append(s.substr(pos));
  return out;
}

bool SkipLawFile(std::string_view path) {
  const std::string_view base = BaseName(path);
  if (!base.ends_with(".md")) return true;
  return base == "_index.md" || base == "README.md" || base == "法律法规模版.md";
}

size_t ArticleNumberLength(std::string_view line) {
  static constexpr std::string_view kDi = "第", kTiao = "条", kZhi = "之";
  if (!line.starts_with(kDi)) return 0;
  size_t pos = kDi.size();
  const size_t run = NumeralRun(line.substr(pos));
  if (run == 0) return 0;
  pos += run;
  if (!line.substr(pos).starts_with(kTiao)) return 0;
  pos += kTiao.size();
  if (line.substr(pos).starts_with(kZhi)) {
    const size_t sub = NumeralRun(line.substr(pos + kZhi.size()));
    if (sub > 0) pos += kZhi.size() + sub;
  }
  const std::string_view rest = line.substr(pos);
  if (rest.starts_with(' ') || rest.starts_with(kFullWidthSpace)) return pos;
  return 0;
}

std::vector<Article> SplitLaw(std::string_view markdown, std::string_view file) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= markdown.size();) {
    size_t nl = markdown.find('\n', start);
    if (nl == std::string_view::npos) nl = markdown.size();
    std::string_view line = markdown.substr(start, nl - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    start = nl + 1;
  }
  std::string title;
  bool has_title = false;
  for (std::string_view line : lines) {
    if (line.starts_with("# ")) {
      title = std::string(TrimSpaces(line.substr(2)));
      has_title = true;
      break;
    }
  }
  std::vector<Article> out;
  if (!has_title) return out;

  Article* current = nullptr;
  std::string body;
  auto flush = [&] {
    if (current != nullptr) current->body = std::string(TrimSpaces(body));
    current = nullptr;
    body.clear();
  };
  for (std::string_view line : lines) {
    if (line.starts_with('#')) {
      flush();
      continue;
    }
    if (const size_t n = ArticleNumberLength(line); n > 0) {
      flush();
      out.push_back(Article{title, std::string(line.substr(0, n)), "", std::string(file)});
      current = &out.back();
      body = std::string(TrimSpaces(line.substr(n)));
      continue;
    }
    if (current != nullptr) {
      body.push_back('\n');
      body.append(line);
    }
  }
  flush();
  return out;
}

LawCorpus ReadLawArchive(const std::string& path) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    throw std::runtime_error("无法打开法律文本压缩包 " + path + "：" + archive_error_string(a.get()));
  }
  LawCorpus corpus;
  archive_entry* entry = nullptr;
  std::string content;
  for (;;) {
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      throw std::runtime_error("读取压缩包 " + path + " 失败：" + archive_error_string(a.get()));
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* name_c = archive_entry_pathname_utf8(entry);
    if (name_c == nullptr) name_c = archive_entry_pathname(entry);
    const std::string name = name_c != nullptr ? name_c : "";
    if (SkipLawFile(name)) continue;
    content.clear();
    char buf[1 << 16];
    for (;;) {
      const la_ssize_t n = archive_read_data(a.get(), buf, sizeof buf);
      if (n < 0) throw std::runtime_error("读取 " + path + " 中的 " + name + " 失败：" + archive_error_string(a.get()));
      if (n == 0) break;
      content.append(buf, static_cast<size_t>(n));
    }
    ++corpus.files_read;
    std::vector<Article> arts = SplitLaw(content, name);
    bool has_title = false;
    for (size_t i = 0; i < content.size();) {  // a file counts as used when it has a "# " heading
      if (content.compare(i, 2, "# ") == 0) { has_title = true; break; }
      const size_t nl = content.find('\n', i);
      if (nl == std::string::npos) break;
      i = nl + 1;
    }
    if (has_title) ++corpus.files_used;
    for (Article& art : arts) corpus.articles.push_back(std::move(art));
  }
  return corpus;
}

}  // namespace sanding::bench::search
