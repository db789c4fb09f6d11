// tests/core/fhir-axe.mjs — accessibility of the convener's HTML view (core/fhir.h RenderHtml).
//
//   node tests/core/fhir-axe.mjs DIR      (DIR holds *.html written by the fhir_dump tool)
//
// Opens each page in Debian's headless Chromium (playwright-core, fresh profile, no network) and runs
// axe-core (every rule, WCAG 2.x A/AA and best practices): zero violations required. Also fails on any page
// error, console message of type error, or request other than the page itself (the page must be
// self-contained), and checks lang="sv".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/core/fhir-axe.mjs DIR');
  process.exit(2);
}
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
if (files.length === 0) {
  console.error(`no pages in ${dir}`);
  process.exit(1);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sipfield-fhir-axe-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run'],
  bypassCSP: true,   // the page's CSP forbids scripts; axe is injected by the test only
});
let failed = 0;
try {
  for (const f of files) {
    const file = path.resolve(dir, f);
    const url = `file://${file}`;
    const problems = [];
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    await page.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      problems.push(`request outside the page: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(url);
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== 'sv') problems.push(`lang is "${lang}"`);
    const scripts = await page.evaluate(() => document.scripts.length);
    if (scripts !== 0) problems.push(`${scripts} script elements in the page`);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { });
      return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })),
               passes: r.passes.length };
    });
    for (const v of result.violations) problems.push(`axe ${v.id} (${v.impact}, ${v.nodes} nodes): ${v.help}`);
    console.log(`${f}: ${result.violations.length} axe violations (${result.passes} rules passed), ${problems.length} problems`);
    for (const p of problems) console.log(`  FAIL ${p}`);
    if (problems.length) failed++;
    await page.close();
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`fhir-axe: ${files.length - failed}/${files.length} pages pass`);
process.exit(failed ? 1 : 0);
