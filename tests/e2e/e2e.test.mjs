// Browser tests of the BVCTNB web pages, as a person would use them.
//
// Generates a small province with the real binary, starts `bvctnb demo` on a free loopback
// port, and drives Debian's Chromium through playwright-core:
//   officer canbo.tinh logs in → searches "nguyen van" (no diacritics) → opens a dossier →
//   an edit refused by validation (HTTP 422, field marked, typed value kept) → a good edit
//   (saved as a new version) → inspector kiemtra sees the read and both writes on /audit →
//   out-of-scope officer canbo.coso is answered as if the dossier did not exist (404), and the refusal is audited →
//   the officer reads the regulation packs, a dossier's findings, and runs a review campaign.
// The vetting case is walked in cases.test.mjs; the harness is harness.mjs.
// Every page is also checked for Content-Security-Policy violations and script errors, for
// labelled inputs, and (login, dossier) for no horizontal scrolling at 1366×768 and 390×844.
//
// Run: `npm test` here (see README.md); env BVCTNB_BIN names the binary.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, DESKTOP, HERE, PASSWORD, PHONE, S, SHOTS, TARGET, assertFits, assertLabelled, assertNoProblems, auditRows, filterAudit, identityRows, login, newPage, openDetails, pdfText, plain, serverLog, shot, sleep, startServer, stopServer, submitForm, totp, lifecycle, spreadsheetRows } from './harness.mjs';

describe('BVCTNB in a browser', { timeout: 150_000 }, () => {
  lifecycle();

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
    // On a phone the menu folds behind one button and opens with it.
    await page.setViewportSize(PHONE);
    const header = async () => (await page.locator('header.top').boundingBox()).height;
    assert.ok((await header()) < 80, `the folded phone header is ${await header()} px high`);
    assert.equal(await page.locator('header nav').isVisible(), false, 'the phone menu starts folded');
    await page.getByRole('button', { name: 'Menu' }).click();
    assert.equal(await page.locator('header nav').isVisible(), true, 'the menu button unfolds it');
    assert.equal(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded'), 'true');
    await shot(page, 'menu-open-phone', { fullPage: false });
    await page.setViewportSize(DESKTOP);
    assert.equal(await page.locator('header nav').isVisible(), true, 'the desktop menu is always shown');
    // Printing leaves the menu out.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.top').isVisible(), false, 'the menu is not printed');
    await page.emulateMedia({ media: 'screen' });
    // An address nothing answers: the Vietnamese page, not the browser's own.
    const gone = await page.goto(`${S.base}/khong-co-trang-nay`);
    assert.equal(gone.status(), 404);
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Không tìm thấy');
    await page.goto(`${S.base}/persons/${hit.id}`);
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

  test('an out-of-scope dossier answers 404 like a missing one, an in-scope dossier opens', async () => {
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
      if (res.status() === 404) {
        refusedId = h.id;
        break;
      }
      assert.equal(res.status(), 200, `/persons/${h.id} for canbo.coso: 200 or 404`);
    }
    assert.ok(refusedId, `at least one province-wide hit is refused to canbo.coso (got ${statuses.join(', ')})`);
    // The same frame as a dossier that does not exist: trying ids tells nobody who exists.
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Không tìm thấy');
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
    assert.equal(failed.actionName, 'Sửa hồ sơ', 'the action is named in Vietnamese');
    assert.ok(rows.every((r) => !/^[a-z_]+\.[a-z_]+$/.test(r.actionName)), 'no action shows as its code');
    assert.match(await page.locator('#numbering').textContent(), /cách quãng/, 'the gaps in numbering are explained');
    assert.ok(rows.every((r) => r.target.endsWith(String(S.personId)) || r.target.includes(String(S.personId))), 'the filter keeps to that person');
    // Newest first: the successful write comes after the refused one.
    const okSeq = mine.find((r) => r.action === 'dossier.update' && r.outcome === 'ok').seq;
    assert.ok(okSeq > failed.seq, 'the saved write follows the refused one');
    await shot(page, 'audit');
    // By action: only the writes; and the same selection as an Excel file.
    const writes = await filterAudit(page, { person: S.personId, action: 'dossier.update' });
    assert.ok(writes.length >= 2 && writes.every((r) => r.action === 'dossier.update'), 'the action filter keeps to that action');
    const href = await page.getByRole('link', { name: 'Xuất Excel (theo bộ lọc)' }).getAttribute('href');
    const x = await page.request.get(`${S.base}${href.replaceAll('&amp;', '&')}`);
    assert.equal(x.status(), 200);
    const file = path.join(fs.mkdtempSync(path.join(S.tmp, 'audit-')), 'audit.xlsx');
    fs.writeFileSync(file, await x.body());
    const sheet = spreadsheetRows(file);
    const head = sheet.findIndex((r) => r[0] === 'Số');
    assert.ok(head > 0, 'a header row');
    const data = sheet.slice(head + 1).filter((r) => /^\d+$/.test(r[0]));
    assert.equal(data.length, writes.length, 'as many entries as on the page');
    assert.ok(data.every((r) => r[3] === 'Sửa hồ sơ' && r[4] === 'dossier.update'), 'named and coded');
    assert.match(data[0][1], /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/, `the time is a date: ${data[0][1]}`);
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
