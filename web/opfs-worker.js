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
// Since issue 13 the files are sealed (src/store/page_cipher.h) and a third file holds the wrapped keys:
//   sipfield.db-key  the key file (src/bundle/key_wrap.h): its presence says the database is encrypted
// The worker never sees a key or a plain page of an encrypted database; it only makes the switch to new sealed
// files crash-safe (`seal`, below) and removes the plain files an adoption leaves.
//
// Messages {id, op, …} are processed strictly in order, one at a time; each gets one reply {id, …} or
// {id, error, code} (error is a fixed English text, code a DOMException name or our own: no data ever goes
// into either). After a write fails, every later write is refused with code "after_failure" until the page
// reloads: nothing that depends on a lost write (the next log record, the rest of a keep-aside) may land.
//
// A full disk is not such a failure. When OPFS refuses a write with QuotaExceededError, whatever part of it
// landed is undone (an append's partial record is cut off; a checkpoint's partly written base is still covered
// by the log it did not yet empty) and the worker posts {event: "full"}; it then retries the same write every
// RETRY_MS, and everything after it waits in the queue behind it, so order holds and nothing is acknowledged
// that is not stored. The first write that lands again posts {event: "space"}. (`seal`, a first start's or an
// adoption's switch of files, is not retried: an interrupted one is finished or undone at the next open.)
//   open {user, markerName}      → {db, log, key, marker, users}  the files' bytes (transferred ArrayBuffers;
//                                                      key null when there is no key file) of device user
//                                                      `user` (default 1); users: the list of users (text,
//                                                      null when none); marker: whether the file
//                                                      `markerName` exists. First finishes or undoes a `seal`
//                                                      a crash interrupted (see `seal`)
//   seal {base, key}             → {ok}                replaces the database with new sealed files; steps:
//                                                      1 the sealed base to .seal-tmp; 2 sipfield.db moved to
//                                                      .plain-old; 3 .seal-tmp moved to sipfield.db; 4 the log
//                                                      emptied; 5 the key file written (.key-tmp, moved): the
//                                                      commit point; 6 .plain-old and every plain SQLite copy
//                                                      (.bak-v…, .before-restore-…, .damaged-…) overwritten
//                                                      with zeros and removed. A crash before 5 restarts with
//                                                      the old (plain) database, after it with the new one
//   append {bytes, seq}          → {acked: seq}        appended at the end of the log and flushed
//   checkpoint {data, extents, size, barrier}          extents [fileOffset, dataOffset, length, …] of data
//                                → {ok}                written into the db file (the first `barrier` of them
//                                                      flushed before the others are written: the sealed
//                                                      base's checkpoint mark), truncated to size, flushed;
//                                                      THEN the log truncated to 0 and flushed
//                                                      (also how a restored backup, or a fresh start,
//                                                      replaces the whole database: extents cover it all)
//   writeKey {key}               → {ok}                the key file replaced atomically (.key-tmp, moved)
//   writeUsers {bytes}           → {ok}                the list of device users replaced atomically
//   writeFile {name, bytes}      → {ok}                the whole file replaced and flushed
//   readFile {name}              → {bytes}             (null when there is no such file)
//   rename {from, to} · remove {name} · list → {names: [{name, size}]}
//   testQuota {set, spare, retryMs} → {used}           tests only: what this origin's files take in all; with
//                                                      `set`, writes then fail as on a full disk once they
//                                                      would take more than `spare` bytes more (null: off)
//   reseal {data}                → {ok}                the base re-sealed whole (its manifest outgrew its room):
//                                                      written to .reseal-tmp and flushed, the base moved to
//                                                      .reseal-old, .reseal-tmp moved in, THEN the log emptied,
//                                                      .reseal-old removed. The new file keeps the file's
//                                                      identity, so the log replays over old and new alike; a
//                                                      crash is finished or undone at the next open
//   testStop {checkpoint, reseal} → {ok}               tests only: checkpoints (re-seals: after step 1, 2 or 3
//                                                      of the above's moves) from now on stop for good at
//                                                      step 1, 2 or 3 (see `checkpoint`) after posting
//                                                      {event: "stopped", step}, so a kill lands inside one
/* eslint-env worker */
'use strict';

