// Browser test of a vetting case: an admission case about the applicant `quanchung`, walked from
// intake to decision by the officer, the cell (bithu), the committees (capuy, capuy.tinh) and the
// applicant on "Hồ sơ của tôi", with its refusals (a second case of the same kind, an answer
// with a date that does not exist, the subject carrying their own letter, a conclusion above the
// commune's level) and its letters printed to PDF and read back through
// pdftotext. Run with the other browser tests (README.md).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, DESKTOP, HERE, PASSWORD, PHONE, S, SHOTS, TARGET, assertFits, assertLabelled, assertNoProblems, auditRows, filterAudit, identityRows, login, newPage, openDetails, pdfText, plain, serverLog, shot, sleep, startServer, stopServer, submitForm, totp , lifecycle } from './harness.mjs';

describe('BVCTNB vetting case in a browser', { timeout: 150_000 }, () => {
  lifecycle();

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
    const member = await newPage('quanchung');
    await login(member, 'quanchung', { expectPath: null });
    let res = await member.page.goto(`${S.base}/me`);
    assert.equal(res.status(), 200);
    const own = await identityRows(member.page);
    const name = (own['Họ và tên'] ?? '').normalize('NFC');
    assert.ok(name, `/me shows the member's full name (rows: ${Object.keys(own).join(', ')})`);
    assert.equal(name, name.normalize('NFC'));
    const year = (own['Ngày sinh'] ?? '').match(/\d{4}/)?.[0] ?? '';

    // 1. The officer finds that person, checks the identity, and opens an admission case.
    const off = await newPage('canbo.tinh');
    await login(off, 'canbo.tinh');
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
    assert.ok(personId, `one of the hits ${hitIds.join(', ')} is quanchung's own dossier`);
    assert.equal((await op.locator('main h1').textContent()).trim(), name);
    await Promise.all([
      op.waitForURL((u) => u.pathname === `/persons/${personId}/cases/new`),
      op.getByRole('link', { name: 'Mở hồ sơ thẩm tra' }).click(),
    ]);
    await assertLabelled(op, `/persons/${personId}/cases/new`);
    // Only the kinds that fit an applicant are offered, and none is chosen for the officer.
    const kinds = await op.locator('#kind option').evaluateAll((os) => os.map((o) => o.textContent.trim()));
    assert.ok(kinds.includes('Kết nạp đảng viên'), `admission is offered to an applicant: ${kinds}`);
    assert.ok(!kinds.includes('Tham gia cấp ủy') && !kinds.includes('Rà soát chính trị nội bộ'), `no member-only kind for an applicant: ${kinds}`);
    assert.equal(await op.locator('#kind').inputValue(), '', 'no kind is chosen by default');
    await op.locator('#kind').selectOption({ label: 'Kết nạp đảng viên' });
    await Promise.all([op.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname)), op.getByRole('button', { name: 'Mở hồ sơ' }).click()]);
    const casePath = new URL(op.url()).pathname;
    const caseId = Number(casePath.split('/')[2]);
    // A second admission case on the same person is refused, with the way to the open one.
    await op.goto(`${S.base}/persons/${personId}/cases/new`);
    assert.ok(await op.locator(`#open-cases a[href="${casePath}"]`).count(), 'the open case is listed on the opening page');
    await op.locator('#kind').selectOption({ label: 'Kết nạp đảng viên' });
    res = await submitForm(op, `/persons/${personId}/cases/new`, () => op.getByRole('button', { name: 'Mở hồ sơ' }).click());
    assert.equal(res.status(), 409, 'a second open admission case is refused');
    assert.match(await op.locator('#error').textContent(), new RegExp(`hồ sơ #${caseId}`), 'the refusal names the open case');
    assert.equal(await op.locator('#kind').inputValue(), 'admission', 'the chosen kind is kept');
    await op.goto(`${S.base}${casePath}`);
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

    // A refused answer comes back exactly as typed, each error beside its field and the summary
    // focused at the top: never with "matches" and today's date put back in.
    {
      const rid = planned[0];
      await openDetails(art(rid), 'Ghi kết quả trả lời (mục 24)');
      const results = art(rid).locator('select[name^="result_"]');
      assert.equal(await results.first().inputValue(), '', 'no result is chosen by default');
      for (const sel of (await results.all()).slice(1)) await sel.selectOption({ label: 'Đúng như lý lịch đã khai' });
      await results.first().selectOption({ label: 'Khác với lý lịch đã khai' });
      await op.locator(`#det-${rid}-0`).fill('Cha khai là nông dân, địa phương xác nhận là giáo viên');
      await op.locator(`#ans-on-${rid}`).fill('31/02/2025');
      await op.locator(`#ans-ref-${rid}`).fill('Công văn số 4-CV/ĐU');
      res = await submitForm(op, `${casePath}/requests/${rid}/answer`, () => art(rid).getByRole('button', { name: 'Ghi kết quả' }).click());
      assert.equal(res.status(), 422, 'a date that does not exist is refused');
      assert.equal(await results.first().inputValue(), 'differs', 'the chosen result is kept');
      assert.equal(await op.locator(`#det-${rid}-0`).inputValue(), 'Cha khai là nông dân, địa phương xác nhận là giáo viên');
      assert.equal(await op.locator(`#ans-on-${rid}`).inputValue(), '31/02/2025', 'the typed date is kept');
      assert.equal(await op.locator(`#ans-ref-${rid}`).inputValue(), 'Công văn số 4-CV/ĐU');
      const beside = (await op.locator(`#err-r${rid}-answered-on`).textContent()).trim();
      assert.equal(beside, 'không có ngày 31/02/2025: tháng 2 năm 2025 có 28 ngày', 'the error beside the date says what is wrong');
      assert.equal(await op.locator(`#ans-on-${rid}`).getAttribute('aria-invalid'), 'true');
      const summary = (await op.locator('#error').textContent()).replace(/\s+/g, ' ');
      assert.equal(summary.split('Ngày trả lời').length - 1, 1, `the summary names the label once: ${summary}`);
      assert.equal(await op.evaluate(() => document.activeElement?.id), 'error', 'the summary takes focus');
      assert.equal(await op.locator('#error a').first().getAttribute('href'), `#r${rid}`, 'the summary links to the refused form');
      await shot(op, 'case-answer-refused');
      await op.goto(`${S.base}${casePath}`);
    }

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

    // 7. The commune's committee may not sign this category of conclusion; the province's does.
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
    // Offered only the categories its level may sign; returning and refusing stay open to it.
    const offered = (await cp.locator('#category option').allTextContents()).map((t) => t.trim());
    assert.ok(!offered.includes('Có vấn đề chính trị nhưng không vi phạm tiêu chuẩn chính trị'),
      `not a category above the commune's level: ${offered}`);
    await cp.locator('form#return').waitFor({ state: 'attached' });
    await cp.locator('form#refuse').waitFor({ state: 'attached' });
    assert.equal(await cp.locator('#conclusions .conclusion').count(), 0, 'no conclusion was recorded');
    await shot(cp, 'case-conclusion-above');

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
