// #/search?q=…&sort=…&page=N (also #/): the search form, hits with highlighted snippets, facets
// as filters, paging.
import {get, qs} from './api.js';
import {h, snippetFragment, errorBox, noticeBox, docHref, badge} from './dom.js';

const PAGE_SIZE = 10;

const SORTS = [
  ['relevance', '按相关度'],
  ['date', '按日期（新→旧）'],
  ['date-asc', '按日期（旧→新）'],
];

const FACETS = [
  ['year', '年份', (v) => `年份:${v}`],
  ['kind', '文件类型', (v) => `类型:${v}`],
  ['issuer', '发文机关', (v) => `发文机关:"${v}"`],
  ['institution', '涉及机构', (v) => `机构:"${v}"`],
];

const EXAMPLES = ['价格监督检查', '文号:清编〔1999〕7号', '类型:三定规定 年份:2010..2019', '机构:"清河市物价局" 编制', '"人员编制" -临川县'];

export function searchHref(params) {
  return `#/search${qs(params)}`;
}

function searchForm(ctx, q, sort) {
  const input = h('input', {
    type: 'search', name: 'q', value: q, placeholder: '输入检索词、文号或机构名称', 'aria-label': '检索词',
    autocomplete: 'off', class: 'search-input',
  });
  const sel = h('select', {name: 'sort', 'aria-label': '排序'},
    SORTS.map(([v, label]) => h('option', {value: v, selected: v === sort}, label)));
  const form = h('form', {class: 'search-form', role: 'search'},
    input, sel, h('button', {type: 'submit', class: 'primary'}, '检索'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const nq = input.value.trim();
    if (!nq) {
      input.focus();
      return;
    }
    ctx.navigate(searchHref({q: nq, sort: sel.value === 'relevance' ? '' : sel.value}));
  });
  sel.addEventListener('change', () => {
    if (input.value.trim()) form.requestSubmit();
  });
  return form;
}

function syntaxHint() {
  return h('details', {class: 'syntax-hint'},
    h('summary', null, '检索语法'),
    h('ul', null,
      h('li', null, h('code', null, '机构编制 批复'), '：同时包含两个词'),
      h('li', null, h('code', null, '"人员编制"'), '：精确短语（引号）'),
      h('li', null, h('code', null, '价格 OR 物价'), '：任一；', h('code', null, '-临川县'), '：排除'),
      h('li', null, h('code', null, '文号:清编〔1999〕7号'), ' ', h('code', null, '标题:批复'), ' ',
        h('code', null, '机构:物价局'), ' ', h('code', null, '类型:三定规定'), ' ',
        h('code', null, '发文机关:"清河市机构编制委员会"')),
      h('li', null, h('code', null, '年份:1998..2003'), '、', h('code', null, '年份:2001'), '：按发文年份'),
      h('li', null, '也可以直接输入一个问题，按相关度排序')));
}

// The query with a facet filter toggled: added when absent, removed when present.
function toggleFilter(q, token) {
  const parts = q.split(/\s+/).filter(Boolean);
  if (parts.includes(token)) return parts.filter((p) => p !== token).join(' ');
  return `${q} ${token}`.trim();
}

async function welcome(ctx, box) {
  const intro = h('div', {class: 'welcome card'},
    h('h2', null, '机构编制档案全文检索'),
    h('p', null, '检索三定规定、机构编制审批文件（批复、通知、决定、意见）的全文、标题、文号、发文机关与涉及机构。扫描件经文字识别后同样可检索。'),
    h('p', {class: 'examples'}, '示例：',
      EXAMPLES.map((e) => h('a', {href: searchHref({q: e}), class: 'example'}, e))));
  box.appendChild(intro);
  try {
    const st = await get('/api/status');
    if (!ctx.alive()) return;
    const facts = [];
    if (Number.isFinite(st.documents)) facts.push(`文件 ${st.documents} 份`);
    if (Number.isFinite(st.institutions)) facts.push(`机构 ${st.institutions} 个`);
    if (facts.length) intro.appendChild(h('p', {class: 'stats'}, `档案库现有${facts.join('，')}。`));
  } catch (e) {
    // the welcome works without the numbers
  }
}

