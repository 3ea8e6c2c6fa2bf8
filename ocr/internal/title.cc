#include "ocr/internal/title.h"

#include <regex>
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

// 文号 lines: "X编〔1996〕31号", with any bracket style.
bool IsDocNumberLine(const std::string& line) {
  static const std::regex re(
      R"((〔|\[|【|\(|（|﹝)\s*(19|20)\d\d\s*(〕|\]|】|\)|）|﹞)\s*(?:[0-9]|０|１|２|３|４|５|６|７|８|９)+\s*号)");
  return std::regex_search(line, re) && CodePoints(line) <= 30;
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
