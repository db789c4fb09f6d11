// tests/browser/harness.mjs — shared set-up for the browser tests: the built app served on a free loopback
// port, Debian's Chromium driven by playwright-core with a fresh profile, and a watch on everything the
// page does that a test must fail on (page errors, console errors, requests to any other origin — the
// service worker's included).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/lib/server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.SIP_WEB_DIST || path.join(ROOT, '.build/web/dist');
export const OUT = path.join(ROOT, 'test-output');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
];

export async function serveApp() {
  if (!fs.existsSync(path.join(DIST, 'sipfield.wasm'))) throw new Error(`no built app in ${DIST}: run scripts/build web`);
  return startServer({ root: DIST });
}

// A copy of the built app under test-output/deploys, for tests that "deploy" a new version into it.
export function copyDist(name) {
  if (!fs.existsSync(path.join(DIST, 'sw.js'))) throw new Error(`no built app in ${DIST}: run scripts/build web`);
  const dir = path.join(OUT, 'deploys');
  fs.mkdirSync(dir, { recursive: true });
  const copy = fs.mkdtempSync(path.join(dir, `${name}-`));
  fs.cpSync(DIST, copy, { recursive: true });
  return copy;
}

export function serveDir(root, port = 0) {
  return startServer({ root, port });
}

// A fresh, empty Chromium profile folder under test-output/profiles.
export function freshProfile(name) {
  const dir = path.join(OUT, 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  return fs.mkdtempSync(path.join(dir, `${name}-`));
}

export function screenshotPath(name) {
  const dir = path.join(OUT, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

// The passphrase every test profile is protected with (the lock screen, issue 13). Fictional, like all test data.
export const TEST_PASSPHRASE = 'testlösen för sip field';

// In every page of the context: once the app has started, the passphrase goes to the lock screen's current
// step (first start, adoption or unlock) through window.sipfield.unlock, as if typed, so tests that are not
// about the lock start with the database open. tests/browser/lock.test.mjs types it on the canvas instead.
// It counts its looks rather than reading the time: under a test's fake clock (page.clock.install) this script
// can run before the clock's and see the real time first and the fake (minutes ahead) after, and a deadline
// then passed at once left the lock screen waiting for ever.
function autoUnlockScript(passphrase) {
  let looks = 1500;   // about 30 s: a page where no app runs (a plain file, a paper) stops looking
  const wait = () => {
    const s = window.sipfield;
    if (!s || !s.started) { if (--looks > 0) setTimeout(wait, 20); return; }
    s.started.then(() => {
      const mode = s.lockState().mode;
      if (mode === 'create' || mode === 'adopt' || mode === 'unlock') s.unlock(passphrase);
    });
  };
  wait();
}

// Launches Chromium on `profileDir` (kept between launches, so a restart sees the same storage).
// `unlock: false` leaves the lock screen to the test.
// Returns {context, page, log, problems, requests, close}. `log` is every console line; `problems` collects
// page errors, console errors, failed loads and requests outside `origin`; `requests` is every request the
// pages and their service worker made, as {url, sw}.
export async function launch(profileDir, origin, { viewport = { width: 1280, height: 800 }, unlock = true } = {}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  if (unlock) await context.addInitScript(autoUnlockScript, TEST_PASSPHRASE);
  const log = [];
  const problems = [];
  const requests = [];
  const watch = (page) => {
    page.on('console', (m) => {
      log.push(`[${m.type()}] ${m.text()}`);
      const from = m.location() && m.location().url ? m.location().url : '';
      if (from.endsWith('/api/v1/health') || from.endsWith('/api/v1/profile')) return;   // the browser's note on the 404s below
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  // Context-level: pages and service workers alike.
  // The outbox asks /api/v1/health where a profile is imported and bundles wait (web/sipfield-outbox.js): the
  // plain test server is no office server and answers 404, as a web server without the office API would.
  context.on('response', (r) => {
    // So does the profile a click on Planpaket's "Hämta kontorets profil" asks for (the monkey test finds it).
    if (r.status() === 404 && ['/api/v1/health', '/api/v1/profile'].includes(new URL(r.url()).pathname)) return;
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  context.on('request', (r) => {
    const u = r.url();
    requests.push({ url: u, sw: !!r.serviceWorker() });
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`foreign request: ${u}`);
  });
  const page = context.pages()[0] || (await context.newPage());
  const session = { context, page, log, problems, requests, profileDir };
  session.close = async () => { open.delete(session); await context.close(); };
  open.add(session);
  return session;
}

// Every session still open. A test that times out never reaches its `finally`; its browser stayed open and
// the file's process with it, so one hang stalled the whole run. The end of each test file closes what is left
// (a browser that does not close within 20 s is killed), so a hang fails its test and the run goes on. Only
// under the test runner: a benchmark that uses this harness is no test file.
const open = new Set();
if (process.env.NODE_TEST_CONTEXT) after(async () => {
  for (const s of [...open]) {
    const closed = await Promise.race([
      s.close().then(() => true, () => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 20000).unref()),
    ]);
    if (!closed) {
      try { execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${s.profileDir}`]); } catch (e) { /* gone already */ }
    }
  }
});

// A tab on `url` (a plain file of the app, e.g. style.css) where no app runs: for reaching the origin's
// storage and service worker from outside the app. The browser's favicon request for it is answered here.
export async function openPlainPage(context, url) {
  const page = await context.newPage();
  await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
  await page.goto(url);
  return page;
}

// Waits until a service worker controls `page` (after the first visit's install and clients.claim()).
export async function waitForServiceWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20000 });
}

// A click on the ImGui canvas: ImGui samples the mouse once per frame, so move, press and release each get
// a frame of their own.
export async function clickAt(page, x, y) {
  await page.mouse.move(x, y);
  await page.waitForTimeout(50);
  await page.mouse.down();
  await page.waitForTimeout(50);
  await page.mouse.up();
  await settle(page);
}

// Lets the app draw the frames that follow an input (it draws a few frames after each input event, on
// animation frames): a wiggle of the mouse where it is, then a few animation frames.
export async function settle(page, frames = 4) {
  await page.evaluate(async (n) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    for (let i = 0; i < n; i++) await frame();
    // ImGui takes one change per key or button per frame: then until the app has taken every input event.
    const pending = () => { try { return window.sipfield.inputPending(); } catch (e) { return false; } };
    for (let i = 0; i < 240 && pending(); i++) await frame();
    if (n > 1) await frame();
  }, frames);
}

// Where the widget labelled `label` was drawn in the last frame ({x, y, w, h}, CSS pixels: the part its window
// shows), the `index`-th of that label (src/ui/locator.h; form fields are found by the label above them). Waits
// a few frames for it, and scrolls its window with the mouse wheel, as a person would, until it is in view.
export async function locate(page, label, index = 0) {
  await page.evaluate(() => window.sipfield.enableLocator(true));
  for (let i = 0; i < 40; i++) {
    await settle(page, 2);   // the last complete frame reflects everything done so far
    const all = await page.evaluate((l) => window.sipfield.locate(l), label);
    if (all.length > index) {
      const r = all[index];
      if (r.h >= r.full_h - 1 && r.h > 0) return r;
      // In part (or wholly) out of view: wheel over the visible part of its window toward it.
      const above = r.full_y < r.y;
      const at = r.h > 0 ? { x: r.x + Math.min(r.w / 2, 40), y: r.y + r.h / 2 } : { x: 640, y: 400 };
      await page.mouse.move(at.x, at.y);
      await page.mouse.wheel(0, above ? -120 : 120);
      continue;
    }
    // Not drawn at all: it may be scrolled out of view (ImGui skips what its window cannot show). Wheel the
    // main panel down a few steps, then up, as a person looking for it would.
    if (i >= 8) {   // (first give a busy machine time to draw what the last input opened)
      await page.mouse.move(760, 420);
      await page.mouse.wheel(0, i < 26 ? 240 : -480);
    } else {
      await page.evaluate(() => { window.dispatchEvent(new Event('focus')); });   // wakes a frame, moves nothing
    }
    await page.waitForTimeout(50);
  }
  throw new Error(`no widget labelled "${label}" (#${index}) on screen`);
}

// A click in the middle of the widget labelled `label` (see locate()).
export async function clickLabel(page, label, index = 0) {
  const r = await locate(page, label, index);
  await clickAt(page, r.x + Math.min(r.w / 2, 40), r.y + r.h / 2);
  return r;
}

// Clicks the text field labelled `label` and types `text` through the keyboard (characters outside US ASCII
// arrive through the text bridge as a keyboard layout or an IME would deliver them).
// After a button: the frames that carry the click are drawn and the write it made is stored.
export async function done(page) {
  await settle(page);
  await page.waitForFunction(() => window.sipfield.storage().inflight === 0, null, { timeout: 10000 });
  await settle(page);
}

// Picks `option` in the drop-down labelled `label`.
export async function choose(page, label, option, index = 0) {
  // The list opens on the click; a click the app did not take (the page was still settling) is repeated.
  for (let k = 0; k < 3; k++) {
    await clickLabel(page, label, index);
    for (let w = 0; w < 10; w++) {
      await settle(page, 2);
      if ((await page.evaluate((o) => window.sipfield.locate(o).length, option)) > 0) {
        await clickLabel(page, option);
        await settle(page);
        return;
      }
    }
    await page.keyboard.press('Escape');
  }
  throw new Error(`the list "${label}" did not offer "${option}"`);
}

export async function typeInto(page, label, text, { index = 0, clear = false } = {}) {
  // A click the app did not see as one (the field moved while the page scrolled it into view) is repeated.
  for (let attempt = 1; ; attempt++) {
    await clickLabel(page, label, index);
    try {
      await page.waitForFunction(() => window.sipfield.status().want_text, null, { timeout: 2000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  if (clear) {
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
  }
  await page.keyboard.type(text, { delay: 15 });
  await page.waitForTimeout(80);
}

// Opens the app and waits for window.sipfield.ready; returns what ready resolved with.
export async function openApp(page, url) {
  await page.goto(url);
  return page.evaluate(() => window.sipfield.ready);
}

// Polls `read` (an async function) until `ok(value)` holds or `ms` pass; returns the last value read. For what
// the app does over several frames after input (ImGui takes one change per key per frame): assert on the result.
export async function eventually(read, ok, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function dispatch(page, request) {
  return page.evaluate((r) => window.sipfield.dispatch(r), request);
}

// The result of a dispatch() response; throws with its error when it was refused.
export function resultOf(response) {
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result;
}

// The lock screen's state: {mode, failures, wait_ms} (web/sipfield-pre.js, window.sipfield.lockState).
export const lockState = (page) => page.evaluate(() => window.sipfield.lockState());

// A case invited to its meeting, set up through dispatch() (the walks that start there: meeting.test.mjs,
// papers.test.mjs): Arvid Testsson (or `owner`), prepared, Olle (home care) and Sara (the convener, social
// services) as participants, written consent, the invitation sent today. Returns { id, olle, sara }.
export async function invitedCase(page, { owner = {}, on = new Date().toISOString().slice(0, 10) } = {}) {
  const d = async (request) => {
    const r = await dispatch(page, request);
    if (!r.ok) throw new Error(`${request.cmd}: ${JSON.stringify(r.error)}`);
    return r.result;
  };
  await d({ cmd: 'settings.set', key: 'staff.name', value: 'Olle Omsorgshandledare' });
  const id = (await d({ cmd: 'case.create', noticed_by: 'home_care', noticed_on: on,
                        owner: { name: 'Arvid Testsson', identity_number: '19821105-9954', ...owner } })).case_id;
  await d({ cmd: 'preparation.start', case_id: id });
  await d({ cmd: 'preparation.update', case_id: id, what_matters: 'Jag vill bo kvar hemma' });
  const olle = (await d({ cmd: 'participant.add', case_id: id, name: 'Olle Omsorgshandledare', organisation: 'Hemtjänsten',
                          huvudman: 'municipality' })).participant_id;
  const sara = (await d({ cmd: 'participant.add', case_id: id, name: 'Sara Socialsekreterare', organisation: 'Socialtjänsten',
                          huvudman: 'municipality' })).participant_id;
  await d({ cmd: 'convener.set', case_id: id, name: 'Sara Socialsekreterare', organisation: 'Socialtjänsten',
            role: 'socialsekreterare' });
  await d({ cmd: 'consent.record', case_id: id, given_by: 'person', form: 'written', documented_by: 'Olle Omsorgshandledare',
            documented_on: on, valid_from: on, covers: ['Hemtjänsten', 'Socialtjänsten'] });
  await d({ cmd: 'invitation.update', case_id: id, purpose: 'Att Arvid kan bo kvar hemma', place: 'Hemma hos Arvid',
            meeting_at: `${on}T10:00`, invitees: [olle, sara] });
  await d({ cmd: 'invitation.send', case_id: id, sent_on: on });
  return { id, olle, sara };
}

// Throws with the page's console log when the page misbehaved.
export function assertClean(session, what = 'page') {
  if (session.problems.length) {
    throw new Error(`${what} misbehaved:\n  ${session.problems.join('\n  ')}\n--- console log ---\n  ${session.log.join('\n  ')}`);
  }
}

export function tmpName(prefix) {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${os.hostname().length}`;
}

// The app's files in the origin's private file system (web/opfs-worker.js keeps sipfield.db and
// sipfield.db-log open while the app runs; call these from a page where no app runs, or for other files).
// A file still held by a closing app's worker is retried for a few seconds.
export const opfs = {
  // [{name, size}] of every file, sorted by name.
  list: (page) => page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const out = [];
    for await (const [name, h] of root.entries()) if (h.kind === 'file') out.push({ name, size: (await h.getFile()).size });
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  }),
  // The bytes of a file as an array, or null when there is none.
  read: (page, name) => page.evaluate(async (n) => {
    const root = await navigator.storage.getDirectory();
    let h;
    try { h = await root.getFileHandle(n); } catch (e) { if (e.name === 'NotFoundError') return null; throw e; }
    for (let i = 0; ; i++) {
      try { return Array.from(new Uint8Array(await (await h.getFile()).arrayBuffer())); } catch (e) {
        if (i > 60 || e.name !== 'NoModificationAllowedError') throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }, name),
  // The file's lastModified time (ms), or null.
  modified: (page, name) => page.evaluate(async (n) => {
    const root = await navigator.storage.getDirectory();
    try { return (await (await root.getFileHandle(n)).getFile()).lastModified; } catch { return null; }
  }, name),
  // Writes a whole file (from a page where no app runs).
  write: (page, name, bytes) => page.evaluate(async ([n, b]) => {
    const root = await navigator.storage.getDirectory();
    const w = await (await root.getFileHandle(n, { create: true })).createWritable();
    await w.write(new Uint8Array(b));
    await w.close();
  }, [name, bytes]),
  // Overwrites bytes [from, to) of a file with 0xA5 (damage on disk, underneath the app). Returns the new bytes.
  damage: (page, name, from, to) => page.evaluate(async ([n, a, b]) => {
    const root = await navigator.storage.getDirectory();
    const h = await root.getFileHandle(n);
    for (let i = 0; ; i++) {
      try {
        const w = await h.createWritable({ keepExistingData: true });
        const size = (await h.getFile()).size;
        await w.write({ type: 'write', position: a, data: new Uint8Array(Math.max(0, Math.min(b, size) - a)).fill(0xa5) });
        await w.close();
        break;
      } catch (e) {
        if (i > 60 || e.name !== 'NoModificationAllowedError') throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return Array.from(new Uint8Array(await (await h.getFile()).arrayBuffer()));
  }, [name, from, to]),
};

// A database written by an older version (schema 1, unencrypted) into `file`; false when neither python3 nor
// sqlite3 is installed to write it.
export function makeSchema1Database(file) {
  const sql = fs.readFileSync(path.join(ROOT, 'src/store/migrations/0001_init.sql'), 'utf8');
  const script = `${sql}
INSERT INTO migration_history(version, name, applied_at) VALUES (1, '0001_init', '2026-01-05T08:00:00.000Z');
INSERT INTO meta(key, value) VALUES ('version', '1'), ('last_compatible_version', '1');
INSERT INTO settings(key, value, updated_at) VALUES ('staff.name', 'Gammal Data', '2026-01-05T08:00:00.000Z');
`;
  const py = 'import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nc.executescript(sys.stdin.read())\nc.commit()\nc.close()\n';
  for (const [cmd, args] of [['python3', ['-c', py, file]], ['sqlite3', [file]]]) {
    try {
      execFileSync(cmd, args, { input: script, stdio: ['pipe', 'ignore', 'pipe'] });
      return true;
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
  }
  return false;
}

// IDBFS's layout, as the IndexedDB version of the app (Emscripten IDBFS mounted at /data) left it: database
// "/data", version 21, store FILE_DATA of {timestamp, mode, contents} keyed by path.
export const idbfs = {
  put: (page, key, bytes) => page.evaluate(([k, b]) => new Promise((resolve, reject) => {
    const req = indexedDB.open('/data', 21);
    req.onerror = () => reject(req.error);
    req.onupgradeneeded = () => req.result.createObjectStore('FILE_DATA').createIndex('timestamp', 'timestamp', { unique: false });
    req.onsuccess = () => {
      const tx = req.result.transaction('FILE_DATA', 'readwrite');
      tx.objectStore('FILE_DATA').put({ timestamp: new Date(), mode: 33206, contents: new Uint8Array(b) }, k);
      tx.oncomplete = () => { req.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), [key, bytes]),
  read: (page, key) => page.evaluate((k) => new Promise((resolve, reject) => {
    const req = indexedDB.open('/data');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const get = req.result.transaction('FILE_DATA').objectStore('FILE_DATA').get(k);
      get.onsuccess = () => {
        req.result.close();
        const v = get.result;
        resolve(v ? { at: v.timestamp.getTime(), bytes: Array.from(v.contents || []) } : null);
      };
      get.onerror = () => reject(get.error);
    };
  }), key),
  exists: (page) => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === '/data')),
};
