// Clean-up of text coming out of Tesseract and PDF text layers for Chinese documents.
#pragma once

#include <string>
#include <string_view>

namespace sanding::ocr::internal {

// True for CJK ideographs and the punctuation written between them (CJK symbols and punctuation,
// full-width forms, Chinese quotes, dashes and ellipses).
bool IsWideChar(char32_t cp);

// Removes runs of spaces (ASCII space, tab, NBSP, U+3000) that touch a wide character on either
// side (OCR and PDF layouts put them between every pair of CJK characters), keeps single spaces
// between Latin words (runs between two narrow characters collapse to one space), trims each line,
// drops empty lines and joins the lines with '\n'. Carriage returns and form feeds end lines.
// Invalid UTF-8 bytes are passed through unchanged.
std::string NormalizeCjkText(std::string_view text);

// For OCR output: ASCII punctuation that Tesseract emits inside Chinese text becomes the
// full-width form the document prints: '(' before a wide character, ')' after one, and , : ; ? !
// after one. ASCII punctuation between Latin words and digits is left alone.
std::string FullWidthPunctuation(std::string_view text);

}  // namespace sanding::ocr::internal
