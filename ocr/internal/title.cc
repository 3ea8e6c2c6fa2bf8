#include "ocr/internal/title.h"

#include <sstream>
#include <vector>

namespace sanding::ocr {
namespace {

// Number of code points in a UTF-8 string.
size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Trim(const std::string& s) {
  const char* ws = " \t\r\f\v";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  // Also trim the ideographic space U+3000 (E3 80 80) at both ends.
  std::string t = s.substr(b, s.find_last_not_of(ws) - b + 1);
  while (t.rfind("\xE3\x80\x80", 0) == 0) t.erase(0, 3);
  while (t.size() >= 3 && t.compare(t.size() - 3, 3, "\xE3\x80\x80") == 0) t.erase(t.size() - 3);
  return t;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Decodes UTF-8 to code points (input is valid UTF-8; stray bytes pass through as themselves).
std::u32string Decode(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

bool IsDigit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); }

// 文号 lines: "X编〔1996〕31号", with the year in any bracket style.
bool IsDocNumberLine(const std::string& line) {
  static const std::u32string kOpen = U"〔[【(（﹝", kClose = U"〕]】)）﹞";
  std::u32string u = Decode(line);
  if (u.size() > 30) return false;
  for (size_t i = 0; i + 6 < u.size() + 1; ++i) {
    if (kOpen.find(u[i]) == std::u32string::npos) continue;
    size_t j = i + 1;
    while (j < u.size() && u[j] == U' ') ++j;
    size_t digits = 0;
    while (j < u.size() && IsDigit(u[j])) ++j, ++digits;
    while (j < u.size() && u[j] == U' ') ++j;
    if (digits != 4 || j >= u.size() || kClose.find(u[j]) == std::u32string::npos) continue;
    ++j;
    size_t serial = 0;
    while (j < u.size() && (IsDigit(u[j]) || u[j] == U' ')) ++j, ++serial;
    if (serial > 0 && j < u.size() && u[j] == U'号') return true;
  }
  return false;
}

// 红头 issuer lines: "XX市机构编制委员会文件", "XX市人民政府办公室".
bool IsLetterheadLine(const std::string& line) {
  return EndsWith(line, "文件") && CodePoints(line) <= 30;
}

bool NamesDocumentKind(const std::string& line) {
  static const char* kKinds[] = {"通知", "批复", "决定", "意见", "规定", "办法", "方案", "函",
                                 "报告", "请示", "公告", "通报", "纪要", "细则", "条例"};
  std::string t = line;
  // Strip closing marks such as 》 or ” that may follow the kind.
  for (const char* tail : {"》", "”", "\"", "。"}) {
    if (EndsWith(t, tail)) t.erase(t.size() - std::string(tail).size());
  }
  for (const char* k : kKinds) {
    if (EndsWith(t, k)) return true;
  }
  return false;
}

}  // namespace

std::string GuessTitle(const std::string& first_page_text, const std::string& fallback) {
  std::vector<std::string> lines;
  std::istringstream in(first_page_text);
  std::string line;
  while (std::getline(in, line) && lines.size() < 25) {
    line = Trim(line);
    if (!line.empty()) lines.push_back(line);
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (IsDocNumberLine(l) || IsLetterheadLine(l)) continue;
    size_t n = CodePoints(l);
    if (n < 4 || n > 80) continue;
    if (NamesDocumentKind(l)) return l;
    // A title broken over two lines: "关于…" on one line, "…的通知" on the next.
    if (l.find("关于") != std::string::npos && i + 1 < lines.size()) {
      std::string joined = l + lines[i + 1];
      if (NamesDocumentKind(joined) && CodePoints(joined) <= 80) return joined;
    }
  }
  for (const std::string& l : lines) {
    size_t n = CodePoints(l);
    if (n >= 4 && n <= 60 && !IsDocNumberLine(l) && !IsLetterheadLine(l)) return l;
  }
  return fallback;
}

}  // namespace sanding::ocr
