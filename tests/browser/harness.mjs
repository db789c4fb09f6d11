// tests/browser/harness.mjs — shared set-up for the browser tests: the built app served on a free loopback
// port, Debian's Chromium driven by playwright-core with a fresh profile, and a watch on everything the
// page does that a test must fail on (page errors, console errors, requests to any other origin).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/lib/server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.SIP_WEB_DIST || path.join(ROOT, '.build/web/dist');
export const OUT = path.join(ROOT, 'test-output');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
];

export async function serveApp() {
  if (!fs.existsSync(path.join(DIST, 'sipfield.wasm'))) throw new Error(`no built app in ${DIST}: run scripts/build web`);
  return startServer({ root: DIST });
}

// A fresh, empty Chromium profile folder under test-output/profiles.
export function freshProfile(name) {
  const dir = path.join(OUT, 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  return fs.mkdtempSync(path.join(dir, `${name}-`));
}

export function screenshotPath(name) {
  const dir = path.join(OUT, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

// Launches Chromium on `profileDir` (kept between launches, so a restart sees the same storage).
// Returns {context, page, log, problems, close}. `log` is every console line; `problems` collects page
// errors, console errors and requests outside `origin`.
export async function launch(profileDir, origin, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const log = [];
  const problems = [];
  const watch = (page) => {
    page.on('console', (m) => {
      log.push(`[${m.type()}] ${m.text()}`);
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`foreign request: ${u}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] || (await context.newPage());
  return { context, page, log, problems, close: () => context.close() };
}

// Opens the app and waits for window.sipfield.ready; returns what ready resolved with.
export async function openApp(page, url) {
  await page.goto(url);
  return page.evaluate(() => window.sipfield.ready);
}

export function dispatch(page, request) {
  return page.evaluate((r) => window.sipfield.dispatch(r), request);
}

// Throws with the page's console log when the page misbehaved.
export function assertClean(session, what = 'page') {
  if (session.problems.length) {
    throw new Error(`${what} misbehaved:\n  ${session.problems.join('\n  ')}\n--- console log ---\n  ${session.log.join('\n  ')}`);
  }
}

export function tmpName(prefix) {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${os.hostname().length}`;
}
