// The web app in real (headless) Chromium: start-up, rendering, dispatch, persistence across a reload
// and a full browser restart with the same profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, screenshotPath } from './harness.mjs';
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
    await s.page.waitForTimeout(200);
    await s.page.screenshot({ path: screenshotPath('after-restart') });
    assertClean(s);
  } finally {
    await s.close();
  }
});
