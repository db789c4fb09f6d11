#!/usr/bin/env node
// bench/wasm-size.mjs [--dist=DIR] [--symbols=FILE] [--top=N] [--floor=KB] — what the download is made of.
//
// Prints the gzip -9 size of every file the service worker precaches (the download), then breaks sipfield.wasm
// down: its sections, and its code by library (SQLite, Dear ImGui, nlohmann::json instantiations, libc++ and
// the C runtime, and each of the project's libraries: core, store, bundle, app, the screens, the platform
// layer), with raw and gzip sizes, and the largest functions. Function names come from the symbol map the link
// writes beside the build (.build/web/sipfield.js.symbols, --emit-symbol-map). gzip per group compresses that
// group's function bodies alone, so the groups add up to a little more than the whole.
//
// Writes bench/out/wasm-size.json. Needs the built app (scripts/build web). With --floor=KB it exits 1 when the
// download is larger (the web ctest `download_size` runs it with the floor of issue #10, 800 KB).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opt = (name, dflt) => (process.argv.find((a) => a.startsWith(`--${name}=`)) || `=${dflt}`).split('=').slice(1).join('=');
const DIST = opt('dist', path.join(ROOT, '.build/web/dist'));
const SYMBOLS = opt('symbols', path.join(DIST, '..', 'sipfield.js.symbols'));
const TOP = Number(opt('top', 25));
const FLOOR = Number(opt('floor', 0));

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1).padStart(7);

// --- the download: what sw.js precaches -----------------------------------------------------------------------
const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
const precached = [...new Set([...sw.matchAll(/['"]\.?\/?([\w.-]+\.(?:js|wasm|data|html|css|webmanifest|svg))['"]/g)]
  .map((m) => m[1]).filter((f) => fs.existsSync(path.join(DIST, f))))];
if (!precached.includes('sw.js')) precached.push('sw.js');
const files = precached.map((f) => {
  const b = fs.readFileSync(path.join(DIST, f));
  return { file: f, raw: b.length, gzip: gz(b) };
}).sort((a, b) => b.gzip - a.gzip);
const total = files.reduce((s, f) => s + f.gzip, 0);
console.log('download (gzip -9 of every precached file)');
for (const f of files) console.log(`  ${f.file.padEnd(24)} ${kb(f.raw)} KB raw ${kb(f.gzip)} KB gzip`);
console.log(`  ${'total'.padEnd(24)} ${' '.repeat(15)} ${kb(total)} KB gzip   (floor 800 KB, goal 600 KB)`);

// --- sipfield.wasm: sections and functions ----------------------------------------------------------------------
const wasm = fs.readFileSync(path.join(DIST, 'sipfield.wasm'));
let pos = 8;
const leb = () => {
  let r = 0, shift = 0, b;
  do { b = wasm[pos++]; r += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return r;
};
const SECTION = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element',
                 'code', 'data', 'datacount', 'tag'];
const sections = [];
let importedFunctions = 0;
let bodies = [];
while (pos < wasm.length) {
  const id = wasm[pos++];
  const size = leb();
  const start = pos;
  sections.push({ name: SECTION[id] || `#${id}`, raw: size, gzip: gz(wasm.subarray(start, start + size)) });
  if (id === 2) {   // imports: count the functions (their indices come first)
    const n = leb();
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 2; k++) { const len = leb(); pos += len; }
      const kind = wasm[pos++];
      if (kind === 0) { leb(); importedFunctions++; }
      else if (kind === 1) { pos++; const f = leb(); leb(); if (f & 1) leb(); }
      else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; leb(); }
    }
  } else if (id === 10) {
    const n = leb();
    for (let i = 0; i < n; i++) {
      const len = leb();
      bodies.push({ index: importedFunctions + i, start: pos, size: len });
      pos += len;
    }
  }
  pos = start + size;
}
console.log('\nsipfield.wasm sections');
for (const s of sections.sort((a, b) => b.raw - a.raw))
  console.log(`  ${s.name.padEnd(24)} ${kb(s.raw)} KB raw ${kb(s.gzip)} KB gzip`);

