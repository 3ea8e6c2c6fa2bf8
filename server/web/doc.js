// #/doc/{sha}?q=…&page=N: the document viewer. Facts in the header, the page list, the page image
// with the query's words boxed from the OCR word boxes, the page text with the words marked, and
// for archivists the corrections panel and history.
import {get, post, me} from './api.js';
import {h, clear, errorBox, noticeBox, termsFragment, termsRegExp, queryTerms, badge, fmtTime, fmtBytes, docHref, institutionHref, table} from './dom.js';
import {searchHref} from './search.js';

const FORMATS = {pdf: 'PDF', text: '纯文本', png: 'PNG 图像', jpeg: 'JPEG 图像', tiff: 'TIFF 图像', ofd: 'OFD'};

const METHODS = {ocr: '文字识别（OCR）', text_layer: '文本层', plain_text: '纯文本', none: '无文字'};

const CORRECTION_FIELDS = [
  ['文号', 'doc_number'],
  ['标题', 'title'],
  ['日期', 'date'],
  ['类型', 'kind'],
  ['发文机关', 'issuer'],
  ['公开属性', 'access'],
];

const FIELD_LABELS = {
  '/doc_number/value': '文号', '/title/value': '标题', '/date/value': '日期', '/kind/value': '类型',
  '/issuer/value': '发文机关', '/access/value': '公开属性',
};

function factValue(facts, key) {
  const f = facts && facts[key];
  if (!f) return '';
  return typeof f === 'object' ? f.value || '' : String(f);
}

function methodLabel(p) {
  if (!p) return '';
  if (p.method === 'ocr') {
    const c = p.mean_confidence >= 0 ? `，置信度 ${Math.round(p.mean_confidence)}` : '，无法识别';
    return `OCR${c}`;
  }
  return METHODS[p.method] || p.method || '';
}

