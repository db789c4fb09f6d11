// tests/core/fhir-validate.mjs — independent validation of SIP Field's FHIR R4 plan documents.
//
//   node tests/core/fhir-validate.mjs DIR      (DIR holds *.json written by the fhir_dump tool)
//
// For each document:
//   1. npm `fhir` (Lantana, 4.12.0, bundled R4 definitions): `new Fhir().validate(json)` must report zero
//      errors; warnings are counted and printed (an "Unexpected property" warning fails too: a misspelt
//      element would otherwise slip through).
//   2. The R4 invariants the Lantana validator does not evaluate, as FHIRPath (npm `fhirpath@5.1.1` with its
//      R4 model): bdl-*, dom-*, cmp-1/2, ppc-1..5, gol-1, cpl-3, app-1..4, qrs-1/2, org-1, pat-1, att-1,
//      per-1; plus in JavaScript: ele-1 (no empty elements), ext-1, ctm-1, txt-1/txt-2 (narrative is
//      limited XHTML with content), every reference resolves to an entry and points at a resource type the
//      element allows.
// Exit code 0 only when every document passes. Prints no document content (test data only, but still).
import fs from 'node:fs';
import path from 'node:path';
import fhirPkg from 'fhir';
import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4/index.js';

const { Fhir } = fhirPkg;
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/core/fhir-validate.mjs DIR');
  process.exit(2);
}

// [id, resourceType ('*' = every resource, 'Bundle' = the document), FHIRPath that must be true]
const INVARIANTS = [
  ['bdl-1', 'Bundle', "total.empty() or (type = 'searchset') or (type = 'history')"],
  ['bdl-2', 'Bundle', "entry.search.empty() or (type = 'searchset')"],
  ['bdl-3', 'Bundle', 'entry.request.empty()'],   // document: no request (R4 bdl-3 for non-batch/transaction/history)
  ['bdl-4', 'Bundle', 'entry.response.empty()'],  // document: no response
  ['bdl-5', 'Bundle', 'entry.all(resource.exists() or request.exists() or response.exists())'],
  ['bdl-7', 'Bundle', "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()"],
  ['bdl-8', 'Bundle', "entry.all(fullUrl.contains('/_history/').not())"],
  ['bdl-9', 'Bundle', "type = 'document' implies (identifier.system.exists() and identifier.value.exists())"],
  ['bdl-10', 'Bundle', "type = 'document' implies (timestamp.hasValue())"],
  ['bdl-11', 'Bundle', "type = 'document' implies entry.first().resource.is(Composition)"],
  ['dom-2', '*', 'contained.contained.empty()'],
  ['dom-4', '*', 'contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()'],
  ['dom-5', '*', 'contained.meta.security.empty()'],
  ['cmp-1', 'Composition', 'section.all(text.exists() or entry.exists() or section.exists())'],
  ['cmp-2', 'Composition', 'section.all(emptyReason.empty() or entry.empty())'],
  ['ppc-1', 'Consent', 'policy.exists() or policyRule.exists()'],
  ['ppc-2', 'Consent', "patient.exists() or scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' and code='patient-privacy').exists().not()"],
  ['ppc-3', 'Consent', "patient.exists() or scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' and code='research').exists().not()"],
  ['ppc-4', 'Consent', "patient.exists() or scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' and code='adr').exists().not()"],
  ['ppc-5', 'Consent', "patient.exists() or scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' and code='treatment').exists().not()"],
  ['gol-1', 'Goal', 'target.all((detail.exists() and measure.exists()) or detail.exists().not())'],
  ['cpl-3', 'CarePlan', 'activity.all(detail.empty() or reference.empty())'],
  ['app-1', 'Appointment', 'participant.all(type.exists() or actor.exists())'],
  ['app-2', 'Appointment', 'start.exists() = end.exists()'],
  ['app-3', 'Appointment', "(start.exists() and end.exists()) or (status in ('proposed' | 'cancelled' | 'waitlist'))"],
  ['app-4', 'Appointment', "cancelationReason.exists() implies (status='no-show' or status='cancelled')"],
  ['qrs-1', 'QuestionnaireResponse', 'repeat(item).all((answer.exists() and item.exists()).not())'],
  ['qrs-2', 'QuestionnaireResponse', 'repeat(answer | item).select(item.where(answer.value.exists()).linkId.isDistinct()).allTrue()'],
  ['org-1', 'Organization', '(identifier.count() + name.count()) > 0'],
  ['pat-1', 'Patient', 'contact.all(name.exists() or telecom.exists() or address.exists() or organization.exists())'],
  ['att-1', 'Consent', 'sourceAttachment.all(data.empty() or contentType.exists())'],
  ['per-1', 'Consent', 'provision.period.all(start.hasValue().not() or end.hasValue().not() or (start <= end))'],
  ['per-1', 'CarePlan', 'period.all(start.hasValue().not() or end.hasValue().not() or (start <= end))'],
  ['per-1', 'Appointment', 'requestedPeriod.all(start.hasValue().not() or end.hasValue().not() or (start <= end))'],
];

