#include "ocr/document.h"

#include <cstdio>
#include <utility>

#include "ocr/internal/doc_error.h"
#include "ocr/internal/ofd_document.h"
#include "ocr/internal/pdf_document.h"
#include "ocr/internal/raster_document.h"
#include "ocr/internal/text_document.h"
#include "store/text.h"

namespace sanding::ocr {

namespace {
// Fewer meaningful characters than this and a text layer is not worth trusting over OCR.
constexpr uint64_t kMinMeaningful = 5;
// Share of CJK, ASCII letters/digits and punctuation among all non-space characters.
constexpr double kMinMeaningfulShare = 0.9;
}  // namespace

TextLayerVerdict JudgeTextLayer(const std::string& text) {
  TextLayerVerdict v;
  if (!text::IsValidUtf8(text)) {
    v.reason = "文本层不是有效的 UTF-8 编码";
    return v;
  }
  const text::CharStats s = text::Census(text);
  if (s.total == 0) {
    v.reason = "文本层为空";
    return v;
  }
  if (s.replacement > 0) {
    v.reason = "文本层含乱码（替换字符 " + std::to_string(s.replacement) + " 个）";
    return v;
  }
  if (s.private_use > 0) {
    v.reason =
        "文本层含私用区字符 " + std::to_string(s.private_use) + " 个（字体缺少 ToUnicode 映射）";
    return v;
  }
  if (s.control > 0) {
    v.reason = "文本层含控制字符 " + std::to_string(s.control) + " 个";
    return v;
  }
  const uint64_t meaningful = s.cjk + s.ascii_alnum + s.punct;
  if (meaningful < kMinMeaningful) {
    v.reason = "文本层有效字符过少（" + std::to_string(meaningful) + " 个）";
    return v;
  }
  const double share = static_cast<double>(meaningful) / static_cast<double>(s.total);
  if (share < kMinMeaningfulShare) {
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.0f%%", share * 100.0);
    v.reason = std::string("文本层可识别字符比例过低（") + pct + "，其余为异常字符 " +
               std::to_string(s.total - meaningful) + " 个）";
    return v;
  }
  v.trusted = true;
  return v;
}

Result<std::unique_ptr<Document>> Document::Open(Format fmt,
                                                 std::shared_ptr<const std::string> bytes,
                                                 const std::string& display) {
  if (bytes == nullptr || bytes->empty()) {
    return internal::DocError(Status::Code::kInvalidArgument, display, "文件为空（0 字节）",
                              "empty");
  }
  switch (fmt) {
    case Format::kPdf:
      return internal::OpenPdf(std::move(bytes), display);
    case Format::kTiff:
    case Format::kPng:
    case Format::kJpeg:
      return internal::OpenRaster(fmt, std::move(bytes), display);
    case Format::kText:
      return internal::OpenText(std::move(bytes), display);
    case Format::kOfd:
      return internal::OpenOfd(std::move(bytes), display);
    case Format::kArchive:
      return internal::DocError(Status::Code::kUnsupported, display,
                                "压缩包不是文档，应由输入遍历器展开", "unsupported");
    case Format::kUnknown:
      break;
  }
  return internal::DocError(Status::Code::kUnsupported, display,
                            "不支持的文件格式（仅支持 PDF、TIFF、PNG、JPEG、文本和 OFD）",
                            "unsupported");
}

}  // namespace sanding::ocr