// Indexes of the OCR word boxes that show one of the terms. Word boxes of Chinese OCR are often
// one to four characters: the words' texts are joined (no separators) and every box covering
// part of an occurrence of a term is marked; a box containing a term is marked too.
export function matchingWordBoxes(words, terms) {
  const marked = new Set();
  const usable = terms.filter((t) => t && t.trim());
  if (!usable.length || !words || !words.length) return marked;
  let joined = '';
  const owner = []; // UTF-16 index in joined → word index
  words.forEach((w, i) => {
    const t = String(w.text || '').replace(/\s+/g, '');
    for (let k = 0; k < t.length; k++) owner.push(i);
    joined += t;
  });
  const re = termsRegExp(usable);
  let m;
  while ((m = re.exec(joined)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    for (let k = m.index; k < m.index + m[0].length; k++) marked.add(owner[k]);
  }
  words.forEach((w, i) => {
    const t = String(w.text || '').replace(/\s+/g, '').toLowerCase();
    if (!t) return;
    for (const term of usable) {
      const tl = term.toLowerCase();
      // A box inside a term counts when it is long enough to mean something (one character
      // only for a one-character term).
      if (t.includes(tl) || (tl.includes(t) && (t.length >= 2 || tl.length === 1))) marked.add(i);
    }
  });
  return marked;
}

function header(doc, q) {
  const facts = (doc.extraction && doc.extraction.facts) || {};
  const title = factValue(facts, 'title') || doc.file.title || doc.file.name;
  const access = factValue(facts, 'access');
  const subjects = (facts.subjects || []).filter((s) => s.name || s.text);
  const seen = new Set();
  const subjectLinks = [];
  for (const s of subjects) {
    const name = s.name || s.text;
    if (seen.has(name)) continue;
    seen.add(name);
    subjectLinks.push(s.institution
      ? h('a', {href: institutionHref(s.institution), class: 'chip'}, name)
      : h('span', {class: 'chip plain'}, name));
  }
  const rows = [
    ['文号', factValue(facts, 'doc_number') || '—'],
    ['日期', factValue(facts, 'date') || '—'],
    ['发文机关', factValue(facts, 'issuer') || '—'],
    ['文件类型', factValue(facts, 'kind') || '—'],
    ['涉及机构', subjectLinks.length ? subjectLinks : '—'],
    ['公开属性', access === '内部' ? badge('内部', 'internal') : access === '公开' ? '公开' : '未标明'],
  ];
  const downloads = (doc.files && doc.files.length ? doc.files : [doc.file]).map((f, i, all) =>
    h('a', {class: 'button', href: `/api/documents/${encodeURIComponent(f.sha256)}/original`, download: f.name || ''},
      all.length > 1 ? `下载原件 ${i + 1}（${f.name}）` : `下载原件（${f.name || f.format}）`));
  return h('header', {class: 'doc-header card'},
    q ? h('a', {class: 'back', href: searchHref({q})}, `← 返回检索结果：${q}`) : null,
    h('h1', {class: 'doc-title'}, title, doc.internal ? badge('内部', 'internal') : null),
    h('dl', {class: 'facts'}, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
    h('div', {class: 'doc-actions'}, downloads,
      h('span', {class: 'muted'}, `${FORMATS[doc.file.format] || doc.file.format || ''} · ${fmtBytes(doc.file.size)} · 共 ${doc.pages.length} 页`)));
}

function pageList(doc, current, q) {
  return h('nav', {class: 'page-list', 'aria-label': '页面'},
    h('span', {class: 'label'}, '页面：'),
    doc.pages.map((p, i) => {
      const n = i + 1;
      const attrs = {href: docHref(doc.sha256, {q, page: n}), class: n === current ? 'pg current' : 'pg', title: methodLabel(p)};
      return h('a', attrs, `第${n}页`, p.method === 'ocr' && p.mean_confidence >= 0 && p.mean_confidence < 75 ? h('span', {class: 'low'}, '待复核') : null);
    }));
}

function highlightForm(ctx, doc, q, n) {
  const input = h('input', {type: 'search', value: q, placeholder: '在本文件中标出词语', 'aria-label': '标出词语'});
  const form = h('form', {class: 'inline-form'}, input, h('button', {type: 'submit'}, '标出'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(docHref(doc.sha256, {q: input.value.trim(), page: n}));
  });
  return form;
}

async function pageView(ctx, doc, entry, terms) {
  const file = entry.file || doc.sha256;
  const base = `/api/documents/${encodeURIComponent(file)}/pages/${entry.page}`;
  const page = await get(`${base}?words=1`);
  if (!ctx.alive()) return null;
  const info = h('div', {class: 'page-info'},
    h('span', {class: `method ${page.method}`}, methodLabel(page)),
    page.note ? h('span', {class: 'note'}, page.note) : null);
  const textPane = h('div', {class: 'page-text-pane'},
    h('h3', null, '页面文字'),
    h('pre', {class: 'page-text'}, termsFragment(page.text, terms)));
  const hasImage = page.width_px > 0 && page.method !== 'plain_text';
  if (!hasImage) {
    return h('div', {class: 'page-view single'}, info, textPane);
  }
  const img = h('img', {class: 'page-image', src: `${base}/image`, alt: `第${entry.page}页图像`});
  const overlay = h('div', {class: 'word-overlay', 'aria-hidden': 'true'});
  const frame = h('div', {class: 'image-frame'}, img, overlay);
  const marked = matchingWordBoxes(page.words || [], terms);
  const count = h('span', {class: 'box-count'});
  // Boxes in percent of the page record's pixel space: the same as scaling by
  // naturalWidth / width_px and then to the displayed size, and right at any zoom.
  const drawBoxes = () => {
    clear(overlay);
    const W = page.width_px;
    const H = page.height_px || (img.naturalHeight * W) / Math.max(1, img.naturalWidth);
    for (const i of marked) {
      const w = page.words[i];
      overlay.appendChild(h('div', {
        class: 'word-box',
        title: `${w.text}（置信度 ${Math.round(w.confidence)}）`,
        style: `left:${(100 * w.x) / W}%;top:${(100 * w.y) / H}%;width:${(100 * w.w) / W}%;height:${(100 * w.h) / H}%`,
      }));
    }
    count.textContent = terms.length ? `图上标出 ${marked.size} 个词框` : '';
  };
  img.addEventListener('load', drawBoxes);
  img.addEventListener('error', () => {
    frame.replaceChildren(noticeBox('页面图像无法显示。'));
  });
  info.appendChild(count);
  return h('div', {class: 'page-view'}, info,
    h('div', {class: 'page-panes'}, h('div', {class: 'page-image-pane'}, frame), textPane));
}

function correctionsHistory(list) {
  if (!list || !list.length) return h('p', {class: 'muted'}, '尚无更正记录。');
  return table(['序号', '字段', '新值', '原值', '更正人', '时间', '原因', '状态'],
    list.map((c) => {
      let value = c.value;
      try {
        value = JSON.parse(c.value);
      } catch (e) {
        // keep the raw text
      }
      const state = c.withdrawn ? '已撤回' : c.applied ? '已生效' : `未生效${c.problem ? `：${c.problem}` : ''}`;
      return [String(c.seq), FIELD_LABELS[c.path] || c.path || c.op, typeof value === 'string' ? value : JSON.stringify(value),
        c.previous || '—', c.by || '—', fmtTime(c.at_ms), c.reason || '—', state];
    }), 'corrections');
}

function correctionsPanel(ctx, doc, q, n) {
  const fieldSel = h('select', {name: 'field'}, CORRECTION_FIELDS.map(([label]) => h('option', {value: label}, label)));
  const value = h('input', {type: 'text', name: 'value', placeholder: '更正后的值（留空表示清除）'});
  const reason = h('input', {type: 'text', name: 'reason', placeholder: '更正原因（必填）', required: true});
  const status = h('div', {class: 'form-status'});
  const facts = (doc.extraction && doc.extraction.facts) || {};
  const fill = () => {
    const key = CORRECTION_FIELDS.find(([label]) => label === fieldSel.value)[1];
    value.value = factValue(facts, key);
  };
  fieldSel.addEventListener('change', fill);
  fill();
  const button = h('button', {type: 'submit', class: 'primary'}, '提交更正');
  const form = h('form', {class: 'correction-form'},
    h('label', null, '字段', fieldSel), h('label', null, '值', value), h('label', null, '原因', reason), button, status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!reason.value.trim()) {
      status.replaceChildren(errorBox({message: '请填写更正原因'}));
      return;
    }
    button.disabled = true;
    status.replaceChildren(h('span', {class: 'muted'}, '正在提交……'));
    try {
      await post(`/api/documents/${encodeURIComponent(doc.document || doc.sha256)}/corrections`,
        {field: fieldSel.value, value: value.value.trim(), op: 'replace', reason: reason.value.trim()});
      if (!ctx.alive()) return;
      ctx.navigate(docHref(doc.sha256, {q, page: n, saved: Date.now()}));
    } catch (err) {
      button.disabled = false;
      status.replaceChildren(errorBox(err, '更正未保存'));
    }
  });
  const ex = doc.extraction || {};
  return h('section', {class: 'card corrections-panel'},
    h('h2', null, '更正提取结果'),
    h('p', {class: 'muted'}, '更正作为新记录保存（写明更正人和原因），机器提取结果保留可查，重新提取不会覆盖更正。'),
    form,
    h('h3', null, '更正记录'),
    correctionsHistory(ex.corrections));
}

