// The outbox over real HTTP on loopback: the app is served by `sipfield office serve` (the native office
// server, same origin), the device is enrolled and given the office's profile, exports two bundles while the
// browser is offline, and once it is online again both are sent, confirmed by signed receipts and marked
// delivered without a click. A captive portal's page and a forged receipt mark nothing; a receipt whose answer
// was lost is recovered from the office without sending again; one the office never got is shown as such
// until it is sent; a bundle the office refuses (a revoked key) stays in the outbox with the office's reason,
// in Swedish on the Planpaket screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { freshProfile, launch, openApp, assertClean, screenshotPath, clickLabel, locate, settle, eventually, ROOT, DIST }
  from './harness.mjs';
import { must, establishedCase } from './story.mjs';

const SIPFIELD = process.env.SIP_NATIVE_CLI || path.join(ROOT, '.build/native/src/sipfield');
const PASS = 'kontorets lösenfras för test';
const env = { ...process.env, SIPFIELD_PASSPHRASE: PASS };

function office(dir, args) {
  return execFileSync(SIPFIELD, ['office', ...args, '--office', dir], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// `sipfield office serve` on a free port, serving the built app; resolves to {url, stop}.
function serve(dir) {
  const child = spawn(SIPFIELD, ['office', 'serve', '--office', dir, '--dist', DIST, '--port', '0',
                                 '--posts-per-minute', '100000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`office serve did not start: ${out}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }) });
      }
    });
    child.stderr.on('data', () => {});   // one log line per request: key and bundle ids only
    child.once('exit', (code) => reject(new Error(`office serve exited ${code}: ${out}`)));
  });
}

// The app on `server`, its device enrolled at the office in `dir` and given the office's profile the way an
// office without first contact does it (files); returns the enrollment request ({kid, jws}).
async function enrolledByFiles(page, server, dir, deviceName) {
  await openApp(page, server.url);
  await page.evaluate(() => window.sipfield.deviceKeyReady);
  await must(page, { cmd: 'settings.set', key: 'staff.name', value: 'Olle Omsorgshandledare' });
  await must(page, { cmd: 'settings.set', key: 'device.name', value: deviceName });
  const req = await must(page, { cmd: 'device.enrollment_request' });
  fs.writeFileSync(path.join(dir, 'request.jws'), req.jws);
  office(dir, ['enroll', path.join(dir, 'request.jws')]);
  office(dir, ['profile', '--out', path.join(dir, 'profile.jws')]);
  await must(page, { cmd: 'profile.import', profile: fs.readFileSync(path.join(dir, 'profile.jws'), 'utf8') });
  return req;
}

const delivered = (page) => must(page, { cmd: 'bundle.list' })
  .then((l) => l.bundles.filter((b) => b.status === 'delivered').length);

