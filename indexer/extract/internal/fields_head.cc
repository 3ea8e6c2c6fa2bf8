// ExtractHead: the head of a document (红头, 文号, title, 落款 issuer and date, the regulation inside
// a covering notice, the institutions the title concerns), read from DocText paragraphs.
//
// The layout assumed is the one of Chinese official documents (GB/T 9704 and its predecessors):
// 红头 (…文件), 文号, title (关于…的通知), 主送 (…：), body, 落款 (issuer line(s), date line),
// then 附件 / 抄送 / 版记 (…年…月…日印发). Copies from web sites put metadata lines (【发文字号】,
// 发布机关：) around the title; OCR joins, splits and damages lines. Each step looks for the
// element by its form, not by its position alone.
#include <algorithm>
#include <array>

#include "indexer/extract/fields.h"
#include "indexer/extract/internal/fields_util.h"

namespace sanding::extract {
namespace {

using internal::DecodeUtf8;
using internal::EncodeUtf8;
using internal::EndsWith;
using internal::RemoveSpaces;
using internal::StartsWith;

constexpr size_t kHeadParagraphs = 16;  // the title and 文号 are among the first paragraphs

// Generic words ending a title (the document's kind or a regulation's kind).
constexpr std::string_view kTitleEnds[] = {
    "通知", "批复", "批覆", "决定", "意见", "通报", "报告", "请示", "复函", "函", "公告", "通告",
    "命令", "规定", "方案", "办法", "条例", "细则", "规则", "纪要", "决议"};
// Characters that never occur in an issuer's name or a bare date line.
constexpr std::u32string_view kSentencePunct = U"。，；：！？、《》“”【】";
// The last character of an organisation's name.
constexpr std::u32string_view kOrgEnds = U"委会府厅局室办部院处署组所站队社心馆行司科股团校议庭";
// Words after a date that make it part of a sentence or a 版记 line, not a 落款.
constexpr std::string_view kDateContinuations[] = {
    "印发", "起", "前", "后", "以", "至", "到", "止", "开始", "施行", "实施", "通过", "发布", "，",
    "。", "、", "的", "在", "召开", "期间", "（", "）", "；", "：", "经", "由", "报", "收悉"};
// Metadata labels of web copies.
constexpr std::string_view kNumberLabels[] = {"【发文字号】", "发文字号：", "文号：", "【文号】"};
constexpr std::string_view kIssuerLabels[] = {"【发布部门】", "发布部门：", "发布机关：", "颁布单位：",
                                              "发文机关：", "【发文机关】", "【颁布单位】"};
constexpr std::string_view kDateLabels[] = {"【发布日期】", "发布日期：", "成文日期：", "【成文日期】",
                                            "印发日期：", "【颁布日期】", "颁布日期："};

bool ContainsAny(std::u32string_view s, std::u32string_view set) {
  return s.find_first_of(set) != std::u32string_view::npos;
}

std::string_view StripTitleQualifier(std::string_view s) {
  if (!EndsWith(s, "）")) return s;
  const size_t open = s.rfind("（");
  if (open == std::string_view::npos || s.size() - open > 30) return s;
  return s.substr(0, open);
}

bool EndsWithTitleWord(std::string_view compact) {
  const std::string_view s = StripTitleQualifier(compact);
  for (std::string_view w : kTitleEnds)
    if (EndsWith(s, w)) return true;
  return false;
}

// Joint issuers and titles keep a wide gap between names: a space between CJK characters becomes
// U+3000, as printed.
std::string WideGaps(std::string_view s) {
  const std::u32string c = DecodeUtf8(s).cps;
  std::u32string out;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i] == ' ' && i > 0 && i + 1 < c.size() && !internal::IsDigitAscii(c[i - 1]) &&
        !internal::IsDigitAscii(c[i + 1]) && c[i - 1] > 0x2E80 && c[i + 1] > 0x2E80) {
      out.push_back(U'\u3000');
    } else {
      out.push_back(c[i]);
    }
  }
  return EncodeUtf8(out);
}

class HeadReader {
 public:
  explicit HeadReader(const DocText& doc) : doc_(doc), n_(doc.paragraphs().size()) {
    compact_.reserve(n_);
    for (size_t i = 0; i < n_; ++i) compact_.push_back(RemoveSpaces(doc.Para(i)));
  }

  HeadFacts Run() {
    FindRedHeader();
    FindTitle();
    FindDocNumberLine();
    FindSignature();
    FillIssuer();
    CheckIssuerAgainstTitle();
    FillDate();
    FindRegulation();
    FindSubjects();
    return std::move(head_);
  }

 private:
  std::string_view Para(size_t i) const { return doc_.Para(i); }
  const std::string& Compact(size_t i) const { return compact_[i]; }
  size_t Begin(size_t i) const { return doc_.paragraphs()[i].begin; }
  size_t End(size_t i) const { return doc_.paragraphs()[i].end; }

  Field MakeField(std::string value, size_t begin, size_t end, double confidence) const {
    Field f;
    f.value = std::move(value);
    f.as_written = doc_.Original(begin, end);
    f.span = doc_.SpanOf(begin, end);
    f.confidence = confidence;
    return f;
  }