// Allowed reference targets per element path (R4). A reference at a path missing here fails.
const ANY = null;
const REF_TARGETS = {
  'Composition.subject': ANY,
  'Composition.author': ['Practitioner', 'PractitionerRole', 'Device', 'Patient', 'RelatedPerson', 'Organization'],
  'Composition.custodian': ['Organization'],
  'Composition.section.entry': ANY,
  'Consent.patient': ['Patient'],
  'Consent.performer': ['Organization', 'Patient', 'Practitioner', 'RelatedPerson', 'PractitionerRole'],
  'Consent.organization': ['Organization'],
  'Consent.verification.verifiedWith': ['Patient', 'RelatedPerson'],
  'Consent.provision.actor.reference': ['Device', 'Group', 'CareTeam', 'Organization', 'Patient', 'Practitioner', 'RelatedPerson', 'PractitionerRole'],
  'CareTeam.subject': ['Patient', 'Group'],
  'CareTeam.participant.member': ['Practitioner', 'PractitionerRole', 'RelatedPerson', 'Patient', 'Organization', 'CareTeam'],
  'CareTeam.participant.onBehalfOf': ['Organization'],
  'CareTeam.managingOrganization': ['Organization'],
  'Goal.subject': ['Patient', 'Group', 'Organization'],
  'Goal.expressedBy': ['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson'],
  'Goal.extension.extension.valueReference': ['Goal'],   // goal-relationship target
  'CarePlan.subject': ['Patient', 'Group'],
  'CarePlan.careTeam': ['CareTeam'],
  'CarePlan.goal': ['Goal'],
  'CarePlan.author': ['Patient', 'Practitioner', 'PractitionerRole', 'Device', 'RelatedPerson', 'Organization', 'CareTeam'],
  'CarePlan.activity.detail.goal': ['Goal'],
  'CarePlan.activity.detail.performer': ['Practitioner', 'PractitionerRole', 'Organization', 'RelatedPerson', 'Patient', 'CareTeam', 'HealthcareService', 'Device'],
  'Appointment.participant.actor': ['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Device', 'HealthcareService', 'Location'],
  'QuestionnaireResponse.subject': ANY,
  'Provenance.target': ANY,
  'Provenance.agent.who': ['Practitioner', 'PractitionerRole', 'RelatedPerson', 'Patient', 'Device', 'Organization'],
  'Provenance.agent.onBehalfOf': ['Practitioner', 'PractitionerRole', 'RelatedPerson', 'Patient', 'Device', 'Organization'],
  'RelatedPerson.patient': ['Patient'],
  'Device.owner': ['Organization'],
};

const XHTML_TAGS = new Set(['div', 'p', 'ul', 'ol', 'li', 'b', 'i', 'em', 'strong', 'br', 'span', 'table', 'thead', 'tbody',
  'tr', 'th', 'td', 'caption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'pre', 'code', 'hr', 'img', 'sub', 'sup', 'small', 'big',
  'tt', 'blockquote', 'dl', 'dt', 'dd', 'col', 'colgroup', 'tfoot', 'abbr', 'acronym', 'address', 'cite', 'q', 'samp', 'var', 'kbd', 'dfn', 'bdo']);

