// Version diffs: duty clauses aligned one to one by bigram similarity, changed words marked by a
// longest common subsequence over ICU word boundaries, and field, unit and staffing deltas.
#include "query/lineage/diff.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "indexer/history/index_rows.h"
#include "store/text.h"

namespace sanding::lineage {
namespace {

// ---- Clause similarity -------------------------------------------------------------------------

// A clause prepared for comparison: its NameKey and that key's sorted character n-grams.
struct Prepared {
  std::string key;
  std::vector<uint64_t> bigrams;   // sorted multiset; empty when the key has < 2 characters
  std::vector<uint64_t> unigrams;  // sorted multiset
};

Prepared Prepare(std::string key) {
  Prepared p;
  p.key = std::move(key);
  const std::u32string cps = text::DecodeUtf8(p.key);
  p.unigrams.reserve(cps.size());
  for (char32_t c : cps) p.unigrams.push_back(static_cast<uint64_t>(c));
  if (cps.size() >= 2) {
    p.bigrams.reserve(cps.size() - 1);
    // Code points fit in 21 bits.
    for (size_t i = 0; i + 1 < cps.size(); ++i) {
      p.bigrams.push_back((static_cast<uint64_t>(cps[i]) << 21) |
                          static_cast<uint64_t>(cps[i + 1]));
    }
  }
  std::sort(p.unigrams.begin(), p.unigrams.end());
  std::sort(p.bigrams.begin(), p.bigrams.end());
  return p;
}

// Size of the multiset intersection of two sorted vectors.
size_t Common(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  size_t i = 0, j = 0, n = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

// The n-grams two prepared clauses are compared by: bigrams, or unigrams when either key is a
// single character (a bigram set would be empty and every such pair would score 0).
std::pair<const std::vector<uint64_t>*, const std::vector<uint64_t>*> Grams(const Prepared& a,
                                                                            const Prepared& b) {
  if (a.bigrams.empty() || b.bigrams.empty()) return {&a.unigrams, &b.unigrams};
  return {&a.bigrams, &b.bigrams};
}

double Dice(const Prepared& a, const Prepared& b) {
  if (a.key == b.key) return 1.0;  // includes two clauses with nothing comparable (punctuation)
  if (a.key.empty() || b.key.empty()) return 0.0;
  auto [ga, gb] = Grams(a, b);
  const size_t common = Common(*ga, *gb);
  return 2.0 * static_cast<double>(common) / static_cast<double>(ga->size() + gb->size());
}

// The score clauses are paired by in AlignClauses (and reported as ClauseChange::similarity).
//
// Dice alone under-rates a clause that was extended with a few words ("负责全市价格监督检查工作"
// → "…监督检查工作，承担反垄断统一执法、价格认证和成本监审…"): the added bigrams weigh on
// the denominator. So when (nearly) all of the shorter clause's bigrams occur in the longer one
// (containment = common / shorter >= 0.8), the pair scores max(Dice, 0.9 × containment).
// Guards keep this from pairing unrelated clauses: the shorter clause must have at least 4
// bigrams (short clauses share "负责", "工作", "全市" with everything) and at least a quarter of
// the longer one's (a short duty is not "reworded" into a paragraph that merely mentions it).
constexpr double kContainmentWeight = 0.9;
constexpr double kMinContainment = 0.8;
constexpr size_t kMinContainedGrams = 4;

double PairScore(const Prepared& a, const Prepared& b) {
  const double dice = Dice(a, b);
  if (dice >= 1.0 || a.key.empty() || b.key.empty()) return dice;
  auto [ga, gb] = Grams(a, b);
  const size_t shorter = std::min(ga->size(), gb->size());
  const size_t longer = std::max(ga->size(), gb->size());
  if (shorter < kMinContainedGrams || shorter * 4 < longer) return dice;
  const double containment = static_cast<double>(Common(*ga, *gb)) / static_cast<double>(shorter);
  if (containment < kMinContainment) return dice;
  return std::max(dice, kContainmentWeight * containment);
}

// ---- Words -------------------------------------------------------------------------------------

// One word of a clause (ICU word boundaries), as a byte range of the clause.
struct Word {
  size_t begin = 0, end = 0;
  std::string key;       // what it is compared by; "" for punctuation and spaces
  bool content = false;  // takes part in the comparison (false: punctuation, spaces)
  bool space = false;    // white space only
};

// The word break iterator (Chinese dictionary segmentation), created once per thread; setText
// resets it, so one instance serves every clause of every call on the thread.
icu::BreakIterator* NewWordBreaker() {
  UErrorCode status = U_ZERO_ERROR;
  icu::BreakIterator* it =
      icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status);
  if (U_FAILURE(status)) {
    delete it;
    return nullptr;
  }
  return it;
}

// One per thread, deleted when the thread ends.
struct WordBreakerHolder {
  icu::BreakIterator* it = NewWordBreaker();
  WordBreakerHolder() = default;
  WordBreakerHolder(const WordBreakerHolder&) = delete;
  WordBreakerHolder& operator=(const WordBreakerHolder&) = delete;
  ~WordBreakerHolder() { delete it; }
};

icu::BreakIterator* WordBreaker() {
  thread_local WordBreakerHolder holder;
  return holder.it;
}

bool IsSpaceOnly(const std::string_view s) {
  for (char32_t c : text::DecodeUtf8(s)) {
    if (!u_isUWhiteSpace(c)) return false;
  }
  return true;
}

// Punctuation, separators and controls only (never marked as changed).
bool IsPunctuationOnly(const std::string_view s) {
  for (char32_t c : text::DecodeUtf8(s)) {
    switch (u_charType(c)) {
      case U_CONNECTOR_PUNCTUATION:
      case U_DASH_PUNCTUATION:
      case U_START_PUNCTUATION:
      case U_END_PUNCTUATION:
      case U_INITIAL_PUNCTUATION:
      case U_FINAL_PUNCTUATION:
      case U_OTHER_PUNCTUATION:
      case U_SPACE_SEPARATOR:
      case U_LINE_SEPARATOR:
      case U_PARAGRAPH_SEPARATOR:
      case U_CONTROL_CHAR:
      case U_FORMAT_CHAR:
        break;
      default:
        return false;
    }
  }
  return true;
}

// NameKey per word, memoised for one AlignClauses call (clauses repeat many words).
class KeyCache {
 public:
  const std::string& Key(const std::string& text) {
    auto it = cache_.find(text);
    if (it != cache_.end()) return it->second;
    return cache_.emplace(text, history::NameKey(text)).first->second;
  }

