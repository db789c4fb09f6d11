// The plan bundle round trip with the real app and the real office tool: the browser makes its device key
// and enrollment request, the office (native `sipfield office …`) enrolls it and hands out its profile, the
// app exports a case's plan as a .sipbundle through the Planpaket download, the office imports it and
// writes a receipt, and the app reads the receipt back (it survives a reload as "delivered").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveApp, freshProfile, launch, openApp, assertClean, ROOT } from './harness.mjs';
import { must, establishedCase } from './story.mjs';

const SIPFIELD = process.env.SIP_NATIVE_CLI || path.join(ROOT, '.build/native/src/sipfield');
const PASS = 'kontorets lösenfras för test';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

function office(dir, args, { expect = 0 } = {}) {
  try {
    const out = execFileSync(SIPFIELD, ['office', ...args, '--office', dir], {
      env: { ...process.env, SIPFIELD_PASSPHRASE: PASS }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(0, expect, `sipfield office ${args[0]} succeeded, expected exit ${expect}`);
    return out;
  } catch (e) {
    if (e.status === expect) return e.stdout;
    throw new Error(`sipfield office ${args[0]} exited ${e.status}: ${e.stdout} ${e.stderr}`);
  }
}

test('app → office → app: enrollment, profile, bundle export, import, receipt', async () => {
  assert.ok(fs.existsSync(SIPFIELD), `native CLI missing: ${SIPFIELD}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipfield-office-'));
  const s = await launch(freshProfile('bundle-roundtrip'), server.url);
  try {
    await openApp(s.page, server.url);
    await s.page.evaluate(() => window.sipfield.deviceKeyReady);
    await must(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Olle Omsorgshandledare' });
    await must(s.page, { cmd: 'settings.set', key: 'device.name', value: 'Laptop Öster 3' });

    // Enrollment: the device's request goes to the office, the office's profile comes back.
    const req = await must(s.page, { cmd: 'device.enrollment_request' });
    assert.match(req.kid, /^[A-Za-z0-9_-]{43}$/);
    fs.writeFileSync(path.join(dir, 'request.jws'), req.jws);
    office(dir, ['init', '--name', 'Kontoret Test']);
    office(dir, ['enroll', path.join(dir, 'request.jws')]);
    office(dir, ['profile', '--out', path.join(dir, 'profile.jws')]);
    const prof = await must(s.page, { cmd: 'profile.import', profile: fs.readFileSync(path.join(dir, 'profile.jws'), 'utf8') });
    assert.equal(prof.office, 'Kontoret Test');

    // Export through the app; the file the user gets is the one the office reads.
    const caseId = await establishedCase(s.page);
    const t0 = Date.now();
    const exported = await must(s.page, { cmd: 'bundle.export', case_id: caseId });
    const exportMs = Date.now() - t0;
    assert.equal(exported.seq, 1);
    assert.equal(exported.status, 'exported');
    const file = path.join(dir, exported.file_name);
    fs.writeFileSync(file, Buffer.from(exported.file, 'base64'));
    console.log(`# bundle export in the browser: ${exportMs} ms (dispatch → durable), ${exported.size} bytes`);

    office(dir, ['verify', file]);
    office(dir, ['import', file]);
    office(dir, ['import', file]);   // idempotent: a no-op the second time
    // A tampered copy is refused and nothing is imported from it.
    const bad = fs.readFileSync(file);
    bad[bad.length - 20] ^= 1;
    fs.writeFileSync(path.join(dir, 'bad.sipbundle'), bad);
    office(dir, ['import', path.join(dir, 'bad.sipbundle')], { expect: 1 });

    office(dir, ['receipt', '--out', path.join(dir, 'receipt.jws')]);
    const rec = await must(s.page, { cmd: 'receipt.import', receipt: fs.readFileSync(path.join(dir, 'receipt.jws'), 'utf8') });
    assert.equal(rec.delivered, 1);

    // Delivered, durably: after a reload the bundle is still marked.
    await openApp(s.page, server.url);
    const list = await must(s.page, { cmd: 'bundle.list' });
    assert.equal(list.bundles.length, 1);
    assert.equal(list.bundles[0].status, 'delivered');
    assert.equal(list.bundles[0].receipt_office, 'Kontoret Test');
    // The device key survived the reload: the next bundle continues the chain with the same key.
    const info = await must(s.page, { cmd: 'device.info' });
    assert.equal(info.kid, req.kid);
    assert.equal(info.next_seq, 2);
    assertClean(s);
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
