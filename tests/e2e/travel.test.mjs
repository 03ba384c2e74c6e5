// Browser test of a private trip abroad: the member `dangvien` files the request on "Hồ sơ của
// tôi" (refused without the commitment of Phụ lục II when visiting relatives), the cell
// (bithu) gives its opinion, the committee (capuy) approves, the member reads the notice, the
// officer (canbo.tinh) records the re-entry, and the member files the report (Phụ lục III).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { S, assertLabelled, assertNoProblems, lifecycle, login, newPage, shot, spreadsheetRows, submitForm } from './harness.mjs';

describe('BVCTNB trip abroad in a browser', { timeout: 120_000 }, () => {
  lifecycle();

  test('a member files a trip request, the cell and the committee approve, the report is filed', async () => {
    const today = new Date(Date.now() + 7 * 3600_000); // Vietnam's date
    const dmy = (d) => `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const days = (n) => new Date(today.getTime() + n * 86_400_000);
    const errorText = async (page) => ((await page.locator('[role="alert"]').count()) ? (await page.locator('[role="alert"]').first().textContent()).trim() : '');

    // 1. The member fills in Phụ lục I: visiting a relative without the commitment is refused.
    const member = await newPage('dangvien');
    await login(member, 'dangvien', { expectPath: null });
    const mp = member.page;
    assert.equal((await mp.goto(`${S.base}/me/trips`)).status(), 200);
    await assertLabelled(mp, '/me/trips');
    await mp.locator('#countries').fill('Hàn Quốc');
    // A departure already past is refused: a request is filed before the trip.
    await mp.locator('#depart_on').fill(dmy(days(-10)));
    await mp.locator('#return_on').fill(dmy(days(-3)));
    await mp.locator('#purpose').fill('Thăm em trai đang làm việc tại Seoul');
    await mp.locator('#funding').fill('Tự túc');
    let res = await submitForm(mp, '/me/trips', () => mp.getByRole('button', { name: 'Nộp đơn' }).click());
    assert.equal(res.status(), 422, 'a departure in the past is refused');
    assert.match(await errorText(mp), /đã qua/);
    assert.equal(await mp.locator('#depart_on').inputValue(), dmy(days(-10)), 'the typed date is kept');
    // Leaving and coming back today, so that the return and the report can follow in this walk.
    await mp.locator('#depart_on').fill(dmy(days(0)));
    await mp.locator('#return_on').fill(dmy(days(0)));
    await mp.locator('#purpose').fill('Thăm em trai đang làm việc tại Seoul');
    await mp.locator('#funding').fill('Tự túc');
    await mp.locator('#visits_relatives').check();
    await mp.locator('#visits').fill('Em trai Nguyễn Văn Minh, Seoul');
    res = await submitForm(mp, '/me/trips', () => mp.getByRole('button', { name: 'Nộp đơn' }).click());
    assert.equal(res.status(), 409, 'no submission without Phụ lục II');
    assert.match(await errorText(mp), /Phụ lục II/);
    assert.equal(await mp.locator('#countries').inputValue(), 'Hàn Quốc', 'what was typed is kept');
    await mp.locator('#commitment').fill('Tôi cam kết không để thân nhân lợi dụng, giữ bí mật nhà nước.');
    res = await submitForm(mp, '/me/trips', () => mp.getByRole('button', { name: 'Nộp đơn' }).click());
    assert.equal(res.status(), 303);
    const tripPath = new URL(mp.url()).pathname;
    assert.match(tripPath, /^\/me\/trips\/\d+$/);
    const id = tripPath.split('/')[3];
    assert.match(await mp.locator('#trip').textContent(), /Chờ ý kiến chi bộ/);
    await shot(mp, 'trip-filed');

    // 2. The cell gives its opinion.
    const cell = await newPage('bithu');
    await login(cell, 'bithu', { expectPath: null });
    assert.equal((await cell.page.goto(`${S.base}/trips/${id}`)).status(), 200);
    // The brother visited is not in the declaration: the cell is told, the request goes on.
    assert.match(await cell.page.locator('#flags').textContent(), /không có tên trong phần quan hệ gia đình/);
    await cell.page.locator('#opinion').fill('Chi bộ đồng ý đề nghị cấp ủy xem xét.');
    res = await submitForm(cell.page, `/trips/${id}/cell-opinion`, () => cell.page.getByRole('button', { name: 'Ghi ý kiến chi bộ' }).click());
    assert.equal(res.status(), 303);

    // 3. The committee approves; a refusal would need a reason.
    const com = await newPage('capuy');
    await login(com, 'capuy', { expectPath: null });
    const cp = com.page;
    assert.equal((await cp.goto(`${S.base}/trips`)).status(), 200);
    assert.ok(await cp.locator(`#decision a[href="/trips/${id}"]`).count(), 'the request waits for the committee');
    await cp.goto(`${S.base}/trips/${id}`);
    res = await submitForm(cp, `/trips/${id}/refuse`, () => cp.getByRole('button', { name: 'Không đồng ý' }).click());
    assert.equal(res.status(), 409);
    assert.match(await errorText(cp), /lý do/);
    await cp.locator('#approve-number').fill('15-CV/ĐU');
    res = await submitForm(cp, `/trips/${id}/approve`, () => cp.getByRole('button', { name: 'Đồng ý', exact: true }).click());
    assert.equal(res.status(), 303);
    assert.match(await cp.locator('#trip').textContent(), /Đồng ý \(số 15-CV\/ĐU\)/);
    await shot(cp, 'trip-approved');

    // 4. The member is told.
    await mp.goto(`${S.base}/inbox`);
    assert.match(await mp.locator('main').textContent(), /Hàn Quốc.*đã được đồng ý/s);

    // 5. The officer records the re-entry; the report falls due in working days.
    const off = await newPage('canbo.tinh');
    await login(off, 'canbo.tinh');
    await off.page.goto(`${S.base}/trips/${id}`);
    await off.page.locator('#reentry_on').fill(dmy(days(0)));
    res = await submitForm(off.page, `/trips/${id}/return`, () => off.page.getByRole('button', { name: 'Ghi ngày nhập cảnh' }).click());
    assert.equal(res.status(), 303);
    assert.match(await off.page.locator('#trip').textContent(), /Hạn nộp báo cáo/);

    // 6. The member files the report.
    await mp.goto(`${S.base}${tripPath}`);
    await mp.locator('#report-text').fill('Đã thăm em trai tại Seoul, không tiếp xúc tổ chức nào.');
    res = await submitForm(mp, `${tripPath}/report`, () => mp.getByRole('button', { name: 'Nộp báo cáo' }).click());
    assert.equal(res.status(), 303);
    assert.match(await mp.locator('#trip').textContent(), /Đã báo cáo/);
    await shot(mp, 'trip-reported');

    // An officer of another unit does not see the trip.
    const other = await newPage('canbo.coso');
    await login(other, 'canbo.coso');
    assert.equal((await other.page.goto(`${S.base}/trips/${id}`)).status(), 404);
    for (const s of [member, cell, com, off]) assertNoProblems(s);
  });

  test('the listings open in LibreOffice Calc with the rows and the Vietnamese text of the page', async () => {
    const off = await newPage('canbo.tinh');
    await login(off, 'canbo.tinh');
    const op = off.page;
    const dir = fs.mkdtempSync(path.join(S.tmp, 'xlsx-'));
    for (const code of ['pl1', 'pl2', 'pl3']) {
      assert.equal((await op.goto(`${S.base}/listings/${code}`)).status(), 200);
      await shot(op, `listing-${code}`);
      const headers = (await op.locator('#listing thead th').allTextContents()).map((t) => t.trim());
      const onPage = await op.locator('#listing tbody tr').evaluateAll((trs) =>
        trs.filter((tr) => tr.cells.length > 1).map((tr) => [...tr.cells].map((td) => td.textContent.trim().normalize('NFC'))));
      assert.ok(onPage.length > 0, `${code}: the demo data gives rows`);
      const href = await op.getByRole('link', { name: 'Excel (.xlsx)' }).getAttribute('href');
      const r = await op.request.get(`${S.base}${href.replaceAll('&amp;', '&')}`);
      assert.equal(r.status(), 200, `${code} xlsx`);
      const file = path.join(dir, `${code}.xlsx`);
      fs.writeFileSync(file, await r.body());

      const rows = spreadsheetRows(file);
      assert.match(rows[0][0], new RegExp(`^${code.toUpperCase()}: `), `${code}: title in A1`);
      const head = rows.findIndex((row) => row[0] === 'STT');
      assert.ok(head > 0, `${code}: a header row`);
      assert.deepEqual(rows[head].slice(0, headers.length), headers, `${code}: the page's columns`);
      const data = rows.slice(head + 1).filter((row) => /^\d+$/.test(row[0]));
      if (!(await op.locator('#listing').locator('xpath=preceding::strong[contains(., "cắt bớt")]').count())) {
        assert.equal(data.length, onPage.length, `${code}: as many rows as on the page`);
      }
      onPage.forEach((cells, i) => assert.deepEqual(data[i].slice(0, cells.length), cells, `${code} row ${i + 1}`));
      assert.ok(data.flat().some((c) => /[ăâđêôơưĂÂĐÊÔƠƯ]/.test(c) && /[\u0300-\u036f]/.test(c.normalize('NFD'))),
        `${code}: Vietnamese letters and tone marks survive`);
    }

    // The listing sorts by a click on a column header: birth years as numbers, both ways;
    // names by given name in Vietnamese order.
    await op.goto(`${S.base}/listings/pl2`);
    const column = async (n) => op.locator(`#listing tbody tr td:nth-child(${n})`).allTextContents();
    const years = op.locator('#listing thead th', { hasText: 'Năm sinh' }).first();
    await years.getByRole('button').click();
    assert.equal(await years.getAttribute('aria-sort'), 'ascending');
    let y = (await column(3)).map(Number);
    assert.ok(y.length > 1 && y.every((v, i) => i === 0 || y[i - 1] <= v), `ascending: ${y}`);
    await years.getByRole('button').click();
    assert.equal(await years.getAttribute('aria-sort'), 'descending');
    y = (await column(3)).map(Number);
    assert.ok(y.every((v, i) => i === 0 || y[i - 1] >= v), `descending: ${y}`);
    await op.locator('#listing thead th', { hasText: 'Họ và tên' }).getByRole('button').click();
    const vi = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
    const given = (await column(2)).map((n) => n.trim().split(/\s+/).pop());
    assert.ok(given.every((g, i) => i === 0 || vi.compare(given[i - 1], g) <= 0), `by given name: ${given}`);
    await shot(op, 'listing-sorted');
    assertNoProblems(off);
  });
});
