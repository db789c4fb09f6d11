// web/sipfield-device.js — the JavaScript half of the device's signing key and of file exchange with the
// user (linked into sipfield.js with a second --pre-js; docs/bundle-format.md, "The device key").
//
// Device key: since issue 13 the 32-byte Ed25519 seed lives in the database's key file, wrapped by the database
// key (app/vault.h), so a locked app cannot sign. An earlier version kept it in IndexedDB ("sipfield-keys",
// store "keys", record "device") as AES-GCM ciphertext under a non-extractable WebCrypto key. That record is
// only read here, before main() runs (Module.sipfieldLegacySeedRead, awaited by preRun), so the first start
// of this version keeps the key the office knows (Module.sipfieldTakeLegacySeed, once); once the key file
// holding it is durable the whole IndexedDB database is deleted (Module.sipfieldForgetLegacySeed).
//
// Files: Module.sipfieldDownloadBytes(name, mime, bytes) offers bytes as a download;
// Module.sipfieldPickFile(kind) opens a file picker and hands the chosen file's text to C++
// (sipfield_file_picked); Module.sipfieldOpenPage(name, html) opens a paper in a new tab. Nothing here ever
// goes over the network.
/* global Module */
(function () {
  'use strict';
  const DB = 'sipfield-keys';
  const STORE = 'keys';
  const RECORD = 'device';
  let seed = null;        // Uint8Array(32) until C++ takes it

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  // The earlier version's seed, or null. Looks only when the browser lists that database, so a fresh profile
  // creates nothing.
  async function readLegacySeed() {
    if (!window.indexedDB || !indexedDB.databases) return null;
    const list = await indexedDB.databases();
    if (!list.some((d) => d.name === DB)) return null;
    const db = await request(indexedDB.open(DB));
    try {
      if (!db.objectStoreNames.contains(STORE)) return null;
      const rec = await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(RECORD));
      if (!rec || rec.v !== 1) return null;
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: rec.iv }, rec.kek, rec.wrapped);
      return new Uint8Array(plain);
    } finally {
      db.close();
    }
  }

  Module.sipfieldLegacySeedRead = readLegacySeed().then((s) => { seed = s; }, (e) => {
    console.warn('sipfield: the earlier device key could not be read:', (e && e.name) || 'error');
  });

  // C++ takes the seed once (at the first start or the adoption): returns it and forgets it here, or null.
  Module.sipfieldTakeLegacySeed = function () {
    const s = seed;
    seed = null;
    return s;
  };
  // After the key file that wraps the seed is durable.
  Module.sipfieldForgetLegacySeed = function () {
    if (window.indexedDB) indexedDB.deleteDatabase(DB);
  };

  Module.sipfieldDownloadBytes = function (name, mime, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: mime || 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };

  // A paper (Min SIP, the invitation, the consent: a complete HTML page with its own <style>) in a new tab.
  // The page is handed to the service worker under a random id and the tab opens papers/<id>, which the
  // worker answers from memory with a policy of its own: no script at all, inline style only (the app's own
  // policy, which a blob: page would inherit, forbids inline style). Nothing of the person is in the URL,
  // and nothing is fetched from the network. Returns 1 when the tab opened; 0 when there is no worker yet or
  // the browser blocked the tab (C++ then offers the page as a download).
  Module.sipfieldOpenPage = function (name, html) {
    const sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!sw) return 0;
    const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    sw.postMessage({ type: 'PAPER', id, html });
    const tab = window.open(new URL('papers/' + id, document.baseURI).href, '_blank');
    if (!tab) {
      sw.postMessage({ type: 'PAPER_FORGET', id });
      return 0;
    }
    try { tab.opener = null; } catch (e) { /* already cut off */ }
    return 1;
  };

  // kind: 0 office profile, 1 receipt (ui::PickKind). The text goes to C++; files over 4 MiB are refused
  // there by the commands' own limits, and here before reading anything bigger than 8 MiB.
  Module.sipfieldPickFile = function (kind) {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.jws,.txt,application/jose';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      input.remove();
      if (!file) return;
      if (file.size > 8 * 1024 * 1024) {
        Module.ccall('sipfield_file_picked', null, ['number', 'string'], [kind, '']);
        return;
      }
      file.text().then((text) => Module.ccall('sipfield_file_picked', null, ['number', 'string'], [kind, text]));
    });
    document.body.appendChild(input);
    input.click();
  };
})();
