// DOM helpers. Every text from the API goes into the page as text nodes (never as HTML); marks
// are built as <mark> elements around text nodes.

// h('div', {class: 'x', on: {click: fn}}, 'text', child, [more children])
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key === 'on') {
        for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
      } else if (key === 'dataset') {
        for (const [k, v] of Object.entries(value)) el.dataset[k] = v;
      } else if (key === 'value' && 'value' in el) el.value = value;
      else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'hidden') {
        el[key] = Boolean(value);
      } else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// A fragment from parts [{text, mark}], marks as <mark class=cls>.
function fragmentOf(parts, cls) {
  const frag = document.createDocumentFragment();
  for (const p of parts) {
    if (!p.text) continue;
    if (p.mark) frag.appendChild(h('mark', {class: cls || null}, p.text));
    else frag.appendChild(document.createTextNode(p.text));
  }
  return frag;
}

const ENTITIES = {'&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'"};
function unescapeHtml(s) {
  return s.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (m) => ENTITIES[m] || m);
}

// A snippet with its hits between \u0001 and \u0002 (the API), or, from an older answer, between
// <mark> and </mark> with everything else HTML-escaped (the CLI's form): parsed, never innerHTML.
export function snippetFragment(snippet) {
  const s = String(snippet || '');
  const parts = [];
  if (s.includes('\u0001')) {
    let mark = false;
    let cur = '';
    for (const ch of s) {
      if (ch === '\u0001' || ch === '\u0002') {
        parts.push({text: cur, mark});
        cur = '';
        mark = ch === '\u0001';
      } else cur += ch;
    }
    parts.push({text: cur, mark});
  } else if (s.includes('<mark>')) {
    const re = /<mark>([\s\S]*?)<\/mark>/g;
    let last = 0;
    let m;
    while ((m = re.exec(s)) !== null) {
      parts.push({text: unescapeHtml(s.slice(last, m.index)), mark: false});
      parts.push({text: unescapeHtml(m[1]), mark: true});
      last = re.lastIndex;
    }
    parts.push({text: unescapeHtml(s.slice(last)), mark: false});
  } else {
    parts.push({text: s, mark: false});
  }
  return fragmentOf(parts);
}

// Text with UTF-8 byte spans [[begin, end], ...] marked (overlap marks are byte offsets).
export function byteSpanFragment(text, spans, cls) {
  const bytes = new TextEncoder().encode(String(text || ''));
  const dec = new TextDecoder();
  const sorted = (spans || [])
    .map((s) => [Math.max(0, Math.min(bytes.length, s[0])), Math.max(0, Math.min(bytes.length, s[1]))])
    .filter((s) => s[1] > s[0])
    .sort((a, b) => a[0] - b[0]);
  const parts = [];
  let pos = 0;
  for (const [b, e] of sorted) {
    if (e <= pos) continue;
    const begin = Math.max(b, pos);
    if (begin > pos) parts.push({text: dec.decode(bytes.subarray(pos, begin)), mark: false});
    parts.push({text: dec.decode(bytes.subarray(begin, e)), mark: true});
    pos = e;
  }
  if (pos < bytes.length) parts.push({text: dec.decode(bytes.subarray(pos)), mark: false});
  return fragmentOf(parts, cls);
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// A regular expression matching any of the terms, letting whitespace (a printed line break)
// sit between their characters.
export function termsRegExp(terms) {
  const alts = terms
    .filter((t) => t && t.trim())
    .sort((a, b) => b.length - a.length)
    .map((t) => Array.from(t.replace(/\s+/g, '')).map(escapeRegExp).join('\\s*'));
  if (!alts.length) return null;
  return new RegExp(alts.join('|'), 'giu');
}

// Text with every occurrence of the terms marked.
export function termsFragment(text, terms, cls) {
  const s = String(text || '');
  const re = termsRegExp(terms || []);
  if (!re) return fragmentOf([{text: s, mark: false}]);
  const parts = [];
  let last = 0;
  let m;
  while ((m = re.exec(s)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    parts.push({text: s.slice(last, m.index), mark: false});
    parts.push({text: m[0], mark: true});
    last = m.index + m[0].length;
  }
  parts.push({text: s.slice(last), mark: false});
  return fragmentOf(parts, cls);
}

// The words of a search query worth marking in a document: field prefixes, operators,
// exclusions and year ranges dropped.
export function queryTerms(q) {
  let s = ` ${String(q || '')} `;
  s = s.replace(/(年份|year)[:：]\S*/gi, ' ');
  s = s.replace(/(\s|\()[-!－！](“[^”]*”|"[^"]*"|「[^」]*」|『[^』]*』|\([^)]*\)|\S+)/g, '$1 ');
  s = s.replace(/\bNOT\s+(“[^”]*”|"[^"]*"|\S+)/g, ' ');
  s = s.replace(/(文号|标题|机构|类型|发文机关|docno|title|org|kind|issuer)[:：]/gi, ' ');
  s = s.replace(/["“”「」『』()（）|&]/g, ' ');
  s = s.replace(/\b(OR|AND)\b/g, ' ');
  const seen = new Set();
  const terms = [];
  for (const t of s.split(/[\s，。？！；、,.?!;:：]+/u)) {
    if (!t || seen.has(t)) continue;
    // Question words and particles of a sentence query would mark noise.
    if (/^(吗|呢|的|了|是|什么|哪些|如何|怎么|是否|能否|谁)$/.test(t)) continue;
    seen.add(t);
    terms.push(t);
  }
  return terms.sort((a, b) => b.length - a.length);
}

export function errorBox(err, title) {
  const message = (err && err.message) || String(err || '未知错误');
  return h('div', {class: 'error-box', role: 'alert'},
    h('strong', null, title || '出错了'), h('span', null, message));
}

export function noticeBox(text) {
  return h('div', {class: 'notice-box'}, text);
}

// Date of a Unix-milliseconds time, local: 2026-11-22 07:30
export function fmtTime(ms) {
  if (!ms) return '—';
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fmtPeriod(from, to) {
  return `${from || '（不详）'} — ${to || '至今'}`;
}

export function fmtBytes(n) {
  if (!(n >= 0)) return '—';
  if (n < 1024) return `${n} 字节`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function docHref(sha, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  const tail = qs.toString();
  return `#/doc/${encodeURIComponent(sha)}${tail ? `?${tail}` : ''}`;
}

export function institutionHref(id, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  const tail = qs.toString();
  return `#/institution/${encodeURIComponent(id)}${tail ? `?${tail}` : ''}`;
}

// A citation {"file", "doc_number", "title", "date", "page"} as a link to the document page, or a
// curation {"curation", "title"} as text.
export function citationLink(c, short) {
  if (!c) return null;
  if (!c.file) return h('span', {class: 'cite'}, c.title || (c.curation ? `档案人员修订 ${c.curation}` : ''));
  const label = c.doc_number || c.title || '来源文件';
  return h('a', {
    class: 'cite',
    href: docHref(c.file, {page: c.page || ''}),
    title: [c.doc_number, c.title, c.date].filter(Boolean).join(' · '),
  }, short ? label : [label, c.doc_number && c.title ? h('span', {class: 'cite-title'}, ` ${c.title}`) : null]);
}

export function badge(text, cls) {
  return h('span', {class: `badge ${cls || ''}`}, text);
}

export function section(title, ...children) {
  return h('section', {class: 'card'}, h('h2', null, title), ...children);
}

export function table(headers, rows, cls) {
  return h('table', {class: `grid ${cls || ''}`},
    h('thead', null, h('tr', null, headers.map((x) => h('th', null, x)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))));
}
