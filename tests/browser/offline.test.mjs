// The offline-first shell in real (headless) Chromium: installable manifest, a service worker that lets the app
// start with the network gone (server stopped *and* the context offline), an update flow that never costs
// unsaved work, a backup before a migration, and not one request to any origin but the app's own (the
// harness fails every test on a foreign request, the service worker's included).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  DIST, OUT, ROOT, serveApp, serveDir, copyDist, freshProfile, launch, openApp, dispatch, assertClean,
  screenshotPath, waitForServiceWorker, clickLabel, openPlainPage, opfs, idbfs, makeSchema1Database,
} from './harness.mjs';
import { readPrecache, regenerate, precacheSizes } from '../../scripts/lib/precache.mjs';

const STARTS = Number(process.env.SIP_OFFLINE_STARTS || 5);

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function commandNames(page) {
  const r = await dispatch(page, { cmd: 'commands.list' });
  return new Set(r.result.commands.map((c) => c.name));
}

// Writes one setting and, when this build has case commands, one case; returns what to look for later.
async function writeSomething(page, staffName) {
  const set = await dispatch(page, { cmd: 'settings.set', key: 'staff.name', value: staffName });
  assert.equal(set.ok, true, JSON.stringify(set));
  let caseId = null;
  if ((await commandNames(page)).has('case.create')) {
    const c = await dispatch(page, {
      cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-20',
      owner: { name: 'Tolvan Tolvansson', identity_number: '199012119948' },
    });
    assert.equal(c.ok, true, JSON.stringify(c));
    caseId = c.result.case_id;
  }
  assert.equal((await page.evaluate(() => window.sipfield.saveState())).state, 'saved');
  return caseId;
}

test('the build precaches every file of the app, each with its SHA-256, and the page has no inline script', () => {
  const pre = readPrecache(DIST);
  const listed = pre.files.map((f) => f.url).sort();
  const inDist = fs.readdirSync(DIST).filter((f) => f !== 'sw.js' && !f.startsWith('.')).sort();
  assert.deepEqual(listed, inDist);
  for (const need of ['index.html', 'sipfield.js', 'sipfield.wasm', 'sipfield.data', 'manifest.webmanifest', 'icon.svg', 'style.css'])
    assert.ok(listed.includes(need), `${need} is not precached`);
  assert.match(pre.version, /^[0-9a-f]{16}$/);
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  for (const tag of html.match(/<script[^>]*>/g)) assert.match(tag, /\ssrc=/, `inline script in index.html: ${tag}`);
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler in index.html');
  const sizes = precacheSizes(DIST);
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'precache.json'), JSON.stringify({ version: pre.version, ...sizes }, null, 2));
  console.log(`precache: ${sizes.files.length} files, ${sizes.raw} bytes (${sizes.gzip} gzip), sw.js ${sizes.worker.raw} bytes`);
});

