// web/outbox-queue.js — the outbox's copy for the service worker: one IndexedDB database, "sipfield-outbox",
// that the page fills (web/sipfield-outbox.js, linked into sipfield.js as a --pre-js) and the service worker
// sends from when Background Sync fires, with or without a page open (web/sw.js, by importScripts; the file is
// served and precached beside it).
//
// An entry, keyed by the bundle's jti: {jti, seq, file, receipt, sent_at, refused}. `file` is the .sipbundle's
// bytes, age ciphertext to the office exactly as it travels, so nothing here is personal data in plain form;
// jti is a random UUID and seq the device's counter. `receipt` is the office's answer to the worker's POST (a
// compact JWS, not yet checked: only the page can check it, against the admin key pinned in the database),
// `sent_at` when it came (ms since the epoch, for the status bar's "Skickat"), and `refused` the office's
// error code when it refused the bundle. The page imports each receipt through receipt.import (which marks the
// bundle delivered only if the pinned admin key signed it) and then deletes the entry; a receipt that fails
// the check is cleared, so the bundle is sent again.
/* exported SipOutboxQueue */
// eslint-disable-next-line no-unused-vars
var SipOutboxQueue = (function () {
  'use strict';
  const DB = 'sipfield-outbox';
  const STORE = 'bundles';

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  function open() {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'jti' });
    return request(r);
  }

  // Runs fn(store) in one transaction; resolves with fn's result once the transaction has committed.
  async function inStore(mode, fn) {
    const db = await open();
    try {
      const tx = db.transaction(STORE, mode);
      const done = new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new Error('aborted'));
      });
      const result = await fn(tx.objectStore(STORE));
      await done;
      return result;
    } finally {
      db.close();
    }
  }

  return {
    TAG: 'sipfield-outbox',   // the Background Sync tag
    // Every entry, oldest (lowest seq) first.
    all: () => inStore('readonly', (s) => request(s.getAll())).then((list) => list.sort((a, b) => a.seq - b.seq)),
    // The jtis held.
    keys: () => inStore('readonly', (s) => request(s.getAllKeys())),
    put: (entry) => inStore('readwrite', (s) => request(s.put(entry))),
    remove: (jti) => inStore('readwrite', (s) => request(s.delete(jti))),
  };
})();
