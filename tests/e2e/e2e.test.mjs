// Browser tests of the BVCTNB web pages, as a person would use them.
//
// Generates a small province with the real binary, starts `bvctnb demo` on a free loopback
// port, and drives Debian's Chromium through playwright-core:
//   officer canbo.tinh logs in → searches "nguyen van" (no diacritics) → opens a dossier →
//   an edit refused by validation (HTTP 422, field marked, typed value kept) → a good edit
//   (saved as a new version) → inspector kiemtra sees the read and both writes on /audit →
//   out-of-scope officer canbo.coso is refused (403), and the refusal is audited →
//   the officer reads the regulation packs, a dossier's findings, and runs a review campaign.
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
});
