// sipui/unsaved_input.h — what the user typed and has not saved, as JSON and back: what a lock keeps so that
// nothing typed is lost (issue 13: "unsaved form input survives a lock only in encrypted form").
//
// AppUi::ResumeNote() puts these objects into the note the platform seals with the database key
// (app/vault.h SealNote) before the lock wipes every screen; AppUi::Resume() puts them back after the unlock.
// The note never leaves the process in plain form, so it may hold what the user typed (names, identity
// numbers, free text). Two things are left out on purpose: a typed passphrase (a secret is typed again, never
// kept) and feedback texts (they describe the last action, not input).
//
// Each pair is exact: Restore…(Unsaved…(x)) gives back every field the user can edit, and an object that
// holds nothing unsaved is empty ({}). A case's note holds the numbers of the sections being edited and the
// case as edited; restoring happens after the case was read again (LoadCase) and copies only those sections
// over the stored case (CopySection), so a change saved elsewhere meanwhile stays visible in every section the
// user did not touch. Anything malformed in a note is skipped part by part (a case's edited sections, its forms
// together, each other screen's input): a note from another version never breaks an unlock.
#pragma once

#include "core/command.h"   // Json

namespace sip::ui {

struct CaseDraft;
struct NewCaseScreen;
struct SettingsScreen;

// A case's sections that differ from the stored case, and every single-shot form that is not empty.
Json UnsavedInput(const CaseDraft& d);
// Onto a draft that LoadCase has just filled.
void RestoreUnsavedInput(CaseDraft& d, const Json& input);

// Ny SIP: the person, the representatives added so far and the one being typed.
Json UnsavedInput(const NewCaseScreen& s);
void RestoreUnsavedInput(NewCaseScreen& s, const Json& input);

// Inställningar: the changed free-text fields by key (never the backup passphrase).
Json UnsavedInput(const SettingsScreen& s);
// Onto fields that Load() has just filled; keys it does not know are ignored.
void RestoreUnsavedInput(SettingsScreen& s, const Json& input);

}  // namespace sip::ui
