#include "bench/overlap/duty_generate.h"

#include "indexer/history/index_rows.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <set>
#include <string_view>

namespace sanding::bench::overlapgen {
namespace {

// Qualifiers: where or what kind (农村供水, 港区危险化学品, 国有林木).
constexpr std::string_view kQualifiers[] = {
    "城市", "农村", "城乡", "乡村", "山区", "沿海", "港区", "园区", "开发区", "社区",
    "校园", "公共", "国有", "集体", "民营", "重点", "基层", "跨境", "涉外", "流动",
    "新型", "特种", "传统", "现代", "绿色", "智慧", "数字", "地方", "区域", "流域",
    "边境", "库区", "林区", "牧区", "垦区", "老旧", "景区", "口岸区", "工矿", "城郊",
};

// Domain nouns: what the duty is about.
constexpr std::string_view kNouns[] = {
    "药品", "食品", "医疗器械", "化妆品", "保健食品", "水资源", "森林资源", "土地", "矿产",
    "价格", "就业", "社会保险", "住房", "交通运输", "道路", "港口", "渔业", "畜牧业", "文物",
    "体育", "广播电视", "新闻出版", "旅游", "档案", "地震", "气象", "人防", "粮食", "烟草",
    "邮政", "电力", "煤炭", "石油", "天然气", "水利工程", "农田", "种子", "农药", "兽药",
    "饲料", "林木", "草原", "湿地", "海洋", "河道", "湖泊", "供水", "排水", "燃气",
    "供热", "园林绿化", "市容环境", "建筑", "房地产", "物业", "公路", "铁路", "民航", "水运",
    "外贸", "外资", "口岸", "科技", "知识产权", "教育", "卫生", "疾病预防", "妇幼保健", "中医药",
    "养老", "殡葬", "残疾人", "退役军人", "宗教", "民族", "侨务", "税收", "金融", "国有资产",
    "招商引资", "商贸流通", "电子商务", "信息化", "无线电", "网络", "安全生产", "消防", "危险化学品", "特种设备",
    "大气污染", "水污染", "土壤", "固体废物", "辐射", "生态", "自然保护区", "风景名胜区", "城乡建设", "市政设施",
    "环境卫生", "水土保持", "防汛抗旱", "地质灾害", "测绘地理信息", "不动产", "耕地", "农业机械", "农产品", "农村经济",
    "乡镇企业", "供销合作", "盐业", "酒类", "药材", "种畜禽", "水产品", "蔬菜", "茶叶", "蚕桑",
    "果品", "烟花爆竹", "民用爆炸物品", "散装水泥", "墙体材料", "节能", "清洁生产", "循环经济", "再生资源", "公共资源交易",
    "国库", "彩票", "社会组织", "慈善", "地名", "行政区划", "志愿服务", "人才", "职称", "工资",
    "劳动关系", "外国专家", "出入境", "户籍", "交通秩序", "机动车", "娱乐场所", "演出", "艺术品", "图书馆",
    "博物馆", "非物质文化遗产", "广告", "商标", "专利", "电梯", "锅炉", "压力容器", "信用", "人口",
    "血液", "传染病", "职业病", "精神卫生", "急救", "医疗机构", "疫苗", "粮油", "棉花", "生猪",
};

// Aspects: which side of the object (安全, 质量, 设施 …).
constexpr std::string_view kAspects[] = {
    "安全", "质量", "市场", "资源", "产业", "设施", "信息", "项目", "经营", "服务",
    "保护", "秩序", "行业", "生产", "流通", "使用", "储备", "运行", "投资", "技术",
    "环境", "基础设施", "公共服务", "设备", "数据",
};

// Generic heads: what most clauses say is done to the object (boilerplate to the scorer).
constexpr std::string_view kGenericHeads[] = {"管理", "建设", "发展", "监督", "工作"};

// Specific functions (the lexicon's kFunctions, in part).
constexpr std::string_view kFunctions[] = {
    "审计", "统计", "调查", "登记", "许可", "审批", "核准", "备案", "执法", "稽查",
    "检验", "检疫", "检测", "认证", "标准", "计量", "规划", "计划", "预算", "救助",
    "监测", "评估", "预警", "应急", "处罚", "征收", "收费", "审查", "考核", "培训",
    "信访", "调解", "验收", "鉴定", "评价", "招标", "确权", "普法",
};

// Boilerplate actions opening a clause.
constexpr std::string_view kActions[] = {
    "负责", "组织实施", "拟订", "承担", "指导", "监督管理", "负责组织", "统筹协调",
    "综合协调", "组织开展", "参与", "会同有关部门", "牵头", "指导协调", "组织指导",
    "负责监督", "贯彻执行", "协调推进",
};

constexpr std::string_view kScopes[] = {"全市", "本市", "", "全市", "", "有关"};

constexpr std::string_view kSuffixes[] = {
    "管理局", "监督管理局", "事务中心", "服务中心", "管理办公室", "发展中心", "管理处", "工作委员会",
};

constexpr size_t kTemplates = 12;

template <typename T, size_t N>
constexpr size_t Count(const T (&)[N]) {
  return N;
}

template <typename T, size_t N>
std::string Pick(Rng& rng, const T (&list)[N]) {
  return std::string(list[rng.Below(N)]);
}

// Objects are compounds of two domain nouns, half of them with a qualifier (农村|供水|设施): the
// long tail of a real archive's vocabulary, so that a region of thousands of bodies does not make
// every body share its domain with hundreds of others.
// Or, when given (SetDomainVocabulary), real domain phrases — the subjects of the national
// statutes (食品安全, 水污染防治, 退役军人保障 …), half of them with a qualifier.
std::vector<std::string>& DomainPhrases() {
  static std::vector<std::string> v;
  return v;
}

size_t ObjectCount() {
  const size_t v = DomainPhrases().size();
  return v > 0 ? v * 2 : Count(kNouns) * Count(kNouns);
}

// The domain noun of an object (its qualifier dropped).
std::string ObjectNoun(const std::string& object) {
  for (std::string_view q : kQualifiers)
    if (object.compare(0, q.size(), q) == 0) return object.substr(q.size());
  return object;
}

std::string Object(size_t k) {
  if (!DomainPhrases().empty()) {
    const std::vector<std::string>& v = DomainPhrases();
    const std::string& phrase = v[k % v.size()];
    if (k / v.size() == 0) return phrase;
    const uint64_t h = (static_cast<uint64_t>(k) + 1) * 0x9e3779b97f4a7c15ULL;
    return std::string(kQualifiers[(h >> 20) % Count(kQualifiers)]) + phrase;
  }
  const size_t a = k % Count(kNouns), b = k / Count(kNouns);
  const uint64_t h = (static_cast<uint64_t>(k) + 1) * 0x9e3779b97f4a7c15ULL;
  const std::string q = (h >> 61) % 2 == 0 ? std::string(kQualifiers[(h >> 20) % Count(kQualifiers)]) : "";
  return q + std::string(kNouns[a]) + (a == b ? "" : std::string(kNouns[b]));
}

// One clause about `object`: the object with one or two aspects, a specific function in most, in
// one of the templates. The boilerplate around it is actions and fillers only (负责, 组织实施,
// 全市, 有关, 工作 …), so two clauses sharing nothing but a template do not overlap.
std::string Clause(Rng& rng, const std::string& object) {
  const std::string act = Pick(rng, kActions);
  const std::string act2 = Pick(rng, kActions);
  const std::string scope = Pick(rng, kScopes);
  // Most clauses are about their object with a generic head (管理, 建设 …, boilerplate to the
  // scorer); some name an aspect (安全, 公共服务 …) or a specific function (许可, 执法 …). Two bodies
  // sharing only an aspect and a function (…安全的许可) are then as rare as in real 三定.
  const std::string aspect = rng.Chance(3, 10) ? Pick(rng, kAspects) : Pick(rng, kGenericHeads);
  std::string aspect2 = rng.Chance(1, 5) ? Pick(rng, kAspects) : Pick(rng, kGenericHeads);
  if (aspect2 == aspect) aspect2 = "管理";
  const std::string f = rng.Chance(3, 10) ? Pick(rng, kFunctions) : std::string();
  const std::string f2 = Pick(rng, kFunctions);
  const std::string of = f.empty() ? std::string() : "的" + f;
  switch (rng.Below(kTemplates)) {
    case 0: return act + scope + object + aspect + of + "工作。";
    case 1: return act + scope + object + aspect + "的" + (f.empty() ? f2 : f) + "和监督管理。";
    case 2: return "拟订" + scope + object + aspect + "政策措施并组织实施，" + act2 + object + aspect2 + of + "工作。";
    case 3: return act + object + aspect + of + "，" + act2 + "有关" + f2 + "工作。";
    case 4: return "承担" + scope + object + aspect + of + "工作，指导" + object + aspect2 + "体系建设。";
    case 5: return "组织实施" + object + aspect + "制度，监督检查" + scope + object + aspect2 + "执行情况。";
    case 6: return "负责" + object + aspect + "领域的" + (f.empty() ? f2 : f) + "、" + f2 + "工作。";
    case 7: return "指导" + scope + object + aspect + "工作，组织" + object + aspect2 + "的" + f2 + "。";
    case 8: return act + "推进" + scope + object + aspect + "改革，" + act2 + object + aspect2 + of + "。";
    case 9: return "依法" + act + scope + object + aspect + of + "，并监督检查执行情况。";
    case 10: return act + scope + object + aspect + "发展规划并组织实施，" + act2 + object + aspect2 + "工作。";
    default: return "研究提出" + scope + object + aspect + of + "的政策建议，" + act2 + "相关工作。";
  }
}

// A portfolio of `n` distinct objects.
std::vector<std::string> Portfolio(Rng& rng, size_t n) {
  std::vector<std::string> out;
  std::set<size_t> seen;
  while (out.size() < n) {
    const size_t k = rng.Below(ObjectCount());
    if (seen.insert(k).second) out.push_back(Object(k));
  }
  return out;
}

// `n` clauses about the portfolio: the first object (the one naming the body) a little more often.
std::vector<std::string> Duties(Rng& rng, const std::vector<std::string>& portfolio, size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t pick = rng.Chance(2, 5) ? 0 : rng.Below(portfolio.size());
    out.push_back(Clause(rng, portfolio[pick]));
  }
  return out;
}

std::string Hex64(uint64_t x) {
  std::string s;
  for (int k = 0; k < 4; ++k) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(x));
    s += buf;
  }
  return s;
}

