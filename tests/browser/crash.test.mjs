// Crash trials: the browser is killed (SIGKILL, no chance to clean up) at a random moment during a stream
// of writes. After each restart the database must open (Store::Open runs PRAGMA quick_check and refuses a
// damaged file) and every write the app reported as saved must be there.
// Every third trial kills it inside a checkpoint instead: the worker is told to stop for good at one of the
// checkpoint's steps (web/opfs-worker.js, testStop: the first half of its writes into the sealed base, each
// whole; the base written and flushed with the log still full; the log truncated but not flushed), a
// checkpoint is asked for while the writes go on, and the kill comes once the worker says it stopped there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { serveApp, freshProfile, launch, openApp, dispatch, eventually, openPlainPage, opfs } from './harness.mjs';

// 20 in scripts/test (six of them inside checkpoints, two at each step); the long run (README.md, "Tests"):
// SIP_CRASH_TRIALS=200.
const TRIALS = Number(process.env.SIP_CRASH_TRIALS || 20);

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

// Deterministic pseudo-random delays (a failing trial can be replayed with the same seed).
function rng(seed) {
  let x = seed >>> 0;
  return () => ((x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function killBrowser(profile) {
  try {
    execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${profile}`]);
  } catch {
    // pkill exits 1 when nothing matched: the browser is already gone.
  }
}

test(`the browser killed mid-write ${TRIALS} times: the database opens and every saved write is there`, async () => {
  const profile = freshProfile('crash');
  const random = rng(20261122);
  const acknowledged = new Set();
  let next = 1;
  const inCheckpoint = [0, 0, 0, 0];   // kills inside a checkpoint, by step
  for (let trial = 1; trial <= TRIALS; trial++) {
    const s = await launch(profile, server.url);
    const ready = await openApp(s.page, server.url);
    assert.equal(ready.dbOpen, true, `trial ${trial}: database did not open after the crash (${ready.error})`);
    const list = await dispatch(s.page, { cmd: 'case.list' });
    assert.equal(list.ok, true);
    const present = new Set(list.result.cases.map((c) => c.owner_name));
    for (const name of acknowledged) assert.ok(present.has(name), `trial ${trial}: saved write "${name}" lost`);

    // A stream of writes from inside the page; each acknowledged one is reported to the test as it lands.
    // The kill comes at a random moment after the first acknowledgement of the trial, so every trial
    // crashes a browser that is busy writing (however slow the machine is).
    let firstAck;
    const acked = new Promise((resolve) => { firstAck = resolve; });
    await s.page.exposeFunction('sipAck', (name) => { acknowledged.add(name); firstAck(); });
    const first = next;
    next += 1000;
    s.page.evaluate(async (start) => {
      for (let i = start; ; i++) {
        const name = `Testperson ${i}`;
        const r = await window.sipfield.dispatch({
          cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-20',
          owner: { name, identity_number: '199012119948' },
        });
        if (r.ok) await window.sipAck(name);
      }
    }, first).catch(() => {});
    await Promise.race([acked, new Promise((r) => setTimeout(r, 30000))]);
    await new Promise((r) => setTimeout(r, random() * 1000));
    if (trial % 3 === 0) {
      const step = ((trial / 3 - 1) % 3) + 1;
      await s.page.evaluate((k) => window.sipfield.testCheckpointStop(k), step);
      await s.page.evaluate(() => { window.sipfield.checkpoint(); });   // never resolves: the worker stops in it
      let stopped = 0;
      for (let t0 = Date.now(); !stopped && Date.now() - t0 < 30000;) {
        stopped = await s.page.evaluate(() => window.sipfield.storage().stopped);
        if (!stopped) await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(stopped, step, `trial ${trial}: the worker did not stop inside the checkpoint`);
      inCheckpoint[step]++;
    }
    killBrowser(profile);
    await s.context.close().catch(() => {});
  }
  // A last start checks the final trial's writes.
  const s = await launch(profile, server.url);
  try {
    const ready = await openApp(s.page, server.url);
    assert.equal(ready.dbOpen, true);
    const list = await dispatch(s.page, { cmd: 'case.list' });
    const present = new Set(list.result.cases.map((c) => c.owner_name));
    for (const name of acknowledged) assert.ok(present.has(name), `saved write "${name}" lost`);
    assert.ok(acknowledged.size >= TRIALS, `only ${acknowledged.size} writes were acknowledged`);
    console.log(`crash trials: ${TRIALS} kills (inside a checkpoint: ${inCheckpoint[1]} with half its writes ` +
                `done, ${inCheckpoint[2]} with the base written and the log full, ${inCheckpoint[3]} with the ` +
                `log truncated but not flushed), ${acknowledged.size} acknowledged writes, all present; ` +
                `${present.size} cases stored (writes in flight at a kill may land or not)`);
    if (TRIALS >= 9) assert.ok(inCheckpoint.slice(1).every((n) => n > 0), 'every checkpoint step was killed in');
  } finally {
    await s.close();
  }
});

// The sealed base's manifest has room for a fixed number of blocks (twice the database's when it was made; here
// as few as the app allows, window.sipfieldTestCapacity); a database that outgrows it is re-sealed whole
// (web/opfs-worker.js `reseal`: the new file beside the base, the base moved aside, the new one moved in, then
// the log emptied). Killed after each of those steps, and once not killed: it opens with every saved write,
// and no leftover stays.
test('a database that outgrows its base file is re-sealed whole; killed after each step of it, every saved write is there', async () => {
  for (const step of [1, 2, 3, 0]) {   // 0: the re-seal completes
    const profile = freshProfile(`crash-reseal-${step}`);
    const names = [];
    let s = await launch(profile, server.url);
    await s.context.addInitScript(() => { window.sipfieldTestCapacity = 16; });
    try {
      assert.equal((await openApp(s.page, server.url)).dbOpen, true);
      // Four times its size now: more than its manifest has room for, whether or not it was re-sealed since.
      const target = 4 * (await s.page.evaluate(() => window.sipfield.storage().dbBytes));
      names.push(...await s.page.evaluate(async (bytes) => {
        const made = [];
        const line = (i, j) => `Fråga ${i}.${j}: vad fungerar och vad behöver ändras? `.repeat(80).slice(0, 3600);   // (4000 bytes at most)
        for (let i = 0; window.sipfield.storage().dbBytes < bytes; i++) {
          const name = `Omförsegling ${i}`;
          const c = await window.sipfield.dispatch({ cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-20',
                                                     owner: { name, identity_number: '199012119948' } });
          if (!c.ok) throw new Error(JSON.stringify(c.error));
          await window.sipfield.dispatch({ cmd: 'preparation.start', case_id: c.result.case_id });
          const u = await window.sipfield.dispatch({ cmd: 'preparation.update', case_id: c.result.case_id,
                                                     questions: Array.from({ length: 40 }, (_, j) => line(i, j)) });
          if (!u.ok) throw new Error(JSON.stringify(u.error));
          made.push(name);
        }
        return made;
      }, target));
      if (step > 0) {
        await s.page.evaluate((k) => window.sipfield.testResealStop(k), step);
        await s.page.evaluate(() => { window.sipfield.checkpoint(); });   // never resolves: the worker stops in it
        assert.equal(await eventually(() => s.page.evaluate(() => window.sipfield.storage().stopped), (v) => v === step, 30000),
                     step, `the worker did not stop after step ${step} of a re-seal`);
        killBrowser(profile);
        await s.context.close().catch(() => {});
        s = await launch(profile, server.url);
        assert.equal((await openApp(s.page, server.url)).dbOpen, true, `no database after a kill at step ${step}`);
      } else {
        const before = await s.page.evaluate(() => window.sipfield.storage().checkpoints);
        assert.equal(await s.page.evaluate(() => window.sipfield.checkpoint()), true);
        assert.equal(await s.page.evaluate(() => window.sipfield.storage().checkpoints), before + 1);
      }
      const list = await dispatch(s.page, { cmd: 'case.list' });
      const present = new Set(list.result.cases.map((c) => c.owner_name));
      for (const name of names) assert.ok(present.has(name), `step ${step}: saved write "${name}" lost`);
      // Once more after another checkpoint (of one more write), and the files: no leftover of the re-seal; the
      // base has room now.
      await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Olle' });
      assert.equal(await s.page.evaluate(() => window.sipfield.checkpoint()), true);
      await s.close();
      s = await launch(profile, server.url);
      const plain = await openPlainPage(s.context, `${server.url}style.css`);
      const files = (await opfs.list(plain)).map((f) => f.name);
      assert.ok(!files.some((n) => n.includes('reseal')), `step ${step}: left over: ${files.join(', ')}`);
      const head = await opfs.read(plain, 'sipfield.db');
      const capacity = head[12] | (head[13] << 8) | (head[14] << 16) | (head[15] << 24);
      assert.ok(capacity > 16 && capacity * 4096 >= 2 * Math.floor(target / 4), `step ${step}: capacity ${capacity}`);
      await plain.close();
      assert.equal((await openApp(s.page, server.url)).dbOpen, true);
      const again = await dispatch(s.page, { cmd: 'case.list' });
      assert.equal(again.result.cases.length, present.size);
    } finally {
      await s.close();
    }
  }
});
