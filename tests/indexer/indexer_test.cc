#include "tests/util/store_util.h"
#include "indexer/indexer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <lucene++/LuceneHeaders.h>

#include "indexer/extract/facts.h"
#include "indexer/internal/analyzer.h"
#include "store/store.h"
#include "store/text.h"

namespace sanding::indexer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Stores a complete text file with the given pages; returns its sha256.
std::string AddFile(Store& store, const std::string& name, const std::string& title,
                    const std::vector<std::string>& pages) {
  return sanding::testing::AddCompleteFile(store, name, title, pages,
                                           {SourceRef{"/archive/" + name, ""}});
}

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sanding-index-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    store_ = Store::NewInMemory();
    auto index = Index::Open(dir_ + "/index");
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(index).value();
  }
  void TearDown() override {
    index_.reset();
    std::filesystem::remove_all(dir_);
  }

  SearchResponse Find(const std::string& q, size_t offset = 0, size_t limit = 10) {
    SearchRequest req;
    req.query = q;
    req.offset = offset;
    req.limit = limit;
    auto r = index_->Search(req);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    return r.ok() ? r.value() : SearchResponse{};
  }

  std::vector<std::string> Shas(const SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.sha256);
    return out;
  }

  // Stores extraction facts for `sha` (what `sanding extract` would have found).
  void SetFacts(const std::string& sha, const std::string& kind, const std::string& title,
                const std::string& doc_number, const std::string& date, const std::string& issuer,
                const std::vector<std::string>& institutions, const std::string& access = "") {
    extract::DocumentFacts f;
    f.files = {sha};
    f.kind.value = kind;
    f.title.value = title;
    f.doc_number.value = doc_number;
    f.date.value = date;
    f.issuer.value = issuer;
    f.access.value = access;
    for (const std::string& i : institutions) {
      extract::Mention m;
      m.text = i;
      m.name = i;
      f.subjects.push_back(m);
    }
    Status st = store_->PutFacts(sha, nlohmann::json(f).dump());
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  SearchResponse FindWith(SearchRequest req) {
    auto r = index_->Search(req);
    EXPECT_TRUE(r.ok()) << req.query << ": " << r.status().ToString();
    return r.ok() ? r.value() : SearchResponse{};
  }

  void SyncOk() {
    Status st = index_->Sync(*store_);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Index> index_;
};

TEST_F(IndexTest, EmptyIndexFindsNothing) {
  EXPECT_EQ(Find("编制").total, 0u);
  auto stats = index_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 0u);
  EXPECT_EQ(stats->pages, 0u);
}

TEST_F(IndexTest, PhraseFindsTheRightDocumentAndPage) {
  const std::string a = AddFile(*store_, "a.txt", "市政府办公室主要职责",
                                {"第一页：总则。", "第二页：机构编制管理办法。", "第三页：附则。"});
  AddFile(*store_, "b.txt", "其他文件", {"机构改革方案，编制另行核定。"});
  SyncOk();
  auto pending = store_->PendingIndex();
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());

  const SearchResponse r = Find("机构编制");
  ASSERT_EQ(r.total, 1u);
  ASSERT_EQ(r.hits.size(), 1u);
  const DocumentHit& hit = r.hits[0];
  EXPECT_EQ(hit.sha256, a);
  EXPECT_EQ(hit.title, "市政府办公室主要职责");
  EXPECT_EQ(hit.name, "a.txt");
  EXPECT_EQ(hit.format, "text");
  EXPECT_EQ(hit.page_count, 3u);
  EXPECT_EQ(hit.best.page, 2u);
  EXPECT_THAT(hit.matching_pages, ElementsAre(2u));
  EXPECT_GT(hit.score, 0);
  EXPECT_THAT(hit.best.snippet, HasSubstr("\x01机构编制\x02"));
}

TEST_F(IndexTest, SingleCharacterQueryMatches) {
  const std::string a = AddFile(*store_, "a.txt", "甲", {"设立审计局。"});
  AddFile(*store_, "b.txt", "乙", {"设立统计科。"});
  SyncOk();
  const SearchResponse r = Find("局");
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(r.hits[0].sha256, a);
  EXPECT_THAT(r.hits[0].best.snippet, HasSubstr("\x01局\x02"));
  EXPECT_EQ(Find("设").total, 2u);
}

