// The web pages compiled into the binary (server/web/, embedded at build time by
// cmake/EmbedAssets.cmake into web_assets.cc): served by `sanding serve` with no files on disk.
#pragma once

#include <cstddef>
#include <string_view>

namespace sanding::server {

struct WebAsset {
  std::string_view path;          // "/index.html", "/app.js", "/style.css", ...
  std::string_view content_type;  // "text/html; charset=utf-8", ...
  std::string_view data;
  std::string_view etag;  // quoted hex digest of the content
};

// The asset at `path` ("/" is "/index.html"), or nullptr.
const WebAsset* FindWebAsset(std::string_view path);
// Every asset (tests).
const WebAsset* WebAssets(size_t* count);

}  // namespace sanding::server
