// bench/web/cipher-overhead-page.js — the page half of bench/cipher-overhead.mjs: two instances of the app's
// storage worker (web/opfs-worker.js, copied unchanged next to this page), one per mode, and the hooks the wasm
// program (bench/durable_storage.cpp) calls to hand them records and checkpoints. window.bench is what the
// benchmark script drives through page.evaluate().
//
//   mode 0 plain   worker opened as device user 98: files sipfield.u98.db, sipfield.u98.db-log
//   mode 1 sealed  worker opened as device user 99: files sipfield.u99.db, sipfield.u99.db-log
//
// A save is timed from just before bench_commit() (SQLite's commit, the record framed (and sealed), copied out
// of the heap and posted, as the app's PostRecord does) until the worker's {acked} reply for that record is
// handled here (appended to the log and flushed).
'use strict';

(function () {
  const USERS = [98, 99];
  let failure = null;
  const setupInfo = [null, null];

  const workers = USERS.map(() => {
    const s = { worker: new Worker('opfs-worker.js'), nextId: 1, calls: new Map(), last: null, checkpointMs: null };
    s.worker.onmessage = (event) => {
      const m = event.data || {};
      if (m.event) return;   // {event: "full" | "space"}: not expected here (no quota is set)
      const c = s.calls.get(m.id);
      if (!c) return;
      s.calls.delete(m.id);
      if (m.error) c.reject(new Error(`${m.error} (${m.code})`));
      else c.resolve(m);
    };
    return s;
  });

  function call(s, op, args, transfer) {
    return new Promise((resolve, reject) => {
      const id = s.nextId++;
      s.calls.set(id, { resolve, reject });
      s.worker.postMessage(Object.assign({ id, op }, args), transfer || []);
    });
  }

  let runtimeReady;
  const runtime = new Promise((resolve) => { runtimeReady = resolve; });

  // The hooks bench/durable_storage.cpp calls (EM_JS).
  window.Module = {
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onRuntimeInitialized: () => runtimeReady(),
    // One commit record (a copy out of the heap), posted from inside the commit.
    benchAppend(mode, bytes, seq) {
      const s = workers[mode];
      s.last = call(s, 'append', { bytes: bytes.buffer, seq }, [bytes.buffer]).then((m) => {
        if (m.acked !== seq) throw new Error(`acked ${m.acked}, expected ${seq}`);
        return m;
      });
    },
    // Extents [fileOffset, dataOffset, length, …] of data into the base (the first `barrier` flushed first), then
    // the log emptied.
    benchCheckpoint(mode, data, extents, size, barrier) {
      const s = workers[mode];
      const t0 = performance.now();
      s.last = call(s, 'checkpoint', { data: data.buffer, extents, size, barrier }, [data.buffer]).then((m) => {
        s.checkpointMs = performance.now() - t0;
        return m;
      });
    },
    benchSetupDone(mode, info) { setupInfo[mode] = info; },
    benchFailed(text) { failure = text; },
  };

  function check(rc, what) {
    if (rc < 0) throw new Error(`${what} failed (${rc}): ${failure || 'no detail'}`);
    return rc;
  }

  // One durable save of `mode`: [total ms (call → acked), ms inside the call].
  async function save(mode, i) {
    const s = workers[mode];
    const t0 = performance.now();
    const posted = Module._bench_commit(mode, i);
    const t1 = performance.now();
    if (check(posted, 'bench_commit') !== 1) throw new Error(`bench_commit posted ${posted} records, expected 1`);
    await s.last;
    return [performance.now() - t0, t1 - t0];
  }

  window.bench = {
    // Both workers open (one user each) and the runtime started.
    ready: (async () => {
      await runtime;
      for (let mode = 0; mode < 2; mode++) await call(workers[mode], 'open', { user: USERS[mode] });
      return true;
    })(),

    // A fresh database of `mb` MiB for `mode`, folded into the worker's base; resolves once that is stored.
    async setup(mode, mb) {
      const s = workers[mode];
      setupInfo[mode] = null;
      s.checkpointMs = null;
      const t0 = performance.now();
      check(Module._bench_setup(mode, mb), 'bench_setup');
      const t1 = performance.now();
      await s.last;
      return Object.assign({}, setupInfo[mode], { setupCallMs: t1 - t0, checkpointAckMs: s.checkpointMs,
                                                  totalMs: performance.now() - t0 });
    },

    // `n` saves per mode, interleaved: plain, sealed, then sealed, plain, … (who goes first alternates).
    async run(n, offset) {
      const out = { plain: [], sealed: [], plainCall: [], sealedCall: [] };
      for (let i = 0; i < n; i++) {
        const order = i % 2 === 0 ? [0, 1] : [1, 0];
        for (const mode of order) {
          const [total, inCall] = await save(mode, offset + i);
          out[mode ? 'sealed' : 'plain'].push(total);
          out[mode ? 'sealedCall' : 'plainCall'].push(inCall);
        }
      }
      return out;
    },

    sealOnlyUs: (n) => Module._bench_seal_only(n),
    recordBytes: () => Module._bench_last_record_bytes(),
    async files() {
      const out = {};
      for (let mode = 0; mode < 2; mode++) out[mode ? 'sealed' : 'plain'] = (await call(workers[mode], 'list', {})).names;
      return out;
    },
    close: () => Module._bench_close(),
  };
})();