TEST_F(IndexTest, FullWidthAndHalfWidthMatchEachOther) {
  const std::string a = AddFile(*store_, "a.txt", "甲", {"国办发〔２００８〕６０号 ＯＦＤ版式"});
  const std::string b = AddFile(*store_, "b.txt", "乙", {"鲁编办发[2016]12号 ofd"});
  SyncOk();
  EXPECT_THAT(Shas(Find("2008")), ElementsAre(a));
  EXPECT_THAT(Shas(Find("\"国办发 2008 60号\"")), ElementsAre(a));
  EXPECT_THAT(Shas(Find("２０１６")), ElementsAre(b));
  EXPECT_EQ(Find("OFD").total, 2u);
}

TEST_F(IndexTest, AllTermsAreRequired) {
  const std::string both = AddFile(*store_, "a.txt", "甲", {"国务院办公厅关于印发的通知"});
  AddFile(*store_, "b.txt", "乙", {"国务院关于机构设置的通知"});
  SyncOk();
  EXPECT_THAT(Shas(Find("国务院 办公厅")), ElementsAre(both));
  EXPECT_EQ(Find("国务院 通知").total, 2u);
  EXPECT_EQ(Find("国务院 不存在").total, 0u);
}

TEST_F(IndexTest, TermsOnDifferentPagesMatchTheDocumentAndBothPages) {
  const std::string a = AddFile(*store_, "a.txt", "甲", {"国务院", "办公厅", "无关", "国务院办公厅"});
  SyncOk();
  EXPECT_EQ(Find("国务院").total, 1u);
  const SearchResponse r = Find("国务院 办公厅");
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(r.hits[0].sha256, a);
  EXPECT_THAT(r.hits[0].matching_pages, ElementsAre(1u, 2u, 4u));
  EXPECT_EQ(r.hits[0].best.page, 4u);  // the page holding both
  EXPECT_EQ(Find("国务院 不存在").total, 0u);
}

TEST_F(IndexTest, PagingOverDocumentsWithTotals) {
  std::set<std::string> all;
  for (int i = 0; i < 5; ++i) {
    // Several matching pages per file: total counts documents, not pages.
    all.insert(AddFile(*store_, "f" + std::to_string(i) + ".txt", "文件" + std::to_string(i),
                       {"人员编制第" + std::to_string(i) + "号", "人员编制续页", "无关"}));
  }
  AddFile(*store_, "other.txt", "无关", {"没有相关内容"});
  SyncOk();
  std::set<std::string> seen;
  for (size_t offset : {0u, 2u, 4u}) {
    const SearchResponse r = Find("人员编制", offset, 2);
    EXPECT_EQ(r.total, 5u);
    EXPECT_EQ(r.hits.size(), offset == 4 ? 1u : 2u);
    for (const auto& h : r.hits) {
      EXPECT_TRUE(seen.insert(h.sha256).second) << "duplicate " << h.sha256;
      EXPECT_THAT(h.matching_pages, ElementsAre(1u, 2u));
    }
  }
  EXPECT_EQ(seen, all);
  const SearchResponse past_end = Find("人员编制", 10, 2);
  EXPECT_EQ(past_end.total, 5u);
  EXPECT_TRUE(past_end.hits.empty());
  // Best first.
  const SearchResponse r = Find("人员编制", 0, 10);
  for (size_t i = 1; i < r.hits.size(); ++i) EXPECT_GE(r.hits[i - 1].score, r.hits[i].score);
}

TEST_F(IndexTest, TitleMatchGivesABonus) {
  const std::string plain = AddFile(*store_, "a.txt", "通知", {"关于人员编制的说明。"});
  const std::string titled = AddFile(*store_, "b.txt", "人员编制通知", {"关于人员编制的说明。"});
  SyncOk();
  EXPECT_THAT(Shas(Find("人员编制")), ElementsAre(titled, plain));
  // A title match alone finds the document (its first page is shown).
  const SearchResponse by_title = Find("通知");
  EXPECT_EQ(by_title.total, 2u);
  for (const auto& h : by_title.hits) EXPECT_EQ(h.best.page, 1u);
}

TEST_F(IndexTest, SyncIsIdempotent) {
  const std::string a = AddFile(*store_, "a.txt", "甲", {"内设机构", "内设机构"});
  SyncOk();
  SyncOk();
  ASSERT_TRUE(store_->RequeueAll().ok());
  SyncOk();
  const SearchResponse r = Find("内设机构");
  ASSERT_EQ(r.total, 1u);
  EXPECT_THAT(r.hits[0].matching_pages, ElementsAre(1u, 2u));
  auto stats = index_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1u);
  EXPECT_EQ(stats->pages, 2u);
}

