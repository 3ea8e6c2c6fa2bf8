// The web pages compiled into the binary (cmake/EmbedAssets.cmake → web_assets.cc): every file
// of server/web/ is there byte for byte with its content type and ETag, "/" is the index page,
// and no page breaks the promises of the Content-Security-Policy (no inline script, no inline
// event handler) or of working offline (nothing loaded from http:// or https://).
#include "server/web_assets.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace sanding::server {
namespace {

namespace fs = std::filesystem;

fs::path SourceDir() {
  const char* env = std::getenv("SANDING_SOURCE_DIR");
  return env != nullptr && *env != '\0' ? fs::path(env) : fs::path(SANDING_SOURCE_DIR_DEFAULT);
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The files the build embeds: everything under server/web/ but hidden files and editor leftovers
// (the same rule as EmbedAssets.cmake).
std::set<std::string> SourceAssets() {
  std::set<std::string> out;
  fs::path web = SourceDir() / "server" / "web";
  for (const auto& e : fs::recursive_directory_iterator(web)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), web).generic_string();
    bool hidden = rel[0] == '.' || rel.find("/.") != std::string::npos;
    bool leftover = EndsWith(rel, "~") || EndsWith(rel, ".swp") || EndsWith(rel, ".swo") ||
                    EndsWith(rel, ".orig") || EndsWith(rel, ".rej") || EndsWith(rel, ".bak");
    if (!hidden && !leftover) out.insert("/" + rel);
  }
  return out;
}

bool IsText(const WebAsset& a) {
  return a.content_type.starts_with("text/") || a.content_type.starts_with("application/json") ||
         a.content_type == "image/svg+xml";
}

TEST(WebAssetsTest, EveryFileOfTheWebFolderIsEmbeddedByteForByte) {
  size_t count = 0;
  const WebAsset* all = WebAssets(&count);
  ASSERT_NE(all, nullptr);
  std::set<std::string> embedded;
  for (size_t i = 0; i < count; ++i) embedded.insert(std::string(all[i].path));
  std::set<std::string> expected = SourceAssets();
  EXPECT_EQ(embedded, expected) << "the build's web_assets.cc is stale or misses files";
  for (const std::string& path : expected) {
    const WebAsset* a = FindWebAsset(path);
    ASSERT_NE(a, nullptr) << path;
    EXPECT_EQ(a->path, path);
    EXPECT_EQ(a->data, ReadFile(SourceDir() / "server" / "web" / path.substr(1))) << path;
  }
  for (const char* needed : {"/index.html", "/app.js", "/style.css"}) {
    EXPECT_NE(FindWebAsset(needed), nullptr) << needed;
  }
}

TEST(WebAssetsTest, RootIsTheIndexPageAndUnknownPathsAreAbsent) {
  const WebAsset* root = FindWebAsset("/");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root, FindWebAsset("/index.html"));
  EXPECT_EQ(FindWebAsset("/?x=1"), root);
  EXPECT_EQ(FindWebAsset("/app.js?v=2"), FindWebAsset("/app.js"));
  EXPECT_EQ(FindWebAsset("/no-such-file.js"), nullptr);
  EXPECT_EQ(FindWebAsset("/../CMakeLists.txt"), nullptr);
  EXPECT_EQ(FindWebAsset("index.html"), nullptr);
  EXPECT_EQ(FindWebAsset("/api/search"), nullptr);
}

TEST(WebAssetsTest, ContentTypesFollowTheExtension) {
  size_t count = 0;
  const WebAsset* all = WebAssets(&count);
  for (size_t i = 0; i < count; ++i) {
    const WebAsset& a = all[i];
    std::string_view p = a.path;
    std::string_view want = "application/octet-stream";
    if (EndsWith(p, ".html")) {
      want = "text/html; charset=utf-8";
    } else if (EndsWith(p, ".js") || EndsWith(p, ".mjs")) {
      want = "text/javascript; charset=utf-8";
    } else if (EndsWith(p, ".css")) {
      want = "text/css; charset=utf-8";
    } else if (EndsWith(p, ".svg")) {
      want = "image/svg+xml";
    } else if (EndsWith(p, ".png")) {
      want = "image/png";
    } else if (EndsWith(p, ".ico")) {
      want = "image/x-icon";
    } else if (EndsWith(p, ".json")) {
      want = "application/json; charset=utf-8";
    } else if (EndsWith(p, ".txt")) {
      want = "text/plain; charset=utf-8";
    }
    EXPECT_EQ(a.content_type, want) << p;
  }
}