export async function renderDocument(ctx) {
  const {view, params, parts} = ctx;
  const sha = parts[1] || '';
  const q = (params.get('q') || '').trim();
  const terms = queryTerms(q);
  view.appendChild(h('p', {class: 'loading'}, '正在打开文件……'));
  let doc;
  try {
    doc = await get(`/api/documents/${encodeURIComponent(sha)}`);
  } catch (err) {
    if (!ctx.alive()) return;
    view.replaceChildren(errorBox(err, '无法打开文件'));
    return;
  }
  if (!ctx.alive()) return;
  const pages = doc.pages || [];
  const n = Math.min(Math.max(1, parseInt(params.get('page') || '1', 10) || 1), Math.max(1, pages.length));
  const facts = (doc.extraction && doc.extraction.facts) || {};
  document.title = `${factValue(facts, 'title') || doc.file.title || '文件'} - 机构编制档案检索`;
  view.replaceChildren(header(doc, q));
  const pageBox = h('section', {class: 'card page-card'},
    h('div', {class: 'page-toolbar'}, pageList(doc, n, q), highlightForm(ctx, doc, q, n)));
  view.appendChild(pageBox);
  if (!pages.length) {
    pageBox.appendChild(noticeBox('这份文件没有可显示的页面。'));
  } else {
    const holder = h('div', null, h('p', {class: 'loading'}, '正在读取页面……'));
    pageBox.appendChild(holder);
    try {
      const pv = await pageView(ctx, doc, pages[n - 1], terms);
      if (!ctx.alive()) return;
      holder.replaceChildren(pv);
    } catch (err) {
      if (!ctx.alive()) return;
      holder.replaceChildren(errorBox(err, '页面无法读取'));
    }
  }
  const account = await me();
  if (!ctx.alive()) return;
  const canCorrect = doc.corrections_allowed || (account && (account.role === 'archivist' || account.role === 'admin'));
  if (canCorrect) view.appendChild(correctionsPanel(ctx, doc, q, n));
  else if (account && doc.extraction && doc.extraction.corrections && doc.extraction.corrections.length) {
    view.appendChild(h('section', {class: 'card'}, h('h2', null, '更正记录'), correctionsHistory(doc.extraction.corrections)));
  }
  if (doc.file.sources && doc.file.sources.length) {
    view.appendChild(h('section', {class: 'card sources'}, h('h2', null, '来源'),
      h('ul', null, doc.file.sources.map((s) => h('li', null, typeof s === 'string' ? s : [s.path, s.member ? `!/${s.member}` : ''].join(''))))));
  }
  if (params.get('saved')) {
    document.getElementById('messages').appendChild(h('div', {class: 'ok-box'}, '更正已保存，检索索引与机构沿革已更新。'));
  }
}