  void Flag(std::string field, std::string message) {
    head_.review.push_back({std::move(field), std::move(message)});
  }

  // A paragraph that is a 文号 line: short with a 文号, or starting with one (a title or 签发人
  // printed or OCR-joined after it).
  bool IsNumberLine(size_t i) const {
    const auto nums = internal::FindDocNumbers(Para(i));
    if (nums.empty()) return false;
    if (internal::CodePointCount(Para(i).substr(0, nums.front().begin)) <= 2) return true;
    return internal::CodePointCount(Compact(i)) <= 40 && Compact(i).find("。") == std::string::npos;
  }

  // --- 红头 -------------------------------------------------------------------------------------
  // A 密级 / 内部 mark (秘密★1年, 内部资料) at the top left of page 1: a line of its own, or the
  // start of the first line. It is neither title nor 红头 (ExtractAccess reads it).
  bool IsAccessMarkLine(size_t i) const {
    if (i >= 4) return false;
    const auto m = internal::FindHeadAccessMark(Para(i));
    return m && m->whole_line;
  }
  // Where paragraph i starts once a mark at the start of the first line is skipped (bytes).
  size_t AfterAccessMark(size_t i) const {
    if (i != 0) return 0;
    const auto m = internal::FindHeadAccessMark(Para(i));
    return m && !m->whole_line ? m->after : 0;
  }

  void FindRedHeader() {
    for (size_t i = 0; i < std::min<size_t>(n_, 4); ++i) {
      const std::string& c = Compact(i);
      if (IsAccessMarkLine(i)) continue;  // 内部文件 is a mark, not a 红头
      if (EndsWith(c, "文件") && internal::CodePointCount(c) <= 30 &&
          c.find("关于") == std::string::npos && internal::CodePointCount(c) > 3) {
        const size_t skip = AfterAccessMark(i);
        red_ = i;
        red_name_ = WideGaps(internal::TrimSpaces(Para(i).substr(skip, Para(i).rfind("文件") - skip)));
        return;
      }
    }
  }

  // --- title -------------------------------------------------------------------------------------
  bool IsTitleText(const std::string& compact) const {
    const size_t len = internal::CodePointCount(compact);
    if (len < 6 || len > 150 || compact.find("。") != std::string::npos) return false;
    if (!EndsWithTitleWord(compact)) return false;
    if (compact.find("关于") != std::string::npos) return true;
    if (!internal::PublishedInstrument(compact).empty()) return true;
    if (internal::IsSandingRegulationTitle(compact)) return true;
    // A regulation or decision title without 关于 (…管理办法, …的决定): short and not a sentence.
    return len <= 60 && compact.find("，") == std::string::npos;
  }

  // The part of paragraph i that can be (the start of) a title, as byte offsets in Para(i):
  // leading OCR junk and a leading 文号 skipped (文号 and title printed on one line or joined by
  // OCR), and cut after the generic word of a 关于… title when the 主送 line ran into it.
  std::pair<size_t, size_t> TitleRange(size_t i, bool trim_end = true) const {
    const std::string_view p = Para(i);
    const internal::U32Text t = DecodeUtf8(p);
    const std::u32string& c = t.cps;
    size_t b = 0;
    for (const size_t skip = AfterAccessMark(i); b < c.size() && t.off[b] < skip;) ++b;
    const auto nums = internal::FindDocNumbers(p);
    if (!nums.empty() && internal::CodePointCount(p.substr(0, nums.front().begin)) <= 2) {
      while (b < c.size() && t.off[b] < nums.front().end) ++b;
    }
    while (b < c.size() && !internal::IsCjk(c[b]) && c[b] != U'《' && c[b] != U'“') ++b;
    size_t e = c.size();
    const size_t about = c.find(U"关于", b);
    if (about != std::u32string::npos) {
      int depth = 0;
      for (size_t k = about; k + 1 < c.size(); ++k) {
        if (c[k] == U'《') ++depth;
        if (c[k] == U'》' && depth > 0) --depth;
        if (depth > 0 || c[k] != U'的') continue;
        const std::string rest = EncodeUtf8(std::u32string_view(c).substr(k + 1, 4));
        bool hit = false;
        for (std::string_view w : {"实施意见", "通知", "批复", "批覆", "决定", "意见", "通报", "报告",
                                   "请示", "复函", "函", "公告", "通告", "规定", "办法", "方案"}) {
          if (StartsWith(rest, w)) {
            e = k + 1 + internal::CodePointCount(w);
            hit = true;
            break;
          }
        }
        if (hit) break;
      }
    }
    while (trim_end && e > b && std::u32string_view(U"“”\"'‘’。，、·_-|\\ ").find(c[e - 1]) != std::u32string_view::npos)
      --e;
    return {t.off[b], t.off[e]};
  }

