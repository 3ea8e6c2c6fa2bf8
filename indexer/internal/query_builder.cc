#include "indexer/internal/query_builder.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>

namespace sanding::indexer::internal {

namespace {

using Lucene::BooleanClause;

// One run of the gram tokens: a CJK run (its bigrams, or its single ideograph) or a word.
struct Run {
  bool cjk = false;
  std::vector<std::wstring> bigrams;  // in order, duplicates kept
  std::wstring single;                // the ideograph of a one-ideograph run, or the word
  size_t length = 0;                  // ideographs in the run
};

std::vector<Run> Runs(const std::vector<Token>& grams) {
  std::vector<Run> runs;
  int32_t current = -1;
  for (const Token& t : grams) {
    if (runs.empty() || t.run != current) {
      runs.emplace_back();
      current = t.run;
      runs.back().cjk = t.kind != TokenKind::kWord;
    }
    Run& r = runs.back();
    switch (t.kind) {
      case TokenKind::kBigram:
        r.bigrams.push_back(t.term);
        break;
      case TokenKind::kUnigram:
        ++r.length;
        if (r.length == 1) r.single = t.term;
        break;
      case TokenKind::kWord:
        r.single = t.term;
        break;
    }
  }
  return runs;
}

struct Analysis {
  std::vector<Token> grams;
  std::vector<Token> words;
  std::vector<Run> runs;
};

Analysis Analyze(std::string_view text) {
  const std::wstring norm = NormalizeForTokens(text);
  Analysis a;
  a.grams = Tokenize(norm);
  a.words = WordTokenize(norm);
  a.runs = Runs(a.grams);
  return a;
}

bool HasSentencePunctuation(std::string_view text) {
  static const char* const kMarks[] = {"，", "。", "？", "！", "；", "、", "?", "!", ";", ","};
  for (const char* m : kMarks) {
    if (text.find(m) != std::string_view::npos) return true;
  }
  return false;
}

bool HasQuestionWord(std::string_view text) {
  static const char* const kWords[] = {"吗",   "呢",   "怎么", "怎样", "如何", "什么", "为什么",
                                       "哪些", "哪个", "是否", "能否", "可否", "多少", "谁"};
  const std::string simplified = WideToUtf8(NormalizeForTokens(text));
  for (const char* w : kWords) {
    if (simplified.find(w) != std::string::npos) return true;
  }
  return false;
}

bool HasDigit(const std::vector<Run>& runs) {
  for (const Run& r : runs) {
    if (!r.cjk && std::any_of(r.single.begin(), r.single.end(),
                              [](wchar_t c) { return c >= L'0' && c <= L'9'; })) {
      return true;
    }
  }
  return false;
}

Lucene::TermPtr MakeTerm(const wchar_t* field, const std::wstring& text) {
  return Lucene::newLucene<Lucene::Term>(field, text);
}

Lucene::BooleanQueryPtr NewBool() {
  return Lucene::newLucene<Lucene::BooleanQuery>(/*disableCoord=*/true);
}

// A query that only restricts: it contributes nothing to the score.
Lucene::QueryPtr Restrict(Lucene::QueryPtr q) {
  q->setBoost(0);
  return q;
}

enum class Level { kDocuments, kPages };

constexpr double kMinEntriesForPruning = 1000;  // small archives: every term counts

struct TooManyTerms {};  // thrown by Builder::Count, caught by BuildQueries

Status TooManyTermsError() {
  return Status::InvalidArgument("检索式过长：超过 " + std::to_string(kMaxQueryTerms) +
                                 " 个检索词，请缩短后再试");
}

// The free text of an AND group joined by juxtaposition, when it reads as a sentence: its
// unquoted words and (inside a sentence, quotes are punctuation more often than operators) its
// quoted parts. Empty when the group is not a sentence.
std::vector<const QueryNode*> SentenceGroup(
    const QueryNode& node, bool (*is_sentence)(const std::vector<const QueryNode*>&)) {
  std::vector<const QueryNode*> words;
  for (const QueryNode& c : node.children) {
    if (c.kind == QueryNode::Kind::kWords && c.field == QueryField::kNone && !c.explicit_and) {
      words.push_back(&c);
    }
  }
  if (words.empty() || !is_sentence(words)) return {};
  std::vector<const QueryNode*> group;
  for (const QueryNode& c : node.children) {
    if ((c.kind == QueryNode::Kind::kWords || c.kind == QueryNode::Kind::kPhrase) &&
        c.field == QueryField::kNone && !c.explicit_and) {
      group.push_back(&c);
    }
  }
  return group;
}

class Builder {
 public:
  explicit Builder(const BuildContext& context) : context_(context) {}