TEST_F(IndexTest, RebuildReplacesEverythingFromTheStore) {
  AddFile(*store_, "a.txt", "甲", {"领导职数"});
  SyncOk();
  ASSERT_EQ(Find("领导职数").total, 1u);

  auto other = Store::NewInMemory();
  const std::string b = AddFile(*other, "b.txt", "乙", {"事业编制", "第二页"});
  ASSERT_TRUE(other->AckIndexed({b}).ok());  // Rebuild must requeue it itself.
  Status st = index_->Rebuild(*other);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Find("领导职数").total, 0u);
  EXPECT_THAT(Shas(Find("事业编制")), ElementsAre(b));
  auto stats = index_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1u);
  EXPECT_EQ(stats->pages, 2u);
}

TEST_F(IndexTest, RequeuedFileReplacesItsOldEntries) {
  const std::string a = AddFile(*store_, "a.txt", "甲", {"旧的职责表述", "第二页"});
  SyncOk();
  PageRecord page;
  page.sha256 = a;
  page.page = 1;
  page.method = TextMethod::kPlainText;
  page.text = "新的职责表述";
  ASSERT_TRUE(store_->PutPage(page).ok());
  ASSERT_TRUE(store_->RequeueAll().ok());
  SyncOk();
  EXPECT_EQ(Find("旧的").total, 0u);
  const SearchResponse r = Find("职责表述");
  ASSERT_EQ(r.total, 1u);
  EXPECT_THAT(r.hits[0].matching_pages, ElementsAre(1u));
  EXPECT_THAT(r.hits[0].best.snippet, HasSubstr("新的"));
  auto stats = index_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->pages, 2u);
}

// Forwards to an in-memory store but serves page texts with ill-formed UTF-8 spliced in, as a
// store holding raw bytes (or a future store version) could.
class RawBytesStore : public Store {
 public:
  explicit RawBytesStore(Store& inner) : inner_(inner) {}
  Status BeginFile(const FileRecord& rec, std::string_view original) override {
    return inner_.BeginFile(rec, original);
  }
  Result<FileRecord> GetFile(const std::string& sha) override { return inner_.GetFile(sha); }
  Result<bool> AddSource(const std::string& sha, const SourceRef& src) override {
    return inner_.AddSource(sha, src);
  }
  Result<std::string> GetOriginal(const std::string& sha) override {
    return inner_.GetOriginal(sha);
  }
  Status CompleteFile(const std::string& sha, const std::string& title) override {
    return inner_.CompleteFile(sha, title);
  }
  Status ForEachFile(const std::function<bool(const FileRecord&)>& fn) override {
    return inner_.ForEachFile(fn);
  }
  Status PutPage(const PageRecord& page) override { return inner_.PutPage(page); }
  Result<PageRecord> GetPage(const std::string& sha, uint32_t page) override {
    return inner_.GetPage(sha, page);
  }
  Result<std::vector<PageRecord>> GetPages(const std::string& sha) override {
    auto pages = inner_.GetPages(sha);
    if (!pages.ok()) return pages;
    for (PageRecord& p : *pages) {
      const size_t at = p.text.find("|");
      if (at != std::string::npos) p.text.replace(at, 1, "\xff\xfe\xc3");
    }
    return pages;
  }
  Status ForEachPage(const std::function<bool(const PageRecord&)>& fn) override {
    return inner_.ForEachPage(fn);
  }
  Status RecordFailure(const FailureRecord& f) override { return inner_.RecordFailure(f); }
  Status ClearFailure(const std::string& source) override { return inner_.ClearFailure(source); }
  Result<std::vector<FailureRecord>> ListFailures() override { return inner_.ListFailures(); }
  Result<std::vector<std::string>> PendingIndex() override { return inner_.PendingIndex(); }
  Status AckIndexed(const std::vector<std::string>& shas) override {
    return inner_.AckIndexed(shas);
  }
  Status RequeueAll() override { return inner_.RequeueAll(); }
  Status PutFacts(const std::string& sha, const std::string& facts) override {
    return inner_.PutFacts(sha, facts);
  }
  Result<std::optional<std::string>> GetFacts(const std::string& sha) override {
    return inner_.GetFacts(sha);
  }
  Result<CorrectionRecord> AddCorrection(const CorrectionRecord& c) override {
    return inner_.AddCorrection(c);
  }
  Result<std::vector<CorrectionRecord>> ListCorrections(const std::string& sha) override {
    return inner_.ListCorrections(sha);
  }
  Result<ChainTx> CommitChain(const ChainChange& change) override {
    return inner_.CommitChain(change);
  }
  Result<uint64_t> LastChainTx() override { return inner_.LastChainTx(); }
  Status ScanChain(ChainKind kind, std::string_view id_prefix, uint64_t as_recorded,
                   const ChainVisitor& fn) override {
    return inner_.ScanChain(kind, id_prefix, as_recorded, fn);
  }
  Result<std::vector<ChainRow>> ChainRowHistory(ChainKind kind, std::string_view id) override {
    return inner_.ChainRowHistory(kind, id);
  }
  Result<std::vector<ChainTx>> ListChainTx() override { return inner_.ListChainTx(); }
  Result<ChainCuration> AddChainCuration(const ChainCuration& c) override {
    return inner_.AddChainCuration(c);
  }
  Result<std::vector<ChainCuration>> ListChainCurations() override {
    return inner_.ListChainCurations();
  }
  Status Backup(const std::string& dir) override { return inner_.Backup(dir); }
  Result<StoreStats> Stats() override { return inner_.Stats(); }
  Status Sync() override { return inner_.Sync(); }

