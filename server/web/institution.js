// #/institution/{id}?as_of=…: an institution's history. Name search at the top; names over time,
// lifetime, timeline (大事记) with sources, the lineage graph, the state as of a date, a diff of two
// versions, parents and children.
import {get, qs} from './api.js';
import {h, errorBox, noticeBox, citationLink, fmtPeriod, institutionHref, section, table, badge} from './dom.js';

const LEVELS = {national: '国家', province: '省级', city: '市级', county: '县级'};
const FIELD_LABELS = {
  name: '名称', abbreviations: '简称', rank: '规格', kind: '机构类别', parent: '上级（主管）机关',
  duties: '主要职责', units: '内设机构', staffing: '人员编制',
};
const CHANGE_LABELS = {same: '未变', reworded: '修改', added: '新增', removed: '删除', changed: '调整', renamed: '更名'};
const HOW_LABELS = {id: '标识', name: '名称', abbreviation: '简称', variant: '异体写法', guess: '推测'};

function nameSearch(ctx, initial) {
  const input = h('input', {type: 'search', value: initial || '', placeholder: '输入机构名称、曾用名或简称，如 市发改委、国家计委', 'aria-label': '机构名称'});
  const results = h('div', {class: 'candidates'});
  const form = h('form', {class: 'search-form inst-search', role: 'search'}, input, h('button', {type: 'submit', class: 'primary'}, '查找机构'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    results.replaceChildren(h('p', {class: 'loading'}, '正在查找……'));
    try {
      const res = await get(`/api/institutions${qs({q})}`);
      if (!ctx.alive()) return;
      const cands = res.candidates || [];
      if (!cands.length) {
        results.replaceChildren(noticeBox(`没有找到名为“${q}”的机构。可以换用全称、曾用名或简称。`));
        return;
      }
      if (cands.length === 1 && !res.ambiguous) {
        ctx.navigate(institutionHref(cands[0].institution));
        return;
      }
      results.replaceChildren(h('div', {class: 'card candidate-list'},
        h('h3', null, cands.length > 1 ? `“${q}”对应 ${cands.length} 个机构，请选择：` : '找到的机构：'),
        h('ul', null, cands.map((c) => h('li', null,
          h('a', {href: institutionHref(c.institution), class: 'candidate'}, c.current_name || c.matched || c.institution),
          h('span', {class: 'muted'}, ` ${c.matched && c.matched !== c.current_name ? `（“${c.matched}”，${HOW_LABELS[c.how] || c.how}，${fmtPeriod(c.name_from, c.name_to)}）` : ''}`),
          h('span', {class: 'muted'}, ` 存续：${fmtPeriod(c.valid_from, c.valid_to)}${c.region ? ` · ${c.region}` : ''}`))))));
    } catch (err) {
      if (ctx.alive()) results.replaceChildren(errorBox(err, '查找失败'));
    }
  });
  return h('div', {class: 'inst-top'}, form, results);
}

function namesOverTime(versions) {
  const spans = [];
  for (const v of versions || []) {
    const last = spans[spans.length - 1];
    if (last && last.name === v.name) last.to = v.valid_to;
    else spans.push({name: v.name, from: v.valid_from, to: v.valid_to});
  }
  return h('ol', {class: 'names'}, spans.map((s) => h('li', null, h('strong', null, s.name), h('span', {class: 'muted'}, ` ${fmtPeriod(s.from, s.to)}`))));
}

function nameLinks(list, fallbackIds) {
  const items = list && list.length ? list : (fallbackIds || []).map((id) => ({id, name: id}));
  if (!items.length) return '—';
  return items.map((x, i) => [i ? '、' : '', h('a', {href: institutionHref(x.id)}, x.name || x.id)]);
}