  bool relevance_mode() const { return relevance_mode_; }
  std::vector<QueryClause>& highlight() { return highlight_; }

  // The node as a query at `level`; nullopt means "always true" (a page-level view of a field
  // condition). `positive`: not under a NOT (only positive text is highlighted).
  std::optional<Lucene::QueryPtr> Translate(const QueryNode& node, Level level, bool positive) {
    switch (node.kind) {
      case QueryNode::Kind::kWords:
        if (node.field == QueryField::kNone) {
          if (!node.explicit_and && IsSentence({&node})) {
            return RelevanceBlock({&node}, level, positive);
          }
          return FreeText(node, level, positive);
        }
        return Fielded(node, level);
      case QueryNode::Kind::kPhrase:
        if (node.field == QueryField::kNone) return FreeText(node, level, positive);
        return Fielded(node, level);
      case QueryNode::Kind::kYears:
        if (level == Level::kPages) return std::nullopt;
        return Years(node);
      case QueryNode::Kind::kNot: {
        // Only reached when a NOT is not inside an AND (the parser does not produce this).
        return std::nullopt;
      }
      case QueryNode::Kind::kOr: {
        auto q = NewBool();
        for (const QueryNode& child : node.children) {
          auto c = Translate(child, level, positive);
          if (!c) return std::nullopt;  // one branch always true: the OR is
          q->add(*c, BooleanClause::SHOULD);
        }
        return q;
      }
      case QueryNode::Kind::kAnd:
        return And(node, level, positive);
    }
    return std::nullopt;
  }

  // Pages: any page holding some of the query's text (field conditions and exclusions were
  // settled by the document query), ranked by it. Null when the query has no free text.
  Lucene::QueryPtr PageQuery(const QueryNode& root) {
    std::vector<Lucene::QueryPtr> parts;
    CollectPageParts(root, parts);
    if (parts.empty()) return Lucene::QueryPtr();
    if (parts.size() == 1) return parts.front();
    auto q = NewBool();
    for (auto& p : parts) q->add(p, BooleanClause::SHOULD);
    return q;
  }

 private:
  void CollectPageParts(const QueryNode& node, std::vector<Lucene::QueryPtr>& out) {
    switch (node.kind) {
      case QueryNode::Kind::kWords:
      case QueryNode::Kind::kPhrase:
        if (node.field != QueryField::kNone) return;
        if (node.kind == QueryNode::Kind::kWords && !node.explicit_and && IsSentence({&node})) {
          out.push_back(RelevanceBlock({&node}, Level::kPages, false));
        } else {
          out.push_back(FreeText(node, Level::kPages, false));
        }
        return;
      case QueryNode::Kind::kAnd: {
        const std::vector<const QueryNode*> soft = SentenceGroup(node, &Builder::IsSentence);
        const bool sentence = !soft.empty();
        if (sentence) out.push_back(RelevanceBlock(soft, Level::kPages, false));
        for (const QueryNode& c : node.children) {
          if (sentence && std::find(soft.begin(), soft.end(), &c) != soft.end()) continue;
          CollectPageParts(c, out);
        }
        return;
      }
      case QueryNode::Kind::kOr:
        for (const QueryNode& c : node.children) CollectPageParts(c, out);
        return;
      case QueryNode::Kind::kNot:
      case QueryNode::Kind::kYears:
        return;
    }
  }

