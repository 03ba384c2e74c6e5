// Browser tests of the BVCTNB web pages, as a person would use them.
//
// Generates a small province with the real binary, starts `bvctnb demo` on a free loopback
// port, and drives Debian's Chromium through playwright-core:
//   officer canbo.tinh logs in → searches "nguyen van" (no diacritics) → opens a dossier →
//   an edit refused by validation (HTTP 422, field marked, typed value kept) → a good edit
//   (saved as a new version) → inspector kiemtra sees the read and both writes on /audit →
//   out-of-scope officer canbo.coso is refused (403), and the refusal is audited →
//   the officer reads the regulation packs, a dossier's findings, and runs a review campaign.
// Then an admission case about the member `dangvien`, walked from intake to decision by the
// officer, the cell (bithu), the committees (capuy, capuy.tinh) and the member on "Hồ sơ của tôi",
// with its refusals (the subject carrying their own letter, a conclusion above the commune's
// level) and its letters printed to PDF and read back through pdftotext.
// Every page is also checked for Content-Security-Policy violations and script errors, for
// labelled inputs, and (login, dossier) for no horizontal scrolling at 1366×768 and 390×844.
//
// Run: `npm test` here (see README.md); env BVCTNB_BIN names the binary.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache', 'bvctnb-target');
const BIN = process.env.BVCTNB_BIN || path.join(TARGET, 'debug', 'bvctnb');
const CHROMIUM = process.env.BVCTNB_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'demo-bvctnb-2026';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

// ---------------------------------------------------------------------------------------------
// Shared state: one server and one browser for the whole file; the tests run in order.

const S = {
  tmp: '',
  env: {},
  server: null,
  serverOut: '',
  serverErr: '',
  base: '',
  adminTotp: '',
  browser: null,
  contexts: [],
  // Filled in by the officer's steps, read by the later ones.
  tinhHits: [], // [{id, name}]
  personId: 0,
  refusedId: 0,
  personName: '',
  newOccupation: '',
};

function serverLog() {
  const tail = (s) => s.split('\n').slice(-40).join('\n');
  return `\n--- server stdout ---\n${tail(S.serverOut)}\n--- server stderr ---\n${tail(S.serverErr)}`;
}

/** RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits, key given in base32. */
export function totp(base32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(off) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/** Lower case without Vietnamese diacritics ("Nguyễn Văn" → "nguyen van"). */
function plain(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts `bvctnb demo` and resolves once the welcome text (URL and logins) is printed. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['demo'], {
      cwd: S.tmp,
      env: { ...S.env, BVCTNB_LISTEN: '127.0.0.1:0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    S.server = child;
    // If this process dies without reaching `after` (a signal, a broken pipe), take the server
    // down with it rather than leave it listening.
    const orphanGuard = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    process.once('exit', orphanGuard);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE']) {
      process.once(sig, () => {
        orphanGuard();
        process.exit(1);
      });
    }
    let done = false;
    const finish = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      err ? reject(err) : resolve();
    };
    const timer = setTimeout(() => finish(new Error(`bvctnb demo printed no URL within 60 s${serverLog()}`)), 60_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      S.serverOut += d;
      const url = S.serverOut.match(/BVCTNB đang chạy tại (http:\/\/127\.0\.0\.1:\d+)\//);
      // The logins follow the URL line; the last line of the welcome says how to stop.
      if (url && /Ctrl\+C/.test(S.serverOut)) {
        S.base = url[1];
        const admin = S.serverOut.match(/^\s*quantri\b.*mã TOTP bí mật\s+([A-Z2-7=]+)/m);
        S.adminTotp = admin ? admin[1] : '';
        finish();
      }
    });
    child.stderr.on('data', (d) => {
      S.serverErr += d;
    });
    child.on('exit', (code, sig) => finish(new Error(`bvctnb demo exited early (${code ?? sig})${serverLog()}`)));
    child.on('error', (e) => finish(e));
  });
}

async function stopServer() {
  const child = S.server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  const ok = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!ok) {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(2_000)]);
  }
}

// ---------------------------------------------------------------------------------------------
// Browser helpers.

/**
 * A fresh browser context (own cookies) with one page that records every CSP violation (from
 * the console and from `securitypolicyviolation` events) and every uncaught script error.
 */
