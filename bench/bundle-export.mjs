#!/usr/bin/env node
// bench/bundle-export.mjs [N] — how long exporting a plan bundle takes in the browser.
//
// Sets up a fresh profile like a real device (device key, enrollment at a throw-away office made with the
// native `sipfield office` tool, the office profile imported), takes one case to an established plan, then
// exports its bundle N times (default 40) through window.sipfield.dispatch. Each sample is dispatch →
// promise resolved, i.e. FHIR mapping + JSON + Ed25519 signature + age encryption + the durable commit of
// the bundle row (the file is stored on the device until a receipt arrives). Prints median/p95 and the
// bundle size; writes bench/out/bundle-export.json. Needs scripts/build all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, serveApp, freshProfile, launch, openApp } from '../tests/browser/harness.mjs';
import { must, establishedCase } from '../tests/browser/story.mjs';

const N = Number(process.argv[2] || 40);
const SIPFIELD = process.env.SIP_NATIVE_CLI || path.join(ROOT, '.build/native/src/sipfield');
const env = { ...process.env, SIPFIELD_PASSPHRASE: 'bänkens lösenfras' };
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipfield-bench-office-'));
const office = (...args) => execFileSync(SIPFIELD, ['office', ...args, '--office', dir], { env, encoding: 'utf8' });
const server = await serveApp();
const s = await launch(freshProfile('bench-export'), server.url);
try {
  await openApp(s.page, server.url);
  await s.page.evaluate(() => window.sipfield.deviceKeyReady);
  await must(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Bänk Bänksson' });
  await must(s.page, { cmd: 'settings.set', key: 'device.name', value: 'Bänklaptop' });
  const req = await must(s.page, { cmd: 'device.enrollment_request' });
  fs.writeFileSync(path.join(dir, 'req.jws'), req.jws);
  office('init', '--name', 'Bänkkontoret');
  office('enroll', path.join(dir, 'req.jws'));
  office('profile', '--out', path.join(dir, 'profile.jws'));
  await must(s.page, { cmd: 'profile.import', profile: fs.readFileSync(path.join(dir, 'profile.jws'), 'utf8') });
  const caseId = await establishedCase(s.page);

  const ms = [];
  let size = 0;
  for (let i = 0; i < N + 3; ++i) {
    const t = await s.page.evaluate(async (id) => {
      const t0 = performance.now();
      const r = await window.sipfield.dispatch({ cmd: 'bundle.export', case_id: id });
      if (!r.ok) throw new Error(r.error.code);
      return { ms: performance.now() - t0, size: r.result.size };
    }, caseId);
    if (i >= 3) ms.push(t.ms);   // the first few warm up the wasm code paths
    size = t.size;
  }
  const out = { n: ms.length, median_ms: quantile(ms, 0.5), p95_ms: quantile(ms, 0.95), bundle_bytes: size };
  console.log(`bundle export in the browser (dispatch → durable), n=${out.n}: median ${out.median_ms.toFixed(1)} ms, ` +
              `p95 ${out.p95_ms.toFixed(1)} ms, bundle ${size} bytes`);
  fs.mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/out/bundle-export.json'), JSON.stringify(out, null, 2));
} finally {
  await s.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
