// web/sw.js — SIP Field's service worker (template: the build writes dist/sw.js with the precache list).
//
// - install: stores every file of this version in its own cache "sipfield-<version>". Each file is checked
//   against its SHA-256 from the build, so a cache never mixes two versions (a half-finished deploy fails
//   the install, and the running version stays). Files unchanged since an older version are copied from
//   that version's cache instead of downloaded again.
// - fetch: files of this version come from its cache (cache-first); the page works with no network.
//   Anything else, and every other origin, is left to the browser (the page never asks for those).
// - update: a new version waits (no skipWaiting) until the page, with the user's consent and nothing
//   unsaved, posts {type: 'SKIP_WAITING'}; on activation it removes older caches and takes the open pages.
// - {type: 'VERSION'} with a MessagePort answers {version}.
// - papers: {type: 'PAPER', id, html} from the page (web/sipfield-device.js, sipfieldOpenPage) is kept in
//   memory only, for at most 10 minutes, and served at papers/<id> to the tab the page opens, with a policy of
//   its own (no script; inline style, which the papers use). Never written to a cache or disk.
// - Background Sync: when the page could not reach the office, it leaves a copy of each waiting bundle in
//   IndexedDB (web/outbox-queue.js) and registers the sync tag "sipfield-outbox". The browser fires `sync`
//   here once it is online again, even with no page open: the bundles are posted to the office
//   (POST /api/v1/bundles, oldest first) and each answer is kept beside its bundle (the receipt, or the
//   office's refusal code) for the page to check and import the next time it runs; open pages are told at
//   once ({type: 'OUTBOX_SYNCED'}). No answer, or one that is not the office API's JSON (a captive portal),
//   fails the sync, and the browser tries again later.
/* eslint-env serviceworker */
/* global SipOutboxQueue, SipOfficeApi */
'use strict';

importScripts('office-api.js', 'outbox-queue.js');

const PRECACHE = /*@PRECACHE*/ { "version": "unbuilt", "files": [] } /*PRECACHE@*/;
const PREFIX = 'sipfield-';
const CACHE = PREFIX + PRECACHE.version;
const SCOPE = new URL(self.registration.scope);
const FILES = new Map(PRECACHE.files.map((f) => [new URL(f.url, SCOPE).pathname, f]));

async function digest(response) {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer()));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

// A response for `url` with the expected hash from an older version's cache, or null.
async function fromOlderCache(url, sha256) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const hit = await (await caches.open(name)).match(url);
    if (hit && (await digest(hit)) === sha256) return hit;
  }
  return null;
}

async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(PRECACHE.files.map(async (f) => {
    const url = new URL(f.url, SCOPE).href;
    if (await cache.match(url)) return;   // an earlier, interrupted install of this version got it
    let res = await fromOlderCache(url, f.sha256);
    // Revalidated first (the page has usually just loaded the same bytes), then from the server itself.
    for (const mode of ['no-cache', 'reload']) {
      if (res) break;
      const got = await fetch(url, { cache: mode, credentials: 'same-origin', redirect: 'error' });
      if (!got.ok) throw new Error(`${f.url}: HTTP ${got.status}`);
      if ((await digest(got)) === f.sha256) res = got;
    }
    if (!res) throw new Error(`${f.url}: not the file of version ${PRECACHE.version}`);
    await cache.put(url, res);
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().catch(async (e) => {
    await caches.delete(CACHE);
    throw e;
  }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

// Papers waiting for their tab: id → {html} or {waiters}. The fetch may come before the message.
const PAPERS = new Map();
const PAPER_TTL_MS = 10 * 60 * 1000;
const PAPER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function paperResponse(html) {
  const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAPER_CSP,
                    'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' };
  if (html != null) return new Response(html, { status: 200, headers });
  return new Response('<!doctype html><html lang="sv"><meta charset="utf-8"><title>SIP Field</title>' +
    '<p>Dokumentet finns inte längre. Öppna det igen från SIP Field.</p></html>', { status: 404, headers });
}

function paperFor(id) {
  const e = PAPERS.get(id);
  if (e && e.html != null) return Promise.resolve(e.html);
  return new Promise((resolve) => {
    const entry = e || { waiters: [] };
    entry.waiters.push(resolve);
    PAPERS.set(id, entry);
    setTimeout(() => {   // the page's message never came: answer "not found" and leave nothing behind
      if (PAPERS.get(id) === entry && entry.html == null) {
        entry.waiters = entry.waiters.filter((w) => w !== resolve);
        if (!entry.waiters.length) PAPERS.delete(id);
      }
      resolve(null);
    }, 5000);
  });
}

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  const reply = (msg) => { if (event.ports && event.ports[0]) event.ports[0].postMessage(msg); };
  if (type === 'PAPER' && /^[0-9a-f]{32}$/.test(event.data.id) && typeof event.data.html === 'string') {
    const id = event.data.id;
    const waiting = PAPERS.get(id);
    PAPERS.set(id, { html: event.data.html });
    if (waiting && waiting.waiters) waiting.waiters.forEach((w) => w(event.data.html));
    setTimeout(() => PAPERS.delete(id), PAPER_TTL_MS);
  } else if (type === 'PAPER_FORGET') {
    PAPERS.delete(event.data.id);
  } else if (type === 'SKIP_WAITING') {
    self.skipWaiting();
  } else if (type === 'VERSION') {
    reply({ version: PRECACHE.version });
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== SCOPE.origin) return;
  let p = url.pathname;
  if (p.startsWith(SCOPE.pathname + 'papers/')) {
    const id = p.slice(SCOPE.pathname.length + 'papers/'.length);
    event.respondWith(/^[0-9a-f]{32}$/.test(id) ? paperFor(id).then(paperResponse) : paperResponse(null));
    return;
  }
  if (req.mode === 'navigate' && p === SCOPE.pathname) p += 'index.html';
  const file = FILES.get(p);
  if (!file) return;
  event.respondWith((async () => {
    const hit = await (await caches.open(CACHE)).match(new URL(file.url, SCOPE).href);
    return hit || fetch(req);   // only if the browser evicted the cache: the network, as without a worker
  })());
});

// Posts every queued bundle that has no answer yet; resolves when each has one, rejects (so that the browser
// retries the sync later) when the office cannot be reached or cannot take a bundle now.
async function sendQueued() {
  const todo = (await SipOutboxQueue.all()).filter((e) => !e.receipt && !e.refused);
  if (!todo.length) return;
  const api = (path) => new URL(path, SCOPE).href;
  await SipOfficeApi.health(api('api/v1/health'));
  let answered = 0;
  try {
    for (const e of todo) {
      const r = await SipOfficeApi.postBundle(api('api/v1/bundles'), e.file);   // or office_unreachable
      if (r.receipt) {
        await SipOutboxQueue.put(Object.assign({}, e, { receipt: r.receipt, sent_at: Date.now() }));
        answered++;
      } else {
        await SipOutboxQueue.put(Object.assign({}, e, { refused: r.refused }));
        answered++;
        // The office no longer (or never) trusts this key: the rest would be refused alike; the page decides.
        if (SipOfficeApi.keyRefused(r.refused)) break;
      }
    }
  } finally {
    if (answered) {
      for (const c of await self.clients.matchAll({ type: 'window' })) c.postMessage({ type: 'OUTBOX_SYNCED' });
    }
  }
}

self.addEventListener('sync', (event) => {
  if (event.tag === SipOutboxQueue.TAG) event.waitUntil(sendQueued());
});
