#!/usr/bin/env node
// bench/offline-start.mjs [N] [--browser-per-run] — how fast SIP Field starts with no network.
//
// One online visit installs the service worker and writes a little data; then the server is stopped and the
// browser context set offline, and the app is opened N times (default 10): each time in a new tab of the
// same browser, or, with --browser-per-run, in a freshly launched browser on the same profile (a cold start).
// Measured in the page: navigation start → window.sipfield.ready (database open) and → the first frame drawn
// with it. Prints median and p95 of both plus the precache size; writes bench/out/offline-start.json.
// Needs the built app (scripts/build web; SIP_WEB_DIST=… for another build folder).
import fs from 'node:fs';
import path from 'node:path';
import { DIST, ROOT, copyDist, serveDir, freshProfile, launch, openApp, dispatch, waitForServiceWorker } from '../tests/browser/harness.mjs';
import { precacheSizes } from '../scripts/lib/precache.mjs';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) || 10);
const perRun = args.includes('--browser-per-run');

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};

const dir = copyDist('bench-offline');
const profile = freshProfile('bench-offline');
const srv = await serveDir(dir);
const url = srv.url;
let s = await launch(profile, url);
await openApp(s.page, url);
await waitForServiceWorker(s.page);
await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Bänk Bänksson' });
await s.close();
await srv.close();

const runs = [];
const problems = [];
s = null;
for (let i = 0; i < N; ++i) {
  if (!s || perRun) {
    if (s) await s.close();
    s = await launch(profile, url);
    await s.context.setOffline(true);
  }
  const page = perRun || i === 0 ? s.page : await s.context.newPage();
  await page.goto(url);
  const ready = await page.evaluate(() => window.sipfield.ready);
  if (!ready.dbOpen) throw new Error(`run ${i}: database not open (${ready.error})`);
  await page.evaluate(() => window.sipfield.firstFrame);
  runs.push(await page.evaluate(() => window.sipfield.timing()));
  if (page === s.page) await page.goto('about:blank');
  else await page.close();
  problems.push(...s.problems.splice(0));
}
await s.close();
fs.rmSync(dir, { recursive: true, force: true });

const ready = runs.map((r) => r.ready);
const frame = runs.map((r) => r.firstFrame);
const size = precacheSizes(DIST);
const result = {
  runs: N,
  mode: perRun ? 'new browser per run' : 'new tab per run',
  ready_ms: { median: Math.round(quantile(ready, 0.5)), p95: Math.round(quantile(ready, 0.95)) },
  first_frame_ms: { median: Math.round(quantile(frame, 0.5)), p95: Math.round(quantile(frame, 0.95)) },
  precache_bytes: { raw: size.raw, gzip: size.gzip, files: size.files.length },
  problems,
};
fs.mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/out/offline-start.json'), JSON.stringify({ ...result, samples: runs }, null, 2));
console.log(`offline start, ${N} runs (${result.mode}):`);
console.log(`  database open  median ${result.ready_ms.median} ms, p95 ${result.ready_ms.p95} ms`);
console.log(`  first frame    median ${result.first_frame_ms.median} ms, p95 ${result.first_frame_ms.p95} ms`);
console.log(`  precache       ${size.files.length} files, ${size.raw} bytes (${size.gzip} gzip)`);
if (problems.length) console.log(`  problems: ${problems.join('; ')}`);