const DB = 'sipfield.db';
const LOG = 'sipfield.db-log';
const KEY = 'sipfield.db-key';
const KEY_TMP = 'sipfield.db-key.tmp';
const SEAL_TMP = 'sipfield.db.seal-tmp';
const RESEAL_TMP = 'sipfield.db.reseal-tmp';
const RESEAL_OLD = 'sipfield.db.reseal-old';
const PLAIN_OLD = 'sipfield.db.plain-old';
const SQLITE_MAGIC = 'SQLite format 3\0';
const NAME = /^sipfield\.[A-Za-z0-9._-]{1,100}$/;   // the files this worker may touch

let root = null;   // the origin's private file system; reached only through `dir` (below)
const open = new Map();   // name → FileSystemSyncAccessHandle (DB and LOG)
let failed = false;
let queue = Promise.resolve();
let full = false;          // a write waits for space (see above)
let RETRY_MS = 2000;
let quota = null;          // tests: the bytes this origin's files may use in all (testQuota)
let quotaLeft = Infinity;  // what the current write may still add under `quota`
let checkpointStop = 0;    // tests: the step at which checkpoints stop for good (testStop; 0: never)
let resealStop = 0;        // tests: the same for re-seals (testStop {reseal})

// --- Device users --------------------------------------------------------------------------------------------
// Each staff member on this browser profile has their own database, log, key file and copies (issue 13). The
// app always speaks of "sipfield.db…"; the worker keeps user 1's files under those names (as before there were
// users) and user N's under "sipfield.uN.db…". Only the list of users (USERS: ids and the names they chose, no
// data of any database) is shared. `open {user}` chooses whose files every later message reaches.
const USERS = 'sipfield.users';
let user = 1;
const OTHER_USER = /^sipfield\.u\d+\./;
function phys(name) {
  return user === 1 || name === USERS ? name : name.replace(/^sipfield\./, `sipfield.u${user}.`);
}
function logicalOf(name) {   // null: another user's file, or the list of users
  if (name === USERS) return null;
  if (user === 1) return OTHER_USER.test(name) ? null : name;
  const prefix = `sipfield.u${user}.`;
  return name.startsWith(prefix) ? `sipfield.${name.slice(prefix.length)}` : null;
}
const dir = {
  getFileHandle: (name, options) => root.getFileHandle(phys(name), options),
  removeEntry: (name) => root.removeEntry(phys(name)),
  async *entries() {
    for await (const [name, handle] of root.entries()) {
      const logical = logicalOf(name);
      if (logical !== null) yield [logical, handle];
    }
  },
};
const moveTo = (file, to) => file.move(phys(to));

class OpError extends Error {
  constructor(message, code) { super(message); this.code = code; }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A sync access handle; another tab's (or a page being unloaded's) worker may still hold the file for a
// moment, so NoModificationAllowedError is retried for up to ~2 s.
async function syncHandle(name, create) {
  const file = await dir.getFileHandle(name, { create });
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
    await dir.getFileHandle(name);
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
  const growth = Math.max(0, at + bytes.byteLength - h.getSize());
  if (growth > quotaLeft) {
    // The test's full disk, as a real one behaves: the part that fits lands, then the write is refused.
    const fits = Math.max(0, bytes.byteLength - (growth - quotaLeft));
    if (fits > 0) h.write(bytes.subarray(0, fits), { at });
    quotaLeft = 0;
    throw new DOMException('the disk is full (test quota)', 'QuotaExceededError');
  }
  const n = h.write(bytes, { at });
  if (n !== bytes.byteLength) throw new OpError('short write', 'short_write');
  quotaLeft -= growth;
}