 private:
  std::unordered_map<std::string, std::string> cache_;
};

// The clause split into words. The UnicodeString is built code point by code point from our own
// UTF-8 decoding (ill-formed bytes become U+FFFD, as UnicodeString::fromUTF8 would do) so that
// every UTF-16 index maps back to the exact byte offset it came from, whatever the input.
std::vector<Word> Words(const std::string& s, KeyCache& keys) {
  std::vector<Word> words;
  if (s.empty()) return words;
  icu::UnicodeString u;
  std::vector<size_t> byte_at;  // UTF-16 index -> byte offset in s
  byte_at.reserve(s.size() + 1);
  {
    int32_t i = 0;
    const int32_t n = static_cast<int32_t>(s.size());
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    while (i < n) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (c < 0) c = 0xFFFD;
      u.append(c);
      for (int k = 0; k < U16_LENGTH(c); ++k) byte_at.push_back(static_cast<size_t>(start));
    }
    byte_at.push_back(s.size());
  }
  std::vector<std::pair<size_t, size_t>> spans;
  icu::BreakIterator* bi = WordBreaker();
  if (bi != nullptr) {
    bi->setText(u);
    int32_t start = bi->first();
    for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
      if (end <= start || end >= static_cast<int32_t>(byte_at.size())) continue;
      spans.emplace_back(byte_at[start], byte_at[end]);
    }
  }
  // Without ICU (never in practice) or should the iterator not cover the text, fall back to
  // one word per code point for whatever is not covered.
  size_t covered = spans.empty() ? 0 : spans.back().second;
  if (spans.empty() || covered != s.size() || spans.front().first != 0) {
    spans.clear();
    for (size_t k = 0; k + 1 < byte_at.size(); ++k) {
      if (byte_at[k] != byte_at[k + 1]) spans.emplace_back(byte_at[k], byte_at[k + 1]);
    }
  }
  words.reserve(spans.size());
  for (auto [b, e] : spans) {
    Word w;
    w.begin = b;
    w.end = e;
    const std::string text = s.substr(b, e - b);
    if (IsPunctuationOnly(text)) {
      w.content = false;
      w.space = IsSpaceOnly(text);
    } else {
      w.content = true;
      w.key = keys.Key(text);
      // Symbols and scripts NameKey drops (emoji, ①…) are compared as written.
      if (w.key.empty()) w.key = "\x01" + text;
    }
    words.push_back(std::move(w));
  }
  return words;
}

