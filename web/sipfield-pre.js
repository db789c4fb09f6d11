// web/sipfield-pre.js — the JavaScript half of the platform layer, linked into sipfield.js (--pre-js).
//
// Public surface for tests and automation (no personal data ever goes into a URL or a log from here):
//   window.sipfield.ready               Promise<{dbOpen, error}> — resolved once the database is open
//   window.sipfield.dispatch(request)   Promise<response> — request is a JSON string or an object; the
//                                       promise resolves after any write it caused is in IndexedDB
//   window.sipfield.saveState()         {state: "idle"|"saving"|"saved"|"error", savedAt, error}
//   window.sipfield.firstFrame          Promise<ms> — the first frame drawn with the database open, in ms since
//                                       navigation start (window.sipfield.timing() → {ready, firstFrame})
//   window.sipfield.status()            what the status bar knows: {online, update_available, update_note,
//                                       unsaved_input, storage_persisted, db_open}
//   window.sipfield.updateAvailable()   true when a new version is installed and waiting
//   window.sipfield.checkForUpdate()    Promise<boolean> — asks the server for a new version now
//   window.sipfield.update()            Promise<{ok, code}> — switches to the waiting version: code "updating"
//                                       (the page reloads), "unsaved_input", "no_update" or "db_io"
//   window.sipfield.buildId()           Promise<string|null> — the version of the controlling service worker
//
// Persistence: /data is an IDBFS mount. Before main() runs, preRun waits for FS.syncfs(true) so the
// database file is read from IndexedDB first. After every commit C++ calls Module.sipfieldPersist(); syncs
// are serialised (one in flight, at most one queued) and their outcome is reported back to C++.
//
// Offline: once the database is open the page registers sw.js (web/sw.js), which precaches every file of
// this version and serves them cache-first. A new version installs beside the running one and waits; the
// status bar shows "Ny version finns", and the switch (SKIP_WAITING, then a reload once the new worker has
// taken the page) happens only through AppUi::RequestUpdate(), i.e. when nothing is unsaved. Network state
// (navigator.onLine) goes to the status bar too.
/* global Module, FS, IDBFS, addRunDependency, removeRunDependency */
(function () {
  'use strict';
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  let resolveFirstFrame;
  const firstFrame = new Promise((resolve) => { resolveFirstFrame = resolve; });
  const timing = { ready: null, firstFrame: null };
  const SAVE = { idle: 0, saving: 1, saved: 2, error: 3 };
  const persist = { running: false, dirty: false, waiters: [], state: 'idle', savedAt: 0, error: '' };

  function report(state, error) {
    persist.state = state;
    persist.error = error || '';
    if (state === 'saved') persist.savedAt = Date.now();
    Module.ccall('sipfield_set_save_state', null, ['number', 'number', 'string'],
                 [SAVE[state], persist.savedAt, persist.error]);
  }

  function runSync() {
    persist.running = true;
    persist.dirty = false;
    report('saving');
    FS.syncfs(false, (err) => {
      persist.running = false;
      if (err) {
        console.error('sipfield: saving to IndexedDB failed:', err && err.message ? err.message : String(err));
        report('error', 'syncfs failed');
      }
      if (persist.dirty) { runSync(); return; }
      if (!err) report('saved');
      const waiters = persist.waiters.splice(0);
      waiters.forEach((w) => w(err ? false : true));
    });
  }

  // Called from C++ after every commit.
  Module.sipfieldPersist = function () {
    persist.dirty = true;
    if (!persist.running) runSync();
  };

  // Resolves true when everything committed so far is in IndexedDB (false if the last sync failed).
  function flushed() {
    if (!persist.running && !persist.dirty) return Promise.resolve(persist.state !== 'error');
    return new Promise((resolve) => persist.waiters.push(resolve));
  }

  async function dispatch(request) {
    await ready;
    const text = typeof request === 'string' ? request : JSON.stringify(request);
    const out = Module.ccall('sipfield_dispatch', 'string', ['string'], [text]);
    const response = JSON.parse(out);
    const durable = await flushed();
    if (!durable && response.ok) {
      response.ok = false;
      response.error = { code: 'db_io', message: 'Ändringen kunde inte sparas i webbläsarens lagring.' };
    }
    return response;
  }

  // --- Service worker: offline start and safe updates -------------------------------------------------
  const UPDATE_CHECK_MS = 30 * 60 * 1000;
  const sw = { registration: null, waiting: null, switching: false };

  function setWaiting(worker) {
    sw.waiting = worker;
    Module.ccall('sipfield_set_update_available', null, ['number'], [worker ? 1 : 0]);
    if (worker) {
      worker.addEventListener('statechange', () => {
        if (worker.state === 'redundant' && sw.waiting === worker) setWaiting(null);   // replaced by a newer one
      });
    }
  }

  function watchRegistration(reg) {
    sw.registration = reg;
    if (reg.waiting && reg.active) setWaiting(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        // "installed" with an active worker beside it = a new version waiting for the user's go-ahead.
        if (worker.state === 'installed' && reg.active) setWaiting(worker);
      });
    });
  }

  // Asks the worker (a message, answered on a MessagePort) with a time limit; null when there is no worker.
  function askWorker(message, timeoutMs) {
    const controller = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!controller) return Promise.resolve(null);
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      const timer = setTimeout(() => resolve(null), timeoutMs);
      channel.port1.onmessage = (e) => { clearTimeout(timer); resolve(e.data || null); };
      controller.postMessage(message, [channel.port2]);
    });
  }

  // Resolves once the check is done. (Chromium runs a check asked by a page that draws every frame up to a
  // minute late; the browser's own checks on navigation are not affected.)
  function checkForUpdate() {
    if (!sw.registration || !navigator.onLine) return Promise.resolve(false);
    return sw.registration.update().then(() => true, () => false);   // offline or server gone: try later
  }

  function registerServiceWorker() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (sw.switching) window.location.reload();   // only the page that asked; a first install just takes over
    });
    navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).then((reg) => {
      watchRegistration(reg);
      setInterval(checkForUpdate, UPDATE_CHECK_MS);
      window.addEventListener('online', checkForUpdate);
    }, (err) => {
      console.warn('sipfield: no offline support, the service worker did not register:', err && err.message);
    });
  }

  // Called by C++ (the update hook) once AppUi::RequestUpdate() found nothing unsaved.
  let applying = null;
  Module.sipfieldApplyUpdate = function () {
    if (applying) return applying;
    applying = flushed().then((durable) => {
      const worker = sw.waiting;
      if (!durable) return { ok: false, code: 'db_io' };
      if (!worker) return { ok: false, code: 'no_update' };
      sw.switching = true;
      // Another tab may have switched already: then this page only has to load the new version.
      if (worker.state === 'activated') window.location.reload();
      worker.addEventListener('statechange', () => { if (worker.state === 'activated') window.location.reload(); });
      worker.postMessage({ type: 'SKIP_WAITING' });
      return { ok: true, code: 'updating' };
    });
    applying.then((r) => {
      if (r.ok) return;
      applying = null;
      Module.ccall('sipfield_update_failed', null, [], []);
    });
    return applying;
  };

  async function update() {
    await ready;
    const code = Module.ccall('sipfield_request_update', 'string', [], []);
    if (code !== 'started') return { ok: false, code };
    return Module.sipfieldApplyUpdate();
  }

  function buildId() {
    return askWorker({ type: 'VERSION' }, 5000).then((r) => (r && r.version) || null);
  }

  function reportOnline() { Module.ccall('sipfield_set_online', null, ['number'], [navigator.onLine ? 1 : 0]); }

  // After a damaged database was kept aside: start over with an empty one (the damaged file stays).
  async function startFresh() {
    await ready;
    const result = JSON.parse(Module.ccall('sipfield_start_fresh', 'string', [], []));
    await flushed();
    return result;
  }

  // Downloads a file of the app's storage (the damaged database kept aside) without sending it anywhere.
  Module.sipfieldDownload = function (path) {
    const data = FS.readFile(path);
    const url = URL.createObjectURL(new Blob([data], { type: 'application/vnd.sqlite3' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = path.split('/').pop();
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };

  window.sipfield = {
    ready,
    dispatch,
    startFresh,
    exportDamaged: () => ready.then(() => Module.ccall('sipfield_export_damaged', null, [], [])),
    saveState: () => ({ state: persist.state, savedAt: persist.savedAt, error: persist.error }),
    firstFrame,
    timing: () => ({ ready: timing.ready, firstFrame: timing.firstFrame }),
    status: () => JSON.parse(Module.ccall('sipfield_ui_state', 'string', [], [])),
    updateAvailable: () => !!sw.waiting,
    checkForUpdate,
    update,
    buildId,
  };

  Module.canvas = document.getElementById('canvas');
  Module.sipfieldOnReady = function (info) {
    timing.ready = performance.now();
    document.body.classList.add('ready');
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persist().then(
        (granted) => Module.ccall('sipfield_set_persisted', null, ['number'], [granted ? 1 : 0]),
        () => Module.ccall('sipfield_set_persisted', null, ['number'], [0]));
    }
    reportOnline();
    window.addEventListener('online', reportOnline);
    window.addEventListener('offline', reportOnline);
    registerServiceWorker();
    resolveReady(info);
  };
  Module.sipfieldOnFirstFrame = function () {
    timing.firstFrame = performance.now();
    resolveFirstFrame(timing.firstFrame);
  };
  Module.printErr = (text) => console.error(text);
  Module.onAbort = (what) => {
    const el = document.getElementById('loading');
    if (el) { el.textContent = 'SIP Field kunde inte starta. Ladda om sidan.'; el.classList.add('error'); }
    console.error('sipfield: aborted:', what);
  };

  Module.preRun = Module.preRun || [];
  Module.preRun.push(function () {
    FS.mkdir('/data');
    FS.mount(IDBFS, {}, '/data');
    addRunDependency('sipfield-idbfs');
    FS.syncfs(true, (err) => {
      if (err) {
        // Keep going so the UI can explain; C++ sees this flag and opens no database (nothing is overwritten).
        Module.sipfieldStorageError = String(err && err.message ? err.message : err);
        console.error('sipfield: reading IndexedDB failed:', Module.sipfieldStorageError);
      }
      removeRunDependency('sipfield-idbfs');
    });
  });

  // Leaving while a save is in flight would lose it: ask the browser to warn.
  window.addEventListener('beforeunload', (event) => {
    if (persist.running || persist.dirty) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
})();
