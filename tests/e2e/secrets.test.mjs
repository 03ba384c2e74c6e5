// Browser test of the secret registers: the province's secret-register clerk (vanthu.tinh,
// cleared Tối mật, signs in with a second factor) registers an incoming Tối mật item and asks
// for three copies; an officer cleared only for Mật sees the line's number but not its content,
// and cannot open the item; the provincial secretary (bithu.tinh, Tối mật, second factor)
// allows two under a title of the authority table; the clerk makes them one at a time and a
// third is refused; the copy register shows both copies with their numbers; the outgoing
// register prints to a PDF whose every page carries the level at its top and bottom.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { S, assertLabelled, assertNoProblems, lifecycle, login, loginWithTotp, newPage, shot, submitForm } from './harness.mjs';

describe('BVCTNB secret registers in a browser', { timeout: 120_000 }, () => {
  lifecycle();

  test('register, copy under an approval, copy register, printed book with its marks', async () => {
    const today = new Date(Date.now() + 7 * 3600_000); // Vietnam's date
    const dmy = (d) => `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const errorText = async (page) => ((await page.locator('[role="alert"]').count()) ? (await page.locator('[role="alert"]').first().textContent()).trim() : '');

    // 1. The clerk registers an incoming Tối mật item; a day that does not exist is refused, the form kept.
    const off = await newPage('vanthu.tinh');
    await loginWithTotp(off, 'vanthu.tinh', { expectPath: null });
    const op = off.page;
    assert.equal((await op.goto(`${S.base}/secrets`)).status(), 200);
    await assertLabelled(op, '/secrets');
    await op.locator('#origin').selectOption('received');
    await op.locator('#number_symbol').fill('55-CV/BTCTW');
    await op.locator('#level').selectOption('toi_mat');
    await op.locator('#doc_date').fill('31/02/2026');
    await op.locator('#issuer').fill('Ban Tổ chức Trung ương');
    await op.locator('#doc_type').fill('Công văn');
    await op.locator('#summary').fill('Về thẩm tra lý lịch cán bộ diện Trung ương quản lý');
    await op.locator('#classifier').fill('Trưởng Ban Tổ chức Trung ương');
    await op.locator('#arrival_number').fill('512');
    let res = await submitForm(op, '/secrets/items', () => op.getByRole('button', { name: 'Vào sổ' }).click());
    assert.equal(res.status(), 422, 'no 31 February');
    assert.match(await errorText(op), /Ngày của tài liệu/);
    assert.equal(await op.locator('#number_symbol').inputValue(), '55-CV/BTCTW', 'what was typed is kept');
    assert.equal(await op.locator('#level').inputValue(), 'toi_mat', 'the level chosen is kept');
    await op.locator('#doc_date').fill(dmy(today));
    res = await submitForm(op, '/secrets/items', () => op.getByRole('button', { name: 'Vào sổ' }).click());
    assert.equal(res.status(), 303);
    assert.match(new URL(op.url()).pathname, /^\/secrets\/books\/\d+$/);
    const incomingBook = new URL(op.url()).pathname + new URL(op.url()).search;
    const row = op.locator('#entries tbody tr', { hasText: '55-CV/BTCTW' });
    assert.equal(await row.count(), 1, 'the line is in the incoming book');
    await shot(op, 'secrets-incoming-book');
    await row.locator('a[href^="/secrets/items/"]').first().click();
    await op.waitForURL(/\/secrets\/items\/\d+$/);
    const itemPath = new URL(op.url()).pathname;
    assert.match(await op.locator('#banner-top').textContent(), /TỐI MẬT/);
    assert.match(await op.locator('#banner-bottom').textContent(), /TỐI MẬT/);

    // An officer of the same province cleared only for Mật sees that the line exists, not what it is.
    const low = await newPage('canbo.tinh');
    await login(low, 'canbo.tinh', { expectPath: null });
    const lo = low.page;
    assert.equal((await lo.goto(`${S.base}${incomingBook}`)).status(), 200);
    const hidden = await lo.locator('#entries tbody').textContent();
    assert.doesNotMatch(hidden, /55-CV\/BTCTW|cán bộ diện Trung ương/, 'no content of a Tối mật line below its level');
    assert.match(hidden, /không hiển thị/);
    assert.equal((await lo.goto(`${S.base}${itemPath}`)).status(), 403, 'the item itself is refused to them');

    // 2. Three copies asked for.
    await op.locator('#form').selectOption('sao_y');
    await op.locator('#count').fill('3');
    await op.locator('#purpose').fill('Gửi các đảng bộ xã thẩm tra');
    res = await submitForm(op, `${itemPath}/copies`, () => op.getByRole('button', { name: 'Gửi đề nghị' }).first().click());
    assert.equal(res.status(), 303);
    const copyRow = op.locator('#copy-list tbody tr[id^="copy-"]').last();
    const copyId = (await copyRow.getAttribute('id')).replace('copy-', '');
    assert.match(await copyRow.textContent(), /Chờ duyệt/);
    assert.equal(await op.locator(`#decide-${copyId}`).count(), 0, 'the officer does not decide');

    // 3. The provincial secretary allows two, under the title of the authority table.
    const lead = await newPage('bithu.tinh');
    await loginWithTotp(lead, 'bithu.tinh', { expectPath: null });
    const lp = lead.page;
    assert.equal((await lp.goto(`${S.base}${itemPath}`)).status(), 200);
    const form = lp.locator(`#decide-${copyId}`);
    await form.locator('input[name="approve"][value="yes"]').check();
    const option = await form.locator('select[name="authority"] option', { hasText: 'Bí thư Tỉnh ủy' }).first().getAttribute('value');
    await form.locator('select[name="authority"]').selectOption(option);
    await form.locator('input[name="approver_name"]').fill('Nguyễn Văn Tỉnh');
    await form.locator('input[name="count"]').fill('2');
    res = await submitForm(lp, `/secrets/copies/${copyId}/decide`, () => form.getByRole('button', { name: 'Ghi quyết định' }).click());
    assert.equal(res.status(), 303);
    assert.match(await lp.locator(`#copy-${copyId}`).textContent(), /cho phép 2 bản/);

    // 4. The officer makes them one at a time; a third is beyond the approval.
    for (const expect of [303, 303, 422]) {
      await op.goto(`${S.base}${itemPath}`);
      const make = op.locator(`#make-${copyId}`);
      if (expect === 422 && (await make.count()) === 0) break; // made in full: no form at all
      await make.locator('input[name="count"]').fill(expect === 422 ? '1' : '1');
      res = await submitForm(op, `/secrets/copies/${copyId}/make`, () => make.getByRole('button', { name: 'Sao và vào sổ' }).click());
      assert.equal(res.status(), expect);
    }
    assert.match(await op.locator(`#copy-${copyId}`).textContent(), /Đã sao đủ/);
    assert.equal(await op.locator(`#make-${copyId}`).count(), 0, 'no form to make a third copy');

    // 5. The copy register shows both copies, numbered, with the approver.
    await op.goto(`${S.base}/secrets`);
    const copyBook = await op.locator('#book-list tbody tr', { hasText: 'sao, chụp' }).first().locator('a').getAttribute('href');
    await op.goto(`${S.base}${copyBook}`);
    const lines = op.locator('#entries tbody tr', { hasText: '55-CV/BTCTW' });
    assert.equal(await lines.count(), 2, 'two copy lines');
    const texts = await lines.allTextContents();
    assert.ok(texts.every((t) => /Nguyễn Văn Tỉnh/.test(t) && /Sao y/.test(t)), texts.join(' | '));
    await shot(op, 'secrets-copy-register');

    // 6. The outgoing register as PDF: the level at the top and the bottom of every page.
    await op.goto(`${S.base}/secrets`);
    const outgoing = await op.locator('#book-list tbody tr', { hasText: /nước đi/ }).first().locator('a').getAttribute('href');
    await op.goto(`${S.base}${outgoing}`);
    const href = await op.locator('#print-pdf').getAttribute('href');
    const pdf = await op.request.get(`${S.base}${href}`);
    assert.equal(pdf.status(), 200);
    const file = path.join(S.tmp, 'outgoing.pdf');
    fs.writeFileSync(file, await pdf.body());
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim());
    assert.ok(pages.length >= 2, 'a cover and the lines');
    for (const [i, p] of pages.entries()) {
      assert.ok((p.match(/MẬT/g) || []).length >= 2, `page ${i + 1} carries the level at top and bottom`);
    }
    assertNoProblems(off);
    assertNoProblems(low);
    assertNoProblems(lead);
  });
});
