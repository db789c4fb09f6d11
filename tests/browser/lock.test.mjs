// The lock and encryption at rest in the browser (issue 13): the first start's passphrase typed on the canvas,
// nothing readable in any stored byte of the profile afterwards, a wrong passphrase refused with a back-off
// that survives a reload, Ctrl+L and the idle lock wiping every secret and resuming the screen, and the
// adoption of an earlier version's plain database, killed after each of its steps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  OUT, serveApp, freshProfile, launch, dispatch, assertClean, screenshotPath, openPlainPage, opfs, typeInto,
  clickLabel, settle, eventually, makeSchema1Database, TEST_PASSPHRASE, resultOf as must, lockState,
} from './harness.mjs';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });


async function started(page) {
  await page.goto(server.url);
  await page.evaluate(() => window.sipfield.started);
  return lockState(page);
}

// Fictional people (../shared/testdata/personnummer-list.json) and free text, in every spelling a search of
// the stored bytes should find.
const NAME = 'Greta Lindqvistsson';
const PNR = { long_format: '190905271474', short_format: '0905271474', separated_format: '090527+1474',
  separated_long: '19090527+1474' };
const FREE_TEXT = 'Vill gärna fortsätta promenera till Nybrokajen varje tisdag';
const NEEDLES = [NAME, FREE_TEXT, 'Lindqvistsson', 'Nybrokajen', ...Object.values(PNR)];

// Every byte of the profile's OPFS files, IndexedDB databases and web storage, read from a tab where no app
// runs: {where → Buffer}.
async function profileBytes(page) {
  const out = {};
  for (const f of await opfs.list(page)) out[`opfs:${f.name}`] = Buffer.from(await opfs.read(page, f.name));
  const idb = await page.evaluate(async () => {
    const dump = {};
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((res, rej) => { const r = indexedDB.open(name); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      for (const store of db.objectStoreNames) {
        const all = await new Promise((res, rej) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error);
        });
        // Values as JSON, binary parts as latin1 text of their bytes (a plain name in them stays findable).
        dump[`${name}/${store}`] = JSON.stringify(all, (k, v) => {
          if (v instanceof ArrayBuffer) v = new Uint8Array(v);
          if (ArrayBuffer.isView(v)) return String.fromCharCode(...new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
          return v;
        });
      }
      db.close();
    }
    return dump;
  });
  for (const [k, v] of Object.entries(idb)) out[`idb:${k}`] = Buffer.from(v, 'latin1');
  const web = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  out.webstorage = Buffer.from(web, 'utf8');
  return out;
}

// A first start through window.sipfield.setPassphrase (the typed one is the first test's), then one write.
async function protectAndWrite(page) {
  assert.equal((await started(page)).mode, 'create');
  assert.deepEqual(await page.evaluate((p) => window.sipfield.setPassphrase(p), TEST_PASSPHRASE), { ok: true });
  must(await dispatch(page, { cmd: 'settings.set', key: 'staff.name', value: NAME }));
}

function findNeedles(files) {
  const hits = [];
  for (const [where, bytes] of Object.entries(files)) {
    for (const n of NEEDLES) {
      for (const enc of ['utf8', 'utf16le']) if (bytes.includes(Buffer.from(n, enc))) hits.push(`${n} (${enc}) in ${where}`);
    }
  }
  return hits;
}

