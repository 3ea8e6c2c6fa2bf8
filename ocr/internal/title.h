// Picks a display title for a document from the text of its first page.
#pragma once

#include <string>

namespace sanding::ocr {

// The title line of an official document: the first line that names the document kind
// ("关于…的通知/批复/决定/意见", "…规定", "…办法") within the first 25 lines, with the 红头 issuer
// line and the 文号 line skipped; else the first line of 4..60 characters that is not a 文号 or a
// 红头 line; else `fallback`. Surrounding whitespace and book-title marks are kept as written.
std::string GuessTitle(const std::string& first_page_text, const std::string& fallback);

}  // namespace sanding::ocr
