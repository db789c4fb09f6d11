#!/usr/bin/env node
// bench/durable-save.mjs [N] [--sizes=1,10,50] — how long a durable save takes in the browser, by database size.
//
// For each size (MB) a fresh profile is filled to that size through the product's own commands (cases whose
// preparation carries long lists of questions: ~0.8 MB of text per case.create + preparation.start +
// preparation.update; no bench-only path in the app), the log is folded into the base (window.sipfield.
// checkpoint()), and then N (default 150) small writes are timed in the page: settings.set through
// window.sipfield.dispatch() until its promise resolves, i.e. until the OPFS worker has acknowledged the
// commit's record (appended + flushed). Side by side, in the same page of the same browser, the IDBFS
// baseline: what the previous storage did per commit — a file of the same size on an Emscripten IDBFS mount,
// a page of it changed, FS.syncfs(false) until its callback (IDBFS stores the whole file).
// The page shows "Inställningar" while timing (see below). Then start-up with the largest database and a log of those N records left in it: navigation → ready, with
// the parts (lock + worker + reading the files, heap copy, the unlock: Argon2id + unwrapping + decrypting and
// replaying the sealed files — the harness gives the passphrase as soon as the lock screen is up —, Store::Open
// incl. quick_check). Every profile is encrypted (issue 13), so this is start-up with an encrypted database.
//
// Prints a table; writes bench/out/durable-save.json. Needs the app built with IDBFS for the baseline:
// `scripts/build web-bench` (.build/web-bench/dist, the default here; SIP_WEB_DIST=… for another build). The app
// users download has no IDBFS.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.SIP_WEB_DIST ||= path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.build/web-bench/dist');
const { ROOT, serveApp, freshProfile, launch, openApp, clickLabel } = await import('../tests/browser/harness.mjs');

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) || 150);
const SIZES = (args.find((a) => a.startsWith('--sizes=')) || '--sizes=1,10,50').slice(8).split(',').map(Number);
const STARTS = 5;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};
const stats = (xs) => ({ median: +quantile(xs, 0.5).toFixed(2), p95: +quantile(xs, 0.95).toFixed(2),
                         min: +Math.min(...xs).toFixed(2), max: +Math.max(...xs).toFixed(2) });

// Grows the database to `bytes` through dispatch. Returns the number of cases made.
async function grow(page, bytes) {
  return page.evaluate(async (target) => {
    const line = (i, j) => `Fråga ${i}.${j}: hur ser en vanlig dag ut, vad fungerar och vad behöver ändras? `.repeat(45).slice(0, 3900);
    let cases = 0;
    while (window.sipfield.storage().dbBytes < target) {
      const c = await window.sipfield.dispatch({
        cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-20',
        owner: { name: `Bänk Person ${cases}`, identity_number: '199012119948' },
      });
      if (!c.ok) throw new Error(`case.create: ${JSON.stringify(c.error)}`);
      const id = c.result.case_id;
      let r = await window.sipfield.dispatch({ cmd: 'preparation.start', case_id: id });
      if (!r.ok) throw new Error(`preparation.start: ${JSON.stringify(r.error)}`);
      const remaining = target - window.sipfield.storage().dbBytes;
      const n = Math.max(1, Math.min(100, Math.ceil(remaining / 2 / 4000)));
      r = await window.sipfield.dispatch({
        cmd: 'preparation.update', case_id: id,
        questions: Array.from({ length: n }, (_, j) => line(cases, j)),
        not_to_discuss: Array.from({ length: n }, (_, j) => line(cases, j + 100)),
      });
      if (!r.ok) throw new Error(`preparation.update: ${JSON.stringify(r.error)}`);
      cases++;
    }
    return cases;
  }, bytes);
}

// N durable saves of a small write, timed in the page.
async function timeSaves(page, n) {
  return page.evaluate(async (count) => {
    const times = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const r = await window.sipfield.dispatch({ cmd: 'settings.set', key: 'staff.name', value: `Bänk ${i}` });
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(`settings.set: ${JSON.stringify(r.error)}`);
    }
    return times;
  }, n);
}

// The IDBFS baseline in the same page: a file of `bytes` on an IDBFS mount, one 4 KiB page changed per
// "commit", FS.syncfs(false) timed until its callback.
async function timeIdbfs(page, bytes, n, mount) {
  return page.evaluate(async ([size, count, dir]) => {
    const sync = (populate) => new Promise((resolve, reject) => FS.syncfs(populate, (e) => (e ? reject(e) : resolve())));
    FS.mkdir(dir);
    FS.mount(IDBFS, {}, dir);
    await sync(true);
    const file = `${dir}/sipfield.db`;
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i += 4096) data[i] = i & 0xff;
    FS.writeFile(file, data);
    await sync(false);
    const page4k = new Uint8Array(4096);
    const times = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      page4k.fill(i & 0xff);
      const s = FS.open(file, 'r+');
      FS.write(s, page4k, 0, 4096, ((i * 7919) % Math.floor(size / 4096)) * 4096);
      FS.close(s);
      await sync(false);
      times.push(performance.now() - t0);
    }
    FS.unlink(file);
    await sync(false);
    FS.unmount(dir);
    return times;
  }, [bytes, n, mount]);
}