  const wchar_t* TextField(Level level) const {
    return level == Level::kDocuments ? fields::kText : fields::kPageText;
  }
  const wchar_t* WordsField(Level level) const {
    return level == Level::kDocuments ? fields::kWords : fields::kPageWords;
  }
  const std::shared_ptr<const Bm25Stats>& Stats(Level level) const {
    return level == Level::kDocuments ? context_.documents : context_.pages;
  }

  void Count(size_t n) {
    terms_ += n;
    if (terms_ > kMaxQueryTerms) throw TooManyTerms{};
  }

  Lucene::QueryPtr Bm25(const wchar_t* field, const std::wstring& text, double boost, Level level) {
    Count(1);
    auto q = Lucene::newLucene<Bm25TermQuery>(MakeTerm(field, text), Stats(level));
    q->setBoost(boost);
    return q;
  }

  // A run that must be present in `field`.
  Lucene::QueryPtr RunRestriction(const Run& r, const wchar_t* field) {
    if (!r.cjk || r.length <= 1) {
      Count(1);
      return Lucene::newLucene<Lucene::TermQuery>(MakeTerm(field, r.single));
    }
    if (r.length <= 4) {
      auto phrase = Lucene::newLucene<Lucene::PhraseQuery>();
      for (size_t i = 0; i < r.bigrams.size(); ++i) {
        phrase->add(MakeTerm(field, r.bigrams[i]), static_cast<int32_t>(i));
      }
      Count(r.bigrams.size());
      return phrase;
    }
    std::set<std::wstring> distinct(r.bigrams.begin(), r.bigrams.end());
    auto q = NewBool();
    for (const std::wstring& b : distinct) {
      q->add(Lucene::newLucene<Lucene::TermQuery>(MakeTerm(field, b)), BooleanClause::SHOULD);
    }
    Count(distinct.size());
    q->setMinimumNumberShouldMatch(static_cast<int32_t>((2 * distinct.size() + 2) / 3));
    return q;
  }

  // Every run present in `field`; null when there are no runs.
  Lucene::QueryPtr RunsRestriction(const std::vector<Run>& runs, const wchar_t* field) {
    if (runs.empty()) return Lucene::QueryPtr();
    if (runs.size() == 1) return RunRestriction(runs.front(), field);
    auto q = NewBool();
    for (const Run& r : runs) q->add(RunRestriction(r, field), BooleanClause::MUST);
    return q;
  }

  // The tokens as one exact sequence in `field`.
  Lucene::QueryPtr PhraseRestriction(const std::vector<Token>& grams, const wchar_t* field) {
    auto clauses = ClausesFromTokens(grams, /*per_run=*/false);
    if (clauses.empty()) return Lucene::QueryPtr();
    const QueryClause& c = clauses.front();
    Count(c.terms.size());
    if (c.terms.size() == 1) {
      return Lucene::newLucene<Lucene::TermQuery>(MakeTerm(field, c.terms[0].first));
    }
    auto phrase = Lucene::newLucene<Lucene::PhraseQuery>();
    for (const auto& [term, pos] : c.terms) phrase->add(MakeTerm(field, term), pos);
    return phrase;
  }

  // The gram terms scoring a text: distinct bigrams, single ideographs of one-ideograph runs,
  // words.
  static std::vector<std::wstring> GramTerms(const std::vector<Run>& runs) {
    std::vector<std::wstring> out;
    std::set<std::wstring> seen;
    for (const Run& r : runs) {
      if (r.cjk && r.length >= 2) {
        for (const std::wstring& b : r.bigrams)
          if (seen.insert(b).second) out.push_back(b);
      } else if (!r.single.empty() && seen.insert(r.single).second) {
        out.push_back(r.single);
      }
    }
    return out;
  }