function timelineView(timeline) {
  if (!timeline || !timeline.length) return noticeBox('档案中没有这个机构的沿革事件。');
  return h('ol', {class: 'timeline'}, timeline.map((e) => h('li', {class: `event ${e.type || ''}`},
    h('div', {class: 'event-date'}, e.date || '日期不详'),
    h('div', {class: 'event-body'},
      h('div', {class: 'event-head'}, badge(e.label || e.type, 'event-label'),
        e.from && e.from.length ? h('span', {class: 'from'}, nameLinks(e.from_names, e.from)) : null,
        e.from && e.from.length && e.to && e.to.length ? h('span', {class: 'arrow'}, ' → ') : null,
        e.to && e.to.length ? h('span', {class: 'to'}, nameLinks(e.to_names, e.to)) : null),
      e.duty ? h('div', {class: 'event-duty'}, `职责：${e.duty}`) : null,
      e.detail ? h('div', {class: 'event-detail'}, e.detail) : null,
      e.source ? h('div', {class: 'event-source'}, '依据：', citationLink(e.source)) : null))));
}

function citeOf(state, field) {
  const c = state.cites && state.cites[field];
  return c ? h('span', {class: 'source'}, '（', citationLink(c, true), '）') : null;
}

function stateView(state, parentName) {
  if (!state) return noticeBox('所选日期这个机构不存在（尚未设立或已撤销）。');
  const redacted = new Set(state.redacted || []);
  const hidden = (f) => (redacted.has(f) ? h('span', {class: 'muted'}, '（来源为内部文件，未显示）') : null);
  const staffing = (state.staffing || []).map((s) => `${s.type}${s.post ? `（${s.post}）` : ''} ${s.count} 名`);
  return h('div', {class: 'state'},
    h('dl', {class: 'facts'},
      h('dt', null, '名称'), h('dd', null, state.name || '—', hidden('name'), citeOf(state, 'name')),
      h('dt', null, '简称'), h('dd', null, (state.abbreviations || []).join('、') || '—', citeOf(state, 'abbreviations')),
      h('dt', null, '规格'), h('dd', null, state.rank || '—', hidden('rank'), citeOf(state, 'rank')),
      h('dt', null, '机构类别'), h('dd', null, state.kind || '—', hidden('kind'), citeOf(state, 'kind')),
      h('dt', null, '上级（主管）机关'), h('dd', null,
        state.parent ? h('a', {href: institutionHref(state.parent)}, parentName || state.parent_name || state.parent) : '—',
        hidden('parent'), citeOf(state, 'parent')),
      h('dt', null, '版本期间'), h('dd', null, fmtPeriod(state.valid_from, state.valid_to))),
    h('h3', null, '主要职责', citeOf(state, 'duties')),
    (state.duties || []).length ? h('ol', {class: 'duties'}, state.duties.map((d) => h('li', null, d))) : h('p', {class: 'muted'}, hidden('duties') || '档案中未见'),
    h('h3', null, '内设机构', citeOf(state, 'units')),
    (state.units || []).length ? h('ul', {class: 'units'}, state.units.map((u) => h('li', null, h('strong', null, u.name),
      (u.duties || []).length ? h('span', {class: 'muted'}, `：${u.duties.join('；')}`) : null)))
      : h('p', {class: 'muted'}, hidden('units') || '档案中未见'),
    h('h3', null, '人员编制', citeOf(state, 'staffing')),
    staffing.length ? h('ul', {class: 'staffing'}, staffing.map((s) => h('li', null, s))) : h('p', {class: 'muted'}, hidden('staffing') || '档案中未见'));
}

function marksFragment(marks, fallback) {
  if (!marks || !marks.length) return fallback || '';
  return marks.map((m) => (m.changed ? h('mark', {class: 'chg'}, m.text) : m.text));
}

