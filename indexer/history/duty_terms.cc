#include "indexer/history/duty_terms.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string_view>
#include <unordered_set>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "indexer/extract/doc_text.h"
#include "store/text.h"

namespace sanding::history {
namespace {

// ---- Lexicon ---------------------------------------------------------------------------------
// Written from the language of 三定 regulations and approval files (see DOMAIN.md), not from any
// one archive. Matched on whole ICU words and, longest first, on runs of characters.

// Fillers: scope, connectives, generic nouns of administration. Dropped; they also end a content
// run (全市|水资源 — 全市 is not part of the object).
constexpr std::string_view kFillers[] = {
    "全市", "全县", "全区", "全省", "全国", "全州", "全旗", "本市", "本县", "本区", "本省", "本级",
    "市级", "县级", "省级", "区级", "各级", "市", "县", "省", "区", "乡镇", "全社会",
    "的", "和", "与", "及", "以及", "并", "或", "或者", "等", "其他", "其它", "其", "各", "各类",
    "各项", "各种", "有关", "相关", "对", "在", "为", "于", "中", "了", "以", "把", "将", "由",
    "按照", "根据", "依照", "依据", "依法", "进行", "做好", "切实", "积极", "认真", "好",
    "工作", "方面", "领域", "事项", "问题", "情况", "职责", "职权", "职能", "任务", "范围", "内",
    "所属", "直属", "之间", "全面", "重要", "重大", "主要", "具体", "日常", "一般", "统一",
    "部门", "单位", "机构", "承办", "交办", "上级", "市委", "市政府", "县委", "县政府", "政府",
    "人民政府", "行为", "活动", "环节", "事宜", "业务", "有效", "合理", "基本", "需要",
};

// Boilerplate actions and generic nominals: every duty has them; they weigh little and end a
// content run.
constexpr std::string_view kActions[] = {
    "负责", "承担", "拟订", "拟定", "起草", "制定", "制订", "组织", "实施", "组织实施", "指导",
    "协调", "统筹", "推进", "推动", "促进", "开展", "研究", "提出", "参与", "参加", "会同",
    "配合", "落实", "贯彻", "执行", "贯彻执行", "完善", "建立", "健全", "规范", "管理", "监督",
    "监督管理", "监管", "综合", "综合协调", "办理", "督促", "检查", "监督检查", "发布", "提供",
    "汇总", "分析", "保障", "维护", "加快", "深化", "改革", "建设", "发展", "政策", "措施",
    "政策措施", "制度", "办法", "方案", "意见", "建议", "工作机制", "机制", "体系", "行使",
    "履行", "承办", "审议", "决定", "编制", "修订", "调整", "优化", "解决", "衔接", "平衡",
    "引导", "支持", "鼓励", "宣传", "推广", "应用", "开发", "利用", "培育", "指挥",
    "预测", "跟踪", "掌握", "负责人", "牵头", "统计分析",
};

// Specific functions: what is done to the object when it is not generic administration. Two
// clauses on the same object with different functions (预算的编制 vs 预算执行的审计) are
// different duties.
constexpr std::string_view kFunctions[] = {
    "审计", "统计", "调查", "普查", "登记", "注册", "许可", "审批", "核准", "备案", "执法",
    "稽查", "稽察", "检验", "检疫", "检测", "认证", "认可", "标准", "标准化", "计量", "规划",
    "计划", "预算", "决算", "救助", "救济", "安置", "优抚", "抚恤", "保险", "监测", "评估",
    "预警", "应急", "处罚", "查处", "征收", "征管", "收费", "定价", "审查", "督察", "督查",
    "考核", "培训", "教育", "信访", "仲裁", "调解", "复议", "诉讼", "审核", "验收", "鉴定",
    "评价", "招标", "采购", "拍卖", "出让", "确权", "测绘", "勘查", "勘察", "普法",
};

struct Lexicon {
  std::unordered_set<std::u32string> fillers, actions, functions;
  size_t longest = 0;
  Lexicon() {
    auto add = [&](std::unordered_set<std::u32string>& set, std::string_view w) {
      std::u32string u = text::DecodeUtf8(w);
      longest = std::max(longest, u.size());
      set.insert(std::move(u));
    };
    for (auto w : kFillers) add(fillers, w);
    for (auto w : kActions) add(actions, w);
    for (auto w : kFunctions) add(functions, w);
  }
  // 0 object, 1 function, 2 action, 3 filler.
  int Class(const std::u32string& w) const {
    if (fillers.count(w) != 0) return 3;
    if (actions.count(w) != 0) return 2;
    if (functions.count(w) != 0) return 1;
    return 0;
  }
};

const Lexicon& Lex() {
  static const Lexicon lex;
  return lex;
}

// ---- Normalised clause -----------------------------------------------------------------------

// One code point of the clause: its normalised form (NFKC width folding, 繁→简, ASCII lower
// case), or 0 for a separator, and its byte span in the clause.
struct Char {
  char32_t c = 0;
  uint32_t begin = 0, end = 0;
};

bool IsContent(char32_t c) {
  return text::IsCjkIdeograph(c) || (c < 0x80 && std::isalnum(static_cast<int>(c)) != 0);
}

std::vector<Char> Normalise(std::string_view clause) {
  std::vector<Char> out;
  // Code points with their byte offsets (an ill-formed sequence is one U+FFFD, a separator).
  std::u32string cps = text::DecodeUtf8(clause);
  std::vector<uint32_t> starts;
  for (std::string_view piece : text::Utf8Chars(clause)) {
    starts.push_back(static_cast<uint32_t>(piece.data() - clause.data()));
  }
  starts.push_back(static_cast<uint32_t>(clause.size()));
  if (starts.size() != cps.size() + 1) return out;  // both split as U8_NEXT does: never
  // Width folding first (per code point, so the count never changes), then OpenCC per character.
  std::string folded;
  for (char32_t& c : cps) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c == 0x3000) c = ' ';
    if (c < 0x80) c = static_cast<char32_t>(std::tolower(static_cast<int>(c)));
    text::AppendUtf8(c, &folded);
  }
  std::u32string simplified = text::DecodeUtf8(extract::ToSimplified(folded));
  if (simplified.size() != cps.size()) simplified = cps;  // never expected: keep offsets right
  out.reserve(cps.size());
  for (size_t k = 0; k < simplified.size(); ++k) {
    Char ch;
    ch.c = IsContent(simplified[k]) ? simplified[k] : 0;
    ch.begin = starts[k];
    ch.end = starts[k + 1];
    out.push_back(ch);
  }
  return out;
}