  static std::vector<std::wstring> WordTerms(const std::vector<Token>& words) {
    std::vector<std::wstring> out;
    std::set<std::wstring> seen;
    for (const Token& w : words)
      if (seen.insert(w.term).second) out.push_back(w.term);
    return out;
  }

  // Whether a sentence term is too common to be worth scoring (see BuildContext::doc_freq).
  bool Common(const wchar_t* field, const std::wstring& term) const {
    if (!context_.doc_freq || !context_.documents) return false;
    const double n = context_.documents->entries;
    return n >= kMinEntriesForPruning && context_.doc_freq(field, term) > kCommonShare * n;
  }

  // Scoring clauses of free text, added to `q` as SHOULD. `sentence`: leave common terms out.
  void AddScoring(const Lucene::BooleanQueryPtr& q, const std::vector<Run>& runs,
                  const std::vector<Token>& words, Level level, bool sentence = false) {
    const bool digits = HasDigit(runs);
    std::vector<std::wstring> grams = GramTerms(runs);
    std::vector<std::wstring> word_terms = WordTerms(words);
    if (sentence) {
      auto common_gram = [&](const std::wstring& t) { return Common(fields::kText, t); };
      auto common_word = [&](const std::wstring& t) { return Common(fields::kWords, t); };
      // Keep everything when every term is common: the sentence must still find something.
      std::vector<std::wstring> g2, w2;
      std::copy_if(grams.begin(), grams.end(), std::back_inserter(g2),
                   [&](const std::wstring& t) { return !common_gram(t); });
      std::copy_if(word_terms.begin(), word_terms.end(), std::back_inserter(w2),
                   [&](const std::wstring& t) { return !common_word(t); });
      if (!g2.empty() || !w2.empty()) {
        grams = std::move(g2);
        word_terms = std::move(w2);
      }
    }
    for (const std::wstring& t : grams) {
      q->add(Bm25(TextField(level), t, 1.0, level), BooleanClause::SHOULD);
      if (level == Level::kDocuments) {
        q->add(Bm25(fields::kTitle, t, kTitleBoost, level), BooleanClause::SHOULD);
        if (digits)
          q->add(Bm25(fields::kDocNumber, t, kDocNumberBoost, level), BooleanClause::SHOULD);
      }
    }
    for (const std::wstring& w : word_terms) {
      q->add(Bm25(WordsField(level), w, kWordBoost, level), BooleanClause::SHOULD);
    }
  }

  // Marks for snippets. A phrase is marked whole; a short run whole; a long run or a sentence by
  // its bigrams, which merge into the longest stretches the text shares with the query.
  void AddHighlight(const Analysis& a, bool phrase, bool sentence) {
    auto add = [&](QueryClause c) {
      if (c.terms.empty()) return;
      if (std::find(highlight_.begin(), highlight_.end(), c) == highlight_.end()) {
        highlight_.push_back(std::move(c));
      }
    };
    if (phrase) {
      for (auto& c : ClausesFromTokens(a.grams, /*per_run=*/false)) add(std::move(c));
      return;
    }
    for (const Run& r : a.runs) {
      if (r.cjk && r.length >= 2 && (sentence || r.length > 4)) {
        for (const std::wstring& b : r.bigrams) add(QueryClause{{{b, 0}}});
      } else if (r.cjk && r.length >= 2) {
        QueryClause c;
        for (size_t i = 0; i < r.bigrams.size(); ++i) {
          c.terms.emplace_back(r.bigrams[i], static_cast<int32_t>(i));
        }
        add(std::move(c));
      } else if (!r.single.empty()) {
        add(QueryClause{{{r.single, 0}}});
      }
    }
    if (sentence) return;
    // Words of the text, so a run that is only partly present still shows where.
    for (const Token& w : a.words) {
      if (w.term.size() < 2) continue;
      for (auto& c : ClausesFromTokens(Tokenize(w.term), /*per_run=*/false)) add(std::move(c));
    }
  }