// What every file of this origin's private file system takes (the test quota is counted against it).
async function usedBytes() {
  let used = 0;
  for await (const [name, handle] of root.entries()) {   // every user's files: one disk
    if (handle.kind !== 'file') continue;
    const mine = logicalOf(name);
    used += mine !== null && open.has(mine) ? open.get(mine).getSize() : (await handle.getFile()).size;
  }
  return used;
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

// The whole file replaced and flushed.
async function writeWhole(name, bytes) {
  await withHandle(name, true, (h) => {
    quotaLeft += h.getSize();   // (Infinity without a test quota)
    h.truncate(0);
    writeAll(h, bytes, 0);
    h.truncate(bytes.byteLength);
    h.flush();
  });
}

// Moves a (closed) file to a new name, replacing what is there.
async function moveFile(from, to) {
  const file = await dir.getFileHandle(from);
  if (typeof file.move === 'function') {
    try {
      await moveTo(file, to);
      return;
    } catch (e) {
      if (!e || e.name !== 'InvalidModificationError') throw e;   // the target exists and is not replaced
      await dir.removeEntry(to);
      await moveTo(file, to);
      return;
    }
  }
  const bytes = await withHandle(from, false, readAll);
  await writeWhole(to, new Uint8Array(bytes));
  await dir.removeEntry(from);
}

// Overwrites a file with zeros, flushes, and removes it (a plain copy must not linger in free blocks of the
// file system's own files any longer than the browser keeps them).
async function wipeAndRemove(name) {
  if (!(await exists(name))) return;
  await withHandle(name, false, (h) => {
    const size = h.getSize();
    const zeros = new Uint8Array(Math.min(size, 1 << 20));
    for (let at = 0; at < size; at += zeros.byteLength) writeAll(h, zeros.subarray(0, Math.min(zeros.byteLength, size - at)), at);
    h.flush();
  });
  await dir.removeEntry(name);
}

function startsWithSqlite(h) {
  if (h.getSize() < 16) return false;
  const head = new Uint8Array(16);
  h.read(head, { at: 0 });
  return String.fromCharCode(...head) === SQLITE_MAGIC;
}

// Every file of ours besides the three open ones that is a plain SQLite database (what an earlier version wrote
// aside: .bak-v…, .before-restore-…, .damaged-…, the .plain-old of an adoption).
async function plainCopies() {
  const names = [];
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind !== 'file' || !NAME.test(name) || name === DB || name === LOG || name === KEY) continue;
    if (await withHandle(name, false, startsWithSqlite)) names.push(name);
  }
  return names;
}

async function closeOpen(name) {
  const h = open.get(name);
  if (h) { h.close(); open.delete(name); }
}

// Test hook: stop (as if the tab were killed) after step n of `seal` (tests/browser/lock.test.mjs).
let sealStop = 0;

// The base replaced by `bytes` so that a crash leaves the old or the new: written and flushed beside it as
// `tmp`, the base (when there is one) moved to `aside`, `tmp` moved in, THEN the log emptied. `stop(step)`
// after each of the three (tests: the caller's stop hook).
async function replaceBase(bytes, tmp, aside, stop) {
  await writeWhole(tmp, bytes);
  await stop(1);
  await closeOpen(DB);
  if (await exists(DB)) await moveFile(DB, aside);
  await stop(2);
  await moveFile(tmp, DB);
  open.set(DB, await syncHandle(DB, true));
  await stop(3);
  const log = open.get(LOG);
  log.truncate(0);
  log.flush();
}

// What a `reseal` a crash interrupted leaves: the base moved aside and the new one not yet in → the new one (it
// was complete and flushed before the base moved); the new one not yet moved in → it goes. The old base goes
// once the new one is in place (the log, not yet emptied perhaps, replays over either).
async function recoverReseal() {
  if (await exists(RESEAL_OLD)) {
    if (!(await exists(DB))) {
      await closeOpen(DB);
      await moveFile((await exists(RESEAL_TMP)) ? RESEAL_TMP : RESEAL_OLD, DB);
    }
    if (await exists(RESEAL_OLD)) await dir.removeEntry(RESEAL_OLD);
  }
  if (await exists(RESEAL_TMP)) await dir.removeEntry(RESEAL_TMP);
}

// What a `seal` a crash interrupted leaves is finished or undone before the files are read: with the key file
// in place the new files are complete (step 5 was the last to land), so only plain leftovers go; without it,
// the old database is put back.
async function recoverSeal() {
  if (await exists(KEY)) {
    for (const name of await plainCopies()) await wipeAndRemove(name);
    await wipeAndRemove(PLAIN_OLD);
    if (await exists(SEAL_TMP)) await dir.removeEntry(SEAL_TMP);
    if (await exists(KEY_TMP)) await dir.removeEntry(KEY_TMP);
    return;
  }
  if (await exists(PLAIN_OLD)) {
    await closeOpen(DB);
    await moveFile(PLAIN_OLD, DB);
  }
  if (await exists(SEAL_TMP)) await dir.removeEntry(SEAL_TMP);
  if (await exists(KEY_TMP)) await dir.removeEntry(KEY_TMP);
}

