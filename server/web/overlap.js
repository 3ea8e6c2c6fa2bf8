// #/overlap: a draft's 主要职责 against the duties of the bodies in force (a 查重 report): per
// draft clause its matches with the shared terms marked, per body a summary, moved duties apart,
// and the printable report.
import {get, post} from './api.js';
import {h, errorBox, noticeBox, byteSpanFragment, citationLink, fmtPeriod, institutionHref, section, table, badge} from './dom.js';

const SAMPLE = '（一）负责全市价格监督检查工作，依法查处价格违法和不正当价格行为。\n（二）组织实施全市统计调查。';

// The form's state survives leaving the page and coming back.
const saved = {text: '', as_of: '', region: '', result: null};

function percent(x) {
  return `${Math.round((x || 0) * 100)}%`;
}

function scoreBar(x) {
  return h('span', {class: 'score'}, h('span', {class: 'bar'}, h('span', {class: 'fill', style: `width:${Math.round((x || 0) * 100)}%`})),
    h('span', {class: 'pct'}, percent(x)));
}

function matchRow(m) {
  return h('li', {class: 'match'},
    h('div', {class: 'match-head'},
      h('a', {href: institutionHref(m.institution), class: 'body-name'}, m.name || m.institution),
      scoreBar(m.score),
      h('span', {class: 'muted'}, ` 版本 ${fmtPeriod(m.version_from, m.version_to)}`)),
    h('div', {class: 'match-text'}, byteSpanFragment(m.text, m.marks)),
    h('div', {class: 'match-foot'},
      (m.shared || []).length ? h('span', {class: 'shared'}, '共同要素：', m.shared.map((s) => h('span', {class: 'chip'}, s))) : null,
      m.source ? h('span', {class: 'source'}, '出处：', citationLink(m.source, true)) : null));
}

function movedRow(mv) {
  const m = mv.match || {};
  return h('li', {class: 'moved'},
    h('div', {class: 'match-head'},
      h('a', {href: institutionHref(m.institution), class: 'body-name'}, m.name || m.institution), scoreBar(m.score),
      badge(mv.label || mv.event_type, 'event-label'), h('span', null, ` ${mv.date || ''} `),
      (mv.to || []).length ? h('span', null, '划至 ', mv.to.map((t, i) => [i ? '、' : '', h('a', {href: institutionHref(t.id)}, t.name || t.id)])) : null),
    h('div', {class: 'match-text'}, byteSpanFragment(m.text, m.marks)),
    mv.source ? h('div', {class: 'match-foot'}, '依据：', citationLink(mv.source, true)) : null);
}

function report(res) {
  const clauses = res.clauses || [];
  const moved = [];
  for (const c of clauses) for (const mv of c.moved || []) moved.push({clause: c, mv});
  const summary = h('p', {class: 'overlap-summary'},
    `草案共 ${res.draft_clauses} 条职责，其中 ${res.overlapping} 条与现有机构职责相近。`,
    h('span', {class: 'muted'}, `比对日期 ${res.as_of}${res.options && res.options.region ? `，地区 ${res.options.region}` : ''}；纳入比对的现有职责条款 ${res.indexed_clauses} 条；相似度阈值 ${percent(res.options && res.options.threshold)}。`));
  const bodies = (res.bodies || []).length
    ? table(['机构', '相近条数', '占草案比例', '最高相似度'], res.bodies.map((b) => [
      h('a', {href: institutionHref(b.institution)}, b.name || b.institution), String(b.clauses), percent(b.share), scoreBar(b.best)]), 'bodies')
    : h('p', {class: 'muted'}, '没有机构的职责与草案相近。');
  const perClause = h('ol', {class: 'clauses'}, clauses.map((c) => {
    const best = (c.matches || [])[0];
    return h('li', {class: 'clause card'},
      h('div', {class: 'clause-text'}, h('span', {class: 'num'}, c.number || ''),
        best ? byteSpanFragment(c.text, best.draft_marks) : c.text),
      (c.matches || []).length ? h('ol', {class: 'matches'}, c.matches.map(matchRow))
        : h('p', {class: 'no-match'}, '未发现相近的现有职责。'),
      (c.moved || []).length ? h('p', {class: 'muted'}, `另有 ${c.moved.length} 项相近职责已被划转或随机构撤并转出，见下方“已划转的职责”。`) : null);
  }));
  return h('div', {class: 'overlap-report'},
    section('比对结果', summary),
    section('按机构汇总', bodies),
    h('h2', {class: 'section-title'}, '逐条比对'),
    perClause,
    moved.length ? section('已划转的职责（不计为交叉）', h('ul', {class: 'moved-list'}, moved.map(({clause, mv}) =>
      h('li', null, h('div', {class: 'muted'}, `草案${clause.number || ''}：${clause.text}`), h('ul', null, movedRow(mv)))))) : null);
}

