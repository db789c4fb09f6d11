// Backup round trip between two fresh browser profiles (issue #4): profile A writes data and exports it with
// dispatch backup.export; profile B, another browser launch, refuses a wrong passphrase, a damaged and a
// foreign file without changing anything, then restores the right one — A's data is in B, durably (after a
// reload), and B's own earlier database is kept aside in OPFS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, openPlainPage, opfs, clickLabel, screenshotPath,
         resultOf as must } from './harness.mjs';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

const PASSPHRASE = 'korrekt häst batteri häftklammer';

const restore = (page, bytes, passphrase) =>
  page.evaluate(([b, p]) => window.sipfield.restoreBackup(new Uint8Array(b), p), [Array.from(bytes), passphrase]);

async function snapshot(page) {
  return {
    name: must(await dispatch(page, { cmd: 'settings.get', key: 'staff.name' })).value,
    cases: must(await dispatch(page, { cmd: 'case.list' })).cases.map((c) => c.case_id),
  };
}

test('a backup made in one profile restores in another; wrong passphrase, damaged and foreign files change nothing', async () => {
  // --- Profile A: data, then the backup file.
  let file;
  let caseId;
  const a = await launch(freshProfile('backup-a'), server.url);
  try {
    assert.equal((await openApp(a.page, server.url)).dbOpen, true);
    must(await dispatch(a.page, { cmd: 'settings.set', key: 'staff.name', value: 'Anna Andersson' }));
    caseId = must(await dispatch(a.page, {
      cmd: 'case.create', owner: { name: 'Arvid Testsson', identity_number: '19821105-9954' },
      noticed_by: 'home_care', noticed_on: '2026-11-02',
    })).case_id;
    const weak = await dispatch(a.page, { cmd: 'backup.export', passphrase: 'kort' });
    assert.equal(weak.error.code, 'backup_weak_passphrase');
    const out = must(await dispatch(a.page, { cmd: 'backup.export', passphrase: PASSPHRASE }));
    assert.match(out.file_name, /^sipfield-\d{4}-\d{2}-\d{2}\.sipbackup$/);
    file = Buffer.from(out.file, 'base64');
    assert.equal(file.length, out.size);
    assert.equal(file.subarray(0, 18).toString('latin1'), 'SIPFIELD-BACKUP-1\n');
    assert.ok(!file.includes(Buffer.from('Anna Andersson')), 'the backup is not encrypted');
    assertClean(a, 'profile A');
  } finally {
    await a.close();
  }

  // --- Profile B: its own data first.
  const profileB = freshProfile('backup-b');
  let b = await launch(profileB, server.url);
  try {
    assert.equal((await openApp(b.page, server.url)).dbOpen, true);
    must(await dispatch(b.page, { cmd: 'settings.set', key: 'staff.name', value: 'Bertil Berg' }));
    const own = await snapshot(b.page);
    assert.deepEqual(own, { name: 'Bertil Berg', cases: [] });
    const posted = (await b.page.evaluate(() => window.sipfield.storage())).posted;

    const damaged = Buffer.from(file.subarray(0, file.length - 100));
    const foreign = Buffer.from('SQLite format 3\0 – inte en säkerhetskopia');
    const refusals = [
      [file, 'fel lösenfras helt och hållet', 'backup_wrong_passphrase'],
      [damaged, PASSPHRASE, 'backup_damaged'],
      [foreign, PASSPHRASE, 'backup_not_a_backup'],
    ];
    for (const [bytes, pass, code] of refusals) {
      const r = await restore(b.page, bytes, pass);
      assert.deepEqual(r, { ok: false, code });
      assert.deepEqual(await snapshot(b.page), own, `${code} changed the database`);
    }
    // Nothing was written to storage by the refused restores (the reads above write nothing either).
    assert.equal((await b.page.evaluate(() => window.sipfield.storage())).posted, posted);

    // The right passphrase: A's data, durably.
    assert.deepEqual(await restore(b.page, file, PASSPHRASE), { ok: true });
    assert.deepEqual(await snapshot(b.page), { name: 'Anna Andersson', cases: [caseId] });
    assert.equal((await b.page.evaluate(() => window.sipfield.saveState())).state, 'saved');
    // The restored database takes writes like any other.
    must(await dispatch(b.page, { cmd: 'settings.set', key: 'staff.unit', value: 'Hemtjänsten Öster' }));
    assert.equal(must(await dispatch(b.page, { cmd: 'audit.verify' })).ok, true);

    await b.page.reload();
    assert.equal((await b.page.evaluate(() => window.sipfield.ready)).dbOpen, true);
    assert.deepEqual(await snapshot(b.page), { name: 'Anna Andersson', cases: [caseId] });
    assert.equal(must(await dispatch(b.page, { cmd: 'settings.get', key: 'staff.unit' })).value, 'Hemtjänsten Öster');
    assertClean(b, 'profile B');
  } finally {
    await b.close();
  }

  // --- Profile B again, a new launch: still A's data; B's old database kept aside in OPFS.
  b = await launch(profileB, server.url);
  try {
    await openApp(b.page, server.url);
    assert.deepEqual(await snapshot(b.page), { name: 'Anna Andersson', cases: [caseId] });
    await b.close();
    b = await launch(profileB, server.url);
    const plain = await openPlainPage(b.context, `${server.url}style.css`);
    const files = await opfs.list(plain);
    const kept = files.filter((f) => f.name.startsWith('sipfield.db.before-restore-'));
    assert.equal(kept.length, 1, JSON.stringify(files));
    assert.ok(kept[0].size > 0);
    const bytes = Buffer.from(await opfs.read(plain, kept[0].name));
    // Kept sealed like every stored file (Vault::SealCopy, issue 13): its own sealed file, nothing readable.
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'SIPE');
    assert.ok(!bytes.includes(Buffer.from('Bertil Berg')), "B's database was kept aside in plain form");
    assertClean(b, 'profile B after restart');
  } finally {
    await b.close();
  }
});