test('the outbox: offline exports are sent and confirmed once online; portals, forged receipts and refusals mark nothing',
  async () => {
    assert.ok(fs.existsSync(SIPFIELD), `native CLI missing: ${SIPFIELD}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipfield-outbox-'));
    office(dir, ['init', '--name', 'Kontoret Test']);
    const server = await serve(dir);
    const s = await launch(freshProfile('outbox'), server.url.replace(/\/$/, ''));
    try {
      const page = s.page;
      const req = await enrolledByFiles(page, server, dir, 'Laptop Öster 3');
      const caseId = await establishedCase(page);

      // Offline: two exports wait, and the round says the office does not answer.
      await s.context.setOffline(true);
      await must(page, { cmd: 'bundle.export', case_id: caseId });
      await must(page, { cmd: 'bundle.export', case_id: caseId });
      let st = await page.evaluate(() => window.sipfield.outbox.run());
      assert.equal(st.waiting, 2);
      assert.equal(st.error_code, 'office_unreachable');
      assert.ok(st.next_try_at > Date.now(), 'a next attempt is planned');
      assert.equal(await delivered(page), 0);
      await page.waitForTimeout(300);
      await page.screenshot({ path: screenshotPath('outbox-offline') });

      // Online again: the "online" event starts a round; both are delivered without a click.
      await s.context.setOffline(false);
      assert.equal(await eventually(() => delivered(page), (n) => n === 2, 15000), 2);
      // (The round marks each bundle delivered as its receipt comes and counts what waits when it ends.)
      st = await eventually(() => page.evaluate(() => window.sipfield.outbox.state()), (x) => x.waiting === 0);
      assert.equal(st.waiting, 0);
      assert.ok(st.last_sent_at > 0);
      assert.equal(st.error_code, '');

      // A captive portal answers 200 with its own page: nothing is marked delivered.
      await must(page, { cmd: 'bundle.export', case_id: caseId });
      await page.route('**/api/v1/bundles', (r) => r.fulfill({ status: 200, contentType: 'text/html',
                                                                body: '<html><body>Logga in på gästnätet</body></html>' }));
      st = await page.evaluate(() => window.sipfield.outbox.run());
      assert.equal(st.waiting, 1);
      assert.equal(st.error_code, 'office_unreachable');
      // A forged "receipt" in JSON: receipt.import checks it against the pinned admin key and refuses it.
      await page.unroute('**/api/v1/bundles');
      await page.route('**/api/v1/bundles', (r) => r.fulfill({ status: 201, contentType: 'application/json',
        body: JSON.stringify({ ok: true, status: 'imported', receipt: 'eyJhbGciOiJFZERTQSJ9.e30.AAAA' }) }));
      st = await page.evaluate(() => window.sipfield.outbox.run());
      assert.equal(st.waiting, 1);
      assert.match(st.error_code, /^jws_/);
      assert.equal(await delivered(page), 2);
      await page.unroute('**/api/v1/bundles');
      st = await page.evaluate(() => window.sipfield.outbox.run());
      assert.equal(st.waiting, 0);
      assert.equal(await delivered(page), 3);

      // The answer to a POST is lost on the way (the office imported the bundle): the next round recovers
      // its receipt from GET /api/v1/receipts, without sending the bundle again.
      await must(page, { cmd: 'bundle.export', case_id: caseId });
      await page.route('**/api/v1/bundles', async (r) => { await r.fetch(); await r.abort('connectionreset'); });
      st = await page.evaluate(() => window.sipfield.outbox.run());
      assert.equal(st.waiting, 1);
      assert.equal(st.error_code, 'office_unreachable');
      await page.unroute('**/api/v1/bundles');
      const posts = [];
      const onRequest = (r) => { if (r.method() === 'POST') posts.push(r.url()); };
      page.on('request', onRequest);
      st = await page.evaluate(() => window.sipfield.outbox.run());
      page.off('request', onRequest);
      assert.equal(st.waiting, 0);
      assert.equal(await delivered(page), 4);
      assert.deepEqual(posts, []);

      // The POST never reaches the office: the office's receipt list lacks the bundle, and the outbox says so
      // (Planpaket: "Kontoret har inte fått paketet …") until it has been sent.
      const unsent = await must(page, { cmd: 'bundle.export', case_id: caseId });
      await page.route('**/api/v1/bundles', (r) => r.abort('connectionreset'));
      st = await page.evaluate(() => window.sipfield.outbox.run());
      assert.equal(st.error_code, 'office_unreachable');
      assert.deepEqual(st.missing, [unsent.jti]);
      await clickLabel(page, 'Planpaket');
      await settle(page);
      await page.screenshot({ path: screenshotPath('outbox-not-at-office') });
      await clickLabel(page, 'Översikt');
      await page.unroute('**/api/v1/bundles');
      st = await page.evaluate(() => window.sipfield.outbox.run());
      assert.deepEqual(st.missing, []);
      assert.equal(await delivered(page), 5);

      // The office revokes the key after seq 5: the next bundle is refused (422), stays in the outbox with
      // the office's code, and Planpaket says why in Swedish.
      office(dir, ['revoke', req.kid, '--after-seq', '5']);
      const sixth = await must(page, { cmd: 'bundle.export', case_id: caseId });
      st = await page.evaluate(() => window.sipfield.outbox.run());
      assert.equal(st.waiting, 1);
      assert.equal(st.refused[sixth.jti], 'bundle_kid_revoked');
      assert.equal(await delivered(page), 5);
      // Planpaket no longer says the device is approved: the enrollment follows the office's answer.
      assert.equal(st.enrollment, 'revoked');
      assert.equal((await must(page, { cmd: 'device.info' })).profile.enrollment, 'revoked');
      await clickLabel(page, 'Planpaket');
      await page.waitForTimeout(300);
      await page.screenshot({ path: screenshotPath('outbox-refused') });

      // The office holds exactly the five delivered bundles: nothing lost, nothing twice.
      const rec = await page.evaluate(async (kid) => (await fetch(`/api/v1/receipts?kid=${kid}&after_seq=0`)).json(), req.kid);
      assert.equal(rec.bundles.length, 5);
      // The office's 422 for the revoked key and the connection reset made above were expected (the browser
      // notes both in the console too).
      const expected = (p) => p === `HTTP 422: ${server.url}api/v1/bundles` || /status of 422|ERR_CONNECTION_RESET/.test(p);
      assert.equal(s.problems.filter(expected).length >= 1, true);
      s.problems.splice(0, s.problems.length, ...s.problems.filter((p) => !expected(p)));
      assertClean(s);
    } finally {
      await s.close();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

// First contact, as a staff member does it: no profile yet; Planpaket fetches the office's profile from the
// server the app came from, shows the admin key's fingerprint (the one `sipfield office init` printed for the
// office to hand out) and pins it on confirmation; the enrollment request goes to the office at once and the
// app says "Väntar på godkännande" until an administrator approves it with the CLI; then two bundles exported
// offline are delivered as soon as the browser is online, without a click.
test('first contact: fetch the profile, compare the fingerprint, enroll, wait for approval, deliver', async () => {
  assert.ok(fs.existsSync(SIPFIELD), `native CLI missing: ${SIPFIELD}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipfield-first-'));
  const init = JSON.parse(execFileSync(SIPFIELD, ['office', 'init', '--name', 'Kontoret Norr', '--office', dir, '--json'],
                                       { env, encoding: 'utf8' }).trim().split('\n').pop());
  const server = await serve(dir);
  const s = await launch(freshProfile('first-contact'), server.url.replace(/\/$/, ''));
  try {
    const page = s.page;
    await openApp(page, server.url);
    await page.evaluate(() => window.sipfield.deviceKeyReady);
    await must(page, { cmd: 'settings.set', key: 'staff.name', value: 'Olle Omsorgshandledare' });
    await must(page, { cmd: 'settings.set', key: 'device.name', value: 'Laptop Norr 1' });
    const caseId = await establishedCase(page);

    await clickLabel(page, 'Planpaket');
    await clickLabel(page, 'Hämta kontorets profil');
    await locate(page, 'Fingeravtrycket stämmer – använd profilen');
    await page.screenshot({ path: screenshotPath('first-contact-fingerprint') });
    assert.equal((await must(page, { cmd: 'device.info' })).profile, null, 'nothing pinned before the user confirms');
    await clickLabel(page, 'Fingeravtrycket stämmer – använd profilen');

    // Pinned: the admin key the office created; its fingerprint is the one the office hands out.
    let info = await eventually(() => must(page, { cmd: 'device.info' }),
                                (i) => i.profile && i.profile.enrollment === 'pending', 15000);
    assert.equal(info.profile.admin_kid, init.admin_kid);
    assert.equal(info.profile.admin_fingerprint, init.admin_fingerprint);
    assert.equal(info.profile.enrollment, 'pending');
    // (The outbox's own state follows once its round has read the answer.)
    const st = await eventually(() => page.evaluate(() => window.sipfield.outbox.state()), (x) => x.enrollment === 'pending');
    assert.equal(st.enrollment, 'pending');
    await settle(page);
    await page.screenshot({ path: screenshotPath('first-contact-pending') });

    // The administrator sees the request with the device's fingerprint and approves it.
    const pending = JSON.parse(office(dir, ['enroll', '--pending', '--json']).trim().split('\n').pop()).pending;
    assert.equal(pending.length, 1);
    assert.equal(pending[0].kid, info.kid);
    assert.equal(pending[0].fingerprint, info.fingerprint);
    assert.equal(pending[0].device, 'Laptop Norr 1');
    office(dir, ['enroll', '--approve', info.kid]);

    // Two exports while offline; online again, the round learns of the approval and delivers both.
    await s.context.setOffline(true);
    await must(page, { cmd: 'bundle.export', case_id: caseId });
    await must(page, { cmd: 'bundle.export', case_id: caseId });
    await s.context.setOffline(false);
    assert.equal(await eventually(() => delivered(page), (n) => n === 2, 20000), 2);
    info = await must(page, { cmd: 'device.info' });
    assert.equal(info.profile.enrollment, 'approved');
    const rec = await page.evaluate(async (kid) => (await fetch(`/api/v1/receipts?kid=${kid}&after_seq=0`)).json(), info.kid);
    assert.equal(rec.bundles.length, 2);
    assertClean(s);
  } finally {
    await s.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Background Sync: the device is offline when the staff member closes the app, with two bundles waiting. Once
// the browser is online again the service worker posts them with no page open (the office holds both before
// the app is opened again), and keeps the receipts; the next start imports them (the pinned admin key's
// check) and marks both delivered without sending anything itself. A receipt the worker got that fails the
// check is cleared and the bundle sent again.
test('background sync: the service worker delivers what waits with no page open; the next start imports the receipts',
  async () => {
    assert.ok(fs.existsSync(SIPFIELD), `native CLI missing: ${SIPFIELD}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipfield-bgsync-'));
    office(dir, ['init', '--name', 'Kontoret Väster']);
    const server = await serve(dir);
    const s = await launch(freshProfile('bgsync'), server.url.replace(/\/$/, ''));
    try {
      let page = s.page;
      const req = await enrolledByFiles(page, server, dir, 'Laptop Väster 2');
      await page.evaluate(() => navigator.serviceWorker.ready);
      await must(page, { cmd: 'device.enrollment', state: 'approved' });
      const caseId = await establishedCase(page);

      // Offline: the round keeps a copy of both for the service worker and registers the sync.
      await s.context.setOffline(true);
      const a = await must(page, { cmd: 'bundle.export', case_id: caseId });
      const b = await must(page, { cmd: 'bundle.export', case_id: caseId });
      const st = await page.evaluate(() => window.sipfield.outbox.run());
      assert.equal(st.waiting, 2);
      assert.equal(st.error_code, 'office_unreachable');
      const queued = await page.evaluate(async () => (await SipOutboxQueue.all()).map((e) => ({
        jti: e.jti, bytes: e.file.byteLength, receipt: e.receipt })));
      assert.deepEqual(queued.map((e) => e.jti).sort(), [a.jti, b.jti].sort());
      assert.ok(queued.every((e) => e.bytes > 1000 && e.receipt === null));
      assert.deepEqual(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).sync.getTags()),
                       ['sipfield-outbox']);

      // The app is closed; the browser comes online: the service worker sends both, with no page open.
      await page.close();
      await s.context.setOffline(false);
      const officeHolds = async () => (await (await fetch(`${server.url}api/v1/receipts?kid=${req.kid}&after_seq=0`)).json())
        .bundles.length;
      assert.equal(await eventually(officeHolds, (n) => n === 2, 30000), 2, 'the service worker delivered both');
      assert.ok(s.requests.some((r) => r.sw && r.url === `${server.url}api/v1/bundles`), 'posted by the service worker');

      // The next start imports the worker's receipts: both delivered, with no POST from the page, and the
      // worker's copies are gone.
      page = await s.context.newPage();
      const posts = [];
      page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
      await openApp(page, server.url);
      assert.equal(await eventually(() => delivered(page), (n) => n === 2, 15000), 2);
      assert.deepEqual(posts, []);
      assert.deepEqual(await eventually(() => page.evaluate(() => SipOutboxQueue.keys()), (k) => k.length === 0), []);

      // A "receipt" the worker got that is no receipt (a forged answer): the check refuses it, the copy's answer
      // is cleared, and the page sends the bundle itself and is answered properly.
      await s.context.setOffline(true);
      const c = await must(page, { cmd: 'bundle.export', case_id: caseId });
      await page.evaluate(() => window.sipfield.outbox.run());
      await page.evaluate(async (jti) => {
        const e = (await SipOutboxQueue.all()).find((x) => x.jti === jti);
        await SipOutboxQueue.put(Object.assign({}, e, { receipt: 'eyJhbGciOiJFZERTQSJ9.e30.AAAA' }));
      }, c.jti);
      await s.context.setOffline(false);
      assert.equal(await eventually(() => delivered(page), (n) => n === 3, 15000), 3);
      assert.equal(await officeHolds(), 3);
      await settle(page);
      await page.screenshot({ path: screenshotPath('outbox-background-sync') });
      assertClean(s);
    } finally {
      await s.close();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
