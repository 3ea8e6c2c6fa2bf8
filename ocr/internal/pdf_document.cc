#include "ocr/internal/pdf_document.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
#include <cmath>
#include <exception>
#include <mutex>
#include <string_view>
#include <utility>

#include "ocr/internal/cjk_text.h"
#include "ocr/internal/doc_error.h"
#include "ocr/internal/image_impl.h"

namespace sanding::ocr::internal {
namespace {

void IgnorePopplerMessage(const std::string&, void*) {}

void QuietPoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(&IgnorePopplerMessage, nullptr); });
}

bool HasEofMarkerNearEnd(std::string_view bytes) {
  const size_t tail = std::min<size_t>(bytes.size(), 1024);
  return bytes.substr(bytes.size() - tail).find("%%EOF") != std::string_view::npos;
}

std::string ToUtf8(const poppler::ustring& s) {
  const poppler::byte_array a = s.to_utf8();
  return std::string(a.begin(), a.end());
}

std::string PageLabel(int index) { return "第 " + std::to_string(index + 1) + " 页"; }

class PdfDocument : public Document {
 public:
  PdfDocument(std::shared_ptr<const std::string> bytes, std::unique_ptr<poppler::document> doc,
              std::string display)
      : bytes_(std::move(bytes)), doc_(std::move(doc)), display_(std::move(display)) {}

  ~PdfDocument() override {
    doc_.reset();  // the document reads bytes_ until destroyed
    bytes_.reset();
  }

  int PageCount() const override { return doc_->pages(); }

  Result<PageRecord> ExtractPage(int index, OcrEngine& engine, const OcrOptions& options) override {
    try {
      return ExtractPageImpl(index, engine, options);
    } catch (const std::exception& e) {
      return Corrupt(display_, PageLabel(index) + "读取失败：" + e.what());
    } catch (...) {
      return Corrupt(display_, PageLabel(index) + "读取失败");
    }
  }

  Result<Image> RenderPage(int index, int dpi) override {
    try {
      if (index < 0 || index >= PageCount()) return OutOfRange(index);
      std::unique_ptr<poppler::page> page(doc_->create_page(index));
      if (page == nullptr) return Corrupt(display_, PageLabel(index) + "无法读取");
      return Render(*page, index, dpi);
    } catch (const std::exception& e) {
      return Corrupt(display_, PageLabel(index) + "渲染失败：" + e.what());
    } catch (...) {
      return Corrupt(display_, PageLabel(index) + "渲染失败");
    }
  }

 private:
  Status OutOfRange(int index) const {
    return Status::InvalidArgument(display_ + "：页码 " + std::to_string(index + 1) +
                                   " 超出范围（共 " + std::to_string(PageCount()) + " 页）");
  }

  Result<PageRecord> ExtractPageImpl(int index, OcrEngine& engine, const OcrOptions& options) {
    if (index < 0 || index >= PageCount()) return OutOfRange(index);
    std::unique_ptr<poppler::page> page(doc_->create_page(index));
    if (page == nullptr) return Corrupt(display_, PageLabel(index) + "无法读取");
    PageRecord rec;
    rec.page = static_cast<uint32_t>(index + 1);
    // Raw order follows the content stream, which is the writing order of CJK text; the physical
    // layout pads columns with spaces and can interleave neighbouring blocks.
    const std::string raw = ToUtf8(page->text(poppler::rectf(), poppler::page::raw_order_layout));
    const TextLayerVerdict verdict = JudgeTextLayer(raw);
    if (verdict.trusted) {
      rec.method = TextMethod::kTextLayer;
      rec.text = NormalizeCjkText(raw);
      return rec;
    }
    Result<Image> image = Render(*page, index, options.dpi);
    if (!image.ok()) return image.status();
    Result<OcrOutput> ocr = engine.Recognize(*image);
    if (!ocr.ok()) return WithSource(display_ + " " + PageLabel(index), ocr.status());
    rec.method = TextMethod::kOcr;
    rec.text = std::move(ocr->text);
    rec.note = verdict.reason;
    rec.engine = std::move(ocr->engine);
    rec.mean_confidence = ocr->mean_confidence;
    rec.words = std::move(ocr->words);
    rec.width_px = ocr->width_px;
    rec.height_px = ocr->height_px;
    return rec;
  }

