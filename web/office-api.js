// web/office-api.js — the office server's API as the app's outbox calls it, from the page
// (web/sipfield-outbox.js; linked into sipfield.js as a --pre-js) and from the service worker when Background
// Sync fires (web/sw.js, by importScripts; served and precached beside it). One place decides what counts as
// an answer from the office, so a captive portal's page is no answer in either.
/* exported SipOfficeApi */
// eslint-disable-next-line no-unused-vars
var SipOfficeApi = (function () {
  'use strict';
  function unreachable() {
    const e = new Error('office_unreachable');
    e.code = 'office_unreachable';
    return e;
  }

  // The office's JSON answer {status, body}; office_unreachable for no answer, or an answer that is not the
  // API's JSON (a captive portal's page, a plain web server without the office API, a truncated body).
  async function json(url, init) {
    let res;
    try {
      res = await fetch(url, Object.assign({ cache: 'no-store', credentials: 'same-origin', redirect: 'error' }, init));
    } catch (e) {
      throw unreachable();
    }
    if (!(res.headers.get('content-type') || '').startsWith('application/json')) throw unreachable();
    try {
      return { status: res.status, body: await res.json() };
    } catch (e) {
      throw unreachable();
    }
  }

  // Resolves when the office server answers its health check at `url` (…/api/v1/health) as API version 1;
  // office_unreachable otherwise.
  async function health(url) {
    const r = await json(url);
    if (r.status !== 200 || !r.body.ok || r.body.api !== 1) throw unreachable();
  }

  // POSTs a .sipbundle's bytes to `url` (…/api/v1/bundles): {receipt} (the office's signed receipt, not yet
  // checked: receipt.import checks it against the pinned admin key) or {refused: code} (409/413/422, the
  // office's error code). Anything else (429, 5xx, no answer) throws office_unreachable: try again later.
  async function postBundle(url, bytes) {
    const r = await json(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes });
    if ((r.status === 200 || r.status === 201) && r.body.ok && typeof r.body.receipt === 'string') return { receipt: r.body.receipt };
    if (r.status === 409 || r.status === 413 || r.status === 422) {
      return { refused: (r.body.error && r.body.error.code) || 'invalid_request' };
    }
    throw unreachable();
  }

  // A refusal that says the office no longer (or never) trusts this device's key: the bundles after it would
  // be refused alike.
  const keyRefused = (code) => code === 'bundle_kid_revoked' || code === 'jws_unknown_kid';

  return { json, health, postBundle, keyRefused };
})();
