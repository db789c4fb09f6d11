// web/sipfield-outbox.js — the outbox's JavaScript half (linked into sipfield.js with a fourth --pre-js; the
// C++ half, which shows it, is src/platform/web_outbox.h).
//
// Every exported bundle waits in the database (bundle.list, status "exported") until a receipt marks it
// delivered. When the device has an office profile and the browser is online, a round sends what waits, oldest
// first, to the office server this app was loaded from (POST /api/v1/bundles, same origin: the CSP's
// connect-src 'self' stays as it is), and hands each answer's receipt to receipt.import, which marks the
// bundle delivered only if the office's admin key, pinned at the profile import, signed it. So a captive
// portal's "200 OK" page, or any answer that is not JSON with a valid receipt, marks nothing. Nothing is ever
// removed from the outbox by sending.
//
// Each round first asks the office for the receipts it issued to this device (GET /api/v1/receipts), so a
// receipt lost on the way, or one a restored backup predates, is recovered without sending the bundle again.
// Rounds run at start-up, on the "online" event, every 30 s while the app is open (to notice new exports; the
// reads are local), on "Skicka nu" (Module.sipfieldOutboxSendNow), and after a failure with a growing wait:
// 1 minute, doubling, at most 1 hour. A bundle the office refuses (409/413/422) stays in the outbox with the
// office's error code (Planpaket shows it in Swedish) and is offered again on later rounds.
// First contact: "Hämta kontorets profil" on Planpaket fetches GET /api/v1/profile (Module.sipfieldFetchProfile)
// and hands the text to C++ (sipfield_profile_fetched), which verifies it and shows the admin key's fingerprint
// for the user to compare before profile.import pins it. From then on, until the office has approved this
// device, each round sends the device's enrollment request (POST /api/v1/enrollments) before any bundle and
// records the answer (device.enrollment: pending, approved, revoked): Planpaket and the status bar say
// "Väntar på godkännande" until the administrator runs `sipfield office enroll --approve`.
// Background Sync (where the browser offers it): while the device is approved, each round keeps a copy of every
// waiting bundle for the service worker (web/outbox-queue.js, IndexedDB; ciphertext only). When a round finds
// the browser offline, or the page is hidden with bundles unanswered, it registers the sync tag; once online the
// browser wakes the service worker (web/sw.js), even with no page open, which posts them and keeps each answer.
// The next round, or at once when the worker says so, imports those receipts through receipt.import (the pinned
// admin key's check) and drops the copies; copies of bundles no longer waiting are dropped too.
// After each step the state goes to C++ (sipfield_set_outbox). No personal data leaves the page: the bundle
// is ciphertext to the office, and nothing is logged.
/* global Module, SipOutboxQueue, SipOfficeApi */
(function () {
  'use strict';
  const POLL_MS = 30 * 1000;
  const MIN_BACKOFF_MS = 60 * 1000;
  const MAX_BACKOFF_MS = 60 * 60 * 1000;
  const state = { active: false, waiting: 0, sending: false, last_sent_at: 0, next_try_at: 0, error_code: '',
                  refused: {}, missing: [], enrollment: '' };
  let failures = 0;
  let timer = null;
  let running = null;

  function report() {
    try { Module.ccall('sipfield_set_outbox', null, ['string'], [JSON.stringify(state)]); } catch (e) { /* not up */ }
  }
  function coded(code) { const e = new Error(code); e.code = code; return e; }

  async function call(request) {
    const r = await window.sipfield.dispatch(request);
    if (!r.ok) throw coded((r.error && r.error.code) || 'internal');
    return r.result;
  }

  // The office's JSON answer (web/office-api.js), or office_unreachable.
  const office = (path, init) => SipOfficeApi.json(path, init);

  function fromBase64(b64) {
    const s = atob(b64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  async function waitingBundles() {
    const list = await call({ cmd: 'bundle.list' });
    const waiting = list.bundles.filter((b) => b.status !== 'delivered').sort((a, b) => a.seq - b.seq);
    state.waiting = waiting.length;
    for (const jti of Object.keys(state.refused)) if (!waiting.some((b) => b.jti === jti)) delete state.refused[jti];
    state.missing = state.missing.filter((jti) => waiting.some((b) => b.jti === jti));
    return waiting;
  }

  // --- the service worker's copy (web/outbox-queue.js). Without IndexedDB or a service worker the outbox works
  // as before, from the open page only: these never fail a round.
  const queue = typeof SipOutboxQueue !== 'undefined' && window.indexedDB ? SipOutboxQueue : null;

  // What the service worker got while no page ran or the page was offline: each receipt must pass
  // receipt.import's check against the pinned admin key (one that does not is cleared, and the bundle is sent
  // again); a refusal is shown as if this page had got it.
  async function absorb() {
    if (!queue) return;
    try {
      for (const e of await queue.all()) {
        if (e.receipt) {
          let k = null;
          try {
            k = await call({ cmd: 'receipt.import', receipt: e.receipt });
          } catch (err) { /* forged, or another office's */ }
          if (k && k.delivered + k.already_delivered >= 1) {
            await queue.remove(e.jti);
            if (k.delivered > 0) state.last_sent_at = Math.max(state.last_sent_at, e.sent_at || Date.now());
          } else {
            await queue.put(Object.assign({}, e, { receipt: null }));
          }
        } else if (e.refused) {
          state.refused[e.jti] = e.refused;
        }
      }
    } catch (e) { /* IndexedDB unavailable now: the page sends on its own */ }
  }

  // Keeps the copy in step with the outbox: every waiting bundle, nothing else (a delivered one, or one a
  // restored backup does not have).
  async function mirror(waiting) {
    if (!queue) return;
    try {
      const held = new Set(await queue.keys());
      const wanted = new Set(waiting.map((b) => b.jti));
      for (const jti of held) if (!wanted.has(jti)) await queue.remove(jti);
      for (const b of waiting) {
        if (held.has(b.jti)) continue;
        const file = await call({ cmd: 'bundle.file', jti: b.jti });
        await queue.put({ jti: b.jti, seq: b.seq, file: fromBase64(file.file), receipt: null, refused: '' });
      }
    } catch (e) { /* as above */ }
  }

  // Asks the browser to wake the service worker once it is online, if the copy holds bundles with no answer.
  async function armSync() {
    if (!queue || !navigator.serviceWorker) return;
    try {
      const reg = await navigator.serviceWorker.getRegistration();
      if (!reg || !reg.sync) return;   // no Background Sync here: the page's own rounds only
      if ((await queue.all()).some((e) => !e.receipt && !e.refused)) await reg.sync.register(queue.TAG);
    } catch (e) { /* not permitted (e.g. no secure context): as above */ }
  }

  // Sends this device's enrollment request and records the office's answer; returns the state.
  async function enroll() {
    const request = await call({ cmd: 'device.enrollment_request' });   // enrollment_incomplete: no names yet
    const r = await office('/api/v1/enrollments', {
      method: 'POST', headers: { 'Content-Type': 'application/jose' }, body: request.jws,
    });
    const code = (r.body && r.body.error && r.body.error.code) || '';
    let answer;
    if (r.status === 202 && r.body.ok && r.body.state === 'pending') answer = 'pending';
    else if (r.status === 200 && r.body.ok && r.body.state === 'approved') answer = 'approved';
    else if (r.status === 409 && code === 'device_revoked') answer = 'revoked';
    else if (r.status === 422 && code) throw coded(code);
    else throw coded('office_unreachable');
    await call({ cmd: 'device.enrollment', state: answer });
    state.enrollment = answer;
    report();
    return answer;
  }

  async function round() {
    const info = await call({ cmd: 'device.info' });
    let waiting = await waitingBundles();
    state.enrollment = info.profile ? info.profile.enrollment : '';
    if (!info.profile || state.enrollment === 'revoked') return;   // no office to send to, or never again
    const approved = state.enrollment === 'approved';
    if (approved) {
      await absorb();
      waiting = await waitingBundles();
      await mirror(waiting);
      report();
    }
    if (approved && waiting.length === 0) return;                  // nothing to send
    if (!navigator.onLine) throw coded('office_unreachable');
    await SipOfficeApi.health('/api/v1/health');
    state.active = true;
    if (!approved && (await enroll()) !== 'approved') return;       // waits for the administrator
    if (waiting.length === 0) return;
    state.sending = true;
    report();
    // Receipts the device never got (an answer lost on the way, a restored backup): the office lists every
    // receipt it issued to this key; each one passes receipt.import's check or is ignored.
    const after = waiting[0].seq - 1;
    const kept = await office(`/api/v1/receipts?kid=${encodeURIComponent(info.kid)}&after_seq=${after}`);
    if (kept.status === 200 && kept.body.ok && Array.isArray(kept.body.receipts)) {
      for (const receipt of kept.body.receipts) {
        try {
          const k = await call({ cmd: 'receipt.import', receipt });
          if (k.delivered > 0) state.last_sent_at = Date.now();   // confirmed now: "Skickat" in the status bar
        } catch (e) { /* not this office's: ignored */ }
      }
      waiting = await waitingBundles();
      // What still waits and is not among the bundles the office holds: Planpaket says so until it is sent.
      if (Array.isArray(kept.body.bundles)) {
        const held = new Set(kept.body.bundles.map((b) => b && b.jti));
        state.missing = waiting.filter((b) => !held.has(b.jti)).map((b) => b.jti);
      }
      report();
    }
    for (const b of waiting) {
      const file = await call({ cmd: 'bundle.file', jti: b.jti });
      const r = await SipOfficeApi.postBundle('/api/v1/bundles', fromBase64(file.file));   // or office_unreachable
      if (r.receipt) {
        const k = await call({ cmd: 'receipt.import', receipt: r.receipt });   // the pinned admin key's check
        if (k.delivered + k.already_delivered < 1) throw coded('receipt_wrong_device');
        delete state.refused[b.jti];
        state.missing = state.missing.filter((jti) => jti !== b.jti);
        state.waiting--;
        state.last_sent_at = Date.now();
        report();
      } else {
        const code = r.refused;
        state.refused[b.jti] = code;
        if (SipOfficeApi.keyRefused(code)) {
          // The office no longer (or never) trusts this key: what Planpaket says of the enrollment follows it
          // (an unknown key asks to be enrolled again on the next round), and the rest would be refused alike.
          state.enrollment = code === 'bundle_kid_revoked' ? 'revoked' : 'pending';
          await call({ cmd: 'device.enrollment', state: state.enrollment });
          break;
        }
      }
    }
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(() => { run(); }, ms);
  }

  // One round at a time; a request while one runs gets one more round after it (what it asked about may have
  // been exported after that round read the list).
  let again = null;
  function run() {
    if (running) {
      if (!again) again = running.then(() => { again = null; return run(); });
      return again;
    }
    running = (async () => {
      try {
        await round();
        state.error_code = '';
        failures = Object.keys(state.refused).length ? failures + 1 : 0;
      } catch (e) {
        state.error_code = (e && e.code) || 'internal';
        failures++;
        // Offline: the service worker sends when the browser is online again, even if this page is closed by
        // then. (Online but unanswered, this page keeps trying; it hands over when it is hidden, below.)
        if (state.error_code === 'office_unreachable' && !navigator.onLine) await armSync();
      }
      state.sending = false;
      const wait = failures ? Math.min(MIN_BACKOFF_MS * Math.pow(2, failures - 1), MAX_BACKOFF_MS) : POLL_MS;
      state.next_try_at = failures && state.waiting > 0 ? Date.now() + wait : 0;
      report();
      schedule(wait);
    })().finally(() => { running = null; });
    return running;
  }

  Module.sipfieldOutboxSendNow = () => { failures = 0; return run(); };

  // First contact: the office server's profile, handed to C++ to verify and show (never pinned here).
  Module.sipfieldFetchProfile = async () => {
    let text = '';
    let code = '';
    try {
      const r = await office('/api/v1/profile');
      if (r.status === 200 && r.body.ok && typeof r.body.profile === 'string') text = r.body.profile;
      else code = (r.body && r.body.error && r.body.error.code) || 'office_unreachable';
    } catch (e) {
      code = (e && e.code) || 'office_unreachable';
    }
    try { Module.ccall('sipfield_profile_fetched', null, ['string', 'string'], [text, code]); } catch (e) { /* gone */ }
  };
  addEventListener('online', () => { failures = 0; run(); });
  // Hidden (another tab, the lid closed, the tab about to close) with bundles unanswered: hand them to the
  // service worker, which sends when it can.
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') armSync(); });
  // The service worker has answers: a round imports them now.
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener('message', (ev) => {
      if (ev.data && ev.data.type === 'OUTBOX_SYNCED') run();
    });
  }

  // Start once the database is open (sipfield-pre.js defines window.sipfield before the runtime starts), a
  // little after the first frame so that start-up is not slowed.
  const start = () => {
    if (!window.sipfield || !window.sipfield.ready) { setTimeout(start, 100); return; }
    // Tests and automation: a round now (resolved with the state after it), and the state.
    window.sipfield.outbox = {
      run: () => Module.sipfieldOutboxSendNow().then(() => Object.assign({}, state)),
      state: () => Object.assign({}, state),
    };
    window.sipfield.ready.then((info) => { if (info && info.dbOpen) schedule(2000); });
  };
  start();
})();
