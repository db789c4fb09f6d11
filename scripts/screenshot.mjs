#!/usr/bin/env node
// scripts/screenshot.mjs [OUT.png] — the README's screenshot: the built app in headless Chromium with a
// fresh profile and fictional data. Default output: docs/screenshot.png. Needs scripts/build web first.
import path from 'node:path';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, ROOT } from '../tests/browser/harness.mjs';

const out = path.resolve(process.argv[2] || path.join(ROOT, 'docs/screenshot.png'));
const server = await serveApp();
const s = await launch(freshProfile('screenshot'), server.url, { viewport: { width: 1100, height: 640 } });
try {
  await openApp(s.page, server.url);
  await dispatch(s.page, { cmd: 'settings.set', key: 'staff.name', value: 'Testa Testsson' });
  await dispatch(s.page, { cmd: 'settings.set', key: 'staff.unit', value: 'Hemtjänst Öster' });
  for (const [name, number] of [['Tolvan Tolvansson', '199012119948'], ['Sven Testsson', '198211059954']]) {
    const c = await dispatch(s.page, { cmd: 'case.create', noticed_by: 'home_care', noticed_on: '2026-11-20',
                                       owner: { name, identity_number: number } });
    if (name.startsWith('Tolvan')) await dispatch(s.page, { cmd: 'preparation.start', case_id: c.result.case_id });
  }
  await s.page.waitForTimeout(300);
  await s.page.screenshot({ path: out });
  assertClean(s);
  console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
} finally {
  await s.close();
  await server.close();
}