// ---- Word segmentation -----------------------------------------------------------------------

struct BreakerHolder {
  std::unique_ptr<icu::BreakIterator> it;
  BreakerHolder() {
    UErrorCode status = U_ZERO_ERROR;
    it.reset(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    if (U_FAILURE(status)) it.reset();
  }
};

icu::BreakIterator* Breaker() {
  thread_local BreakerHolder holder;
  return holder.it.get();
}

// Splits one segment (content characters only) into ICU dictionary words, as [b, e) index
// ranges into `seg`.
std::vector<std::pair<size_t, size_t>> IcuWords(const std::u32string& seg) {
  std::vector<std::pair<size_t, size_t>> words;
  icu::UnicodeString u;
  std::vector<size_t> at;  // UTF-16 index -> code point index
  for (size_t k = 0; k < seg.size(); ++k) {
    u.append(static_cast<UChar32>(seg[k]));
    for (int j = 0; j < U16_LENGTH(static_cast<UChar32>(seg[k])); ++j) at.push_back(k);
  }
  at.push_back(seg.size());
  icu::BreakIterator* bi = Breaker();
  if (bi != nullptr) {
    bi->setText(u);
    int32_t start = bi->first();
    for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
      if (end <= start || end >= static_cast<int32_t>(at.size())) continue;
      words.emplace_back(at[start], at[end]);
    }
  }
  if (words.empty() || words.front().first != 0 || words.back().second != seg.size()) {
    words.clear();
    for (size_t k = 0; k < seg.size(); ++k) words.emplace_back(k, k + 1);
  }
  return words;
}

