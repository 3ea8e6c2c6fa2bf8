// Browser test of the sanding web pages: the real binary serves a fresh archive (the sample corpus,
// one OCR'd page, an archivist account) and headless Chromium (Debian's, through playwright-core)
// goes through what users do, asserting on the Chinese text they see, with a screenshot per step.
//
// Environment: SANDING_BIN (required), SANDING_SOURCE_DIR (repository root), SANDING_FIXTURES_BIN
// (sanding-fixtures, optional: the OCR'd page and the uploaded zip), BROWSER_SHOTS (screenshot
// folder, default a temporary one), CHROMIUM (default /usr/bin/chromium).
// Exit code 0 = every step passed.
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

let chromium;
try {
  ({chromium} = await import('playwright-core'));
} catch (e) {
  console.error('缺少浏览器测试依赖（tests/browser/node_modules）：请先运行 npm ci --prefix tests/browser\n' +
    'Missing the browser test dependencies (tests/browser/node_modules): run `npm ci --prefix tests/browser` first.');
  process.exit(1);
}

const BIN = process.env.SANDING_BIN;
const SOURCE = process.env.SANDING_SOURCE_DIR || path.resolve(here, '..', '..');
let FIXTURES = process.env.SANDING_FIXTURES_BIN || '';
if (!FIXTURES && BIN) {
  const guess = path.join(path.dirname(BIN), 'sanding-fixtures');
  if (fs.existsSync(guess)) FIXTURES = guess;
}
const SHOTS = process.env.BROWSER_SHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'sanding-shots-'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const USER = 'archivist';
const PASSWORD = 'pass-word-123';
const INTERNAL_DOCNO = '清编〔1999〕7号';

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

if (!BIN || !fs.existsSync(BIN)) fail(`SANDING_BIN 未设置或不存在 / SANDING_BIN unset or missing: ${BIN}`);
if (!fs.existsSync(CHROMIUM)) fail(`找不到 Chromium / Chromium not found: ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
if (!fs.existsSync(path.join(SOURCE, 'corpus', 'docs'))) fail(`corpus/docs not found under SANDING_SOURCE_DIR=${SOURCE}`);
fs.mkdirSync(SHOTS, {recursive: true});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sanding-browser-'));
const DATA = path.join(tmp, 'data');
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// Runs the binary to completion (time-bounded); returns stdout.
function run(cmd, args, {input, timeout = 300000} = {}) {
  const r = spawnSync(cmd, args, {input, timeout, encoding: 'utf8', maxBuffer: 64 << 20,
    env: {...process.env, OMP_THREAD_LIMIT: process.env.OMP_THREAD_LIMIT || '1'}});
  if (r.error) fail(`${path.basename(cmd)} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) fail(`${path.basename(cmd)} ${args.join(' ')} exited ${r.status}\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const {port} = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the archive
log(`data ${DATA}, screenshots ${SHOTS}`);
run(BIN, ['ingest', '--data', DATA, '--quiet', path.join(SOURCE, 'corpus', 'docs')]);

let ocrTitleWord = '';
let uploadFile = '';
if (FIXTURES && fs.existsSync(FIXTURES)) {
  // One page rendered as a PNG: read by OCR on ingest, so the viewer has word boxes to draw.
  const scan = path.join(tmp, 'scan');
  run(FIXTURES, ['pages', '--count', '1', '--kind', 'png', '--out', scan, '--seed', '7', '--chars', '120']);
  run(BIN, ['ingest', '--data', DATA, '--quiet', path.join(scan, 'page-00001.png')]);
  ocrTitleWord = '潍坊';
  // The zip the archivist uploads: two text pages the archive does not hold yet.
  uploadFile = path.join(tmp, '新到档案.zip');
  run(FIXTURES, ['archive', '--pages', '2', '--kind', 'text', '--out', uploadFile, '--seed', '4242', '--chars', '200']);
} else {
  log('SANDING_FIXTURES_BIN not set: no OCR page; the upload is a text file');
  uploadFile = path.join(tmp, '新到档案.txt');
  fs.writeFileSync(uploadFile, `临时测试文件\n\n清河市测试局关于浏览器测试的通知\n\n${new Date().toISOString()}\n`);
}

// The 内部 document, found the way only the command line (or a signed-in account) can.
const internal = JSON.parse(run(BIN, ['search', '--data', DATA, '--json', '--include-internal', `文号:${INTERNAL_DOCNO}`]));
if (internal.total !== 1 || !internal.hits[0].internal) fail(`expected one 内部 document ${INTERNAL_DOCNO}, got ${JSON.stringify(internal).slice(0, 300)}`);
const internalSha = internal.hits[0].sha256;

run(BIN, ['user', 'add', USER, '--role', 'archivist', '--password-stdin', '--data', DATA], {input: `${PASSWORD}\n`});

// ---- the server
const port = await freePort();
const BASE = `http://127.0.0.1:${port}`;
const serverLog = fs.openSync(path.join(SHOTS, 'server.log'), 'w');
const server = spawn(BIN, ['serve', '--data', DATA, '--listen', `127.0.0.1:${port}`], {
  stdio: ['ignore', serverLog, serverLog], env: {...process.env, OMP_THREAD_LIMIT: process.env.OMP_THREAD_LIMIT || '1'}});
let serverExit = null;
server.on('exit', (code, signal) => {
  serverExit = {code, signal};
});

let browser = null;
let failed = false;

async function stopAll() {
  if (browser) await browser.close().catch(() => {});
  if (serverExit === null) {
    server.kill('SIGTERM');
    for (let i = 0; i < 100 && serverExit === null; i++) await sleep(100);
    if (serverExit === null) server.kill('SIGKILL');
  }
  fs.rmSync(tmp, {recursive: true, force: true});
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await stopAll();
    process.exit(1);
  });
}

