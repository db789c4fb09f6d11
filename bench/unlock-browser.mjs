#!/usr/bin/env node
// bench/unlock-browser.mjs [N] — how long the unlock takes in the browser (issue 13).
//
// A fresh profile gets its passphrase (the first start), one case and a setting, then the page is reloaded N
// times (default 15) and unlocked through window.sipfield.unlock each time. Two figures per start:
//   unlock_ms   what C++ measured inside: Argon2id (kDefaultKdf, src/bundle/key_wrap.h) + unwrapping the
//               database and device keys + opening and replaying the sealed files (ready.unlockMs)
//   call_ms     window.sipfield.unlock(passphrase) called → resolved: the above plus Store::Open, the resume,
//               and every write of the start acknowledged by the OPFS worker
// Side by side, in the same page: the anchor of ../shared/toolchain.md is not an Argon2 figure, so the native
// and wasm figures of bench/unlock.cpp (`.build/native/tests/bench_unlock`, `node --no-experimental-fetch .build/web/tests/bench_unlock.js`)
// are the comparison. Prints median/p95; writes bench/out/unlock-browser.json. Needs scripts/build web.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serveApp, freshProfile, launch, TEST_PASSPHRASE } from '../tests/browser/harness.mjs';

const N = Number(process.argv[2] || 15);
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};

const server = await serveApp();
const s = await launch(freshProfile('bench-unlock'), server.url, { unlock: false });
try {
  const page = s.page;
  await page.goto(server.url);
  await page.evaluate(() => window.sipfield.started);
  const first = await page.evaluate(async (p) => {
    const t0 = performance.now();
    const r = await window.sipfield.setPassphrase(p);
    return { r, ms: performance.now() - t0 };
  }, TEST_PASSPHRASE);
  if (!first.r.ok) throw new Error(first.r.code);
  await page.evaluate(() => window.sipfield.dispatch({ cmd: 'settings.set', key: 'staff.name', value: 'Bänk Bänksson' }));
  await page.evaluate(() => window.sipfield.dispatch({
    cmd: 'case.create', owner: { name: 'Arvid Testsson', identity_number: '19821105-9954' },
    noticed_by: 'home_care', noticed_on: '2026-11-02',
  }));
  const unlock = [];
  const call = [];
  for (let i = 0; i < N; i++) {
    await page.reload();
    await page.evaluate(() => window.sipfield.started);
    const t = await page.evaluate(async (p) => {
      const t0 = performance.now();
      const r = await window.sipfield.unlock(p);
      const ready = await window.sipfield.ready;
      return { ok: r.ok, code: r.code, call: performance.now() - t0, unlock: ready.unlockMs };
    }, TEST_PASSPHRASE);
    if (!t.ok) throw new Error(t.code);
    unlock.push(t.unlock);
    call.push(t.call);
  }
  const out = {
    n: N,
    first_start_ms: +first.ms.toFixed(1),
    unlock_ms: { median: +quantile(unlock, 0.5).toFixed(1), p95: +quantile(unlock, 0.95).toFixed(1) },
    call_ms: { median: +quantile(call, 0.5).toFixed(1), p95: +quantile(call, 0.95).toFixed(1) },
  };
  console.log(`unlock in the browser, n=${N}: Argon2id + unwrap + replay median ${out.unlock_ms.median} ms, ` +
              `p95 ${out.unlock_ms.p95} ms; unlock() → resolved median ${out.call_ms.median} ms, p95 ${out.call_ms.p95} ms; ` +
              `first start (key made, files sealed) ${out.first_start_ms} ms`);
  fs.mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/out/unlock-browser.json'), JSON.stringify(out, null, 2));
} finally {
  await s.close();
  await server.close();
}
