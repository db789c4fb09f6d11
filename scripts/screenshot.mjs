#!/usr/bin/env node
// scripts/screenshot.mjs [OUT.png] — the README's screenshot: a case workspace in the built app, in headless
// Chromium with a fresh profile and fictional data (set up through dispatch, then opened with the mouse).
// Default output: docs/screenshot.png. Needs scripts/build web first.
import path from 'node:path';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, clickLabel, settle, ROOT } from '../tests/browser/harness.mjs';

const out = path.resolve(process.argv[2] || path.join(ROOT, 'docs/screenshot.png'));
const server = await serveApp();
const s = await launch(freshProfile('screenshot'), server.url, { viewport: { width: 1100, height: 680 } });
try {
  await openApp(s.page, server.url);
  await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Testa Testsson' });
  await dispatch(s.page, { cmd: 'settings.set', key: 'staff.unit', value: 'Hemtjänst Öster' });
  let id;
  for (const [name, number] of [['Tolvan Tolvansson', '199012119948'], ['Sven Testsson', '198211059954']]) {
    const c = await dispatch(s.page, { cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-20',
                                       owner: { name, identity_number: number } });
    if (name.startsWith('Tolvan')) id = c.result.case_id;
  }
  const on = (j) => dispatch(s.page, { ...j, case_id: id });
  await on({ cmd: 'preparation.start' });
  await on({ cmd: 'preparation.update', what_matters: 'Jag vill klara morgonen själv och kunna gå till affären igen.',
             questions: ['Hur får jag hjälp på morgonen?', 'Vem hjälper mig med medicinerna?'],
             participation: 'in_person', meeting_place_wish: 'Hemma i köket' });
  await on({ cmd: 'consent.record', given_by: 'person', form: 'oral', documented_by: 'Testa Testsson',
             documented_on: '2026-11-21', valid_from: '2026-11-21', covers: ['Hemtjänsten', 'Vårdcentralen'] });
  await s.page.evaluate(() => window.sipfield.enableLocator(true));
  await clickLabel(s.page, 'Tolvan Tolvansson');
  await clickLabel(s.page, 'Förberedelse');
  await s.page.mouse.move(1090, 630);
  await settle(s.page);
  await s.page.screenshot({ path: out });
  assertClean(s);
  console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
} finally {
  await s.close();
  await server.close();
}