// Re-segments ICU's words with the lexicon: a lexicon word spanning several ICU words (组织实施
// split as 组织|实施 is fine, but 全市 glued to the next word is not) is taken whole, longest
// first, at every position; what is left between lexicon words keeps ICU's boundaries.
std::vector<std::pair<size_t, size_t>> Words(const std::u32string& seg) {
  const Lexicon& lex = Lex();
  const auto icu = IcuWords(seg);
  std::vector<char> icu_start(seg.size() + 1, 0);
  for (auto [b, e] : icu) icu_start[b] = icu_start[e] = 1;
  std::vector<std::pair<size_t, size_t>> out;
  size_t k = 0;
  while (k < seg.size()) {
    size_t best = 0;
    // Lexicon words only where a word may start: at an ICU boundary, or for words of two or more
    for (size_t len = std::min(lex.longest, seg.size() - k); len >= 1; --len) {
      if (len == 1 && icu_start[k] == 0) break;
      const std::u32string w = seg.substr(k, len);
      if (lex.Class(w) != 0) {
        // A one-character lexicon word only when ICU also sees it alone (市 in 城市 is not 市).
        if (len == 1 && icu_start[k + 1] == 0) continue;
        best = len;
        break;
      }
    }
    if (best > 0) {
      out.emplace_back(k, k + best);
      k += best;
      continue;
    }
    // Up to the next ICU boundary or lexicon word start.
    size_t e = k + 1;
    while (e < seg.size() && icu_start[e] == 0) ++e;
    out.emplace_back(k, e);
    k = e;
  }
  return out;
}

std::string Utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) text::AppendUtf8(c, &out);
  return out;
}

// Role factors and the prior mass (in units of the heaviest possible term).
constexpr double kRoleFactor[] = {1.0, 1.0, 0.12};
constexpr double kBigramFactor = 0.6;   // a bigram is weaker evidence than a whole word
constexpr double kHeadBonus = 0.5;      // the head of a noun phrase weighs up to 1.5×
constexpr double kPriorMass = 1.0;     // shrinks containment of clauses with little content
constexpr double kContainment = 0.7;   // containment's share in the blend (rest: two-way Dice)
constexpr double kFunctionMismatch = 0.35;  // a specific function only one clause names

constexpr double kNoSharedObject = 0.5;  // nothing of the object is shared

bool IsBigram(const std::string& key) { return key.size() > 2 && key[0] == 'b'; }

}  // namespace

DutyTerms AnalyzeDuty(std::string_view clause) {
  DutyTerms out;
  const std::vector<Char> chars = Normalise(clause);
  const Lexicon& lex = Lex();
  std::unordered_map<std::string, size_t> seen;  // key -> index in out.terms
  auto add = [&](std::string key, TermRole role, float head, uint32_t b, uint32_t e) {
    auto it = seen.find(key);
    if (it != seen.end()) {
      DutyTerm& t = out.terms[it->second];
      t.head = std::max(t.head, head);
      if (role < t.role) t.role = role;
      return;
    }
    seen.emplace(key, out.terms.size());
    out.terms.push_back(DutyTerm{std::move(key), role, head, b, e});
  };
  size_t i = 0;
  while (i < chars.size()) {
    if (chars[i].c == 0) {
      ++i;
      continue;
    }
    size_t j = i;
    std::u32string seg;
    while (j < chars.size() && chars[j].c != 0) seg.push_back(chars[j++].c);
    const size_t base = i;
    i = j;
    // Words of the segment with their classes; content runs are maximal runs of object and
    const auto words = Words(seg);
    std::vector<int> cls(words.size());
    for (size_t w = 0; w < words.size(); ++w) {
      cls[w] = lex.Class(seg.substr(words[w].first, words[w].second - words[w].first));
    }
    size_t w = 0;
    while (w < words.size()) {
      if (cls[w] == 3) {
        ++w;
        continue;
      }
      if (cls[w] == 2) {
        const auto [b, e] = words[w];
        add("w:" + Utf8(seg.substr(b, e - b)), TermRole::kAction, 0, chars[base + b].begin,
            chars[base + e - 1].end);
        ++w;
        continue;
      }
      size_t r = w;
      while (r < words.size() && (cls[r] == 0 || cls[r] == 1)) ++r;
      // Content run words[w, r): words, then bigrams across the whole run.
      const size_t n = r - w;
      const size_t rb = words[w].first, re = words[r - 1].second;
      for (size_t k = w; k < r; ++k) {
        const auto [b, e] = words[k];
        const float head = static_cast<float>(k - w + 1) / static_cast<float>(n);
        add("w:" + Utf8(seg.substr(b, e - b)), cls[k] == 1 ? TermRole::kFunction : TermRole::kObject,
            head, chars[base + b].begin, chars[base + e - 1].end);
      }
      if (re - rb >= 2) {
        for (size_t c = rb; c + 1 < re; ++c) {
          // A bigram inside one function word is a function term; otherwise an object term.
          TermRole role = TermRole::kObject;
          for (size_t k = w; k < r; ++k) {
            if (words[k].first <= c && c + 2 <= words[k].second && cls[k] == 1) {
              role = TermRole::kFunction;
            }
          }
          const float head = re - rb <= 2 ? 1.0f
                                          : static_cast<float>(c - rb + 1) /
                                                static_cast<float>(re - rb - 1);
          add("b:" + Utf8(seg.substr(c, 2)), role, head, chars[base + c].begin,
              chars[base + c + 1].end);
        }
      }
      w = r;
    }
  }
  return out;
}