test('the first start asks for a passphrase on the canvas; no stored byte of the profile reveals what was written', async () => {
  const profile = freshProfile('lock-first');
  let s = await launch(profile, server.url, { unlock: false });
  try {
    const page = s.page;
    assert.equal((await started(page)).mode, 'create');
    await settle(page);
    await page.screenshot({ path: screenshotPath('lock-first-start') });
    // Too short: refused by the rules, nothing created.
    await typeInto(page, 'Lösenfras', 'kort');
    await typeInto(page, 'Upprepa lösenfrasen', 'kort');
    await clickLabel(page, 'Skydda och öppna');
    await settle(page);
    assert.equal((await lockState(page)).mode, 'create');
    await typeInto(page, 'Lösenfras', TEST_PASSPHRASE, { clear: true });
    await typeInto(page, 'Upprepa lösenfrasen', TEST_PASSPHRASE, { clear: true });
    await page.keyboard.press('Enter');
    const ready = await page.evaluate(() => window.sipfield.ready);
    assert.equal(ready.dbOpen, true, ready.error);

    must(await dispatch(page, { cmd: 'settings.set', key: 'staff.name', value: NAME }));
    const caseId = must(await dispatch(page, {
      cmd: 'case.create', owner: { name: NAME, identity_number: PNR.separated_long },
      noticed_by: 'home_care', noticed_on: '2026-11-02',
    })).case_id;
    must(await dispatch(page, { cmd: 'preparation.start', case_id: caseId }));
    must(await dispatch(page, { cmd: 'preparation.update', case_id: caseId, what_matters: FREE_TEXT }));
    for (const spelling of Object.values(PNR)) {
      must(await dispatch(page, { cmd: 'participant.add', case_id: caseId, name: `${NAME} ${spelling}`, huvudman: 'municipality' }));
    }
    // One part folded into the base file, the rest left in the log.
    assert.equal(await page.evaluate(() => window.sipfield.checkpoint()), true);
    must(await dispatch(page, { cmd: 'settings.set', key: 'staff.name', value: `${NAME} (${PNR.short_format})` }));
    await page.waitForFunction(() => window.sipfield.storage().inflight === 0);
    // A backup's passphrase and content stay out of the profile too (a download is the user's file).
    await s.close();

    s = await launch(profile, server.url, { unlock: false });
    const plain = await openPlainPage(s.context, `${server.url}style.css`);
    const files = await profileBytes(plain);
    assert.ok(files['opfs:sipfield.db'] && files['opfs:sipfield.db'].subarray(0, 4).toString('latin1') === 'SIPE');
    assert.ok(files['opfs:sipfield.db-key'], Object.keys(files).join(' '));
    assert.ok(files['opfs:sipfield.db-log'].length > 0, 'the last write is not in the log');
    assert.deepEqual(findNeedles(files), []);
    await plain.close();

    // The unlock screen, typed: the data is back.
    const again = await s.context.newPage();
    assert.equal((await started(again)).mode, 'unlock');
    await typeInto(again, 'Lösenfras', TEST_PASSPHRASE);
    await again.keyboard.press('Enter');
    assert.equal((await again.evaluate(() => window.sipfield.ready)).dbOpen, true);
    assert.equal(must(await dispatch(again, { cmd: 'settings.get', key: 'staff.name' })).value, `${NAME} (${PNR.short_format})`);
    assert.equal(must(await dispatch(again, { cmd: 'case.get', case_id: caseId })).case.owner.name, NAME);
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('a wrong passphrase is refused and counted; the wait after five survives a reload; Ctrl+L wipes every secret and the unlock resumes the screen', async () => {
  const profile = freshProfile('lock-wrong');
  const s = await launch(profile, server.url, { unlock: false });
  try {
    const page = s.page;
    await protectAndWrite(page);
    await clickLabel(page, 'Inställningar');
    const screen = (await page.evaluate(() => window.sipfield.status())).screen;

    // Ctrl+L: the database closes, the keys and the decrypted pages are gone (the reload held to look).
    await page.evaluate(() => { window.sipfieldTestHoldReload = true; });
    await page.keyboard.press('Control+L');
    assert.equal(await eventually(() => page.evaluate(() => window.sipfield.storage().locked), (v) => v === true), true);
    assert.deepEqual(await page.evaluate(() => window.sipfield.secretsHeld()), { key: false, device_key: false, pages: 0, store: false });
    assert.equal((await dispatch(page, { cmd: 'settings.get', key: 'staff.name' })).error.code, 'not_ready');
    await page.reload();
    assert.equal((await started(page)).mode, 'unlock');
    // Nothing of the database in the fresh page's heap before the unlock.
    const heap = await page.evaluate((needle) => {
      const n = new TextEncoder().encode(needle);
      const h = HEAPU8;
      for (let i = h.indexOf(n[0]); i >= 0 && i <= h.length - n.length; i = h.indexOf(n[0], i + 1)) {
        let k = 1;
        while (k < n.length && h[i + k] === n[k]) k++;
        if (k === n.length) return true;
      }
      return false;
    }, 'Lindqvistsson');
    assert.equal(heap, false);

    // A wrong passphrase typed on the canvas, then the right one: the first key of the second try is not lost.
    await typeInto(page, 'Lösenfras', 'fel lösenfras helt och hållet');
    await page.keyboard.press('Enter');
    assert.equal((await eventually(() => lockState(page), (v) => v.failures === 1)).failures, 1);
    await settle(page);
    await page.screenshot({ path: screenshotPath('lock-wrong-passphrase') });
    await typeInto(page, 'Lösenfras', TEST_PASSPHRASE);
    await page.keyboard.press('Enter');
    const ready = await page.evaluate(() => window.sipfield.ready);
    assert.equal(ready.dbOpen, true, ready.error);
    assert.equal((await page.evaluate(() => window.sipfield.status())).screen, screen, 'not back on Inställningar');
    assert.equal(must(await dispatch(page, { cmd: 'settings.get', key: 'staff.name' })).value, NAME);

    // Five wrong ones: refused, nothing changed, and a wait of 30 s that a reload does not reset.
    await page.evaluate(() => window.sipfield.lock());
    await page.waitForFunction(() => document.readyState === 'complete' && window.sipfield && window.sipfield.lockState);
    await page.waitForLoadState('load');
    assert.equal((await started(page)).mode, 'unlock');
    for (let i = 1; i <= 5; i++) {
      const r = await page.evaluate(() => window.sipfield.unlock('inte den här lösenfrasen'));
      assert.equal(r.code, 'wrong_passphrase');
    }
    let st = await lockState(page);
    assert.equal(st.failures, 5);
    assert.ok(st.wait_ms > 25000 && st.wait_ms <= 30000, JSON.stringify(st));
    await page.reload();
    st = await started(page);
    assert.equal(st.failures, 5);
    assert.ok(st.wait_ms > 20000, JSON.stringify(st));
    assert.equal((await page.evaluate((p) => window.sipfield.unlock(p), TEST_PASSPHRASE)).code, 'unlock_wait');
    await settle(page);
    await page.screenshot({ path: screenshotPath('lock-back-off') });
    // The wait over (its start moved back, as 30 s passing would): the right passphrase opens, the count resets.
    await page.evaluate(() => localStorage.setItem('sipfield.unlock-failed-at', String(Date.now() - 31000)));
    await page.reload();
    await started(page);
    assert.deepEqual(await page.evaluate((p) => window.sipfield.unlock(p), TEST_PASSPHRASE), { ok: true });
    assert.equal((await lockState(page)).failures, 0);
    assert.equal(await page.evaluate(() => localStorage.getItem('sipfield.unlock-failures')), null);
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('Inställningar changes the passphrase: the old one no longer opens, the new one opens the same data', async () => {
  const NEW = 'en helt ny lösenfras för testet';
  const profile = freshProfile('lock-change');
  const s = await launch(profile, server.url, { unlock: false });
  try {
    const page = s.page;
    await protectAndWrite(page);
    // (A second tab hides the app's, whose frames then stop: each look at the files opens and closes one.)
    const files = async (fn) => {
      const plain = await openPlainPage(s.context, `${server.url}style.css`);
      try { return await fn(plain); } finally { await plain.close(); await page.bringToFront(); }
    };
    const readKey = () => files((p) => opfs.read(p, 'sipfield.db-key'));
    const keyBefore = await readKey();
    await clickLabel(page, 'Inställningar');
    // A wrong current passphrase: refused, the key file untouched.
    await typeInto(page, 'Nuvarande lösenfras', 'inte min lösenfras alls');
    await typeInto(page, 'Ny lösenfras', NEW);
    await typeInto(page, 'Upprepa den nya lösenfrasen', NEW);
    await clickLabel(page, 'Byt lösenfras');
    await settle(page, 8);
    await page.waitForFunction(() => window.sipfield.storage().inflight === 0);
    assert.deepEqual(await readKey(), keyBefore);
    await typeInto(page, 'Nuvarande lösenfras', TEST_PASSPHRASE);
    await typeInto(page, 'Ny lösenfras', NEW);
    await typeInto(page, 'Upprepa den nya lösenfrasen', NEW);
    await clickLabel(page, 'Byt lösenfras');
    await settle(page, 8);
    await page.waitForFunction(() => window.sipfield.storage().inflight === 0);
    const changed = JSON.stringify(await readKey()) !== JSON.stringify(keyBefore);
    assert.equal(changed, true, 'the key file was not rewritten');
    await page.screenshot({ path: screenshotPath('lock-passphrase-changed') });
    await page.reload();
    assert.equal((await started(page)).mode, 'unlock');
    assert.equal((await page.evaluate((p) => window.sipfield.unlock(p), TEST_PASSPHRASE)).code, 'wrong_passphrase');
    assert.deepEqual(await page.evaluate((p) => window.sipfield.unlock(p), NEW), { ok: true });
    assert.equal(must(await dispatch(page, { cmd: 'settings.get', key: 'staff.name' })).value, NAME);
    const names = (await files((p) => opfs.list(p))).map((f) => f.name);
    assert.ok(!names.includes('sipfield.db-key.tmp'), names.join(' '));
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('what was typed and not saved: closing the tab asks first; it survives Ctrl+L, sealed (no question then), back in its field after the unlock, never in plain form', async () => {
  const TYPED = 'Vill odla tomater på balkongen i Nybrokajen';
  const profile = freshProfile('lock-input');
  const s = await launch(profile, server.url, { unlock: false });
  try {
    const page = s.page;
    await protectAndWrite(page);
    const id = must(await dispatch(page, {
      cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-30',
      owner: { name: NAME, identity_number: PNR.long_format },
    })).case_id;
    must(await dispatch(page, { cmd: 'preparation.start', case_id: id }));
    await clickLabel(page, 'Översikt');
    await clickLabel(page, NAME);
    await clickLabel(page, 'Förberedelse');
    await typeInto(page, 'Med den enskildes egna ord', TYPED);
    await settle(page);
    assert.ok((await page.evaluate(() => window.sipfield.locateAll())).some((l) => l.label.startsWith('Osparade ändringar')));
    const screen = (await page.evaluate(() => window.sipfield.status())).screen;
    // Closing the tab now would lose what was typed: the browser asks first; staying keeps it in its field.
    const asked = new Promise((resolve) => page.once('dialog', async (d) => { resolve(d.type()); await d.dismiss(); }));
    await page.close({ runBeforeUnload: true });
    assert.equal(await Promise.race([asked, new Promise((r) => setTimeout(() => r('no question'), 10000))]), 'beforeunload');
    await settle(page);
    assert.equal((await page.evaluate(() => window.sipfield.status())).unsaved_input, true);

    await page.evaluate(() => { window.sipfieldTestHoldReload = true; });
    await page.keyboard.press('Control+L');
    assert.equal(await eventually(() => page.evaluate(() => window.sipfield.storage().locked), (v) => v === true), true);
    // The note is in the tab's session storage, sealed: neither the typed text nor the name in any web storage.
    const web = await page.evaluate(() => JSON.stringify([{ ...sessionStorage }, { ...localStorage }]));
    assert.ok(web.includes('sipfield.resume'), 'no resume note');
    for (const needle of [TYPED, 'tomater', NAME, PNR.long_format]) assert.ok(!web.includes(needle), `${needle} in web storage`);

    await page.reload();
    assert.equal((await started(page)).mode, 'unlock');
    await typeInto(page, 'Lösenfras', TEST_PASSPHRASE);
    await page.keyboard.press('Enter');
    assert.equal((await page.evaluate(() => window.sipfield.ready)).dbOpen, true);
    await settle(page);
    assert.equal((await page.evaluate(() => window.sipfield.status())).screen, screen, 'not back on the case');
    const labels = (await page.evaluate(() => window.sipfield.locateAll())).map((l) => l.label);
    assert.ok(labels.some((l) => l.startsWith('Osparade ändringar')), 'the unsaved input is not back');
    assert.ok(labels.includes('Med den enskildes egna ord'), 'not back on Förberedelse');
    await page.screenshot({ path: screenshotPath('lock-input-resumed') });
    // Saved only now, by the user: exactly what was typed before the lock.
    assert.equal(must(await dispatch(page, { cmd: 'case.get', case_id: id })).case.preparation.what_matters, '');
    await page.keyboard.press('Control+S');
    await settle(page);
    assert.equal(must(await dispatch(page, { cmd: 'case.get', case_id: id })).case.preparation.what_matters, TYPED);
    assertClean(s);
  } finally {
    await s.close();
  }
});

// (A timeout: one run in a working tree once hung here for over ten minutes, not reproduced since; a hang must
// fail the run, not stall it.)
test('the app locks itself after the idle time (a fake clock) and says why', { timeout: 120000 }, async () => {
  const profile = freshProfile('lock-idle');
  const s = await launch(profile, server.url);
  try {
    const page = s.page;
    await page.clock.install();
    await page.goto(server.url);
    assert.equal((await page.evaluate(() => window.sipfield.ready)).dbOpen, true);
    await clickLabel(page, 'Planpaket');
    const screen = (await page.evaluate(() => window.sipfield.status())).screen;
    // Nine minutes without input: still open.
    await page.clock.fastForward('09:00');
    await settle(page);
    assert.equal((await page.evaluate(() => window.sipfield.lockState())).mode, 'open');
    await page.evaluate(() => { window.sipfieldTestHoldReload = true; });
    await page.clock.fastForward('01:10');
    assert.equal(await eventually(() => page.evaluate(() => window.sipfield.storage().locked), (v) => v === true), true);
    assert.deepEqual(await page.evaluate(() => window.sipfield.secretsHeld()), { key: false, device_key: false, pages: 0, store: false });
    // The lock screen after the reload says why ("Appen låstes eftersom den inte användes på en stund.").
    assert.equal(await page.evaluate(() => sessionStorage.getItem('sipfield.locked-by-idle')), '1');
    await page.reload();
    assert.equal((await page.evaluate(() => window.sipfield.ready)).dbOpen, true);   // the harness unlocks
    assert.equal(await page.evaluate(() => sessionStorage.getItem('sipfield.locked-by-idle')), null);
    assert.equal((await page.evaluate(() => window.sipfield.status())).screen, screen);
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('adopting an earlier version\'s plain database survives a kill after every step: the old database or the new, never a mix', async (t) => {
  const file = path.join(fs.mkdtempSync(path.join(OUT, 'db-')), 'v1.db');
  if (!makeSchema1Database(file)) { t.skip('neither python3 nor sqlite3 is installed'); return; }
  const v1 = [...fs.readFileSync(file)];
  for (const step of [1, 2, 3, 4, 5]) {
    const profile = freshProfile(`lock-adopt-${step}`);
    let s = await launch(profile, server.url, { unlock: false });
    try {
      const plain = await openPlainPage(s.context, `${server.url}style.css`);
      await opfs.write(plain, 'sipfield.db', v1);
      await opfs.write(plain, 'sipfield.opfs-ready', [...Buffer.from('opfs 1\n')]);
      await plain.close();
      await s.context.addInitScript((n) => { window.sipfieldTestSealStop = n; }, step);
      const page = s.page;
      assert.equal((await started(page)).mode, 'adopt');
      // The worker stops after `step` (never answers): the tab is killed there.
      page.evaluate((p) => window.sipfield.setPassphrase(p), TEST_PASSPHRASE).catch(() => {});
      await page.waitForTimeout(1500);
    } finally {
      await s.close();
    }
    s = await launch(profile, server.url);
    try {
      const ready = await s.page.goto(server.url).then(() => s.page.evaluate(() => window.sipfield.ready));
      assert.equal(ready.dbOpen, true, `after step ${step}: ${ready.error}`);
      assert.equal(must(await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' })).value, 'Gammal Data');
      await s.page.waitForFunction(() => window.sipfield.storage().inflight === 0);
      const plain = await openPlainPage(s.context, `${server.url}style.css`);
      const names = (await opfs.list(plain)).map((f) => f.name);
      for (const n of names) {
        const head = Buffer.from(await opfs.read(plain, n)).subarray(0, 16).toString('latin1');
        assert.notEqual(head, 'SQLite format 3\0', `a plain database left as ${n} after step ${step}`);
      }
      for (const n of ['sipfield.db.seal-tmp', 'sipfield.db.plain-old', 'sipfield.db-key.tmp']) assert.ok(!names.includes(n), `${n} left`);
      assertClean(s);
    } finally {
      await s.close();
    }
  }
});
