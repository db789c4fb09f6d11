// The web app in real (headless) Chromium: start-up, rendering, dispatch, persistence (OPFS, through the
// storage worker) across a reload and a full browser restart with the same profile, the one-tab lock, and a
// browser without OPFS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, screenshotPath, opfs, idbfs } from './harness.mjs';
import { decodePng, distinctColours } from './png.mjs';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

test('the app starts, opens its database and renders the Swedish main window', async () => {
  const s = await launch(freshProfile('start'), server.url);
  try {
    const ready = await openApp(s.page, server.url);
    assert.equal(ready.dbOpen, true, `database not open: ${ready.error}`);
    await s.page.waitForTimeout(300);   // a few frames
    const file = screenshotPath('main-window');
    await s.page.screenshot({ path: file });
    const img = decodePng(fs.readFileSync(file));
    assert.equal(img.width, 1280);
    assert.ok(distinctColours(img) > 20, `canvas looks blank (${distinctColours(img)} colours)`);
    assert.equal(await s.page.title(), 'SIP Field');
    assert.equal(await s.page.evaluate(() => document.documentElement.lang), 'sv');
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('dispatch round-trips through the C++ command handler', async () => {
  const s = await launch(freshProfile('dispatch'), server.url);
  try {
    await openApp(s.page, server.url);
    const pong = await dispatch(s.page, { cmd: 'ping', id: 1 });
    assert.deepEqual([pong.ok, pong.id, pong.result.pong], [true, 1, true]);
    const version = await dispatch(s.page, '{"cmd":"version"}');
    assert.equal(version.result.platform, 'web');
    assert.equal(version.result.sodium, '1.0.18');
    assert.match(version.result.sqlite, /^3\.\d+\.\d+$/);
    const bad = await dispatch(s.page, '{"cmd":');
    assert.equal(bad.error.code, 'invalid_json');
    const unknown = await dispatch(s.page, { cmd: 'settings.set', key: 'nope', value: 'x' });
    assert.equal(unknown.error.code, 'unknown_setting');
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('a value written through dispatch survives a reload and a browser restart', async () => {
  const profile = freshProfile('persist');
  const name = 'Testa Testsson – hemtjänst Öster';
  let s = await launch(profile, server.url);
  try {
    await openApp(s.page, server.url);
    const set = await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: name });
    assert.equal(set.ok, true, JSON.stringify(set));
    const state = await s.page.evaluate(() => window.sipfield.saveState());
    assert.equal(state.state, 'saved');

    await s.page.reload();
    await s.page.evaluate(() => window.sipfield.ready);
    const afterReload = await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' });
    assert.equal(afterReload.result.value, name);
    assertClean(s);
  } finally {
    await s.close();
  }

  s = await launch(profile, server.url);
  try {
    await openApp(s.page, server.url);
    const afterRestart = await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' });
    assert.equal(afterRestart.result.value, name);
    // The data is in OPFS (a fresh profile never creates the IDBFS version's IndexedDB database).
    const files = (await opfs.list(s.page)).map((f) => f.name);
    for (const f of ['sipfield.db', 'sipfield.db-log', 'sipfield.opfs-ready']) assert.ok(files.includes(f), files.join(' '));
    assert.equal(await idbfs.exists(s.page), false);
    assert.equal(await s.page.evaluate(() => window.sipfield.storage().migrated), false);
    await s.page.waitForTimeout(200);
    await s.page.screenshot({ path: screenshotPath('after-restart') });
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('a second tab does not open the database and says so; it can once the first tab is gone', async () => {
  const s = await launch(freshProfile('two-tabs'), server.url);
  try {
    const first = await openApp(s.page, server.url);
    assert.equal(first.dbOpen, true, first.error);
    assert.equal((await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Första fliken' })).ok, true);

    const second = await s.context.newPage();
    const ready = await openApp(second, server.url);
    assert.equal(ready.dbOpen, false);
    assert.equal(ready.error, 'db_locked');
    assert.equal((await dispatch(second, { cmd: 'settings.get', key: 'staff.name' })).error.code, 'not_ready');
    assert.equal((await second.evaluate(() => window.sipfield.status())).db_open, false);
    await second.waitForTimeout(300);
    await second.screenshot({ path: screenshotPath('second-tab') });

    // The first tab goes on working, undisturbed.
    assert.equal((await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Fortfarande här' })).ok, true);
    assert.equal((await s.page.evaluate(() => window.sipfield.saveState())).state, 'saved');

    // Once it is closed, the other tab opens the database on reload and sees its data.
    await s.page.close();
    await second.reload();
    const now = await second.evaluate(() => window.sipfield.ready);
    assert.equal(now.dbOpen, true, now.error);
    assert.equal((await dispatch(second, { cmd: 'settings.get', key: 'staff.name' })).result.value, 'Fortfarande här');
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('without OPFS the app says so with a stable code and stores nothing', async () => {
  const s = await launch(freshProfile('no-opfs'), server.url);
  try {
    await s.page.addInitScript(() => { delete StorageManager.prototype.getDirectory; });
    const ready = await openApp(s.page, server.url);
    assert.equal(ready.dbOpen, false);
    assert.equal(ready.error, 'storage_unavailable');
    assert.equal((await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'x' })).error.code, 'not_ready');
    assertClean(s);
  } finally {
    await s.close();
  }
});