constexpr size_t kPortfolio = 3;

}  // namespace

void SetDomainVocabulary(std::vector<std::string> phrases) {
  std::sort(phrases.begin(), phrases.end());
  phrases.erase(std::unique(phrases.begin(), phrases.end()), phrases.end());
  DomainPhrases() = std::move(phrases);
}

size_t DomainVocabularySize() { return DomainPhrases().size(); }

size_t Rng::Below(size_t n) {
  const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
  uint64_t x;
  do x = g_();
  while (x >= limit);
  return static_cast<size_t>(x % n);
}

std::vector<Body> GenerateBodies(const RegionOptions& options) {
  Rng rng(options.seed * 0x9e3779b97f4a7c15ULL + 17);
  std::vector<Body> out;
  out.reserve(options.bodies);
  std::set<std::string> names;
  for (size_t b = 0; b < options.bodies; ++b) {
    Body body;
    body.objects = Portfolio(rng, kPortfolio);
    const std::string suffix = Pick(rng, kSuffixes);
    // Named after its first object; where a qualifier or noun would read as a division of the city
    // (港区…, 自然保护区…), after the noun alone or a number, so every body is of the city.
    std::string stem = body.objects[0];
    if (history::RegionOf(options.city + stem + suffix, "city") != options.city) stem = ObjectNoun(body.objects[0]);
    if (history::RegionOf(options.city + stem + suffix, "city") != options.city) stem = "第" + std::to_string(b + 1);
    std::string name = options.city + stem + suffix;
    for (int n = 2; names.count(name) != 0; ++n) name = options.city + stem + "第" + std::to_string(n) + suffix;
    names.insert(name);
    body.name = name;
    body.id = "org:" + name;
    body.duties = Duties(rng, body.objects, options.clauses);
    out.push_back(std::move(body));
  }
  return out;
}