 private:
  Store& inner_;
};

TEST_F(IndexTest, InvalidUtf8DoesNotDropTheRestOfThePage) {
  const std::string a = AddFile(*store_, "a.txt", "甲", {"前文机构|编制后文 tail"});
  RawBytesStore raw(*store_);
  auto pages = raw.GetPages(a);
  ASSERT_TRUE(pages.ok());
  ASSERT_FALSE(text::IsValidUtf8(pages->front().text));
  Status st = index_->Sync(raw);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_THAT(Shas(Find("前文机构")), ElementsAre(a));
  EXPECT_THAT(Shas(Find("编制后文")), ElementsAre(a));
  EXPECT_THAT(Shas(Find("tail")), ElementsAre(a));
  // The ill-formed bytes break the run: no bigram spans them.
  EXPECT_EQ(Find("机构编制").total, 0u);
  EXPECT_THAT(Find("tail").hits[0].best.snippet, HasSubstr("\xEF\xBF\xBD"));
}

TEST_F(IndexTest, LongPageIsFullySearchable) {
  std::string body;
  const std::string filler[] = {"甲", "乙", "丙", "丁"};
  for (int i = 0; i < 30000; ++i) {
    if (i == 25000) body += "独特标记";
    body += filler[i % 4];
  }
  body += " zzyzx";
  const std::string a = AddFile(*store_, "long.txt", "长文件", {body});
  SyncOk();
  EXPECT_THAT(Shas(Find("独特标记")), ElementsAre(a));
  EXPECT_THAT(Shas(Find("zzyzx")), ElementsAre(a));
  EXPECT_THAT(Find("独特标记").hits[0].best.snippet, HasSubstr("\x01独特标记\x02"));
}

TEST_F(IndexTest, MalformedQueryIsInvalidArgument) {
  auto r = index_->Search(SearchRequest{"\"机构编制", 0, 10});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("没有对应的结束引号"));
  for (const std::string bad : {"(机构 编制", "机构 AND", "OR 编制", "年份:19x8", "年份:2003..1998",
                                "NOT 编制", "标题:", "()"}) {
    auto e = index_->Search(SearchRequest{bad, 0, 10});
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.status().code(), Status::Code::kInvalidArgument) << bad;
    EXPECT_TRUE(text::IsValidUtf8(e.status().message()));
    EXPECT_THAT(e.status().message(), ::testing::AnyOf(HasSubstr("检索式"), HasSubstr("年份"),
                                                       HasSubstr("请输入")))
        << bad << ": " << e.status().message();
  }
  auto empty = index_->Search(SearchRequest{"  ", 0, 10});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kInvalidArgument);
}

TEST_F(IndexTest, SearchOnlyInstancesSeeCommitsAndDoNotBlockTheWriter) {
  auto reader = Index::Open(dir_ + "/index");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->Search(SearchRequest{"编制", 0, 10})->total, 0u);
  AddFile(*store_, "a.txt", "甲", {"核定编制"});
  SyncOk();  // the other instance holds a reader, not the write lock
  EXPECT_EQ((*reader)->Search(SearchRequest{"编制", 0, 10})->total, 1u);
  // And the other instance can write once this one is idle.
  AddFile(*store_, "b.txt", "乙", {"核减编制"});
  Status st = (*reader)->Sync(*store_);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Find("编制").total, 2u);
}

