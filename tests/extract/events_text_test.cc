// Text helpers of the event extractor (indexer/extract/internal/events_text.h).
#include "indexer/extract/internal/events_text.h"

#include <gtest/gtest.h>

namespace sanding::extract::internal::events {
namespace {

std::vector<std::string> Pieces(std::string_view s, const std::vector<Range>& ranges) {
  std::vector<std::string> out;
  for (const auto& [b, e] : ranges) out.emplace_back(s.substr(b, e - b));
  return out;
}

TEST(SplitOutsideBrackets, SplitsOnlyAtTopLevelSeparators) {
  const std::string s = "组建甲局（副处级，为工作部门），作为市政府工作部门；乙局不再保留";
  EXPECT_EQ(Pieces(s, SplitOutsideBrackets(s, {"（"}, {"）"}, {"，", "；"})),
            (std::vector<std::string>{"组建甲局（副处级，为工作部门）", "作为市政府工作部门", "乙局不再保留"}));
  // Nested and mixed brackets; an unmatched close bracket does not go negative.
  const std::string t = "）《关于（甲，乙）的规定》，丙";
  EXPECT_EQ(Pieces(t, SplitOutsideBrackets(t, {"（", "《"}, {"）", "》"}, {"，"})),
            (std::vector<std::string>{"）《关于（甲，乙）的规定》", "丙"}));
}

TEST(SplitOutsideBrackets, EdgesGiveEmptyPieces) {
  EXPECT_EQ(SplitOutsideBrackets("", {"（"}, {"）"}, {"，"}), (std::vector<Range>{{0, 0}}));
  const std::string s = "，甲，";
  EXPECT_EQ(Pieces(s, SplitOutsideBrackets(s, {"（"}, {"）"}, {"，"})),
            (std::vector<std::string>{"", "甲", ""}));
}

TEST(HanKey, KeepsOnlyHanCharacters) {
  EXPECT_EQ(HanKey("清河市工商行政管理局-临川 分局"), "清河市工商行政管理局临川分局");
  EXPECT_EQ(HanKey("a1（）"), "");
}

TEST(ItemMarkerLength, CommonMarkers) {
  EXPECT_EQ(ItemMarkerLength("（一）设立"), std::string("（一）").size());
  EXPECT_EQ(ItemMarkerLength("1．设立"), std::string("1．").size());
  EXPECT_EQ(ItemMarkerLength("设立"), 0u);
}

}  // namespace
}  // namespace sanding::extract::internal::events