function diffView(d) {
  const counts = h('p', {class: 'diff-counts'},
    `职责：新增 ${d.added || 0} 条，删除 ${d.removed || 0} 条，修改 ${d.reworded || 0} 条，未变 ${d.same || 0} 条`);
  const fields = (d.fields || []).length
    ? table(['项目', '之前', '之后'], d.fields.map((f) => [FIELD_LABELS[f.field] || f.field, String(f.before || '—'), String(f.after || '—')]))
    : h('p', {class: 'muted'}, '名称、规格等无变化。');
  const duties = h('ol', {class: 'diff-duties'}, (d.duties || []).map((x) => h('li', {class: `diff ${x.change}`},
    badge(CHANGE_LABELS[x.change] || x.change, `chg-${x.change}`),
    x.change === 'added' ? h('div', {class: 'after'}, x.after)
      : x.change === 'removed' ? h('div', {class: 'before'}, x.before)
        : x.change === 'same' ? h('div', {class: 'same'}, x.after)
          : h('div', {class: 'pair'},
            h('div', {class: 'before'}, marksFragment(x.before_marks, x.before)),
            h('div', {class: 'after'}, marksFragment(x.after_marks, x.after)),
            x.similarity ? h('span', {class: 'muted'}, `相似度 ${Math.round(x.similarity * 100)}%`) : null))));
  const units = (d.units || []).filter((u) => u.change !== 'same');
  const unitsView = units.length
    ? table(['变化', '之前', '之后'], units.map((u) => [CHANGE_LABELS[u.change] || u.change, u.before || '—', u.after || '—']))
    : h('p', {class: 'muted'}, '内设机构无变化。');
  const staffing = (d.staffing || []).length
    ? table(['编制类型', '职务', '之前', '之后', '增减'], d.staffing.map((s) => [s.type, s.post || '—', String(s.before ?? '—'), String(s.after ?? '—'),
      h('span', {class: s.delta > 0 ? 'delta up' : s.delta < 0 ? 'delta down' : 'delta'}, s.delta > 0 ? `+${s.delta}` : String(s.delta))]))
    : h('p', {class: 'muted'}, '人员编制无变化。');
  return h('div', {class: 'diff-result'},
    h('p', {class: 'diff-range'}, h('strong', null, d.before_name), ` （${fmtPeriod(d.before_from, d.before_to)}）`, ' → ',
      h('strong', null, d.after_name), ` （${fmtPeriod(d.after_from, d.after_to)}）`),
    counts, h('h3', null, '名称与规格'), fields, h('h3', null, '主要职责'), duties,
    h('h3', null, '内设机构'), unitsView, h('h3', null, '人员编制'), staffing);
}

function diffPanel(ctx, id, versions) {
  const opts = (sel) => versions.map((v, i) => h('option', {value: `v${i + 1}`, selected: sel === i},
    `v${i + 1} ${v.name}（${fmtPeriod(v.valid_from, v.valid_to)}）`));
  const from = h('select', {name: 'from', 'aria-label': '较早版本'}, opts(0));
  const to = h('select', {name: 'to', 'aria-label': '较晚版本'}, opts(versions.length - 1));
  const out = h('div', {class: 'diff-out'});
  const form = h('form', {class: 'inline-form diff-form'}, h('label', null, '从 ', from), h('label', null, ' 到 ', to),
    h('button', {type: 'submit', class: 'primary'}, '比较版本'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    out.replaceChildren(h('p', {class: 'loading'}, '正在比较……'));
    try {
      const d = await get(`/api/institutions/${encodeURIComponent(id)}/diff${qs({from: from.value, to: to.value})}`);
      if (ctx.alive()) out.replaceChildren(diffView(d));
    } catch (err) {
      if (ctx.alive()) out.replaceChildren(errorBox(err, '比较失败'));
    }
  });
  return section('版本比较', versions.length < 2 ? h('p', {class: 'muted'}, '只有一个版本，无可比较。') : form, out);
}

function relations(list, empty) {
  if (!list || !list.length) return h('p', {class: 'muted'}, empty);
  return h('ul', {class: 'relations'}, list.map((r) => h('li', null, h('a', {href: institutionHref(r.id)}, r.name || r.id),
    h('span', {class: 'muted'}, ` ${fmtPeriod(r.from, r.to)}`))));
}

