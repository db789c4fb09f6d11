// A damaged database in the browser's storage: the app never overwrites it, keeps it aside, says so, offers
// it for download, and starts over with an empty database only when asked. The files are sealed (issue 13):
// a damaged block fails its authentication at the unlock, and the sealed files are kept aside as they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, screenshotPath, openPlainPage, opfs } from './harness.mjs';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

test('a damaged database is kept aside, offered for download, and replaced only on request', async () => {
  const profile = freshProfile('damage');
  const s = await launch(profile, server.url);
  try {
    let app = s.page;
    await openApp(app, server.url);
    assert.equal((await dispatch(app, { cmd: 'settings.set', key: 'staff.name', value: 'Testa Testsson' })).ok, true);
    // A second start folds the log into sipfield.db, so the base file holds every page.
    await app.reload();
    assert.equal((await app.evaluate(() => window.sipfield.ready)).dbOpen, true);
    await app.waitForFunction(() => window.sipfield.storage().inflight === 0);
    await app.close();

    // Damage the last sealed block of the stored file underneath the app, from a tab where no app runs (its
    // header and manifest stay intact).
    const plain = await openPlainPage(s.context, `${server.url}style.css`);
    const files = await opfs.list(plain);
    const base = files.find((f) => f.name === 'sipfield.db');
    assert.ok(base && base.size >= 8192, JSON.stringify(files));
    assert.equal(files.find((f) => f.name === 'sipfield.db-log').size, 0, 'the log was not folded in at start');
    const key = await opfs.read(plain, 'sipfield.db-key');
    const damaged = await opfs.damage(plain, 'sipfield.db', base.size - 2048, base.size - 1024);

    app = await s.context.newPage();
    const ready = await openApp(app, server.url);
    assert.equal(ready.dbOpen, false);
    assert.equal(ready.error, 'db_page_auth');
    assert.match(ready.damaged, /^sipfield\.db\.damaged-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
    const refused = await dispatch(app, { cmd: 'settings.get', key: 'staff.name' });
    assert.equal(refused.error.code, 'not_ready');
    await app.waitForTimeout(300);
    await app.screenshot({ path: screenshotPath('damaged-database') });

    // The damaged bytes are stored aside, unchanged, and nothing is at the old name any more.
    await app.waitForFunction(() => window.sipfield.storage().inflight === 0);
    assert.deepEqual(await opfs.read(plain, ready.damaged), damaged);
    assert.deepEqual(await opfs.read(plain, `${ready.damaged}-key`), key, 'the key file was not kept with it');

    // "Exportera den skadade databasen": a download of exactly those bytes.
    const [download] = await Promise.all([
      app.waitForEvent('download'),
      app.evaluate(() => window.sipfield.exportDamaged()),
    ]);
    assert.equal(download.suggestedFilename(), ready.damaged);
    assert.deepEqual(Array.from(fs.readFileSync(await download.path())), damaged);

    // "Starta en ny databas": an empty, working database; the damaged one stays.
    assert.deepEqual(await app.evaluate(() => window.sipfield.startFresh()), { ok: true });
    const empty = await dispatch(app, { cmd: 'settings.get', key: 'staff.name' });
    assert.equal(empty.result.value, null);
    assert.equal((await dispatch(app, { cmd: 'settings.set', key: 'staff.name', value: 'Ny start' })).ok, true);
    await app.reload();
    const again = await app.evaluate(() => window.sipfield.ready);
    assert.equal(again.dbOpen, true);
    assert.equal(again.damaged, '');
    assert.equal((await dispatch(app, { cmd: 'settings.get', key: 'staff.name' })).result.value, 'Ny start');
    await app.close();
    assert.deepEqual(await opfs.read(plain, ready.damaged), damaged);
    assertClean(s);
  } finally {
    await s.close();
  }
});