const server = await serveApp();
const rows = [];
let startup = null;
try {
  for (const mb of SIZES) {
    const target = mb * 1024 * 1024;
    const s = await launch(freshProfile(`bench-save-${mb}`), server.url);
    try {
      const ready = await openApp(s.page, server.url);
      if (!ready.dbOpen) throw new Error(`database not open: ${ready.error}`);
      if (!(await s.page.evaluate(() => typeof IDBFS !== 'undefined')))
        throw new Error(`the app in ${process.env.SIP_WEB_DIST} has no IDBFS for the baseline: run scripts/build web-bench`);
      const tg = Date.now();
      const cases = await grow(s.page, target);
      const growSec = (Date.now() - tg) / 1000;
      await s.page.evaluate(() => window.sipfield.checkpoint());
      // The timing runs on "Inställningar": "Översikt" re-reads every case after each commit (a UI cost that
      // grows with the data and would be measured as storage latency, since acknowledgements wait for frames).
      await clickLabel(s.page, 'Inställningar');
      const before = await s.page.evaluate(() => window.sipfield.storage());
      await timeSaves(s.page, 10);   // warm-up
      const ours = await timeSaves(s.page, N);
      const after = await s.page.evaluate(() => window.sipfield.storage());
      const idb = await timeIdbfs(s.page, before.dbBytes, N, `/bench-idbfs-${mb}`);
      rows.push({ mb, db_bytes: before.dbBytes, cases, grow_s: growSec, opfs_ms: stats(ours), idbfs_ms: stats(idb),
                  checkpoints_during: after.checkpoints - before.checkpoints });
      console.log(`  ${mb} MB: grown in ${growSec.toFixed(1)} s (${cases} cases); ours median ${stats(ours).median} ms, ` +
                  `IDBFS median ${stats(idb).median} ms`);

      if (mb === Math.max(...SIZES)) {
        // Start-up with this database and the N records still in the log.
        const runs = [];
        for (let i = 0; i < STARTS; i++) {
          if (i > 0) await s.page.evaluate((k) => window.sipfield.dispatch({ cmd: 'settings.set', key: 'staff.name', value: `Start ${k}` }), i);
          const logged = i === 0 ? N + 10 : 1;
          await s.page.reload();
          const r = await s.page.evaluate(() => window.sipfield.ready);
          if (!r.dbOpen) throw new Error(`start-up: ${r.error}`);
          await s.page.evaluate(() => window.sipfield.firstFrame);
          const t = await s.page.evaluate(() => window.sipfield.timing());
          const st = await s.page.evaluate(() => window.sipfield.storage());
          runs.push({ records_in_log: logged, ready_ms: t.ready, first_frame_ms: t.firstFrame, storage_open_ms: st.openMs,
                      load_replay_ms: r.loadMs, unlock_ms: r.unlockMs || 0, store_open_ms: r.openMs });
        }
        startup = { mb, runs };
      }
      if (s.problems.length) console.log(`  problems: ${s.problems.join('; ')}`);
    } finally {
      await s.close();
    }
  }
} finally {
  await server.close();
}

const f = (x) => x.toFixed(1).padStart(7);
console.log(`\ndurable save (dispatch of one small write → resolved after the storage acknowledged it), N=${N} per cell`);
console.log('  size     db bytes │ ours (OPFS page log) median   p95 │ IDBFS whole file median    p95 │ ckpts');
for (const r of rows) {
  console.log(`  ${String(r.mb).padStart(3)} MB ${String(r.db_bytes).padStart(10)} │ ${' '.repeat(14)}${f(r.opfs_ms.median)} ${f(r.opfs_ms.p95)} │ ` +
              `${' '.repeat(11)}${f(r.idbfs_ms.median)} ${f(r.idbfs_ms.p95)} │ ${r.checkpoints_during}`);
}
if (startup) {
  const m = (k) => quantile(startup.runs.map((r) => r[k]), 0.5);
  console.log(`\nstart-up with the ${startup.mb} MB database (navigation → ready), ${STARTS} reloads; first one with ${N + 10} records in the log:`);
  for (const r of startup.runs) {
    console.log(`  ready ${f(r.ready_ms)} ms = storage open (lock, worker, read both files) ${f(r.storage_open_ms)} + ` +
                `heap copy ${f(r.load_replay_ms)} + unlock (Argon2id, unwrap, decrypt & replay) ${f(r.unlock_ms)} + ` +
                `Store::Open (quick_check) ${f(r.store_open_ms)} + rest; first frame ${f(r.first_frame_ms)}`);
  }
  for (const r of startup.runs) r.rest_ms = r.ready_ms - r.storage_open_ms - r.load_replay_ms - r.unlock_ms - r.store_open_ms;
  const parts = { 'storage open': m('storage_open_ms'), 'heap copy': m('load_replay_ms'),
                  'unlock (Argon2id, unwrap, decrypt & replay)': m('unlock_ms'),
                  'Store::Open (quick_check)': m('store_open_ms'),
                  'the rest (navigation, fetching and compiling the wasm, runtime start)': m('rest_ms') };
  const top = Object.entries(parts).sort((a, b) => b[1] - a[1])[0];
  console.log(`  median ready ${m('ready_ms').toFixed(1)} ms; parts (medians): ` +
              Object.entries(parts).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '));
  console.log(`  dominated by ${top[0]} (${top[1].toFixed(1)} ms median)`);
}
fs.mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/out/durable-save.json'), JSON.stringify({ n: N, rows, startup }, null, 2));