function hitView(hit, q) {
  const page = hit.best_page || hit.page || 1;
  const meta = [hit.doc_number, hit.date, hit.kind, hit.issuer].filter(Boolean);
  const pages = (hit.matching_pages || []).slice(0, 12);
  return h('li', {class: 'hit'},
    h('div', {class: 'hit-head'},
      h('a', {class: 'hit-title', href: docHref(hit.sha256, {q, page})}, hit.title || hit.name || hit.sha256.slice(0, 12)),
      hit.internal ? badge('内部', 'internal') : null),
    meta.length ? h('div', {class: 'hit-meta'}, meta.join(' · ')) : null,
    h('p', {class: 'snippet'}, snippetFragment(hit.snippet)),
    h('div', {class: 'hit-foot'},
      pages.length ? h('span', {class: 'pages'}, '匹配页：',
        pages.map((p) => h('a', {href: docHref(hit.sha256, {q, page: p}), class: 'pagelink'}, `第${p}页`))) : null,
      (hit.institutions || []).length ? h('span', {class: 'insts'}, '涉及：', hit.institutions.join('、')) : null));
}

function facetsView(ctx, res, q, sort) {
  const box = h('aside', {class: 'facets', 'aria-label': '分面筛选'});
  const facets = res.facets || {};
  for (const [key, label, token] of FACETS) {
    const values = facets[key] || [];
    if (!values.length) continue;
    box.appendChild(h('div', {class: 'facet'},
      h('h3', null, label),
      h('ul', null, values.map((f) => {
        const t = token(f.value);
        const active = q.split(/\s+/).includes(t);
        return h('li', null, h('a', {
          href: searchHref({q: toggleFilter(q, t), sort}),
          class: active ? 'facet-value active' : 'facet-value',
          title: active ? '取消此筛选' : '按此筛选',
        }, h('span', {class: 'facet-label'}, f.value || '（未标明）'), h('span', {class: 'count'}, String(f.count))));
      }))));
  }
  return box;
}

function pager(q, sort, page, total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const link = (p, label, cls) => h('a', {href: searchHref({q, sort, page: p > 1 ? p : ''}), class: cls || 'pg'}, label);
  const items = [];
  if (page > 1) items.push(link(page - 1, '上一页'));
  const start = Math.max(1, page - 3);
  const end = Math.min(pages, start + 6);
  for (let p = start; p <= end; p++) {
    items.push(p === page ? h('span', {class: 'pg current'}, String(p)) : link(p, String(p)));
  }
  if (page < pages) items.push(link(page + 1, '下一页'));
  items.push(h('span', {class: 'pg-info'}, `第 ${page} / ${pages} 页`));
  return h('nav', {class: 'pager', 'aria-label': '分页'}, items);
}

export async function renderSearch(ctx) {
  const {view, params} = ctx;
  let q = (params.get('q') || '').trim();
  // Older links may carry year/kind as parameters: fold them into the query.
  if (params.get('year')) q = toggleFilter(q, `年份:${params.get('year')}`);
  if (params.get('kind')) q = toggleFilter(q, `类型:${params.get('kind')}`);
  const sort = params.get('sort') || 'relevance';
  const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);

  view.appendChild(h('div', {class: 'search-top'}, searchForm(ctx, q, sort), syntaxHint()));
  const body = h('div', {class: 'search-body'});
  view.appendChild(body);
  if (!q) {
    await welcome(ctx, body);
    return;
  }
  document.title = `${q} - 检索 - 机构编制档案检索`;
  body.appendChild(h('p', {class: 'loading'}, '正在检索……'));
  let res;
  try {
    res = await get(`/api/search${qs({q, sort: sort === 'relevance' ? '' : sort, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE})}`);
  } catch (err) {
    if (!ctx.alive()) return;
    body.replaceChildren(errorBox(err, '检索失败'));
    return;
  }
  if (!ctx.alive()) return;
  const hits = res.hits || [];
  const results = h('div', {class: 'results'},
    h('p', {class: 'total'}, `共 ${res.total} 份文件`,
      res.total > 0 ? h('span', {class: 'range'}, `（第 ${res.offset + 1}–${res.offset + hits.length} 份）`) : null),
    hits.length ? h('ol', {class: 'hits', start: String(res.offset + 1)}, hits.map((x) => hitView(x, q)))
      : noticeBox('没有找到符合条件的文件。可以减少检索词、去掉筛选条件，或换用机构的其他名称。'),
    pager(q, sort === 'relevance' ? '' : sort, page, res.total));
  body.replaceChildren(h('div', {class: 'search-layout'}, results, facetsView(ctx, res, q, sort === 'relevance' ? '' : sort)));
}