async function newPage(label) {
  const context = await S.browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
  S.contexts.push(context);
  const problems = [];
  await context.exposeBinding('__e2eCsp', (_src, msg) => problems.push(`CSP event: ${msg}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // eslint-disable-next-line no-undef
      window.__e2eCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || document.URL}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(20_000);
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) problems.push(`console ${m.type()} on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
  return { label, context, page, problems };
}

function assertNoProblems(s) {
  assert.deepEqual(s.problems, [], `${s.label}: CSP violations or script errors`);
}

async function shot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

async function login(s, username, { expectPath = '/' } = {}) {
  const { page } = s;
  await page.goto(`${S.base}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  if (!expectPath) return;
  assert.equal(new URL(page.url()).pathname, expectPath, `${username} lands on ${expectPath}`);
  await assert.doesNotReject(page.locator('form[action="/logout"]').waitFor(), `${username} is logged in`);
}

/** Every visible input/select/textarea has an id and a `<label for=that id>`. */
async function assertLabelled(page, where) {
  const missing = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const label = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (!label || !label.textContent.trim()) out.push(el.outerHTML.slice(0, 120));
    }
    return out;
  });
  assert.deepEqual(missing, [], `${where}: visible fields without a <label for=…>`);
}

/** The body does not scroll sideways at desktop and phone sizes (and a screenshot of each). */
async function assertFits(page, where, shotName) {
  for (const [size, vp] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(vp);
    const m = await page.evaluate(() => {
      const w = window.innerWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > w + 1 && !el.closest('.table-wrap'))
        .slice(0, 5)
        .map((el) => `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).replace(/ /g, '.') : ''}> right=${Math.round(el.getBoundingClientRect().right)}`);
      return { scroll: document.documentElement.scrollWidth, inner: w, wide };
    });
    assert.ok(
      m.scroll <= m.inner + 1,
      `${where} at ${vp.width}×${vp.height}: page is ${m.scroll}px wide in a ${m.inner}px window; too wide: ${m.wide.join(', ')}`,
    );
    if (size === 'phone' && shotName) await shot(page, `${shotName}-phone`, { fullPage: false });
  }
  await page.setViewportSize(DESKTOP);
}

async function auditRows(page) {
  return page.locator('#audit tbody tr').evaluateAll((trs) =>
    trs
      .filter((tr) => tr.cells.length >= 8)
      .map((tr) => ({
        seq: Number(tr.cells[0].textContent.trim()),
        actor: tr.cells[2].textContent.trim(),
        action: tr.cells[3].textContent.trim(),
        target: tr.cells[4].textContent.trim(),
        outcome: tr.cells[6].querySelector('.badge')?.className.replace('badge', '').trim() ?? '',
        outcomeText: tr.cells[6].textContent.trim(),
        detail: tr.cells[7].textContent.trim(),
      })),
  );
}

async function filterAudit(page, { user = '', person = '' }) {
  await page.goto(`${S.base}/audit`);
  await page.locator('#user').fill(user);
  await page.locator('#person').fill(String(person));
  await Promise.all([page.waitForURL(/\/audit\?/), page.getByRole('button', { name: 'Lọc' }).click()]);
  await page.locator('#audit').waitFor();
  return auditRows(page);
}


/** The `dt` → `dd` pairs of the first `dl.kv` in `main` (the identity section of a dossier). */
async function identityRows(page) {
  return page.locator('main dl.kv').first().evaluate((dl) => {
    const out = {};
    for (const dt of dl.querySelectorAll('dt')) out[dt.textContent.trim()] = dt.nextElementSibling?.textContent.trim() ?? '';
    return out;
  });
}

/**
 * Submits a form by `click` and resolves with the response to its POST to `action` once the
 * page that follows (the redirect's target, or the refusal itself) has loaded.
 */
async function submitForm(page, action, click) {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action);
  const loaded = page.waitForEvent('load');
  await click();
  const res = await posted;
  await loaded;
  return res;
}

/** Opens the `<details>` inside `scope` whose summary reads `summary` (a no-op if already open). */
async function openDetails(scope, summary) {
  const details = scope.locator('details').filter({ has: scope.page().locator('summary', { hasText: summary }) });
  await details.first().waitFor();
  if (!(await details.first().evaluate((d) => d.open))) await details.first().locator('summary').click();
  return details.first();
}

/** The text of a PDF through poppler's pdftotext, composed (NFC), with runs of spaces and line breaks as one space. */
function pdfText(file) {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', timeout: 30_000 });
  assert.ok(!r.error, `pdftotext could not run (${r.error?.code ?? r.error}): apt-get install -y poppler-utils`);
  assert.equal(r.status, 0, `pdftotext ${path.basename(file)} failed: ${r.stderr}`);
  return r.stdout.normalize('NFC').replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------------------------------------

describe('BVCTNB in a browser', { timeout: 150_000 }, () => {
  before(async () => {
    assert.ok(fs.existsSync(BIN), `no bvctnb binary at ${BIN}: run \`cargo build -p bvctnb\` or set BVCTNB_BIN`);
    assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium`);
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const f of fs.readdirSync(SHOTS)) if (f.endsWith('.png')) fs.rmSync(path.join(SHOTS, f));

    S.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bvctnb-e2e-'));
    S.env = {
      ...process.env,
      BVCTNB_DATABASE_URL: `sqlite://${S.tmp}/e2e.db`,
      BVCTNB_INDEX_DIR: `${S.tmp}/index`,
      BVCTNB_AUDIT_KEY_FILE: `${S.tmp}/audit.key`,
    };
    const t0 = Date.now();
    const gen = spawnSync(BIN, ['gen', '--scale', '3000', '--seed', '5'], {
      cwd: S.tmp,
      env: S.env,
      encoding: 'utf8',
      timeout: 90_000,
    });
    assert.equal(gen.status, 0, `bvctnb gen failed (${gen.status ?? gen.signal}):\n${gen.stdout}\n${gen.stderr}`);
    console.log(`# generated 3000 persons in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    await startServer();
    console.log(`# server at ${S.base}`);
    S.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
      timeout: 30_000,
    });
  });

  after(async () => {
    for (const c of S.contexts) await c.close().catch(() => {});
    if (S.browser) await S.browser.close().catch(() => {});
    await stopServer();
    if (S.tmp && !process.env.E2E_KEEP_TMP) fs.rmSync(S.tmp, { recursive: true, force: true });
    else if (S.tmp) console.log(`# kept ${S.tmp}`);
  });

  // One officer session for the whole scenario, like a person working through it.
  let officer;

  test('login page: labelled fields, fits desktop and phone, officer logs in', async () => {
    officer = await newPage('canbo.tinh');
    const { page } = officer;
    const res = await page.goto(`${S.base}/login`);
    assert.equal(res.status(), 200);
    await assert.doesNotReject(page.locator('h1', { hasText: 'Đăng nhập' }).waitFor());
    await assertLabelled(page, '/login');
    await assertFits(page, '/login', 'login');
    await shot(page, 'login');

    // A wrong password is refused and keeps the user name.
    await page.locator('#username').fill('canbo.tinh');
    await page.locator('#password').fill('wrong-password');
    const [bad] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
    assert.equal(bad.status(), 401, 'wrong password → 401');
    await page.locator('p.error[role="alert"]').waitFor();
    assert.equal(await page.locator('#username').inputValue(), 'canbo.tinh');

    await login(officer, 'canbo.tinh');
    assertNoProblems(officer);
  });

  test('search "nguyen van" without diacritics, as you type (htmx)', async () => {
    assert.ok(officer, 'needs the login step');
    const { page } = officer;
    await page.getByRole('navigation', { name: 'Menu chính' }).getByRole('link', { name: /Tìm/ }).click();
    await page.waitForURL((u) => u.pathname === '/search');
    await assertLabelled(page, '/search');
    // A marker that survives only if the results arrive without a full page load.
    await page.evaluate(() => {
      window.__e2eSamePage = true;
    });
    const htmxResponse = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/search' && new URL(r.url()).searchParams.get('q') === 'nguyen van' && r.request().headers()['hx-request'] === 'true',
    );
    await page.locator('#q').pressSequentially('nguyen van', { delay: 40 });
    const r = await htmxResponse;
    assert.equal(r.status(), 200);
    const links = page.locator('#results #hits tbody a[href^="/persons/"]');
    await links.first().waitFor();
    assert.equal(await page.evaluate(() => window.__e2eSamePage === true), true, 'results replaced #results in place (no page load)');
    assert.equal(new URL(page.url()).pathname, '/search');

    const hits = await links.evaluateAll((as) => as.map((a) => ({ id: Number(a.getAttribute('href').split('/')[2]), name: a.textContent.trim() })));
    assert.ok(hits.length > 0, 'some hits');
    const first = plain(hits[0].name);
    assert.ok(first.includes('nguyen') && first.includes('van'), `best hit "${hits[0].name}" matches "nguyen van"`);
    assert.ok(hits.some((h) => /[ễă]/i.test(h.name)), 'hits carry their diacritics (Nguyễn / Văn)');
    S.tinhHits = hits;
    await shot(page, 'search-results');
    assertNoProblems(officer);
  });

  test('open a dossier: heading, fits desktop and phone', async () => {
    assert.ok(S.tinhHits.length, 'needs the search step');
    const { page } = officer;
    const hit = S.tinhHits[0];
    const [res] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/persons/${hit.id}`),
      page.locator(`#hits a[href="/persons/${hit.id}"]`).click(),
    ]);
    assert.equal(res.status(), 200);
    await page.waitForURL((u) => u.pathname === `/persons/${hit.id}`);
    assert.equal((await page.locator('main h1').textContent()).trim(), hit.name);
    S.personId = hit.id;
    S.personName = hit.name;
    await assertLabelled(page, `/persons/${hit.id}`);
    await assertFits(page, `/persons/${hit.id}`, 'dossier');
    await shot(page, 'dossier');
    assertNoProblems(officer);
  });

  test('edit: a bad CCCD is refused with 422, marked and kept; a good edit is saved', async () => {
    assert.ok(S.personId, 'needs the dossier step');
    const { page } = officer;
    const id = S.personId;
    await Promise.all([page.waitForURL((u) => u.pathname === `/persons/${id}/edit`), page.getByRole('link', { name: 'Sửa sơ lược lý lịch' }).click()]);
    await assertLabelled(page, `/persons/${id}/edit`);
    const cccd = page.locator('[id="f-identity.cccd"]');
    const occupation = page.locator('[id="f-identity.occupation"]');
    const fullName = page.locator('[id="f-identity.full_name"]');
    const oldCccd = await cccd.inputValue();
    const oldOccupation = await occupation.inputValue();
    assert.equal(await fullName.inputValue(), S.personName, 'the form holds the current name');
    const versionText = async () => (await page.locator('main p.muted.small').first().textContent()).match(/phiên bản (\d+)/)?.[1];
    const oldVersion = Number(await versionText());

    // 1. Refused: CCCD "123".
    await cccd.fill('123');
    const post = (p) => p.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/persons/${id}/edit`);
    const [refused] = await Promise.all([post(page), page.getByRole('button', { name: 'Lưu phiên bản mới' }).click()]);
    assert.equal(refused.status(), 422, 'an invalid form comes back with 422');
    await page.waitForLoadState('domcontentloaded');
    const field = page.locator('.field.invalid').filter({ has: page.locator('[id="f-identity.cccd"]') });
    assert.equal(await field.count(), 1, 'the CCCD field is marked invalid');
    assert.equal(await page.locator('.field.invalid').count(), 1, 'only the CCCD field is marked');
    const err = field.locator('p.error');
    const errText = (await err.textContent()).trim();
    assert.match(errText, /CCCD/, 'the error names the rule');
    assert.match(errText, /12 chữ số/, 'the error says what is expected');
    assert.equal(await cccd.getAttribute('aria-invalid'), 'true');
    assert.equal(await cccd.getAttribute('aria-describedby'), await err.getAttribute('id'));
    assert.equal(await cccd.inputValue(), '123', 'the typed value is kept');
    assert.equal(await occupation.inputValue(), oldOccupation, 'the other fields are kept');
    await assert.doesNotReject(page.locator('p.error[role="alert"]', { hasText: 'Chưa lưu' }).waitFor());
    await shot(page, 'edit-error');
    assertNoProblems(officer);

    // 2. Accepted: CCCD back as it was, a new occupation.
    S.newOccupation = `Kỹ sư kiểm thử ${Date.now() % 100000}`;
    await cccd.fill(oldCccd);
    await occupation.fill(S.newOccupation);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/persons/${id}` && u.searchParams.get('saved') === '1'),
      page.getByRole('button', { name: 'Lưu phiên bản mới' }).click(),
    ]);
    const ok = page.locator('p.ok[role="status"]');
    await ok.waitFor();
    assert.match(await ok.textContent(), /Đã lưu phiên bản/);
    const newVersion = Number(await versionText());
    assert.equal(newVersion, oldVersion + 1, 'a new version');
    assert.match(await ok.textContent(), new RegExp(`Đã lưu phiên bản ${newVersion}`));
    await assert.doesNotReject(page.getByText(S.newOccupation).first().waitFor(), 'the dossier shows the new occupation');
    await shot(page, 'saved');
    assertNoProblems(officer);
  });

  test('an out-of-scope officer is refused with 403, an in-scope dossier opens', async () => {
    assert.ok(S.tinhHits.length, 'needs the search step');
    const s = await newPage('canbo.coso');
    const { page } = s;
    await login(s, 'canbo.coso');

    // In scope: canbo.coso's own search result opens.
    await page.goto(`${S.base}/search?q=nguyen`);
    const own = page.locator('#hits tbody a[href^="/persons/"]');
    await own.first().waitFor();
    const ownIds = new Set(await own.evaluateAll((as) => as.map((a) => Number(a.getAttribute('href').split('/')[2]))));
    const ownId = [...ownIds][0];
    const inScope = await page.goto(`${S.base}/persons/${ownId}`);
    assert.equal(inScope.status(), 200, `canbo.coso opens /persons/${ownId} from its own search`);

    // Out of scope: a province-wide hit that unit B's officer cannot find.
    const candidates = S.tinhHits.filter((h) => !ownIds.has(h.id)).slice(0, 12);
    let refusedId = 0;
    const statuses = [];
    for (const h of candidates) {
      const res = await page.goto(`${S.base}/persons/${h.id}`);
      statuses.push(`${h.id}:${res.status()}`);
      if (res.status() === 403) {
        refusedId = h.id;
        break;
      }
      assert.equal(res.status(), 200, `/persons/${h.id} for canbo.coso: 200 or 403`);
    }
    assert.ok(refusedId, `at least one province-wide hit is refused to canbo.coso (got ${statuses.join(', ')})`);
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Không có quyền truy cập');
    assert.equal(await page.getByText(S.newOccupation || '\u0000').count(), 0);
    await shot(page, 'refused');
    S.refusedId = refusedId;

    // A dossier that does not exist: 404, in the same frame.
    const missing = await page.goto(`${S.base}/persons/999999999`);
    assert.equal(missing.status(), 404);
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Không tìm thấy');
    assertNoProblems(s);
  });

  test('the inspector sees the read, the refused and the saved write, and the refusal', async () => {
    assert.ok(S.personId, 'needs the edit step');
    const s = await newPage('kiemtra');
    const { page } = s;
    await login(s, 'kiemtra');
    const res = await page.goto(`${S.base}/audit`);
    assert.equal(res.status(), 200);
    await assertLabelled(page, '/audit');

    const rows = await filterAudit(page, { person: S.personId });
    assert.equal(new URL(page.url()).searchParams.get('person'), String(S.personId));
    const mine = rows.filter((r) => r.actor === 'canbo.tinh');
    const has = (action, outcome) => mine.some((r) => r.action === action && r.outcome === outcome);
    const seen = mine.map((r) => `${r.action}/${r.outcome}`).join(', ');
    assert.ok(has('dossier.read', 'ok'), `a dossier.read by canbo.tinh (seen: ${seen})`);
    assert.ok(has('dossier.update', 'ok'), `a successful dossier.update (seen: ${seen})`);
    assert.ok(has('dossier.update', 'failed'), `the refused dossier.update (seen: ${seen})`);
    const failed = mine.find((r) => r.action === 'dossier.update' && r.outcome === 'failed');
    assert.match(failed.detail, /cccd/i, 'the failed write says which field');
    assert.equal(failed.outcomeText, 'Không thành công');
    assert.ok(rows.every((r) => r.target.endsWith(String(S.personId)) || r.target.includes(String(S.personId))), 'the filter keeps to that person');
    // Newest first: the successful write comes after the refused one.
    const okSeq = mine.find((r) => r.action === 'dossier.update' && r.outcome === 'ok').seq;
    assert.ok(okSeq > failed.seq, 'the saved write follows the refused one');
    await shot(page, 'audit');
    // The outcome badges are drawn alike: none picks up another element's border.
    const badges = await page.locator('#audit .badge').evaluateAll((bs) =>
      bs.map((b) => `${b.className}: border-left ${getComputedStyle(b).borderLeftWidth}`),
    );
    const odd = [...new Set(badges)].filter((b) => !b.endsWith(' 0px'));

    if (S.refusedId) {
      const denied = await filterAudit(page, { user: 'canbo.coso', person: S.refusedId });
      assert.ok(
        denied.some((r) => r.actor === 'canbo.coso' && r.outcome === 'denied'),
        `canbo.coso's refused read of ${S.refusedId} is audited (seen: ${denied.map((r) => `${r.action}/${r.outcome}`).join(', ')})`,
      );
      await shot(page, 'audit-denied');
    }
    assertNoProblems(s);
    assert.deepEqual(odd, [], 'audit outcome badges have no left border (the .ok notice rule must not style .badge.ok)');
  });

  test('the officer reads the packs, sees a dossier checked against QĐ 58, runs a review campaign and downloads it', async () => {
    assert.ok(S.personId, 'needs the dossier step');
    const { page } = officer;
    await page.goto(`${S.base}/rules`);
    await page.locator('main h1', { hasText: 'Quy định áp dụng' }).waitFor();
    const inForce = page.locator('tr', { hasText: 'qd-58-2022' }).locator('.badge.ok');
    assert.equal((await inForce.textContent()).trim(), 'Đang áp dụng');
    await page.goto(`${S.base}/rules/qd-58-2022`);
    assert.ok((await page.locator('main').textContent()).includes('Quy định số 58-QĐ/TW'), 'rules cite their document');
    await assertFits(page, '/rules/qd-58-2022', 'rules');

    // Findings are shown on the dossier, with the reminder that they do not decide anything.
    await page.goto(`${S.base}/persons/${S.personId}`);
    const section = page.locator('#doi-chieu');
    await section.waitFor();
    assert.ok((await section.textContent()).includes('kết luận do cấp ủy có thẩm quyền quyết định'));

    // A campaign over the officer's whole scope, started from the page, watched to the end.
    await page.goto(`${S.base}/campaigns`);
    await assertLabelled(page, '/campaigns');
    await Promise.all([
      page.waitForURL((u) => /^\/campaigns\/\d+$/.test(u.pathname)),
      page.getByRole('button', { name: 'Bắt đầu' }).click(),
    ]);
    const url = new URL(page.url());
    for (let i = 0; i < 60; i++) {
      const status = (await page.locator('#campaign-status').textContent()).trim();
      if (status === 'Đã xong') break;
      assert.notEqual(status, 'Bị lỗi', 'the campaign failed');
      await page.waitForTimeout(1000);
      if (i % 5 === 4) await page.reload();
    }
    assert.equal((await page.locator('#campaign-status').textContent()).trim(), 'Đã xong');
    await shot(page, 'campaign');
    const xlsx = await page.request.get(`${S.base}${url.pathname}/export.xlsx`);
    assert.equal(xlsx.status(), 200);
    assert.match(xlsx.headers()['content-type'], /spreadsheetml/);
    const body = await xlsx.body();
    assert.equal(body.subarray(0, 2).toString(), 'PK', 'an xlsx file is a zip');
    assertNoProblems(officer);
  });

  test('the administrator logs in with a TOTP second factor', async (t) => {
    if (!S.adminTotp) {
      t.skip('the demo printed no TOTP secret for quantri');
      return;
    }
    const s = await newPage('quantri');
    const { page } = s;
    await login(s, 'quantri', { expectPath: null });
    // The session is not usable before the second factor.
    assert.equal(new URL(page.url()).pathname, '/login/totp');
    await assertLabelled(page, '/login/totp');
    await page.locator('#code').fill(totp(S.adminTotp));
    await Promise.all([page.waitForURL((u) => u.pathname === '/admin/accounts'), page.getByRole('button', { name: 'Xác nhận' }).click()]);
    await page.locator('main h1').waitFor();
    assertNoProblems(s);
  });

  test('an admission case from intake to conclusion, with the letters printed', async () => {
    const started = Date.now();
    const stage = async (page) => (await page.locator('#stage').textContent()).trim();
    const errorText = async (page) => ((await page.locator('#error[role="alert"]').count()) ? (await page.locator('#error').textContent()).trim() : '');
    /** A step that is accepted: 303 back to the case page, no refusal shown. */
    const accepted = async (page, res, casePath, what) => {
      assert.equal(res.status(), 303, `${what}: accepted and redirected (got ${res.status()}: ${await errorText(page)})`);
      assert.equal(new URL(page.url()).pathname, casePath, `${what}: back on the case page`);
      assert.equal(await errorText(page), '', `${what}: no refusal on the page`);
    };

    // The member's own name and identity, as "Hồ sơ của tôi" shows them.
    const member = await newPage('dangvien');
    await login(member, 'dangvien', { expectPath: null });
    let res = await member.page.goto(`${S.base}/me`);
    assert.equal(res.status(), 200);
    const own = await identityRows(member.page);
    const name = (own['Họ và tên'] ?? '').normalize('NFC');
    assert.ok(name, `/me shows the member's full name (rows: ${Object.keys(own).join(', ')})`);
    assert.equal(name, name.normalize('NFC'));
    const year = (own['Ngày sinh'] ?? '').match(/\d{4}/)?.[0] ?? '';

    // 1. The officer finds that person, checks the identity, and opens an admission case.
    let off = officer;
    if (!off) {
      off = await newPage('canbo.tinh');
      await login(off, 'canbo.tinh');
    }
    const op = off.page;
    res = await op.goto(`${S.base}/search?q=${encodeURIComponent(name)}${year ? `&year=${year}` : ''}`);
    assert.equal(res.status(), 200);
    const hitIds = await op.locator('#hits tbody a[href^="/persons/"]').evaluateAll((as) => as.map((a) => Number(a.getAttribute('href').split('/')[2])));
    assert.ok(hitIds.length, `canbo.tinh finds "${name}" (${year})`);
    let personId = 0;
    for (const id of [...new Set(hitIds)]) {
      assert.equal((await op.goto(`${S.base}/persons/${id}`)).status(), 200);
      const rows = await identityRows(op);
      if (['Họ và tên', 'Ngày sinh', 'Số CCCD', 'Quê quán'].every((k) => (rows[k] ?? '') === (own[k] ?? ''))) {
        personId = id;
        break;
      }
    }
    assert.ok(personId, `one of the hits ${hitIds.join(', ')} is dangvien's own dossier`);
    assert.equal((await op.locator('main h1').textContent()).trim(), name);
    await Promise.all([
      op.waitForURL((u) => u.pathname === `/persons/${personId}/cases/new`),
      op.getByRole('link', { name: 'Mở hồ sơ thẩm tra' }).click(),
    ]);
    await assertLabelled(op, `/persons/${personId}/cases/new`);
    assert.equal((await op.locator('#kind option:checked').textContent()).trim(), 'Kết nạp đảng viên', 'admission is the default kind');
    await Promise.all([op.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname)), op.getByRole('button', { name: 'Mở hồ sơ' }).click()]);
    const casePath = new URL(op.url()).pathname;
    const caseId = Number(casePath.split('/')[2]);
    assert.equal(await stage(op), 'Tiếp nhận, kiểm tra hồ sơ');
    assert.equal((await op.locator('ol.stages li[aria-current="step"]').textContent()).trim(), 'Tiếp nhận, kiểm tra hồ sơ');
    assert.equal((await op.locator('main h1 a').textContent()).trim(), name, 'the case names its subject');
    assert.match(await op.locator('main h1').textContent(), /Kết nạp đảng viên/);
    const planned = await op.locator('#requests article.request.planned').evaluateAll((as) => as.map((a) => Number(a.id.slice(1))));
    assert.ok(planned.length > 0, 'the verification requests are planned from the scope of verification');
    await assertLabelled(op, casePath);
    await shot(op, 'case-intake');

    // 2. The cell checks the declaration and seals it.
    const cell = await newPage('bithu');
    await login(cell, 'bithu', { expectPath: null });
    res = await cell.page.goto(`${S.base}${casePath}`);
    assert.equal(res.status(), 200, 'bithu sees a case of their cell');
    await assertLabelled(cell.page, `${casePath} (bithu)`);
    res = await submitForm(cell.page, `${casePath}/accept`, () => cell.page.getByRole('button', { name: 'Xác nhận đã kiểm tra, đóng dấu giáp lai' }).click());
    await accepted(cell.page, res, casePath, 'seal');
    assert.equal(await stage(cell.page), 'Thẩm tra, xác minh');

    // 3. The officer may not hand a letter to the subject to carry; then sends every request by post.
    await op.goto(`${S.base}${casePath}`);
    assert.equal(await stage(op), 'Thẩm tra, xác minh');
    const first = planned[0];
    const art = (rid) => op.locator(`#r${rid}`);
    await openDetails(art(first), 'Gửi đề nghị');
    await op.locator(`#mode-${first}`).selectOption({ label: 'Đảng viên trực tiếp mang đi' });
    await op.locator(`#carrier-${first}`).fill(name);
    res = await submitForm(op, `${casePath}/requests/${first}/send`, () => art(first).getByRole('button', { name: 'Ghi đã gửi' }).click());
    assert.equal(res.status(), 409, 'the subject carrying their own letter is refused with 409');
    const refusal = await errorText(op);
    assert.match(refusal, /không được giao/, `the refusal says why: ${refusal}`);
    assert.ok(refusal.includes(name), 'the refusal names the carrier');
    assert.ok(await art(first).locator('details').first().evaluate((d) => d.open), 'the refused request form stays open');
    assert.equal(await op.locator(`#carrier-${first}`).inputValue(), name, 'the typed carrier is kept');
    assert.equal(await op.locator(`#mode-${first}`).inputValue(), 'in_person', 'the chosen mode is kept');
    assert.equal(await op.locator('#requests article.request.planned').count(), planned.length, 'nothing was sent');
    await shot(op, 'case-carrier-refused');

    for (const rid of planned) {
      await openDetails(art(rid), 'Gửi đề nghị');
      await op.locator(`#mode-${rid}`).selectOption('post');
      await op.locator(`#carrier-${rid}`).fill('');
      assert.ok((await op.locator(`#body-${rid}`).inputValue()).trim(), `request ${rid} has a recipient`);
      res = await submitForm(op, `${casePath}/requests/${rid}/send`, () => art(rid).getByRole('button', { name: 'Ghi đã gửi' }).click());
      await accepted(op, res, casePath, `send request ${rid}`);
      await art(rid).and(op.locator('.sent')).waitFor();
      assert.match(await art(rid).textContent(), /Công văn số \d+-CV\/\S+ ngày/, `request ${rid} got a letter number`);
    }
    const letterNumber = (await art(first).textContent()).match(/Công văn số (\d+-CV\/\S+) ngày/)[1];

    const scan = Buffer.from('%PDF-1.4\n% bản chụp công văn trả lời\n');
    for (const [i, rid] of planned.entries()) {
      await openDetails(art(rid), 'Ghi kết quả trả lời (mục 24)');
      const results = art(rid).locator('select[name^="result_"]');
      assert.ok((await results.count()) > 0, `request ${rid} asks about at least one point`);
      for (const sel of await results.all()) await sel.selectOption({ label: 'Đúng như lý lịch đã khai' });
      await op.locator(`#ans-ref-${rid}`).fill(`Công văn số ${5 + i}-CV/ĐU`);
      await op.locator(`#ans-signer-${rid}`).fill('Phó Bí thư Lê Văn Ba');
      if (i === 0) await op.locator(`#ans-files-${rid}`).setInputFiles({ name: 'tra-loi.pdf', mimeType: 'application/pdf', buffer: scan });
      res = await submitForm(op, `${casePath}/requests/${rid}/answer`, () => art(rid).getByRole('button', { name: 'Ghi kết quả' }).click());
      await accepted(op, res, casePath, `answer request ${rid}`);
      await art(rid).and(op.locator('.answered')).waitFor();
      assert.ok((await art(rid).textContent()).includes(`(24) Kết quả: Công văn số ${5 + i}-CV/ĐU`), `request ${rid} shows its answer`);
    }
    // The attached scan comes back as it was sent.
    const scanLink = art(planned[0]).getByRole('link', { name: 'tra-loi.pdf' });
    const got = await op.request.get(`${S.base}${await scanLink.getAttribute('href')}`);
    assert.equal(got.status(), 200);
    assert.deepEqual(await got.body(), scan, 'the attachment is stored as uploaded');
    assert.equal(await op.locator('.badge.failed', { hasText: 'Có vấn đề' }).count(), 0, 'matching answers raise no issue');
    await shot(op, 'case-verified');
    res = await submitForm(op, `${casePath}/finish-verification`, () => op.getByRole('button', { name: 'Kết thúc thẩm tra' }).click());
    await accepted(op, res, casePath, 'finish verification');
    assert.equal(await stage(op), 'Nhận xét của chi bộ (mục 25)');

    // 4. The cell comments (25) and raises an issue for the subject to explain.
    await cell.page.goto(`${S.base}${casePath}`);
    await assertLabelled(cell.page, `${casePath} (comment)`);
    await cell.page.locator('#comment-text').fill('Quần chúng có lập trường vững vàng; đề nghị làm rõ thời gian làm việc ở nước ngoài.');
    await cell.page.locator('#comment-issue').check();
    res = await submitForm(cell.page, `${casePath}/comment`, () => cell.page.getByRole('button', { name: 'Ghi nhận xét' }).click());
    await accepted(cell.page, res, casePath, 'cell comment');
    assert.equal(await stage(cell.page), 'Giải trình của người được thẩm tra');
    await cell.page.locator('#status .badge.failed', { hasText: 'Có vấn đề cần làm rõ' }).waitFor();

    // 5. The officer asks the subject to explain.
    const asked = 'Thời gian làm việc ở nước ngoài năm 2015–2016 chưa được khai rõ.';
    await op.goto(`${S.base}${casePath}`);
    await op.locator('#ask-text').fill(asked);
    res = await submitForm(op, `${casePath}/ask-explanation`, () => op.getByRole('button', { name: 'Yêu cầu giải trình' }).click());
    await accepted(op, res, casePath, 'ask for an explanation');
    assert.equal(await stage(op), 'Giải trình của người được thẩm tra');
    assert.ok((await op.locator('#notes').textContent()).includes(asked), 'the request for an explanation is recorded');
    await op.locator('#actions', { hasText: 'Đang chờ người được thẩm tra giải trình' }).waitFor();

    // 6. The member sees the case on "Hồ sơ của tôi" and explains.
    const mp = member.page;
    await mp.goto(`${S.base}/me`);
    const myRow = mp.locator('#my-cases tbody tr').filter({ has: mp.locator(`a[href="/me/cases/${caseId}"]`) });
    assert.equal(await myRow.count(), 1, '/me lists the case');
    assert.match(await myRow.textContent(), /Giải trình của người được thẩm tra/);
    await Promise.all([mp.waitForURL((u) => u.pathname === `/me/cases/${caseId}`), myRow.getByRole('link', { name: 'Kết nạp đảng viên' }).click()]);
    assert.equal((await mp.locator('#explain blockquote').textContent()).trim(), asked, 'the member reads what was asked');
    const mine = await mp.locator('main').textContent();
    assert.ok(!mine.includes('5-CV/ĐU') && !mine.includes('Lê Văn Ba'), 'the answers and their signers are not shown to the subject');
    await assertLabelled(mp, `/me/cases/${caseId}`);
    const explanation = 'Năm 2015–2016 tôi làm kỹ sư theo hợp đồng lao động tại Nhật Bản; đã khai bổ sung.';
    await mp.locator('#text').fill(explanation);
    await mp.locator('#files').setInputFiles({ name: 'hop-dong.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% hợp đồng\n') });
    res = await submitForm(mp, `/me/cases/${caseId}/explain`, () => mp.getByRole('button', { name: 'Gửi giải trình' }).click());
    assert.equal(res.status(), 303, `the explanation is accepted (got ${res.status()})`);
    assert.equal(new URL(mp.url()).pathname, `/me/cases/${caseId}`);
    const sent = mp.locator('section', { has: mp.locator('h2', { hasText: 'Giải trình đã gửi' }) });
    assert.ok((await sent.textContent()).includes(explanation), 'the page shows the explanation as sent');
    await sent.getByRole('link', { name: 'hop-dong.pdf' }).waitFor();
    assert.equal(await mp.locator('form[action$="/explain"]').count(), 0, 'no second explanation form');
    await assertFits(mp, `/me/cases/${caseId}`, 'me-case');
    await shot(mp, 'me-case');

    // 7. The commune's committee may not sign this kind of conclusion; the province's does.
    const grounds = 'Đã thẩm tra đủ các nơi; thời gian làm việc ở nước ngoài đã được giải trình, không vi phạm tiêu chuẩn chính trị.';
    const fillConclusion = async (page) => {
      await page.locator('#category').selectOption({ label: 'Có vấn đề chính trị nhưng không vi phạm tiêu chuẩn chính trị' });
      await page.locator('#grounds').fill(grounds);
      await page.locator('#signer_position').fill('Phó Bí thư Thường trực');
    };
    const committee = await newPage('capuy');
    await login(committee, 'capuy', { expectPath: null });
    const cp = committee.page;
    assert.equal((await cp.goto(`${S.base}${casePath}`)).status(), 200);
    assert.equal(await stage(cp), 'Kết luận của cấp có thẩm quyền');
    await assertLabelled(cp, `${casePath} (conclude)`);
    await fillConclusion(cp);
    res = await submitForm(cp, `${casePath}/conclude`, () => cp.getByRole('button', { name: 'Ký kết luận' }).click());
    assert.equal(res.status(), 409, 'a conclusion above the commune committee is refused with 409');
    assert.match(await errorText(cp), /phải do/, 'the refusal names the level required');
    assert.equal(await cp.locator('#grounds').inputValue(), grounds, 'the typed grounds are kept');
    assert.equal(await cp.locator('#conclusions .conclusion').count(), 0, 'no conclusion was recorded');
    await shot(cp, 'case-conclusion-refused');

    const province = await newPage('capuy.tinh');
    await login(province, 'capuy.tinh', { expectPath: null });
    const pp = province.page;
    assert.equal((await pp.goto(`${S.base}${casePath}`)).status(), 200);
    await fillConclusion(pp);
    res = await submitForm(pp, `${casePath}/conclude`, () => pp.getByRole('button', { name: 'Ký kết luận' }).click());
    await accepted(pp, res, casePath, 'conclusion by capuy.tinh');
    const conclusion = pp.locator('#conclusions .conclusion');
    assert.equal(await conclusion.count(), 1);
    const conclusionHead = (await conclusion.locator('p').first().textContent()).trim();
    assert.match(conclusionHead, /Kết luận số \d+-KL\/\S+ ngày .*Có vấn đề chính trị nhưng không vi phạm tiêu chuẩn chính trị/);
    const conclusionNumber = conclusionHead.match(/Kết luận số (\d+-KL\/\S+)/)[1];
    assert.equal(await stage(pp), 'Chứng nhận của cấp ủy cơ sở (mục 26)');

    // 8. The grassroots committee certifies (26) and records the decision.
    await cp.goto(`${S.base}${casePath}`);
    res = await submitForm(cp, `${casePath}/certify`, () => cp.getByRole('button', { name: 'Chứng nhận', exact: true }).click());
    await accepted(cp, res, casePath, 'certify');
    assert.equal(await stage(cp), 'Quyết định');
    await cp.locator('#decide-number').fill('21-QĐ/ĐU');
    await cp.locator('#outcome').fill('Kết nạp vào Đảng');
    res = await submitForm(cp, `${casePath}/decide`, () => cp.getByRole('button', { name: 'Ghi quyết định' }).click());
    await accepted(cp, res, casePath, 'decide');
    assert.equal(await stage(cp), 'Đã kết thúc');
    assert.match(await cp.locator('#status').textContent(), /Kết quả: Kết nạp vào Đảng/);
    assert.equal(await cp.locator('#actions').count(), 0, 'a closed case offers no more steps');
    assert.match(await cp.locator('#notes').textContent(), /21-QĐ\/ĐU/);
    await shot(cp, 'case-closed');

    // 9. The letter, the conclusion and the declaration print with the subject's name.
    await op.goto(`${S.base}${casePath}`);
    const pdfs = fs.mkdtempSync(path.join(S.tmp, 'pdf-'));
    const download = async (href, file) => {
      const r = await op.request.get(`${S.base}${href}`);
      assert.equal(r.status(), 200, `${href}: 200`);
      assert.match(r.headers()['content-type'], /application\/pdf/, `${href} is a PDF`);
      const body = await r.body();
      assert.equal(body.subarray(0, 5).toString(), '%PDF-', `${href} starts like a PDF`);
      const out = path.join(pdfs, file);
      fs.writeFileSync(out, body);
      return pdfText(out);
    };
    const letterHref = await op.locator(`#r${first}`).getByRole('link', { name: 'In công văn' }).getAttribute('href');
    assert.equal(letterHref, `${casePath}/documents/letter-${first}.pdf`);
    const conclusionHref = await op.getByRole('link', { name: 'In kết luận' }).first().getAttribute('href');
    assert.match(conclusionHref, new RegExp(`^${casePath}/documents/conclusion-\\d+\\.pdf$`));
    const declarationHref = await op.getByRole('link', { name: /In lý lịch/ }).getAttribute('href');
    assert.equal(declarationHref, `${casePath}/documents/declaration.pdf`);

    const letter = await download(letterHref, 'letter.pdf');
    assert.ok(letter.includes(name), `the letter names "${name}":\n${letter.slice(0, 1500)}`);
    assert.ok(letter.includes('ĐẢNG CỘNG SẢN VIỆT NAM'), 'the letter has the Party header');
    assert.match(letter, /\d+-CV\//, 'the letter carries its number');
    assert.ok(letter.includes(letterNumber), `the letter carries the number shown on the case (${letterNumber})`);
    const concl = await download(conclusionHref, 'conclusion.pdf');
    assert.ok(concl.includes(name), `the conclusion names "${name}":\n${concl.slice(0, 1500)}`);
    assert.ok(concl.includes('ĐẢNG CỘNG SẢN VIỆT NAM'), 'the conclusion has the Party header');
    assert.ok(concl.includes('KẾT LUẬN'), 'the conclusion has its title');
    assert.ok(concl.includes(conclusionNumber), `the conclusion carries its number ${conclusionNumber}`);
    assert.ok(concl.includes('Có vấn đề chính trị nhưng không vi phạm tiêu chuẩn chính trị'), 'the conclusion states its category');
    const decl = await download(declarationHref, 'declaration.pdf');
    assert.ok(decl.includes(name), `the declaration names "${name}":\n${decl.slice(0, 1500)}`);
    assert.ok(decl.includes('ĐẢNG CỘNG SẢN VIỆT NAM'), 'the declaration has the Party header');

    // 10. The member sees the outcome.
    await mp.goto(`${S.base}/me`);
    const done = mp.locator('#my-cases tbody tr').filter({ has: mp.locator(`a[href="/me/cases/${caseId}"]`) });
    assert.match(await done.textContent(), /Đã kết thúc/);
    assert.match(await done.textContent(), /Kết nạp vào Đảng/);
    await mp.goto(`${S.base}/me/cases/${caseId}`);
    assert.match(await mp.locator('#status').textContent(), /Kết quả: Kết nạp vào Đảng/);
    assert.ok((await mp.locator('main').textContent()).includes(`Kết luận số ${conclusionNumber}`), 'the member sees the conclusion number');
    await mp.setViewportSize(PHONE);
    await shot(mp, 'me-case-closed-phone', { fullPage: false });
    await mp.setViewportSize(DESKTOP);

    for (const s of [off, cell, member, committee, province]) assertNoProblems(s);
    console.log(`# admission case #${caseId} walked through in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