TEST_F(IndexTest, ReopenedIndexKeepsItsEntries) {
  const std::string a = AddFile(*store_, "a.txt", "甲", {"职能配置"});
  SyncOk();
  index_.reset();
  auto again = Index::Open(dir_ + "/index");
  ASSERT_TRUE(again.ok());
  index_ = std::move(again).value();
  EXPECT_THAT(Shas(Find("职能配置")), ElementsAre(a));
}

TEST_F(IndexTest, SearchesRunWhileSyncing) {
  constexpr int kFiles = 12;
  std::thread writer([&] {
    for (int i = 0; i < kFiles; ++i) {
      AddFile(*store_, "f" + std::to_string(i) + ".txt", "文件", {"撤销合并 " + std::to_string(i)});
      Status st = index_->Sync(*store_);
      EXPECT_TRUE(st.ok()) << st.ToString();
    }
  });
  uint64_t last = 0;
  for (int i = 0; i < 3 * kFiles; ++i) {
    auto r = index_->Search(SearchRequest{"撤销合并", 0, 5});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_GE(r->total, last);  // commits only add files
    last = r->total;
  }
  writer.join();
  EXPECT_EQ(Find("撤销合并").total, static_cast<uint64_t>(kFiles));
}

TEST_F(IndexTest, OpenFailsWithAChineseMessageWhenTheDirectoryCannotBeCreated) {
  const std::string file = dir_ + "/plain-file";
  { std::ofstream(file) << "x"; }
  auto r = Index::Open(file + "/index");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIOError);
  EXPECT_THAT(r.status().message(), HasSubstr("无法创建索引目录"));
  EXPECT_THAT(r.status().message(), HasSubstr(file));
}

}  // namespace
}  // namespace sanding::indexer