  bool CanBeTitlePart(size_t i) const {
    const auto [b, e] = TitleRange(i);
    const std::string c = RemoveSpaces(Para(i).substr(b, e - b));
    return i != red_ && !IsAccessMarkLine(i) && !c.empty() && c.find("。") == std::string::npos && !EndsWith(c, "：") &&
           internal::CodePointCount(c) <= 80 && !StartsWith(Compact(i), "【") &&
           !(IsNumberLine(i) && internal::CodePointCount(c) < 6);
  }

  void FindTitle() {
    const size_t limit = std::min(n_, kHeadParagraphs);
    for (size_t i = 0; i < limit; ++i) {
      if (!CanBeTitlePart(i)) continue;
      const auto [b, e0] = TitleRange(i);
      std::string value(Para(i).substr(b, e0 - b));
      size_t e = e0;
      const size_t open_end = TitleRange(i, false).second;
      for (size_t j = i; j < std::min(n_, i + 3); ++j) {
        if (j > i) {
          // A continuation line: the part before a 主送 that ran into it.
          const size_t prev_end = j - 1 == i ? open_end : TitleRange(j - 1, false).second;
          if (!CanBeTitlePart(j) || prev_end != Para(j - 1).size()) break;
          const auto [bj, ej] = TitleRange(j);
          if (bj != 0) break;
          value = std::string(Para(i).substr(b, open_end - b));
          for (size_t k = i + 1; k < j; ++k) value += Para(k);
          value += Para(j).substr(0, ej);
          e = ej;
        }
        const std::string repaired = RepairTitle(RemoveSpaces(value));
        if (IsTitleText(repaired)) {
          title_first_ = i;
          title_last_ = j;
          const bool clean = repaired == RemoveSpaces(value);
          head_.title = MakeField(clean ? WideGaps(value) : RepairTitle(WideGaps(value)),
                                  Begin(i) + b, Begin(j) + e, clean ? (j == i ? 1.0 : 0.9) : 0.7);
          head_.kind = head_.title;
          head_.kind.value = KindOfTitle(repaired);
          return;
        }
        // Only join when the first part leaves the title open (no generic word at its end).
        if (EndsWithTitleWord(repaired)) break;
      }
    }
    Flag("title", "未找到文件标题");
  }

  // OCR repairs of a title: the gap between joint issuers read as a quote mark (中共某市委”某市
  // 人民政府), 《 》 read as （ ）, a stray mark inside the final generic word (通、知).
  static std::string RepairTitle(const std::string& title) {
    std::u32string c = DecodeUtf8(title).cps;
    const size_t about = c.find(U"关于");
    for (size_t k = 1; about != std::u32string::npos && k < about; ++k) {
      if (std::u32string_view(U"“”\"'‘’").find(c[k]) == std::u32string_view::npos) continue;
      if (kOrgEnds.find(c[k - 1]) != std::u32string_view::npos && internal::IsCjk(c[k + 1])) c[k] = U'　';
    }
    const size_t close = c.find(U'》');
    if (close != std::u32string::npos && c.find(U'《') > close) {
      const size_t open = c.rfind(U'（', close);
      if (open != std::u32string::npos && c.find(U'）', open) > close) c[open] = U'《';
    }
    const size_t open = c.find(U'《');
    if (open != std::u32string::npos && c.find(U'》', open) == std::u32string::npos) {
      const size_t paren = c.find(U'）', open);
      if (paren != std::u32string::npos && c.rfind(U'（', paren) < open) c[paren] = U'》';
      else if (paren != std::u32string::npos && c.rfind(U'（', paren) == std::u32string::npos) c[paren] = U'》';
    }
    for (std::u32string_view w : {U"通知", U"批复", U"决定", U"意见"}) {
      if (c.size() >= 3 && c[c.size() - 3] == w[0] && c.back() == w[1] &&
          std::u32string_view(U"、，.·-").find(c[c.size() - 2]) != std::u32string_view::npos)
        c.erase(c.size() - 2, 1);
    }
    RepairTitlePhrases(&c);
    return EncodeUtf8(c);
  }

  // The fixed phrases of approval-file and 三定 titles, read with one character wrong (关于局用 for
  // 关于启用, 职能本置 for 职能配置, “三定-方案, 人民政府力公室): a window of the title that is one
  // substitution away from exactly one phrase, and is not itself a phrase, is replaced by it. Phrases of three characters or fewer are too short
  // to correct safely (…的通告 is not …的通知).
  static void RepairTitlePhrases(std::u32string* c) {
    static const std::u32string_view kPhrases[] = {
        U"关于启用", U"关于印发", U"关于同意", U"关于设立", U"关于撤销", U"关于调整", U"关于核增",
        U"关于核减", U"印章的通知", U"职能配置", U"内设机构", U"人员编制", U"编制方案", U"编制规定",
        U"主要职责", U"“三定”方案", U"机构编制委员会", U"编制委员会", U"人民政府办公室", U"人民政府",
        U"机构改革", U"实施意见"};
    auto mismatches = [](std::u32string_view a, std::u32string_view b) {
      int n = 0;
      for (size_t k = 0; k < a.size(); ++k) n += a[k] != b[k];
      return n;
    };
    for (size_t len = 7; len >= 4; --len) {
      for (size_t at = 0; at + len <= c->size(); ++at) {
        const std::u32string_view window = std::u32string_view(*c).substr(at, len);
        const std::u32string_view* best = nullptr;
        bool unique = true, is_phrase = false;
        for (const std::u32string_view& p : kPhrases) {
          if (p.size() != len) continue;
          const int d = mismatches(window, p);
          if (d == 0) is_phrase = true;
          if (d != 1) continue;
          if (best != nullptr) unique = false;
          best = &p;
        }
        if (is_phrase || best == nullptr || !unique) continue;
        c->replace(at, len, *best);
      }
    }
  }