function checkNarrative(div, where, errors) {
  if (!div.startsWith('<div xmlns="http://www.w3.org/1999/xhtml">') || !div.endsWith('</div>'))
    errors.push(`${where}: narrative is not an XHTML div`);
  for (const m of div.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    if (!XHTML_TAGS.has(m[1].toLowerCase())) errors.push(`txt-1 ${where}: tag <${m[1]}> not allowed`);
    if (/\son[a-z]+\s*=/i.test(m[2])) errors.push(`txt-1 ${where}: event attribute`);
  }
  if (/<!DOCTYPE|<\?|<!\[CDATA/i.test(div)) errors.push(`txt-1 ${where}: processing instruction`);
  if (/&(?!(amp|lt|gt|quot|#39|#\d+|#x[0-9a-f]+);)/i.test(div)) errors.push(`txt-1 ${where}: bare ampersand`);
  if (div.replace(/<[^>]*>/g, '').trim() === '') errors.push(`txt-2 ${where}: narrative has no text`);
}

// ele-1 / JSON rules, ext-1, references and their target types, narrative.
function walk(node, pathSoFar, ctx, where) {
  if (Array.isArray(node)) {
    if (node.length === 0) ctx.errors.push(`ele-1 ${where}: empty array at ${pathSoFar}`);
    node.forEach((n, i) => walk(n, pathSoFar, ctx, `${where}[${i}]`));
    return;
  }
  if (node === null) { ctx.errors.push(`ele-1 ${where}: null at ${pathSoFar}`); return; }
  if (typeof node === 'string') {
    if (node.trim() === '' ) ctx.errors.push(`ele-1 ${where}: empty string at ${pathSoFar}`);
    return;
  }
  if (typeof node !== 'object') return;
  const keys = Object.keys(node);
  if (keys.length === 0) ctx.errors.push(`ele-1 ${where}: empty object at ${pathSoFar}`);
  if (pathSoFar.endsWith('.extension')) {
    const hasValue = keys.some((k) => k.startsWith('value'));
    if (hasValue === ('extension' in node)) ctx.errors.push(`ext-1 ${where}: extension must have a value or extensions, not both`);
    if (typeof node.url !== 'string') ctx.errors.push(`${where}: extension without url`);
  }
  if (typeof node.reference === 'string') {
    const target = ctx.byUrl.get(node.reference);
    if (!target) ctx.errors.push(`${where}: reference does not resolve`);
    if (!(pathSoFar in REF_TARGETS)) ctx.errors.push(`${where}: reference at ${pathSoFar} not in the target table`);
    else if (target && REF_TARGETS[pathSoFar] && !REF_TARGETS[pathSoFar].includes(target.resourceType))
      ctx.errors.push(`${where}: ${pathSoFar} may not reference a ${target.resourceType}`);
  }
  if (typeof node.div === 'string') checkNarrative(node.div, where, ctx.errors);
  for (const k of keys) if (k !== 'resourceType') walk(node[k], `${pathSoFar}.${k}`, ctx, `${where}.${k}`);
}

function ctm1(careTeam, byUrl, where, errors) {
  for (const [i, p] of (careTeam.participant || []).entries()) {
    if (!p.onBehalfOf) continue;
    const m = p.member && p.member.reference && byUrl.get(p.member.reference);
    if (!m || m.resourceType !== 'Practitioner') errors.push(`ctm-1 ${where}.participant[${i}]: onBehalfOf needs a Practitioner member`);
  }
}

function evaluate(resource, expr) {
  const out = fhirpath.evaluate(resource, expr, null, r4model);
  return out.length === 1 && out[0] === true;
}

const fhir = new Fhir();
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
if (files.length === 0) {
  console.error(`no documents in ${dir}`);
  process.exit(1);
}
let failed = 0;
let totalWarnings = 0;
for (const f of files) {
  const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const errors = [];
  // 1. Lantana.
  const result = fhir.validate(doc);
  const lErrors = result.messages.filter((m) => m.severity === 'error');
  const lWarnings = result.messages.filter((m) => m.severity === 'warning');
  totalWarnings += lWarnings.length;
  if (!result.valid) errors.push('lantana: not valid');
  for (const m of lErrors) errors.push(`lantana error: ${m.location} ${m.resourceId || ''}: ${m.message}`);
  for (const m of lWarnings) {
    if (/Unexpected property/i.test(m.message)) errors.push(`lantana warning: ${m.location}: ${m.message}`);
  }
  // 2. Invariants.
  const byUrl = new Map((doc.entry || []).map((e) => [e.fullUrl, e.resource]));
  let checked = 0;
  const runInvariants = (resource, where) => {
    for (const [id, type, expr] of INVARIANTS) {
      if (type !== '*' && type !== resource.resourceType) continue;
      if (type === '*' && resource.resourceType === 'Bundle') continue;
      checked++;
      try {
        if (!evaluate(resource, expr)) errors.push(`${id} ${where}: ${expr}`);
      } catch (e) {
        errors.push(`${id} ${where}: could not evaluate (${e.message})`);
      }
    }
  };
  runInvariants(doc, 'Bundle');
  (doc.entry || []).forEach((e, i) => {
    const where = `entry[${i}] ${e.resource.resourceType}`;
    runInvariants(e.resource, where);
    walk(e.resource, e.resource.resourceType, { errors, byUrl }, where);
    if (e.resource.resourceType === 'CareTeam') ctm1(e.resource, byUrl, where, errors);
    if (!e.resource.text && e.resource.resourceType === 'Composition') errors.push(`dom-6 ${where}: no narrative`);
  });
  console.log(`${f}: ${doc.entry.length} entries, lantana ${lErrors.length} errors / ${lWarnings.length} warnings, ` +
              `${checked} invariant checks, ${errors.length} problems`);
  for (const w of lWarnings) console.log(`  warning: ${w.location}: ${w.message}`);
  for (const e of errors) console.log(`  FAIL ${e}`);
  if (errors.length) failed++;
}
console.log(`fhir-validate: ${files.length - failed}/${files.length} documents pass (${totalWarnings} Lantana warnings in total)`);
process.exit(failed ? 1 : 0);
