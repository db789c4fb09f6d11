// Several staff members on one browser profile (issue 13): each has their own encrypted database, key file and
// passphrase; the lock screen lists them by the names they chose; switching goes through the lock; neither
// can open the other's data, and nothing either wrote is readable in the profile's files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveApp, freshProfile, launch, dispatch, assertClean, screenshotPath, openPlainPage, opfs, typeInto,
  clickLabel, locate, settle, TEST_PASSPHRASE, resultOf as must, lockState,
} from './harness.mjs';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

const SECOND_PASSPHRASE = 'en annan lösenfras för användare två';
// Fictional people (../shared/testdata/personnummer-list.json).
const FIRST = { name: 'Ulla Förstasson', identity_number: '19821105-9954' };
const SECOND = { name: 'Bertil Andrasson', identity_number: '190905271474' };

// Something on the lock screen that reloads the page (a switch, Ctrl+L): done, and the new page started.
async function reloadingBy(page, action) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 20000 }), action()]);
  await page.evaluate(() => window.sipfield.started);
  return lockState(page);
}

// A click on a button that reloads the page (no settling afterwards: the page is gone).
async function clickAway(page, label) {
  const r = await locate(page, label);
  await page.mouse.move(r.x + Math.min(r.w / 2, 40), r.y + r.h / 2);
  await page.waitForTimeout(50);
  await page.mouse.down();
  await page.waitForTimeout(50);
  await page.mouse.up();
}

const caseNames = async (page) => must(await dispatch(page, { cmd: 'case.list' })).cases.map((c) => c.owner_name || c.owner?.name);

test('two users on one profile: each their own database; the lock screen switches; neither opens the other', async () => {
  const profile = freshProfile('users');
  const s = await launch(profile, server.url, { unlock: false });
  try {
    const page = s.page;
    await page.goto(server.url);
    await page.evaluate(() => window.sipfield.started);
    // The first user: a first start (no list of users yet), then a case.
    assert.equal((await lockState(page)).mode, 'create');
    assert.deepEqual(await page.evaluate((p) => window.sipfield.setPassphrase(p), TEST_PASSPHRASE), { ok: true });
    must(await dispatch(page, { cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-30', owner: FIRST }));
    assert.deepEqual(await page.evaluate(() => window.sipfield.users()), { current: 1, users: [{ id: 1, name: '' }] });

    // Ctrl+L, then "Ny användare på den här datorn": a first start of the second user's own.
    assert.equal((await reloadingBy(page, () => page.keyboard.press('Control+L'))).mode, 'unlock');
    assert.equal((await reloadingBy(page, () => clickAway(page, 'Ny användare på den här datorn'))).mode, 'create');
    assert.equal((await page.evaluate(() => window.sipfield.users())).current, 2);
    await typeInto(page, 'Lösenfras', SECOND_PASSPHRASE);
    await typeInto(page, 'Upprepa lösenfrasen', SECOND_PASSPHRASE);
    await clickLabel(page, 'Skydda och öppna');
    await settle(page);
    assert.equal((await lockState(page)).mode, 'create', 'a new user without a name was created');
    await typeInto(page, 'Ditt namn', 'Bo Berg');
    await settle(page);
    await page.screenshot({ path: screenshotPath('users-new') });
    await page.keyboard.press('Enter');
    const ready = await page.evaluate(() => window.sipfield.ready);
    assert.equal(ready.dbOpen, true, ready.error);
    // An empty database: nothing of the first user's.
    assert.deepEqual(await caseNames(page), []);
    must(await dispatch(page, { cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-30', owner: SECOND }));
    assert.deepEqual(await caseNames(page), [SECOND.name]);
    assert.deepEqual(await page.evaluate(() => window.sipfield.users()),
      { current: 2, users: [{ id: 1, name: '' }, { id: 2, name: 'Bo Berg' }] });

    // Locked: the second user's lock screen names them and offers the first; the first user's passphrase does
    // not open the second user's database.
    assert.equal((await reloadingBy(page, () => page.keyboard.press('Control+L'))).mode, 'unlock');
    assert.deepEqual(await page.evaluate(() => window.sipfield.secretsHeld()), { key: false, device_key: false, pages: 0, store: false });
    await settle(page);
    await page.screenshot({ path: screenshotPath('users-lock-screen') });
    const wrong = await page.evaluate((p) => window.sipfield.unlock(p), TEST_PASSPHRASE);
    assert.deepEqual(wrong, { ok: false, code: 'wrong_passphrase' });

    // "Byt till Användare 1": the first user's lock screen, with its own (clean) count of failures.
    const first = await reloadingBy(page, () => clickAway(page, 'Byt till Användare 1'));
    assert.equal(first.mode, 'unlock');
    assert.equal(first.failures, 0);
    assert.deepEqual(await page.evaluate((p) => window.sipfield.unlock(p), SECOND_PASSPHRASE), { ok: false, code: 'wrong_passphrase' });
    await typeInto(page, 'Lösenfras', TEST_PASSPHRASE, { clear: true });
    await page.keyboard.press('Enter');
    assert.equal((await page.evaluate(() => window.sipfield.ready)).dbOpen, true);
    assert.deepEqual(await caseNames(page), [FIRST.name]);
    await page.waitForFunction(() => window.sipfield.storage().inflight === 0);

    // Two sets of sealed files side by side, and neither user's data readable in any of them.
    const plain = await openPlainPage(s.context, `${server.url}style.css`);
    const names = (await opfs.list(plain)).map((f) => f.name);
    for (const n of ['sipfield.db', 'sipfield.db-key', 'sipfield.u2.db', 'sipfield.u2.db-key', 'sipfield.users']) {
      assert.ok(names.includes(n), `${n} missing from ${names.join(' ')}`);
    }
    for (const n of names) {
      const bytes = Buffer.from(await opfs.read(plain, n));
      for (const needle of [FIRST.name, SECOND.name, '9954', '1474', 'Förstasson', 'Andrasson']) {
        assert.ok(!bytes.includes(Buffer.from(needle)), `${needle} readable in ${n}`);
      }
    }
    assert.deepEqual(JSON.parse(Buffer.from(await opfs.read(plain, 'sipfield.users')).toString('utf8')),
      { users: [{ id: 1, name: '' }, { id: 2, name: 'Bo Berg' }] });
    await plain.close();
    assertClean(s);
  } finally {
    await s.close();
  }
});