  bool HasTitle() const { return title_first_ != kNone; }

  // --- 文号 --------------------------------------------------------------------------------------
  void FindDocNumberLine() {
    // The head ends where the body starts: the 主送 line (…：) or the first sentence. Web copies
    // may repeat the title and put metadata lines between it and the 文号.
    size_t limit = std::min(n_, kHeadParagraphs);
    if (HasTitle()) {
      limit = std::min(n_, title_last_ + kHeadParagraphs);
      for (size_t i = title_last_ + 1; i < limit; ++i) {
        if (Compact(i).find("。") != std::string::npos || EndsWith(Compact(i), "：")) {
          limit = std::max(i, std::min(n_, title_last_ + 4));
          break;
        }
      }
    }
    // Metadata headers first (【发文字号】国办发〔2008〕60号), then the 文号 line itself.
    for (size_t i = 0; i < limit; ++i) {
      for (std::string_view label : kNumberLabels) {
        if (!StartsWith(Compact(i), label)) continue;
        if (TakeNumber(i)) return;
      }
    }
    for (size_t i = 0; i < limit; ++i) {
      if (HasTitle() && i >= title_first_ && i <= title_last_ && TitleRange(i).first == 0) continue;
      if (HasTitle() && i > title_last_ && EndsWith(Compact(i), "：")) break;  // 主送: body starts
      if (!IsNumberLine(i)) continue;
      if (TakeNumber(i)) return;
    }
    const std::string& kind = head_.kind.value;
    if (kind == "批复") {
      Flag("doc_number", "批复未找到文号，请核对");
    } else if (red_ != kNone) {
      Flag("doc_number", "有红头但未找到文号，请核对");
    }
  }

  bool TakeNumber(size_t i) {
    const auto all = internal::FindDocNumbers(Para(i));
    if (all.empty()) return false;
    const auto& m = all.front();
    head_.doc_number = MakeField(m.number.Normalised(), Begin(i) + m.begin, Begin(i) + m.end,
                                 m.repaired ? 0.7 : 1.0);
    if (m.repaired) Flag("doc_number", "文号经OCR纠错识别为" + m.number.Normalised() + "，请核对");
    number_para_ = i;
    return true;
  }

  // --- 落款 --------------------------------------------------------------------------------------
  bool NameLike(size_t i, bool need_org_end) const {
    if (i == kNone || i >= n_) return false;
    std::string c = Compact(i);
    for (std::string_view seal : {"（印章）", "（盖章）", "（章）", "（公章）"})
      if (EndsWith(c, seal)) c.resize(c.size() - seal.size());
    const std::string name = IssuerName(NameTail(c));
    if (name.empty() || NameTail(c).size() + 6 < c.size()) return false;
    const std::u32string u = DecodeUtf8(name).cps;
    for (std::string_view w : {"附件", "抄送", "特此", "此复", "主题词", "主送", "联系人"})
      if (StartsWith(c, w)) return false;
    if (IsNumberLine(i)) return false;
    return !need_org_end || kOrgEnds.find(u.back()) != std::u32string_view::npos;
  }

  // An issuer line: one or more organisation names separated by a gap (spaces, U+3000, or what
  // OCR made of the gap: a quote mark, a comma). Returns the names joined by U+3000, or "".
  static std::string IssuerName(std::string_view s) {
    const std::u32string u = DecodeUtf8(s).cps;
    std::vector<std::u32string> parts(1);
    for (char32_t c : u) {
      if (internal::IsSpaceChar(c) || std::u32string_view(U"“”\"，、·").find(c) != std::u32string_view::npos) {
        if (!parts.back().empty()) parts.emplace_back();
      } else {
        parts.back().push_back(c);
      }
    }
    if (parts.back().empty()) parts.pop_back();
    if (parts.empty()) return "";
    std::u32string out;
    size_t total = 0;
    for (size_t k = 0; k < parts.size(); ++k) {
      const std::u32string& p = parts[k];
      total += p.size();
      if (p.size() < 2 || ContainsAny(p, kSentencePunct) || ContainsAny(p, U"（）()")) return "";
      if (parts.size() > 1 && kOrgEnds.find(p.back()) == std::u32string_view::npos) return "";
      if (!out.empty()) out.push_back(U'　');
      out += p;
    }
    return total <= 40 ? EncodeUtf8(out) : "";
  }

