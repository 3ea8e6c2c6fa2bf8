#include "ocr/internal/text_document.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unistr.h>

#include <utility>
#include <vector>

#include "ocr/internal/doc_error.h"
#include "store/text.h"

namespace sanding::ocr::internal {
namespace {

// Converts `bytes` in `charset` to UTF-8, failing on the first ill-formed or unmappable sequence.
Result<std::string> Convert(std::string_view bytes, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset, &err);
  if (U_FAILURE(err) || conv == nullptr) {
    return Status::Internal(std::string("无法打开字符集转换器 ") + charset);
  }
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  // At most one UTF-16 unit per input byte for every charset used here.
  std::u16string units(bytes.size() + 1, u'\0');
  UChar* target = reinterpret_cast<UChar*>(units.data());
  UChar* const target_begin = target;
  const char* source = bytes.data();
  ucnv_toUnicode(conv, &target, target_begin + units.size(), &source, bytes.data() + bytes.size(),
                 nullptr, /*flush=*/true, &err);
  ucnv_close(conv);
  if (U_FAILURE(err)) {
    return Status(Status::Code::kInvalidArgument,
                  std::string("文本不是有效的 ") + charset + " 编码", "corrupt");
  }
  icu::UnicodeString u(target_begin, static_cast<int32_t>(target - target_begin));
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string NormalizeNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool IsBlank(std::string_view s) { return text::Census(s).total == 0; }

// Removes leading/trailing blank lines and trailing spaces of each line; keeps indentation.
std::string TidyPage(std::string_view page) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= page.size()) {
    size_t nl = page.find('\n', pos);
    if (nl == std::string_view::npos) nl = page.size();
    std::string_view line = page.substr(pos, nl - pos);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  size_t b = 0, e = lines.size();
  while (b < e && lines[b].empty()) ++b;
  while (e > b && lines[e - 1].empty()) --e;
  std::string out;
  for (size_t i = b; i < e; ++i) {
    if (i > b) out.push_back('\n');
    out.append(lines[i]);
  }
  return out;
}

class TextDocument : public Document {
 public:
  TextDocument(std::vector<std::string> pages, std::string display)
      : pages_(std::move(pages)), display_(std::move(display)) {}

  int PageCount() const override { return static_cast<int>(pages_.size()); }

  Result<PageRecord> ExtractPage(int index, OcrEngine& /*engine*/,
                                 const OcrOptions& /*options*/) override {
    if (index < 0 || index >= PageCount()) {
      return Status::InvalidArgument(display_ + "：页码 " + std::to_string(index + 1) +
                                     " 超出范围（共 " + std::to_string(PageCount()) + " 页）");
    }
    PageRecord rec;
    rec.page = static_cast<uint32_t>(index + 1);
    rec.method = TextMethod::kPlainText;
    rec.text = pages_[static_cast<size_t>(index)];
    return rec;
  }

  Result<Image> RenderPage(int /*index*/, int /*dpi*/) override {
    return DocError(Status::Code::kUnsupported, display_, "纯文本文件没有页面图像", "unsupported");
  }

 private:
  std::vector<std::string> pages_;
  std::string display_;
};

}  // namespace

Result<std::string> DecodeText(std::string_view bytes) {
  auto starts = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  Result<std::string> decoded = std::string();
  if (starts("\xEF\xBB\xBF")) {
    std::string_view body = bytes.substr(3);
    if (!text::IsValidUtf8(body)) {
      return Status(Status::Code::kInvalidArgument, "文本带 UTF-8 BOM，但内容不是有效的 UTF-8",
                    "corrupt");
    }
    decoded = std::string(body);
  } else if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
    const bool le = starts("\xFF\xFE");
    std::string_view body = bytes.substr(2);
    if (body.size() % 2 != 0) {
      return Status(Status::Code::kInvalidArgument, "UTF-16 文本的字节数为奇数，文件不完整",
                    "corrupt");
    }
    decoded = Convert(body, le ? "UTF-16LE" : "UTF-16BE");
  } else if (text::IsValidUtf8(bytes)) {
    decoded = std::string(bytes);
  } else {
    decoded = Convert(bytes, "GB18030");
    if (!decoded.ok()) {
      return Status(Status::Code::kInvalidArgument,
                    "文本既不是有效的 UTF-8，也不是有效的 GB18030/GBK 编码", "corrupt");
    }
  }
  if (!decoded.ok()) return decoded.status();
  if (decoded->find('\0') != std::string::npos) {
    return Status(Status::Code::kInvalidArgument,
                  "文本含 NUL 字节（可能是没有 BOM 的 UTF-16 或二进制文件）", "corrupt");
  }
  return NormalizeNewlines(*decoded);
}

Result<std::unique_ptr<Document>> OpenText(std::shared_ptr<const std::string> bytes,
                                           const std::string& display) {
  Result<std::string> text = DecodeText(*bytes);
  if (!text.ok()) return WithSource(display, text.status());
  std::vector<std::string> pages;
  size_t pos = 0;
  const std::string& t = *text;
  while (pos <= t.size()) {
    size_t ff = t.find('\f', pos);
    if (ff == std::string::npos) ff = t.size();
    pages.push_back(TidyPage(std::string_view(t).substr(pos, ff - pos)));
    pos = ff + 1;
  }
  // A trailing form feed does not open a page.
  while (pages.size() > 1 && pages.back().empty()) pages.pop_back();
  bool any = false;
  for (const std::string& p : pages) any = any || !IsBlank(p);
  if (!any) {
    return DocError(Status::Code::kInvalidArgument, display, "文本文件没有任何内容（只有空白）",
                    "empty");
  }
  return std::unique_ptr<Document>(new TextDocument(std::move(pages), display));
}

}  // namespace sanding::ocr::internal
