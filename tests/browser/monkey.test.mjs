// A monkey on every screen: thousands of random clicks (on the widgets drawn, and anywhere), key presses,
// typed text (Swedish letters included) and wheel turns. The app must not crash, log an error or hang, and
// the audit log must still verify: every change went through a command, in one chain.
// SIP_MONKEY_EVENTS sets the number of events (default 200 in scripts/test; e.g. 20000 for a long run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, screenshotPath } from './harness.mjs';

const EVENTS = Number(process.env.SIP_MONKEY_EVENTS || 200);
let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

// A small deterministic generator, so a failing run can be repeated with the same SIP_MONKEY_SEED.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

const KEYS = ['Tab', 'Shift+Tab', 'Enter', 'Escape', 'ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Backspace',
              'Delete', 'Home', 'End', 'PageDown', 'Space', 'Control+S', 'Control+N', 'Control+F', 'Control+A',
              'Control+Z', 'F1', 'Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5', 'Alt+6'];
const TEXTS = ['Åsa', 'ö', 'ä', 'å', 'é', '@', '2026-12-01', '10:30', 'Jag vill bo kvar hemma', '<script>', '\u202e',
               '19901211-9948', ' ', 'x'.repeat(200)];
// Labels the monkey leaves alone: they open the browser's file picker or download dialogs, which only a person
// answers, or ask to replace the whole database.
const AVOID = new Set(['Återställ från säkerhetskopia…', 'Läs in kontorsprofil…', 'Läs in ny kontorsprofil…', 'Läs in kvitto…',
  'Lås (Ctrl+L)']);   // locking reloads the page into the lock screen (tests/browser/lock.test.mjs covers it)

test(`monkey: ${EVENTS} random inputs across every screen`, async () => {
  const seed = Number(process.env.SIP_MONKEY_SEED || 20261129);
  const rand = rng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const s = await launch(freshProfile('monkey'), server.url, { viewport: { width: 1280, height: 720 } });
  try {
    await openApp(s.page, server.url);
    await s.page.evaluate(() => window.sipfield.enableLocator(true));
    // One case to work on, so the workspace has something to show; a second one invited to its meeting, so that
    // Mötesläge is there to visit (the monkey starts there).
    const c = await dispatch(s.page, { cmd: 'case.create', owner: { name: 'Apa Testsson', identity_number: '19901211-9948' },
                                       noticed_by: 'home_care', noticed_on: '2026-11-20' });
    assert.equal(c.ok, true);
    const must = async (r) => { const x = await dispatch(s.page, r); assert.equal(x.ok, true, JSON.stringify(x.error)); return x.result; };
    const m = (await must({ cmd: 'case.create', owner: { name: 'Möte Testsson', identity_number: '19821105-9954' },
                            noticed_by: 'home_care', noticed_on: '2026-11-20' })).case_id;
    await must({ cmd: 'preparation.start', case_id: m });
    const p = (await must({ cmd: 'participant.add', case_id: m, name: 'Olle', organisation: 'Hemtjänsten',
                            huvudman: 'municipality' })).participant_id;
    await must({ cmd: 'convener.set', case_id: m, name: 'Sara', organisation: 'Socialtjänsten', role: 'socialsekreterare' });
    await must({ cmd: 'consent.record', case_id: m, given_by: 'person', form: 'written', documented_by: 'Olle',
                 documented_on: '2026-11-20', valid_from: '2026-11-20', covers: ['Hemtjänsten'] });
    await must({ cmd: 'invitation.update', case_id: m, purpose: 'Bo kvar hemma', place: 'Hemma',
                 meeting_at: '2026-11-30T10:00', invitees: [p] });
    await must({ cmd: 'invitation.send', case_id: m, sent_on: new Date().toISOString().slice(0, 10) });
    let visitedMeeting = false;
    const counts = { click: 0, key: 0, text: 0, wheel: 0, random: 0 };
    let items = [];
    for (let i = 0; i < EVENTS; i++) {
      if (i === 0) {
        // The monkey starts in Mötesläge (before it has typed into Översikt's search and filters).
        for (let k = 0; k < 3 && !visitedMeeting; k++) {
          const row = await s.page.evaluate(() => window.sipfield.locate('Möte Testsson'));
          if (row.length) await s.page.mouse.click(row[0].x + 10, row[0].y + row[0].h / 2);
          await s.page.waitForTimeout(400);
          const b = await s.page.evaluate(() => window.sipfield.locate('Mötesläge'));
          if (b.length) await s.page.mouse.click(b[0].x + b[0].w / 2, b[0].y + b[0].h / 2);
          await s.page.waitForTimeout(400);
          visitedMeeting = (await s.page.evaluate(() => window.sipfield.status().screen)) === 5;
        }
      }
      if ((await s.page.evaluate(() => window.sipfield.status().screen)) === 5) visitedMeeting = true;
      const r = rand();
      if (r < 0.45) {
        // What is on screen, re-read now and then (a click on a widget that moved meanwhile is just a random click).
        if (i % 4 === 0 || !items.length) {
          items = (await s.page.evaluate(() => window.sipfield.locateAll())).filter((w) => !AVOID.has(w.label));
        }
        if (items.length) {
          const w = pick(items);
          await s.page.mouse.click(w.x + w.w * (0.2 + 0.6 * rand()), w.y + w.h / 2);
          counts.click++;
        }
      } else if (r < 0.7) {
        await s.page.keyboard.press(pick(KEYS));
        counts.key++;
      } else if (r < 0.85) {
        await s.page.keyboard.type(pick(TEXTS));
        counts.text++;
      } else if (r < 0.92) {
        await s.page.mouse.wheel(0, (rand() - 0.5) * 800);
        counts.wheel++;
      } else {
        await s.page.mouse.click(rand() * 1280, rand() * 720);
        counts.random++;
      }
      if (i % 100 === 0) await s.page.screenshot({ path: screenshotPath(`monkey-${i}`) });
      if (s.problems.length) break;
    }
    await s.page.waitForTimeout(300);
    // Still alive and answering; the audit chain is whole; every case still reads.
    assert.equal((await dispatch(s.page, { cmd: 'ping' })).ok, true);
    const audit = await dispatch(s.page, { cmd: 'audit.verify' });
    assert.equal(audit.ok, true);
    assert.equal(audit.result.ok, true, JSON.stringify(audit.result));
    const cases = (await dispatch(s.page, { cmd: 'case.list' })).result.cases;
    for (const k of cases) assert.equal((await dispatch(s.page, { cmd: 'case.get', case_id: k.case_id })).ok, true);
    console.log(`monkey: seed ${seed}, ${JSON.stringify(counts)}, ${cases.length} cases, ${audit.result.entries} audit entries, meeting view visited: ${visitedMeeting}`);
    assert.ok(visitedMeeting || s.problems.length > 0, 'the monkey never reached Mötesläge');
    assertClean(s);
  } finally {
    await s.close();
  }
});