  static bool NameLikeText(std::string_view s) { return !IssuerName(s).empty(); }

  // The tail of `s` after its last sentence mark, without OCR junk around it: the issuer's name
  // when the 落款 was joined to the body's last line (…现予印发。清河市人民政府办公室).
  static std::string_view NameTail(std::string_view s) {
    const internal::U32Text t = DecodeUtf8(s);
    size_t b = t.cps.size();
    while (b > 0 && std::u32string_view(U"。：；！？").find(t.cps[b - 1]) == std::u32string_view::npos) --b;
    size_t e = t.cps.size();
    while (b < e && !internal::IsCjk(t.cps[b])) ++b;
    while (e > b && !internal::IsCjk(t.cps[e - 1]) && t.cps[e - 1] != U'）') --e;
    return s.substr(t.off[b], t.off[e] - t.off[b]);
  }

  static bool ContinuesSentence(std::string_view after) {
    const std::string a = RemoveSpaces(after);
    for (std::string_view w : kDateContinuations)
      if (StartsWith(a, w)) return true;
    // A 落款 date is followed by nothing, or (OCR or text-layer joins) by a name or a title,
    // never by a sentence.
    return a.find("，") != std::string::npos || a.find("。") != std::string::npos;
  }

  // A short line where the 落款 date should be, whatever OCR made of it.
  static bool DateSlot(std::string_view s) {
    if (internal::LooksLikeDamagedDate(s)) return true;
    const std::u32string u = DecodeUtf8(RemoveSpaces(s)).cps;
    if (u.size() < 4 || u.size() > 16 || ContainsAny(u, U"。，：；、")) return false;
    size_t marks = 0;
    for (char32_t c : u) marks += std::u32string_view(U"年月日").find(c) != std::u32string_view::npos;
    if (marks >= 1) return true;
    // Nothing of 年月日 left: a short line with some numeral that is not a name.
    size_t numerals = 0;
    for (char32_t c : u) numerals += std::u32string_view(U"一二三四五六七八九十〇○O0123456789").find(c) != std::u32string_view::npos;
    return u.size() <= 12 && numerals >= 1 && kOrgEnds.find(u.back()) == std::u32string_view::npos &&
           !ContainsAny(u, U"（）《》") && !StartsWith(RemoveSpaces(s), "抄送") &&
           !StartsWith(RemoveSpaces(s), "附件");
  }

  bool IssuerBefore(size_t q) const {
    if (q == 0) return false;
    const std::string_view tail = NameTail(Para(q - 1));
    if (!NameLikeText(tail)) return false;
    const std::u32string u = DecodeUtf8(RemoveSpaces(tail)).cps;
    return kOrgEnds.find(u.back()) != std::u32string_view::npos;
  }

  void FindSignature() {
    const size_t from = HasTitle() ? title_last_ + 1 : 0;
    for (size_t q = from; q < n_; ++q) {
      const std::string_view p = Para(q);
      for (const auto& m : internal::FindDates(p)) {
        const std::string_view pre = internal::TrimSpaces(p.substr(0, m.begin));
        const std::string_view tail = NameTail(pre);
        if (!pre.empty() && !(NameLikeText(tail) || tail.empty())) continue;
        // A labelled date (【发布日期】2008-07-10, 发表时间：…) is metadata, not a 落款.
        const std::string label = RemoveSpaces(pre);
        if (EndsWith(label, "：") || EndsWith(label, "】") || EndsWith(label, "]")) continue;
        if (ContinuesSentence(p.substr(m.end))) continue;
        // A date opening a paragraph after a sentence is part of the text unless a name stands
        // right before it (…。2011年3月1日该同志…).
        if (tail.empty() && !p.substr(m.end).empty()) continue;
        sig_para_ = q;
        sig_date_ = m;
        sig_has_date_ = true;
        return;
      }
      if (q > from && DateSlot(p) && IssuerBefore(q)) {
        sig_para_ = q;
        return;
      }
    }
  }