TermWeights TermWeights::FromClauses(const std::vector<DutyTerms>& clauses) {
  std::unordered_map<std::string, uint32_t> df;
  for (const DutyTerms& c : clauses) {
    for (const DutyTerm& t : c.terms) ++df[t.key];
  }
  return TermWeights(clauses.size(), std::move(df));
}

uint32_t TermWeights::DocFreq(const std::string& key) const {
  if (!df_) return 0;
  auto it = df_->find(key);
  return it == df_->end() ? 0 : it->second;
}

double TermWeights::Weight(const DutyTerm& t) const {
  // BM25's idf, relative to the idf of a term found in no clause, so weights lie in (0, 1.5].
  const double n = static_cast<double>(n_);
  const double df = std::min<double>(DocFreq(t.key), n);
  const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
  const double top = std::log(1.0 + (n + 0.5) / 0.5);
  double w = top > 0 ? idf / top : 1.0;
  w *= kRoleFactor[static_cast<int>(t.role)];
  if (IsBigram(t.key)) w *= kBigramFactor;
  if (t.role != TermRole::kAction) w *= 1.0 + kHeadBonus * t.head;
  return w;
}

WeightedClause Weigh(const DutyTerms& terms, const TermWeights& weights) {
  WeightedClause out;
  out.terms.reserve(terms.terms.size());
  for (const DutyTerm& t : terms.terms) {
    WeightedTerm w{t.key, weights.Weight(t), t.role, t.begin, t.end};
    out.object_mass += w.weight;
    if (t.role == TermRole::kFunction && !IsBigram(t.key)) out.function_mass += w.weight;
    out.terms.push_back(std::move(w));
  }
  std::sort(out.terms.begin(), out.terms.end(),
            [](const WeightedTerm& a, const WeightedTerm& b) { return a.key < b.key; });
  return out;
}

