// web/opfs-worker.js — the browser app's storage I/O, and nothing else: a dedicated Worker that owns the
// app's files in the Origin Private File System through FileSystemSyncAccessHandles.
//
// The logic (what a commit record is, what a checkpoint writes, how the files replay into a database) is
// C++ (src/store/page_log.h); this worker only moves bytes. Two files stay open for the page's life:
//   sipfield.db      the base database file
//   sipfield.db-log  the commit records appended since the last checkpoint
// Other files (the copy made before a migration, a damaged database kept aside, the migration marker) are
// opened per call.
//
// Messages {id, op, …} are processed strictly in order, one at a time; each gets one reply {id, …} or
// {id, error, code} (error is a fixed English text, code a DOMException name or our own: no data ever goes
// into either). After a write fails, every later write is refused with code "after_failure" until the page
// reloads: nothing that depends on a lost write (the next log record, the rest of a keep-aside) may land.
//   open                         → {db, log, marker}   both files' bytes (transferred ArrayBuffers); marker:
//                                                      whether the file `markerName` exists
//   append {bytes, seq}          → {acked: seq}        appended at the end of the log and flushed
//   checkpoint {data, extents, size}                   extents [fileOffset, dataOffset, length, …] of data
//                                → {ok}                written into the db file, truncated to size, flushed;
//                                                      THEN the log truncated to 0 and flushed
//                                                      (also how a restored backup, or a fresh start,
//                                                      replaces the whole database: extents cover it all)
//   writeFile {name, bytes}      → {ok}                the whole file replaced and flushed
//   readFile {name}              → {bytes}             (null when there is no such file)
//   rename {from, to} · remove {name} · list → {names: [{name, size}]}
/* eslint-env worker */
'use strict';

const DB = 'sipfield.db';
const LOG = 'sipfield.db-log';
const NAME = /^sipfield\.[A-Za-z0-9._-]{1,100}$/;   // the files this worker may touch

let root = null;
const open = new Map();   // name → FileSystemSyncAccessHandle (DB and LOG)
let failed = false;
let queue = Promise.resolve();

class OpError extends Error {
  constructor(message, code) { super(message); this.code = code; }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A sync access handle; another tab's (or a page being unloaded's) worker may still hold the file for a
// moment, so NoModificationAllowedError is retried for up to ~2 s.
async function syncHandle(name, create) {
  const file = await root.getFileHandle(name, { create });
  for (let attempt = 0; ; attempt++) {
    try {
      return await file.createSyncAccessHandle();
    } catch (e) {
      if (e && e.name === 'NoModificationAllowedError' && attempt < 40) { await sleep(50); continue; }
      throw e;
    }
  }
}

async function exists(name) {
  try {
    await root.getFileHandle(name);
    return true;
  } catch (e) {
    if (e && e.name === 'NotFoundError') return false;
    throw e;
  }
}

function readAll(h) {
  const buf = new ArrayBuffer(h.getSize());
  const n = h.read(new Uint8Array(buf), { at: 0 });
  if (n !== buf.byteLength) throw new OpError('short read', 'short_read');
  return buf;
}

function writeAll(h, bytes, at) {
  const n = h.write(bytes, { at });
  if (n !== bytes.byteLength) throw new OpError('short write', 'short_write');
}

function checkName(name) {
  if (typeof name !== 'string' || !NAME.test(name)) throw new OpError('bad file name', 'bad_name');
}

// Runs `fn` with a handle on `name`: the open one for DB/LOG, otherwise a fresh one closed afterwards.
async function withHandle(name, create, fn) {
  checkName(name);
  if (open.has(name)) return fn(open.get(name));
  const h = await syncHandle(name, create);
  try {
    return fn(h);
  } finally {
    h.close();
  }
}

const WRITES = new Set(['append', 'checkpoint', 'writeFile', 'rename', 'remove']);

const ops = {
  async open(msg) {
    if (!root) root = await navigator.storage.getDirectory();
    for (const name of [DB, LOG]) if (!open.has(name)) open.set(name, await syncHandle(name, true));
    const marker = msg.markerName ? (checkName(msg.markerName), await exists(msg.markerName)) : false;
    const db = readAll(open.get(DB));
    const log = readAll(open.get(LOG));
    return { reply: { db, log, marker }, transfer: [db, log] };
  },

  append(msg) {
    const h = open.get(LOG);
    writeAll(h, new Uint8Array(msg.bytes), h.getSize());
    h.flush();
    return { reply: { acked: msg.seq } };
  },

  checkpoint(msg) {
    const db = open.get(DB);
    const log = open.get(LOG);
    const data = new Uint8Array(msg.data);
    const ex = msg.extents;
    for (let i = 0; i + 2 < ex.length; i += 3) writeAll(db, data.subarray(ex[i + 1], ex[i + 1] + ex[i + 2]), ex[i]);
    db.truncate(msg.size);
    db.flush();
    // Only now may the log go: the base holds every page it covered.
    log.truncate(0);
    log.flush();
    return { reply: { ok: true } };
  },

  async writeFile(msg) {
    const bytes = new Uint8Array(msg.bytes);
    await withHandle(msg.name, true, (h) => {
      h.truncate(0);
      writeAll(h, bytes, 0);
      h.truncate(bytes.byteLength);
      h.flush();
    });
    return { reply: { ok: true } };
  },

  async readFile(msg) {
    checkName(msg.name);
    if (!open.has(msg.name) && !(await exists(msg.name))) return { reply: { bytes: null } };
    const bytes = await withHandle(msg.name, false, readAll);
    return { reply: { bytes }, transfer: [bytes] };
  },

  async rename(msg) {
    checkName(msg.from);
    checkName(msg.to);
    if (open.has(msg.from) || open.has(msg.to)) throw new OpError('file is in use', 'in_use');
    const file = await root.getFileHandle(msg.from);
    if (typeof file.move === 'function') {
      await file.move(msg.to);
    } else {
      const bytes = await withHandle(msg.from, false, readAll);
      await ops.writeFile({ name: msg.to, bytes });
      await root.removeEntry(msg.from);
    }
    return { reply: { ok: true } };
  },

  async remove(msg) {
    checkName(msg.name);
    if (open.has(msg.name)) throw new OpError('file is in use', 'in_use');
    try {
      await root.removeEntry(msg.name);
    } catch (e) {
      if (!e || e.name !== 'NotFoundError') throw e;
    }
    return { reply: { ok: true } };
  },

  async list() {
    const names = [];
    for await (const [name, handle] of root.entries()) {
      if (handle.kind !== 'file') continue;
      const size = open.has(name) ? open.get(name).getSize() : (await handle.getFile()).size;
      names.push({ name, size });
    }
    names.sort((a, b) => (a.name < b.name ? -1 : 1));
    return { reply: { names } };
  },
};

async function handle(msg) {
  const op = ops[msg && msg.op];
  try {
    if (!op) throw new OpError('unknown operation', 'bad_op');
    if (msg.op !== 'open' && !root) throw new OpError('storage not open', 'not_open');
    if (WRITES.has(msg.op) && failed) throw new OpError('an earlier write failed', 'after_failure');
    const { reply, transfer } = await op(msg);
    self.postMessage({ id: msg.id, ...reply }, transfer || []);
  } catch (e) {
    if (WRITES.has(msg && msg.op)) failed = true;
    const code = (e && (e.code && typeof e.code === 'string' ? e.code : e.name)) || 'error';
    self.postMessage({ id: msg && msg.id, error: `${msg && msg.op} failed`, code: String(code) });
  }
}

self.onmessage = (event) => {
  const msg = event.data;
  queue = queue.then(() => handle(msg));
};
