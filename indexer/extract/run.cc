// ExtractStore: group page-image files into documents, extract each document, then correct 文号
// prefixes once the archive's common prefixes are known, and store the facts.
#include "indexer/extract/run.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/extractor.h"
#include "indexer/extract/fields.h"

namespace sanding::extract {
namespace {

struct Doc {
  std::vector<std::string> files;  // in page order
};

std::string LastSource(const FileRecord& f) {
  if (f.sources.empty()) return f.name;
  const SourceRef& s = f.sources.front();
  return s.member.empty() ? s.path : s.path + "!/" + s.member;
}

bool IsImageFormat(const std::string& format) {
  return format == "png" || format == "jpeg" || format == "tiff";
}

// The pages of a document, across its files, with their OCR confidences.
Status LoadPages(Store& store, const Doc& doc, std::vector<std::string>* texts,
                 std::vector<double>* confidence) {
  for (const std::string& sha : doc.files) {
    auto pages = store.GetPages(sha);
    if (!pages.ok()) return pages.status();
    for (const PageRecord& p : *pages) {
      texts->push_back(p.text);
      confidence->push_back(p.mean_confidence);
    }
  }
  return Status::Ok();
}

Status StoreFacts(Store& store, const Doc& doc, const DocumentFacts& facts) {
  SANDING_RETURN_IF_ERROR(store.PutFacts(doc.files.front(), nlohmann::json(facts).dump()));
  for (size_t i = 1; i < doc.files.size(); ++i) {
    DocumentFacts pointer;
    pointer.extractor = facts.extractor;
    pointer.files = doc.files;
    pointer.part_of = doc.files.front();
    SANDING_RETURN_IF_ERROR(store.PutFacts(doc.files[i], nlohmann::json(pointer).dump()));
  }
  return Status::Ok();
}

}  // namespace

PageName SplitPageName(const std::string& member_or_path) {
  static const std::regex kPage(
      R"(^(.*?)[_\-\s.]*(?:第(\d{1,4})页|[pP](\d{1,4})|(\d{1,4}))\.(?:jpe?g|JPE?G|png|PNG|tiff?|TIFF?)$)");
  std::smatch m;
  if (!std::regex_match(member_or_path, m, kPage)) return {member_or_path, 0};
  PageName out;
  out.base = m[1].str();
  const std::string digits = m[2].matched ? m[2].str() : m[3].matched ? m[3].str() : m[4].str();
  out.page = std::stoi(digits);
  // "scans/001.jpg": a bare number names a file, not a page of a named document.
  const size_t slash = out.base.find_last_of('/');
  const std::string stem = slash == std::string::npos ? out.base : out.base.substr(slash + 1);
  if (stem.empty()) return {member_or_path, 0};
  return out;
}

Result<DocumentFacts> LoadFacts(Store& store, const std::string& sha256, std::string* owner_sha) {
  std::string sha = sha256;
  for (int hop = 0; hop < 2; ++hop) {
    auto raw = store.GetFacts(sha);
    if (!raw.ok()) return raw.status();
    if (!raw->has_value()) return Status::NotFound("文件 " + sha256 + " 尚未提取结构化信息");
    DocumentFacts f;
    try {
      nlohmann::json::parse(**raw).get_to(f);
    } catch (const nlohmann::json::exception& e) {
      return Status::Corruption("文件 " + sha + " 的提取结果已损坏：" + e.what());
    }
    if (f.part_of.empty() || f.part_of == sha) {
      if (owner_sha != nullptr) *owner_sha = sha;
      return f;
    }
    sha = f.part_of;
  }
  return Status::Corruption("文件 " + sha256 + " 的提取结果指向的文件不是文件组的首页");
}

Result<ExtractRunReport> ExtractStore(Store& store, const ExtractRunOptions& options) {
  // 1. Documents: page-image files of one named document are grouped, the rest stand alone.
  std::map<std::string, std::vector<std::pair<int, std::string>>> groups;
  std::vector<Doc> docs;
  SANDING_RETURN_IF_ERROR(store.ForEachFile([&](const FileRecord& f) {
    if (f.state != FileState::kComplete) return true;
    if (IsImageFormat(f.format)) {
      const PageName pn = SplitPageName(LastSource(f));
      if (pn.page > 0) {
        groups[pn.base].emplace_back(pn.page, f.sha256);
        return true;
      }
    }
    docs.push_back(Doc{{f.sha256}});
    return true;
  }));
  ExtractRunReport report;
  for (auto& [base, members] : groups) {
    std::sort(members.begin(), members.end());
    Doc d;
    for (auto& [page, sha] : members) d.files.push_back(sha);
    report.grouped_files += d.files.size() - 1;
    docs.push_back(std::move(d));
  }

  std::shared_ptr<NameResolver> resolver;
  if (options.authority) {
    resolver = std::make_shared<NameResolver>(options.authority);
    resolver->set_ocr_correction(options.ocr_correction);
  }

  // 2. Extract what is not current; collect the archive's 文号 prefixes from every document.
  DocNumberPrefixes prefixes;
  std::vector<size_t> extracted;  // indexes into docs
  for (size_t i = 0; i < docs.size(); ++i) {
    const Doc& d = docs[i];
    auto stored = LoadFacts(store, d.files.front(), nullptr);
    const bool current = stored.ok() && stored->extractor == kExtractorVersion &&
                         (stored->files == d.files || (d.files.size() == 1 && stored->files.empty()));
    if (current && !options.all) {
      ++report.current;
      if (auto n = ParseDocNumber(stored->doc_number.value)) prefixes.Add(n->prefix);
      continue;
    }
    std::vector<std::string> texts;
    ExtractOptions eo;
    eo.resolver = resolver.get();
    SANDING_RETURN_IF_ERROR(LoadPages(store, d, &texts, &eo.page_confidence));
    DocumentFacts facts = Extract(DocText::FromPages(texts), eo);
    facts.files = d.files;
    if (auto n = ParseDocNumber(facts.doc_number.value)) prefixes.Add(n->prefix);
    SANDING_RETURN_IF_ERROR(StoreFacts(store, d, facts));
    extracted.push_back(i);
  }

  // 3. With the prefixes known, documents whose 文号 prefix is a likely misreading are read again
  //    with the correction; then every extracted document is reported.
  for (size_t i : extracted) {
    const Doc& d = docs[i];
    auto facts = LoadFacts(store, d.files.front(), nullptr);
    if (!facts.ok()) return facts.status();
    auto n = options.ocr_correction ? ParseDocNumber(facts->doc_number.value) : std::nullopt;
    if (n) {
      bool changed = false;
      prefixes.Correct(n->prefix, &changed);
      if (changed) {
        std::vector<std::string> texts;
        ExtractOptions eo;
        eo.resolver = resolver.get();
        eo.prefixes = &prefixes;
        SANDING_RETURN_IF_ERROR(LoadPages(store, d, &texts, &eo.page_confidence));
        DocumentFacts fixed = Extract(DocText::FromPages(texts), eo);
        fixed.files = d.files;
        SANDING_RETURN_IF_ERROR(StoreFacts(store, d, fixed));
        *facts = std::move(fixed);
      }
    }
    ++report.documents;
    if (!facts->review.empty()) ++report.flagged;
    if (options.on_document) options.on_document(d.files.front(), *facts);
  }
  return report;
}

}  // namespace sanding::extract