  static bool IsSentence(const std::vector<const QueryNode*>& nodes) {
    if (nodes.size() >= kSentenceUnits) return true;
    size_t ideographs = 0;
    for (const QueryNode* n : nodes) {
      if (HasSentencePunctuation(n->text) || HasQuestionWord(n->text)) return true;
      for (const Token& t : Tokenize(NormalizeForTokens(n->text))) {
        if (t.kind == TokenKind::kUnigram) ++ideographs;
      }
    }
    return ideographs >= kSentenceIdeographs;
  }

  // Free text read as a question: any of its terms may match; ranking does the rest.
  Lucene::QueryPtr RelevanceBlock(const std::vector<const QueryNode*>& nodes, Level level,
                                  bool positive) {
    relevance_mode_ = true;
    std::string joined;
    for (const QueryNode* n : nodes) joined += n->text + " ";
    Analysis a = Analyze(joined);
    if (positive && level == Level::kDocuments) {
      for (const QueryNode* n : nodes) AddHighlight(Analyze(n->text), false, /*sentence=*/true);
    }
    auto q = NewBool();
    AddScoring(q, a.runs, a.words, level, /*sentence=*/level == Level::kDocuments);
    return q;
  }

  Lucene::QueryPtr FreeText(const QueryNode& node, Level level, bool positive) {
    Analysis a = Analyze(node.text);
    const bool phrase = node.kind == QueryNode::Kind::kPhrase;
    if (positive && level == Level::kDocuments) AddHighlight(a, phrase, /*sentence=*/false);
    auto restriction = [&](const wchar_t* field) {
      return phrase ? PhraseRestriction(a.grams, field) : RunsRestriction(a.runs, field);
    };
    Lucene::QueryPtr match;
    if (level == Level::kDocuments) {
      auto in_text = restriction(fields::kText);
      if (!in_text) return NewBool();  // nothing searchable (the parser drops such words)
      auto either = NewBool();
      either->add(in_text, BooleanClause::SHOULD);
      either->add(restriction(fields::kTitle), BooleanClause::SHOULD);
      match = either;
    } else {
      match = restriction(fields::kPageText);
      if (!match) return NewBool();
    }
    auto q = NewBool();
    q->add(Restrict(match), BooleanClause::MUST);
    AddScoring(q, a.runs, a.words, level);
    return q;
  }

  std::optional<Lucene::QueryPtr> Fielded(const QueryNode& node, Level level) {
    if (level == Level::kPages) return std::nullopt;
    const wchar_t* field = fields::kTitle;
    double boost = kTitleBoost;
    switch (node.field) {
      case QueryField::kDocNumber:
        field = fields::kDocNumber;
        boost = kDocNumberBoost;
        break;
      case QueryField::kInstitution:
        field = fields::kInstitution;
        boost = 1.0;
        break;
      case QueryField::kIssuer:
        field = fields::kIssuer;
        boost = 1.0;
        break;
      case QueryField::kKind:
        field = fields::kKindLabel;
        boost = 0.5;
        break;
      default:
        break;
    }
    Analysis a = Analyze(node.text);
    auto match = node.kind == QueryNode::Kind::kPhrase ? PhraseRestriction(a.grams, field)
                                                       : RunsRestriction(a.runs, field);
    if (!match) return std::nullopt;
    auto q = NewBool();
    q->add(Restrict(match), BooleanClause::MUST);
    for (const std::wstring& t : GramTerms(a.runs)) {
      q->add(Bm25(field, t, boost, level), BooleanClause::SHOULD);
    }
    return q;
  }

  Lucene::QueryPtr Years(const QueryNode& node) {
    auto year = [](int y) {
      std::wstring s = std::to_wstring(std::clamp(y, 0, 9999));
      return std::wstring(4 - std::min<size_t>(4, s.size()), L'0') + s;
    };
    Count(1);
    return Restrict(Lucene::newLucene<Lucene::TermRangeQuery>(fields::kYear, year(node.from),
                                                              year(node.to), true, true));
  }

