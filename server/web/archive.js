// #/archive: sign in; for archivists upload with progress, the ingest jobs (polled while one
// runs), failures and pages to review; sign out.
import {get, post, upload, forgetMe, me} from './api.js';
import {h, errorBox, noticeBox, fmtTime, fmtBytes, docHref, section, table, badge} from './dom.js';

const JOB_STATES = {queued: '排队中', running: '进行中', done: '已完成', failed: '失败', interrupted: '已中断'};
const REASONS = {
  corrupt: '文件损坏', truncated: '文件不完整', encrypted: '文件加密', empty: '空文件', unsupported: '格式不支持',
  oversize: '文件过大', bomb: '疑似压缩炸弹', unsafe_path: '不安全的路径', io_error: '读写错误', internal: '内部错误',
};

function loginForm(ctx) {
  const name = h('input', {type: 'text', name: 'name', autocomplete: 'username', required: true, 'aria-label': '用户名'});
  const password = h('input', {type: 'password', name: 'password', autocomplete: 'current-password', required: true, 'aria-label': '密码'});
  const status = h('div', {class: 'form-status'});
  const button = h('button', {type: 'submit', class: 'primary'}, '登录');
  const form = h('form', {class: 'card login-form'},
    h('h1', null, '登录档案管理'),
    h('p', {class: 'muted'}, '查阅人员登录后可查阅内部文件；档案管理员还可以上传、导入和更正。账号由管理员在服务器上创建。'),
    h('label', null, '用户名', name), h('label', null, '密码', password), button, status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    status.replaceChildren(h('span', {class: 'muted'}, '正在登录……'));
    try {
      await post('/api/login', {name: name.value.trim(), password: password.value});
      password.value = '';
      forgetMe();
      await ctx.refreshWhoami();
      ctx.navigate('#/archive');
    } catch (err) {
      button.disabled = false;
      status.replaceChildren(errorBox(err, '登录失败'));
    }
  });
  return form;
}

function progressText(job) {
  const p = job.progress || {};
  const pages = p.pages_total ? `${p.pages_done || 0} / ${p.pages_total}` : String(p.pages_done || 0);
  return {files: String(p.files_done || 0), pages, failed: String(p.failed || 0), duplicates: String(p.duplicates || 0), walking: p.walking};
}

function jobState(job) {
  const label = JOB_STATES[job.state] || job.state;
  return h('span', {class: `job-state ${job.state}`}, label);
}

function jobsTable(jobs) {
  if (!jobs.length) return h('p', {class: 'muted'}, '还没有导入任务。');
  return table(['任务', '文件名', '提交人', '状态', '文件', '页数', '失败', '重复', '开始', '结束'],
    jobs.map((j) => {
      const p = progressText(j);
      const total = (j.progress && j.progress.pages_total) || 0;
      const done = (j.progress && j.progress.pages_done) || 0;
      const bar = j.state === 'running' && total ? h('span', {class: 'bar small'}, h('span', {class: 'fill', style: `width:${Math.round((100 * done) / total)}%`})) : null;
      return [j.id, h('span', null, j.name, h('span', {class: 'muted'}, ` ${fmtBytes(j.size)}`)), j.by || '—',
        h('span', null, jobState(j), p.walking && j.state === 'running' ? h('span', {class: 'muted'}, ' 正在读取压缩包') : null,
          j.error ? h('div', {class: 'job-error'}, j.error) : null),
        p.files, h('span', null, p.pages, bar), p.failed, p.duplicates, fmtTime(j.started_ms), fmtTime(j.finished_ms)];
    }), 'jobs');
}