async function waitForServer() {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (serverExit !== null) throw new Error(`sanding serve exited (${JSON.stringify(serverExit)}); see ${path.join(SHOTS, 'server.log')}`);
    try {
      const res = await fetch(`${BASE}/api/status`);
      if (res.ok) return res.json();
    } catch (e) {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error('sanding serve did not answer GET /api/status within 60 s');
}

// ---- the steps
let page;
let stepNo = 0;
const problems = [];

async function shot(name) {
  const file = path.join(SHOTS, `${String(stepNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({path: file, fullPage: true});
  return file;
}

async function step(name, fn) {
  stepNo++;
  log(`step ${stepNo}: ${name}`);
  try {
    await fn();
    const file = await shot(name);
    log(`  ok (${path.basename(file)})`);
  } catch (err) {
    failed = true;
    let file = '';
    try {
      file = await shot(`${name}-FAILED`);
    } catch (e) {
      // no screenshot possible
    }
    throw new Error(`step ${stepNo} “${name}” failed: ${err.message.split('\n')[0]}${file ? `\n  screenshot: ${file}` : ''}`);
  }
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

async function text(selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

async function searchFor(q) {
  await page.goto(`${BASE}/#/`);
  const input = page.locator('input.search-input');
  await input.fill(q);
  await input.press('Enter');
  await page.locator('.total').waitFor();
  const total = await text('.total');
  const m = total.match(/共\s*(\d+)\s*份文件/);
  expect(m, `no “共 N 份文件” after searching ${q}: ${total}`);
  return Number(m[1]);
}

try {
  const status = await waitForServer();
  log(`server up: ${JSON.stringify(status)}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({viewport: {width: 1366, height: 900}, locale: 'zh-CN', acceptDownloads: false});
  page = await context.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (err) => problems.push(`JavaScript error: ${err.message}`));
  page.on('console', (msg) => {
    const t = msg.text();
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(t)) problems.push(`CSP: ${t}`);
  });
  // Nothing may be fetched from anywhere but the server.
  await context.route((url) => !url.href.startsWith(BASE) && !url.href.startsWith('blob:') && !url.href.startsWith('data:'),
    (route) => {
      problems.push(`request to the outside: ${route.request().url()}`);
      return route.abort();
    });

  let firstTotal = 0;
  await step('search', async () => {
    await page.goto(`${BASE}/`);
    await page.getByText('机构编制档案全文检索').waitFor();
    firstTotal = await searchFor('价格监督检查');
    expect(firstTotal > 0, 'searching 价格监督检查 found nothing');
    expect(await page.locator('.hit').count() > 0, 'no hit shown');
    expect(await page.locator('.snippet mark').count() > 0, 'no highlighted word in the snippets');
    const facets = await text('.facets');
    for (const f of ['年份', '文件类型', '发文机关', '涉及机构']) expect(facets.includes(f), `facet ${f} missing`);
  });

  await step('search-facet', async () => {
    const kind = page.locator('.facet', {hasText: '文件类型'}).locator('.facet-value').first();
    const label = (await kind.locator('.facet-label').innerText()).trim();
    const count = Number((await kind.locator('.count').innerText()).trim());
    await kind.click();
    await page.waitForURL((u) => decodeURIComponent(u.href).includes(`类型:${label}`));
    await page.locator('.facet-value.active').waitFor();
    await page.locator('.total').waitFor();
    const total = await text('.total');
    expect(total.includes(`共 ${count} 份文件`), `after the facet ${label} (${count}) the page says ${total}`);
    expect((await page.inputValue('input.search-input')).includes(`类型:${label}`), 'the facet did not enter the query');
  });

  await step('document', async () => {
    await searchFor('价格监督检查');
    await page.locator('.hit-title').first().click();
    await page.locator('.doc-title').waitFor();
    await page.locator('.page-text').waitFor();
    const facts = await text('dl.facts');
    for (const k of ['文号', '日期', '发文机关', '公开属性']) expect(facts.includes(k), `fact ${k} missing in the header`);
    expect(await page.locator('.page-text mark').count() > 0, 'no word of the query marked in the page text');
    expect(await page.getByText('下载原件').count() > 0, 'no download link');
    expect(await page.locator('.page-list .pg').count() > 0, 'no page list');
  });

  if (ocrTitleWord) {
    await step('document-ocr-boxes', async () => {
      await searchFor('公共卫生');
      await page.locator('.hit-title', {hasText: ocrTitleWord}).first().click();
      await page.locator('.doc-title').waitFor();
      const img = page.locator('img.page-image');
      await img.waitFor();
      await page.waitForFunction(() => {
        const i = document.querySelector('img.page-image');
        return i && i.complete && i.naturalWidth > 0;
      }, null, {timeout: 30000});
      await page.locator('.word-box').first().waitFor({timeout: 10000});
      const boxes = await page.locator('.word-box').count();
      expect(boxes >= 1, 'no word box drawn over the page image');
      const info = await text('.page-info');
      expect(/OCR，置信度 \d+/.test(info), `method line is “${info}”, expected “OCR，置信度 N”`);
      // The boxes lie over the image.
      const ib = await img.boundingBox();
      const bb = await page.locator('.word-box').first().boundingBox();
      expect(bb && ib && bb.x >= ib.x - 1 && bb.y >= ib.y - 1 && bb.x + bb.width <= ib.x + ib.width + 1 &&
        bb.y + bb.height <= ib.y + ib.height + 1, 'a word box lies outside the page image');
      expect(await page.locator('.page-text mark').count() > 0, 'OCR text has no mark');
    });
  }

  await step('institution-candidates', async () => {
    // 发改委 names a city and a national body: the page lists both to choose from.
    await page.goto(`${BASE}/#/institution`);
    const input = page.locator('.inst-search input[type=search]');
    await input.fill('发改委');
    await input.press('Enter');
    await page.locator('.candidate-list').waitFor();
    const list = await text('.candidate-list');
    expect(list.includes('清河市发展和改革委员会') && list.includes('国家发展和改革委员会'), `candidates: ${list}`);
    await page.locator('a.candidate', {hasText: '国家发展和改革委员会'}).click();
    await page.locator('.inst-header h1', {hasText: '国家发展和改革委员会'}).waitFor();
    const names = await text('ol.names');
    expect(names.includes('国家计划委员会'), `国家发展和改革委员会's names lack 国家计划委员会: ${names}`);
  });

  let instUrl = '';
  await step('institution', async () => {
    await page.goto(`${BASE}/#/institution`);
    const input = page.locator('.inst-search input[type=search]');
    await input.fill('市发改委');
    await input.press('Enter');
    await page.waitForURL(/#\/institution\/[^?]+/);
    await page.locator('.inst-header h1').waitFor();
    const title = await text('.inst-header h1');
    expect(title.includes('发展和改革委员会'), `institution page title is ${title}`);
    expect(await page.locator('.timeline .event').count() > 0, 'no 大事记');
    await page.waitForFunction(() => {
      const i = document.querySelector('img.lineage-graph');
      return i && i.complete && i.naturalWidth > 0;
    }, null, {timeout: 30000});
    const names = await text('ol.names');
    expect(names.includes('清河市计划委员会'), 'old name 清河市计划委员会 not listed');
    instUrl = page.url();
  });

  await step('institution-as-of', async () => {
    await page.locator('.asof-form input[type=date]').fill('2015-01-01');
    await page.locator('.asof-form button[type=submit]').click();
    await page.waitForURL(/as_of=2015-01-01/);
    await page.getByRole('heading', {name: '2015-01-01 的状态'}).waitFor();
    const state = await text('.state');
    for (const k of ['清河市发展和改革委员会', '主要职责', '内设机构', '人员编制']) expect(state.includes(k), `state as of 2015-01-01 lacks ${k}`);
    expect(await page.locator('.state a.cite').count() > 0, 'the state cites no source');
  });

  await step('institution-diff', async () => {
    await page.locator('.diff-form select[name=from]').selectOption('v1');
    await page.locator('.diff-form select[name=to]').selectOption('v3');
    await page.locator('.diff-form button[type=submit]').click();
    await page.locator('.diff-result').waitFor();
    const d = await text('.diff-result');
    expect(/新增 \d+ 条/.test(d), 'diff shows no counts');
    expect(d.includes('清河市计划委员会') && d.includes('清河市发展和改革委员会'), 'diff does not name both versions');
    expect(await page.locator('.diff-result mark.chg').count() > 0, 'no changed words marked in a reworded duty');
    expect(d.includes('行政编制'), 'no staffing delta');
  });

  await step('overlap', async () => {
    await page.goto(`${BASE}/#/overlap`);
    await page.locator('textarea').fill('（一）负责全市价格监督检查工作，依法查处价格违法和不正当价格行为。\n（二）组织实施全市统计调查。');
    await page.getByRole('button', {name: '比对', exact: true}).click();
    await page.locator('.overlap-report').waitFor({timeout: 60000});
    const r = await text('.overlap-report');
    expect(/草案共 2 条职责/.test(r), `summary: ${r.slice(0, 120)}`);
    expect(await page.locator('.match').count() > 0, 'no match listed');
    expect(await page.locator('.match-text mark').count() > 0, 'no shared term marked in a matched clause');
    expect(r.includes('清河市市场监督管理局'), '清河市市场监督管理局 not among the matches');
    expect(/\d+%/.test(r), 'no score as a percentage');
    expect(await page.locator('table.bodies tbody tr').count() > 0, 'no per-body summary');
  });

  await step('overlap-print-report', async () => {
    const [popup] = await Promise.all([
      page.waitForEvent('popup', {timeout: 30000}),
      page.getByRole('button', {name: '打印报告'}).click(),
    ]);
    await popup.waitForFunction(() => document.body && document.body.innerText.includes('清河市市场监督管理局'), null, {timeout: 30000});
    await popup.screenshot({path: path.join(SHOTS, `${String(stepNo).padStart(2, '0')}-overlap-print-report-window.png`), fullPage: true});
    await popup.close();
  });

  await step('anonymous-internal-hidden', async () => {
    const total = await searchFor(`文号:${INTERNAL_DOCNO}`);
    expect(total === 0, `an anonymous search for the 内部 document ${INTERNAL_DOCNO} found ${total}`);
    await page.goto(`${BASE}/#/doc/${internalSha}`);
    await page.locator('.error-box').waitFor();
    const e = await text('.error-box');
    expect(!e.includes('物价局行政编制'), 'the 内部 document text leaked');
    expect(await page.locator('.page-text').count() === 0, 'the 内部 document opened for an anonymous visitor');
  });

  await step('archive-sign-in', async () => {
    await page.goto(`${BASE}/#/archive`);
    await page.getByRole('heading', {name: '登录档案管理'}).waitFor();
    // A wrong password is refused with a visible Chinese message.
    await page.locator('input[name=name]').fill(USER);
    await page.locator('input[name=password]').fill('wrong-password');
    await page.getByRole('button', {name: '登录'}).click();
    await page.locator('.login-form .error-box').waitFor();
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.getByRole('button', {name: '登录'}).click();
    await page.getByText('当前账号：').waitFor();
    await page.locator('#whoami', {hasText: '档案管理员'}).waitFor();
  });

  await step('archive-upload', async () => {
    const name = path.basename(uploadFile);
    await page.locator('input[type=file]').setInputFiles(uploadFile);
    await page.getByRole('button', {name: '上传并导入'}).click();
    await page.locator('.ok-box', {hasText: '已上传'}).waitFor({timeout: 60000});
    const row = page.locator('table.jobs tbody tr', {hasText: name}).first();
    await row.waitFor();
    await row.locator('.job-state', {hasText: '已完成'}).waitFor({timeout: 60000}).catch(async () => {
      throw new Error(`the ingest job did not reach 已完成 within 60 s: ${(await row.innerText()).replace(/\s+/g, ' ')}`);
    });
    const cells = await row.locator('td').allInnerTexts();
    expect(Number(cells[4]) >= 1, `the job loaded no file: ${cells.join(' | ')}`);
    await page.getByRole('heading', {name: '失败的文件', exact: true}).waitFor();
    await page.getByRole('heading', {name: '待复核', exact: true}).waitFor();
  });

  await step('signed-in-internal-found', async () => {
    const total = await searchFor(`文号:${INTERNAL_DOCNO}`);
    expect(total === 1, `signed in, the 内部 document ${INTERNAL_DOCNO} is found ${total} times`);
    await page.locator('.hit .badge.internal', {hasText: '内部'}).waitFor();
    await page.locator('.hit-title').first().click();
    await page.locator('.page-text', {hasText: '物价局行政编制'}).waitFor();
    await page.getByRole('heading', {name: '更正提取结果'}).waitFor();
  });

  await step('correction', async () => {
    await page.locator('.correction-form select[name=field]').selectOption('标题');
    await page.locator('.correction-form input[name=value]').fill('清河市机构编制委员会关于同意核增清河市物价局行政编制的批复（浏览器测试更正）');
    await page.locator('.correction-form input[name=reason]').fill('浏览器测试：核对原件后更正标题');
    await page.getByRole('button', {name: '提交更正'}).click();
    await page.locator('.ok-box', {hasText: '更正已保存'}).waitFor({timeout: 60000});
    await page.locator('.doc-title', {hasText: '浏览器测试更正'}).waitFor();
    await page.locator('table.corrections', {hasText: '浏览器测试：核对原件后更正标题'}).waitFor();
  });

  await step('sign-out', async () => {
    await page.goto(`${BASE}/#/archive`);
    await page.getByRole('button', {name: '退出登录'}).click();
    await page.getByRole('heading', {name: '登录档案管理'}).waitFor();
    await page.locator('#whoami', {hasText: '未登录'}).waitFor();
    const total = await searchFor(`文号:${INTERNAL_DOCNO}`);
    expect(total === 0, 'after signing out the 内部 document is still found');
  });

  if (problems.length) {
    failed = true;
    console.error(`FAIL: the pages reported problems:\n  ${problems.join('\n  ')}`);
  }
} catch (err) {
  failed = true;
  console.error(`FAIL: ${err.message}`);
  if (problems.length) console.error(`  also:\n  ${problems.join('\n  ')}`);
} finally {
  await stopAll();
}

if (failed) {
  console.error(`screenshots and server.log: ${SHOTS}`);
  process.exit(1);
}
log(`PASS (${stepNo} steps); screenshots in ${SHOTS}`);
