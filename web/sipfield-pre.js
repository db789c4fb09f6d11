// web/sipfield-pre.js — the JavaScript half of the platform layer, linked into sipfield.js (--pre-js).
//
// Public surface for tests and automation (no personal data ever goes into a URL or a log from here):
//   window.sipfield.ready               Promise<{dbOpen, error}> — resolved once the database is open
//   window.sipfield.dispatch(request)   Promise<response> — request is a JSON string or an object; the
//                                       promise resolves after any write it caused is in IndexedDB
//   window.sipfield.saveState()         {state: "idle"|"saving"|"saved"|"error", savedAt, error}
//
// Persistence: /data is an IDBFS mount. Before main() runs, preRun waits for FS.syncfs(true) so the
// database file is read from IndexedDB first. After every commit C++ calls Module.sipfieldPersist(); syncs
// are serialised (one in flight, at most one queued) and their outcome is reported back to C++.
/* global Module, FS, IDBFS, addRunDependency, removeRunDependency */
(function () {
  'use strict';
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
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

  window.sipfield = {
    ready,
    dispatch,
    saveState: () => ({ state: persist.state, savedAt: persist.savedAt, error: persist.error }),
  };

  Module.canvas = document.getElementById('canvas');
  Module.sipfieldOnReady = function (info) {
    document.body.classList.add('ready');
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persist().then(
        (granted) => Module.ccall('sipfield_set_persisted', null, ['number'], [granted ? 1 : 0]),
        () => Module.ccall('sipfield_set_persisted', null, ['number'], [0]));
    }
    resolveReady(info);
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