  std::optional<Lucene::QueryPtr> And(const QueryNode& node, Level level, bool positive) {
    const std::vector<const QueryNode*> soft = SentenceGroup(node, &Builder::IsSentence);
    const bool sentence = !soft.empty();
    auto q = NewBool();
    bool any_positive = false;
    for (const QueryNode& c : node.children) {
      if (sentence && std::find(soft.begin(), soft.end(), &c) != soft.end()) continue;
      if (c.kind == QueryNode::Kind::kNot) {
        if (c.children.empty()) continue;
        auto neg = Translate(c.children.front(), level, /*positive=*/false);
        if (neg) q->add(Restrict(*neg), BooleanClause::MUST_NOT);
        continue;
      }
      auto t = Translate(c, level, positive);
      if (!t) continue;
      q->add(*t, BooleanClause::MUST);
      any_positive = true;
    }
    if (sentence) {
      q->add(RelevanceBlock(soft, level, positive), BooleanClause::MUST);
      any_positive = true;
    }
    if (!any_positive) {
      // Only exclusions left (the rest were field conditions, true for pages): every page that
      // is not excluded.
      if (q->getClauses().empty()) return std::nullopt;
      q->add(Lucene::newLucene<Lucene::MatchAllDocsQuery>(), BooleanClause::MUST);
    }
    return q;
  }

  const BuildContext& context_;
  size_t terms_ = 0;
  bool relevance_mode_ = false;
  std::vector<QueryClause> highlight_;
};

Result<BuiltQuery> BuildQueriesOrThrow(const QueryNode& root, const BuildContext& context);

}  // namespace

std::vector<QueryClause> ClausesFromTokens(const std::vector<Token>& tokens, bool per_run) {
  // Runs that produced at least one bigram: their unigrams are redundant.
  std::map<int32_t, bool> run_has_bigram;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kBigram) run_has_bigram[t.run] = true;
  }
  std::vector<QueryClause> clauses;
  int32_t current_run = -1;
  int32_t base = 0;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kUnigram && run_has_bigram.count(t.run) > 0) continue;
    const bool new_clause = clauses.empty() || (per_run && t.run != current_run);
    if (new_clause) {
      clauses.emplace_back();
      base = t.position;
    }
    current_run = t.run;
    clauses.back().terms.emplace_back(t.term, t.position - base);
  }
  return clauses;
}

Result<BuiltQuery> BuildQueries(const QueryNode& root, const BuildContext& context) {
  // A sentence has a few clauses per term; kMaxQueryTerms is the limit that matters.
  static const bool kRaised = [] {
    Lucene::BooleanQuery::setMaxClauseCount(std::max<int32_t>(
        Lucene::BooleanQuery::getMaxClauseCount(), static_cast<int32_t>(8 * kMaxQueryTerms)));
    return true;
  }();
  (void)kRaised;
  try {
    return BuildQueriesOrThrow(root, context);
  } catch (const TooManyTerms&) {
    return TooManyTermsError();
  } catch (const Lucene::LuceneException&) {  // a BooleanQuery over its clause limit
    return TooManyTermsError();
  }
}

namespace {

Result<BuiltQuery> BuildQueriesOrThrow(const QueryNode& root, const BuildContext& context) {
  Builder builder(context);
  BuiltQuery out;
  auto docs = builder.Translate(root, Level::kDocuments, /*positive=*/true);
  out.documents = docs ? *docs : Lucene::newLucene<Lucene::MatchAllDocsQuery>();
  out.highlight = std::move(builder.highlight());
  out.relevance_mode = builder.relevance_mode();
  out.page_match = builder.PageQuery(root);
  return out;
}

}  // namespace

}  // namespace sanding::indexer::internal
