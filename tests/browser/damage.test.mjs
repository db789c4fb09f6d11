// A damaged database in the browser's storage: the app never overwrites it, keeps it aside, says so, offers
// it for download, and starts over with an empty database only when asked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, screenshotPath } from './harness.mjs';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

// IDBFS keeps each file as a record {timestamp, mode, contents} in the "FILE_DATA" store of the database
// named after the mount point. These helpers reach it the way damage on disk would: underneath the app.
const idb = {
  keys: (page) => page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('/data');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('FILE_DATA').objectStore('FILE_DATA').getAllKeys();
      req.onsuccess = () => { resolve(req.result.map(String)); open.result.close(); };
      req.onerror = () => reject(req.error);
    };
  })),
  // Overwrites bytes [from, to) of a stored file with 0xA5; returns the file's new contents.
  damage: (page, key, from, to) => page.evaluate(([k, a, b]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('/data');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('FILE_DATA', 'readwrite');
      const store = tx.objectStore('FILE_DATA');
      const get = store.get(k);
      get.onsuccess = () => {
        const rec = get.result;
        const bytes = new Uint8Array(rec.contents);
        for (let i = a; i < Math.min(b, bytes.length); i++) bytes[i] = 0xa5;
        rec.contents = bytes;
        store.put(rec, k);
        tx.oncomplete = () => { open.result.close(); resolve(Array.from(bytes)); };
      };
      get.onerror = () => reject(get.error);
    };
  }), [key, from, to]),
  read: (page, key) => page.evaluate((k) => new Promise((resolve, reject) => {
    const open = indexedDB.open('/data');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('FILE_DATA').objectStore('FILE_DATA').get(k);
      get.onsuccess = () => { open.result.close(); resolve(get.result ? Array.from(new Uint8Array(get.result.contents)) : null); };
      get.onerror = () => reject(get.error);
    };
  }), key),
};

test('a damaged database is kept aside, offered for download, and replaced only on request', async () => {
  const profile = freshProfile('damage');
  const s = await launch(profile, server.url);
  try {
    await openApp(s.page, server.url);
    assert.equal((await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Testa Testsson' })).ok, true);
    assert.ok((await idb.keys(s.page)).includes('/data/sipfield.db'));
    // Damage the second page of the stored file (the header stays intact, so SQLite opens it).
    const damaged = await idb.damage(s.page, '/data/sipfield.db', 4096 + 8, 4096 + 2048);

    await s.page.reload();
    const ready = await s.page.evaluate(() => window.sipfield.ready);
    assert.equal(ready.dbOpen, false);
    assert.equal(ready.error, 'db_corrupt');
    assert.match(ready.damaged, /^\/data\/sipfield\.db\.damaged-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
    const refused = await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' });
    assert.equal(refused.error.code, 'not_ready');
    await s.page.waitForTimeout(300);
    await s.page.screenshot({ path: screenshotPath('damaged-database') });

    // The damaged bytes are stored aside, unchanged, and nothing is at the old name any more.
    await s.page.waitForFunction(() => window.sipfield.saveState().state !== 'saving');
    assert.deepEqual(await idb.read(s.page, ready.damaged), damaged);
    assert.equal(await idb.read(s.page, '/data/sipfield.db'), null);

    // "Exportera den skadade databasen": a download of exactly those bytes.
    const [download] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.evaluate(() => window.sipfield.exportDamaged()),
    ]);
    assert.equal(download.suggestedFilename(), ready.damaged.split('/').pop());
    const file = await download.path();
    assert.deepEqual(Array.from(fs.readFileSync(file)), damaged);

    // "Starta en ny databas": an empty, working database; the damaged one stays.
    assert.deepEqual(await s.page.evaluate(() => window.sipfield.startFresh()), { ok: true });
    const empty = await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' });
    assert.equal(empty.result.value, null);
    assert.equal((await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Ny start' })).ok, true);
    await s.page.reload();
    const again = await s.page.evaluate(() => window.sipfield.ready);
    assert.equal(again.dbOpen, true);
    assert.equal((await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' })).result.value, 'Ny start');
    assert.deepEqual(await idb.read(s.page, ready.damaged), damaged);
    assertClean(s);
  } finally {
    await s.close();
  }
});