// Marks the words of `a` and `b` not in their longest common subsequence (content words compared
// by key). Between two consecutive matches, the unmatched words of both sides are unchanged when
// their keys concatenate to the same text (the same phrase segmented differently, e.g. in its
// 繁体 and 简体 spellings).
void MarkChanged(const std::vector<Word>& a, const std::vector<Word>& b, std::vector<bool>& ca,
                 std::vector<bool>& cb) {
  std::vector<size_t> ia, ib;  // indexes of content words
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].content) ia.push_back(i);
  for (size_t j = 0; j < b.size(); ++j)
    if (b[j].content) ib.push_back(j);
  ca.assign(a.size(), false);
  cb.assign(b.size(), false);
  const size_t n = ia.size(), m = ib.size();
  auto same = [&](size_t i, size_t j) { return a[ia[i]].key == b[ib[j]].key; };
  std::vector<std::pair<size_t, size_t>> matches;  // (index in ia, index in ib)
  // A common prefix and suffix are part of a longest common subsequence: match them directly
  // and run the quadratic table on the middle only.
  size_t pre = 0;
  while (pre < n && pre < m && same(pre, pre)) {
    matches.emplace_back(pre, pre);
    ++pre;
  }
  size_t suf = 0;
  while (suf < n - pre && suf < m - pre && same(n - 1 - suf, m - 1 - suf)) ++suf;
  const size_t mn = n - pre - suf, mm = m - pre - suf;
  // Bounded memory for pathological clauses (thousands of words): beyond it the middle is
  // compared as a whole.
  constexpr size_t kMaxCells = size_t{1} << 22;
  if (mn > 0 && mm > 0 && (mn + 1) * (mm + 1) <= kMaxCells) {
    // lcs[i][j]: LCS length of the middle's ia[pre + i..] and ib[pre + j..].
    std::vector<uint32_t> lcs((mn + 1) * (mm + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (mm + 1) + j]; };
    for (size_t i = mn; i-- > 0;) {
      for (size_t j = mm; j-- > 0;) {
        at(i, j) =
            same(pre + i, pre + j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < mn && j < mm) {
      if (same(pre + i, pre + j)) {
        matches.emplace_back(pre + i, pre + j);
        ++i;
        ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        ++i;
      } else {
        ++j;
      }
    }
  }
  for (size_t k = suf; k-- > 0;) matches.emplace_back(n - 1 - k, m - 1 - k);
  matches.emplace_back(n, m);  // sentinel
  size_t pi = 0, pj = 0;
  for (auto [mi, mj] : matches) {
    std::string ka, kb;
    for (size_t i = pi; i < mi; ++i) ka += a[ia[i]].key;
    for (size_t j = pj; j < mj; ++j) kb += b[ib[j]].key;
    if (ka != kb) {
      for (size_t i = pi; i < mi; ++i) ca[ia[i]] = true;
      for (size_t j = pj; j < mj; ++j) cb[ib[j]] = true;
    }
    pi = mi + 1;
    pj = mj + 1;
  }
  // White space between two changed words belongs to the change ("【text 123】", not
  // "【text】 【123】"); punctuation never does.
  auto join_spaces = [](const std::vector<Word>& w, std::vector<bool>& changed) {
    for (size_t k = 1; k < w.size(); ++k) {
      if (!w[k].space || !changed[k - 1]) continue;
      size_t next = k;
      while (next < w.size() && w[next].space) ++next;
      if (next < w.size() && changed[next]) {
        for (size_t t = k; t < next; ++t) changed[t] = true;
      }
      k = next;
    }
  };
  join_spaces(a, ca);
  join_spaces(b, cb);
}

std::vector<Segment> ToSegments(const std::string& s, const std::vector<Word>& words,
                                const std::vector<bool>& changed) {
  std::vector<Segment> out;
  for (size_t k = 0; k < words.size(); ++k) {
    const bool flag = changed[k];
    if (!out.empty() && out.back().changed == flag) {
      out.back().text.append(s, words[k].begin, words[k].end - words[k].begin);
    } else {
      out.push_back(Segment{s.substr(words[k].begin, words[k].end - words[k].begin), flag});
    }
  }
  return out;
}

void MarkWords(ClauseChange& c, KeyCache& keys) {
  const std::vector<Word> a = Words(c.before, keys);
  const std::vector<Word> b = Words(c.after, keys);
  std::vector<bool> ca, cb;
  MarkChanged(a, b, ca, cb);
  c.before_marks = ToSegments(c.before, a, ca);
  c.after_marks = ToSegments(c.after, b, cb);
}

std::vector<ClauseChange> Align(const std::vector<std::string>& before,
                                const std::vector<std::string>& after, KeyCache& keys) {
  const size_t n = before.size(), m = after.size();
  std::vector<Prepared> pb, pa;
  pb.reserve(n);
  pa.reserve(m);
  for (const auto& s : before) pb.push_back(Prepare(history::NameKey(s)));
  for (const auto& s : after) pa.push_back(Prepare(history::NameKey(s)));

  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<size_t> partner_of_before(n, kNone), partner_of_after(m, kNone);
  std::vector<double> score_of_after(m, 0);

  // 1. Identical keys: the same duty (first unused occurrence, in order).
  {
    std::unordered_map<std::string, std::vector<size_t>> by_key;
    for (size_t i = n; i-- > 0;) by_key[pb[i].key].push_back(i);  // back() is the first
    for (size_t j = 0; j < m; ++j) {
      auto it = by_key.find(pa[j].key);
      if (it == by_key.end() || it->second.empty()) continue;
      const size_t i = it->second.back();
      it->second.pop_back();
      partner_of_before[i] = j;
      partner_of_after[j] = i;
      score_of_after[j] = 1.0;
    }
  }
  // 2. Reworded: the remaining pairs by descending score (greedy maximum weight), ties by
  // position in `before`, then in `after`.
  {
    std::vector<std::tuple<double, size_t, size_t>> cands;
    for (size_t i = 0; i < n; ++i) {
      if (partner_of_before[i] != kNone) continue;
      for (size_t j = 0; j < m; ++j) {
        if (partner_of_after[j] != kNone) continue;
        const double s = PairScore(pb[i], pa[j]);
        if (s >= kRewordedThreshold) cands.emplace_back(s, i, j);
      }
    }
    std::sort(cands.begin(), cands.end(), [](const auto& x, const auto& y) {
      if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) > std::get<0>(y);
      if (std::get<1>(x) != std::get<1>(y)) return std::get<1>(x) < std::get<1>(y);
      return std::get<2>(x) < std::get<2>(y);
    });
    for (const auto& [s, i, j] : cands) {
      if (partner_of_before[i] != kNone || partner_of_after[j] != kNone) continue;
      partner_of_before[i] = j;
      partner_of_after[j] = i;
      score_of_after[j] = std::min(1.0, s);
    }
  }
  // 3. Removed clauses go after the after-clause aligned with the nearest aligned clause before
  // them in `before` (at the start when there is none).
  std::vector<std::vector<size_t>> removed_after(m + 1);  // [0]: at the start; [j + 1]: after j
  {
    size_t anchor = 0;
    for (size_t i = 0; i < n; ++i) {
      if (partner_of_before[i] != kNone) {
        anchor = partner_of_before[i] + 1;
      } else {
        removed_after[anchor].push_back(i);
      }
    }
  }
  std::vector<ClauseChange> out;
  out.reserve(n + m);
  auto emit_removed = [&](size_t slot) {
    for (size_t i : removed_after[slot]) {
      ClauseChange c;
      c.change = "removed";
      c.before = before[i];
      out.push_back(std::move(c));
    }
  };
  emit_removed(0);
  for (size_t j = 0; j < m; ++j) {
    ClauseChange c;
    c.after = after[j];
    const size_t i = partner_of_after[j];
    if (i == kNone) {
      c.change = "added";
    } else {
      c.before = before[i];
      if (pb[i].key == pa[j].key) {
        c.change = "same";
        c.similarity = 1.0;
      } else {
        c.change = "reworded";
        c.similarity = score_of_after[j];
        MarkWords(c, keys);
      }
    }
    out.push_back(std::move(c));
    emit_removed(j + 1);
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
  return out;
}

bool LooksLikeDate(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (d[i] < '0' || d[i] > '9') return false;
  }
  return true;
}