namespace sanding::indexer {
namespace {

TEST_F(IndexTest, TraditionalAndSimplifiedMatchEachOther) {
  const std::string trad = AddFile(*store_, "t.txt", "甲", {"國務院辦公廳關於機構編制的通知"});
  const std::string simp = AddFile(*store_, "s.txt", "乙", {"国务院办公厅关于印发规定的通知"});
  SyncOk();
  EXPECT_THAT(Shas(Find("机构编制")), ElementsAre(trad));
  EXPECT_THAT(Shas(Find("機構編制")), ElementsAre(trad));
  std::set<std::string> both;
  for (const auto& h : Find("國務院辦公廳").hits) both.insert(h.sha256);
  EXPECT_EQ(both, (std::set<std::string>{trad, simp}));
  // The snippet shows the text as written, with the match marked.
  EXPECT_THAT(Find("机构编制").hits[0].best.snippet, HasSubstr("\x01機構編制\x02"));
}

TEST_F(IndexTest, OcrNoiseCostsLittleRecall) {
  // Spaces between characters, a speck inside a word, and one misread character in a long name.
  const std::string spaced = AddFile(*store_, "a.txt", "甲", {"核定 人 员 编 制 二十 名"});
  const std::string speck = AddFile(*store_, "b.txt", "乙", {"设立机构.编制委员会"});
  const std::string misread =
      AddFile(*store_, "c.txt", "丙", {"清河市机构编刺委员会办公室关于核增编制的批复"});
  AddFile(*store_, "d.txt", "丁", {"人员名单，编号另附"});
  SyncOk();
  EXPECT_THAT(Shas(Find("人员编制")), ElementsAre(spaced));
  EXPECT_THAT(Shas(Find("机构编制")), ElementsAre(speck));
  EXPECT_THAT(Shas(Find("清河市机构编制委员会办公室")), ElementsAre(misread));
  EXPECT_THAT(Find("人员编制").hits[0].best.snippet, HasSubstr("\x01人员编制\x02"));
}

TEST_F(IndexTest, FieldAndRangeQueries) {
  const std::string a = AddFile(*store_, "a.txt", "a", {"关于核增清河市民政局行政编制的批复，正文。"});
  const std::string b = AddFile(*store_, "b.txt", "b", {"关于印发清河市财政局主要职责内设机构和人员编制规定的通知"});
  const std::string c = AddFile(*store_, "c.txt", "c", {"关于撤销清河市粮食局的通知，民政局协办"});
  SetFacts(a, "批复", "清河市机构编制委员会关于核增清河市民政局行政编制的批复", "清编〔1999〕2号",
           "1999-04-22", "清河市机构编制委员会", {"清河市民政局"});
  SetFacts(b, "三定规定", "关于印发清河市财政局三定规定的通知", "清政办发〔2002〕15号", "2002-07-01",
           "清河市人民政府办公室", {"清河市财政局"});
  SetFacts(c, "通知", "关于撤销清河市粮食局的通知", "清政发〔2005〕8号", "2005-03-01",
           "清河市人民政府", {"清河市粮食局"});
  SyncOk();
  EXPECT_THAT(Shas(Find("文号:清编〔1999〕2号")), ElementsAre(a));
  EXPECT_THAT(Shas(Find("文号:清编[1999]2号")), ElementsAre(a));  // any bracket style
  EXPECT_THAT(Shas(Find("标题:三定规定")), ElementsAre(b));
  EXPECT_THAT(Shas(Find("机构:民政局")), ElementsAre(a));  // c only mentions it in the text
  EXPECT_EQ(Find("民政局").total, 2u);
  EXPECT_THAT(Shas(Find("类型:批复")), ElementsAre(a));
  EXPECT_THAT(Shas(Find("发文机关:人民政府办公室")), ElementsAre(b));
  EXPECT_THAT(Shas(Find("年份:1998..2003", 0, 10)), ::testing::UnorderedElementsAre(a, b));
  EXPECT_THAT(Shas(Find("年份:2005")), ElementsAre(c));
  EXPECT_THAT(Shas(Find("通知 年份:2003..")), ElementsAre(c));
  EXPECT_THAT(Shas(Find("通知 NOT 年份:2005")), ElementsAre(b));
  EXPECT_THAT(Shas(Find("(机构:民政局 OR 机构:粮食局) -撤销")), ElementsAre(a));
  EXPECT_THAT(Shas(Find("类型:三定 OR 类型:批复")), ::testing::UnorderedElementsAre(a, b));
  // The hit carries the facts.
  const DocumentHit hit = Find("文号:清编〔1999〕2号").hits.at(0);
  EXPECT_EQ(hit.doc_number, "清编〔1999〕2号");
  EXPECT_EQ(hit.kind, "批复");
  EXPECT_EQ(hit.date, "1999-04-22");
  EXPECT_EQ(hit.issuer, "清河市机构编制委员会");
  EXPECT_THAT(hit.institutions, ElementsAre("清河市民政局"));
  EXPECT_EQ(hit.title, "清河市机构编制委员会关于核增清河市民政局行政编制的批复");
}

TEST_F(IndexTest, FacetsCountEveryMatchingDocument) {
  std::vector<std::string> shas;
  for (int i = 0; i < 6; ++i) {
    shas.push_back(AddFile(*store_, "f" + std::to_string(i) + ".txt", "t",
                           {"机构编制事项第" + std::to_string(i) + "件"}));
  }
  const std::string other = AddFile(*store_, "x.txt", "x", {"无关内容"});
  SetFacts(shas[0], "批复", "甲", "", "1999-01-01", "清河市编委", {"清河市民政局", "清河市财政局"});
  SetFacts(shas[1], "批复", "乙", "", "1999-06-01", "清河市编委", {"清河市民政局"});
  SetFacts(shas[2], "通知", "丙", "", "2002-01-01", "清河市人民政府", {"清河市财政局"});
  SetFacts(shas[3], "三定规定", "丁", "", "2002-05-01", "清河市人民政府", {});
  SetFacts(other, "批复", "戊", "", "1999-01-01", "清河市编委", {"清河市民政局"});
  SyncOk();
  const SearchResponse r = Find("机构编制", 0, 2);
  EXPECT_EQ(r.total, 6u);
  EXPECT_EQ(r.hits.size(), 2u);  // facets count all six, not the page of two
  EXPECT_THAT(r.facets.year, ElementsAre(FacetValue{"2002", 2}, FacetValue{"1999", 2}));
  EXPECT_THAT(r.facets.kind, ElementsAre(FacetValue{"批复", 2}, FacetValue{"三定规定", 1},
                                         FacetValue{"通知", 1}));
  EXPECT_THAT(r.facets.issuer,
              ElementsAre(FacetValue{"清河市人民政府", 2}, FacetValue{"清河市编委", 2}));
  EXPECT_THAT(r.facets.institution,
              ElementsAre(FacetValue{"清河市民政局", 2}, FacetValue{"清河市财政局", 2}));
  SearchRequest none;
  none.query = "机构编制";
  none.facet_limit = 0;
  EXPECT_TRUE(FindWith(none).facets.year.empty());
  SearchRequest one;
  one.query = "机构编制";
  one.facet_limit = 1;
  EXPECT_EQ(FindWith(one).facets.kind.size(), 1u);
}

TEST_F(IndexTest, SortByDateWithUndatedLast) {
  const std::string old_doc = AddFile(*store_, "a.txt", "a", {"编制批复一"});
  const std::string new_doc = AddFile(*store_, "b.txt", "b", {"编制批复二，编制，编制"});
  const std::string undated = AddFile(*store_, "c.txt", "c", {"编制批复三"});
  SetFacts(old_doc, "批复", "a", "", "1990-01-01", "", {});
  SetFacts(new_doc, "批复", "b", "", "2010-01-01", "", {});
  SyncOk();
  SearchRequest req;
  req.query = "编制";
  req.sort = SearchRequest::Sort::kDateDesc;
  EXPECT_THAT(Shas(FindWith(req)), ElementsAre(new_doc, old_doc, undated));
  req.sort = SearchRequest::Sort::kDateAsc;
  EXPECT_THAT(Shas(FindWith(req)), ElementsAre(old_doc, new_doc, undated));
  req.sort = SearchRequest::Sort::kDateAsc;
  req.offset = 1;
  req.limit = 1;
  EXPECT_THAT(Shas(FindWith(req)), ElementsAre(new_doc));
}

TEST_F(IndexTest, InternalDocumentsNeverAppearUnlessAllowed) {
  const std::string open_doc = AddFile(*store_, "a.txt", "a", {"关于机构编制的批复"});
  const std::string internal_doc = AddFile(*store_, "b.txt", "b", {"关于机构编制的批复（此件不公开）"});
  SetFacts(open_doc, "批复", "公开批复", "清编〔2001〕1号", "2001-01-01", "清河市编委", {"清河市民政局"});
  SetFacts(internal_doc, "通知", "内部通知", "清编〔2001〕2号", "2003-01-01", "清河市秘密机关",
           {"清河市保密局"}, "内部");
  SyncOk();
  for (const std::string q : {"机构编制", "批复", "文号:清编〔2001〕2号", "机构:保密局",
                              "发文机关:秘密机关", "年份:2003", "类型:通知", "不公开"}) {
    const SearchResponse r = Find(q);
    for (const auto& h : r.hits) EXPECT_NE(h.sha256, internal_doc) << q;
    EXPECT_LE(r.total, 1u) << q;
    for (const auto& v : r.facets.year) EXPECT_NE(v.value, "2003") << q;
    for (const auto& v : r.facets.kind) EXPECT_NE(v.value, "通知") << q;
    for (const auto& v : r.facets.issuer) EXPECT_NE(v.value, "清河市秘密机关") << q;
    for (const auto& v : r.facets.institution) EXPECT_NE(v.value, "清河市保密局") << q;
  }
  SearchRequest staff;
  staff.query = "机构编制";
  staff.include_internal = true;
  const SearchResponse all = FindWith(staff);
  EXPECT_EQ(all.total, 2u);
  bool seen_internal = false;
  for (const auto& h : all.hits) {
    if (h.sha256 == internal_doc) {
      seen_internal = true;
      EXPECT_TRUE(h.internal);
    } else {
      EXPECT_FALSE(h.internal);
    }
  }
  EXPECT_TRUE(seen_internal);
  EXPECT_THAT(all.facets.institution, ::testing::Contains(FacetValue{"清河市保密局", 1}));
}

TEST_F(IndexTest, QuestionsRankBySharedTermsWithBm25) {
  // A question need not match every word; the article sharing the most specific terms wins, and
  // a long document repeating one common word does not.
  const std::string target = AddFile(*store_, "a.txt", "民法典第五十六条",
                                     {"个体工商户的债务，个人经营的，以个人财产承担；家庭经营的，以家庭财产承担。"});
  std::string long_text;
  for (int i = 0; i < 200; ++i) long_text += "经营活动应当遵守法律。";
  const std::string verbose = AddFile(*store_, "b.txt", "经营规定", {long_text});
  AddFile(*store_, "c.txt", "无关", {"婚姻登记应当到民政部门办理。"});
  SyncOk();
  const SearchResponse r = Find("夫妻一方经营个体工商户所欠债务，谁偿还？");
  ASSERT_GE(r.total, 2u);
  EXPECT_EQ(r.hits[0].sha256, target);
  EXPECT_THAT(r.hits[0].best.snippet, HasSubstr("\x01个体工商户\x02"));
  EXPECT_GT(r.hits[0].score, r.hits[1].score);
  (void)verbose;
}

TEST_F(IndexTest, OlderIndexLayoutIsRebuiltOnSync) {
  // An index written by an older sanding: other fields, no layout in its commit data.
  index_.reset();
  const std::string old_dir = dir_ + "/old";
  {
    auto directory = Lucene::FSDirectory::open(internal::Utf8ToWide(old_dir));
    auto writer = Lucene::newLucene<Lucene::IndexWriter>(
        directory, Lucene::newLucene<Lucene::WhitespaceAnalyzer>(), true,
        Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
    auto doc = Lucene::newLucene<Lucene::Document>();
    doc->add(Lucene::newLucene<Lucene::Field>(L"text", L"stale", Lucene::Field::STORE_YES,
                                              Lucene::Field::INDEX_ANALYZED));
    doc->add(Lucene::newLucene<Lucene::Field>(L"kind", L"doc", Lucene::Field::STORE_YES,
                                              Lucene::Field::INDEX_NOT_ANALYZED));
    writer->addDocument(doc);
    writer->close();
    directory->close();
  }
  auto old_index = Index::Open(old_dir);
  ASSERT_TRUE(old_index.ok()) << old_index.status().ToString();
  index_ = std::move(old_index).value();
  const std::string a = AddFile(*store_, "a.txt", "a", {"机构编制"});
  ASSERT_TRUE(store_->AckIndexed({a}).ok());  // as if an old sanding had indexed it
  SyncOk();
  EXPECT_THAT(Shas(Find("机构编制")), ElementsAre(a));
  auto stats = index_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1u);  // the stale entry is gone
  EXPECT_EQ(Find("stale").total, 0u);
  // Reopening an index of the current layout keeps it; nothing is pending, nothing is lost.
  index_.reset();
  auto reopened = Index::Open(old_dir);
  ASSERT_TRUE(reopened.ok());
  index_ = std::move(reopened).value();
  SyncOk();
  EXPECT_THAT(Shas(Find("机构编制")), ElementsAre(a));
}

}  // namespace
}  // namespace sanding::indexer