TEST(WebAssetsTest, EtagsAreQuotedHexAndDifferWithContent) {
  size_t count = 0;
  const WebAsset* all = WebAssets(&count);
  std::regex quoted_hex("^\"[0-9a-f]{16,64}\"$");
  std::set<std::string> etags;
  std::set<std::string> contents;
  for (size_t i = 0; i < count; ++i) {
    std::string etag(all[i].etag);
    EXPECT_TRUE(std::regex_match(etag, quoted_hex)) << all[i].path << " " << etag;
    etags.insert(etag);
    contents.insert(std::string(all[i].data));
  }
  EXPECT_EQ(etags.size(), contents.size()) << "one ETag per distinct content";
}

// The pages load nothing from the internet: no http:// or https:// URL anywhere, except the XML
// namespace names of SVG/XHTML (identifiers, never fetched).
TEST(WebAssetsTest, NothingIsLoadedFromTheInternet) {
  size_t count = 0;
  const WebAsset* all = WebAssets(&count);
  std::regex url(R"(https?://[^\s"'<>)]*)", std::regex::icase);
  std::regex ns(R"(^https?://www\.w3\.org/(2000/svg|1999/xlink|1999/xhtml|XML/1998/namespace)$)");
  for (size_t i = 0; i < count; ++i) {
    if (!IsText(all[i])) continue;
    std::string text(all[i].data);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), url); it != std::sregex_iterator(); ++it) {
      EXPECT_TRUE(std::regex_match(it->str(), ns)) << all[i].path << " refers to " << it->str();
    }
    EXPECT_EQ(text.find("//cdn"), std::string::npos) << all[i].path;
    EXPECT_EQ(text.find("@import url("), std::string::npos) << all[i].path;
  }
}

// The Content-Security-Policy (default-src 'self') runs no inline script: every <script> has a
// src, and no element carries an on…= event handler attribute.
TEST(WebAssetsTest, HtmlHasNoInlineScriptsOrEventHandlers) {
  size_t count = 0;
  const WebAsset* all = WebAssets(&count);
  std::regex script_tag(R"(<script\b([^>]*)>)", std::regex::icase);
  std::regex has_src(R"(\bsrc\s*=)", std::regex::icase);
  std::regex handler(R"(<[a-z][^>]*\son[a-z]+\s*=)", std::regex::icase);
  std::regex js_url(R"(javascript:)", std::regex::icase);
  size_t html_files = 0;
  for (size_t i = 0; i < count; ++i) {
    const WebAsset& a = all[i];
    if (!EndsWith(a.path, ".html") && !EndsWith(a.path, ".svg")) continue;
    if (EndsWith(a.path, ".html")) ++html_files;
    std::string text(a.data);
    size_t scripts = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), script_tag); it != std::sregex_iterator(); ++it) {
      ++scripts;
      EXPECT_TRUE(std::regex_search((*it)[1].str(), has_src)) << a.path << ": inline <script>";
    }
    if (EndsWith(a.path, ".html")) {
      EXPECT_GT(scripts, 0u) << a.path << " loads no script";
    }
    EXPECT_FALSE(std::regex_search(text, handler)) << a.path << ": inline event handler";
    EXPECT_FALSE(std::regex_search(text, js_url)) << a.path << ": javascript: URL";
  }
  EXPECT_GT(html_files, 0u);
}

// Scripts never build HTML from strings (every API text goes in as text nodes) and never
// evaluate strings.
TEST(WebAssetsTest, ScriptsDoNotInjectHtmlOrEvaluateStrings) {
  size_t count = 0;
  const WebAsset* all = WebAssets(&count);
  for (size_t i = 0; i < count; ++i) {
    const WebAsset& a = all[i];
    if (!EndsWith(a.path, ".js") && !EndsWith(a.path, ".mjs")) continue;
    std::string text(a.data);
    for (const char* banned : {".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                               "new Function("}) {
      EXPECT_EQ(text.find(banned), std::string::npos) << a.path << " uses " << banned;
    }
  }
}

}  // namespace
}  // namespace sanding::server