function uploadPanel(onJob) {
  // The native file button speaks the browser's language: hidden behind a Chinese label.
  const input = h('input', {type: 'file', name: 'file', id: 'upload-file', class: 'visually-hidden',
    accept: '.zip,.tar,.gz,.tgz,.7z,.pdf,.tif,.tiff,.png,.jpg,.jpeg,.ofd,.txt'});
  const chosen = h('span', {class: 'chosen muted'}, '未选择文件');
  input.addEventListener('change', () => {
    const f = input.files && input.files[0];
    chosen.textContent = f ? `${f.name}（${fmtBytes(f.size)}）` : '未选择文件';
  });
  const picker = h('label', {for: 'upload-file', class: 'button file-button'}, '选择文件…');
  const button = h('button', {type: 'submit', class: 'primary'}, '上传并导入');
  const bar = h('span', {class: 'fill', style: 'width:0%'});
  const progress = h('div', {class: 'upload-progress', hidden: true}, h('span', {class: 'bar'}, bar), h('span', {class: 'pct'}, ''));
  const status = h('div', {class: 'form-status'});
  const form = h('form', {class: 'upload-form'},
    h('p', {class: 'muted'}, '可上传压缩包（zip、tar、tar.gz、7z）或单个文件（PDF、TIFF、PNG、JPEG、OFD、文本）。导入在后台进行，已导入的内容不会重复导入。'),
    h('div', {class: 'form-row'}, input, picker, chosen, button), progress, status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = input.files && input.files[0];
    if (!file) {
      status.replaceChildren(errorBox({message: '请先选择要上传的文件。'}));
      return;
    }
    button.disabled = true;
    progress.hidden = false;
    status.replaceChildren(h('span', {class: 'muted'}, `正在上传 ${file.name}……`));
    try {
      const res = await upload(file, (loaded, total) => {
        const pct = Math.round((100 * loaded) / Math.max(1, total));
        bar.style.width = `${pct}%`;
        progress.querySelector('.pct').textContent = `已上传 ${pct}%（${fmtBytes(loaded)} / ${fmtBytes(total)}）`;
      });
      bar.style.width = '100%';
      progress.querySelector('.pct').textContent = '上传完成';
      status.replaceChildren(h('div', {class: 'ok-box'}, `已上传 ${file.name}，导入任务 ${res.job ? res.job.id : ''} 已开始。`));
      input.value = '';
      chosen.textContent = '未选择文件';
      onJob();
    } catch (err) {
      status.replaceChildren(errorBox(err, '上传失败'));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function failuresView(list) {
  if (!list.length) return h('p', {class: 'muted'}, '没有失败的文件。');
  return table(['来源', '原因', '说明', '时间'], list.map((f) => [f.source, REASONS[f.reason] || f.reason, f.message || '—', fmtTime(f.at_ms)]), 'failures');
}

function reviewView(r) {
  const pages = r.pages || [];
  const docs = r.documents || [];
  return h('div', null,
    h('h3', null, `识别置信度低的页面（${pages.length}）`),
    pages.length ? table(['来源', '页', '置信度', '说明'], pages.map((p) => [
      h('a', {href: docHref(p.sha256, {page: p.page})}, p.source || p.sha256.slice(0, 12)), `第${p.page}页`,
      p.confidence >= 0 ? String(Math.round(p.confidence)) : '无法识别', p.note || '—'])) : h('p', {class: 'muted'}, '没有待复核的页面。'),
    h('h3', null, `提取结果待复核的文件（${docs.length}）`),
    docs.length ? table(['文件', '文号', '待复核项'], docs.map((d) => [
      h('a', {href: docHref(d.sha256)}, d.title || d.sha256.slice(0, 12)), d.doc_number || '—', (d.flags || []).join('；') || '—'])) : h('p', {class: 'muted'}, '没有待复核的文件。'));
}

export async function renderArchive(ctx) {
  const {view} = ctx;
  document.title = '档案管理 - 机构编制档案检索';
  const account = await me(true);
  if (!ctx.alive()) return;
  if (!account) {
    view.appendChild(loginForm(ctx));
    return;
  }
  const logout = h('button', {type: 'button'}, '退出登录');
  logout.addEventListener('click', async () => {
    try {
      await post('/api/logout', {});
    } catch (err) {
      document.getElementById('messages').replaceChildren(errorBox(err, '退出失败'));
      return;
    }
    forgetMe();
    await ctx.refreshWhoami();
    ctx.navigate('#/archive');
  });
  view.appendChild(h('div', {class: 'card account-bar'},
    h('span', null, '当前账号：', h('strong', null, account.display_name || account.name), ' ', badge(account.role_label || account.role, 'role')),
    logout));
  const archivist = account.role === 'archivist' || account.role === 'admin';
  if (!archivist) {
    view.appendChild(noticeBox('当前账号为查阅人员：可以检索和查看内部文件；上传、导入和更正需要档案管理员账号。'));
    return;
  }

  const jobsBox = h('div', null, h('p', {class: 'loading'}, '正在读取导入任务……'));
  const failuresBox = h('div', null);
  const reviewBox = h('div', null);
  let timer = null;
  let lastActive = false;

  const loadSide = async () => {
    try {
      const [f, r] = await Promise.all([get('/api/failures'), get('/api/review')]);
      if (!ctx.alive()) return;
      failuresBox.replaceChildren(failuresView(f.failures || []));
      reviewBox.replaceChildren(reviewView(r));
    } catch (err) {
      if (ctx.alive()) failuresBox.replaceChildren(errorBox(err, '无法读取失败与复核列表'));
    }
  };

  const poll = async () => {
    timer = null;
    if (!ctx.alive()) return;
    let jobs;
    try {
      jobs = (await get('/api/jobs')).jobs || [];
    } catch (err) {
      if (ctx.alive()) jobsBox.replaceChildren(errorBox(err, '无法读取导入任务'));
      return;
    }
    if (!ctx.alive()) return;
    jobsBox.replaceChildren(jobsTable(jobs));
    const active = jobs.some((j) => j.state === 'queued' || j.state === 'running');
    // A job just finished: its failures and pages to review are new.
    if (lastActive && !active) loadSide();
    lastActive = active;
    if (active) timer = setTimeout(poll, 1500);
  };
  const kick = () => {
    if (timer) clearTimeout(timer);
    lastActive = true;
    poll();
  };

  view.appendChild(section('上传档案', uploadPanel(kick)));
  view.appendChild(section('导入任务', jobsBox));
  view.appendChild(section('失败的文件', failuresBox));
  view.appendChild(section('待复核', reviewBox));
  await Promise.all([poll(), loadSide()]);
}
