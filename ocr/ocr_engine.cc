#include "ocr/ocr_engine.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/publictypes.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ocr/internal/cjk_text.h"
#include "ocr/internal/date_line.h"
#include "ocr/internal/image_impl.h"
#include "ocr/internal/red_drop.h"

namespace sanding::ocr {
namespace internal {

void QuietLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

}  // namespace internal

namespace {

const l_uint8* Bytes(std::string_view s) { return reinterpret_cast<const l_uint8*>(s.data()); }

bool IsTiffFormat(l_int32 f) { return L_FORMAT_IS_TIFF(f); }

Status OversizeStatus(long long w, long long h) {
  return Status(Status::Code::kResourceExhausted,
                "图像尺寸过大（" + std::to_string(w) + "×" + std::to_string(h) +
                    " 像素），超过单边 20000 像素或 4 亿像素的上限",
                "oversize");
}

// True when page `n` of the TIFF exists (its header can be read).
bool TiffHasPage(std::string_view bytes, l_int32 n) {
  l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
  return readHeaderMemTiff(Bytes(bytes), bytes.size(), n, &w, &h, &bps, &spp, &res, &cmap,
                           &format) == 0;
}

}  // namespace

Image::Image(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Image::~Image() = default;
Image::Image(Image&&) noexcept = default;
Image& Image::operator=(Image&&) noexcept = default;

Result<Image> Image::Decode(std::string_view bytes, int page) {
  internal::QuietLeptonica();
  if (bytes.size() < 8) {
    return Status(Status::Code::kInvalidArgument, "图像数据为空或过短，无法解码", "corrupt");
  }
  if (page < 0) return Status::InvalidArgument("图像页码不能为负数");
  l_int32 format = IFF_UNKNOWN;
  if (findFileFormatBuffer(Bytes(bytes), &format) != 0 || format == IFF_UNKNOWN) {
    return Status(Status::Code::kInvalidArgument, "无法识别的图像格式", "corrupt");
  }
  PIX* pix = nullptr;
  if (IsTiffFormat(format)) {
    l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, fmt = 0;
    if (readHeaderMemTiff(Bytes(bytes), bytes.size(), page, &w, &h, &bps, &spp, &res, &cmap,
                          &fmt) != 0) {
      return Status(Status::Code::kInvalidArgument,
                    "TIFF 第 " + std::to_string(page + 1) + " 页不存在或文件头已损坏", "corrupt");
    }
    if (internal::IsOversize(w, h)) return OversizeStatus(w, h);
    pix = pixReadMemTiff(Bytes(bytes), bytes.size(), page);
  } else {
    if (page != 0) return Status::InvalidArgument("只有 TIFF 图像可以有多页");
    l_int32 fmt = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    if (pixReadHeaderMem(Bytes(bytes), bytes.size(), &fmt, &w, &h, &bps, &spp, &cmap) != 0) {
      return Status(Status::Code::kInvalidArgument, "图像文件头已损坏，无法读取尺寸", "corrupt");
    }
    if (internal::IsOversize(w, h)) return OversizeStatus(w, h);
    pix = pixReadMem(Bytes(bytes), bytes.size());
  }
  if (pix == nullptr) {
    return Status(Status::Code::kInvalidArgument, "图像数据已损坏，解码失败", "corrupt");
  }
  return Image(std::make_unique<Impl>(pix));
}

Result<int> Image::TiffPageCount(std::string_view bytes) {
  internal::QuietLeptonica();
  l_int32 format = IFF_UNKNOWN;
  if (bytes.size() < 8 || findFileFormatBuffer(Bytes(bytes), &format) != 0 ||
      !IsTiffFormat(format)) {
    return Status(Status::Code::kInvalidArgument, "不是 TIFF 图像", "corrupt");
  }
  if (!TiffHasPage(bytes, 0)) {
    return Status(Status::Code::kInvalidArgument, "TIFF 文件头已损坏，找不到第一页", "corrupt");
  }
  // Each probe walks the directory chain from the start, so find the count with an exponential
  // then binary search: O(log n) probes instead of n.
  constexpr l_int32 kMaxPages = 100000;
  l_int32 lo = 0;  // known to exist
  l_int32 hi = 1;  // probe
  while (hi < kMaxPages && TiffHasPage(bytes, hi)) {
    lo = hi;
    hi = hi * 2;
  }
  if (hi >= kMaxPages) {
    hi = kMaxPages;
    if (TiffHasPage(bytes, kMaxPages - 1)) {
      return Status(Status::Code::kResourceExhausted, "TIFF 页数超过 100000 页的上限", "oversize");
    }
  }
  // Invariant: page lo exists, page hi does not.
  while (hi - lo > 1) {
    const l_int32 mid = lo + (hi - lo) / 2;
    if (TiffHasPage(bytes, mid)) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return static_cast<int>(lo + 1);
}

Result<Image> Image::FromPixels(const unsigned char* data, int width, int height, int stride,
                                bool argb32) {
  if (data == nullptr || width <= 0 || height <= 0) {
    return Status::InvalidArgument("像素缓冲区为空或尺寸无效");
  }
  if (internal::IsOversize(width, height)) return OversizeStatus(width, height);
  const long long min_stride = static_cast<long long>(width) * (argb32 ? 4 : 1);
  if (stride < min_stride) return Status::InvalidArgument("像素缓冲区的行跨度小于图像宽度");
  PIX* pix = pixCreate(width, height, argb32 ? 32 : 8);
  if (pix == nullptr) return Status::Internal("无法分配图像内存");
  l_uint32* pix_data = pixGetData(pix);
  const l_int32 wpl = pixGetWpl(pix);
  for (int y = 0; y < height; ++y) {
    const unsigned char* row = data + static_cast<size_t>(y) * static_cast<size_t>(stride);
    l_uint32* line = pix_data + static_cast<size_t>(y) * static_cast<size_t>(wpl);
    if (argb32) {
      for (int x = 0; x < width; ++x) {
        // Native-endian 0xAARRGGBB words, premultiplied; read with memcpy (no alignment assumed).
        uint32_t v = 0;
        std::memcpy(&v, row + static_cast<size_t>(x) * 4, sizeof v);
        const uint32_t a = v >> 24;
        uint32_t r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
        if (a < 255) {  // composite over white
          r = std::min<uint32_t>(255, r + (255 - a));
          g = std::min<uint32_t>(255, g + (255 - a));
          b = std::min<uint32_t>(255, b + (255 - a));
        }
        l_uint32 px = 0;
        composeRGBPixel(static_cast<l_int32>(r), static_cast<l_int32>(g), static_cast<l_int32>(b),
                        &px);
        line[x] = px;
      }
    } else {
      for (int x = 0; x < width; ++x) SET_DATA_BYTE(line, x, row[x]);
    }
  }
  return Image(std::make_unique<Impl>(pix));
}

int Image::width() const { return impl_ ? pixGetWidth(impl_->pix) : 0; }
int Image::height() const { return impl_ ? pixGetHeight(impl_->pix) : 0; }
int Image::dpi() const { return impl_ ? std::max(0, pixGetXRes(impl_->pix)) : 0; }

Result<std::string> Image::EncodePng() const {
  if (!impl_ || impl_->pix == nullptr) return Status::InvalidArgument("图像为空，无法编码为 PNG");
  internal::QuietLeptonica();
  l_uint8* out = nullptr;
  size_t size = 0;
  if (pixWriteMemPng(&out, &size, impl_->pix, 0.0f) != 0 || out == nullptr) {
    if (out != nullptr) lept_free(out);
    return Status::Internal("PNG 编码失败");
  }
  std::string png(reinterpret_cast<const char*>(out), size);
  lept_free(out);
  return png;
}

namespace {

class TesseractEngine : public OcrEngine {
 public:
  explicit TesseractEngine(OcrOptions options) : options_(std::move(options)) {}
  ~TesseractEngine() override {
    api_.End();
    line_api_.End();
  }

  Status Init() {
    const char* datapath = options_.tessdata_dir.empty() ? nullptr : options_.tessdata_dir.c_str();
    if (options_.psm < 0 || options_.psm >= tesseract::PSM_COUNT) {
      return Status::InvalidArgument("Tesseract 页面分割模式 psm=" + std::to_string(options_.psm) +
                                     " 无效（应为 0–13）");
    }
    if (options_.dpi < 30 || options_.dpi > 2400) {
      return Status::InvalidArgument("OCR 分辨率 dpi=" + std::to_string(options_.dpi) +
                                     " 无效（应为 30–2400）");
    }
    if (api_.Init(datapath, options_.language.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      return Status::Unsupported("无法初始化 Tesseract：找不到语言数据 " + options_.language +
                                 ".traineddata（tessdata 目录：" +
                                 (datapath ? options_.tessdata_dir : std::string("默认")) + "）");
    }
    api_.SetVariable("preserve_interword_spaces", "1");
    api_.SetVariable("debug_file", "/dev/null");
    cjk_ = options_.language.find("chi") != std::string::npos ||
           options_.language.find("jpn") != std::string::npos ||
           options_.language.find("kor") != std::string::npos;
    // Without the CJK fixed-pitch model, column finding takes the aligned right edge of
    // fixed-width Chinese lines for a column of vertical text and loses whole lines.
    if (cjk_) api_.SetVariable("textord_use_cjk_fp_model", "1");
    api_.SetPageSegMode(static_cast<tesseract::PageSegMode>(options_.psm));
    describe_ = std::string("tesseract ") + tesseract::TessBaseAPI::Version() +
                " lang=" + options_.language + " oem=1 psm=" + std::to_string(options_.psm) +
                " dpi=" + std::to_string(options_.dpi) +
                " red_drop=" + (options_.drop_red ? "on" : "off");
    return Status::Ok();
  }

  Result<OcrOutput> Recognize(const Image& image) override {
    if (image.impl() == nullptr || image.impl()->pix == nullptr) {
      return Status::InvalidArgument("待识别的图像为空");
    }
    PIX* prepared = internal::PrepareForOcr(image.impl()->pix, options_.drop_red);
    if (prepared == nullptr) return Status::Internal("无法准备 OCR 图像（Leptonica 转换失败）");
    OcrOutput out;
    out.width_px = pixGetWidth(prepared);
    out.height_px = pixGetHeight(prepared);
    out.engine = describe_;
    const int dpi = image.dpi() > 0 ? image.dpi() : options_.dpi;
    // Tesseract's Chinese model reads large glyphs worse than mid-sized ones (a 14 pt line at
    // 300 dpi is ~55 px tall): scale the page so its median text line is about kTargetLineHeight.
    const double scale = ChooseScale(prepared);
    int source_dpi = dpi;
    PIX* pix = pixClone(prepared);
    if (scale < 1.0) {
      PIX* scaled = pixScale(pix, static_cast<l_float32>(scale), static_cast<l_float32>(scale));
      if (scaled != nullptr) {
        pixDestroy(&pix);
        pix = scaled;
        source_dpi = std::max(1, static_cast<int>(std::lround(dpi * scale)));
      }
    }
    api_.SetImage(pix);
    api_.SetSourceResolution(source_dpi);
    const double inv =
        pixGetWidth(pix) > 0 ? static_cast<double>(out.width_px) / pixGetWidth(pix) : 1.0;
    if (api_.Recognize(nullptr) != 0) {
      api_.Clear();
      pixDestroy(&pix);
      pixDestroy(&prepared);
      return Status::Internal("Tesseract 识别失败");
    }
    if (char* text = api_.GetUTF8Text()) {
      out.text = internal::FullWidthPunctuation(internal::NormalizeCjkText(text));
      delete[] text;
    }
    // Boxes are reported in the pixels of the image the caller passed in.
    auto to_box = [inv](int left, int top, int right, int bottom) {
      WordBox box;
      box.x = static_cast<int>(std::lround(left * inv));
      box.y = static_cast<int>(std::lround(top * inv));
      box.w = static_cast<int>(std::lround((right - left) * inv));
      box.h = static_cast<int>(std::lround((bottom - top) * inv));
      return box;
    };
    std::vector<TextLine> lines;
    std::vector<size_t> word_line;  // index into `lines` of each word of out.words
    std::unique_ptr<tesseract::ResultIterator> it(api_.GetIterator());
    if (it != nullptr) {
      constexpr auto kLevel = tesseract::RIL_WORD;
      do {
        if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) || lines.empty()) {
          TextLine line;
          if (char* t = it->GetUTF8Text(tesseract::RIL_TEXTLINE)) {
            line.text = t;
            delete[] t;
          }
          int left = 0, top = 0, right = 0, bottom = 0;
          if (it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom)) {
            line.box = to_box(left, top, right, bottom);
          }
          lines.push_back(std::move(line));
        }
        if (it->Empty(kLevel)) continue;
        char* word = it->GetUTF8Text(kLevel);
        if (word == nullptr) continue;
        WordBox box;
        int left = 0, top = 0, right = 0, bottom = 0;
        if (it->BoundingBox(kLevel, &left, &top, &right, &bottom)) {
          box = to_box(left, top, right, bottom);
        }
        box.text = word;
        delete[] word;
        box.confidence = it->Confidence(kLevel);
        out.words.push_back(std::move(box));
        word_line.push_back(lines.size() - 1);
      } while (it->Next(kLevel));
    }
    it.reset();
    api_.Clear();
    pixDestroy(&pix);
    if (cjk_) RereadDateLines(prepared, source_dpi / scale, lines, word_line, out);
    pixDestroy(&prepared);
    double sum = 0;
    for (const WordBox& w : out.words) sum += w.confidence;
    out.mean_confidence = out.words.empty() ? 0 : sum / static_cast<double>(out.words.size());
    return out;
  }

  std::string Describe() const override { return describe_; }

 private:
  // Downscale factor for the current image (1.0 = keep).
  double ChooseScale(PIX* pix) {
    if (!cjk_) return 1.0;
    const double h = internal::EstimateLineHeight(pix);
    if (h <= 0) return 1.0;
    const double scale = std::clamp(kTargetLineHeight / h, kMinScale, 1.0);
    return scale > 0.9 ? 1.0 : scale;
  }

  // One text line of Tesseract's layout: its text as recognised and its box in the pixels of the
  // caller's image.
  struct TextLine {
    std::string text;
    WordBox box;
  };

  // Re-reads the lines of `out` that look like a date line (落款 dates damaged by typewriter or
  // mimeograph print and seal residue) as single lines restricted to the characters of a date,
  // from `prepared` (the red-dropped page at the caller's resolution). A re-read that is a
  // well-formed date replaces the line's text in out.text and the line's words in out.words (by
  // one word with the line's box and the re-read's confidence). `lines` are Tesseract's text
  // lines in reading order; word_line[i] is the line of out.words[i].
  void RereadDateLines(PIX* prepared, double page_dpi, const std::vector<TextLine>& lines,
                       const std::vector<size_t>& word_line, OcrOutput& out) {
    // Tie Tesseract's lines to the lines of out.text (empty lines were dropped from it); give up
    // when they do not match one to one.
    if (out.text.empty()) return;
    std::vector<std::string> text_lines;
    for (size_t start = 0; start <= out.text.size();) {
      const size_t nl = std::min(out.text.find('\n', start), out.text.size());
      text_lines.push_back(out.text.substr(start, nl - start));
      start = nl + 1;
    }
    std::vector<internal::PageLine> page_lines;
    std::vector<size_t> page_line_source;  // index into `lines`
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string norm = internal::FullWidthPunctuation(internal::NormalizeCjkText(lines[i].text));
      if (norm.empty()) continue;
      if (page_lines.size() >= text_lines.size() || text_lines[page_lines.size()] != norm) return;
      internal::PageLine pl;
      pl.text = std::move(norm);
      pl.top = lines[i].box.y;
      pl.bottom = lines[i].box.y + lines[i].box.h;
      page_lines.push_back(std::move(pl));
      page_line_source.push_back(i);
    }
    if (page_lines.size() != text_lines.size()) return;
    const std::vector<size_t> selected = internal::SelectDateLines(page_lines, out.height_px);
    if (selected.empty()) return;
    if (!InitLineApi()) return;

    bool changed = false;
    std::vector<std::optional<WordBox>> replacement(lines.size());
    for (size_t k : selected) {
      const size_t li = page_line_source[k];
      const WordBox& box = lines[li].box;
      std::optional<WordBox> reread = ReadDateLine(prepared, page_dpi, box, page_lines[k].text);
      if (!reread) continue;
      text_lines[k] = reread->text;
      replacement[li] = std::move(reread);
      changed = true;
    }
    if (!changed) return;
    out.text.clear();
    for (size_t k = 0; k < text_lines.size(); ++k) {
      if (k > 0) out.text += '\n';
      out.text += text_lines[k];
    }
    std::vector<WordBox> words;
    words.reserve(out.words.size());
    std::vector<bool> emitted(lines.size(), false);
    for (size_t i = 0; i < out.words.size(); ++i) {
      const size_t li = word_line[i];
      if (!replacement[li]) {
        words.push_back(std::move(out.words[i]));
      } else if (!emitted[li]) {
        words.push_back(*replacement[li]);
        emitted[li] = true;
      }
    }
    out.words = std::move(words);
  }

  // Reads the line inside `box` of `page` as a date; the word for it when the reading is a
  // well-formed date of about the length of `first_reading`.
  std::optional<WordBox> ReadDateLine(PIX* page, double page_dpi, const WordBox& box,
                                      const std::string& first_reading) {
    if (box.w <= 0 || box.h <= 0) return std::nullopt;
    const int pw = pixGetWidth(page), ph = pixGetHeight(page);
    const int mx = std::max(4, box.h / 2), my = std::max(4, box.h / 4);
    const int x0 = std::max(0, box.x - mx), y0 = std::max(0, box.y - my);
    const int x1 = std::min(pw, box.x + box.w + mx), y1 = std::min(ph, box.y + box.h + my);
    if (x1 <= x0 || y1 <= y0) return std::nullopt;
    BOX* crop_box = boxCreate(x0, y0, x1 - x0, y1 - y0);
    PIX* crop = pixClipRectangle(page, crop_box, nullptr);
    boxDestroy(&crop_box);
    if (crop == nullptr) return std::nullopt;
    std::optional<WordBox> result;
    // The whole line at a mid-sized glyph height (the Chinese model reads those best).
    const double factor = std::clamp(kDateLineHeight / box.h, 0.25, 4.0);
    PIX* scaled = pixScale(crop, static_cast<l_float32>(factor), static_cast<l_float32>(factor));
    if (scaled != nullptr) {
      const int res = std::max(1, static_cast<int>(std::lround(page_dpi * factor)));
      int confidence = 0;
      std::string text = ReadWithLineApi(scaled, res, tesseract::PSM_SINGLE_LINE, &confidence);
      pixDestroy(&scaled);
      if (internal::ParseDate(text).has_value() &&
          internal::ComparableLength(first_reading, text)) {
        WordBox word = box;
        word.text = std::move(text);
        word.confidence = confidence;
        result = std::move(word);
      }
    }
    pixDestroy(&crop);
    return result;
  }

  // Recognises `pix` with the date-only engine in page segmentation mode `psm`.
  std::string ReadWithLineApi(PIX* pix, int resolution, tesseract::PageSegMode psm,
                              int* confidence) {
    line_api_.SetPageSegMode(psm);
    line_api_.SetImage(pix);
    line_api_.SetSourceResolution(resolution);
    std::string text;
    if (char* t = line_api_.GetUTF8Text()) {
      text = internal::NormalizeCjkText(t);
      delete[] t;
    }
    *confidence = text.empty() ? 0 : line_api_.MeanTextConf();
    line_api_.Clear();
    return text;
  }

  // The single-line engine for date re-reads, created on first use (most pages have no date).
  bool InitLineApi() {
    if (line_api_state_ != 0) return line_api_state_ > 0;
    const char* datapath = options_.tessdata_dir.empty() ? nullptr : options_.tessdata_dir.c_str();
    line_api_state_ = -1;
    if (line_api_.Init(datapath, options_.language.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      return false;
    }
    line_api_.SetVariable("debug_file", "/dev/null");
    line_api_.SetVariable("tessedit_char_whitelist", internal::kDateWhitelist);
    line_api_state_ = 1;
    return true;
  }

  // Height (px) the box of a date line is scaled to for its re-reads.
  static constexpr double kDateLineHeight = 48;

  static constexpr double kTargetLineHeight = 40;
  static constexpr double kMinScale = 0.35;

  OcrOptions options_;
  tesseract::TessBaseAPI api_;
  tesseract::TessBaseAPI line_api_;  // date re-reads (see InitLineApi)
  int line_api_state_ = 0;           // 0 not tried, 1 ready, -1 failed
  std::string describe_;
  bool cjk_ = false;  // a Chinese/Japanese/Korean model is loaded
};

}  // namespace

Result<std::unique_ptr<OcrEngine>> OcrEngine::NewTesseract(const OcrOptions& options) {
  internal::QuietLeptonica();
  auto engine = std::make_unique<TesseractEngine>(options);
  SANDING_RETURN_IF_ERROR(engine->Init());
  return std::unique_ptr<OcrEngine>(std::move(engine));
}

}  // namespace sanding::ocr
