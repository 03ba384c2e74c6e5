// The harness of the browser tests: one generated province and one `bvctnb demo` server per
// test file, Debian's Chromium through playwright-core, and the checks every page gets (no CSP
// violation or script error, labelled inputs, no sideways scrolling). See README.md.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SHOTS = path.join(HERE, 'screenshots');
export const TARGET = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache', 'bvctnb-target');
export const BIN = process.env.BVCTNB_BIN || path.join(TARGET, 'debug', 'bvctnb');
export const CHROMIUM = process.env.BVCTNB_CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'demo-bvctnb-2026';
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

// ---------------------------------------------------------------------------------------------
// Shared state: one server and one browser for the whole file; the tests run in order.

export const S = {
  tmp: '',
  env: {},
  server: null,
  serverOut: '',
  serverErr: '',
  base: '',
  adminTotp: '',
  // The second-factor secrets the demo printed, by username.
  totp: {},
  browser: null,
  contexts: [],
  // Filled in by the officer's steps, read by the later ones.
  tinhHits: [], // [{id, name}]
  personId: 0,
  refusedId: 0,
  personName: '',
  newOccupation: '',
};

export function serverLog() {
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
export function plain(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts `bvctnb demo` and resolves once the welcome text (URL and logins) is printed. */
export function startServer() {
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
        for (const m of S.serverOut.matchAll(/^\s*(\S+)\s.*mã TOTP bí mật\s+([A-Z2-7=]+)/gm)) S.totp[m[1]] = m[2];
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

export async function stopServer() {
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
export async function newPage(label) {
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

export function assertNoProblems(s) {
  assert.deepEqual(s.problems, [], `${s.label}: CSP violations or script errors`);
}

export async function shot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

export async function login(s, username, { expectPath = '/' } = {}) {
  const { page } = s;
  await page.goto(`${S.base}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  if (!expectPath) return;
  assert.equal(new URL(page.url()).pathname, expectPath, `${username} lands on ${expectPath}`);
  await assert.doesNotReject(page.locator('form[action="/logout"]').waitFor(), `${username} is logged in`);
}

/** Signs in an account that needs its second factor (the secret the demo printed for it). */
export async function loginWithTotp(s, username, { expectPath = '/' } = {}) {
  const { page } = s;
  assert.ok(S.totp[username], `the demo printed no TOTP secret for ${username}`);
  await login(s, username, { expectPath: null });
  assert.equal(new URL(page.url()).pathname, '/login/totp', `${username} is asked for the second factor`);
  await page.locator('#code').fill(totp(S.totp[username]));
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login/totp'), page.getByRole('button', { name: 'Xác nhận' }).click()]);
  if (expectPath) assert.equal(new URL(page.url()).pathname, expectPath, `${username} lands on ${expectPath}`);
  await assert.doesNotReject(page.locator('form[action="/logout"]').waitFor(), `${username} is logged in`);
}

/** Every visible input/select/textarea has an id and a `<label for=that id>`. */
export async function assertLabelled(page, where) {
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
export async function assertFits(page, where, shotName) {
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

export async function auditRows(page) {
  return page.locator('#audit tbody tr').evaluateAll((trs) =>
    trs
      .filter((tr) => tr.cells.length >= 8)
      .map((tr) => ({
        seq: Number(tr.cells[0].textContent.trim()),
        actor: tr.cells[2].textContent.trim(),
        // The stable code is the cell's title; the cell reads the Vietnamese name.
        action: tr.cells[3].getAttribute('title') ?? '',
        actionName: tr.cells[3].textContent.trim(),
        target: tr.cells[4].textContent.trim(),
        outcome: tr.cells[6].querySelector('.badge')?.className.replace('badge', '').trim() ?? '',
        outcomeText: tr.cells[6].textContent.trim(),
        detail: tr.cells[7].textContent.trim(),
      })),
  );
}

export async function filterAudit(page, { user = '', person = '', action = '' }) {
  await page.goto(`${S.base}/audit`);
  await page.locator('#user').fill(user);
  await page.locator('#person').fill(String(person));
  await page.locator('#action').selectOption(action);
  await Promise.all([page.waitForURL(/\/audit\?/), page.getByRole('button', { name: 'Lọc' }).click()]);
  await page.locator('#audit').waitFor();
  return auditRows(page);
}


/** The `dt` → `dd` pairs of the first `dl.kv` in `main` (the identity section of a dossier). */
export async function identityRows(page) {
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
export async function submitForm(page, action, click) {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action);
  const loaded = page.waitForEvent('load');
  await click();
  const res = await posted;
  await loaded;
  return res;
}

/** Opens the `<details>` inside `scope` whose summary reads `summary` (a no-op if already open). */
export async function openDetails(scope, summary) {
  const details = scope.locator('details').filter({ has: scope.page().locator('summary', { hasText: summary }) });
  await details.first().waitFor();
  if (!(await details.first().evaluate((d) => d.open))) await details.first().locator('summary').click();
  return details.first();
}

/** The text of a PDF through poppler's pdftotext, composed (NFC), with runs of spaces and line breaks as one space. */
export function pdfText(file) {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', timeout: 30_000 });
  assert.ok(!r.error, `pdftotext could not run (${r.error?.code ?? r.error}): apt-get install -y poppler-utils`);
  assert.equal(r.status, 0, `pdftotext ${path.basename(file)} failed: ${r.stderr}`);
  return r.stdout.normalize('NFC').replace(/\s+/g, ' ');
}

/**
 * The rows of a spreadsheet as LibreOffice Calc reads it: the file is opened by `soffice
 * --headless` and saved as UTF-8 CSV, which is parsed here (quoted cells may hold commas and
 * line breaks). Proves the file opens in a spreadsheet program, not only that it unzips.
 */
export function spreadsheetRows(file) {
  const outDir = fs.mkdtempSync(path.join(path.dirname(file), 'csv-'));
  // A private profile: a second soffice on the machine must not take this conversion over.
  const profile = `file://${fs.mkdtempSync(path.join(os.tmpdir(), 'bvctnb-lo-'))}`;
  const r = spawnSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore',
    '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', outDir, file],
  { encoding: 'utf8', timeout: 180_000 });
  assert.ok(!r.error, `soffice could not run (${r.error?.code ?? r.error}): apt-get install -y libreoffice-calc-nogui`);
  assert.equal(r.status, 0, `soffice failed on ${path.basename(file)}: ${r.stderr}`);
  const csv = path.join(outDir, path.basename(file).replace(/\.[^.]+$/, '.csv'));
  assert.ok(fs.existsSync(csv), `soffice wrote no CSV for ${path.basename(file)}: ${r.stdout} ${r.stderr}`);
  return parseCsv(fs.readFileSync(csv, 'utf8').normalize('NFC'));
}

function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// Registers the file's `before` (generate, start the server, launch Chromium) and `after`
// (stop everything, remove the data unless E2E_KEEP_TMP). Each test rewrites its screenshots.
export function lifecycle() {
  before(async () => {
    assert.ok(fs.existsSync(BIN), `no bvctnb binary at ${BIN}: run \`cargo build -p bvctnb\` or set BVCTNB_BIN`);
    assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium`);
    fs.mkdirSync(SHOTS, { recursive: true });

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
}
