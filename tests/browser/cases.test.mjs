// The case screens as a home-care worker uses them: Playwright drives the real canvas with the keyboard and
// the mouse (widgets found where they are drawn, harness.mjs locate()), never dispatch() for the work itself;
// dispatch() only reads the result back (case.get). Every screen is saved under test-output/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, screenshotPath, clickLabel, typeInto,
         locate, settle, done, choose, resultOf as must } from './harness.mjs';

let server;
before(async () => { server = await serveApp(); });

// Each walk gets one more attempt in a fresh profile when the first fails: they drive a real browser through
// hundreds of inputs on a shared two-core machine. A walk that fails twice fails the test.
function walk(name, body) {
  test(name, async () => {
    try {
      await body('a');
    } catch (e) {
      console.log(`retrying "${name}" once after: ${String(e.message).split('\n')[0]}`);
      await body('b');
    }
  });
}
after(async () => { await server?.close(); });

const shot = (page, name) => page.screenshot({ path: screenshotPath(`case-${name}`) });

// Types a date (or any short text) into the field labelled `label`, replacing what was there.
const fill = (page, label, text, index = 0) => typeInto(page, label, text, { index, clear: true });

async function openPanel(page, name) {
  await clickLabel(page, name);
  await page.waitForTimeout(120);
}

async function newCase(page, { name, number, reserveBirth, guardians = [] }) {
  await page.keyboard.press('Control+N');
  await page.waitForTimeout(150);
  await choose(page, 'Vem uppmärksammade behovet', 'Hemtjänsten');
  await fill(page, 'Behovet upptäcktes', '2026-11-23');
  await choose(page, 'Samverkansform', 'SIP (kommun och region)');
  await fill(page, 'Namn', name);
  if (reserveBirth) {
    await clickLabel(page, 'Saknar personnummer och samordningsnummer (reservnummer)');
    await fill(page, 'Födelsedatum', reserveBirth);
  } else {
    await fill(page, 'Personnummer eller samordningsnummer', number);
  }
  for (const g of guardians) {
    await choose(page, 'Roll', 'Vårdnadshavare');
    await fill(page, 'Namn', g, 1);
    await clickLabel(page, 'Lägg till företrädaren');
  }
  await shot(page, reserveBirth ? 'new-child' : 'new');
  await clickLabel(page, 'Skapa ärendet');
  await page.waitForFunction(() => window.sipfield.status().screen === 2, null, { timeout: 5000 });   // the workspace
  const cases = must(await dispatch(page, { cmd: 'case.list' })).cases;
  const c = cases.find((k) => k.owner_name === name);
  assert.ok(c, `case for ${name} not created: ${JSON.stringify(cases.map((k) => k.owner_name))}`);
  return c.case_id;
}

async function addParticipant(page, name, organisation) {
  await fill(page, 'Namn', name, 1);   // 0 is the convener's name
  await fill(page, 'Organisation', organisation, 1);
  await clickLabel(page, 'Lägg till deltagaren');
  await done(page);
}