  Result<Image> Render(const poppler::page& page, int index, int dpi) {
    if (dpi < 10 || dpi > 2400) {
      return Status::InvalidArgument(display_ + "：渲染分辨率 " + std::to_string(dpi) +
                                     " dpi 无效");
    }
    const poppler::rectf box = page.page_rect(poppler::media_box);
    const double w_px = std::abs(box.width()) * dpi / 72.0;
    const double h_px = std::abs(box.height()) * dpi / 72.0;
    if (IsOversize(static_cast<long long>(w_px), static_cast<long long>(h_px))) {
      return DocError(Status::Code::kResourceExhausted, display_,
                      PageLabel(index) + "页面过大（按 " + std::to_string(dpi) + " dpi 渲染为 " +
                          std::to_string(static_cast<long long>(w_px)) + "×" +
                          std::to_string(static_cast<long long>(h_px)) + " 像素），超过上限",
                      "oversize");
    }
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    renderer.set_image_format(poppler::image::format_argb32);
    renderer.set_paper_color(0xFFFFFFFF);
    poppler::image img = renderer.render_page(&page, dpi, dpi);
    if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) {
      return Corrupt(display_, PageLabel(index) + "渲染失败");
    }
    Result<Image> out = Image::FromPixels(reinterpret_cast<const unsigned char*>(img.const_data()),
                                          img.width(), img.height(), img.bytes_per_row(), true);
    if (!out.ok()) return WithSource(display_ + " " + PageLabel(index), out.status());
    pixSetResolution(out->impl()->pix, dpi, dpi);
    return out;
  }

  std::shared_ptr<const std::string> bytes_;
  std::unique_ptr<poppler::document> doc_;
  std::string display_;
};

}  // namespace

Result<std::unique_ptr<Document>> OpenPdf(std::shared_ptr<const std::string> bytes,
                                          const std::string& display) {
  QuietPoppler();
  if (bytes->size() > static_cast<size_t>(INT_MAX)) {
    return DocError(Status::Code::kResourceExhausted, display, "PDF 文件超过 2 GiB，无法读取",
                    "oversize");
  }
  const bool has_eof = HasEofMarkerNearEnd(*bytes);
  std::unique_ptr<poppler::document> doc;
  try {
    doc.reset(
        poppler::document::load_from_raw_data(bytes->data(), static_cast<int>(bytes->size())));
    if (doc == nullptr) {
      if (!has_eof) {
        return DocError(Status::Code::kInvalidArgument, display,
                        "PDF 文件不完整（末尾缺少 %%EOF，可能被截断），无法打开", "truncated");
      }
      return Corrupt(display, "PDF 文件已损坏，无法打开");
    }
    // PDFs protected by an owner password only open with an empty user password.
    if (doc->is_locked() && doc->unlock("", "")) {
      return DocError(Status::Code::kUnsupported, display, "PDF 已加密，需要密码才能打开",
                      "encrypted");
    }
    if (doc->pages() <= 0) {
      if (!has_eof) {
        return DocError(Status::Code::kInvalidArgument, display,
                        "PDF 文件不完整（末尾缺少 %%EOF，可能被截断），找不到任何页面",
                        "truncated");
      }
      return Corrupt(display, "PDF 已损坏：没有任何页面");
    }
  } catch (const std::exception& e) {
    return Corrupt(display, std::string("PDF 文件已损坏：") + e.what());
  } catch (...) {
    return Corrupt(display, "PDF 文件已损坏，无法打开");
  }
  return std::unique_ptr<Document>(new PdfDocument(std::move(bytes), std::move(doc), display));
}

}  // namespace sanding::ocr::internal