namespace sanding::indexer {
namespace {

TEST_F(IndexTest, PageImagesOfOneDocumentAreOneHit) {
  const std::string p1 = AddFile(*store_, "x_第1页.jpg", "x", {"清河市民政局主要职责"});
  const std::string p2 = AddFile(*store_, "x_第2页.jpg", "x", {"内设机构：办公室、社会救助科"});
  extract::DocumentFacts f;
  f.files = {p1, p2};
  f.title.value = "清河市民政局三定规定";
  ASSERT_TRUE(store_->PutFacts(p1, nlohmann::json(f).dump()).ok());
  extract::DocumentFacts part;
  part.part_of = p1;
  ASSERT_TRUE(store_->PutFacts(p2, nlohmann::json(part).dump()).ok());
  SyncOk();
  for (const std::string q : {"民政局", "社会救助", "民政局 社会救助"}) {
    const SearchResponse r = Find(q);
    ASSERT_EQ(r.total, 1u) << q;
    EXPECT_EQ(r.hits[0].sha256, p1) << q;
    EXPECT_EQ(r.hits[0].page_count, 2u) << q;
    EXPECT_EQ(r.hits[0].title, "清河市民政局三定规定");
  }
  EXPECT_THAT(Find("社会救助").hits[0].matching_pages, ElementsAre(2u));
  // Re-indexing one of its files (a correction, say) rebuilds the whole document once.
  ASSERT_TRUE(store_->PutFacts(p2, nlohmann::json(part).dump()).ok());
  SyncOk();
  EXPECT_EQ(Find("民政局 社会救助").total, 1u);
  ASSERT_TRUE(index_->Rebuild(*store_).ok());
  EXPECT_EQ(Find("民政局 社会救助").total, 1u);
  auto stats = index_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1u);
  EXPECT_EQ(stats->pages, 2u);
}

}  // namespace
}  // namespace sanding::indexer