export async function renderOverlap(ctx) {
  const {view} = ctx;
  document.title = '职能比对 - 机构编制档案检索';
  const text = h('textarea', {name: 'text', rows: '8', placeholder: `粘贴草案的主要职责，每条一行或按（一）（二）编号，例如：\n${SAMPLE}`, 'aria-label': '草案主要职责'});
  text.value = saved.text;
  const asOf = h('input', {type: 'date', name: 'as_of', value: saved.as_of, 'aria-label': '比对日期'});
  const region = h('input', {type: 'text', name: 'region', value: saved.region, list: 'region-list', placeholder: '全部地区', 'aria-label': '地区'});
  const regionList = h('datalist', {id: 'region-list'});
  const runBtn = h('button', {type: 'submit', class: 'primary'}, '比对');
  const printBtn = h('button', {type: 'button', class: 'print-btn'}, '打印报告');
  const out = h('div', {class: 'overlap-out'});
  const form = h('form', {class: 'card overlap-form'},
    h('h1', null, '职能交叉比对'),
    h('p', {class: 'muted'}, '将新设或调整机构的主要职责草案逐条与现有机构的职责比对，列出相近的职责、相似度和共同要素，以及各机构的重合比例。'),
    text,
    h('div', {class: 'form-row'},
      h('label', null, '比对日期 ', asOf, h('span', {class: 'muted'}, '（不填为今天）')),
      h('label', null, '地区 ', region, regionList),
      runBtn, printBtn));

  const body = () => ({text: text.value, as_of: asOf.value, region: region.value.trim()});
  const remember = () => {
    saved.text = text.value;
    saved.as_of = asOf.value;
    saved.region = region.value;
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    remember();
    if (!text.value.trim()) {
      out.replaceChildren(errorBox({message: '请先输入草案的主要职责。'}));
      return;
    }
    runBtn.disabled = true;
    out.replaceChildren(h('p', {class: 'loading'}, '正在比对……'));
    try {
      const res = await post('/api/overlap', body());
      saved.result = res;
      if (ctx.alive()) out.replaceChildren(report(res));
    } catch (err) {
      if (ctx.alive()) out.replaceChildren(errorBox(err, '比对失败'));
    } finally {
      runBtn.disabled = false;
    }
  });

  printBtn.addEventListener('click', async () => {
    remember();
    if (!text.value.trim()) {
      out.replaceChildren(errorBox({message: '请先输入草案的主要职责。'}));
      return;
    }
    // Opened now (a user gesture) so the browser does not block it; filled when the report comes.
    const win = window.open('', '_blank');
    try {
      const html = await post('/api/overlap?format=html', body(), 'text');
      const url = URL.createObjectURL(new Blob([html], {type: 'text/html;charset=utf-8'}));
      if (win) win.location.href = url;
      else window.location.assign(url);
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (err) {
      if (win) win.close();
      out.prepend(errorBox(err, '报告生成失败'));
      // The page itself prints as a report too.
    }
  });

  view.appendChild(form);
  view.appendChild(out);
  if (saved.result) out.appendChild(report(saved.result));
  else out.appendChild(noticeBox('输入草案后点击“比对”。也可以在结果页点击“打印报告”，得到适合 A4 打印的报告。'));
  try {
    const r = await get('/api/regions');
    if (ctx.alive()) for (const x of r.regions || []) regionList.appendChild(h('option', {value: x.name}, `${x.name}（${x.bodies} 个机构）`));
  } catch (e) {
    // the region list is a convenience
  }
}