export async function renderInstitution(ctx) {
  const {view, params, parts} = ctx;
  const id = parts[1] || '';
  const asOf = params.get('as_of') || '';
  view.appendChild(nameSearch(ctx, params.get('q') || ''));
  if (!id) {
    view.appendChild(h('div', {class: 'card welcome'}, h('h2', null, '机构沿革'),
      h('p', null, '输入机构的现名、曾用名、简称或繁体名称，查看机构的全部名称、设立与撤并、大事记、沿革关系图、任一日期的职责与编制，以及两个版本之间的变化。')));
    document.title = '机构沿革 - 机构编制档案检索';
    return;
  }
  const holder = h('div', null, h('p', {class: 'loading'}, '正在读取机构沿革……'));
  view.appendChild(holder);
  let lin;
  try {
    lin = await get(`/api/institutions/${encodeURIComponent(id)}${qs({as_of: asOf})}`);
  } catch (err) {
    if (ctx.alive()) holder.replaceChildren(errorBox(err, '无法读取机构沿革'));
    return;
  }
  if (!ctx.alive()) return;
  const inst = lin.institution || {};
  const subject = lin.subject || {};
  const versions = lin.versions || [];
  const title = subject.name || (versions.length ? versions[versions.length - 1].name : inst.id);
  document.title = `${title} - 机构沿革 - 机构编制档案检索`;

  const dateInput = h('input', {type: 'date', value: asOf, 'aria-label': '查看日期', min: '1949-10-01', max: '2100-12-31'});
  const dateForm = h('form', {class: 'inline-form asof-form'}, h('label', null, '查看某日状态：', dateInput),
    h('button', {type: 'submit', class: 'primary'}, '查看'),
    asOf ? h('a', {href: institutionHref(id), class: 'button'}, '清除日期') : null);
  dateForm.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(institutionHref(id, {as_of: dateInput.value}));
  });
  dateInput.addEventListener('change', () => {
    if (dateInput.value) ctx.navigate(institutionHref(id, {as_of: dateInput.value}));
  });

  const head = h('header', {class: 'card inst-header'},
    h('h1', null, title),
    h('dl', {class: 'facts'},
      h('dt', null, '存续期间'), h('dd', null, fmtPeriod(inst.valid_from, inst.valid_to)),
      h('dt', null, '层级'), h('dd', null, `${LEVELS[inst.level] || inst.level || '—'}${subject.region ? ` · ${subject.region}` : ''}`),
      h('dt', null, '历史名称'), h('dd', null, namesOverTime(versions))),
    h('div', {class: 'doc-actions'},
      h('a', {class: 'button', href: `/api/institutions/${encodeURIComponent(id)}/eac`, download: `${title}.xml`}, '导出 EAC-CPF 著录')));

  const graph = h('figure', {class: 'graph'},
    h('img', {src: `/api/institutions/${encodeURIComponent(id)}/graph.svg`, alt: `${title}沿革关系图`, class: 'lineage-graph'}));
  graph.querySelector('img').addEventListener('error', () => graph.replaceChildren(noticeBox('沿革关系图无法生成。')));
  const fit = h('button', {type: 'button'}, '适应宽度');
  fit.addEventListener('click', () => {
    graph.classList.toggle('fit');
    fit.textContent = graph.classList.contains('fit') ? '原始大小' : '适应宽度';
  });
  const graphCard = h('section', {class: 'card graph-card'}, h('h2', null, '沿革关系图'),
    h('div', {class: 'graph-tools'}, fit, h('span', {class: 'muted'}, '前身与后继、职责划转的相关机构（可滚动查看）')), graph);

  const stateCard = section(asOf ? `${asOf} 的状态` : '某日状态', dateForm,
    asOf ? stateView(lin.state, lin.state_parent_name || (lin.state && lin.state.parent_name))
      : h('p', {class: 'muted'}, '选择一个日期，查看当日的名称、规格、上级机关、主要职责、内设机构和人员编制及其出处。'));

  const conflicts = (lin.conflicts || []).length ? section('来源不一致', h('ul', null, lin.conflicts.map((c) => h('li', null,
    `${c.date || ''} ${FIELD_LABELS[c.field] || c.field}：`, (c.claims || []).map((cl, i) => [i ? '；' : '', String(cl.value), '（', citationLink(cl.source, true), '）']),
    c.note ? h('span', {class: 'muted'}, ` ${c.note}`) : null)))) : null;

  holder.replaceChildren(head, graphCard,
    h('div', {class: 'inst-grid'},
      h('div', {class: 'inst-main'},
        stateCard,
        section('大事记', timelineView(lin.timeline)),
        diffPanel(ctx, id, versions)),
      h('div', {class: 'inst-side'},
        section('上级机关', relations(lin.parents, '档案中未见上级机关。')),
        section('下属机构', relations(lin.children, '档案中未见下属机构。')),
        conflicts)));
}