const WRITES = new Set(['append', 'checkpoint', 'reseal', 'writeFile', 'rename', 'remove', 'seal', 'writeKey', 'writeUsers']);

const ops = {
  async open(msg) {
    if (!root) root = await navigator.storage.getDirectory();
    if (msg.user !== undefined) {
      if (!Number.isInteger(msg.user) || msg.user < 1 || msg.user > 99) throw new OpError('bad user', 'bad_user');
      if (open.size && msg.user !== user) throw new OpError('another user is open', 'in_use');
      user = msg.user;
    }
    if (typeof msg.sealStop === 'number') sealStop = msg.sealStop;
    await recoverSeal();
    await recoverReseal();
    for (const name of [DB, LOG]) if (!open.has(name)) open.set(name, await syncHandle(name, true));
    const marker = msg.markerName ? (checkName(msg.markerName), await exists(msg.markerName)) : false;
    const db = readAll(open.get(DB));
    const log = readAll(open.get(LOG));
    const key = (await exists(KEY)) ? await withHandle(KEY, false, readAll) : null;
    const users = (await exists(USERS)) ? new TextDecoder().decode(await withHandle(USERS, false, readAll)) : null;
    return { reply: { db, log, key, marker, users }, transfer: key ? [db, log, key] : [db, log] };
  },

  async seal(msg) {
    const stopAfter = async (step) => {
      if (sealStop === step) { await new Promise(() => {}); }   // never returns: the test kills the page now
    };
    await replaceBase(new Uint8Array(msg.base), SEAL_TMP, PLAIN_OLD, stopAfter);
    await stopAfter(4);
    await writeWhole(KEY_TMP, new Uint8Array(msg.key));
    await moveFile(KEY_TMP, KEY);
    await stopAfter(5);
    for (const name of await plainCopies()) await wipeAndRemove(name);
    await wipeAndRemove(PLAIN_OLD);   // also when sealed (the old files after a damaged database was kept aside)
    return { reply: { ok: true } };
  },

  append(msg) {
    const h = open.get(LOG);
    const end = h.getSize();
    try {
      writeAll(h, new Uint8Array(msg.bytes), end);
      h.flush();
    } catch (e) {
      // No partial record stays behind the last whole one (a retry appends it again at the same place).
      try { h.truncate(end); h.flush(); } catch (ignored) { /* the replay cuts a torn tail off anyway */ }
      throw e;
    }
    return { reply: { acked: msg.seq } };
  },

  async checkpoint(msg) {
    const db = open.get(DB);
    const log = open.get(LOG);
    const data = new Uint8Array(msg.data);
    const ex = msg.extents;
    // Tests (testStop): this checkpoint stops for good at step 1 (the barrier flushed and the first half of the
    // other writes in the base, each whole — where a kill between two writes leaves it —, not flushed), 2 (the
    // base written and flushed, the log still full) or 3 (the log truncated, not flushed); the crash trials kill
    // the browser there. Zero: no stop (every real checkpoint).
    const stop = checkpointStop;
    const stopAt = async (step) => {
      if (stop !== step) return;
      self.postMessage({ event: 'stopped', op: 'checkpoint', step });
      await new Promise(() => {});   // never returns
    };
    const barrier = Math.min(msg.barrier || 0, ex.length / 3);
    const writes = stop === 1 ? barrier + Math.floor((ex.length / 3 - barrier) / 2) : ex.length / 3;
    for (let i = 0; i < writes; i++) {
      writeAll(db, data.subarray(ex[3 * i + 1], ex[3 * i + 1] + ex[3 * i + 2]), ex[3 * i]);
      if (i + 1 === barrier) db.flush();
    }
    await stopAt(1);
    db.truncate(msg.size);
    db.flush();
    await stopAt(2);
    // Only now may the log go: the base holds every page it covered.
    log.truncate(0);
    await stopAt(3);
    log.flush();
    return { reply: { ok: true } };
  },

  async reseal(msg) {
    const stopAt = async (step) => {
      if (resealStop !== step) return;
      self.postMessage({ event: 'stopped', op: 'reseal', step });
      await new Promise(() => {});   // never returns
    };
    await replaceBase(new Uint8Array(msg.data), RESEAL_TMP, RESEAL_OLD, stopAt);
    await dir.removeEntry(RESEAL_OLD);
    return { reply: { ok: true } };
  },

  // The key file replaced atomically (a new passphrase): written beside it, then moved over it.
  async writeKey(msg) {
    await writeWhole(KEY_TMP, new Uint8Array(msg.key));
    await moveFile(KEY_TMP, KEY);
    return { reply: { ok: true } };
  },

  // The list of device users (JSON text; web/sipfield-pre.js owns its form), replaced atomically.
  async writeUsers(msg) {
    await writeWhole(`${USERS}.tmp`, new Uint8Array(msg.bytes));
    await moveFile(`${USERS}.tmp`, USERS);
    return { reply: { ok: true } };
  },

  async writeFile(msg) {
    await writeWhole(msg.name, new Uint8Array(msg.bytes));
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
    const file = await dir.getFileHandle(msg.from);
    if (typeof file.move === 'function') {
      await moveTo(file, msg.to);
    } else {
      const bytes = await withHandle(msg.from, false, readAll);
      await ops.writeFile({ name: msg.to, bytes });
      await dir.removeEntry(msg.from);
    }
    return { reply: { ok: true } };
  },

  async remove(msg) {
    checkName(msg.name);
    if (open.has(msg.name)) throw new OpError('file is in use', 'in_use');
    try {
      await dir.removeEntry(msg.name);
    } catch (e) {
      if (!e || e.name !== 'NotFoundError') throw e;
    }
    return { reply: { ok: true } };
  },

  async testQuota(msg) {
    const used = await usedBytes();
    if (msg.set) quota = typeof msg.spare === 'number' ? used + msg.spare : null;
    if (typeof msg.retryMs === 'number') RETRY_MS = msg.retryMs;
    return { reply: { used } };
  },

  // Tests: the next checkpoint stops at `checkpoint` (see above; 0: off). Handled at once, out of order.
  async testStop(msg) {
    checkpointStop = Number.isInteger(msg.checkpoint) ? msg.checkpoint : 0;
    resealStop = Number.isInteger(msg.reseal) ? msg.reseal : 0;
    return { reply: { ok: true } };
  },

  async list() {
    const names = [];
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind !== 'file') continue;
      const size = open.has(name) ? open.get(name).getSize() : (await handle.getFile()).size;
      names.push({ name, size });
    }
    names.sort((a, b) => (a.name < b.name ? -1 : 1));
    return { reply: { names } };
  },
};