std::string Signed(int v) { return v > 0 ? "+" + std::to_string(v) : std::to_string(v); }

std::string OrNone(const std::string& s) { return s.empty() ? "（无）" : s; }

const char* FieldLabel(const std::string& field) {
  if (field == "name") return "名称";
  if (field == "rank") return "规格";
  if (field == "kind") return "机构类别";
  if (field == "parent") return "上级机关";
  if (field == "abbreviations") return "简称";
  return "字段";
}

std::string Marked(const std::vector<Segment>& marks, const std::string& fallback) {
  if (marks.empty()) return fallback;
  std::string out;
  for (const auto& s : marks) {
    if (s.changed) {
      out += "【" + s.text + "】";
    } else {
      out += s.text;
    }
  }
  return out;
}

void RenderClauses(const std::vector<ClauseChange>& clauses, const std::string& indent,
                   std::string& out) {
  for (const auto& c : clauses) {
    if (c.change == "added") {
      out += indent + "＋ 新增：" + c.after + "\n";
    } else if (c.change == "removed") {
      out += indent + "－ 删除：" + c.before + "\n";
    } else if (c.change == "reworded") {
      char pct[16];
      std::snprintf(pct, sizeof pct, "%.0f%%", c.similarity * 100);
      out += indent + "～ 改写（相似度 " + pct + "）：\n";
      out += indent + "    原：" + Marked(c.before_marks, c.before) + "\n";
      out += indent + "    现：" + Marked(c.after_marks, c.after) + "\n";
    }
  }
}

}  // namespace

