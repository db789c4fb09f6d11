// tests/browser/story.mjs — fictional case data driven through window.sipfield.dispatch, shared by browser
// tests and benchmarks. Mirrors tests/app/app_test_support.h.
import assert from 'node:assert/strict';
import { dispatch } from './harness.mjs';

// Dispatches a request that must succeed; returns its result.
export async function must(page, request) {
  const r = await dispatch(page, request);
  assert.equal(r.ok, true, `${request.cmd}: ${JSON.stringify(r.error)}`);
  return r.result;
}

// The same story as tests/app/app_test_support.h: a case taken to an established plan (fictional data).
export async function establishedCase(page) {
  const { case_id } = await must(page, { cmd: 'case.create', owner: { name: 'Arvid Testsson', identity_number: '19821105-9954' },
                                         noticed_by: 'home_care', noticed_on: '2026-11-02' });
  const on = (j) => must(page, { ...j, case_id });
  await on({ cmd: 'preparation.start' });
  await on({ cmd: 'consent.record', given_by: 'person', form: 'oral', documented_by: 'Olle Omsorgshandledare',
             documented_on: '2026-11-03', valid_from: '2026-11-03', covers: ['Socialtjänsten', 'Hemtjänsten'] });
  const hc = (await on({ cmd: 'participant.add', name: 'Olle Omsorgshandledare', organisation: 'Hemtjänsten Testgården',
                         huvudman: 'municipality', role: 'omsorgshandledare' })).participant_id;
  const sw = (await on({ cmd: 'participant.add', name: 'Sara Socialsekreterare', organisation: 'Socialtjänsten Testköping',
                         huvudman: 'municipality', role: 'socialsekreterare' })).participant_id;
  await on({ cmd: 'invitation.update', purpose: 'Att Arvid kan bo kvar hemma', meeting_at: '2026-11-17T10:00',
             place: 'Hemma', invitees: [hc, sw] });
  await on({ cmd: 'convener.set', name: 'Sara Socialsekreterare', organisation: 'Socialtjänsten Testköping', role: 'socialsekreterare' });
  await on({ cmd: 'invitation.send', sent_on: '2026-11-05' });
  await on({ cmd: 'meeting.record', participation: 'in_person', held_on: '2026-11-17', leader: 'Olle Omsorgshandledare', documenter: 'Olle Omsorgshandledare',
             attendance: [{ participant_id: hc, attendance: 'present' }, { participant_id: sw, attendance: 'present' }] });
  const { goal_id } = await on({ cmd: 'goal.add', text: 'Jag vill bo kvar hemma', persons_own_words: true });
  await on({ cmd: 'intervention.add', what: 'Hjälp inför såromläggning', responsible: hc, start_date: '2026-11-18',
             frequency: 'måndag och torsdag', place: 'Hemma', goal_id, home_care_commitment: true });
  await on({ cmd: 'plan.update', coordinator: sw, follow_up_on: '2027-02-15', follow_up_owner: sw });
  await on({ cmd: 'plan.establish', established_on: '2026-11-17' });
  return case_id;
}