// --- the code by library ------------------------------------------------------------------------------------
let names = new Map();
if (fs.existsSync(SYMBOLS)) {
  for (const line of fs.readFileSync(SYMBOLS, 'utf8').split('\n')) {
    const i = line.indexOf(':');
    // Names are escaped for the map (\28 for "(", \20 for a space …).
    if (i > 0) names.set(Number(line.slice(0, i)),
                         line.slice(i + 1).replace(/\\([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
  }
} else {
  console.log(`\n(no symbol map at ${SYMBOLS}: link with --emit-symbol-map for the breakdown by library)`);
}
const mangled = bodies.map((b) => names.get(b.index) || `f${b.index}`);
let demangled = mangled;
try {
  demangled = execFileSync('c++filt', { input: mangled.join('\n'), maxBuffer: 1 << 28 }).toString().split('\n');
} catch { /* names stay mangled */ }

// The first rule that matches names the group. Order matters: a json instantiation made for the core is json's.
const GROUPS = [
  ['nlohmann::json (instantiations)', (n) => n.includes('nlohmann::')],
  ['SQLite', (n) => /^(sqlite3|pager|btree|vdbe|sqlite|fts|json|rtree|whereLoop|yy|unixOpen|memdb)/i.test(n) ||
                    /^[a-z][A-Za-z0-9]*$/.test(n) && !/^(main|malloc|free|emscripten|dlmalloc|memcpy|memset|strlen)/.test(n)],
  ['Dear ImGui', (n) => /^(ImGui|Im[A-Z]|ImStb|stb_|stbtt|stbrp|ImFont|ImDraw|ImGuiTable)/.test(n) || n.includes('ImGui')],
  ['sip screens (sipui)', (n) => n.startsWith('sip::ui::')],
  ['sip platform (web)', (n) => n.startsWith('sip::platform') || /^(\(anonymous namespace\)::|sipfield_)/.test(n)],
  ['sip store', (n) => n.startsWith('sip::store')],
  ['sip bundle (crypto, CBOR, age)', (n) => n.startsWith('sip::bundle') || /^(crypto_|sodium|randombytes|_?argon2|blake2|chacha|poly1305|ge25519|fe25519|sc25519)/.test(n)],
  ['sip app (handler)', (n) => n.startsWith('sip::app')],
  ['sip core (domain, FHIR, papers)', (n) => n.startsWith('sip::')],
  ['libc++ / libc++abi', (n) => n.startsWith('std::') || n.startsWith('__cxx') || n.startsWith('operator ') || n.startsWith('__cxa')],
  ['C runtime and the rest', () => true],
];
const groups = GROUPS.map(([name]) => ({ name, count: 0, raw: 0, parts: [] }));
const fns = bodies.map((b, i) => ({ ...b, name: demangled[i] || mangled[i] }));
for (const f of fns) {
  const g = groups[GROUPS.findIndex(([, test]) => test(f.name))];
  g.count++;
  g.raw += f.size;
  g.parts.push(wasm.subarray(f.start, f.start + f.size));
}
console.log('\ncode by library (function bodies; gzip of each group alone)');
for (const g of groups.filter((g) => g.count).sort((a, b) => b.raw - a.raw)) {
  g.gzip = gz(Buffer.concat(g.parts));
  console.log(`  ${g.name.padEnd(32)} ${String(g.count).padStart(5)} functions ${kb(g.raw)} KB raw ${kb(g.gzip)} KB gzip`);
}
console.log(`\nthe ${TOP} largest functions`);
for (const f of [...fns].sort((a, b) => b.size - a.size).slice(0, TOP))
  console.log(`  ${kb(f.size)} KB  ${f.name.length > 110 ? f.name.slice(0, 107) + '…' : f.name}`);

fs.mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/out/wasm-size.json'), JSON.stringify({
  download_gzip: total, files, sections,
  groups: groups.filter((g) => g.count).map(({ name, count, raw, gzip }) => ({ name, count, raw, gzip })),
  largest: [...fns].sort((a, b) => b.size - a.size).slice(0, TOP).map(({ name, size }) => ({ name, size })),
}, null, 2));
if (FLOOR > 0) {
  const over = total / 1024 > FLOOR;
  console.log(`\n${over ? 'FAIL' : 'ok'}: download ${(total / 1024).toFixed(1)} KB gzip ${over ? '>' : '≤'} floor ${FLOOR} KB`);
  if (over) process.exit(1);
}
