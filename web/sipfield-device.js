// web/sipfield-device.js — the JavaScript half of the device's signing key and of file exchange with the
// user (linked into sipfield.js with a second --pre-js; docs/bundle-format.md, "The device key").
//
// Device key: a 32-byte Ed25519 seed, kept in IndexedDB ("sipfield-keys", store "keys", record "device")
// only as AES-GCM ciphertext under a non-extractable WebCrypto key stored beside it. Nobody can read that
// key out of the browser; the page can only ask the browser to decrypt with it. At start-up the seed is
// unwrapped in the background (never delaying the first frame) and handed to C++ once, on first use
// (Module.sipfieldTakeDeviceSeed); the JavaScript copy is wiped then. Until it is ready, commands that sign
// answer device_key_missing.
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
  let keyError = '';      // a stable code when the key could not be made or read

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  function openDb() {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    return request(r);
  }

  async function get(db) {
    return request(db.transaction(STORE, 'readonly').objectStore(STORE).get(RECORD));
  }

  // Loads the device seed, making (and storing, wrapped) a new one on the first start.
  async function loadSeed() {
    const db = await openDb();
    try {
      let rec = await get(db);
      if (!rec) {
        const fresh = crypto.getRandomValues(new Uint8Array(32));
        const kek = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const wrapped = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, kek, fresh);
        fresh.fill(0);
        try {
          // add(), not put(): if another start made a key meanwhile, keep that one.
          await request(db.transaction(STORE, 'readwrite').objectStore(STORE).add(
            { v: 1, kek, iv, wrapped, created: Date.now() }, RECORD));
        } catch (e) { /* ConstraintError: a key exists now; read it below */ }
        rec = await get(db);
      }
      if (!rec || rec.v !== 1) throw Object.assign(new Error('bad key record'), { code: 'device_key_missing' });
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: rec.iv }, rec.kek, rec.wrapped);
      return new Uint8Array(plain);
    } finally {
      db.close();
    }
  }

  Module.sipfieldDeviceKeyReady = loadSeed().then((s) => { seed = s; return true; }, (e) => {
    keyError = (e && e.code) || 'device_key_missing';
    console.warn('sipfield: the device key is not available:', keyError);
    return false;
  });

  // C++ takes the seed once: returns it (and forgets it here), or null when it is not ready (yet).
  Module.sipfieldTakeDeviceSeed = function () {
    if (!seed) return null;
    const s = seed;
    seed = null;
    return s;
  };
  Module.sipfieldDeviceKeyError = () => keyError;

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