double ClauseSimilarity(const std::string& a, const std::string& b) {
  return Dice(Prepare(history::NameKey(a)), Prepare(history::NameKey(b)));
}

std::vector<ClauseChange> AlignClauses(const std::vector<std::string>& before,
                                       const std::vector<std::string>& after) {
  KeyCache keys;
  return Align(before, after, keys);
}

VersionDiff DiffVersions(const history::Version& before, const history::Version& after) {
  VersionDiff d;
  d.institution = after.institution.empty() ? before.institution : after.institution;
  d.before_from = before.valid_from;
  d.before_to = before.valid_to;
  d.before_name = before.name;
  d.after_from = after.valid_from;
  d.after_to = after.valid_to;
  d.after_name = after.name;

  // Fields.
  auto field = [&](const char* name, const std::string& b, const std::string& a) {
    if (b != a) d.fields.push_back(FieldChange{name, b, a});
  };
  field("name", before.name, after.name);
  field("rank", before.rank, after.rank);
  field("kind", before.kind, after.kind);
  field("parent", before.parent, after.parent);
  {
    // The same abbreviations listed in another order are no change.
    std::set<std::string> sb(before.abbreviations.begin(), before.abbreviations.end());
    std::set<std::string> sa(after.abbreviations.begin(), after.abbreviations.end());
    if (sb != sa) {
      d.fields.push_back(FieldChange{"abbreviations", Join(before.abbreviations, "、"),
                                     Join(after.abbreviations, "、")});
    }
  }

  KeyCache keys;
  // Duties.
  d.duties = Align(before.duties, after.duties, keys);
  for (const auto& c : d.duties) {
    if (c.change == "added")
      ++d.added;
    else if (c.change == "removed")
      ++d.removed;
    else if (c.change == "reworded")
      ++d.reworded;
    else
      ++d.same;
  }

  // Units: by name key, then by similar name (renamed); one to one.
  {
    const size_t n = before.units.size(), m = after.units.size();
    constexpr size_t kNone = static_cast<size_t>(-1);
    std::vector<size_t> pa(m, kNone), pb(n, kNone);
    std::vector<Prepared> kb, ka;
    for (const auto& u : before.units) kb.push_back(Prepare(history::NameKey(u.name)));
    for (const auto& u : after.units) ka.push_back(Prepare(history::NameKey(u.name)));
    for (size_t j = 0; j < m; ++j) {
      for (size_t i = 0; i < n; ++i) {
        if (pb[i] == kNone && kb[i].key == ka[j].key) {
          pb[i] = j;
          pa[j] = i;
          break;
        }
      }
    }
    std::vector<std::tuple<double, size_t, size_t>> cands;
    for (size_t i = 0; i < n; ++i) {
      if (pb[i] != kNone) continue;
      for (size_t j = 0; j < m; ++j) {
        if (pa[j] != kNone) continue;
        const double s = Dice(kb[i], ka[j]);
        if (s >= 0.5) cands.emplace_back(s, i, j);
      }
    }
    std::sort(cands.begin(), cands.end(), [](const auto& x, const auto& y) {
      if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) > std::get<0>(y);
      if (std::get<1>(x) != std::get<1>(y)) return std::get<1>(x) < std::get<1>(y);
      return std::get<2>(x) < std::get<2>(y);
    });
    for (const auto& [s, i, j] : cands) {
      if (pb[i] != kNone || pa[j] != kNone) continue;
      pb[i] = j;
      pa[j] = i;
    }
    for (size_t j = 0; j < m; ++j) {
      UnitChange u;
      u.after = after.units[j].name;
      const size_t i = pa[j];
      if (i == kNone) {
        u.change = "added";
      } else {
        u.before = before.units[i].name;
        std::vector<ClauseChange> duties =
            Align(before.units[i].duties, after.units[j].duties, keys);
        const bool differ = std::any_of(duties.begin(), duties.end(),
                                        [](const ClauseChange& c) { return c.change != "same"; });
        if (kb[i].key != ka[j].key) {
          u.change = "renamed";
          u.duties = std::move(duties);
        } else if (differ) {
          u.change = "changed";
          u.duties = std::move(duties);
        } else {
          u.change = "same";
        }
      }
      d.units.push_back(std::move(u));
    }
    for (size_t i = 0; i < n; ++i) {
      if (pb[i] != kNone) continue;
      UnitChange u;
      u.change = "removed";
      u.before = before.units[i].name;
      d.units.push_back(std::move(u));
    }
  }

  // Staffing: by (type, post), after's order then entries only before had.
  {
    using Key = std::pair<std::string, std::string>;
    std::vector<Key> order;
    std::map<Key, std::pair<int, int>> counts;  // before, after
    for (const auto& e : after.staffing) {
      Key k{e.type, e.post};
      if (!counts.count(k)) order.push_back(k);
      counts[k].second += e.count;
    }
    for (const auto& e : before.staffing) {
      Key k{e.type, e.post};
      if (!counts.count(k)) order.push_back(k);
      counts[k].first += e.count;
    }
    for (const auto& k : order) {
      const auto [b, a] = counts[k];
      if (a == b) continue;
      d.staffing.push_back(StaffingChange{k.first, k.second, b, a, a - b});
    }
  }
  return d;
}

