#include "indexer/clause_index.h"

// LuceneHeaders.h must precede the other Lucene++ headers.
// clang-format off
#include <lucene++/LuceneHeaders.h>
#include <lucene++/FieldSelector.h>
#include <lucene++/QueryWrapperFilter.h>
#include <lucene++/SerialMergeScheduler.h>
#include <lucene++/TermRangeQuery.h>
// clang-format on

#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "indexer/history/index_rows.h"
#include "indexer/history/store_io.h"
#include "indexer/internal/analyzer.h"
#include "indexer/internal/lucene_util.h"
#include "store/text.h"

namespace sanding::indexer {

namespace {

using internal::Utf8ToWide;
using internal::WideToUtf8;
using Lucene::String;  // LUCENE_CLASS names it unqualified

// Fields (see clause_index.h). Every clause entry also has kind=clause; one meta entry
// (kind=meta) is rewritten by every commit, because Lucene++ skips a commit without changes and
// would then drop its user data (a Sync that only advances the transaction number).
const wchar_t* const kFieldKey = L"key";
const wchar_t* const kFieldVersion = L"version";
const wchar_t* const kFieldInst = L"inst";
const wchar_t* const kFieldFrom = L"from";
const wchar_t* const kFieldTo = L"to";
const wchar_t* const kFieldRegion = L"region";
const wchar_t* const kFieldTerms = L"t";
const wchar_t* const kFieldKind = L"kind";
const wchar_t* const kFieldData = L"data";
const wchar_t* const kFieldHash = L"hash";
const wchar_t* const kFieldTx = L"chain_tx";
const wchar_t* const kKindClause = L"clause";
const wchar_t* const kKindMeta = L"meta";

// Commit user data: the chain transaction the index reflects and the entry format.
const wchar_t* const kUserTx = L"chain_tx";
const wchar_t* const kUserFormat = L"format";
const wchar_t* const kFormat = L"1";

const char* const kOpenFrom = "0000-00-00";
const char* const kOpenTo = "9999-12-31";

// The longest term WhitespaceTokenizer keeps whole (CharTokenizer::MAX_WORD_LEN); longer keys are
// stored with the clause but not indexed.
constexpr size_t kMaxTermChars = 255;

// All() reads entries with several threads from this many on (at most kMaxLoadThreads).
constexpr size_t kParallelLoad = 20000;
constexpr size_t kMaxLoadThreads = 8;

// ---------------------------------------------------------------------------------------------
// The stored "data" field: one binary value per clause entry, so that All() and Candidates()
// rebuild a ClauseDoc from a single stored field without wide-string conversions or ICU.
//
//   u8      format (1)
//   str     institution, name, level, region, valid_from, valid_to (chain values, "" open),
//           text (the clause, valid UTF-8), citation (JSON of history::Citation)
//   varint  index
//   varint  number of terms, then per term (AnalyzeDuty's order):
//             str key, u8 role, u32 head (IEEE-754 bits, little endian), varint begin, varint end
//   str = varint byte length, then the UTF-8 bytes; varint = LEB128 (7 bits a byte, low first).
// ---------------------------------------------------------------------------------------------
constexpr uint8_t kDataFormat = 1;

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
void PutStr(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}

class DataReader {
 public:
  DataReader(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      const uint8_t b = *p_++;
      *v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool Str(std::string* s) {
    uint64_t n = 0;
    if (!Varint(&n) || n > static_cast<uint64_t>(end_ - p_)) return false;
    s->assign(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }
  bool View(std::string_view* s) {
    uint64_t n = 0;
    if (!Varint(&n) || n > static_cast<uint64_t>(end_ - p_)) return false;
    *s = std::string_view(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }
  bool Byte(uint8_t* b) {
    if (p_ == end_) return false;
    *b = *p_++;
    return true;
  }
  bool U32(uint32_t* v) {
    if (end_ - p_ < 4) return false;
    *v = static_cast<uint32_t>(p_[0]) | static_cast<uint32_t>(p_[1]) << 8 |
         static_cast<uint32_t>(p_[2]) << 16 | static_cast<uint32_t>(p_[3]) << 24;
    p_ += 4;
    return true;
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

std::string EncodeData(const ClauseDoc& d, const std::string& citation_json) {
  std::string out;
  out.reserve(64 + d.text.size() * 2 + citation_json.size() + d.terms.terms.size() * 16);
  out.push_back(static_cast<char>(kDataFormat));
  for (const std::string* s : {&d.institution, &d.name, &d.level, &d.region, &d.valid_from,
                               &d.valid_to, &d.text, &citation_json})
    PutStr(*s, &out);
  PutVarint(d.index, &out);
  PutVarint(d.terms.terms.size(), &out);
  for (const history::DutyTerm& t : d.terms.terms) {
    PutStr(t.key, &out);
    out.push_back(static_cast<char>(t.role));
    const auto bits = std::bit_cast<uint32_t>(t.head);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
    PutVarint(t.begin, &out);
    PutVarint(t.end, &out);
  }
  return out;
}

// Parsed citations by their JSON (one per version, shared by its clauses, which are usually read
// one after the other: the last one is checked first, without hashing).
struct CitationCache {
  std::unordered_map<std::string, history::Citation> parsed;
  const std::pair<const std::string, history::Citation>* last = nullptr;
};

bool DecodeData(const uint8_t* p, size_t n, CitationCache* cache, ClauseDoc* d) {
  DataReader r(p, n);
  uint8_t format = 0;
  if (!r.Byte(&format) || format != kDataFormat) return false;
  for (std::string* s :
       {&d->institution, &d->name, &d->level, &d->region, &d->valid_from, &d->valid_to, &d->text})
    if (!r.Str(s)) return false;
  std::string_view citation;
  if (!r.View(&citation)) return false;
  uint64_t index = 0, count = 0;
  if (!r.Varint(&index) || !r.Varint(&count) || count > n) return false;
  d->index = static_cast<uint32_t>(index);
  d->terms.terms.resize(count);
  for (history::DutyTerm& t : d->terms.terms) {
    uint8_t role = 0;
    uint32_t bits = 0;
    uint64_t begin = 0, end = 0;
    if (!r.Str(&t.key) || !r.Byte(&role) || role > 2 || !r.U32(&bits) || !r.Varint(&begin) ||
        !r.Varint(&end))
      return false;
    t.role = static_cast<history::TermRole>(role);
    t.head = std::bit_cast<float>(bits);
    t.begin = static_cast<uint32_t>(begin);
    t.end = static_cast<uint32_t>(end);
  }
  if (cache->last == nullptr || cache->last->first != citation) {
    std::string key(citation);
    auto it = cache->parsed.find(key);
    if (it == cache->parsed.end()) {
      history::Citation c;
      if (!citation.empty()) {
        nlohmann::json j = nlohmann::json::parse(citation, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded()) return false;
        try {
          j.get_to(c);
        } catch (const nlohmann::json::exception&) {
          return false;
        }
      }
      it = cache->parsed.emplace(std::move(key), std::move(c)).first;
    }
    cache->last = &*it;
  }
  d->source = cache->last->second;
  return true;
}

// ---------------------------------------------------------------------------------------------

std::string Where(const std::string& dir) { return "职责条款索引目录 " + dir + " "; }

Status FromLucene(const std::string& action, const std::string& dir,
                  const Lucene::LuceneException& e) {
  return internal::FromLucene(Where(dir), action, e, "职责条款检索词过多：");
}

Status FromStd(const std::string& action, const std::string& dir, const std::exception& e) {
  return internal::FromStd(Where(dir), action, e);
}

// Loads only the named stored field.
class OneFieldSelector : public Lucene::FieldSelector {
 public:
  explicit OneFieldSelector(const wchar_t* name) : name_(name) {}
  ~OneFieldSelector() override = default;
  LUCENE_CLASS(OneFieldSelector);
  FieldSelectorResult accept(const String& field_name) override {
    // Entries store the wanted fields before the others, so nothing after it is read.
    return field_name == name_ ? SELECTOR_LOAD_AND_BREAK : SELECTOR_NO_LOAD;
  }

 private:
  String name_;
};

// Collects the (top-level) ids of every matching entry.
class IdCollector : public Lucene::Collector {
 public:
  explicit IdCollector(std::vector<int32_t>* ids) : ids_(ids) {}
  ~IdCollector() override = default;
  LUCENE_CLASS(IdCollector);
  void setScorer(const Lucene::ScorerPtr&) override {}
  void collect(int32_t doc) override { ids_->push_back(base_ + doc); }
  void setNextReader(const Lucene::IndexReaderPtr&, int32_t doc_base) override { base_ = doc_base; }
  bool acceptsDocsOutOfOrder() override { return true; }

 private:
  std::vector<int32_t>* ids_;
  int32_t base_ = 0;
};

using internal::SearcherHolder;
using internal::WriterGuard;

// A term key WhitespaceTokenizer keeps as exactly one term: no whitespace, not too long.
bool IndexableKey(const std::wstring& key) {
  if (key.empty() || key.size() > kMaxTermChars) return false;
  for (wchar_t c : key) {
    if (c <= 0x20 || c == 0x7f || c == 0x85 || c == 0xa0 || c == 0x1680 ||
        (c >= 0x2000 && c <= 0x200b) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
        c == 0x3000 || c == 0xfeff)
      return false;
  }
  return true;
}

std::string Sanitized(const std::string& s) {
  return text::IsValidUtf8(s) ? s : text::SanitizeUtf8(s);
}

// The hash stored with a version's entries: its row body and its institution's level (which the
// region depends on). SHA-256, stable across runs and machines.
std::string VersionHash(const std::string& level, const std::string& body) {
  std::string in;
  in.reserve(level.size() + 1 + body.size());
  in += level;
  in += '\x1f';
  in += body;
  return text::Sha256Hex(in);
}

// Live docs of the term `te` points at (docFreq counts deleted entries until a merge).
int32_t LiveDocFreq(const Lucene::IndexReaderPtr& reader, const Lucene::TermDocsPtr& docs,
                    const Lucene::TermEnumPtr& te) {
  if (!reader->hasDeletions()) return te->docFreq();
  docs->seek(te);
  int32_t n = 0;
  while (docs->next()) ++n;
  return n;
}

// Calls fn(utf8 term, live df, first live doc or -1) for every term of `field`.
template <typename Fn>
void ForEachTerm(const Lucene::IndexReaderPtr& reader, const wchar_t* field, bool want_doc, Fn fn) {
  Lucene::TermEnumPtr te = reader->terms(Lucene::newLucene<Lucene::Term>(field, L""));
  Lucene::TermDocsPtr docs = reader->termDocs();
  const bool deletions = reader->hasDeletions();
  try {
    do {
      Lucene::TermPtr t = te->term();
      if (!t || t->field() != field) break;
      int32_t df = 0;
      int32_t first = -1;
      if (want_doc) {
        docs->seek(te);
        while (docs->next()) {
          if (first < 0) first = docs->doc();
          ++df;
          if (!deletions) {
            df = te->docFreq();
            break;
          }
        }
      } else {
        df = LiveDocFreq(reader, docs, te);
      }
      if (df > 0) fn(t->text(), df, first);
    } while (te->next());
  } catch (...) {
    docs->close();
    te->close();
    throw;
  }
  docs->close();
  te->close();
}

uint64_t CountLive(const Lucene::IndexReaderPtr& reader, const wchar_t* field,
                   const wchar_t* value) {
  Lucene::TermDocsPtr docs = reader->termDocs(Lucene::newLucene<Lucene::Term>(field, value));
  uint64_t n = 0;
  while (docs->next()) ++n;
  docs->close();
  return n;
}

struct CommitInfo {
  bool format_ok = true;
  uint64_t tx = 0;
};

CommitInfo ReadCommitInfo(const Lucene::IndexReaderPtr& reader) {
  CommitInfo info;
  Lucene::MapStringString ud = reader->getCommitUserData();
  if (ud.contains(kUserFormat)) {
    info.format_ok = ud.get(kUserFormat) == kFormat;
  } else {
    // An index created by Open and never written: empty, any format.
    info.format_ok = reader->maxDoc() == 0;
  }
  if (ud.contains(kUserTx)) {
    const std::string s = WideToUtf8(ud.get(kUserTx));
    try {
      info.tx = std::stoull(s);
    } catch (const std::exception&) {
      info.format_ok = false;
    }
  }
  return info;
}

Lucene::QueryPtr FilterQuery(const ClauseFilter& f) {
  using Lucene::BooleanClause;
  auto q = Lucene::newLucene<Lucene::BooleanQuery>(/*disableCoord=*/true);
  q->add(Lucene::newLucene<Lucene::TermQuery>(
             Lucene::newLucene<Lucene::Term>(kFieldKind, kKindClause)),
         BooleanClause::MUST);
  if (!f.as_of.empty()) {
    const std::wstring d = Utf8ToWide(f.as_of);
    // from <= D (inclusive) and D < to (to exclusive of D: lower bound excluded).
    q->add(
        Lucene::newLucene<Lucene::TermRangeQuery>(kFieldFrom, Utf8ToWide(kOpenFrom), d, true, true),
        BooleanClause::MUST);
    q->add(Lucene::newLucene<Lucene::TermRangeQuery>(kFieldTo, d, Utf8ToWide(kOpenTo), false, true),
           BooleanClause::MUST);
  }
  if (!f.region.empty()) {
    q->add(Lucene::newLucene<Lucene::TermQuery>(
               Lucene::newLucene<Lucene::Term>(kFieldRegion, Utf8ToWide(f.region))),
           BooleanClause::MUST);
  }
  for (const std::string& inst : f.exclude_institutions) {
    q->add(Lucene::newLucene<Lucene::TermQuery>(
               Lucene::newLucene<Lucene::Term>(kFieldInst, Utf8ToWide(inst))),
           BooleanClause::MUST_NOT);
  }
  return q;
}

bool KeyLess(const ClauseDoc& a, const ClauseDoc& b) {
  return std::tie(a.institution, a.valid_from, a.index) <
         std::tie(b.institution, b.valid_from, b.index);
}

class LuceneClauseIndex final : public ClauseIndex {
 public:
  LuceneClauseIndex(std::string dir, Lucene::FSDirectoryPtr directory)
      : dir_(std::move(dir)),
        directory_(std::move(directory)),
        analyzer_(Lucene::newLucene<Lucene::WhitespaceAnalyzer>()) {}

  ~LuceneClauseIndex() override {
    std::lock_guard write_lock(write_mu_);
    std::lock_guard reader_lock(reader_mu_);
    holder_.reset();
    try {
      analyzer_->close();
      directory_->close();
    } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to report from a destructor
    }
  }

  Status Sync(Store& store) override {
    std::lock_guard lock(write_mu_);
    auto last = store.LastChainTx();
    if (!last.ok()) return last.status();
    auto holder = Acquire();
    if (!holder.ok()) return holder.status();

    // What the index holds: version id -> hash.
    std::unordered_map<std::string, std::string> indexed;
    bool delete_all = false;
    try {
      const Lucene::IndexReaderPtr& reader = (*holder)->reader;
      const CommitInfo info = ReadCommitInfo(reader);
      if (info.format_ok && info.tx == *last) return Status::Ok();
      if (!info.format_ok) {
        delete_all = true;
      } else {
        auto selector = Lucene::newLucene<OneFieldSelector>(kFieldHash);
        ForEachTerm(reader, kFieldVersion, /*want_doc=*/true,
                    [&](const std::wstring& version, int32_t, int32_t doc) {
                      Lucene::DocumentPtr d = reader->document(doc, selector);
                      indexed.emplace(WideToUtf8(version), WideToUtf8(d->get(kFieldHash)));
                    });
      }
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("读取", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("读取", dir_, e);
    }

    // What the chain holds at the store's last transaction.
    std::unordered_map<std::string, std::string> levels;
    Status inner = Status::Ok();
    SANDING_RETURN_IF_ERROR(
        store.ScanChain(ChainKind::kInstitution, "", *last, [&](const ChainRow& row) {
          try {
            nlohmann::json j = nlohmann::json::parse(row.body);
            levels[row.id] = j.value("level", std::string());
          } catch (const nlohmann::json::exception& e) {
            inner = Status::Corruption("沿革记录（institution " + Sanitized(row.id) + "）已损坏：" +
                                       e.what());
            return false;
          }
          return true;
        }));
    SANDING_RETURN_IF_ERROR(inner);

    struct Changed {
      std::string id;
      std::string hash;
      std::string level;
      std::string body;
    };
    std::vector<Changed> add;
    std::unordered_set<std::string> deletes;
    std::unordered_set<std::string> current;
    SANDING_RETURN_IF_ERROR(
        store.ScanChain(ChainKind::kVersion, "", *last, [&](const ChainRow& row) {
          const size_t sep = row.id.rfind('\x1f');
          const std::string inst = row.id.substr(0, sep == std::string::npos ? 0 : sep);
          auto lv = levels.find(inst);
          std::string level = lv == levels.end() ? std::string() : lv->second;
          std::string hash = VersionHash(level, row.body);
          std::string id = Sanitized(row.id);
          auto it = indexed.find(id);
          if (it != indexed.end() && it->second == hash) {
            current.insert(std::move(id));
            return true;
          }
          if (it != indexed.end()) deletes.insert(id);
          current.insert(std::move(id));
          add.push_back({Sanitized(row.id), std::move(hash), std::move(level), row.body});
          return true;
        }));
    for (const auto& [id, hash] : indexed)
      if (!current.count(id)) deletes.insert(id);

    try {
      auto writer = OpenWriter();
      WriterGuard guard(writer);
      if (delete_all) writer->deleteAll();
      for (const std::string& id : deletes)
        writer->deleteDocuments(Lucene::newLucene<Lucene::Term>(kFieldVersion, Utf8ToWide(id)));
      for (Changed& c : add) {
        history::Version v;
        try {
          nlohmann::json::parse(c.body).get_to(v);
        } catch (const nlohmann::json::exception& e) {
          std::string shown = c.id;
          std::replace(shown.begin(), shown.end(), '\x1f', ' ');
          return Status::Corruption("沿革记录（version " + shown + "）已损坏：" + e.what());
        }
        c.body.clear();
        c.body.shrink_to_fit();
        AddVersion(writer, v, c.level, c.hash);
      }
      Commit(writer, *last);
      guard.Close();
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("写入", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("写入", dir_, e);
    }
    return Status::Ok();
  }

  Status Rebuild(const history::Chain& chain, uint64_t tx) override {
    std::lock_guard lock(write_mu_);
    try {
      auto writer = OpenWriter();
      WriterGuard guard(writer);
      writer->deleteAll();
      for (const history::Version& v : chain.versions) {
        const history::Institution* inst = chain.FindInstitution(v.institution);
        const std::string level = inst ? inst->level : std::string();
        // The body as the store keeps it (store_io's ToRows), so a later Sync finds it unchanged;
        // ill-formed UTF-8 (which no stored row has) is replaced instead of throwing.
        const std::string body =
            nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        AddVersion(writer, v, level, VersionHash(level, body));
      }
      Commit(writer, tx);
      guard.Close();
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("重建", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("重建", dir_, e);
    }
    return Status::Ok();
  }

  Result<std::vector<ClauseCandidate>> Candidates(
      const std::vector<std::pair<std::string, double>>& query, const ClauseFilter& filter,
      size_t k) override {
    std::vector<ClauseCandidate> out;
    // One clause per key (the heaviest weight), heaviest first, at most the clause limit.
    std::unordered_map<std::wstring, double> weights;
    for (const auto& [key, w] : query) {
      if (!(w > 0)) continue;
      std::wstring wkey = Utf8ToWide(key);
      if (!IndexableKey(wkey)) continue;
      double& slot = weights[std::move(wkey)];
      slot = std::max(slot, w);
    }
    if (weights.empty() || k == 0) return out;
    std::vector<std::pair<std::wstring, double>> terms(weights.begin(), weights.end());
    std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    const auto limit = static_cast<size_t>(std::max(1, Lucene::BooleanQuery::getMaxClauseCount()));
    if (terms.size() > limit) terms.resize(limit);

    auto holder = Acquire();
    if (!holder.ok()) return holder.status();
    try {
      auto q = Lucene::newLucene<Lucene::BooleanQuery>();
      for (const auto& [key, w] : terms) {
        auto tq =
            Lucene::newLucene<Lucene::TermQuery>(Lucene::newLucene<Lucene::Term>(kFieldTerms, key));
        tq->setBoost(static_cast<double>(w));
        q->add(tq, Lucene::BooleanClause::SHOULD);
      }
      auto f = Lucene::newLucene<Lucene::QueryWrapperFilter>(FilterQuery(filter));
      const auto n = static_cast<int32_t>(std::min<size_t>(k, INT32_MAX));
      Lucene::TopDocsPtr top = (*holder)->searcher->search(q, f, n);
      auto selector = Lucene::newLucene<OneFieldSelector>(kFieldData);
      CitationCache cache;
      out.reserve(top->scoreDocs.size());
      for (const Lucene::ScoreDocPtr& sd : top->scoreDocs) {
        ClauseCandidate c;
        SANDING_RETURN_IF_ERROR(Load((*holder)->reader, sd->doc, selector, &cache, &c.doc));
        c.retrieval = sd->score;
        out.push_back(std::move(c));
      }
      return out;
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("检索", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("检索", dir_, e);
    }
  }

  Result<uint64_t> Count(const ClauseFilter& filter) override {
    auto holder = Acquire();
    if (!holder.ok()) return holder.status();
    try {
      std::vector<int32_t> ids;
      (*holder)->searcher->search(FilterQuery(filter), Lucene::newLucene<IdCollector>(&ids));
      return static_cast<uint64_t>(ids.size());
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("读取", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("读取", dir_, e);
    }
  }

  Result<std::vector<ClauseDoc>> All(const ClauseFilter& filter) override {
    auto holder = Acquire();
    if (!holder.ok()) return holder.status();
    try {
      std::vector<int32_t> ids;
      (*holder)->searcher->search(FilterQuery(filter), Lucene::newLucene<IdCollector>(&ids));
      std::sort(ids.begin(), ids.end());  // stored fields read front to back
      std::vector<ClauseDoc> docs(ids.size());
      SANDING_RETURN_IF_ERROR(LoadAll((*holder)->reader, ids, &docs));
      // Entries are mostly in key order already (added version by version); sort positions, then
      // move each ClauseDoc once.
      std::vector<uint32_t> order(docs.size());
      for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(),
                [&](uint32_t a, uint32_t b) { return KeyLess(docs[a], docs[b]); });
      std::vector<ClauseDoc> out;
      out.reserve(docs.size());
      for (uint32_t i : order) out.push_back(std::move(docs[i]));
      return out;
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("读取", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("读取", dir_, e);
    }
  }

  Result<history::TermWeights> Weights() override {
    auto holder = Acquire();
    if (!holder.ok()) return holder.status();
    const Lucene::IndexReaderPtr& reader = (*holder)->reader;
    try {
      const int64_t version = reader->getVersion();
      {
        std::lock_guard lock(cache_mu_);
        if (weights_ && weights_version_ == version) return *weights_;
      }
      std::unordered_map<std::string, uint32_t> df;
      ForEachTerm(reader, kFieldTerms, /*want_doc=*/false,
                  [&](const std::wstring& term, int32_t n, int32_t) {
                    df.emplace(WideToUtf8(term), static_cast<uint32_t>(n));
                  });
      const uint64_t clauses = CountLive(reader, kFieldKind, kKindClause);
      auto w = std::make_shared<const history::TermWeights>(clauses, std::move(df));
      std::lock_guard lock(cache_mu_);
      weights_ = w;
      weights_version_ = version;
      return *w;
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("统计", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("统计", dir_, e);
    }
  }

  Result<ClauseIndexStats> Stats() override {
    auto holder = Acquire();
    if (!holder.ok()) return holder.status();
    const Lucene::IndexReaderPtr& reader = (*holder)->reader;
    try {
      const int64_t version = reader->getVersion();
      {
        std::lock_guard lock(cache_mu_);
        if (stats_ && stats_version_ == version) return *stats_;
      }
      ClauseIndexStats s;
      s.clauses = CountLive(reader, kFieldKind, kKindClause);
      ForEachTerm(reader, kFieldVersion, /*want_doc=*/false,
                  [&](const std::wstring&, int32_t, int32_t) { ++s.versions; });
      s.chain_tx = ReadCommitInfo(reader).tx;
      std::lock_guard lock(cache_mu_);
      stats_ = s;
      stats_version_ = version;
      return s;
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("统计", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("统计", dir_, e);
    }
  }

 private:
  // The current searcher, reopened when the index has changed since it was opened.
  Result<std::shared_ptr<SearcherHolder>> Acquire() {
    std::lock_guard lock(reader_mu_);
    try {
      return internal::CurrentSearcher(directory_, &holder_);
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("打开", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("打开", dir_, e);
    }
  }

  // Loads the entries `ids` into `docs` (same size); a large list is read by several threads
  // (a reader serves concurrent stored-field reads: each thread gets its own FieldsReader).
  Status LoadAll(const Lucene::IndexReaderPtr& reader, const std::vector<int32_t>& ids,
                 std::vector<ClauseDoc>* docs) {
    size_t threads = 1;
    if (ids.size() >= kParallelLoad) {
      threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kMaxLoadThreads);
      threads = std::min(threads, ids.size() / (kParallelLoad / 4));
    }
    const size_t chunk = (ids.size() + threads - 1) / std::max<size_t>(threads, 1);
    std::vector<Status> status(threads, Status::Ok());
    auto run = [&](size_t t) {
      try {
        auto selector = Lucene::newLucene<OneFieldSelector>(kFieldData);
        CitationCache cache;
        const size_t end = std::min(ids.size(), (t + 1) * chunk);
        for (size_t i = t * chunk; i < end; ++i) {
          status[t] = Load(reader, ids[i], selector, &cache, &(*docs)[i]);
          if (!status[t].ok()) return;
        }
      } catch (const Lucene::LuceneException& e) {
        status[t] = FromLucene("读取", dir_, e);
      } catch (const std::exception& e) {
        status[t] = FromStd("读取", dir_, e);
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(run, t);
    run(0);
    for (auto& th : pool) th.join();
    for (const Status& st : status) SANDING_RETURN_IF_ERROR(st);
    return Status::Ok();
  }

  Status Load(const Lucene::IndexReaderPtr& reader, int32_t id,
              const Lucene::FieldSelectorPtr& selector, CitationCache* cache, ClauseDoc* out) {
    Lucene::DocumentPtr d = reader->document(id, selector);
    Lucene::ByteArray data = d->getBinaryValue(kFieldData);
    if (!data || !DecodeData(data.get(), static_cast<size_t>(data.size()), cache, out)) {
      return Status::Corruption(Where(dir_) + "中第 " + std::to_string(id) +
                                " 条记录无法读取，请运行 sanding reindex 重建");
    }
    return Status::Ok();
  }

  Lucene::IndexWriterPtr OpenWriter() {
    auto writer = Lucene::newLucene<Lucene::IndexWriter>(
        directory_, analyzer_, /*create=*/false, Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
    writer->setMergeScheduler(Lucene::newLucene<Lucene::SerialMergeScheduler>());
    writer->setRAMBufferSizeMB(64);
    return writer;
  }

  // Rewrites the meta entry (so the commit is never skipped) and commits with the user data.
  static void Commit(const Lucene::IndexWriterPtr& writer, uint64_t tx) {
    using F = Lucene::AbstractField;
    const std::wstring wtx = Utf8ToWide(std::to_string(tx));
    auto meta = Lucene::newLucene<Lucene::Document>();
    meta->add(Lucene::newLucene<Lucene::Field>(kFieldKind, kKindMeta, F::STORE_YES,
                                               F::INDEX_NOT_ANALYZED_NO_NORMS));
    meta->add(Lucene::newLucene<Lucene::Field>(kFieldTx, wtx, F::STORE_YES, F::INDEX_NO));
    writer->updateDocument(Lucene::newLucene<Lucene::Term>(kFieldKind, kKindMeta), meta);
    Lucene::MapStringString ud = Lucene::MapStringString::newInstance();
    ud.put(kUserTx, wtx);
    ud.put(kUserFormat, kFormat);
    writer->commit(ud);
  }

  // Adds one entry per duty clause of `v`.
  static void AddVersion(const Lucene::IndexWriterPtr& writer, const history::Version& v,
                         const std::string& level, const std::string& hash) {
    using F = Lucene::AbstractField;
    if (v.duties.empty()) return;
    ClauseDoc base;
    base.institution = Sanitized(v.institution);
    base.name = Sanitized(v.name);
    base.level = Sanitized(level);
    base.region = Sanitized(history::RegionOf(v.name, level));
    base.valid_from = Sanitized(v.valid_from);
    base.valid_to = Sanitized(v.valid_to);
    history::Citation cite;
    if (auto it = v.cites.find("duties"); it != v.cites.end()) {
      cite = it->second;
    } else if (!v.sources.empty()) {
      cite = v.sources.front();
    }
    const std::string cite_json =
        nlohmann::json(cite).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::wstring version = Utf8ToWide(history::VersionRowId(v.institution, v.valid_from));
    const std::wstring inst = Utf8ToWide(base.institution);
    const std::wstring from = Utf8ToWide(v.valid_from.empty() ? kOpenFrom : base.valid_from);
    const std::wstring to = Utf8ToWide(v.valid_to.empty() ? kOpenTo : base.valid_to);
    const std::wstring region = Utf8ToWide(base.region);
    const std::wstring whash = Utf8ToWide(hash);
    const std::wstring key_prefix = version + L'\x1f';

    for (size_t i = 0; i < v.duties.size(); ++i) {
      ClauseDoc d = base;
      d.index = static_cast<uint32_t>(i);
      d.text = Sanitized(v.duties[i]);
      d.terms = history::AnalyzeDuty(d.text);
      const std::string data = EncodeData(d, cite_json);
      Lucene::ByteArray bytes = Lucene::ByteArray::newInstance(static_cast<int32_t>(data.size()));
      std::memcpy(bytes.get(), data.data(), data.size());

      std::wstring t;
      for (const history::DutyTerm& term : d.terms.terms) {
        std::wstring key = Utf8ToWide(term.key);
        if (!IndexableKey(key)) continue;
        if (!t.empty()) t += L' ';
        t += key;
      }

      auto doc = Lucene::newLucene<Lucene::Document>();
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldData, bytes, F::STORE_YES));
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldKey, key_prefix + std::to_wstring(i),
                                                F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldVersion, version, F::STORE_NO,
                                                F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldInst, inst, F::STORE_YES,
                                                F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldFrom, from, F::STORE_NO,
                                                F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldTo, to, F::STORE_NO,
                                                F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldRegion, region, F::STORE_YES,
                                                F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldKind, kKindClause, F::STORE_NO,
                                                F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldHash, whash, F::STORE_YES, F::INDEX_NO));
      if (!t.empty()) {
        auto field =
            Lucene::newLucene<Lucene::Field>(kFieldTerms, t, F::STORE_NO, F::INDEX_ANALYZED);
        field->setOmitTermFreqAndPositions(true);  // every key occurs once per clause
        doc->add(field);
      }
      writer->addDocument(doc);
    }
  }

  const std::string dir_;
  Lucene::FSDirectoryPtr directory_;
  Lucene::AnalyzerPtr analyzer_;
  std::mutex write_mu_;   // serialises Sync and Rebuild
  std::mutex reader_mu_;  // guards holder_
  std::shared_ptr<SearcherHolder> holder_;
  std::mutex cache_mu_;  // guards the caches below (keyed by the reader's commit version)
  std::shared_ptr<const history::TermWeights> weights_;
  int64_t weights_version_ = -1;
  std::optional<ClauseIndexStats> stats_;
  int64_t stats_version_ = -1;
};

}  // namespace

Result<std::unique_ptr<ClauseIndex>> ClauseIndex::Open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("无法创建职责条款索引目录 " + dir + "：" + ec.message());
  try {
    auto directory = Lucene::FSDirectory::open(Utf8ToWide(dir));
    if (!Lucene::IndexReader::indexExists(directory)) {
      auto writer = Lucene::newLucene<Lucene::IndexWriter>(
          directory, Lucene::newLucene<Lucene::WhitespaceAnalyzer>(), /*create=*/true,
          Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
      writer->close();
    }
    return std::unique_ptr<ClauseIndex>(std::make_unique<LuceneClauseIndex>(dir, directory));
  } catch (const Lucene::LuceneException& e) {
    return FromLucene("打开", dir, e);
  } catch (const std::exception& e) {
    return FromStd("打开", dir, e);
  }
}

}  // namespace sanding::indexer