namespace {

struct Shared {
  double mass = 0;
  bool function_shared = false;
  double a_function = 0, b_function = 0;  // function-word mass found in the other clause
  bool object_shared = false;             // some object term is shared
};

template <typename Fn>
Shared Intersect(const WeightedClause& a, const WeightedClause& b, Fn&& on_shared) {
  Shared s;
  size_t i = 0, j = 0;
  while (i < a.terms.size() && j < b.terms.size()) {
    const int c = a.terms[i].key.compare(b.terms[j].key);
    if (c < 0) {
      ++i;
    } else if (c > 0) {
      ++j;
    } else {
      const double w = std::min(a.terms[i].weight, b.terms[j].weight);
      s.mass += w;
      if (a.terms[i].role == TermRole::kObject && b.terms[j].role == TermRole::kObject) {
        s.object_shared = true;
      }
      if (a.terms[i].role == TermRole::kFunction || b.terms[j].role == TermRole::kFunction) {
        s.function_shared = true;
        if (!IsBigram(a.terms[i].key)) {
          s.a_function += a.terms[i].weight;
          s.b_function += b.terms[j].weight;
        }
      }
      on_shared(a.terms[i], b.terms[j], w);
      ++i;
      ++j;
    }
  }
  return s;
}

double Combine(const WeightedClause& a, const WeightedClause& b, const Shared& s) {
  if (s.mass <= 0 || a.object_mass <= 0 || b.object_mass <= 0) return 0;
  const double small = std::min(a.object_mass, b.object_mass);
  const double containment = s.mass / (small + kPriorMass);
  const double dice = 2 * s.mass / (a.object_mass + b.object_mass);
  double score = kContainment * containment + (1 - kContainment) * dice;
  // A specific function one clause names and the other lacks: the share of it left unmatched.
  const double ua = a.function_mass > 0 ? 1 - s.a_function / a.function_mass : 0;
  const double ub = b.function_mass > 0 ? 1 - s.b_function / b.function_mass : 0;
  score *= 1 - kFunctionMismatch * std::max(ua, ub);
  // Sharing only what is done (调解, 处罚, 稽查) and not what it is done to is not the same duty.
  if (!s.object_shared) score *= kNoSharedObject;
  return std::clamp(score, 0.0, 1.0);
}

std::vector<std::pair<uint32_t, uint32_t>> Merge(std::vector<std::pair<uint32_t, uint32_t>> v) {
  std::sort(v.begin(), v.end());
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const auto& r : v) {
    if (!out.empty() && r.first <= out.back().second) {
      out.back().second = std::max(out.back().second, r.second);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace

double MinSharedMass(double mass, double threshold) {
  if (mass <= 0) return 0;
  // With m = the lighter mass and S the shared weight: containment = S / (m + prior) and
  // Dice = 2S / (ma + mb) ≤ S / m, and the function factor is ≤ 1, so
  // score ≤ S · (kContainment / (m + prior) + (1 − kContainment) / m).
  const double per_unit = kContainment / (mass + kPriorMass) + (1 - kContainment) / mass;
  return threshold / per_unit;
}

double ScoreOnly(const WeightedClause& a, const WeightedClause& b) {
  const Shared s = Intersect(a, b, [](const WeightedTerm&, const WeightedTerm&, double) {});
  return Combine(a, b, s);
}

DutyOverlap ScoreDuties(const WeightedClause& a, const WeightedClause& b, std::string_view a_text,
                        std::string_view b_text) {
  DutyOverlap out;
  struct Hit {
    const WeightedTerm* a;
    const WeightedTerm* b;
    double w;
  };
  std::vector<Hit> hits;
  const Shared s = Intersect(a, b, [&](const WeightedTerm& x, const WeightedTerm& y, double w) {
    hits.push_back(Hit{&x, &y, w});
  });
  out.score = Combine(a, b, s);
  if (a_text.empty() && b_text.empty()) return out;
  // Display: content terms only (actions are not what makes two duties the same); the shared
  // phrases are the merged runs of shared terms as printed in `a` (食品|品安|安全 → 食品安全).
  std::vector<std::pair<uint32_t, uint32_t>> am, bm;
  for (const Hit& h : hits) {
    if (h.a->role == TermRole::kAction) continue;
    am.emplace_back(h.a->begin, h.a->end);
    bm.emplace_back(h.b->begin, h.b->end);
  }
  out.a_marks = Merge(std::move(am));
  out.b_marks = Merge(std::move(bm));
  for (const auto& [b, e] : out.a_marks) {
    if (e <= a_text.size()) out.shared.emplace_back(a_text.substr(b, e - b));
  }
  if (a_text.empty()) out.a_marks.clear();
  if (b_text.empty()) out.b_marks.clear();
  return out;
}

}  // namespace sanding::history
