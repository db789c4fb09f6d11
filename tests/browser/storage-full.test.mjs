// A full disk (issue 13): when OPFS refuses a write with QuotaExceededError, the app says so in Swedish,
// acknowledges nothing it did not store, keeps the data readable, and goes on by itself once space returns.
// The worker's test quota (web/opfs-worker.js testQuota) fails writes as a full disk does: the part that fits
// lands, then the write is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, screenshotPath,
         typeInto, clickLabel, settle, eventually } from './harness.mjs';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

const step = (what) => { if (process.env.SIP_TEST_VERBOSE) console.log(`# ${what}`); };

test('a full disk: said in Swedish, nothing acknowledged unstored, data readable, saved once space returns', async () => {
  const profile = freshProfile('storage-full');
  const s = await launch(profile, server.url);
  try {
    const app = s.page;
    await openApp(app, server.url);
    const created = await dispatch(app, { cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-30',
                                          owner: { name: 'Vera Fulldisk', identity_number: '19821105-9954' } });
    assert.equal(created.ok, true);
    const id = created.result.case_id;
    await app.waitForFunction(() => window.sipfield.storage().inflight === 0);

    // The disk fills up: a few hundred bytes are left, less than one commit record.
    const before = await app.evaluate(() => window.sipfield.testQuota(300, 200));
    step(`full at ${before} + 300 bytes`);

    // A write through the app's own screen: the staff name in Inställningar, typed and saved.
    await clickLabel(app, 'Inställningar');
    await typeInto(app, 'Ditt namn', 'Fanny Fullsson', { clear: true });
    await clickLabel(app, 'Spara');
    step('typed and saved');
    const full = await eventually(() => app.evaluate(() => window.sipfield.saveState()), (st) => st.state === 'full');
    assert.equal(full.state, 'full', JSON.stringify(full));
    assert.equal(full.error, 'db_full');
    const status = await app.evaluate(() => window.sipfield.status());
    assert.match(status.save_text, /^Lagringsutrymmet är fullt – det senaste är inte sparat/);
    // Drawn at once (a write waiting for space is not one about to be acknowledged: no frame is held for it).
    await settle(app);
    await app.screenshot({ path: screenshotPath('storage-full') });

    // Nothing unstored is acknowledged: a write through dispatch stays pending while the disk is full ...
    const pending = app.evaluate((caseId) => {
      window.__fullWrite = 'pending';
      window.sipfield.dispatch({ cmd: 'preparation.start', case_id: caseId })
        .then((r) => { window.__fullWrite = r.ok ? 'stored' : `refused ${r.error.code}`; });
    }, id);
    await pending;
    await app.waitForTimeout(1000);
    assert.equal(await app.evaluate(() => window.__fullWrite), 'pending');
    const st = await app.evaluate(() => window.sipfield.storage());
    assert.ok(st.acked < st.posted, JSON.stringify(st));
    assert.equal(st.failed, false);
    assert.equal(st.full, true);
    // ... no torn record is left in the log: the partial append was cut off (the files are no larger than
    // what the full disk allowed) ...
    assert.ok((await app.evaluate(() => window.sipfield.testUsage())) <= before + 300);
    // ... and the data stays readable, including what waits to be stored.
    const read = await dispatch(app, { cmd: 'case.get', case_id: id });
    assert.equal(read.ok, true);
    assert.ok(JSON.stringify(read.result.case).includes('Vera Fulldisk'));
    assert.equal((await dispatch(app, { cmd: 'settings.get', key: 'staff.name' })).result.value, 'Fanny Fullsson');

    // Space returns: the waiting writes are stored in order, acknowledged, and the status says "Sparat".
    step('space returns');
    await app.evaluate(() => window.sipfield.testQuota(null));
    await app.waitForFunction(() => window.__fullWrite === 'stored', null, { timeout: 10000 });
    await app.waitForFunction(() => window.sipfield.storage().inflight === 0);
    const saved = await eventually(() => app.evaluate(() => window.sipfield.saveState()), (x) => x.state === 'saved');
    assert.equal(saved.state, 'saved');
    assert.match((await app.evaluate(() => window.sipfield.status())).save_text, /^Sparat \d\d:\d\d$/);
    assert.equal((await dispatch(app, { cmd: 'settings.set', key: 'staff.title', value: 'Undersköterska' })).ok, true);

    // A new start reads everything back from the files: the log replays cleanly.
    await app.reload();
    assert.equal((await app.evaluate(() => window.sipfield.ready)).dbOpen, true);
    assert.equal((await dispatch(app, { cmd: 'settings.get', key: 'staff.name' })).result.value, 'Fanny Fullsson');
    const after = await dispatch(app, { cmd: 'case.get', case_id: id });
    assert.ok(JSON.stringify(after.result.case).includes('Vera Fulldisk'));
    assert.equal(after.result.case.step, 'preparation', 'the write made while the disk was full was lost');
    assertClean(s);
  } finally {
    await s.close();
  }
});