history::Chain MakeChain(const std::vector<Body>& bodies, const std::string& city) {
  history::Chain chain;
  const std::string from = "2000-01-01";
  for (size_t i = 0; i < bodies.size(); ++i) {
    const Body& b = bodies[i];
    history::Institution inst;
    inst.id = b.id;
    inst.level = "city";
    inst.valid_from = from;
    inst.names = {b.name};
    chain.institutions.push_back(std::move(inst));

    history::Citation cite;
    cite.file = Hex64(i + 1);
    cite.doc_number = city.substr(0, 3) + "编〔2000〕" + std::to_string(i + 1) + "号";
    cite.title = b.name + "主要职责、内设机构和人员编制规定";
    cite.date = from;
    cite.page = 1;
    history::Version v;
    v.institution = b.id;
    v.valid_from = from;
    v.name = b.name;
    v.rank = "正处级";
    v.kind = "行政机关";
    v.duties = b.duties;
    v.cites["name"] = cite;
    v.cites["start"] = cite;
    v.cites["duties"] = cite;
    v.sources = {cite};
    chain.versions.push_back(std::move(v));
  }
  std::sort(chain.institutions.begin(), chain.institutions.end(),
            [](const history::Institution& a, const history::Institution& b) { return a.id < b.id; });
  std::sort(chain.versions.begin(), chain.versions.end(), [](const history::Version& a, const history::Version& b) {
    return a.institution != b.institution ? a.institution < b.institution : a.valid_from < b.valid_from;
  });
  return chain;
}

std::vector<std::vector<std::string>> GenerateDrafts(size_t count, size_t clauses, uint64_t seed) {
  Rng rng(seed * 0xd1b54a32d192ed03ULL + 99991);
  std::vector<std::vector<std::string>> out;
  out.reserve(count);
  for (size_t d = 0; d < count; ++d) {
    const auto portfolio = Portfolio(rng, kPortfolio);
    out.push_back(Duties(rng, portfolio, clauses));
  }
  return out;
}

VocabularySizes Vocabulary() {
  return VocabularySizes{Count(kQualifiers), Count(kNouns), Count(kAspects),
                         Count(kFunctions), Count(kActions), kTemplates};
}

}  // namespace sanding::bench::overlapgen
