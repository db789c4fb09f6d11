// scripts/lib/summarize.mjs JUNIT.xml… — one closing line for scripts/test: "summary: N passed, M failed".
//
// Reads the JUnit files written by ctest (native and wasm) and node's test runner (browser tests). A ctest
// test that ran a doctest binary counts as that binary's test cases (from doctest's own summary line);
// any other test counts as one. A file that is missing counts as one failure: its stage did not run.
import fs from 'node:fs';
import path from 'node:path';

const DOCTEST = /\[doctest\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/;
const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

let passed = 0, failed = 0, skipped = 0;
const rows = [];
for (const file of process.argv.slice(2)) {
  const label = path.basename(file, '.xml');
  if (!fs.existsSync(file)) {
    failed += 1;
    rows.push(`${label}: did not run`);
    continue;
  }
  const xml = fs.readFileSync(file, 'utf8');
  let p = 0, f = 0, s = 0;
  // <testcase …/> or <testcase …>…</testcase>
  const cases = xml.match(/<testcase\b[^>]*?(?:\/>|>[\s\S]*?<\/testcase>)/g) || [];
  for (const c of cases) {
    const bad = /<(failure|error)\b/.test(c);
    const skip = /<skipped\b/.test(c) || /status="notrun"|status="disabled"/.test(c);
    const m = decode(c).match(DOCTEST);
    if (m) {
      p += Number(m[2]);
      f += Number(m[3]);
      if (bad && Number(m[3]) === 0) f += 1;   // crashed after its summary, or a non-zero exit
    } else if (skip) {
      s += 1;
    } else if (bad) {
      f += 1;
    } else {
      p += 1;
    }
  }
  if (cases.length === 0) { f += 1; rows.push(`${label}: no tests found`); }
  rows.push(`${label}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);
  passed += p; failed += f; skipped += s;
}
for (const r of rows) console.log(`  ${r}`);
console.log(`summary: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
