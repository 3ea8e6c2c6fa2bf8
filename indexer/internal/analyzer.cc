#include "indexer/internal/analyzer.h"

#include <lucene++/OffsetAttribute.h>
#include <lucene++/PositionIncrementAttribute.h>
#include <lucene++/TermAttribute.h>
#include <lucene++/TypeAttribute.h>
#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <memory>

#include "indexer/extract/doc_text.h"
#include "store/text.h"

namespace sanding::indexer::internal {

namespace {

bool IsBridgeableSpace(wchar_t c) {
  return c == L' ' || c == L'\t' || c == L'\n' || c == L'\r' || c == L'\f' ||
         u_isUWhiteSpace(static_cast<UChar32>(c));
}

// Marks OCR leaves between two characters of a word (specks read as . ' ` and the like). Real
// Chinese punctuation is not among them: after NFKC ，：；！？ are , : ; ! ? and stay separators.
bool IsSpeck(wchar_t c) {
  return c == L'.' || c == L'\'' || c == L'`' || c == L'^' || c == L'_' || c == L'|' || c == L'~' ||
         c == L'\u00B7' || c == L'\u30FB';
}

// Index of the next character after position `k` that continues a CJK run across whitespace and
// at most one speck; `k` itself when nothing can be skipped.
size_t SkipBridge(std::wstring_view s, size_t k) {
  const size_t n = s.size();
  while (k < n && IsBridgeableSpace(s[k])) ++k;
  if (k < n && IsSpeck(s[k])) {
    ++k;
    while (k < n && IsBridgeableSpace(s[k])) ++k;
  }
  return k;
}

// OpenCC t2s of the BMP ideographs, built once: the analyzer converts every character of every
// page, and extract::ToSimplified takes a lock per character.
constexpr wchar_t kT2sFirst = 0x3400;
constexpr wchar_t kT2sLast = 0x9FFF;

const std::vector<wchar_t>& T2sTable() {
  static const std::vector<wchar_t> table = [] {
    std::vector<wchar_t> t(static_cast<size_t>(kT2sLast - kT2sFirst + 1));
    std::wstring one(1, L' ');
    for (wchar_t c = kT2sFirst; c <= kT2sLast; ++c) {
      one[0] = c;
      const std::wstring conv = Utf8ToWide(extract::ToSimplified(WideToUtf8(one)));
      t[static_cast<size_t>(c - kT2sFirst)] = conv.size() == 1 ? conv[0] : c;
    }
    return t;
  }();
  return table;
}

// A word break iterator per thread (ICU's dictionary segmentation for Chinese).
icu::BreakIterator* WordBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(
        icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    if (U_FAILURE(status)) bi.reset();
    return bi;
  }();
  return it.get();
}

}  // namespace

wchar_t ToSimplified(wchar_t c) {
  if (c < 0x2E80) return c;
  if (c >= kT2sFirst && c <= kT2sLast) return T2sTable()[static_cast<size_t>(c - kT2sFirst)];
  const std::wstring conv = Utf8ToWide(extract::ToSimplified(WideToUtf8(std::wstring(1, c))));
  return conv.size() == 1 ? conv[0] : c;
}

std::wstring Utf8ToWide(std::string_view utf8) {
  const std::string valid = text::IsValidUtf8(utf8) ? std::string(utf8) : text::SanitizeUtf8(utf8);
  std::wstring out;
  out.reserve(valid.size());
  size_t i = 0;
  while (i < valid.size()) {
    const auto b = static_cast<unsigned char>(valid[i]);
    char32_t cp;
    size_t len;
    if (b < 0x80) {
      cp = b;
      len = 1;
    } else if ((b & 0xE0) == 0xC0) {
      cp = b & 0x1F;
      len = 2;
    } else if ((b & 0xF0) == 0xE0) {
      cp = b & 0x0F;
      len = 3;
    } else {
      cp = b & 0x07;
      len = 4;
    }
    for (size_t k = 1; k < len && i + k < valid.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(valid[i + k]) & 0x3F);
    }
    out.push_back(static_cast<wchar_t>(cp));
    i += len;
  }
  return out;
}

