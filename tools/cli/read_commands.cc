// Commands that read the archive: status, show, original, search, reindex.
#include <fstream>
#include <iostream>
#include <map>

#include "ocr/ingest.h"
#include "query/search.h"
#include "store/text.h"
#include "tools/cli/cli.h"

namespace sanding::cli {
namespace {

using query::ReviewQueue;

}  // namespace

void RegisterStatus(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    double review = 75;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("status", "档案库概况：文件数、页数、失败的文件、待复核的页面");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("--review-below", o->review, "OCR 平均置信度低于此值的页面列入复核（默认 75）");
  cmd->callback([o, &run] {
    run = [o]() -> int {
      auto dir = DataDir::Open(o->g.data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      Store& store = (*dir)->store();
      auto stats = store.Stats();
      if (!stats.ok()) return ReportError(stats.status());
      auto failures = store.ListFailures();
      if (!failures.ok()) return ReportError(failures.status());
      auto review = ReviewQueue(store, o->review);
      if (!review.ok()) return ReportError(review.status());

      if (o->g.json) {
        nlohmann::json j;
        j["files_complete"] = stats->files_complete;
        j["files_pending"] = stats->files_pending;
        j["pages"] = stats->pages;
        j["original_bytes"] = stats->original_bytes;
        j["index_pending"] = stats->index_pending;
        j["failures"] = *failures;
        j["review"] = *review;
        PrintJson(j);
        return kExitOk;
      }
      std::cout << "数据目录：" << (*dir)->path() << "\n"
                << "已完成文件：" << stats->files_complete << " 份；未完成（可续导）："
                << stats->files_pending << " 份\n"
                << "页面：" << stats->pages << " 页；原件共 " << text::HumanBytes(stats->original_bytes)
                << "\n"
                << "待建索引：" << stats->index_pending << " 份\n";
      std::cout << "失败的文件：" << failures->size() << " 个\n";
      for (const auto& f : *failures) std::cout << "  - [" << f.reason << "] " << f.message << "\n";
      std::cout << "待复核的页面：" << review->size() << " 页\n";
      for (const auto& r : *review) {
        std::cout << "  - " << r.source << " 第" << r.page << "页";
        if (r.confidence >= 0) std::cout << "（置信度 " << static_cast<int>(r.confidence) << "）";
        if (!r.note.empty()) std::cout << "：" << r.note;
        std::cout << "\n";
      }
      return kExitOk;
    };
  });
}

void RegisterShow(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::string id;
    bool words = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("show", "显示一份文件：来源、提取结果（含出处与更正记录）、每页的文字及其获取方式");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("id", o->id, "文件标识（SHA-256，或至少 8 位的前缀）")->required();
  cmd->add_flag("--words", o->words, "JSON 中包含 OCR 词框");
  cmd->callback([o, &run] {
    run = [o]() -> int {
      auto dir = DataDir::Open(o->g.data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      Store& store = (*dir)->store();
      auto sha = ResolveSha(store, o->id);
      if (!sha.ok()) return ReportError(sha.status());
      auto file = store.GetFile(*sha);
      if (!file.ok()) return ReportError(file.status());
      auto pages = store.GetPages(*sha);
      if (!pages.ok()) return ReportError(pages.status());
      if (o->g.json) {
        nlohmann::json j;
        j["file"] = *file;
        j["pages"] = nlohmann::json::array();
        for (const auto& p : *pages) {
          nlohmann::json pj = p;
          if (!o->words) pj.erase("words");
          j["pages"].push_back(std::move(pj));
        }
        if (Status st = PrintFactsSection(store, *sha, &j); !st.ok()) return ReportError(st);
        PrintJson(j);
        return kExitOk;
      }
      std::cout << "标题：" << file->title << "\n文件名：" << file->name << "\n格式："
                << file->format << "，" << text::HumanBytes(file->size) << "，共 " << file->page_count
                << " 页（已保存 " << pages->size() << " 页）"
                << (file->state == FileState::kComplete ? "" : "，未完成") << "\nSHA-256："
                << file->sha256 << "\n来源：\n";
      for (const auto& s : file->sources) std::cout << "  - " << s.Display() << "\n";
      if (Status st = PrintFactsSection(store, *sha, nullptr); !st.ok()) return ReportError(st);
      for (const auto& p : *pages) {
        std::cout << "\n—— 第" << p.page << "页（" << TextMethodName(p.method);
        if (p.method == TextMethod::kOcr) {
          std::cout << "，置信度 " << static_cast<int>(p.mean_confidence) << "，" << p.engine;
        }
        std::cout << "）——\n";
        if (!p.note.empty()) std::cout << "[说明] " << p.note << "\n";
        std::cout << p.text << "\n";
      }
      return kExitOk;
    };
  });
}

void RegisterOriginal(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::string id, out;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("original", "取回一份文件的原件（与导入时逐字节相同）");
  AddGlobalOptions(cmd, o->g, /*with_json=*/false);
  cmd->add_option("id", o->id, "文件标识（SHA-256，或至少 8 位的前缀）")->required();
  cmd->add_option("-o,--output", o->out, "写入的文件路径")->required();
  cmd->callback([o, &run] {
    run = [o]() -> int {
      auto dir = DataDir::Open(o->g.data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      auto sha = ResolveSha((*dir)->store(), o->id);
      if (!sha.ok()) return ReportError(sha.status());
      auto bytes = (*dir)->store().GetOriginal(*sha);
      if (!bytes.ok()) return ReportError(bytes.status());
      std::ofstream out(o->out, std::ios::binary | std::ios::trunc);
      out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
      out.close();
      if (!out) return ReportError(Status::IOError("无法写入文件 " + o->out));
      std::cerr << "已写出原件 " << o->out << "（" << text::HumanBytes(bytes->size()) << "）" << std::endl;
      return kExitOk;
    };
  });
}

void RegisterSearch(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::vector<std::string> words;
    size_t limit = 10, offset = 0;
    std::string sort = "relevance";
    bool internal = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("search", "全文检索：返回匹配的文件、最佳页面、高亮片段和分面统计");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("query", o->words,
                  "检索式：词语、\"短语\"、字段（文号: 标题: 机构: 类型: 发文机关: 年份:1998..2003）、"
                  "AND / OR / NOT 与括号")
      ->required();
  cmd->add_option("--limit", o->limit, "每页结果数（默认 10）");
  cmd->add_option("--offset", o->offset, "跳过前 N 个结果（翻页）");
  cmd->add_option("--sort", o->sort, "排序：relevance（相关度，默认）、date（日期由新到旧）、date-asc（由旧到新）")
      ->check(CLI::IsMember({"relevance", "date", "date-asc"}));
  cmd->add_flag("--include-internal", o->internal, "同时检索标为内部（不公开）的文件");
  cmd->callback([o, &run] {
    run = [o]() -> int {
      auto dir = DataDir::Open(o->g.data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      std::string q;
      for (const auto& w : o->words) q += (q.empty() ? "" : " ") + w;
      query::SearchOptions options;
      options.limit = o->limit;
      options.offset = o->offset;
      options.sort = o->sort == "date"       ? indexer::SearchRequest::Sort::kDateDesc
                     : o->sort == "date-asc" ? indexer::SearchRequest::Sort::kDateAsc
                                             : indexer::SearchRequest::Sort::kRelevance;
      options.include_internal = o->internal;
      if (o->g.json) {
        auto j = query::SearchJson((*dir)->index(), (*dir)->store(), q, options);
        if (!j.ok()) return ReportError(j.status());
        PrintJson(*j);
      } else {
        auto t = query::SearchText((*dir)->index(), (*dir)->store(), q, options, StdoutIsTty());
        if (!t.ok()) return ReportError(t.status());
        std::cout << *t;
      }
      return kExitOk;
    };
  });
}

void RegisterReindex(CLI::App& app, Action& run) {
  auto g = std::make_shared<GlobalOptions>();
  CLI::App* cmd = app.add_subcommand("reindex", "根据数据库重建全文索引和职责条款索引");
  AddGlobalOptions(cmd, *g, /*with_json=*/false);
  cmd->callback([g, &run] {
    run = [g]() -> int {
      auto dir = DataDir::Open(g->data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      if (Status st = (*dir)->index().Rebuild((*dir)->store()); !st.ok()) return ReportError(st);
      if (Status st = SyncClauseIndex(**dir, /*rebuild=*/true); !st.ok()) return ReportError(st);
      auto stats = (*dir)->index().Stats();
      if (!stats.ok()) return ReportError(stats.status());
      std::cout << "索引已重建：" << stats->documents << " 份文件，" << stats->pages << " 页。" << std::endl;
      return kExitOk;
    };
  });
}

}  // namespace sanding::cli