walk('a whole case through the screens: new case, preparation, consent, participants, invitation, meeting, plan, follow-up with revision, closure', async (attempt) => {
  const s = await launch(freshProfile(`cases-walk-${attempt}`), server.url);
  try {
    await openApp(s.page, server.url);
    await s.page.evaluate(() => window.sipfield.enableLocator(true));
    await shot(s.page, 'overview-empty');
    const id = await newCase(s.page, { name: 'Åsa Öberg', number: '19901211-9948' });

    // Förberedelse: the person's own words, with Swedish letters, a dead-key é, AltGr's @ and €; saved with Ctrl+S.
    await openPanel(s.page, 'Förberedelse');
    await clickLabel(s.page, 'Påbörja förberedelsen');
    await typeInto(s.page, 'Med den enskildes egna ord', 'Jag vill klara morgonen själv – och fika på café med Åke @ 10 €');
    assert.equal((await s.page.evaluate(() => window.sipfield.status())).unsaved_input, true);
    await s.page.keyboard.press('Control+S');
    await s.page.waitForFunction(() => !window.sipfield.status().unsaved_input, null, { timeout: 10000 });
    await shot(s.page, 'preparation');
    let c = must(await dispatch(s.page, { cmd: 'case.get', case_id: id })).case;
    assert.equal(c.preparation.what_matters, 'Jag vill klara morgonen själv – och fika på café med Åke @ 10 €');
    assert.equal(c.step, 'preparation');

    // Samtycke.
    await openPanel(s.page, 'Samtycke');
    await choose(s.page, 'Vem ger samtycket', 'Den enskilde (Åsa Öberg)');
    await choose(s.page, 'Form', 'Muntligt (dokumenterat)');
    await fill(s.page, 'Dokumenterat av', 'Olle Omsorgshandledare');
    await fill(s.page, 'Dokumenterat den', '2026-11-23');
    await fill(s.page, 'Gäller från', '2026-11-23');
    await typeInto(s.page, 'Vilka verksamheter samtycket gäller (en per rad)', 'Hemtjänsten');
    await clickLabel(s.page, 'Registrera samtycket');
    await done(s.page);
    await shot(s.page, 'consent');

    // Kartläggning: one life area.
    await openPanel(s.page, 'Kartläggning');
    await clickLabel(s.page, 'Förflyttning');
    await typeInto(s.page, 'Den enskildes syn', 'Jag har ramlat två gånger i höst');
    await clickLabel(s.page, 'Spara kartläggningen');
    await shot(s.page, 'mapping');

    // Deltagare and sammankallande.
    await openPanel(s.page, 'Deltagare');
    await fill(s.page, 'Namn', 'Sara Socialsekreterare', 0);
    await fill(s.page, 'Organisation', 'Socialtjänsten Testköping', 0);
    await choose(s.page, 'Roll', 'Socialsekreterare (myndighet)', 0);
    await clickLabel(s.page, 'Spara sammankallande');
    await addParticipant(s.page, 'Olle Omsorgshandledare', 'Hemtjänsten Testgården');
    await addParticipant(s.page, 'Sara Socialsekreterare', 'Socialtjänsten Testköping');
    await shot(s.page, 'participants');

    // Inbjudan.
    await openPanel(s.page, 'Inbjudan');
    await typeInto(s.page, 'Syfte – det långsiktiga målet', 'Att Åsa kan bo kvar hemma');
    await fill(s.page, 'Tid för mötet', '2026-12-03');
    await fill(s.page, 'Klockslag', '10:00');
    await typeInto(s.page, 'Plats', 'Hemma hos Åsa');
    await clickLabel(s.page, 'Olle Omsorgshandledare (Hemtjänsten Testgården)');
    await clickLabel(s.page, 'Sara Socialsekreterare (Socialtjänsten Testköping)');
    await fill(s.page, 'Skickad den', '2026-11-24');
    await shot(s.page, 'invitation');
    await clickLabel(s.page, 'Skicka inbjudan');
    await done(s.page);
    c = must(await dispatch(s.page, { cmd: 'case.get', case_id: id })).case;
    assert.equal(c.step, 'invitation', JSON.stringify(c.invitation));

    // Mötet.
    await openPanel(s.page, 'Mötet');
    await fill(s.page, 'Mötet hölls den', '2026-12-03');
    await choose(s.page, 'Hur den enskilde deltog', 'På plats');
    await choose(s.page, 'Olle Omsorgshandledare (Hemtjänsten Testgården)', 'Närvarande');
    await choose(s.page, 'Sara Socialsekreterare (Socialtjänsten Testköping)', 'Närvarande');
    await shot(s.page, 'meeting');
    await clickLabel(s.page, 'Registrera mötet');
    await done(s.page);

    // Plan: the missing pieces are listed before establishing; then goal, intervention, coordinator, follow-up.
    await openPanel(s.page, 'Plan');
    await locate(s.page, 'Huvudmålet med den enskildes egna ord saknas.');
    await clickLabel(s.page, 'Lägg till mål');
    await typeInto(s.page, 'Huvudmål', 'Jag vill bo kvar hemma');
    await clickLabel(s.page, 'Med den enskildes egna ord');
    await clickLabel(s.page, 'Lägg till målet');
    await clickLabel(s.page, 'Lägg till insats');
    await typeInto(s.page, 'Vad', 'Hjälp med morgonrutinen');
    await choose(s.page, 'Vem ansvarar', 'Olle Omsorgshandledare (Hemtjänsten Testgården)');
    await typeInto(s.page, 'Hur ofta', 'dagligen 08–09');
    await clickLabel(s.page, 'Lägg till insatsen');
    await choose(s.page, 'Samordningsansvarig', 'Sara Socialsekreterare (Socialtjänsten Testköping)');
    await fill(s.page, 'Uppföljning den', '2027-03-01');
    await choose(s.page, 'Ansvarig för uppföljningen', 'Sara Socialsekreterare (Socialtjänsten Testköping)');
    await fill(s.page, 'Fastställd den', '2026-12-03');
    await shot(s.page, 'plan');
    await clickLabel(s.page, 'Fastställ planen');
    await done(s.page);
    c = must(await dispatch(s.page, { cmd: 'case.get', case_id: id })).case;
    assert.equal(c.step, 'follow_up', JSON.stringify(c.plan));
    assert.equal(c.versions.length, 1);

    // Uppföljning that revises, and a second version.
    await openPanel(s.page, 'Uppföljning');
    await fill(s.page, 'Uppföljningen hölls den', '2027-03-01');
    await choose(s.page, 'Beslut', 'Planen revideras');
    await fill(s.page, 'Nästa uppföljning den', '2027-06-01');
    await choose(s.page, 'Ansvarig för nästa uppföljning', 'Sara Socialsekreterare (Socialtjänsten Testköping)');
    await shot(s.page, 'followup');
    await clickLabel(s.page, 'Registrera uppföljningen');
    await openPanel(s.page, 'Plan');
    await fill(s.page, 'Fastställd den', '2027-03-01');
    await clickLabel(s.page, 'Fastställ planen');
    await done(s.page);

    // Avslut.
    await openPanel(s.page, 'Avslut');
    await choose(s.page, 'Skäl', 'Målen är uppnådda');
    await fill(s.page, 'Avslutas den', '2027-06-01');
    // Ticked when the guard line about it is gone (a click the app did not take is repeated).
    for (let k = 0; k < 3; k++) {
      await clickLabel(s.page, 'Alla berörda är informerade om att planen inte längre gäller');
      await settle(s.page);
      const line = 'Alla berörda ska få veta att planen inte längre gäller – ange när de informerades.';
      if ((await s.page.evaluate((l) => window.sipfield.locate(l).length, line)) === 0) break;
    }
    await fill(s.page, 'Informerade den', '2027-06-01');
    await typeInto(s.page, 'Vart den enskilde vänder sig om behovet kommer tillbaka', 'Ring biståndshandläggaren');
    await shot(s.page, 'closure');
    await clickLabel(s.page, 'Avsluta ärendet');
    await done(s.page);
    await shot(s.page, 'closed');

    c = must(await dispatch(s.page, { cmd: 'case.get', case_id: id })).case;
    assert.equal(c.step, 'closed');
    assert.equal(c.versions.length, 2);
    assert.equal(c.owner.identity_number, '199012119948');
    assert.equal(c.mapping[0].person_view, 'Jag har ramlat två gånger i höst');
    assert.equal(c.closure.where_to_turn, 'Ring biståndshandläggaren');
    await clickLabel(s.page, 'Översikt');
    await done(s.page);
    await shot(s.page, 'overview');
    assertClean(s);
  } finally {
    await s.close();
  }
});

