// tests/core/papers-axe.mjs — the papers (core/papers/papers.h) in a real browser: accessibility and print.
//
//   node tests/core/papers-axe.mjs DIR OUT
//
// DIR holds the papers as *.html: tests/core/papers, whose files test_core proves are byte for byte what
// RenderPaper() makes today (the papers of every scenario case, one with hostile text everywhere). OUT gets
// one PDF per paper (test-output/papers, ignored by git).
//
// Each page is opened in Debian's headless Chromium (playwright-core, fresh profile, no network) and:
//   - axe-core runs every rule (WCAG 2.x A/AA and best practices): zero violations required;
//   - no page error, no console error, no request other than the page itself (self-contained);
//   - lang="sv", no <script> element, a <main>, an <h1>;
//   - under print media: nothing wider than A4's printable width; every table row, list item and definition row has break-inside: avoid, table
//     headers repeat (thead is a table-header-group), and the invitation's reply starts a new page;
//   - page.pdf() (A4, the page's own @page size and margins) writes OUT/<name>.pdf; its page count is
//     printed, and the invitation must take more than one page (the reply sheet is its own page).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: node tests/core/papers-axe.mjs DIR OUT');
  process.exit(2);
}
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
if (files.length === 0) {
  console.error(`no pages in ${dir}`);
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });

// Pages in a PDF: count the page objects ("/Type /Page", not "/Type /Pages").
function pdfPages(bytes) {
  const m = bytes.toString('latin1').match(/\/Type\s*\/Page(?!s)/g);
  return m ? m.length : 0;
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sipfield-papers-axe-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
  bypassCSP: true,   // the page's CSP forbids scripts; axe is injected by the test only
});
let failed = 0;
let violationsTotal = 0;
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
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      scripts: document.scripts.length,
      main: document.querySelectorAll('main').length,
      h1: document.querySelectorAll('h1').length,
    }));
    if (facts.lang !== 'sv') problems.push(`lang is "${facts.lang}"`);
    if (facts.scripts !== 0) problems.push(`${facts.scripts} script elements in the page`);
    if (facts.main !== 1) problems.push(`${facts.main} <main> elements`);
    if (facts.h1 !== 1) problems.push(`${facts.h1} <h1> elements`);

    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { });
      return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })),
               passes: r.passes.length };
    });
    for (const v of result.violations) problems.push(`axe ${v.id} (${v.impact}, ${v.nodes} nodes): ${v.help}`);
    violationsTotal += result.violations.length;

    // Print media: rows and items are never split, headers repeat, the reply sheet starts a page, and
    // nothing is wider than A4's printable width (210 mm less 2 × 15 mm margins = 680 CSS px).
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 680, height: 960 });
    const print = await page.evaluate(() => {
      const bad = [];
      if (document.documentElement.scrollWidth > 680) bad.push(`content ${document.documentElement.scrollWidth}px wide`);
      for (const el of document.querySelectorAll('tr, li, dl > div')) {
        const s = getComputedStyle(el);
        if (s.breakInside !== 'avoid' && s.pageBreakInside !== 'avoid') bad.push(el.tagName);
      }
      for (const el of document.querySelectorAll('thead'))
        if (getComputedStyle(el).display !== 'table-header-group') bad.push('thead');
      const reply = document.querySelector('.new-page');
      return { bad, replyBreak: reply ? getComputedStyle(reply).breakBefore : null };
    });
    if (print.bad.length) problems.push(`print: ${print.bad.length} elements may split (${[...new Set(print.bad)].join(', ')})`);
    if (f.includes('invitation') && print.replyBreak !== 'page') problems.push(`print: reply section break-before is ${print.replyBreak}`);

    const pdfPath = path.join(out, f.replace(/\.html$/, '.pdf'));
    const pdf = await page.pdf({ path: pdfPath, format: 'A4', preferCSSPageSize: true, printBackground: true });
    const pages = pdfPages(pdf);
    if (pages < 1) problems.push('the PDF has no pages');
    if (f.includes('invitation') && pages < 2) problems.push(`the invitation PDF has ${pages} page(s); the reply sheet must be its own page`);

    console.log(`${f}: ${result.violations.length} axe violations (${result.passes} rules passed), ` +
                `PDF ${pages} page(s) ${pdfPath}, ${problems.length} problems`);
    for (const p of problems) console.log(`  FAIL ${p}`);
    if (problems.length) failed++;
    await page.close();
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`papers-axe: ${files.length - failed}/${files.length} papers pass, ${violationsTotal} axe violations in all`);
process.exit(failed ? 1 : 0);
