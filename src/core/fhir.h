// sipcore/fhir.h — the plan as an HL7 FHIR R4 document Bundle (issue #5), and the office importer's checks.
//
// Table of contents (one file per job):
//   PlanDocument(), UuidV5()   the mapping Case → document Bundle        core/fhir_map.cpp
//   ValidateDocument()         the office importer's checks               core/fhir_validate.cpp
//   Commitments()              home care's commitments read back          core/fhir_commitments.cpp
//   RenderHtml()               the document as a Swedish HTML page        core/papers/fhir_view.cpp
//   HtmlEscape()               text escaping (declared in papers/html.h)  core/papers/html.cpp
//   (helpers shared by these files: core/fhir_internal.h, internal to sipcore)
//
// PlanDocument() maps one established plan version (or, at a follow-up, the current plan) of a Case to a FHIR
// R4 `Bundle` of type `document`: a Composition first, then the resources its sections point at (Patient,
// RelatedPerson, Consent, Organization, Practitioner, CareTeam, Goal, CarePlan, Appointment,
// QuestionnaireResponse, Device, Provenance). Only data that exists becomes a resource; every `reference`
// is a `urn:uuid:` fullUrl of an entry in the same Bundle. The mapping, the code systems and why they were
// chosen: docs/fhir-mapping.md.
//
// Deterministic: the output depends only on the Case and the params. Entry UUIDs are RFC 4122 version-5
// (SHA-1, name-based) UUIDs with the document id as namespace and a resource key ("patient", "goal/g3", …)
// as name; there is no clock and no randomness inside, so the same input gives the same bytes.
//
// ValidateDocument() is what the office importer applies before accepting a document (no network, no
// terminology server); Commitments() extracts home care's own commitments for its care record (seed 001
// step 8); RenderHtml() makes the self-contained Swedish page the convener reads while transferring the
// plan into the regional system (SAMSA, Lifecare).
#pragma once

#include <string>
#include <string_view>

#include "core/command.h"
#include "core/model.h"
#include "core/papers/html.h"
#include "core/result.h"

namespace sip {

// Identifier systems (HL7 Sweden basprofiler).
inline constexpr std::string_view kPersonnummerSystem = "http://electronichealth.se/identifier/personnummer";
inline constexpr std::string_view kSamordningsnummerSystem = "http://electronichealth.se/identifier/samordningsnummer";
// Base of SIP Field's own code systems (provisional: no Swedish SIP profile exists; see docs/fhir-mapping.md).
inline constexpr std::string_view kSipCodeSystemBase = "urn:x-sipfield:fhir:CodeSystem:";

// The importer's bound on the number of Bundle entries.
inline constexpr size_t kMaxFhirEntries = 1000;

struct FhirDocumentParams {
  // The established plan version to map (PlanVersion::version, 1…); 0 = the current plan at a follow-up
  // (the working plan after at least one version was established, with the follow-up evaluations).
  int plan_version = 0;
  // The document id: a lowercase RFC 4122 UUID ("8-4-4-4-12" hex). Bundle.identifier is
  // {system "urn:ietf:rfc:3986", value "urn:uuid:<document_id>"}; entry UUIDs derive from it.
  std::string document_id;
  // When the document was assembled: an instant with seconds and a zone ("2026-11-18T09:30:00Z",
  // e.g. FormatIsoUtc()). Bundle.timestamp, Composition.date, Provenance.recorded; its date is "today"
  // for consent status.
  std::string timestamp;
  std::string author_name;     // the staff member assembling it (settings staff.name); "" = none
  std::string author_device;   // the device's display name (settings device.name); "" = none
  std::string organisation;    // home care's organisation (Composition.custodian); "" = none
};

// --- The mapping (core/fhir_map.cpp) ----------------------------------------------------------------------

// Maps `c` to a document Bundle. Errors: invalid_argument (detail "document_id", "timestamp"),
// not_found (detail "plan_version": no such established version), wrong_step (detail "no established
// plan": plan_version 0 before any version was established), invalid_identity_number (the owner's
// stored number does not parse).
Result<Json> PlanDocument(const Case& c, const FhirDocumentParams& p);

// --- Validation (core/fhir_validate.cpp) ------------------------------------------------------------------

// The importer's checks (docs/fhir-mapping.md, "Importer checks"). Errors: fhir_invalid with a detail
// naming the failing rule and, where it applies, the entry index ("reference-resolves (entry 4)").
Result<void> ValidateDocument(const Json& bundle);

// --- Commitments (core/fhir_commitments.cpp) -------------------------------------------------------------

// Home care's own commitments in a document made by PlanDocument(): the CarePlan activities coded
// hemtjanst-atagande (from Intervention::home_care_commitment), as
// [{"intervention_id", "what", "performer", "start", "frequency", "place", "status", "goal"}]
// (absent fields omitted). An empty array when there are none or the document has no CarePlan.
Json Commitments(const Json& document);

// --- The HTML view (core/papers/fhir_view.cpp) ------------------------------------------------------------

// A complete, self-contained HTML5 page in Swedish (lang="sv", no scripts, no external resources, every
// text through HtmlText(): escaped, with control and bidirectional override characters neutralised) showing
// the document for the convener. Works on any document ValidateDocument() accepts;
// missing parts are simply left out.
std::string RenderHtml(const Json& document);

// --- Helpers, exposed for tests (core/fhir_map.cpp) -------------------------------------------------------

// RFC 4122 version-5 UUID (SHA-1) of `name` in the namespace `namespace_uuid` (a UUID string); "" when
// `namespace_uuid` is not a UUID.
std::string UuidV5(std::string_view namespace_uuid, std::string_view name);

}  // namespace sip