walk('an invitation without consent is refused inline, in Swedish, and nothing typed is lost', async (attempt) => {
  const s = await launch(freshProfile(`cases-refused-${attempt}`), server.url);
  try {
    await openApp(s.page, server.url);
    await s.page.evaluate(() => window.sipfield.enableLocator(true));
    const id = await newCase(s.page, { name: 'Bertil Berg', number: '19821105-9954' });
    await openPanel(s.page, 'Förberedelse');
    await clickLabel(s.page, 'Påbörja förberedelsen');
    await openPanel(s.page, 'Deltagare');
    await fill(s.page, 'Namn', 'Sara Socialsekreterare', 0);
    await choose(s.page, 'Roll', 'Socialsekreterare (myndighet)', 0);
    await clickLabel(s.page, 'Spara sammankallande');
    await addParticipant(s.page, 'Olle Omsorgshandledare', 'Hemtjänsten');
    await openPanel(s.page, 'Inbjudan');
    await typeInto(s.page, 'Syfte – det långsiktiga målet', 'Att Bertil kan bo kvar');
    await fill(s.page, 'Tid för mötet', '2026-12-03');
    await fill(s.page, 'Klockslag', '13:30');
    await typeInto(s.page, 'Plats', 'Hemma');
    await clickLabel(s.page, 'Olle Omsorgshandledare (Hemtjänsten)');
    // The missing consent is listed before the button is pressed …
    await locate(s.page, 'Samtycke saknas – från den enskilde eller från en företrädare som får samtycka.');
    await fill(s.page, 'Skickad den', '2026-11-24');
    await clickLabel(s.page, 'Skicka inbjudan');
    await done(s.page);
    await shot(s.page, 'refused-consent');
    // … and the refusal keeps the case where it was, with the typed invitation saved.
    const c = must(await dispatch(s.page, { cmd: 'case.get', case_id: id })).case;
    assert.equal(c.step, 'preparation');
    assert.equal(c.invitation.place, 'Hemma');
    // The line jumps to the consent form.
    await clickLabel(s.page, 'Samtycke saknas – från den enskilde eller från en företrädare som får samtycka.');
    await locate(s.page, 'Registrera samtycket');
    assertClean(s);
  } finally {
    await s.close();
  }
});