test('the app is installable: Swedish manifest, SVG icon, standalone, no installability errors', async () => {
  const s = await launch(freshProfile('install'), server.url);
  try {
    await openApp(s.page, server.url);
    await waitForServiceWorker(s.page);
    const cdp = await s.context.newCDPSession(s.page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
    const { errors, data } = await cdp.send('Page.getAppManifest');
    assert.deepEqual(errors, []);
    const m = JSON.parse(data);
    assert.equal(m.name, 'SIP Field – samordnad individuell plan');
    assert.equal(m.short_name, 'SIP Field');
    assert.equal(m.lang, 'sv');
    assert.equal(m.display, 'standalone');
    assert.match(m.description, /hemtjänst/i);
    assert.ok(m.icons.some((i) => i.type === 'image/svg+xml' && i.sizes === 'any'));
    const status = await s.page.evaluate(() => window.sipfield.status());
    assert.equal(status.online, 1);
    assert.ok([0, 1].includes(status.storage_persisted), 'the persistent-storage answer reached the status bar');
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('after one online visit the app starts with no network, has its data and saves new data', async () => {
  const dir = copyDist('offline');
  const profile = freshProfile('offline');
  let srv = await serveDir(dir);
  const url = srv.url;
  const origin = url.replace(/\/$/, '');
  const staffName = 'Testa Testsson – hemtjänst Öster';
  let caseId;

  // First visit, online: the service worker installs and takes the page; then some data.
  let s = await launch(profile, url);
  try {
    const ready = await openApp(s.page, url);
    assert.equal(ready.dbOpen, true, ready.error);
    await waitForServiceWorker(s.page);
    caseId = await writeSomething(s.page, staffName);
    assertClean(s, 'first visit');
  } finally {
    await s.close();
  }

  // The network is gone: the server is stopped and the browser context is offline.
  await srv.close();
  srv = null;
  s = await launch(profile, origin);
  const runs = [];
  try {
    await s.context.setOffline(true);
    for (let i = 0; i < STARTS; ++i) {
      const page = i === 0 ? s.page : await s.context.newPage();
      const res = await page.goto(url);
      assert.ok(res.ok(), `offline start ${i}: HTTP ${res.status()}`);
      assert.ok(res.fromServiceWorker(), 'the page did not come from the service worker');
      assert.match(res.headers()['content-security-policy'] || '', /connect-src 'self'/, 'the cached page lost its CSP');
      const ready = await page.evaluate(() => window.sipfield.ready);
      assert.equal(ready.dbOpen, true, `offline start ${i}: ${ready.error}`);
      await page.evaluate(() => window.sipfield.firstFrame);
      runs.push(await page.evaluate(() => window.sipfield.timing()));
      if (i === 0) {
        const got = await dispatch(page, { cmd: 'settings.get', key: 'staff.name' });
        assert.equal(got.result.value, staffName);
        if (caseId) {
          const c = await dispatch(page, { cmd: 'case.get', case_id: caseId });
          assert.equal(c.ok, true, JSON.stringify(c));
        }
        const status = await page.evaluate(() => window.sipfield.status());
        assert.equal(status.online, 0);
        await page.waitForTimeout(200);
        await page.screenshot({ path: screenshotPath('offline-start') });
        // New work offline is saved like any other.
        await writeSomething(page, 'Ändrat offline');
        await page.reload();
        await page.evaluate(() => window.sipfield.ready);
        const again = await dispatch(page, { cmd: 'settings.get', key: 'staff.name' });
        assert.equal(again.result.value, 'Ändrat offline');
      }
      if (page !== s.page) await page.close();
      else await page.goto('about:blank');
    }
    assert.ok(s.requests.every((r) => r.url.startsWith(origin) || r.url === 'about:blank'),
              `requests elsewhere: ${s.requests.map((r) => r.url).join(', ')}`);
    assertClean(s, 'offline session');
  } finally {
    await s.close();
  }

  const firstFrames = runs.map((r) => r.firstFrame);
  const report = {
    what: 'offline start: navigation start → first frame drawn with the database open (ms), server stopped, context offline',
    runs: runs.map((r) => ({ ready_ms: Math.round(r.ready), first_frame_ms: Math.round(r.firstFrame) })),
    median_first_frame_ms: Math.round(median(firstFrames)),
    median_ready_ms: Math.round(median(runs.map((r) => r.ready))),
    precache: (({ raw, gzip, files }) => ({ raw, gzip, files: files.length }))(precacheSizes(dir)),
  };
  fs.writeFileSync(path.join(OUT, 'offline-start.json'), JSON.stringify(report, null, 2));
  console.log(`offline start, first frame: median ${report.median_first_frame_ms} ms over ${runs.length} starts`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a new build deployed while the page is open: notice, refused with unsaved input, switch keeps the data', async () => {
  const dir = copyDist('update');
  const srv = await serveDir(dir);
  const s = await launch(freshProfile('update'), srv.url);
  const template = fs.readFileSync(path.join(ROOT, 'web/sw.js'), 'utf8');
  try {
    await openApp(s.page, srv.url);
    await waitForServiceWorker(s.page);
    const before = readPrecache(dir).version;
    assert.equal(await s.page.evaluate(() => window.sipfield.buildId()), before);
    const caseId = await writeSomething(s.page, 'Före uppdateringen');
    assert.equal(await s.page.evaluate(() => window.sipfield.updateAvailable()), false);
    assert.deepEqual(await s.page.evaluate(() => window.sipfield.update()), { ok: false, code: 'no_update' });

    // Deploy: a changed file and a regenerated sw.js, while the page is open.
    fs.appendFileSync(path.join(dir, 'style.css'), '\n/* build 2 */\n');
    const next = regenerate(dir, template).version;
    assert.notEqual(next, before);
    // The browser checks for it (as on any navigation) from a plain tab: Chromium runs an update() asked by
    // a page that draws every frame, like the app, up to a minute late.
    const probe = await openPlainPage(s.context, `${srv.url}style.css`);
    assert.equal(await probe.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()).then(() => true)), true);
    await probe.close();
    await s.page.waitForFunction(() => window.sipfield.updateAvailable(), null, { timeout: 30000 });
    await s.page.waitForTimeout(100);
    let status = await s.page.evaluate(() => window.sipfield.status());
    assert.equal(status.update_available, true);
    assert.equal(status.update_note, 'Ny version finns');
    await s.page.screenshot({ path: screenshotPath('update-notice') });
    // The running version keeps running until the user agrees.
    assert.equal(await s.page.evaluate(() => window.sipfield.buildId()), before);

    // Unsaved input in Inställningar: the switch is refused.
    await clickLabel(s.page, 'Inställningar');
    await clickLabel(s.page, 'Ditt namn');
    await s.page.keyboard.press('End');
    await s.page.keyboard.type(' och Co');
    await s.page.waitForTimeout(100);
    status = await s.page.evaluate(() => window.sipfield.status());
    assert.equal(status.unsaved_input, true, 'typing did not reach the settings form');
    assert.deepEqual(await s.page.evaluate(() => window.sipfield.update()), { ok: false, code: 'unsaved_input' });
    await s.page.waitForTimeout(100);
    status = await s.page.evaluate(() => window.sipfield.status());
    assert.equal(status.update_note, 'Spara dina ändringar först');
    await s.page.screenshot({ path: screenshotPath('update-refused') });
    assert.equal(await s.page.evaluate(() => window.sipfield.buildId()), before);

    // Saved: now the switch goes ahead, and the page reloads into the new version.
    await clickLabel(s.page, 'Spara');
    await s.page.waitForFunction(() => !window.sipfield.status().unsaved_input && window.sipfield.saveState().state === 'saved');
    const reloaded = s.page.waitForEvent('load', { timeout: 20000 });
    const r = await s.page.evaluate(() => window.sipfield.update());
    assert.deepEqual(r, { ok: true, code: 'updating' });
    await reloaded;
    const ready = await s.page.evaluate(() => window.sipfield.ready);
    assert.equal(ready.dbOpen, true);
    assert.equal(await s.page.evaluate(() => window.sipfield.buildId()), next);
    assert.equal(await s.page.evaluate(() => window.sipfield.updateAvailable()), false);
    const name = await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' });
    assert.equal(name.result.value, 'Före uppdateringen och Co');
    if (caseId) assert.equal((await dispatch(s.page, { cmd: 'case.get', case_id: caseId })).ok, true);
    const caches = await s.page.evaluate(() => caches.keys());
    assert.deepEqual(caches, [`sipfield-${next}`], 'the old version\'s cache is gone');
    // Only files that changed were downloaded again for the new version.
    const swFetches = s.requests.filter((q) => q.sw).map((q) => new URL(q.url).pathname);
    assert.equal(swFetches.filter((p) => p === '/sipfield.wasm').length, 1, swFetches.join(' '));
    assert.equal(swFetches.filter((p) => p === '/style.css').length, 2, swFetches.join(' '));
    assertClean(s);
  } finally {
    await s.close();
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the IndexedDB version\'s database is adopted into OPFS once, encrypted, backed up (sealed) before the migration, and then removed', async (t) => {
  const file = path.join(fs.mkdtempSync(path.join(OUT, 'db-')), 'v1.db');
  if (!makeSchema1Database(file)) { t.skip('neither python3 nor sqlite3 is installed to write a schema-1 database'); return; }
  const v1 = [...fs.readFileSync(file)];
  const profile = freshProfile('migrate');
  let s = await launch(profile, server.url);
  let backupAt;
  try {
    // The IDBFS version's database, stored the way IDBFS stores files, before this version first runs (from
    // a plain tab: no app runs).
    const plain = await openPlainPage(s.context, `${server.url}style.css`);
    await idbfs.put(plain, '/data/sipfield.db', v1);
    await plain.close();

    const ready = await openApp(s.page, server.url);
    assert.equal(ready.dbOpen, true, ready.error);
    assert.equal(await s.page.evaluate(() => window.sipfield.storage().migrated), true, 'not adopted from IndexedDB');
    assert.equal((await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' })).result.value, 'Gammal Data');
    const version = (await dispatch(s.page, { cmd: 'version' })).result;
    assert.equal(version.db_schema, version.schema);
    if (version.schema >= 2) {
      assert.equal(ready.backup, 'sipfield.db.bak-v1');
      await s.page.waitForFunction(() => window.sipfield.storage().inflight === 0);
      // The copy is sealed (issue 13): nothing of the old database is readable in it.
      const bak = Buffer.from(await opfs.read(s.page, 'sipfield.db.bak-v1'));
      assert.equal(bak.subarray(0, 4).toString('latin1'), 'SIPE');
      assert.ok(!bak.includes(Buffer.from('Gammal Data')), 'the backup is readable without the key');
      backupAt = await opfs.modified(s.page, 'sipfield.db.bak-v1');
    }
    // New work lands in OPFS; the IndexedDB copy, plain, is deleted once the encrypted database is durable.
    assert.equal((await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Ny data' })).ok, true);
    await s.page.waitForFunction(async () => !(await indexedDB.databases()).some((d) => d.name === '/data'));

    // Next start: already adopted and migrated, so no second adoption and no second backup.
    await s.page.reload();
    const again = await s.page.evaluate(() => window.sipfield.ready);
    assert.equal(again.dbOpen, true);
    assert.equal(again.backup, '');
    assert.equal(await s.page.evaluate(() => window.sipfield.storage().migrated), false);
    assert.equal((await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' })).result.value, 'Ny data');
    if (backupAt !== undefined) assert.equal(await opfs.modified(s.page, 'sipfield.db.bak-v1'), backupAt);
    assertClean(s);
  } finally {
    await s.close();
  }

  // And after a browser restart.
  s = await launch(profile, server.url);
  try {
    await openApp(s.page, server.url);
    assert.equal((await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' })).result.value, 'Ny data');
    assert.equal(await idbfs.exists(s.page), false);
    assertClean(s);
  } finally {
    await s.close();
  }
});
