// sipcore/error.h — the one error enum of SIP Field.
//
// Every failure the user or a script can meet has a stable code (a snake_case string that never changes
// once shipped) and a Swedish message for the UI. Tests check codes, never message text. The table below is
// the single source: add a row to add an error; never renumber or rename a shipped code.
//
// Sections:
//   Errc ............ the enum, generated from SIP_ERROR_TABLE
//   ErrorCode() ..... stable code string ("invalid_json")
//   ErrorMessage() .. Swedish text for the UI
//   Error ........... a code plus an optional detail (never personal data: details end up in logs)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sip {

// X(Enum, "stable_code", "Svenskt meddelande")
#define SIP_ERROR_TABLE(X)                                                                                    \
  X(Ok, "ok", "Klart.")                                                                                      \
  /* Requests and commands */                                                                                \
  X(InvalidJson, "invalid_json", "Begäran är inte giltig JSON.")                                             \
  X(InvalidRequest, "invalid_request", "Begäran saknar fält eller har fel format.")                         \
  X(UnknownCommand, "unknown_command", "Okänt kommando.")                                                    \
  X(InvalidArgument, "invalid_argument", "Ett värde i kommandot är ogiltigt.")                              \
  X(NotFound, "not_found", "Posten finns inte.")                                                             \
  /* Settings */                                                                                             \
  X(UnknownSetting, "unknown_setting", "Inställningen finns inte.")                                          \
  X(SettingTooLong, "setting_too_long", "Värdet är för långt.")                                              \
  /* Store */                                                                                                \
  X(DbOpenFailed, "db_open_failed", "Databasen kunde inte öppnas.")                                          \
  X(DbCorrupt, "db_corrupt", "Databasen är skadad och har lagts åt sidan.")                                  \
  X(DbTooNew, "db_too_new", "Databasen är skapad av en nyare version av SIP Field. Uppdatera appen.")        \
  X(DbMigrationHistory, "db_migration_history", "Databasens migreringshistorik är okänd för den här versionen.") \
  X(DbBusy, "db_busy", "Databasen är upptagen. Försök igen.")                                                \
  X(DbConstraint, "db_constraint", "Ändringen bryter mot en regel i databasen.")                            \
  X(DbFull, "db_full", "Lagringsutrymmet är fullt.")                                                         \
  X(DbIo, "db_io", "Läs- eller skrivfel i lagringen.")                                                       \
  X(DbError, "db_error", "Databasfel.")                                                                      \
  X(NotReady, "not_ready", "Databasen är inte öppen ännu.")                                                  \
  X(DbLocked, "db_locked", "SIP Field är redan öppet i en annan flik. Stäng den fliken och ladda om den här sidan.") \
  X(StorageUnavailable, "storage_unavailable", "Webbläsaren saknar lagringen som SIP Field behöver (OPFS). Inget har sparats – använd en aktuell Chromium, Chrome eller Edge.") \
  /* Drawing (browser) */                                                                                     \
  X(RenderContextFailed, "render_context_failed", "Webbläsaren kan inte rita SIP Field (WebGL 2 saknas eller är avstängt). Inget har ändrats – prova en aktuell Chromium, Chrome eller Edge.") \
  X(RenderShaderFailed, "render_shader_failed", "Skärmen kunde inte ritas: ett grafikprogram (shader) gick inte att bygga. Inget har ändrats – ladda om sidan eller prova en annan webbläsare.") \
  X(PageCannotOpen, "page_cannot_open", "Dokument kan inte öppnas eller sparas på den här enheten.")       \
  X(PopupBlocked, "popup_blocked", "Webbläsaren öppnade ingen ny flik. Tillåt popup-fönster för SIP Field och försök igen.") \
  /* Identity */                                                                                             \
  X(InvalidIdentityNumber, "invalid_identity_number", "Person- eller samordningsnumret är inte giltigt.")    \
  /* Cases */                                                                                                \
  X(CaseNotFound, "case_not_found", "Ärendet finns inte.") \
  X(CaseClosed, "case_closed", "Ärendet är avslutat och kan inte ändras.") \
  X(WrongStep, "wrong_step", "Det går inte att göra det i ärendets nuvarande steg.") \
  X(InvalidDate, "invalid_date", "Datumet är inte giltigt (ÅÅÅÅ-MM-DD).") \
  X(UnknownReference, "unknown_reference", "Hänvisningen pekar på något som inte finns i ärendet.") \
  X(OwnerIncomplete, "owner_incomplete", "Ange namn och personnummer, samordningsnummer eller födelsedatum.") \
  X(ConsentMissing, "consent_missing", "Samtycke saknas. Dokumentera samtycke innan kallelsen skickas.") \
  X(GuardianConsentMissing, "guardian_consent_missing", "Samtycke från barnets vårdnadshavare saknas.") \
  X(ConsentNotAllowed, "consent_not_allowed", "Den personen kan inte lämna samtycke i den enskildes ställe.") \
  X(ConsentIncomplete, "consent_incomplete", "Samtycket saknar uppgifter: form, giltighet och vem som dokumenterat.") \
  X(ConsentWithdrawn, "consent_withdrawn", "Samtycket är återkallat. Planen gäller inte längre – avsluta ärendet.") \
  X(ConsentAlreadyGiven, "consent_already_given", "Det finns redan ett giltigt samtycke.") \
  X(InvitationIncomplete, "invitation_incomplete", "Kallelsen saknar syfte, tid, plats, inbjudna eller sammankallande.") \
  X(AttendanceIncomplete, "attendance_incomplete", "Ange närvaro för alla inbjudna.") \
  X(PlanMainGoalMissing, "plan_main_goal_missing", "Planen saknar ett huvudmål med den enskildes egna ord.") \
  X(PlanInterventionMissing, "plan_intervention_missing", "Planen saknar insatser med ansvarig part.") \
  X(PlanCoordinatorMissing, "plan_coordinator_missing", "Planen saknar samordningsansvarig.") \
  X(PlanFollowUpMissing, "plan_follow_up_missing", "Planen saknar datum för uppföljning och vem som ansvarar för den.") \
  X(PlanChildPerspectiveMissing, "plan_child_perspective_missing", "Planen visar inte hur barnperspektivet är tillgodosett.") \
  X(ClosureReasonMissing, "closure_reason_missing", "Ange varför ärendet avslutas.") \
  X(ClosureNotInformed, "closure_not_informed", "Alla berörda måste få veta att planen inte längre gäller.") \
  X(DeviationIncomplete, "deviation_incomplete", "Avvikelsen saknar typ, beskrivning, datum eller rapportör.") \
  X(ConvenerNotEnhetschef, "convener_not_enhetschef", "Vid samverkan utan individen är utförarens enhetschef sammankallande och ordförande (ordförandeskapet kan delegeras).") \
  X(ConvenerNotFastVardkontakt, "convener_not_fast_vardkontakt", "Vid utskrivning från slutenvård är den fasta vårdkontakten (regionrepresentanten) sammankallande.") \
  X(ClosureWhereToTurnMissing, "closure_where_to_turn_missing", "Ange vart den enskilde och närstående vänder sig om behovet av SIP uppstår igen.") \
  /* Bundles */ \
  X(JwkInvalid, "jwk_invalid", "Nyckeln är inte en giltig Ed25519-nyckel (JWK).") \
  X(JwsTooLarge, "jws_too_large", "Den signerade filen är för stor.") \
  X(JwsMalformed, "jws_malformed", "Den signerade filen har fel format.") \
  X(JwsBadBase64, "jws_bad_base64", "Den signerade filen innehåller ogiltig kodning.") \
  X(JwsAlg, "jws_alg", "Signaturen använder en algoritm som inte stöds.") \
  X(JwsCrit, "jws_crit", "Signaturen kräver tillägg som inte stöds.") \
  X(JwsKidMissing, "jws_kid_missing", "Signaturen anger inte vilken nyckel som har använts.") \
  X(JwsUnknownKid, "jws_unknown_kid", "Signaturen är gjord med en okänd nyckel.") \
  X(JwsBadSignature, "jws_bad_signature", "Signaturen är ogiltig. Filen kan ha ändrats.") \
  X(JwsWrongTyp, "jws_wrong_typ", "Den signerade filen är av fel typ.") \
  X(AgeNotAgeFile, "age_not_age_file", "Filen är inte en krypterad age-fil.") \
  X(AgeBadRecipient, "age_bad_recipient", "Mottagarnyckeln (age1…) är ogiltig.") \
  X(AgeBadIdentity, "age_bad_identity", "Den hemliga nyckeln (AGE-SECRET-KEY-1…) är ogiltig.") \
  X(AgeHeaderMalformed, "age_header_malformed", "Den krypterade filens huvud har fel format.") \
  X(AgeWrongRecipient, "age_wrong_recipient", "Filen är inte krypterad till den här nyckeln.") \
  X(AgeHeaderMac, "age_header_mac", "Den krypterade filens huvud har ändrats.") \
  X(AgeChunkAuth, "age_chunk_auth", "Den krypterade filen är skadad eller har ändrats.") \
  X(AgeTruncated, "age_truncated", "Den krypterade filen är ofullständig.") \
  X(AgeTrailingData, "age_trailing_data", "Den krypterade filen har extra data efter slutet.") \
  X(AgeEmptyChunk, "age_empty_chunk", "Den krypterade filen har ett otillåtet tomt avsnitt.") \
  X(AgeTooLarge, "age_too_large", "Den krypterade filen är för stor.") \
  X(DeviceKeyMissing, "device_key_missing", "Enheten saknar signeringsnyckel. Starta om appen eller kontakta support.") \
  X(ProfileMissing, "profile_missing", "Ingen kontorsprofil är inläst. Läs in profilen från kontoret först.") \
  X(EnrollmentIncomplete, "enrollment_incomplete", "Ange ditt namn och enhetens namn under Inställningar först.") \
  X(ReceiptWrongDevice, "receipt_wrong_device", "Kvittot gäller en annan enhet.") \
  X(OfficeUnreachable, "office_unreachable", "Kontoret svarar inte på den här adressen. Kontrollera anslutningen och försök igen.") \
  X(FhirInvalid, "fhir_invalid", "Planen i paketet är inte ett giltigt FHIR-dokument.") \
  X(BundleTooLarge, "bundle_too_large", "Filen är för stor för att vara ett planpaket.") \
  X(BundleKidRevoked, "bundle_kid_revoked", "Enhetens nyckel är återkallad. Paketet godtas inte.") \
  X(BundleKidExpired, "bundle_kid_expired", "Paketet är signerat utanför nyckelns giltighetstid.") \
  X(BundlePayloadInvalid, "bundle_payload_invalid", "Paketets innehåll är inte giltig JSON.") \
  X(BundleClaimsInvalid, "bundle_claims_invalid", "Paketets uppgifter om avsändare och ordning saknas eller har fel format.") \
  X(BundleKidMismatch, "bundle_kid_mismatch", "Paketet är signerat av en annan enhet eller person än den registrerade.") \
  X(BundleWrongAud, "bundle_wrong_aud", "Paketet är adresserat till en annan mottagare.") \
  X(BundleIatFuture, "bundle_iat_future", "Paketet är daterat för långt fram i tiden.") \
  X(BundleJtiMismatch, "bundle_jti_mismatch", "Paketets id stämmer inte med id:t på planen i paketet.") \
  X(EnrollmentTextInvalid, "enrollment_text_invalid", "Enhetens eller personens namn innehåller styrtecken eller ogiltiga tecken.") \
  X(DocumentInvalid, "document_invalid", "Den signerade filen har fel innehåll.") \
  X(ProfileAdminMismatch, "profile_admin_mismatch", "Kontorsprofilen är signerad av en annan administratör än den som redan används.") \
  /* Backup */ \
  X(BackupNotABackup, "backup_not_a_backup", "Filen är inte en säkerhetskopia från SIP Field.") \
  X(BackupWrongPassphrase, "backup_wrong_passphrase", "Fel lösenfras, eller så har säkerhetskopian ändrats.") \
  X(BackupDamaged, "backup_damaged", "Säkerhetskopian är skadad eller ofullständig.") \
  X(BackupTooLarge, "backup_too_large", "Säkerhetskopian är för stor.") \
  X(BackupWeakPassphrase, "backup_weak_passphrase", "Lösenfrasen är för kort. Använd minst 8 tecken.") \
  X(BackupTargetExists, "backup_target_exists", "Det finns redan en databas där. Ange --force för att ersätta den.") \
  /* Protection at rest (passphrase, database key, encrypted pages) */ \
  X(PassphraseTooShort, "passphrase_too_short", "Lösenfrasen är för kort. Använd minst 12 tecken eller fyra ord.") \
  X(PassphraseTooLong, "passphrase_too_long", "Lösenfrasen är för lång. Använd högst 1024 tecken.") \
  X(PassphraseCommon, "passphrase_common", "Lösenfrasen är för vanlig och lätt att gissa. Välj en annan.") \
  X(PassphraseRepetitive, "passphrase_repetitive", "Lösenfrasen är bara upprepade tecken eller en enkel följd. Välj en annan.") \
  X(WrongPassphrase, "wrong_passphrase", "Fel lösenfras. Inget har ändrats.") \
  X(UnlockWait, "unlock_wait", "För många felaktiga försök. Vänta en stund och försök igen.") \
  X(KeyFileDamaged, "key_file_damaged", "Nyckelfilen för databasen är skadad eller av okänd version. Inget har ändrats.") \
  X(RecoveryMissing, "recovery_missing", "Databasen har ingen återställningsnyckel från kontoret.") \
  X(DbPageAuth, "db_page_auth", "En krypterad sida i databasen har ändrats eller är skadad. Databasen har lagts åt sidan och används inte.") \
  X(DbPageMismatch, "db_page_mismatch", "En krypterad sida i databasen är flyttad, äldre än väntat eller kommer från en annan databas. Databasen har lagts åt sidan och används inte.") \
  /* Office (sipfield office) */ \
  X(OfficeExists, "office_exists", "Det finns redan ett kontor i katalogen.") \
  X(OfficeNotFound, "office_not_found", "Katalogen innehåller inget kontor. Kör först sipfield office init.") \
  X(OfficeDamaged, "office_damaged", "Kontorets databas är skadad eller inte en kontorsdatabas. Inget har ändrats.") \
  X(OfficeWrongPassphrase, "office_wrong_passphrase", "Fel lösenfras för kontorets nycklar.") \
  X(DeviceNotEnrolled, "device_not_enrolled", "Enheten finns inte i förtroendelistan.") \
  X(DeviceRevoked, "device_revoked", "Enhetens nyckel är återkallad och kan inte registreras igen.") \
  X(BundleDuplicateJti, "bundle_duplicate_jti", "Ett annat paket med samma id är redan importerat. Paketet har flaggats.") \
  X(BundleSeqConflict, "bundle_seq_conflict", "Enheten har redan skickat ett annat paket med samma löpnummer. Paketet har flaggats.") \
  X(BundleNotFound, "bundle_not_found", "Inget importerat paket har det id:t.") \
  X(ReceiptEmpty, "receipt_empty", "Det finns inga nya importerade paket att kvittera.") \
  X(FileUnreadable, "file_unreadable", "Filen finns inte eller kunde inte läsas.") \
  X(ServerListenFailed, "server_listen_failed", "Servern kunde inte ta emot anslutningar på adressen (porten används redan, eller behörighet eller certifikat saknas).") \
  X(TooManyRequests, "too_many_requests", "Kontoret tar emot för många förfrågningar just nu. Försök igen om en stund.") \
  X(OutputNotAFile, "output_not_a_file", "Målet finns redan och är inte en vanlig fil (t.ex. en länk, katalog eller enhet). Inget har skrivits.") \
  /* Internal */                                                                                             \
  X(Internal, "internal", "Ett internt fel inträffade.")

enum class Errc {
#define SIP_X(name, code, msg) name,
  SIP_ERROR_TABLE(SIP_X)
#undef SIP_X
};

// Stable machine code, e.g. "invalid_json". Valid for every Errc.
std::string_view ErrorCode(Errc e);
// Swedish message for the UI. Valid for every Errc.
std::string_view ErrorMessage(Errc e);
// Inverse of ErrorCode(); nullopt for an unknown string.
std::optional<Errc> ErrcFromCode(std::string_view code);
// Number of rows in the table (for tests that walk it).
int ErrorCount();

// A failure: the code plus an optional technical detail in English. The detail must never carry personal
// data (names, identity numbers, free text typed by the user): it may be logged.
struct Error {
  Errc code = Errc::Internal;
  std::string detail;
};

}  // namespace sip
