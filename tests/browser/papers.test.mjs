// The papers from the app, as a user gets them: a case with an established plan (set up through dispatch()),
// opened on screen; "Öppna Min SIP, version 1", "Öppna kallelsen för utskrift" and "Öppna samtycket för
// utskrift" each open a new tab with the paper. The tab is served by the service worker under a random id
// (nothing of the person in its URL) with a policy of its own that allows no script, prints to PDF, and
// the button "Min SIP är lämnad till den enskilde i dag" records the hand-over, which ends the 72-hour
// warning. Screenshots of the tabs go to test-output/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, screenshotPath, clickLabel, settle,
         waitForServiceWorker, eventually, invitedCase, OUT, resultOf as must } from './harness.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

const today = () => new Date().toISOString().slice(0, 10);

async function establishedCase(page) {
  const d = (r) => dispatch(page, r).then(must);
  const { id, olle, sara } = await invitedCase(page);
  await d({ cmd: 'meeting.record', case_id: id, held_on: today(), participation: 'in_person',
            attendance: [{ participant_id: olle, attendance: 'present' }, { participant_id: sara, attendance: 'present' }] });
  await d({ cmd: 'goal.add', case_id: id, text: 'Jag vill bo kvar hemma', persons_own_words: true });
  await d({ cmd: 'intervention.add', case_id: id, what: 'Hjälp med morgonrutinen', responsible: olle, frequency: 'dagligen' });
  await d({ cmd: 'plan.update', case_id: id, coordinator: sara, follow_up_on: '2027-03-01', follow_up_owner: sara });
  await d({ cmd: 'plan.establish', case_id: id, established_on: today() });
  return id;
}

// Clicks `label` and returns the tab it opened, loaded.
async function paperTab(s, label) {
  const popup = s.context.waitForEvent('page', { timeout: 15000 });
  await clickLabel(s.page, label);
  const tab = await popup;
  await tab.waitForLoadState('load');
  return tab;
}

// What every paper tab must be: Swedish, from the worker under a random id, no script allowed, without axe-core
// violations, printable.
async function checkPaper(tab, name, mustSay) {
  const url = new URL(tab.url());
  assert.match(url.pathname, /\/papers\/[0-9a-f]{32}$/, url.pathname);
  assert.equal(url.search, '');
  assert.equal(await tab.evaluate(() => document.documentElement.lang), 'sv');
  const text = await tab.evaluate(() => document.body.innerText);
  for (const s of mustSay) assert.ok(text.includes(s), `${name}: "${s}" missing`);
  // The tab's own policy: an inline script does not run.
  const ran = await tab.evaluate(() => {
    const el = document.createElement('script');
    el.textContent = 'window.__ran = true';
    document.head.appendChild(el);
    return window.__ran === true;
  });
  assert.equal(ran, false, `${name}: a script ran in the paper's tab`);
  // axe-core, evaluated through the DevTools protocol (the tab's own policy would refuse it as a script).
  await tab.evaluate(axeSource);
  const axe = await tab.evaluate(() => window.axe.run(document).then((r) => ({
    violations: r.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}`),
    passes: r.passes.length })));
  console.log(`paper ${name}: ${axe.violations.length} axe violations, ${axe.passes} rules passed`);
  assert.deepEqual(axe.violations, [], `${name}: axe-core`);
  await tab.screenshot({ path: screenshotPath(`paper-${name}`), fullPage: true });
  const pdf = await tab.pdf({ format: 'A4' });
  assert.ok(pdf.length > 2000 && pdf.subarray(0, 5).toString() === '%PDF-', `${name}: no PDF`);
  fs.mkdirSync(`${OUT}/papers`, { recursive: true });
  fs.writeFileSync(`${OUT}/papers/app-${name}.pdf`, pdf);
  await tab.close();
}

test('papers from the app: Min SIP, the invitation and the consent open in a new tab; the hand-over is recorded', async () => {
  const s = await launch(freshProfile('papers'), server.url);
  try {
    await openApp(s.page, server.url);
    await waitForServiceWorker(s.page);
    await s.page.evaluate(() => window.sipfield.enableLocator(true));
    const id = await establishedCase(s.page);
    const warns = async () => must(await dispatch(s.page, { cmd: 'case.get', case_id: id })).warnings
      .some((w) => w.code === 'plan_to_person_due');
    assert.equal(await warns(), true);

    await s.page.keyboard.press('Control+F');
    await settle(s.page);
    await clickLabel(s.page, 'Arvid Testsson');
    await settle(s.page);
    await clickLabel(s.page, 'Plan');
    await settle(s.page);
    await checkPaper(await paperTab(s, 'Öppna Min SIP, version 1'), 'min-sip',
                     ['Min SIP', 'Jag vill bo kvar hemma', 'Hjälp med morgonrutinen']);
    assert.equal(await warns(), true, 'opening Min SIP is not handing it over');
    await clickLabel(s.page, 'Min SIP är lämnad till den enskilde i dag');
    assert.equal(await eventually(warns, (v) => v === false), false);
    const plan = must(await dispatch(s.page, { cmd: 'case.get', case_id: id })).case.plan;
    assert.equal(plan.handed_to_person_on, today());
    await s.page.screenshot({ path: screenshotPath('papers-plan-panel') });

    await clickLabel(s.page, 'Inbjudan');
    await settle(s.page);
    await checkPaper(await paperTab(s, 'Öppna kallelsen för utskrift'), 'invitation', ['Att Arvid kan bo kvar hemma']);
    await clickLabel(s.page, 'Samtycke');
    await settle(s.page);
    await checkPaper(await paperTab(s, 'Öppna samtycket för utskrift'), 'consent', ['Socialtjänsten']);

    // A paper's address opened again later (or guessed) shows nothing of the case.
    const stale = await s.context.newPage();
    await stale.goto(new URL(`papers/${'0'.repeat(32)}`, server.url).href);
    assert.ok((await stale.evaluate(() => document.body.innerText)).includes('finns inte längre'));
    await stale.close();
    // What these checks provoked on purpose: the refused script, the stale address's 404, the tabs' favicon.
    const provoked = (p) => /Content Security Policy|\/papers\/|favicon|status of 404/.test(p);
    s.problems.splice(0, s.problems.length, ...s.problems.filter((p) => !provoked(p)));
    assertClean(s, 'papers');
  } finally {
    await s.close();
  }
});
