// Renders a resolved Spec into documents (the full printed text) and their ground truth.
//
// Every document is plain UTF-8 text as printed: 红头 line, 文号 line, title, 主送, numbered body,
// 落款 (issuer) and date; a 三定规定 sits behind its covering notice after a '\f' page break. The
// truth follows the format in corpus/README.md. Rendering is deterministic for a (spec, seed):
// each choice of wording, bracket style, date style and serial number comes from a seeded
// generator keyed by the document, never from the clock or from addresses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/status.h"
#include "tools/corpus/spec.h"

namespace sanding::corpus {

struct RenderedDoc {
  std::string id;
  std::string text;
  Json truth;  // one entry of truth/documents.json
};

struct Archive {
  std::vector<RenderedDoc> docs;  // in date order
  Json institutions = Json::array();
  Json lineage = Json::array();
  Json overlap_pairs = Json::array();
  Json queries = Json::array();
  Json traps = Json::array();
};

struct RenderOptions {
  uint64_t seed = 20240601;
  std::string id_prefix;  // prepended to every document id (the scale generator's city tag)
  bool extras = true;     // also build overlap pairs, queries and traps
};

// Renders the whole archive of one spec. Fails (in Chinese, naming the spec file) when the spec
// is inconsistent in a way that makes a document impossible to write.
Result<Archive> RenderArchive(const Spec& spec, const RenderOptions& options);

// Writes <out>/docs/<id>.txt and <out>/truth/{documents,institutions,lineage,overlap_pairs,
// queries,traps}.json. Existing files with those names are replaced; nothing else is touched.
Status WriteArchive(const Archive& archive, const std::string& out_dir);

// Serialises JSON the way every truth file is written (2-space indent, UTF-8 kept, final newline).
std::string DumpJson(const Json& j);

// Text helpers, exposed for tests.
std::string ChineseNumber(int n);  // 1..99: 一 … 九十九
// "2019-01-28" -> "二〇一九年一月二十八日", with `zero` ("〇", "零" or "O") for the digit 0.
std::string ChineseDate(const std::string& date, const std::string& zero);
std::string ArabicDate(const std::string& date);  // "2019年1月28日"
// "清编[1996]031号" -> "清编〔1996〕31号": brackets to 〔〕 and the serial without leading zeros.
std::string NormalizeDocNumber(const std::string& as_written);
std::string PeriodOf(
    const std::string& date);  // "1983-1995" | "1996-2007" | "2008-2017" | "2018-2023"

}  // namespace sanding::corpus