  void FillIssuer() {
    if (sig_para_ != kNone) {
      const std::string_view p = Para(sig_para_);
      const std::string_view pre =
          sig_has_date_ ? NameTail(p.substr(0, sig_date_.begin)) : std::string_view();
      if (!pre.empty()) {
        const size_t b = Begin(sig_para_) + static_cast<size_t>(pre.data() - p.data());
        head_.issuer = MakeField(IssuerName(pre), b, b + pre.size(), 0.9);
        return;
      }
      const size_t first_allowed = HasTitle() ? title_last_ + 1 : 0;
      if (sig_para_ > first_allowed && !NameLike(sig_para_ - 1, false) && IssuerBefore(sig_para_)) {
        const std::string_view tail = NameTail(Para(sig_para_ - 1));
        const size_t b = Begin(sig_para_ - 1) + static_cast<size_t>(tail.data() - Para(sig_para_ - 1).data());
        head_.issuer = MakeField(IssuerName(tail), b, b + tail.size(), 0.8);
        return;
      }
      if (sig_para_ > first_allowed && NameLike(sig_para_ - 1, false)) {
        size_t top = sig_para_ - 1;
        // Joint issuers printed one per line above the date.
        while (top > first_allowed && top + 3 > sig_para_ && NameLike(top - 1, true) &&
               NameLike(top, true))
          --top;
        std::string value;
        for (size_t k = top; k < sig_para_; ++k) {
          if (!value.empty()) value += "\u3000";
          value += IssuerName(NameTail(Para(k)));
        }
        head_.issuer = MakeField(value, Begin(top), End(sig_para_ - 1), 1.0);
        return;
      }
    }
    // No 落款 issuer: a decision's "（date X通过）" line, the 红头, a web copy's metadata.
    if (!passed_by_.empty()) {
      head_.issuer = MakeField(passed_by_, passed_begin_, passed_end_, 0.9);
      return;
    }
    if (ReadPassedLine() && !passed_by_.empty()) {
      head_.issuer = MakeField(passed_by_, passed_begin_, passed_end_, 0.9);
      return;
    }
    if (red_ != kNone && !red_name_.empty()) {
      head_.issuer = MakeField(red_name_, Begin(red_), End(red_), 0.8);
      return;
    }
    // The title names its issuer before 关于 (某市人民政府办公室关于…的通知).
    if (HasTitle()) {
      const std::string& t = head_.title.value;
      const size_t about = t.find("关于");
      if (about != std::string::npos && about > 0 && NameLikeText(t.substr(0, about))) {
        const std::u32string u = DecodeUtf8(RemoveSpaces(t.substr(0, about))).cps;
        if (kOrgEnds.find(u.back()) != std::u32string_view::npos) {
          head_.issuer = MakeField(t.substr(0, about), Begin(title_first_), Begin(title_first_) + about, 0.6);
          head_.issuer.value = t.substr(0, about);
          return;
        }
      }
    }
    for (size_t i = 0; i < std::min(n_, kHeadParagraphs); ++i) {
      for (std::string_view label : kIssuerLabels) {
        if (!StartsWith(Compact(i), label)) continue;
        const std::string v = Compact(i).substr(label.size());
        if (v.empty() || !NameLikeText(v)) continue;
        head_.issuer = MakeField(v, Begin(i), End(i), 0.7);
        return;
      }
    }
    Flag("issuer", "未找到发文机关（落款或红头）");
  }

  // The title names its issuer before 关于; a 落款 that reads differently was misread somewhere.
  void CheckIssuerAgainstTitle() {
    if (head_.issuer.empty() || !HasTitle() || head_.issuer.confidence < 0.7) return;
    const std::string& t = head_.title.value;
    const size_t about = t.find("关于");
    if (about == std::string::npos || about == 0) return;
    const std::string from_title = IssuerName(t.substr(0, about));
    const std::string a = RemoveSpaces(from_title), b = RemoveSpaces(head_.issuer.value);
    if (from_title.empty() || a == b) return;
    // The 公章 is stamped over the 落款, so a scan reads it worse than the title; the same name
    // with a few characters misread is taken as the title prints it.
    const size_t la = internal::CodePointCount(a), lb = internal::CodePointCount(b);
    const bool same_body = la + 1 >= lb && lb + 1 >= la &&
                           internal::CodePointEditDistance(a, b) <= static_cast<int>(std::max<size_t>(1, la / 4));
    Flag("issuer", "落款发文机关“" + head_.issuer.value + "”与标题中的“" + from_title + "”不一致" +
                       (same_body ? "，已按标题取值，请核对" : "，请核对"));
    head_.issuer.confidence = 0.6;
    if (same_body) head_.issuer.value = from_title;
  }

  // "（1998年3月10日第九届全国人民代表大会第一次会议通过）" under a decision's title.
  bool ReadPassedLine() {
    if (!HasTitle()) return false;
    for (size_t i = title_last_ + 1; i < std::min(n_, title_last_ + 4); ++i) {
      const std::string& full = Compact(i);
      if (!StartsWith(full, "（")) continue;
      const size_t close = full.find("）");
      if (close == std::string::npos) continue;
      const std::string c = full.substr(0, close + std::string_view("）").size());
      const auto dates = internal::FindDates(c);
      if (dates.empty()) continue;
      const auto& d = dates.front();
      std::string rest = c.substr(d.end, c.size() - d.end - std::string_view("）").size());
      for (std::string_view verb : {"通过", "批准", "发布", "印发", "公布", "修订", "修正"}) {
        if (EndsWith(rest, verb)) {
          rest.resize(rest.size() - verb.size());
          break;
        }
      }
      passed_date_ = d;
      passed_para_ = i;
      if (NameLikeText(rest)) passed_by_ = rest;
      passed_begin_ = Begin(i);
      passed_end_ = End(i);
      return true;
    }
    return false;
  }