Result<VersionDiff> DiffDates(Source& source, const std::string& id, const std::string& date_a,
                              const std::string& date_b) {
  for (const std::string* date : {&date_a, &date_b}) {
    if (!LooksLikeDate(*date)) {
      return Status::InvalidArgument("日期格式不正确：“" + *date + "”（应为 YYYY-MM-DD）");
    }
  }
  std::optional<history::Version> versions[2];
  const std::string* dates[2] = {&date_a, &date_b};
  for (int k = 0; k < 2; ++k) {
    auto v = source.VersionAt(id, *dates[k]);
    if (!v.ok()) return v.status();
    if (v->has_value()) {
      versions[k] = std::move(**v);
      continue;
    }
    auto all = source.Versions(id);
    if (!all.ok()) return all.status();
    if (all->empty()) return Status::NotFound("没有找到机构：" + id);
    std::string periods;
    for (const auto& ver : *all) {
      if (!periods.empty()) periods += "，";
      periods += PeriodText(ver.valid_from, ver.valid_to);
    }
    return Status::InvalidArgument("该机构（" + all->back().name + "）在 " + *dates[k] +
                                   " 没有有效的版本；有记录的时期：" + periods);
  }
  return DiffVersions(*versions[0], *versions[1]);
}

std::string RenderDiff(const VersionDiff& diff) {
  std::string out;
  out += "版本比较：" + diff.after_name + "（" + diff.institution + "）\n";
  out += "  前：" + diff.before_name + "（" + PeriodText(diff.before_from, diff.before_to) + "）\n";
  out += "  后：" + diff.after_name + "（" + PeriodText(diff.after_from, diff.after_to) + "）\n";

  const bool units_differ = std::any_of(diff.units.begin(), diff.units.end(),
                                        [](const UnitChange& u) { return u.change != "same"; });
  if (diff.fields.empty() && diff.added == 0 && diff.removed == 0 && diff.reworded == 0 &&
      !units_differ && diff.staffing.empty()) {
    out += "\n两个版本没有差别（主要职责 " + std::to_string(diff.same) + " 项）。\n";
    return out;
  }

  if (!diff.fields.empty()) {
    out += "\n基本信息：\n";
    for (const auto& f : diff.fields) {
      out += std::string("  ") + FieldLabel(f.field) + "：" + OrNone(f.before) + " → " +
             OrNone(f.after) + "\n";
    }
  }

  out += "\n主要职责：新增 " + std::to_string(diff.added) + " 项，删除 " +
         std::to_string(diff.removed) + " 项，改写 " + std::to_string(diff.reworded) +
         " 项，未变 " + std::to_string(diff.same) + " 项\n";
  RenderClauses(diff.duties, "  ", out);

  if (units_differ) {
    out += "\n内设机构：\n";
    size_t same = 0;
    for (const auto& u : diff.units) {
      if (u.change == "added") {
        out += "  ＋ 新增：" + u.after + "\n";
      } else if (u.change == "removed") {
        out += "  － 撤销：" + u.before + "\n";
      } else if (u.change == "renamed") {
        out += "  ～ 更名：" + u.before + " → " + u.after + "\n";
        RenderClauses(u.duties, "      ", out);
      } else if (u.change == "changed") {
        out += "  ～ 职责调整：" + u.after + "\n";
        RenderClauses(u.duties, "      ", out);
      } else {
        ++same;
      }
    }
    if (same > 0) out += "  （其余 " + std::to_string(same) + " 个内设机构未变）\n";
  }

  if (!diff.staffing.empty()) {
    out += "\n编制：\n";
    for (const auto& s : diff.staffing) {
      std::string label = s.type;
      if (!s.post.empty()) label += "（" + s.post + "）";
      out += "  " + label + " " + std::to_string(s.before) + " → " + std::to_string(s.after) +
             "（" + Signed(s.delta) + "）\n";
    }
  }
  return out;
}