walk("a child's case: two guardians, each one's consent shown and needed", async (attempt) => {
  const s = await launch(freshProfile(`cases-child-${attempt}`), server.url);
  try {
    await openApp(s.page, server.url);
    await s.page.evaluate(() => window.sipfield.enableLocator(true));
    const id = await newCase(s.page, { name: 'Lilly Testsson', reserveBirth: '2014-05-12',
                                       guardians: ['Gun Vårdnadshavare', 'Gert Vårdnadshavare'] });
    let c = must(await dispatch(s.page, { cmd: 'case.get', case_id: id }));
    assert.equal(c.child, true);
    assert.equal(c.case.representatives.length, 2);
    await openPanel(s.page, 'Samtycke');
    for (const g of ['Gun Vårdnadshavare', 'Gert Vårdnadshavare']) {
      await choose(s.page, 'Vem ger samtycket', `${g} – Vårdnadshavare`);
      await choose(s.page, 'Form', 'Skriftligt');
      await fill(s.page, 'Gäller från', '2026-11-23');
      await clickLabel(s.page, 'Registrera samtycket');
      await done(s.page);
      if (g.startsWith('Gun')) await shot(s.page, 'child-one-guardian');
    }
    await shot(s.page, 'child-both-guardians');
    c = must(await dispatch(s.page, { cmd: 'case.get', case_id: id }));
    assert.equal(c.consent_in_force, true);
    assert.deepEqual(c.case.consents.map((k) => k.given_by).sort(), c.case.representatives.map((r) => r.id).sort());
    assertClean(s);
  } finally {
    await s.close();
  }
});