  void FillDate() {
    if (sig_has_date_) {
      const size_t b = Begin(sig_para_) + sig_date_.begin;
      head_.date = MakeField(sig_date_.iso, b, Begin(sig_para_) + sig_date_.end,
                             sig_date_.repaired ? 0.7 : 1.0);
      if (sig_date_.repaired) Flag("date", "落款日期经OCR纠错识别为" + sig_date_.iso + "，请核对");
      CheckYearAgainstNumber();
      return;
    }
    if (passed_para_ != kNone || ReadPassedLine()) {
      head_.date = MakeField(passed_date_.iso, passed_begin_, passed_end_, 0.9);
      return;
    }
    if (sig_para_ != kNone) {
      int number_year = 0;
      if (auto n = ParseDocNumber(head_.doc_number.value)) number_year = n->year;
      if (auto r = internal::RecoverDamagedDate(Para(sig_para_), number_year)) {
        head_.date = MakeField(r->iso, Begin(sig_para_), End(sig_para_), 0.6);
        Flag("date", "落款日期“" + std::string(Para(sig_para_)) + "”受损（" + r->how + "），推定为" +
                         r->iso + "，请核对");
        return;
      }
      Flag("date", "落款日期无法识别：“" + std::string(Para(sig_para_)) + "”，请人工核对");
      return;
    }
    for (size_t i = 0; i < std::min(n_, kHeadParagraphs); ++i) {
      for (std::string_view label : kDateLabels) {
        if (!StartsWith(Compact(i), label)) continue;
        const auto d = ParseDate(Compact(i).substr(label.size()));
        if (!d) continue;
        head_.date = MakeField(*d, Begin(i), End(i), 0.7);
        return;
      }
    }
    Flag("date", "未找到落款日期");
  }

  // A 文号's year is the year of issue; a date read from a damaged line that disagrees is flagged.
  void CheckYearAgainstNumber() {
    if (head_.doc_number.empty() || head_.date.empty()) return;
    const std::string& num = head_.doc_number.value;
    const size_t open = num.find("〔");
    if (open == std::string::npos) return;
    const std::string year = num.substr(open + std::string_view("〔").size(), 4);
    if (head_.date.value.compare(0, 4, year) != 0) {
      head_.date.confidence = std::min(head_.date.confidence, 0.5);
      Flag("date", "落款日期" + head_.date.value + "与文号年份" + year + "不一致，请核对");
    }
  }

  // --- regulation --------------------------------------------------------------------------------
  void FindRegulation() {
    if (!HasTitle()) return;
    const std::string title = RemoveSpaces(head_.title.value);
    const std::string published = internal::PublishedInstrument(title);
    if (published.empty()) {
      // A regulation printed on its own: its title is the document's title.
      if (internal::IsSandingRegulationTitle(title)) {
        head_.regulation_title = head_.title;
        head_.regulation_title.value = title;
        head_.regulation_offset = Begin(title_first_);
        head_.regulation_start = doc_.SpanOf(Begin(title_first_), End(title_last_));
      }
      return;
    }
    if (head_.kind.value != "三定规定" && InstrumentName(title).empty()) return;
    const size_t from = sig_para_ != kNone ? sig_para_ : title_last_ + 1;
    const size_t limit = std::min(n_, from + 12);
    const size_t plen = internal::CodePointCount(published);
    for (size_t r = from; r < limit; ++r) {
      const std::string& c = Compact(r);
      double conf = 0;
      size_t begin = Begin(r), end = End(r);
      if (c == published) {
        conf = 1.0;
      } else if (r + 1 < n_ && c + Compact(r + 1) == published) {
        conf = 1.0;
        end = End(r + 1);
      } else if (const size_t pos = Para(r).find(published); pos != std::string::npos) {
        conf = 0.9;  // merged with a neighbouring line (OCR)
        begin = Begin(r) + pos;
        end = begin + published.size();
      } else if (r != sig_para_ && internal::CodePointCount(c) <= plen + 4 &&
                 internal::CodePointCount(c) + 4 >= plen &&
                 internal::CodePointEditDistance(c, published) <= static_cast<int>(std::max<size_t>(3, plen / 5))) {
        conf = 0.8;  // the same title read with OCR errors
      }
      if (conf == 0) continue;
      if (r == title_first_) continue;
      head_.regulation_title = MakeField(published, begin, end, conf);
      head_.regulation_offset = begin;
      head_.regulation_start = doc_.SpanOf(begin, end);
      return;
    }
    // The notice names the regulation but its text was not found after the 落款.
    head_.regulation_title = head_.title;
    head_.regulation_title.value = published;
    head_.regulation_title.confidence = 0.5;
    if (sig_para_ != kNone && sig_para_ + 1 < n_) {
      head_.regulation_offset = Begin(sig_para_ + 1);
      head_.regulation_start = doc_.SpanOf(Begin(sig_para_ + 1), End(sig_para_ + 1));
    }
    Flag("regulation_title", "未找到《" + published + "》正文的起点，请核对");
  }

