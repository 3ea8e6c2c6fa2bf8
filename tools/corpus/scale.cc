#include "tools/corpus/scale.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "tools/corpus/render.h"

namespace sanding::corpus {
namespace {

namespace fs = std::filesystem;

// Streams a JSON array, one element at a time.
class ArrayWriter {
 public:
  explicit ArrayWriter(const fs::path& path)
      : path_(path), out_(path, std::ios::binary | std::ios::trunc) {}
  bool ok() const { return static_cast<bool>(out_); }
  void Add(const Json& j) {
    out_ << (first_ ? "[\n" : ",\n") << j.dump(2, ' ', false, Json::error_handler_t::strict);
    first_ = false;
  }
  Status Close() {
    out_ << (first_ ? "[]\n" : "\n]\n");
    out_.close();
    if (!out_) return Status::IOError("写入文件 " + path_.string() + " 失败");
    return Status::Ok();
  }

 private:
  fs::path path_;
  std::ofstream out_;
  bool first_ = true;
};

uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// One-character syllables for city and county names (each 3 bytes of UTF-8).
constexpr const char* kFirst[] = {"青", "云", "安", "平", "长", "永", "兴", "宁", "泰", "华",
                                  "嘉", "德", "丰", "东", "西", "南", "北", "临", "福", "明",
                                  "宜", "新", "景", "瑞", "承", "洛", "桐", "松", "柳", "梅",
                                  "江", "河", "湖", "海", "山", "川", "石", "金", "玉", "白"};
constexpr const char* kSecond[] = {"阳", "州", "城", "原", "宁", "安", "泽", "源", "川", "水",
                                   "山", "陵", "台", "林", "溪", "丘", "峰", "江", "湾", "岭",
                                   "桥", "门", "田", "庄", "乡", "谷", "亭", "阴", "丰", "远",
                                   "昌", "隆", "德", "和", "清", "平", "化", "康", "定", "海"};

}  // namespace

Result<ScaleStats> WriteScaleArchive(const Spec& base, const ScaleOptions& options) {
  if (options.docs <= 0) return Status::InvalidArgument("规模生成：文件数必须为正数");
  std::error_code ec;
  const fs::path root(options.out_dir);
  fs::create_directories(root / "docs", ec);
  fs::create_directories(root / "truth", ec);
  if (ec) return Status::IOError("无法创建目录 " + root.string() + "：" + ec.message());
  ArrayWriter documents(root / "truth" / "documents.json");
  ArrayWriter institutions(root / "truth" / "institutions.json");
  ArrayWriter lineage(root / "truth" / "lineage.json");
  if (!documents.ok() || !institutions.ok() || !lineage.ok()) {
    return Status::IOError("无法写入目录 " + (root / "truth").string());
  }
  ScaleStats stats;
  const int n1 = static_cast<int>(std::size(kFirst));
  const int n2 = static_cast<int>(std::size(kSecond));
  while (stats.documents < options.docs) {
    const uint64_t h = Mix(options.seed * 1000003ULL + static_cast<uint64_t>(stats.cities));
    const std::string a = kFirst[h % n1];
    const std::string b = kSecond[(h >> 8) % n2];
    const std::string c1 = kFirst[(h >> 16) % n1];
    const std::string c2 = kSecond[(h >> 24) % n2];
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "c%05d-", stats.cities + 1);
    Spec city = DeriveCity(base, a + b, a, c1 + c2, prefix);
    RenderOptions ropt;
    ropt.seed = Mix(options.seed ^ h);
    ropt.id_prefix = prefix;
    ropt.extras = false;
    auto archive = RenderArchive(city, ropt);
    if (!archive.ok()) return archive.status();
    ++stats.cities;
    std::set<std::string> kept;
    for (const auto& d : archive->docs) {
      if (stats.documents >= options.docs) break;
      const fs::path path = root / "docs" / (d.id + ".txt");
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(d.text.data(), static_cast<std::streamsize>(d.text.size()));
      if (!out) return Status::IOError("无法写入文件 " + path.string());
      documents.Add(d.truth);
      kept.insert(d.id);
      ++stats.documents;
    }
    for (auto inst : archive->institutions) {
      for (auto& v : inst["versions"]) {
        Json src = Json::array();
        for (const auto& s : v["sources"]) {
          if (kept.contains(s.get<std::string>())) src.push_back(s);
        }
        v["sources"] = src;
      }
      institutions.Add(inst);
      ++stats.institutions;
    }
    for (const auto& ev : archive->lineage) {
      if (!kept.contains(ev["source"].get<std::string>())) continue;
      lineage.Add(ev);
      ++stats.events;
    }
  }
  SANDING_RETURN_IF_ERROR(documents.Close());
  SANDING_RETURN_IF_ERROR(institutions.Close());
  SANDING_RETURN_IF_ERROR(lineage.Close());
  return stats;
}

}  // namespace sanding::corpus
