// The law corpus of the search benchmark: Markdown files of Chinese national laws
// (../shared/realdata/lawrefbook/national_laws_md.tar.gz) split into one document per article.
//
// A law's title is its first "# " heading line. An article starts at a line beginning with
// 第X条 (Chinese numerals, optionally 之一 …) followed by a space or a full-width space, and runs
// until the next article or the next heading (any line starting with "#"). Files named _index.md,
// README.md or 法律法规模版.md, and files without a "# " heading, are skipped. The relevance key of
// an article is its law title with every 中华人民共和国 removed, followed by its number
// (民法典第五十六条): the STARD judgements name articles that way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sanding::bench::search {

struct Article {
  std::string law_title;  // the file's first "# " heading, trimmed
  std::string number;     // 第五十六条, 第十条之一
  std::string body;       // the article's text after its number (lines joined by \n, trimmed)
  std::string file;       // the Markdown file it came from (path inside the archive)

  // <law title> <第X条>\n<body>: the text both engines index.
  std::string DocumentText() const;
  // NormaliseKey(law_title + number).
  std::string Key() const;
};

// Removes every 中华人民共和国 (the STARD names keep it, some corpus titles do not).
std::string NormaliseKey(std::string_view law_title_and_number);

// True for the files the corpus leaves out (_index.md, README.md, 法律法规模版.md, not *.md).
bool SkipLawFile(std::string_view path);

// If `line` starts with an article number followed by a space or U+3000, returns the length in
// bytes of the number (第…条[之…]); else 0.
size_t ArticleNumberLength(std::string_view line);

// The articles of one Markdown law (none when it has no "# " heading).
std::vector<Article> SplitLaw(std::string_view markdown, std::string_view file);

struct LawCorpus {
  std::vector<Article> articles;
  size_t files_read = 0;     // Markdown files considered (not skipped by name)
  size_t files_used = 0;     // of which had a "# " heading
};

// Reads every law of a tar.gz (or any archive libarchive reads) and splits it. Throws
// std::runtime_error naming the archive when it cannot be read.
LawCorpus ReadLawArchive(const std::string& path);

}  // namespace sanding::bench::search
