// The device's side of plan bundles (docs/bundle-format.md): its key and enrollment request, the office
// profile it sends to, exporting a bundle for a case, and receipts from the office.
//
// bundle.export follows the one write path: the FHIR document, the audit entries and the sealed file are
// built first (nothing is stored if that fails); then one transaction records the bundle (with its seq,
// never reused, and the file itself) and the audit entry of the export. Only after the commit is the file
// handed out, so every file that ever left the device is in the database.
#include "app/bundle_commands.h"

#include <algorithm>

#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "bundle/encoding.h"
#include "bundle/plan_bundle.h"
#include "core/fhir.h"
#include "store/audit.h"
#include "store/bundles_repo.h"
#include "store/store.h"

namespace sip::app {

const std::vector<CommandInfo>& BundleCommandCatalogue() {
  static const std::vector<CommandInfo> kCatalogue = {
      {"device.info", CommandKind::Query, "The device key id, the office profile in use and bundle counts."},
      {"device.enrollment_request", CommandKind::Query,
       "A signed enrollment request (device key, device name, staff) for `sipfield office enroll`."},
      {"profile.preview", CommandKind::Query,
       "Verifies an office profile without storing it: the office and its admin key's fingerprint, to compare."},
      {"profile.import", CommandKind::Command,
       "Imports the office profile (signed; the admin key is pinned at the first import)."},
      {"device.enrollment", CommandKind::Command,
       "Records the office server's answer to the device's enrollment request (pending, approved, revoked)."},
      {"bundle.export", CommandKind::Command,
       "Signs and encrypts a case's plan (or follow-up) as a bundle, records it, returns the file."},
      {"bundle.list", CommandKind::Query, "Exported bundles, newest first, with delivery state (no file bytes)."},
      {"bundle.file", CommandKind::Query, "One exported bundle's file again (base64), e.g. to download it anew."},
      {"receipt.import", CommandKind::Command, "Imports a signed receipt from the office and marks bundles delivered."},
  };
  return kCatalogue;
}

bool IsBundleCommand(std::string_view name) {
  for (const auto& c : BundleCommandCatalogue())
    if (c.name == name) return true;
  return false;
}

const bundle::Ed25519KeyPair* CommandHandler::DeviceKey() const {
  return config_.device_key ? config_.device_key() : nullptr;
}

namespace {

Result<std::string> Setting(const store::Store& store, const char* key) {
  auto v = store::settings_repo::Get(store, key);
  if (!v) return v.error();
  return v->value_or("");
}

// The pinned office profile, parsed again (it was verified when imported); profile_missing when none.
Result<bundle::OfficeProfile> LoadProfile(const store::Store& store) {
  auto stored = store::profile_repo::Get(store);
  if (!stored) return stored.error();
  if (!stored->has_value()) return Error{Errc::ProfileMissing, {}};
  auto p = bundle::ReadOfficeProfile((*stored)->jws, (*stored)->admin_kid);
  if (!p) return Error{Errc::DbCorrupt, "stored office profile no longer verifies"};
  return std::move(*p);
}

Json BundleJson(const store::ExportedBundle& b) {
  return Json{{"jti", b.jti},
              {"kid", b.kid},
              {"seq", b.seq},
              {"case_id", b.case_id},
              {"kind", b.kind},
              {"plan_version", b.plan_version},
              {"jws_hash", b.jws_hash},
              {"file_name", b.file_name},
              {"created_at", b.created_at},
              {"status", b.delivered_at.empty() ? "exported" : "delivered"},
              {"delivered_at", b.delivered_at.empty() ? Json() : Json(b.delivered_at)},
              {"receipt_office", b.receipt_office.empty() ? Json() : Json(b.receipt_office)}};
}

Result<std::string> StringMember(const Json& args, const char* name, size_t max_bytes) {
  auto s = StringArg(args, name);
  if (!s) return s.error();
  if (s->empty() || s->size() > max_bytes) return Error{Errc::InvalidArgument, name};
  return s;
}

// A signed document as read from a file: the text without surrounding whitespace (files end with a newline).
Result<std::string> DocumentMember(const Json& args, const char* name) {
  auto s = StringMember(args, name, bundle::kMaxDocumentBytes + 64);
  if (!s) return s.error();
  const size_t b = s->find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return Error{Errc::InvalidArgument, name};
  const size_t e = s->find_last_not_of(" \t\r\n");
  return s->substr(b, e - b + 1);
}

// The `profile` argument verified as an office profile (signature, typ, members), against the pinned admin
// key when one is: what profile.preview shows and profile.import stores. `pinned` is "" before the first import.
struct ProfileArg {
  std::string text;
  bundle::OfficeProfile profile;
  std::string pinned;
};
Result<ProfileArg> ReadProfileArg(const store::Store& store, const Json& args) {
  auto text = DocumentMember(args, "profile");
  if (!text) return text.error();
  auto stored = store::profile_repo::Get(store);
  if (!stored) return stored.error();
  const std::string pinned = stored->has_value() ? (*stored)->admin_kid : std::string();
  auto profile = bundle::ReadOfficeProfile(*text, pinned);
  if (!profile) return profile.error();
  return ProfileArg{std::move(*text), std::move(*profile), pinned};
}

}  // namespace

Result<Json> CommandHandler::RunBundleCommand(const Request& r, UnixMs now) {
  const bundle::Ed25519KeyPair* key = DeviceKey();
  const int64_t now_s = now / 1000;

  if (r.cmd == "device.info") {
    Json out = {{"kid", key ? Json(bundle::JwkThumbprint(key->public_key)) : Json()}};
    out["fingerprint"] = key ? Json(bundle::KeyFingerprint(out["kid"].get<std::string>())) : Json();
    auto stored = store::profile_repo::Get(*store_);
    if (!stored) return stored.error();
    if (stored->has_value()) {
      auto p = LoadProfile(*store_);
      if (!p) return p.error();
      Json keys = Json::array();
      for (const auto& k : p->import_keys)
        keys.push_back({{"kid", k.kid}, {"role", k.role == bundle::ImportKeyRole::Current ? "current" : "next"}});
      out["profile"] = {{"office", p->office}, {"admin_kid", p->admin_kid}, {"import_keys", keys},
                        {"recovery_recipient", p->recovery_recipient
                                                   ? Json(bundle::EncodeRecipient(*p->recovery_recipient))
                                                   : Json()},
                        {"imported_at", (*stored)->imported_at},
                        {"admin_fingerprint", bundle::KeyFingerprint(p->admin_kid)},
                        {"enrollment", (*stored)->enrollment},
                        {"enrollment_at", (*stored)->enrollment_at}};
    } else {
      out["profile"] = nullptr;
    }
    auto all = store::bundles_repo::List(*store_);
    if (!all) return all.error();
    int delivered = 0;
    for (const auto& b : *all) delivered += b.delivered_at.empty() ? 0 : 1;
    out["bundles"] = {{"exported", all->size()}, {"delivered", delivered}};
    if (key) {
      auto head = store::bundles_repo::Head(*store_, bundle::JwkThumbprint(key->public_key));
      if (!head) return head.error();
      out["next_seq"] = head->seq + 1;
    }
    return out;
  }

  if (r.cmd == "device.enrollment_request") {
    if (!key) return Error{Errc::DeviceKeyMissing, {}};
    auto staff = Setting(*store_, "staff.name");
    if (!staff) return staff.error();
    auto device = Setting(*store_, "device.name");
    if (!device) return device.error();
    if (staff->empty() || device->empty()) return Error{Errc::EnrollmentIncomplete, {}};
    auto jws = bundle::MakeEnrollmentRequest(*key, *device, *staff, now_s);
    if (!jws) return jws.error();
    const std::string kid = bundle::JwkThumbprint(key->public_key);
    return Json{{"kid", kid}, {"jws", *jws}, {"file_name", "sipfield-anmalan-" + kid.substr(0, 8) + ".jws"}};
  }

  if (r.cmd == "profile.preview") {   // what the user confirms is exactly what profile.import accepts
    auto arg = ReadProfileArg(*store_, r.args);
    if (!arg) return arg.error();
    return Json{{"office", arg->profile.office},
                {"admin_kid", arg->profile.admin_kid},
                {"admin_fingerprint", bundle::KeyFingerprint(arg->profile.admin_kid)},
                {"pinned", !arg->pinned.empty()}};
  }

  if (r.cmd == "device.enrollment") {
    auto state = StringMember(r.args, "state", 16);
    if (!state) return state.error();
    if (*state != "pending" && *state != "approved" && *state != "revoked")
      return Error{Errc::InvalidArgument, "state"};
    auto stored = store::profile_repo::Get(*store_);
    if (!stored) return stored.error();
    if (!stored->has_value()) return Error{Errc::ProfileMissing, {}};
    if ((*stored)->enrollment == *state) return Json{{"state", *state}, {"changed", false}};
    auto actor = Setting(*store_, "staff.name");
    if (!actor) return actor.error();
    auto w = store_->Write([&](store::WriteTx& tx) -> Result<void> {
      auto set = store::profile_repo::SetEnrollment(tx, *state, FormatIsoUtc(now));
      if (!set) return set.error();
      SIP_TRY(store::audit_repo::Append(tx, {0, FormatIsoUtc(now), *actor, "", "device.enrollment",
                                             Json{{"office", (*stored)->office}, {"state", *state}}.dump(), {}, {}}));
      return {};
    });
    if (!w) return w.error();
    return Json{{"state", *state}, {"changed", true}};
  }

  if (r.cmd == "profile.import") {
    auto arg = ReadProfileArg(*store_, r.args);
    if (!arg) return arg.error();
    const bundle::OfficeProfile& profile = arg->profile;
    auto actor = Setting(*store_, "staff.name");
    if (!actor) return actor.error();
    auto w = store_->Write([&](store::WriteTx& tx) -> Result<void> {
      SIP_TRY(store::profile_repo::Put(tx, {arg->text, profile.office, profile.admin_kid, FormatIsoUtc(now), {}, {}}));
      SIP_TRY(store::audit_repo::Append(
          tx, {0, FormatIsoUtc(now), *actor, "", "profile.import",
               Json{{"office", profile.office}, {"admin_kid", profile.admin_kid}}.dump(), {}, {}}));
      return {};
    });
    if (!w) return w.error();
    if (profile.recovery_recipient && config_.recovery_recipient)
      config_.recovery_recipient(bundle::EncodeRecipient(*profile.recovery_recipient));
    return Json{{"office", profile.office}, {"admin_kid", profile.admin_kid}, {"replaced", !arg->pinned.empty()},
                {"recovery", profile.recovery_recipient.has_value()}};
  }

  if (r.cmd == "bundle.export") {
    if (!key) return Error{Errc::DeviceKeyMissing, {}};
    auto case_id = StringMember(r.args, "case_id", 64);
    if (!case_id) return case_id.error();
    auto kind_text = OptionalStringArg(r.args, "kind", "plan");
    if (!kind_text) return kind_text.error();
    if (*kind_text != "plan" && *kind_text != "follow_up") return Error{Errc::InvalidArgument, "kind"};
    const bool follow_up = *kind_text == "follow_up";
    auto found = store::cases_repo::Get(*store_, *case_id);
    if (!found) return found.error();
    if (!found->has_value()) return Error{Errc::CaseNotFound, {}};
    const Case& c = **found;
    if (c.versions.empty()) return Error{Errc::WrongStep, "no established plan"};
    int plan_version = c.versions.back().version;
    // Only an established version leaves the device: 1..latest, an integer. Checked before a sequence number
    // is taken, so a refused export never leaves a gap in the device's chain that no bundle can fill.
    if (auto it = r.args.find("plan_version"); it != r.args.end()) {
      if (follow_up || !it->is_number_integer()) return Error{Errc::InvalidArgument, "plan_version"};
      if (it->is_number_unsigned() ? it->get<uint64_t>() < 1 : it->get<int64_t>() < 1)
        return Error{Errc::InvalidArgument, "plan_version: versions start at 1"};
      const bool known = it->is_number_unsigned()
                             ? it->get<uint64_t>() <= static_cast<uint64_t>(c.versions.back().version)
                             : it->get<int64_t>() <= c.versions.back().version;
      if (!known) return Error{Errc::NotFound, "plan_version"};
      plan_version = static_cast<int>(it->get<int64_t>());
      const bool established = std::any_of(c.versions.begin(), c.versions.end(),
                                           [&](const PlanVersion& v) { return v.version == plan_version; });
      if (!established) return Error{Errc::NotFound, "plan_version"};
    }
    if (follow_up && c.follow_ups.empty()) return Error{Errc::WrongStep, "no follow-up recorded"};

    auto profile = LoadProfile(*store_);
    if (!profile) return profile.error();
    auto staff = Setting(*store_, "staff.name");
    if (!staff) return staff.error();
    if (staff->empty()) return Error{Errc::EnrollmentIncomplete, "staff.name"};
    auto device_name = Setting(*store_, "device.name");
    if (!device_name) return device_name.error();
    auto unit = Setting(*store_, "staff.unit");
    if (!unit) return unit.error();

    const std::string kid = bundle::JwkThumbprint(key->public_key);
    auto head = store::bundles_repo::Head(*store_, kid);
    if (!head) return head.error();
    auto last_audit = store::bundles_repo::LastAuditSeq(*store_, *case_id);
    if (!last_audit) return last_audit.error();
    auto entries = store::audit_repo::List(*store_, *case_id, 0);
    if (!entries) return entries.error();
    Json audit = Json::array();
    int64_t audit_to = *last_audit;
    for (const auto& e : *entries) {
      if (e.seq <= *last_audit) continue;
      audit.push_back({{"seq", e.seq}, {"at", e.at}, {"actor", e.actor}, {"action", e.action},
                       {"data", Json::parse(e.data, nullptr, false)}, {"prev_hash", e.prev_hash}, {"hash", e.hash}});
      audit_to = e.seq;
    }

    bundle::BundleClaims claims;
    claims.iss = kid;
    claims.sub = *staff;
    claims.aud = profile->Current().kid;
    claims.jti = bundle::NewUuid();
    claims.seq = static_cast<uint64_t>(head->seq + 1);
    claims.prev = head->jws_hash;
    claims.iat = now_s;
    claims.case_id = *case_id;
    claims.kind = follow_up ? bundle::BundleKind::FollowUp : bundle::BundleKind::Plan;
    claims.plan_version = plan_version;

    FhirDocumentParams fp;
    fp.plan_version = follow_up ? 0 : plan_version;
    fp.document_id = claims.jti;
    fp.timestamp = FormatIsoUtc(now);
    fp.author_name = *staff;
    fp.author_device = *device_name;
    fp.organisation = *unit;
    auto document = PlanDocument(c, fp);
    if (!document) return document.error();

    auto sealed = bundle::SealBundle(*key, bundle::BundlePayload(claims, *document, audit),
                                     {profile->Current().recipient});
    if (!sealed) return sealed.error();

    store::ExportedBundle row;
    row.jti = claims.jti;
    row.kid = kid;
    row.seq = static_cast<int64_t>(claims.seq);
    row.case_id = *case_id;
    row.kind = *kind_text;
    row.plan_version = plan_version;
    row.jws_hash = sealed->jws_hash;
    row.file_name = "sip-" + case_id->substr(0, 32) + "-v" + std::to_string(plan_version) +
                    (follow_up ? "-uppfoljning" : "") + "-" + std::to_string(claims.seq) +
                    std::string(bundle::kBundleExtension);
    row.file = sealed->file;
    row.audit_to_seq = audit_to;
    row.created_at = FormatIsoUtc(now);
    auto w = store_->Write([&](store::WriteTx& tx) -> Result<void> {
      SIP_TRY(store::bundles_repo::Insert(tx, row));
      SIP_TRY(store::audit_repo::Append(
          tx, {0, FormatIsoUtc(now), *staff, *case_id, "bundle.export",
               Json{{"jti", row.jti}, {"seq", row.seq}, {"kind", row.kind}, {"plan_version", plan_version},
                    {"office", profile->office}}.dump(),
               {}, {}}));
      return {};
    });
    if (!w) return w.error();
    Json out = BundleJson(row);
    out["size"] = row.file.size();
    out["file"] = bundle::Base64StdPaddedEncode(row.file);
    return out;
  }

  if (r.cmd == "bundle.list") {
    auto case_id = OptionalStringArg(r.args, "case_id");
    if (!case_id) return case_id.error();
    auto all = store::bundles_repo::List(*store_, *case_id);
    if (!all) return all.error();
    Json list = Json::array();
    for (const auto& b : *all) list.push_back(BundleJson(b));
    return Json{{"bundles", std::move(list)}};
  }

  if (r.cmd == "bundle.file") {
    auto jti = StringMember(r.args, "jti", 64);
    if (!jti) return jti.error();
    auto b = store::bundles_repo::Get(*store_, *jti);
    if (!b) return b.error();
    if (!b->has_value()) return Error{Errc::NotFound, "jti"};
    Json out = BundleJson(**b);
    out["size"] = (*b)->file.size();
    out["file"] = bundle::Base64StdPaddedEncode((*b)->file);
    return out;
  }

  if (r.cmd == "receipt.import") {
    auto text = DocumentMember(r.args, "receipt");
    if (!text) return text.error();
    auto profile = LoadProfile(*store_);
    if (!profile) return profile.error();
    auto receipt = bundle::ReadReceipt(*text, profile->admin_key);
    if (!receipt) return receipt.error();
    if (!key || receipt->device != bundle::JwkThumbprint(key->public_key))
      return Error{Errc::ReceiptWrongDevice, {}};
    auto actor = Setting(*store_, "staff.name");
    if (!actor) return actor.error();
    int delivered = 0, already = 0, unknown = 0, mismatched = 0;
    Json confirmed = Json::array();
    auto w = store_->Write([&](store::WriteTx& tx) -> Result<void> {
      for (const auto& item : receipt->bundles) {
        auto b = store::bundles_repo::Get(*store_, item.jti);
        if (!b) return b.error();
        if (!b->has_value()) {
          ++unknown;
          continue;
        }
        if ((*b)->seq != static_cast<int64_t>(item.seq) || (*b)->jws_hash != item.hash) {
          ++mismatched;
          continue;
        }
        auto changed = store::bundles_repo::MarkDelivered(tx, item.jti, FormatIsoUtc(item.imported_at * 1000),
                                                          receipt->office);
        if (!changed) return changed.error();
        if (*changed) {
          ++delivered;
          confirmed.push_back(item.jti);
        } else {
          ++already;
        }
      }
      if (delivered > 0)
        SIP_TRY(store::audit_repo::Append(tx, {0, FormatIsoUtc(now), *actor, "", "receipt.import",
                                               Json{{"office", receipt->office}, {"delivered", confirmed}}.dump(),
                                               {}, {}}));
      return {};
    });
    if (!w) return w.error();
    return Json{{"office", receipt->office}, {"delivered", delivered}, {"already_delivered", already},
                {"unknown", unknown}, {"mismatched", mismatched}};
  }

  return Error{Errc::Internal, "bundle command registered but not implemented"};
}

}  // namespace sip::app
