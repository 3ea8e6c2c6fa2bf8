// The Chinese analyzer of the search index.
//
// Text is normalised (ill-formed UTF-8 replaced by U+FFFD, NFKC, control characters other than
// \t \n \r turned into spaces), folded to lower case and converted 繁→简 character by character
// (OpenCC t2s; the length never changes). Two token streams:
//
// Grams (every field but those named *_words):
//   - inside a run of CJK ideographs: every pair of adjacent ideographs (a bigram) and every single
//     ideograph (a unigram). Bigram i and unigram i share position i (the unigram has a position
//     increment of 0); the last unigram of a run sits at its own position. Whitespace between two
//     ideographs does not end the run (OCR and typesetting break Chinese lines anywhere), nor does
//     one OCR speck (. ' ` ^ _ | ~ ·) with or without spaces around it;
//   - a run of other letters and digits ([0-9a-z], and non-CJK letters such as Greek) is one word.
//     Words longer than kMaxWordLength code points are dropped.
// Everything else (punctuation, symbols, whitespace) separates tokens.
//
// Words (fields named *_words): ICU's dictionary word segmentation for Chinese (whitespace between
// two ideographs removed first), one token per word, letter or number run; punctuation dropped.
//
// Offsets count code points (wchar_t, UTF-32 on Linux) of the normalised text.
#pragma once

#include <lucene++/LuceneHeaders.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sanding::indexer::internal {

static_assert(sizeof(wchar_t) == 4, "Lucene++ strings must be UTF-32");

using Lucene::String;  // LUCENE_CLASS names it unqualified

inline constexpr size_t kMaxWordLength = 255;

// UTF-8 <-> UTF-32 conversions. Utf8ToWide sanitises ill-formed input (U+FFFD).
std::wstring Utf8ToWide(std::string_view utf8);
std::string WideToUtf8(std::wstring_view wide);

// Sanitise + NFKC + controls-to-spaces.
std::string NormalizeForIndex(std::string_view utf8);
// Lower-cases each code point (simple case mapping: the length never changes).
std::wstring FoldCase(std::wstring_view text);
// OpenCC t2s of one character (itself when it has no single-character simplified form).
wchar_t ToSimplified(wchar_t c);
// NormalizeForIndex, then UTF-32, FoldCase and ToSimplified: what the tokenizers consume.
std::wstring NormalizeForTokens(std::string_view utf8);

bool IsCjk(wchar_t c);
bool IsWordChar(wchar_t c);

enum class TokenKind { kBigram, kUnigram, kWord };

struct Token {
  std::wstring term;
  TokenKind kind = TokenKind::kWord;
  int32_t position = 0;  // 0-based
  int32_t start = 0;     // offsets in the input, [start, end)
  int32_t end = 0;
  int32_t run = 0;  // index of the CJK run or word the token belongs to
};

// Tokenises text that is already normalised and folded (NormalizeForTokens).
// Tokens are ordered by position; at one position the bigram precedes the unigram.
std::vector<Token> Tokenize(std::wstring_view folded);

// ICU dictionary words of normalised text (kind kWord; `run` = position). Offsets index `folded`.
std::vector<Token> WordTokenize(std::wstring_view folded);

// True for the fields analysed into words (name ends in "_words").
bool IsWordField(const Lucene::String& field_name);

// Lucene++ tokenizer producing Tokenize()'s (or, with `words`, WordTokenize()'s) tokens (term,
// offsets, position increments, type "bigram" / "unigram" / "word"). Reads its whole input and
// normalises it (NormalizeForTokens) first.
class ChineseTokenizer : public Lucene::Tokenizer {
 public:
  explicit ChineseTokenizer(const Lucene::ReaderPtr& input, bool words = false);
  ~ChineseTokenizer() override;

  LUCENE_CLASS(ChineseTokenizer);

  void initialize() override;
  bool incrementToken() override;
  void end() override;
  void reset() override;
  void reset(const Lucene::ReaderPtr& input) override;

 private:
  void Load();

  bool words_ = false;
  bool loaded_ = false;
  std::vector<Token> tokens_;
  size_t next_ = 0;
  int32_t last_position_ = -1;
  int32_t final_offset_ = 0;
  Lucene::TermAttributePtr term_att_;
  Lucene::OffsetAttributePtr offset_att_;
  Lucene::PositionIncrementAttributePtr pos_att_;
  Lucene::TypeAttributePtr type_att_;
};

// The analyzer used for every analysed field of the index.
class ChineseAnalyzer : public Lucene::Analyzer {
 public:
  ~ChineseAnalyzer() override;
  LUCENE_CLASS(ChineseAnalyzer);

  Lucene::TokenStreamPtr tokenStream(const Lucene::String& field_name,
                                     const Lucene::ReaderPtr& reader) override;
  Lucene::TokenStreamPtr reusableTokenStream(const Lucene::String& field_name,
                                             const Lucene::ReaderPtr& reader) override;
};

}  // namespace sanding::indexer::internal
