#include "ocr/internal/ofd_document.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <utility>
#include <vector>

#include "ocr/internal/doc_error.h"

namespace sanding::ocr::internal {
namespace {

constexpr const char* kOfdNs = "http://www.ofdspec.org/2016";
constexpr int64_t kMaxMemberBytes = 64LL << 20;
constexpr int64_t kMaxTotalBytes = 256LL << 20;

struct XmlDocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};

bool EndsWithXml(const std::string& name) {
  if (name.size() < 4) return false;
  std::string ext = name.substr(name.size() - 4);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".xml";
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Collapses "." and ".." segments, backslashes and leading slashes of a package path.
std::string NormalizePath(std::string p) {
  for (char& c : p) {
    if (c == '\\') c = '/';
  }
  std::vector<std::string> parts;
  std::stringstream ss(p);
  std::string seg;
  while (std::getline(ss, seg, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(seg);
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back('/');
    out += parts[i];
  }
  return out;
}

std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// A location in an OFD file: absolute from the package root when it starts with '/', otherwise
// relative to the folder of the file that names it.
std::string Resolve(const std::string& base_file, const std::string& loc) {
  std::string l = Trim(loc);
  if (!l.empty() && (l[0] == '/' || l[0] == '\\')) return NormalizePath(l);
  return NormalizePath(DirOf(base_file) + l);
}

bool IsElement(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE &&
         xmlStrcmp(n->name, reinterpret_cast<const xmlChar*>(local)) == 0 &&
         (n->ns == nullptr || n->ns->href == nullptr ||
          xmlStrcmp(n->ns->href, reinterpret_cast<const xmlChar*>(kOfdNs)) == 0);
}

std::vector<xmlNode*> Children(xmlNode* parent, const char* local) {
  std::vector<xmlNode*> out;
  if (parent == nullptr) return out;
  for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (IsElement(c, local)) out.push_back(c);
  }
  return out;
}

std::string Content(xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (c == nullptr) return "";
  std::string s(reinterpret_cast<const char*>(c));
  xmlFree(c);
  return s;
}

std::string Attr(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return "";
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

bool ParseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// Boundary="x y w h" (page millimetres).
std::vector<double> ParseNumbers(const std::string& s) {
  std::vector<double> out;
  std::istringstream in(s);
  double v = 0;
  while (in >> v) out.push_back(v);
  return out;
}

// The XML members of the package by normalised path.
using Members = std::map<std::string, std::string>;

class OfdDocument : public Document {
 public:
  OfdDocument(Members members, std::vector<std::string> pages, std::string display)
      : members_(std::move(members)), pages_(std::move(pages)), display_(std::move(display)) {}

  int PageCount() const override { return static_cast<int>(pages_.size()); }

  Result<PageRecord> ExtractPage(int index, OcrEngine& /*engine*/,
                                 const OcrOptions& /*options*/) override;

  Result<Image> RenderPage(int /*index*/, int /*dpi*/) override {
    return DocError(Status::Code::kUnsupported, display_, "暂不支持渲染 OFD 页面", "unsupported");
  }

 private:
  Members members_;
  std::vector<std::string> pages_;  // member path of each page's content
  std::string display_;
};

const std::string* FindMember(const Members& members, const std::string& path) {
  auto it = members.find(path);
  if (it != members.end()) return &it->second;
  const std::string want = Lower(path);  // some producers disagree on case
  for (const auto& [name, data] : members) {
    if (Lower(name) == want) return &data;
  }
  return nullptr;
}

Result<XmlDocPtr> ParseMember(const Members& members, const std::string& path,
                              const std::string& display) {
  const std::string* data = FindMember(members, path);
  if (data == nullptr) return Corrupt(display, "OFD 包中缺少成员 " + path);
  XmlDocPtr doc(xmlReadMemory(data->data(), static_cast<int>(data->size()), path.c_str(), nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (doc == nullptr || xmlDocGetRootElement(doc.get()) == nullptr) {
    return Corrupt(display, "OFD 成员 " + path + " 不是格式正确的 XML");
  }
  return doc;
}

// One run of text with its baseline and horizontal extent (page millimetres).
struct Piece {
  std::string text;
  double baseline = 0;
  double left = 0, right = 0;
  double size = 0;
};

void CollectTextObjects(xmlNode* node, std::vector<Piece>* out) {
  for (xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (IsElement(n, "TextObject")) {
      const std::vector<double> box = ParseNumbers(Attr(n, "Boundary"));
      const double bx = box.size() >= 1 ? box[0] : 0, by = box.size() >= 2 ? box[1] : 0;
      const double bw = box.size() >= 3 ? box[2] : 0;
      double size = 0;
      ParseDouble(Attr(n, "Size"), &size);
      double x = 0, y = 0;
      for (xmlNode* code : Children(n, "TextCode")) {
        ParseDouble(Attr(code, "X"), &x);
        ParseDouble(Attr(code, "Y"), &y);
        Piece p;
        p.text = Content(code);
        p.baseline = by + y;
        p.left = bx + x;
        p.right = bx + bw;
        p.size = size;
        if (!p.text.empty()) out->push_back(std::move(p));
      }
      continue;
    }
    CollectTextObjects(n->children, out);
  }
}

// Pieces in document order; a new line starts when the baseline moves, a space separates pieces
// of one line that are far apart.
std::string JoinPieces(const std::vector<Piece>& pieces) {
  std::string out;
  const Piece* prev = nullptr;
  for (const Piece& p : pieces) {
    if (prev != nullptr) {
      const double tolerance = std::max(0.5, 0.3 * std::max(p.size, prev->size));
      if (std::abs(p.baseline - prev->baseline) > tolerance) {
        out.push_back('\n');
      } else if (p.left > prev->right + 1.5 * std::max(1.0, p.size)) {
        out.push_back(' ');
      }
    }
    out += p.text;
    prev = &p;
  }
  return out;
}

Result<PageRecord> OfdDocument::ExtractPage(int index, OcrEngine& /*engine*/,
                                            const OcrOptions& /*options*/) {
  if (index < 0 || index >= PageCount()) {
    return Status::InvalidArgument(display_ + "：页码 " + std::to_string(index + 1) +
                                   " 超出范围（共 " + std::to_string(PageCount()) + " 页）");
  }
  const std::string& path = pages_[static_cast<size_t>(index)];
  Result<XmlDocPtr> doc = ParseMember(members_, path, display_);
  if (!doc.ok()) return doc.status();
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!IsElement(root, "Page")) {
    return Corrupt(display_, "OFD 成员 " + path + " 不是页面描述（根元素不是 Page）");
  }
  std::vector<Piece> pieces;
  CollectTextObjects(root->children, &pieces);
  PageRecord rec;
  rec.page = static_cast<uint32_t>(index + 1);
  rec.method = TextMethod::kTextLayer;
  rec.text = JoinPieces(pieces);
  if (rec.text.empty()) rec.note = "OFD 页面没有文字对象";
  return rec;
}

Result<Members> ReadMembers(const std::string& bytes, const std::string& display) {
  std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
  if (a == nullptr) return Status::Internal("无法创建 libarchive 读取器");
  archive_read_support_format_zip(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return Corrupt(
        display, std::string("OFD 不是有效的 ZIP 包：") +
                     (archive_error_string(a.get()) ? archive_error_string(a.get()) : "无法读取"));
  }
  Members members;
  int64_t total = 0;
  archive_entry* entry = nullptr;
  while (true) {
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      return Corrupt(display, "OFD 的 ZIP 目录已损坏");
    }
    const char* raw = archive_entry_pathname(entry);
    if (raw == nullptr) raw = archive_entry_pathname_utf8(entry);
    if (raw == nullptr || archive_entry_filetype(entry) != AE_IFREG) continue;
    const std::string name = NormalizePath(raw);
    if (!EndsWithXml(name)) continue;  // fonts, images, seals: not needed for text
    std::string data;
    char buf[64 * 1024];
    while (true) {
      const la_ssize_t n = archive_read_data(a.get(), buf, sizeof buf);
      if (n < 0) return Corrupt(display, "OFD 成员 " + name + " 无法解压");
      if (n == 0) break;
      data.append(buf, static_cast<size_t>(n));
      total += n;
      if (static_cast<int64_t>(data.size()) > kMaxMemberBytes || total > kMaxTotalBytes) {
        return DocError(Status::Code::kResourceExhausted, display,
                        "OFD 成员 " + name + " 解压后过大，超过上限", "oversize");
      }
    }
    members[name] = std::move(data);
  }
  return members;
}

}  // namespace

Result<std::unique_ptr<Document>> OpenOfd(std::shared_ptr<const std::string> bytes,
                                          const std::string& display) {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  Result<Members> members = ReadMembers(*bytes, display);
  if (!members.ok()) return members.status();
  Result<XmlDocPtr> ofd = ParseMember(*members, "OFD.xml", display);
  if (!ofd.ok()) return ofd.status();
  xmlNode* root = xmlDocGetRootElement(ofd->get());
  if (!IsElement(root, "OFD")) {
    return Corrupt(display, "OFD 成员 OFD.xml 的根元素不是 OFD");
  }
  std::vector<std::string> pages;
  for (xmlNode* body : Children(root, "DocBody")) {
    for (xmlNode* doc_root : Children(body, "DocRoot")) {
      const std::string doc_path = Resolve("OFD.xml", Content(doc_root));
      Result<XmlDocPtr> doc = ParseMember(*members, doc_path, display);
      if (!doc.ok()) return doc.status();
      xmlNode* droot = xmlDocGetRootElement(doc->get());
      if (!IsElement(droot, "Document")) {
        return Corrupt(display, "OFD 成员 " + doc_path + " 的根元素不是 Document");
      }
      for (xmlNode* pages_el : Children(droot, "Pages")) {
        for (xmlNode* page : Children(pages_el, "Page")) {
          const std::string loc = Attr(page, "BaseLoc");
          if (Trim(loc).empty()) {
            return Corrupt(display, "OFD 成员 " + doc_path + " 中的页面缺少 BaseLoc");
          }
          pages.push_back(Resolve(doc_path, loc));
        }
      }
    }
  }
  if (pages.empty()) {
    return DocError(Status::Code::kInvalidArgument, display, "OFD 没有任何页面", "empty");
  }
  return std::unique_ptr<Document>(new OfdDocument(std::move(*members), std::move(pages), display));
}

}  // namespace sanding::ocr::internal