void to_json(nlohmann::json& j, const Segment& v) {
  j = nlohmann::json{{"text", v.text}, {"changed", v.changed}};
}

void to_json(nlohmann::json& j, const ClauseChange& v) {
  j = nlohmann::json{{"change", v.change},
                     {"before", v.before},
                     {"after", v.after},
                     {"similarity", v.similarity},
                     {"before_marks", v.before_marks},
                     {"after_marks", v.after_marks}};
}

void to_json(nlohmann::json& j, const FieldChange& v) {
  j = nlohmann::json{{"field", v.field}, {"before", v.before}, {"after", v.after}};
}

void to_json(nlohmann::json& j, const UnitChange& v) {
  j = nlohmann::json{
      {"change", v.change}, {"before", v.before}, {"after", v.after}, {"duties", v.duties}};
}

void to_json(nlohmann::json& j, const StaffingChange& v) {
  j = nlohmann::json{{"type", v.type},
                     {"post", v.post},
                     {"before", v.before},
                     {"after", v.after},
                     {"delta", v.delta}};
}

void to_json(nlohmann::json& j, const VersionDiff& v) {
  j = nlohmann::json{{"institution", v.institution},
                     {"before_from", v.before_from},
                     {"before_to", v.before_to},
                     {"before_name", v.before_name},
                     {"after_from", v.after_from},
                     {"after_to", v.after_to},
                     {"after_name", v.after_name},
                     {"fields", v.fields},
                     {"duties", v.duties},
                     {"units", v.units},
                     {"staffing", v.staffing},
                     {"added", v.added},
                     {"removed", v.removed},
                     {"reworded", v.reworded},
                     {"same", v.same}};
}

bool IsIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

Result<std::string> DiffPointDate(Source& source, const std::string& id, const std::string& point) {
  if (IsIsoDate(point)) return point;
  std::string digits = point;
  if (!digits.empty() && (digits[0] == 'v' || digits[0] == 'V' || digits[0] == '#')) digits.erase(0, 1);
  if (digits.empty() || digits.size() > 6 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return Status::InvalidArgument("无法识别的比较对象“" + point + "”（应为日期 2001-01-01 或版本序号 v2）");
  auto versions = source.Versions(id);
  if (!versions.ok()) return versions.status();
  const size_t n = std::stoul(digits);
  if (n == 0 || n > versions->size())
    return Status::InvalidArgument("该机构只有 " + std::to_string(versions->size()) + " 个版本，没有第 " + digits + " 个");
  const auto& v = (*versions)[n - 1];
  if (!v.valid_from.empty()) return v.valid_from;
  // A version whose start is unknown: any day before its end.
  if (!v.valid_to.empty()) return std::string("0001-01-01");
  return std::string("9999-12-31");
}

}  // namespace sanding::lineage