// The same through the screen: Inställningar → Säkerhetskopia, the passphrase typed into the masked field (unsaved
// input while it holds text), the file chosen in the browser's picker, the restore confirmed. Widgets are found by
// their labels where they are drawn (harness.mjs locate()).
test('Inställningar restores a picked backup file after confirmation', async () => {
  const pass = 'korrekt häst batteri';   // å/ä/ö reach the masked field through the text bridge
  const s = await launch(freshProfile('backup-ui'), server.url);
  try {
    await openApp(s.page, server.url);
    must(await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Före Kopian' }));
    const file = Buffer.from(must(await dispatch(s.page, { cmd: 'backup.export', passphrase: pass })).file, 'base64');
    must(await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Efter Kopian' }));
    await s.page.waitForTimeout(300);
    await clickLabel(s.page, 'Inställningar');
    await s.page.waitForTimeout(300);
    await clickLabel(s.page, 'Lösenfras');
    await s.page.waitForTimeout(300);            // the field is active only from the next frame on
    await s.page.keyboard.type(pass, { delay: 30 });
    await s.page.waitForTimeout(300);
    assert.equal((await s.page.evaluate(() => window.sipfield.status())).unsaved_input, true);
    const chooser = s.page.waitForEvent('filechooser', { timeout: 10000 });
    await clickLabel(s.page, 'Återställ från säkerhetskopia…');
    await (await chooser).setFiles({ name: 'sipfield.sipbackup', mimeType: 'application/octet-stream', buffer: file });
    await s.page.waitForTimeout(500);
    await s.page.screenshot({ path: screenshotPath('backup-restore-confirm') });
    // Nothing changes before the confirmation.
    assert.equal(must(await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' })).value, 'Efter Kopian');
    const checkpoints = (await s.page.evaluate(() => window.sipfield.storage())).checkpoints;
    await clickLabel(s.page, 'Ja, återställ');
    // The restore writes the whole new database as one checkpoint; wait until the worker acknowledged it.
    await s.page.waitForFunction((n) => window.sipfield.storage().checkpoints > n && window.sipfield.storage().inflight === 0 &&
                                        window.sipfield.saveState().state === 'saved', checkpoints, { timeout: 20000 });
    assert.equal(must(await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' })).value, 'Före Kopian');
    assert.equal((await s.page.evaluate(() => window.sipfield.status())).unsaved_input, false);   // wiped
    await s.page.waitForTimeout(300);
    await s.page.screenshot({ path: screenshotPath('backup-restore-done') });
    await s.page.reload();
    await s.page.evaluate(() => window.sipfield.ready);
    assert.equal(must(await dispatch(s.page, { cmd: 'settings.get', key: 'staff.name' })).value, 'Före Kopian');
    assertClean(s);
  } finally {
    await s.close();
  }
});
