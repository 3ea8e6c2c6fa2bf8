#include "ocr/internal/raster_document.h"

#include <utility>

#include "ocr/internal/doc_error.h"
#include "ocr/internal/image_impl.h"

namespace sanding::ocr::internal {
namespace {

const l_uint8* Bytes(const std::string& s) { return reinterpret_cast<const l_uint8*>(s.data()); }

std::string PageLabel(int index) { return "第 " + std::to_string(index + 1) + " 页"; }

class RasterDocument : public Document {
 public:
  RasterDocument(std::shared_ptr<const std::string> bytes, std::string display, int pages)
      : bytes_(std::move(bytes)), display_(std::move(display)), pages_(pages) {}

  int PageCount() const override { return pages_; }

  Result<PageRecord> ExtractPage(int index, OcrEngine& engine,
                                 const OcrOptions& /*options*/) override {
    Result<Image> image = RenderPage(index, 0);
    if (!image.ok()) return image.status();
    Result<OcrOutput> ocr = engine.Recognize(*image);
    if (!ocr.ok()) return WithSource(display_ + " " + PageLabel(index), ocr.status());
    PageRecord rec;
    rec.page = static_cast<uint32_t>(index + 1);
    rec.method = TextMethod::kOcr;
    rec.text = std::move(ocr->text);
    rec.engine = std::move(ocr->engine);
    rec.mean_confidence = ocr->mean_confidence;
    rec.words = std::move(ocr->words);
    rec.width_px = ocr->width_px;
    rec.height_px = ocr->height_px;
    return rec;
  }

  // Returns the decoded page as stored; `dpi` is ignored (a scan has one resolution).
  Result<Image> RenderPage(int index, int /*dpi*/) override {
    if (index < 0 || index >= pages_) {
      return Status::InvalidArgument(display_ + "：页码 " + std::to_string(index + 1) +
                                     " 超出范围（共 " + std::to_string(pages_) + " 页）");
    }
    Result<Image> image = Image::Decode(*bytes_, index);
    if (!image.ok()) {
      return WithSource(pages_ > 1 ? display_ + " " + PageLabel(index) : display_, image.status());
    }
    return image;
  }

 private:
  std::shared_ptr<const std::string> bytes_;
  std::string display_;
  int pages_;
};

Status CheckHeader(long long w, long long h, const std::string& display) {
  if (w <= 0 || h <= 0) return Corrupt(display, "图像尺寸无效（文件头已损坏）");
  if (IsOversize(w, h)) {
    return DocError(Status::Code::kResourceExhausted, display,
                    "图像尺寸过大（" + std::to_string(w) + "×" + std::to_string(h) +
                        " 像素），超过单边 20000 像素或 4 亿像素的上限",
                    "oversize");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Document>> OpenRaster(Format fmt, std::shared_ptr<const std::string> bytes,
                                             const std::string& display) {
  QuietLeptonica();
  const char* kind = fmt == Format::kTiff ? "TIFF" : fmt == Format::kPng ? "PNG" : "JPEG";
  int pages = 1;
  if (fmt == Format::kTiff) {
    l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
    if (bytes->size() < 8 || readHeaderMemTiff(Bytes(*bytes), bytes->size(), 0, &w, &h, &bps, &spp,
                                               &res, &cmap, &format) != 0) {
      return Corrupt(display, "TIFF 文件头已损坏，无法读取");
    }
    SANDING_RETURN_IF_ERROR(CheckHeader(w, h, display));
    Result<int> count = Image::TiffPageCount(*bytes);
    if (!count.ok()) return WithSource(display, count.status());
    pages = *count;
  } else if (fmt == Format::kPng || fmt == Format::kJpeg) {
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    if (bytes->size() < 8 ||
        pixReadHeaderMem(Bytes(*bytes), bytes->size(), &format, &w, &h, &bps, &spp, &cmap) != 0) {
      return Corrupt(display, std::string(kind) + " 文件头已损坏，无法读取");
    }
    SANDING_RETURN_IF_ERROR(CheckHeader(w, h, display));
    // A single image: decode it now so a broken file fails at open, not per page.
    Result<Image> image = Image::Decode(*bytes, 0);
    if (!image.ok()) {
      if (image.status().reason() == "corrupt") {
        return Corrupt(display, std::string(kind) + " 图像数据已损坏，解码失败");
      }
      return WithSource(display, image.status());
    }
  } else {
    return DocError(Status::Code::kUnsupported, display, "不是图像格式", "unsupported");
  }
  return std::unique_ptr<Document>(new RasterDocument(std::move(bytes), display, pages));
}

}  // namespace sanding::ocr::internal