  // --- subjects ----------------------------------------------------------------------------------
  void AddSubject(const std::string& name) {
    if (internal::CodePointCount(name) < 3) return;
    for (const Mention& m : head_.title_subjects)
      if (m.text == name) return;
    Mention m;
    m.text = name;
    // Locate it in the title (or the regulation's own title line).
    for (const Field* f : {&head_.title, &head_.regulation_title}) {
      if (f->empty()) continue;
      const size_t base = f == &head_.title ? (HasTitle() ? Begin(title_first_) : 0)
                                            : head_.regulation_offset;
      if (base == std::string::npos) continue;
      const size_t limit = f == &head_.title ? End(title_last_) : std::min(doc_.norm().size(), base + 600);
      const size_t pos = doc_.norm().find(name, base);
      if (pos != std::string::npos && pos + name.size() <= limit) {
        m.span = doc_.SpanOf(pos, pos + name.size());
        break;
      }
    }
    head_.title_subjects.push_back(std::move(m));
  }

  void FindSubjects() {
    if (!head_.regulation_title.empty()) {
      const std::string s = internal::SandingSubject(head_.regulation_title.value);
      if (!s.empty()) {
        AddSubject(s);
        return;
      }
    }
    if (!HasTitle()) return;
    std::string t = RemoveSpaces(head_.title.value);
    const size_t about = t.find("关于");
    if (about == std::string::npos) return;
    t = t.substr(about + std::string_view("关于").size());
    if (StartsWith(t, "同意")) t = t.substr(std::string_view("同意").size());
    // Reform plans name many bodies; their events carry them.
    if (t.find("机构改革") != std::string::npos || t.find("机构设置") != std::string::npos) return;
    for (std::string_view end : {"的批复", "的批覆", "的通知", "的决定", "的意见", "的请示", "的函", "的通报"}) {
      if (EndsWith(t, end)) {
        t.resize(t.size() - end.size());
        break;
      }
    }
    auto cut_suffix = [&](std::string& s, std::initializer_list<std::string_view> words) {
      for (std::string_view w : words) {
        const size_t pos = s.rfind(w);
        if (pos != std::string::npos && pos > 0 && pos + w.size() == s.size()) {
          s.resize(pos);
          if (EndsWith(s, "的")) s.resize(s.size() - std::string_view("的").size());
          return true;
        }
      }
      return false;
    };
    auto cut_prefix = [&](std::string& s, std::initializer_list<std::string_view> words) {
      for (std::string_view w : words) {
        if (StartsWith(s, w)) {
          s = s.substr(w.size());
          return true;
        }
      }
      return false;
    };
    std::string x = t;
    // 启用X印章
    if (cut_prefix(x, {"启用", "刻制", "更换", "废止"}) && cut_suffix(x, {"新印章", "印章", "公章"})) {
      AddSubject(x);
      return;
    }
    x = t;
    // (核增|核减|调整…)X行政编制
    if (cut_prefix(x, {"核增", "核减", "增加", "减少", "调增", "调减", "核定", "调整", "下达", "追加"}) &&
        cut_suffix(x, {"机关行政编制", "行政编制", "事业编制", "人员编制", "编制", "领导职数"})) {
      AddSubject(x);
      return;
    }
    x = t;
    // 调整X机构规格 / X机构规格调整
    if (cut_prefix(x, {"调整", "明确", "提高", "降低"}) && cut_suffix(x, {"机构规格", "规格"})) {
      AddSubject(x);
      return;
    }
    x = t;
    if (cut_suffix(x, {"机构规格调整", "规格调整", "升格", "降格"})) {
      AddSubject(x);
      return;
    }
    x = t;
    // X更名为Y / 将X更名为Y / X更名等有关事项
    for (std::string_view verb : {"更名为", "改名为", "名称变更为", "改称"}) {
      const size_t pos = x.find(verb);
      if (pos == std::string::npos) continue;
      std::string a = x.substr(0, pos), b = x.substr(pos + verb.size());
      cut_prefix(a, {"将"});
      AddSubject(a);
      if (b.find("有关") == std::string::npos && b.find("等") == std::string::npos) AddSubject(b);
      return;
    }
    if (cut_suffix(x, {"更名等有关事项", "更名有关事项", "更名"})) {
      AddSubject(x);
      return;
    }
    x = t;
    // 设立/成立/组建/撤销X
    if (cut_prefix(x, {"整合组建", "设立", "成立", "组建", "新设", "撤销", "撤并", "恢复", "筹建"})) {
      if (x.find("有关") == std::string::npos && x.find("、") == std::string::npos) AddSubject(x);
    }
  }

  static constexpr size_t kNone = static_cast<size_t>(-1);

  const DocText& doc_;
  const size_t n_;
  std::vector<std::string> compact_;
  HeadFacts head_;
  size_t red_ = kNone;
  std::string red_name_;
  size_t title_first_ = kNone, title_last_ = kNone;
  size_t number_para_ = kNone;
  size_t sig_para_ = kNone;
  bool sig_has_date_ = false;
  internal::DateMatch sig_date_;
  size_t passed_para_ = kNone;
  internal::DateMatch passed_date_;
  std::string passed_by_;
  size_t passed_begin_ = 0, passed_end_ = 0;
};

}  // namespace

HeadFacts ExtractHead(const DocText& doc) { return HeadReader(doc).Run(); }

}  // namespace sanding::extract