std::string WideToUtf8(std::wstring_view wide) {
  std::string out;
  out.reserve(wide.size() * 3);
  for (wchar_t wc : wide) {
    auto cp = static_cast<char32_t>(wc);
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

std::string NormalizeForIndex(std::string_view utf8) {
  std::string s =
      text::Nfkc(text::IsValidUtf8(utf8) ? std::string(utf8) : text::SanitizeUtf8(utf8));
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
      out.push_back(' ');
    } else if (b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out.push_back(' ');  // a C1 control
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::wstring FoldCase(std::wstring_view text) {
  std::wstring out(text);
  for (wchar_t& c : out) c = static_cast<wchar_t>(u_tolower(static_cast<UChar32>(c)));
  return out;
}

std::wstring NormalizeForTokens(std::string_view utf8) {
  std::wstring out = FoldCase(Utf8ToWide(NormalizeForIndex(utf8)));
  for (wchar_t& c : out) c = ToSimplified(c);
  return out;
}

bool IsCjk(wchar_t c) { return text::IsCjkIdeograph(static_cast<char32_t>(c)); }

bool IsWordChar(wchar_t c) {
  if ((c >= L'0' && c <= L'9') || (c >= L'a' && c <= L'z') || (c >= L'A' && c <= L'Z')) return true;
  if (c < 0x80) return false;
  return u_isalnum(static_cast<UChar32>(c)) && !IsCjk(c);
}

std::vector<Token> Tokenize(std::wstring_view s) {
  std::vector<Token> tokens;
  const size_t n = s.size();
  int32_t pos = 0;
  int32_t run = 0;
  size_t i = 0;
  while (i < n) {
    const wchar_t c = s[i];
    if (IsCjk(c)) {
      std::vector<size_t> idx{i};
      size_t j = i + 1;
      while (true) {
        const size_t k = SkipBridge(s, j);
        if (k < n && IsCjk(s[k])) {
          idx.push_back(k);
          j = k + 1;
        } else {
          break;
        }
      }
      for (size_t t = 0; t < idx.size(); ++t) {
        const auto start = static_cast<int32_t>(idx[t]);
        if (t + 1 < idx.size()) {
          tokens.push_back(Token{std::wstring{s[idx[t]], s[idx[t + 1]]}, TokenKind::kBigram, pos,
                                 start, static_cast<int32_t>(idx[t + 1] + 1), run});
        }
        tokens.push_back(
            Token{std::wstring(1, s[idx[t]]), TokenKind::kUnigram, pos, start, start + 1, run});
        ++pos;
      }
      ++run;
      i = j;
    } else if (IsWordChar(c)) {
      size_t j = i;
      while (j < n && IsWordChar(s[j])) ++j;
      if (j - i <= kMaxWordLength) {
        tokens.push_back(Token{std::wstring(s.substr(i, j - i)), TokenKind::kWord, pos,
                               static_cast<int32_t>(i), static_cast<int32_t>(j), run});
        ++pos;
        ++run;
      }
      i = j;
    } else {
      ++i;
    }
  }
  return tokens;
}

std::vector<Token> WordTokenize(std::wstring_view s) {
  std::vector<Token> tokens;
  // Spaces between two ideographs are dropped first (OCR and line wrapping split words anywhere);
  // `origin` maps the compacted text back to `s`.
  std::u32string compact;
  std::vector<int32_t> origin;
  compact.reserve(s.size());
  origin.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if ((IsBridgeableSpace(s[i]) || IsSpeck(s[i])) && !compact.empty() &&
        IsCjk(static_cast<wchar_t>(compact.back()))) {
      const size_t k = SkipBridge(s, i);
      if (k > i && k < s.size() && IsCjk(s[k])) {
        i = k - 1;
        continue;
      }
    }
    compact.push_back(static_cast<char32_t>(s[i]));
    origin.push_back(static_cast<int32_t>(i));
  }
  icu::BreakIterator* bi = WordBreaker();
  if (bi == nullptr || compact.empty()) return tokens;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF32(
      reinterpret_cast<const UChar32*>(compact.data()), static_cast<int32_t>(compact.size()));
  // UTF-16 index -> code point index of `compact`.
  std::vector<int32_t> cp_of(static_cast<size_t>(u.length()) + 1, 0);
  for (int32_t i = 0, cp = 0; i <= u.length(); ++cp) {
    cp_of[static_cast<size_t>(i)] = cp;
    if (i == u.length()) break;
    const int32_t next = u.moveIndex32(i, 1);
    for (int32_t k = i + 1; k < next; ++k) cp_of[static_cast<size_t>(k)] = cp;
    i = next;
  }
  bi->setText(u);
  int32_t pos = 0;
  int32_t start = bi->first();
  for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
    if (bi->getRuleStatus() < UBRK_WORD_NUMBER) continue;  // spaces, punctuation, symbols
    const int32_t a = cp_of[static_cast<size_t>(start)];
    const int32_t b = cp_of[static_cast<size_t>(end)];
    if (b <= a || static_cast<size_t>(b - a) > kMaxWordLength) continue;
    std::wstring term;
    term.reserve(static_cast<size_t>(b - a));
    bool any = false;
    for (int32_t k = a; k < b; ++k) {
      const auto c = static_cast<wchar_t>(compact[static_cast<size_t>(k)]);
      term.push_back(c);
      any = any || IsCjk(c) || IsWordChar(c);
    }
    if (!any) continue;
    tokens.push_back(Token{std::move(term), TokenKind::kWord, pos, origin[static_cast<size_t>(a)],
                           origin[static_cast<size_t>(b - 1)] + 1, pos});
    ++pos;
  }
  return tokens;
}

// --- ChineseTokenizer ----------------------------------------------------------------------------

ChineseTokenizer::ChineseTokenizer(const Lucene::ReaderPtr& input, bool words)
    : Lucene::Tokenizer(input), words_(words) {}

ChineseTokenizer::~ChineseTokenizer() = default;

void ChineseTokenizer::initialize() {
  term_att_ = addAttribute<Lucene::TermAttribute>();
  offset_att_ = addAttribute<Lucene::OffsetAttribute>();
  pos_att_ = addAttribute<Lucene::PositionIncrementAttribute>();
  type_att_ = addAttribute<Lucene::TypeAttribute>();
}

void ChineseTokenizer::Load() {
  std::wstring all;
  if (input) {
    std::vector<wchar_t> buf(8192);
    while (true) {
      const int32_t got = input->read(buf.data(), 0, static_cast<int32_t>(buf.size()));
      if (got <= 0) break;
      all.append(buf.data(), static_cast<size_t>(got));
    }
  }
  const std::wstring folded = NormalizeForTokens(WideToUtf8(all));
  tokens_ = words_ ? WordTokenize(folded) : Tokenize(folded);
  final_offset_ = correctOffset(static_cast<int32_t>(folded.size()));
  loaded_ = true;
  next_ = 0;
  last_position_ = -1;
}

bool ChineseTokenizer::incrementToken() {
  if (!loaded_) Load();
  if (next_ >= tokens_.size()) return false;
  clearAttributes();
  const Token& t = tokens_[next_++];
  term_att_->setTermBuffer(t.term);
  offset_att_->setOffset(correctOffset(t.start), correctOffset(t.end));
  pos_att_->setPositionIncrement(t.position - last_position_);
  last_position_ = t.position;
  switch (t.kind) {
    case TokenKind::kBigram:
      type_att_->setType(L"bigram");
      break;
    case TokenKind::kUnigram:
      type_att_->setType(L"unigram");
      break;
    case TokenKind::kWord:
      type_att_->setType(L"word");
      break;
  }
  return true;
}

void ChineseTokenizer::end() { offset_att_->setOffset(final_offset_, final_offset_); }

void ChineseTokenizer::reset() {
  // Replays the tokens already read (the input itself cannot be rewound).
  next_ = 0;
  last_position_ = -1;
}

void ChineseTokenizer::reset(const Lucene::ReaderPtr& new_input) {
  Lucene::Tokenizer::reset(new_input);
  loaded_ = false;
  tokens_.clear();
  next_ = 0;
  last_position_ = -1;
  final_offset_ = 0;
}

// --- ChineseAnalyzer -----------------------------------------------------------------------------

ChineseAnalyzer::~ChineseAnalyzer() = default;

bool IsWordField(const Lucene::String& field_name) {
  static const std::wstring kSuffix = L"_words";
  return field_name.size() >= kSuffix.size() &&
         field_name.compare(field_name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

Lucene::TokenStreamPtr ChineseAnalyzer::tokenStream(const Lucene::String& field_name,
                                                    const Lucene::ReaderPtr& reader) {
  return Lucene::newLucene<ChineseTokenizer>(reader, IsWordField(field_name));
}

namespace {

// The tokenizers one thread reuses, one per mode (fields of both kinds alternate in a document).
class TokenizerPair : public Lucene::LuceneObject {
 public:
  ~TokenizerPair() override = default;
  LUCENE_CLASS(TokenizerPair);
  boost::shared_ptr<ChineseTokenizer> grams;
  boost::shared_ptr<ChineseTokenizer> words;
};

}  // namespace

Lucene::TokenStreamPtr ChineseAnalyzer::reusableTokenStream(const Lucene::String& field_name,
                                                            const Lucene::ReaderPtr& reader) {
  auto pair = boost::dynamic_pointer_cast<TokenizerPair>(getPreviousTokenStream());
  if (!pair) {
    pair = Lucene::newLucene<TokenizerPair>();
    setPreviousTokenStream(pair);
  }
  const bool words = IsWordField(field_name);
  auto& slot = words ? pair->words : pair->grams;
  if (!slot) {
    slot = Lucene::newLucene<ChineseTokenizer>(reader, words);
  } else {
    slot->reset(reader);
  }
  return slot;
}

}  // namespace sanding::indexer::internal
