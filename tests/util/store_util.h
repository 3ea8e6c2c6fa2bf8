// Helpers shared by tests that need files already in a store.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/store.h"
#include "store/text.h"

namespace sanding::testing {

// Stores a complete file whose pages have the given texts (method `method`), seen at every source
// in `sources` (at least one), with `title`; returns its sha256. The original is synthesised from
// the name and the pages, so distinct inputs give distinct files.
inline std::string AddCompleteFile(Store& store, const std::string& name, const std::string& title,
                                   const std::vector<std::string>& pages,
                                   const std::vector<SourceRef>& sources,
                                   const std::string& format = "text",
                                   TextMethod method = TextMethod::kPlainText) {
  std::string original = name + "\n";
  for (const auto& p : pages) original += p + "\f";
  FileRecord rec;
  rec.sha256 = text::Sha256Hex(original);
  rec.name = name;
  rec.format = format;
  rec.size = original.size();
  rec.page_count = static_cast<uint32_t>(pages.size());
  rec.state = FileState::kPending;
  rec.sources = {sources.front()};
  Status st = store.BeginFile(rec, original);
  EXPECT_TRUE(st.ok()) << st.ToString();
  for (size_t i = 1; i < sources.size(); ++i) {
    EXPECT_TRUE(store.AddSource(rec.sha256, sources[i]).ok());
  }
  for (size_t i = 0; i < pages.size(); ++i) {
    PageRecord page;
    page.sha256 = rec.sha256;
    page.page = static_cast<uint32_t>(i + 1);
    page.method = method;
    page.text = pages[i];
    EXPECT_TRUE(store.PutPage(page).ok());
  }
  EXPECT_TRUE(store.CompleteFile(rec.sha256, title).ok());
  return rec.sha256;
}

}  // namespace sanding::testing
