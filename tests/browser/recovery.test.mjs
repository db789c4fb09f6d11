// A forgotten passphrase with the office's recovery key (issue 13): the office sets a recovery recipient
// (`sipfield office recovery-key`, `office profile --recovery-recipient`), the app imports that profile and
// wraps its database key to it too; after the passphrase is forgotten, the office unwraps the key file with
// its identity under a new passphrase (`office recover`), and the app opens the same data with that one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, openPlainPage, opfs, ROOT, TEST_PASSPHRASE, resultOf as must } from './harness.mjs';

const SIPFIELD = process.env.SIP_NATIVE_CLI || path.join(ROOT, '.build/native/src/sipfield');
const OFFICE_PASS = 'kontorets lösenfras för test';
const NEW_PASS = 'en ny lösenfras från kontoret i dag';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });


function sipfield(args, env = {}) {
  try {
    return execFileSync(SIPFIELD, args, {
      env: { ...process.env, SIPFIELD_PASSPHRASE: OFFICE_PASS, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(`sipfield ${args.slice(0, 2).join(' ')} exited ${e.status}: ${e.stdout} ${e.stderr}`);
  }
}

test('the office recovery key opens a device database whose passphrase was forgotten', async () => {
  assert.ok(fs.existsSync(SIPFIELD), `native CLI missing: ${SIPFIELD}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipfield-recovery-'));
  const profile = freshProfile('recovery');
  let s = await launch(profile, server.url);
  try {
    // The office: a recovery identity, its recipient in the profile.
    sipfield(['office', 'init', '--name', 'Kontoret Test', '--office', dir]);
    const { recipient } = JSON.parse(sipfield(['office', 'recovery-key', '--out', path.join(dir, 'recovery.key')]));
    assert.match(recipient, /^age1/);
    const made = JSON.parse(sipfield(['office', 'profile', '--out', path.join(dir, 'profile.jws'),
                                      '--recovery-recipient', recipient, '--json', '--office', dir]));
    assert.equal(made.recovery_recipient, recipient);

    // The device: a case, then the profile; the key file now also wraps the key to the office.
    await openApp(s.page, server.url);
    const caseId = must(await dispatch(s.page, { cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-30',
                                                 owner: { name: 'Rut Återställd', identity_number: '19821105-9954' } })).case_id;
    const imported = must(await dispatch(s.page, { cmd: 'profile.import', profile: fs.readFileSync(path.join(dir, 'profile.jws'), 'utf8') }));
    assert.equal(imported.recovery, true);
    await s.page.waitForFunction(() => window.sipfield.storage().inflight === 0);
    await s.close();

    // The passphrase is forgotten. The office recovers the key file under a new one.
    s = await launch(profile, server.url, { unlock: false });
    const plain = await openPlainPage(s.context, `${server.url}style.css`);
    const keyText = Buffer.from(await opfs.read(plain, 'sipfield.db-key')).toString('utf8');
    assert.equal(JSON.parse(keyText).recovery.recipient, recipient);
    const keyPath = path.join(dir, 'device.db-key');
    fs.writeFileSync(keyPath, keyText);
    assert.deepEqual(JSON.parse(sipfield(['office', 'recover', '--identity', path.join(dir, 'recovery.key'), '--key-file', keyPath],
                                         { SIPFIELD_NEW_PASSPHRASE: NEW_PASS })), { ok: true });
    await opfs.write(plain, 'sipfield.db-key', [...fs.readFileSync(keyPath)]);
    await plain.close();

    // The old passphrase no longer opens it; the new one opens the same data (and the recovery stays).
    const page = await s.context.newPage();
    await page.goto(server.url);
    await page.evaluate(() => window.sipfield.started);
    assert.deepEqual(await page.evaluate((p) => window.sipfield.unlock(p), TEST_PASSPHRASE), { ok: false, code: 'wrong_passphrase' });
    assert.deepEqual(await page.evaluate((p) => window.sipfield.unlock(p), NEW_PASS), { ok: true });
    assert.equal(must(await dispatch(page, { cmd: 'case.get', case_id: caseId })).case.owner.name, 'Rut Återställd');
    assert.equal(must(await dispatch(page, { cmd: 'device.info' })).profile.recovery_recipient, recipient);
    assertClean(s);
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
