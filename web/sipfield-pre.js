// web/sipfield-pre.js — the JavaScript half of the platform layer, linked into sipfield.js (--pre-js).
//
// Public surface for tests and automation (no personal data ever goes into a URL or a log from here):
//   window.sipfield.ready               Promise<{dbOpen, error}> — resolved once the database is open
//   window.sipfield.dispatch(request)   Promise<response> — request is a JSON string or an object; the
//                                       promise resolves after the storage worker acknowledged every commit
//                                       record up to the write's (i.e. the write is durable in OPFS); a
//                                       read (no record written) resolves at once
//   window.sipfield.saveState()         {state: "idle"|"saving"|"saved"|"error"|"full", savedAt, error}
//   window.sipfield.firstFrame          Promise<ms> — the first frame drawn with the database open, in ms since
//                                       navigation start (window.sipfield.timing() → {ready, firstFrame})
//   window.sipfield.status()            what the status bar knows: {online, update_available, update_note,
//                                       unsaved_input, storage_persisted, db_open}
//   window.sipfield.updateAvailable()   true when a new version is installed and waiting
//   window.sipfield.checkForUpdate()    Promise<boolean> — asks the server for a new version now
//   window.sipfield.update()            Promise<{ok, code}> — switches to the waiting version: code "updating"
//                                       (the page reloads), "unsaved_input", "no_update" or "db_io"
//   window.sipfield.buildId()           Promise<string|null> — the version of the controlling service worker
//   window.sipfield.storage()           {posted, acked, inflight, checkpoints, failed, migrated, openMs,
//                                       dbBytes} — counters of the storage queue, for tests and benchmarks (no
//                                       data); openMs: lock + worker + reading both files at start
//   window.sipfield.checkpoint()        Promise<boolean> — folds the log into the base now (tests, benchmarks)
//   window.sipfield.restoreBackup(bytes, passphrase)
//                                       Promise<{ok, code}> — replaces the database with the one inside a
//                                       backup file (Uint8Array or ArrayBuffer; dispatch backup.export makes
//                                       them); resolves once the new database is durable in OPFS. A wrong
//                                       passphrase ("backup_wrong_passphrase"), a damaged or a foreign file
//                                       gives its code and changes nothing; the replaced database is kept as
//                                       sipfield.db.before-restore-<time>
//
// Persistence (src/store/page_log.h, web/opfs-worker.js): the database lives in the wasm heap behind a SQLite
// VFS that turns each commit into a record; C++ hands every record to Module.sipfieldAppend(), which posts it
// to a dedicated Worker owning sipfield.db and sipfield.db-log in the Origin Private File System. The worker
// appends, flushes and acknowledges, strictly in order. Before main() runs, preRun takes the one-tab lock
// (navigator.locks "sipfield-db", held for the page's life), starts the worker and waits for both files'
// bytes; on the first start in a profile it adopts a database the IDBFS version left in IndexedDB ("/data",
// untouched afterwards). When the lock is taken by another tab, or OPFS is missing, main() gets an error code
// instead ("db_locked", "storage_unavailable") and opens nothing.
//
// Offline: once the database is open the page registers sw.js (web/sw.js), which precaches every file of
// this version and serves them cache-first. A new version installs beside the running one and waits; the
// status bar shows "Ny version finns", and the switch (SKIP_WAITING, then a reload once the new worker has
// taken the page) happens only through AppUi::RequestUpdate(), i.e. when nothing is unsaved. Network state
// (navigator.onLine) goes to the status bar too.
/* global Module, addRunDependency, removeRunDependency */
(function () {
  'use strict';
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  let resolveStarted;
  const started = new Promise((resolve) => { resolveStarted = resolve; });
  let resolveFirstFrame;
  const firstFrame = new Promise((resolve) => { resolveFirstFrame = resolve; });
  const timing = { ready: null, firstFrame: null };
  const SAVE = { idle: 0, saving: 1, saved: 2, error: 3, full: 4 };
  const persist = { state: 'idle', savedAt: 0, error: '' };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function report(state, error) {
    persist.state = state;
    persist.error = error || '';
    if (state === 'saved') persist.savedAt = Date.now();
    Module.ccall('sipfield_set_save_state', null, ['number', 'number', 'string'],
                 [SAVE[state], persist.savedAt, persist.error]);
  }

  // --- Device users (issue 13) -------------------------------------------------------------------------
  // Staff members sharing this browser profile each have their own encrypted database (web/opfs-worker.js
  // keeps their files apart). Which one this page opens: the tab's choice on the lock screen (sessionStorage
  // "sipfield.user"), else the last one unlocked here (localStorage "sipfield.last-user"), else the first.
  // The list (OPFS "sipfield.users": {users: [{id, name}]}) holds only the names they chose for the lock
  // screen. Their back-off counts and resume notes are kept apart too (Module.sipfieldUserKey).
  const users = { current: 1, list: [] };
  {
    let chosen = 0;
    try {
      chosen = Number(sessionStorage.getItem('sipfield.user') || localStorage.getItem('sipfield.last-user') || 1);
    } catch (e) { chosen = 1; }
    users.current = Number.isInteger(chosen) && chosen >= 1 && chosen <= 99 ? chosen : 1;
  }
  function parseUsers(text) {
    try {
      const list = JSON.parse(text || '{}').users;
      if (!Array.isArray(list)) return [];
      return list.filter((u) => u && Number.isInteger(u.id) && u.id >= 1 && u.id <= 99 && typeof u.name === 'string')
        .map((u) => ({ id: u.id, name: u.name.slice(0, 60) }));
    } catch (e) {
      return [];
    }
  }
  Module.sipfieldUser = () => users.current;
  Module.sipfieldUserKey = (key) => (users.current === 1 ? key : key.replace(/^sipfield\./, `sipfield.u${users.current}.`));
  // C++ (the lock screen): {current, users: [{id, name}]}; the current user is always listed.
  Module.sipfieldUsers = () => {
    const list = users.list.slice();
    if (!list.some((u) => u.id === users.current)) list.push({ id: users.current, name: '' });
    if (!list.some((u) => u.id === 1)) list.unshift({ id: 1, name: '' });
    list.sort((a, b) => a.id - b.id);
    return JSON.stringify({ current: users.current, users: list });
  };
  // C++ → here from the lock screen: another user (0: a new one), then the page reloads into their lock screen.
  Module.sipfieldSwitchUser = (id) => {
    const ids = users.list.map((u) => u.id).concat([1, users.current]);
    const next = id > 0 ? id : Math.max(...ids) + 1;
    if (next > 99) return;
    try { sessionStorage.setItem('sipfield.user', String(next)); } catch (e) { return; }
    flushed().then(() => { if (!window.sipfieldTestHoldReload) window.location.reload(); });
  };
  // C++ → here once this user's database is open: the name for the lock screen (kept when empty), and this
  // user as the one the next start opens.
  Module.sipfieldUserOpened = (name) => {
    try { localStorage.setItem('sipfield.last-user', String(users.current)); } catch (e) { /* none */ }
    const known = users.list.find((u) => u.id === users.current);
    if (known && (!name || known.name === name)) return;
    if (known) known.name = name;
    else users.list.push({ id: users.current, name: name || '' });
    users.list.sort((a, b) => a.id - b.id);
    const bytes = new TextEncoder().encode(JSON.stringify({ users: users.list }));
    track(call('writeUsers', { bytes: bytes.buffer }, [bytes.buffer]));
  };

  // --- Storage: the OPFS worker ------------------------------------------------------------------------
  const DB_LOCK = 'sipfield-db';
  const MARKER = 'sipfield.opfs-ready';   // written once OPFS holds this profile's database (adopted or new)
  const IDLE_CHECKPOINT_MS = 250;
  const store = {
    worker: null, nextId: 1, calls: new Map(),
    posted: 0, acked: 0,       // highest record seq handed to / acknowledged by the worker
    inflight: 0,               // writes (records, checkpoints, files) not yet acknowledged
    failed: false, checkpoints: 0, migrated: false, waiters: [], idleTimer: null, openMs: null, inflightSince: 0,
    full: false,               // the disk is full: the worker retries the write it could not store (opfs-worker.js)
  };

  function call(op, args, transfer) {
    return new Promise((resolve, reject) => {
      const id = store.nextId++;
      store.calls.set(id, { resolve, reject });
      store.worker.postMessage(Object.assign({ id, op }, args), transfer || []);
    });
  }

  function onWorkerMessage(event) {
    const m = event.data || {};
    // A full disk: nothing after the refused write is acknowledged until it is stored; the data stays readable.
    if (m.event === 'full') {
      store.full = true;
      console.warn('sipfield: the disk is full; the last changes wait for space');
      report('full', 'db_full');
      return;
    }
    if (m.event === 'stopped') {   // tests (testCheckpointStop): the worker stopped inside a checkpoint
      store.stopped = m.step;
      return;
    }
    if (m.event === 'space') {
      store.full = false;
      if (!store.failed) report('saving');
      return;
    }
    const c = store.calls.get(m.id);
    if (!c) return;
    store.calls.delete(m.id);
    if (m.error) c.reject(Object.assign(new Error(m.error), { code: m.code || 'error' }));
    else c.resolve(m);
  }

  function wake() {
    store.waiters = store.waiters.filter((w) => {
      if (store.failed) { w.resolve(false); return false; }
      if (w.done()) { w.resolve(true); return false; }
      return true;
    });
  }

  // A write the worker acknowledged: wake whoever waits, say "saved" when nothing is left, and look for a
  // moment to checkpoint (idle, or a long stream of writes that never pauses).
  function settled() {
    store.inflight--;
    wake();
    if (store.failed) return;
    if (store.inflight === 0) {
      if (persist.state !== 'idle') report('saved');   // a start-up checkpoint alone is no news
      clearTimeout(store.idleTimer);
      store.idleTimer = setTimeout(() => {
        if (store.inflight === 0 && !store.failed) Module.ccall('sipfield_maybe_checkpoint', 'number', ['number'], [0]);
      }, IDLE_CHECKPOINT_MS);
    } else {
      Module.ccall('sipfield_maybe_checkpoint', 'number', ['number'], [2]);
    }
  }

  function storageFailed(err) {
    store.inflight--;
    if (!store.failed) {
      store.failed = true;
      const code = (err && err.code) || 'error';
      console.error('sipfield: storing to OPFS failed:', code);
      report('error', code === 'QuotaExceededError' ? 'db_full' : 'db_io');
    }
    wake();
  }

  function track(promise) {
    if (store.inflight === 0) store.inflightSince = performance.now();
    store.inflight++;
    promise.then(settled, storageFailed);
  }

  // C++ asks before drawing a frame: 1 while writes are in flight, for at most 200 ms (web.cpp, "Idle frames").
  // C++ asks before a restore: after a failed write nothing more reaches OPFS (web/opfs-worker.js).
  Module.sipfieldStorageFailed = () => (store.failed ? 1 : 0);

  Module.sipfieldStorageBusy = function () {
    return store.inflight > 0 && !store.failed && !store.full && performance.now() - store.inflightSince < 200 ? 1 : 0;
  };

  // C++ → here: one commit record (a Uint8Array copied out of the wasm heap) with its seq.
  Module.sipfieldAppend = function (bytes, seq) {
    store.posted = seq;
    track(call('append', { bytes: bytes.buffer, seq }, [bytes.buffer]).then((m) => { store.acked = m.acked; }));
  };
  // C++ → here: write extents [fileOffset, dataOffset, length, …] of data into the db file (the first
  // `barrier` of them flushed before the rest), then empty the log.
  Module.sipfieldCheckpoint = function (data, extents, size, barrier) {
    track(call('checkpoint', { data: data.buffer, extents, size, barrier }, [data.buffer]).then(() => { store.checkpoints++; }));
  };
  // C++ → here: the base file re-sealed whole (its manifest outgrew its room): written beside the base, moved
  // over it, then the log emptied (web/opfs-worker.js `reseal`).
  Module.sipfieldReseal = function (data) {
    track(call('reseal', { data: data.buffer }, [data.buffer]).then(() => { store.checkpoints++; }));
  };
  // C++ → here: new sealed files replace the database (a first start, an adoption, a new database after a
  // damaged one was kept aside; web/opfs-worker.js `seal`). forgetLegacy: the earlier version's device key
  // record goes once the key file wrapping its seed is durable.
  Module.sipfieldSeal = function (base, keyText, forgetLegacy) {
    const key = new TextEncoder().encode(keyText);
    track(call('seal', { base: base.buffer, key: key.buffer }, [base.buffer, key.buffer]).then(() => {
      if (!forgetLegacy) return;
      if (Module.sipfieldForgetLegacySeed) Module.sipfieldForgetLegacySeed();
      // The IDBFS version's plain database (adopted into OPFS at an earlier start) goes too.
      if (window.indexedDB) indexedDB.deleteDatabase('/data');
    }));
  };
  // C++ → here: the key file re-wrapped under a new passphrase (web/opfs-worker.js `writeKey`: atomic).
  Module.sipfieldWriteKey = function (keyText) {
    const key = new TextEncoder().encode(keyText);
    track(call('writeKey', { key: key.buffer }, [key.buffer]));
  };
  // C++ → here: a whole file (the copy before a migration, a damaged database kept aside).
  Module.sipfieldWriteFile = function (name, bytes) {
    track(call('writeFile', { name, bytes: bytes.buffer }, [bytes.buffer]));
  };
  // C++ → here after every commit (its records, if it wrote any, are already posted).
  Module.sipfieldOnCommit = function () {
    if (store.failed) report('error', persist.error || 'db_io');
    else if (store.full) report('full', 'db_full');
    else if (store.inflight > 0) report('saving');
    else report('saved');
  };

  function waitFor(done) {
    if (store.failed) return Promise.resolve(false);
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => store.waiters.push({ done, resolve }));
  }
  // Resolves true once every record up to `seq` is acknowledged (false when storing failed).
  const durableUpTo = (seq) => waitFor(() => store.acked >= seq);
  // Resolves true once everything handed to the worker so far is stored.
  const flushed = () => waitFor(() => store.inflight === 0);

  // The one-tab lock, held until the page goes. A page being reloaded may still hold it for a moment, so a
  // refusal is retried for about a second before another tab is assumed.
  async function acquireLock() {
    if (!navigator.locks) return true;   // then OPFS's own exclusive access handles still keep one writer
    for (let attempt = 0; attempt < 10; attempt++) {
      const got = await new Promise((resolve) => {
        navigator.locks.request(DB_LOCK, { ifAvailable: true }, (lock) => {
          resolve(!!lock);
          return lock ? new Promise(() => {}) : null;
        }).catch(() => resolve(false));
      });
      if (got) return true;
      await sleep(100);
    }
    return false;
  }

  // The database the IDBFS version kept in IndexedDB ("/data", store FILE_DATA, key "/data/sipfield.db"), or
  // null. Looks only when the browser lists that database, so a fresh profile creates nothing and pays nothing.
  async function readIdbfsDatabase() {
    if (!window.indexedDB || !indexedDB.databases) return null;
    const list = await indexedDB.databases();
    if (!list.some((d) => d.name === '/data')) return null;
    return new Promise((resolve, reject) => {
      const req = indexedDB.open('/data');
      req.onerror = () => reject(req.error);
      req.onupgradeneeded = () => req.transaction.abort();   // not IDBFS's: leave it alone
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('FILE_DATA')) { db.close(); resolve(null); return; }
        const get = db.transaction('FILE_DATA').objectStore('FILE_DATA').get('/data/sipfield.db');
        get.onsuccess = () => {
          db.close();
          const v = get.result;
          resolve(v && v.contents && v.contents.byteLength ? new Uint8Array(v.contents) : null);
        };
        get.onerror = () => { db.close(); reject(get.error); };
      };
    });
  }

  // preRun: lock, worker, the files' bytes; adopts the IDBFS database on the first start. Resolves to
  // {db, log, key} (ArrayBuffers; key null when there is no key file yet) or {error: code}.
  async function openStorage() {
    if (!(await acquireLock())) return { error: 'db_locked' };
    if (typeof Worker === 'undefined' || !navigator.storage || !navigator.storage.getDirectory) {
      return { error: 'storage_unavailable' };
    }
    store.worker = new Worker('opfs-worker.js');
    store.worker.onmessage = onWorkerMessage;
    let opened;
    try {
      opened = await call('open', { user: users.current, markerName: users.current === 1 ? MARKER : undefined,
                                    sealStop: window.sipfieldTestSealStop });
    } catch (e) {
      if (e.code === 'NoModificationAllowedError') return { error: 'db_locked' };
      if (e.code === 'SecurityError' || e.code === 'NotAllowedError' || e.code === 'TypeError') {
        return { error: 'storage_unavailable' };
      }
      return { error: 'db_io' };
    }
    users.list = parseUsers(opened.users);
    if (!opened.marker && users.current === 1) {
      // First start on OPFS in this profile: adopt what IDBFS kept, durably, before anything opens it.
      let old;
      try {
        old = await readIdbfsDatabase();
      } catch (e) {
        return { error: 'db_io' };   // do not start empty over data we could not read
      }
      if (old) {
        await call('writeFile', { name: 'sipfield.db-log', bytes: new ArrayBuffer(0) });
        await call('writeFile', { name: 'sipfield.db', bytes: old.slice().buffer });
        opened.db = old.buffer;
        opened.log = new ArrayBuffer(0);
        store.migrated = true;
      }
      await call('writeFile', { name: MARKER, bytes: new TextEncoder().encode('opfs 1\n').buffer });
    }
    if (Module.sipfieldLegacySeedRead) await Module.sipfieldLegacySeedRead;   // sipfield-device.js
    return { db: opened.db, log: opened.log, key: opened.key };
  }

  async function dispatch(request) {
    await ready;
    const text = typeof request === 'string' ? request : JSON.stringify(request);
    const postedBefore = store.posted;
    const out = Module.ccall('sipfield_dispatch', 'string', ['string'], [text]);
    const response = JSON.parse(out);
    // A write answers once its records are stored; a read answers at once (also while a full disk holds
    // earlier writes back: the data stays readable).
    const durable = store.posted === postedBefore || (await durableUpTo(store.posted));
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
  // Bytes into the wasm heap for a call; the copy is zeroed and freed afterwards (a passphrase among them).
  function withHeapCopy(bytes, fn) {
    const ptr = Module._malloc(Math.max(1, bytes.byteLength));
    try {
      HEAPU8.set(bytes, ptr);
      return fn(ptr);
    } finally {
      HEAPU8.fill(0, ptr, ptr + bytes.byteLength);
      Module._free(ptr);
    }
  }

  // Backup restore (web.cpp, RestoreBackup): opens and checks the file in C++, replaces the database only
  // then, and resolves once every write it made (the copy kept aside, the new database) is acknowledged.
  async function restoreBackup(bytes, passphrase) {
    await ready;
    if (store.failed) return { ok: false, code: 'db_io' };
    const file = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes || new ArrayBuffer(0));
    const pass = new TextEncoder().encode(String(passphrase || '') + '\0');
    const out = withHeapCopy(file, (data) => withHeapCopy(pass, (p) =>
      Module.ccall('sipfield_restore_backup', 'string', ['number', 'number', 'number'], [data, file.byteLength, p])));
    pass.fill(0);
    const result = JSON.parse(out);
    const durable = await flushed();
    if (result.ok && !durable) return { ok: false, code: 'db_io' };
    return result.ok ? { ok: true } : { ok: false, code: result.code };
  }

  // Inställningar → "Återställ från säkerhetskopia…": the picked file's BYTES go to C++ (sipfield_backup_picked);
  // a file over the size a restore accepts arrives as nothing (the screen says so).
  const MAX_BACKUP_BYTES = 512 * 1024 * 1024 + 1024;
  let backupReader = null;
  Module.sipfieldCancelRead = function () { if (backupReader) backupReader.abort(); };
  Module.sipfieldPickBackup = function () {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.sipbackup,application/octet-stream';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      input.remove();
      if (!file) return;
      const deliver = (buf) => {
        const b = new Uint8Array(buf);
        withHeapCopy(b, (ptr) => Module.ccall('sipfield_backup_picked', null, ['number', 'number'], [ptr, b.byteLength]));
      };
      if (file.size > MAX_BACKUP_BYTES) { deliver(new ArrayBuffer(0)); return; }
      // Read with progress (the screen shows a bar with "Avbryt": Module.sipfieldCancelRead aborts, and then
      // nothing is delivered).
      const progress = (loaded, total) => Module.ccall('sipfield_read_progress', null, ['number', 'number'], [loaded, total]);
      const reader = new FileReader();
      backupReader = reader;
      const end = () => { if (backupReader === reader) backupReader = null; progress(-1, 0); };
      reader.onprogress = (e) => progress(e.loaded, e.total || file.size);
      reader.onload = () => { end(); deliver(reader.result); };
      reader.onerror = () => { end(); deliver(new ArrayBuffer(0)); };
      reader.onabort = end;
      progress(0, file.size);
      reader.readAsArrayBuffer(file);
    });
    document.body.appendChild(input);
    input.click();
  };

  // --- The lock (web.cpp, "The lock"; src/ui/screens/lock_screen.h) ------------------------------------
  // The passphrase goes to C++ through the heap and is zeroed there afterwards; it is never stored or logged.
  function lockState() { return JSON.parse(Module.ccall('sipfield_lock_state', 'string', [], [])); }

  async function unlock(passphrase) {
    await started;
    const pass = new TextEncoder().encode(String(passphrase || '') + '\0');
    const out = withHeapCopy(pass, (p) => Module.ccall('sipfield_unlock', 'string', ['number'], [p]));
    pass.fill(0);
    const result = JSON.parse(out);
    await flushed();
    return result;
  }

  // Called by C++ after a lock once the database is closed and the keys wiped: once every write is stored,
  // the page reloads into the lock screen (nothing decrypted survives in the heap). Tests may hold the reload
  // (window.sipfieldTestHoldReload) to look at the heap first.
  Module.sipfieldReloadLocked = function (byIdle) {
    flushed().then(() => {
      try { if (byIdle) sessionStorage.setItem(Module.sipfieldUserKey('sipfield.locked-by-idle'), '1'); } catch (e) { /* none */ }
      store.locked = true;
      if (!window.sipfieldTestHoldReload) window.location.reload();
    });
  };

  async function startFresh() {
    await ready;
    const result = JSON.parse(Module.ccall('sipfield_start_fresh', 'string', [], []));
    await flushed();
    return result;
  }

  // Downloads a file of the app's storage (the damaged database kept aside) without sending it anywhere.
  Module.sipfieldDownload = function (name) {
    flushed().then(() => call('readFile', { name })).then((m) => {
      if (m.bytes) Module.sipfieldDownloadBytes(name, 'application/vnd.sqlite3', m.bytes);   // sipfield-device.js
    }, (e) => console.warn('sipfield: the file could not be read for export:', e && e.code));
  };

  window.sipfield = {
    ready,
    started,
    lockState,
    // {current, users: [{id, name}]}: the staff members with a database on this profile (no data of any).
    users: () => JSON.parse(Module.sipfieldUsers()),
    unlock,
    setPassphrase: unlock,
    lock: () => started.then(() => Module.ccall('sipfield_lock', null, [], [])),
    // Tests: whether any key or decrypted page is still in memory (all false / 0 after a lock).
    secretsHeld: () => JSON.parse(Module.ccall('sipfield_secrets_held', 'string', [], [])),
    dispatch,
    startFresh,
    restoreBackup,
    exportDamaged: () => ready.then(() => Module.ccall('sipfield_export_damaged', null, [], [])),
    saveState: () => ({ state: persist.state, savedAt: persist.savedAt, error: persist.error }),
    // Tests: OPFS refuses writes as a full disk does once this origin's files take `spare` bytes more than now
    // (null: off); resolves with what they take now. testUsage(): only that.
    testQuota: (spare, retryMs) => call('testQuota', { set: true, spare, retryMs }).then((m) => m.used),
    testUsage: () => call('testQuota', { set: false }).then((m) => m.used),
    // Tests (crash trials): checkpoints from now on stop for good at `step` (1 half the base written, 2 the base
    // written, 3 the log truncated but not flushed); storage().stopped says when one has.
    testCheckpointStop: (step) => call('testStop', { checkpoint: step }).then(() => true),
    // The same for re-seals (1 the new base written beside the old, 2 the old moved aside, 3 the new moved in,
    // the log still full).
    testResealStop: (step) => call('testStop', { reseal: step }).then(() => true),
    firstFrame,
    timing: () => ({ ready: timing.ready, firstFrame: timing.firstFrame }),
    status: () => JSON.parse(Module.ccall('sipfield_ui_state', 'string', [], [])),
    // Tests: where labelled widgets were drawn in the last frame (src/ui/locator.h).
    enableLocator: (on = true) => started.then(() => Module.ccall('sipfield_locator', null, ['number'], [on ? 1 : 0])),
    locate: (label) => JSON.parse(Module.ccall('sipfield_locate', 'string', ['string'], [label])),
    locateAll: () => JSON.parse(Module.ccall('sipfield_locate_all', 'string', [], [])),
    // bench/frame-cost.mjs: CPU ms (NewFrame → Render) of every frame drawn since the last call.
    frameTimes: () => JSON.parse(Module.ccall('sipfield_frame_times', 'string', [], [])),
    // bench/frame-cost.mjs: the anchor table of toolchain.md instead of the screens (1 clipper, 2 none, 0 off).
    benchAnchor: (mode) => Module.ccall('sipfield_bench_anchor', null, ['number'], [mode]),
    // Tests: whether input events still wait in ImGui's queue (one change per key or button per frame).
    inputPending: () => Module.ccall('sipfield_input_pending', 'number', [], []) === 1,
    updateAvailable: () => !!sw.waiting,
    checkForUpdate,
    update,
    buildId,
    storage: () => ({ posted: store.posted, acked: store.acked, inflight: store.inflight,
                      checkpoints: store.checkpoints, failed: store.failed, migrated: store.migrated,
                      full: store.full, stopped: store.stopped || 0,
                      locked: !!store.locked,
                      openMs: store.openMs, dbBytes: Module.ccall('sipfield_db_bytes', 'number', [], []) }),
    checkpoint: () => ready.then(() => Module.ccall('sipfield_maybe_checkpoint', 'number', ['number'], [1]) === 1)
      .then((posted) => flushed().then((ok) => posted && ok)),
    // Resolves true once the device signing key is unwrapped (at the unlock: it lives in the key file).
    get deviceKeyReady() { return ready.then((info) => !!info.dbOpen); },
  };

  Module.canvas = document.getElementById('canvas');
  // main() has run: the lock screen is up (or, without a storage, the app itself). The idle lock's timer starts.
  Module.sipfieldOnStarted = function (info) {
    store.loadMs = info.loadMs;
    Module.sipfieldLastInput = Date.now();
    setInterval(() => Module.ccall('sipfield_idle_tick', null, [], []), 5000);
    resolveStarted(info);
  };
  Module.sipfieldOnReady = function (info) {
    info.loadMs = store.loadMs;
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
  // Nothing can be drawn (no WebGL2, or a shader did not build): say so in the page, once, with the code.
  Module.sipfieldOnRenderError = function (code, message, log) {
    const el = document.getElementById('loading');
    if (el) { el.textContent = message + ' (Felkod: ' + code + ')'; el.classList.add('error'); }
    document.body.classList.add('render-error');
    console.error('sipfield: ' + code + ': ' + log);
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
    addRunDependency('sipfield-storage');
    const t0 = performance.now();
    openStorage().then((result) => { Module.sipfieldStorage = result; }, (e) => {
      Module.sipfieldStorage = { error: 'db_io' };
      console.error('sipfield: opening the storage failed:', (e && (e.code || e.name)) || 'error');
    }).then(() => {
      store.openMs = performance.now() - t0;
      const code = Module.sipfieldStorage.error;
      if (code) console.warn('sipfield: the database is not opened:', code);   // a code, never data
      removeRunDependency('sipfield-storage');
    });
  });

  // Input for the canvas: C++ draws frames only after something happened (web.cpp, "Idle frames"); the
  // person's own input (not a resize or a change of visibility) also counts as activity for the idle lock.
  Module.sipfieldInput = true;
  Module.sipfieldLastInput = Date.now();
  const lastPointer = { x: NaN, y: NaN };
  const ACTIVITY = new Set(['mousemove', 'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'keypress', 'touchstart',
    'touchmove', 'touchend', 'paste']);
  ['mousemove', 'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'keypress', 'touchstart', 'touchmove',
   'touchend', 'focus', 'blur', 'resize', 'paste', 'visibilitychange'].forEach((type) => {
    window.addEventListener(type, (e) => {
      Module.sipfieldInput = true;
      if (!ACTIVITY.has(type)) return;
      // The browser sends a mousemove of its own when the page changes under a resting pointer (every redraw of
      // the clock): only a move to another place is the person's.
      if (type === 'mousemove') {
        if (e.clientX === lastPointer.x && e.clientY === lastPointer.y) return;
        lastPointer.x = e.clientX;
        lastPointer.y = e.clientY;
      }
      Module.sipfieldLastInput = Date.now();
    }, { capture: true, passive: true });
  });

  // Leaving while a save is in flight, or with typed input not yet saved (a form open with changes), would lose
  // it: ask the browser to warn. Not when the app reloads itself (a lock: the input went sealed with the page).
  const unsavedInput = () => {
    try { return !store.locked && window.sipfield.status().unsaved_input === true; } catch (e) { return false; }
  };
  window.addEventListener('beforeunload', (event) => {
    if (store.inflight > 0 || unsavedInput()) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
})();