// Writes that are retried while the disk is full: each can run again from the start with the same result.
const RETRIED = new Set(['append', 'checkpoint', 'reseal', 'writeFile', 'writeKey', 'writeUsers']);

async function handle(msg) {
  const op = ops[msg && msg.op];
  try {
    if (!op) throw new OpError('unknown operation', 'bad_op');
    if (msg.op !== 'open' && !root) throw new OpError('storage not open', 'not_open');
    if (WRITES.has(msg.op) && failed) throw new OpError('an earlier write failed', 'after_failure');
    let result;
    for (;;) {
      quotaLeft = quota !== null && WRITES.has(msg.op) ? Math.max(0, quota - (await usedBytes())) : Infinity;
      try {
        result = await op(msg);
        break;
      } catch (e) {
        if (!(e && e.name === 'QuotaExceededError' && RETRIED.has(msg.op))) throw e;
        if (!full) { full = true; self.postMessage({ event: 'full' }); }
        await sleep(RETRY_MS);
      }
    }
    if (full && WRITES.has(msg.op)) { full = false; self.postMessage({ event: 'space' }); }
    const { reply, transfer } = result;
    self.postMessage({ id: msg.id, ...reply }, transfer || []);
  } catch (e) {
    if (WRITES.has(msg && msg.op)) failed = true;
    const code = (e && (e.code && typeof e.code === 'string' ? e.code : e.name)) || 'error';
    self.postMessage({ id: msg && msg.id, error: `${msg && msg.op} failed`, code: String(code) });
  }
}

self.onmessage = (event) => {
  const msg = event.data;
  // The test's "space returns" must reach a worker whose queue waits for space: handled at once, out of order.
  if (msg && (msg.op === 'testQuota' || msg.op === 'testStop')) { handle(msg); return; }
  queue = queue.then(() => handle(msg));
};
