// Helpers shared by the ocr test files.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "ocr/ocr_engine.h"

namespace sanding::ocr {

// An original's bytes as the pipeline hands them to Document::Open.
inline std::shared_ptr<const std::string> Bytes(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

// One Tesseract engine (default options) for the whole test binary: creating one costs ~0.3 s.
inline OcrEngine& Engine() {
  static std::unique_ptr<OcrEngine> engine = [] {
    auto e = OcrEngine::NewTesseract(OcrOptions{});
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? std::move(*e) : nullptr;
  }();
  return *engine;
}

}  // namespace sanding::ocr
