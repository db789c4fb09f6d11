// tests/core/papers/papers_test.cpp — the papers (core/papers/papers.h): every scenario case's three papers
// against frozen files, escaping of hostile text, the page structure and the refusals.
//
// Frozen files: tests/core/papers/<case>-<doc>.html, the exact bytes RenderPaper() makes. When a change
// to a paper is intended, re-freeze with
//     SIP_FREEZE_PAPERS=1 .build/native/tests/test_core -tc='papers: *frozen*'
// then READ the diff (git diff tests/core/papers) before committing it.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "core/fhir_cases.h"
#include "core/papers/papers.h"

using namespace sip;
using namespace sip::fhirtest;

namespace {

const std::string kPrintedOn = "2026-11-25";

std::string FrozenPath(const std::string& name) { return std::string(SIP_SOURCE_DIR) + "/tests/core/papers/" + name + ".html"; }

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

Paper Render(const Case& c, PaperKind k, int version = 0) {
  auto p = RenderPaper(c, {k, version, kPrintedOn});
  REQUIRE_MESSAGE(p.ok(), std::string(PaperKindName(k)));
  return *p;
}

// Bidirectional controls and other characters that must never reach a paper unescaped.
const char* const kHostile[] = {
    "\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD", "\xE2\x80\xAE",   // U+202A–U+202E
    "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9",                   // U+2066–U+2069
    "\xC2\x85", "\xC2\x9B",                                                           // C1: NEL, CSI
};

// A case whose every free text carries markup, control characters and bidi overrides.
Case HostileCase() {
  Case c = CaseHomeCare(false);
  const std::string evil = "<script>alert(1)</script>\xE2\x80\xAE" "gnp.exe\xE2\x80\xAC \x1B[31m\x01\x7F\xC2\x85"
                           "\xE2\x81\xA6" "x\xE2\x81\xA9 \"q\" 'a' & \xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80\xE2\x82\r\n";
  c.owner.name = "Arvid " + evil;
  c.owner.address = evil;
  c.preparation.what_matters = evil;
  c.convener.name = evil;
  c.convener.contact = "<img src=x onerror=alert(1)>";
  c.invitation.purpose = evil;
  c.invitation.questions = {evil, "</li></ol><script>x()</script>"};
  c.invitation.place = "<iframe src=\"https://example.invalid\"></iframe>";
  for (auto& p : c.participants) {
    p.name += evil;
    p.organisation = "<b onmouseover=x>" + p.organisation;
    p.contact = "javascript:alert(1)";
  }
  for (auto& k : c.consents) {
    k.covers.push_back(evil);
    k.exclusions.push_back("</dd><script>y()</script>");
    k.documented_by = evil;
  }
  for (auto* plan : {&c.plan, &c.versions.back().plan}) {
    for (auto& g : plan->goals) g.text += evil;
    for (auto& i : plan->interventions) {
      i.what += evil;
      i.frequency = evil;
      i.place = "<style>body{display:none}</style>";
    }
    plan->what_to_follow_up = evil;
    plan->other_actors.push_back({evil, evil});
    plan->child_perspective = evil;
  }
  return c;
}

struct Scenario {
  std::string name;
  Case c;
};

std::vector<Scenario> Scenarios() {
  return {{"a-home-care", CaseHomeCare()},   {"b-discharge", CaseDischarge()},   {"c-child-reserve", CaseChild()},
          {"d-withdrawn", CaseWithdrawn()}, {"x-hostile-text", HostileCase()}};
}

std::string Lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  return s;
}

void CheckPage(const std::string& html) {
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"sv\">\n", 0) == 0);
  CHECK(html.find("<title>") != std::string::npos);
  CHECK(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">") !=
        std::string::npos);
  CHECK(html.find("<header>") != std::string::npos);
  CHECK(html.find("<main>") != std::string::npos);
  CHECK(html.find("<footer>") != std::string::npos);
  CHECK(html.find("<h1>") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("tr,li,dl div,.note,.own-words{break-inside:avoid") != std::string::npos);
  const std::string low = Lower(html);
  CHECK(low.find("<script") == std::string::npos);
  CHECK(low.find("<iframe") == std::string::npos);
  CHECK(low.find("<img") == std::string::npos);
  CHECK(low.find("<b ") == std::string::npos);
  CHECK(low.find("<style>body{display:none}") == std::string::npos);
  for (const char* h : kHostile) CHECK(html.find(h) == std::string::npos);
  for (unsigned char ch : html) CHECK((ch >= 0x20 || ch == '\n'));
  // Every tag is one the renderer writes: no markup from user text survives.
  static const char* const kTags[] = {"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "main",
                                      "footer", "section", "h1", "h2", "h3", "p", "ul", "ol", "li", "dl", "div", "dt",
                                      "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td"};
  for (size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    size_t k = j;
    while (k < html.size() && html[k] != ' ' && html[k] != '>' && html[k] != '\n') ++k;
    const std::string tag = html.substr(j, k - j);
    bool known = false;
    for (const char* t : kTags) known = known || tag == t;
    CHECK_MESSAGE(known, tag);
  }
}

}  // namespace

TEST_CASE("papers: HtmlText escapes markup and neutralises controls, bidi overrides and bad UTF-8") {
  CHECK(HtmlText("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(HtmlText("Åsa Öberg – väg 1\tB\n2") == "Åsa Öberg – väg 1\tB\n2");
  CHECK(HtmlText("a\r\nb\rc") == "a\nb\nc");
  const std::string fffd = "\xEF\xBF\xBD";
  for (const char* h : kHostile) CHECK(HtmlText(std::string("a") + h + "b") == "a" + fffd + "b");
  CHECK(HtmlText(std::string("a\x00" "b", 3)) == "a" + fffd + "b");
  CHECK(HtmlText("\x01\x1B\x7F") == fffd + fffd + fffd);
  CHECK(HtmlText("\xC0\xAF") == fffd + fffd);                 // overlong "/"
  CHECK(HtmlText("\xED\xA0\x80") == fffd + fffd + fffd);      // a surrogate
  CHECK(HtmlText("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);   // above U+10FFFF
  CHECK(HtmlText("x\xE2\x82") == "x" + fffd + fffd);          // truncated
  CHECK(HtmlText("\xF0\x9F\x98\x80 \xE2\x80\x8F") == "\xF0\x9F\x98\x80 \xE2\x80\x8F");   // emoji, RLM kept
  CHECK(HtmlEscape("\xE2\x80\xAE") == "\xE2\x80\xAE");        // HtmlEscape itself is unchanged
}

TEST_CASE("papers: every scenario's papers match the frozen files byte for byte") {
  const bool freeze = std::getenv("SIP_FREEZE_PAPERS") != nullptr;
  int compared = 0;
  for (const auto& s : Scenarios()) {
    for (PaperKind k : {PaperKind::MinSip, PaperKind::Invitation, PaperKind::Consent}) {
      const std::string name = s.name + "-" + std::string(PaperKindName(k));
      INFO(name);
      const Paper paper = Render(s.c, k);
      CheckPage(paper.html);
      CHECK(Render(s.c, k).html == paper.html);   // deterministic
      if (freeze) {
        std::ofstream(FrozenPath(name), std::ios::binary) << paper.html;
        MESSAGE("froze " << FrozenPath(name));
      }
      const std::string frozen = ReadFile(FrozenPath(name));
      REQUIRE_MESSAGE(!frozen.empty(), "missing frozen file " << FrozenPath(name) << " (see the top of this file)");
      CHECK(paper.html == frozen);
      ++compared;
    }
  }
  CHECK(compared == 15);
}

TEST_CASE("papers: Min SIP is the person's plan in plain Swedish") {
  const Case c = CaseHomeCare();
  const Paper p = Render(c, PaperKind::MinSip);
  CHECK(p.file_name == "min-sip-version-1.html");
  CHECK(Render(c, PaperKind::MinSip, 1).html == p.html);
  for (const char* s : {"<h1>Min SIP</h1>", "Det här är viktigt för mig", "”Jag vill bo kvar hemma och kunna gå ut på promenad”",
                        "Mina mål", "Delmål: Såren är läkta till jul", "Vem gör vad", "<th scope=\"col\">När</th>",
                        "Påminnelse om och hjälp inför såromläggning", "Från 18 november 2026, måndag och torsdag",
                        "Andra som hjälper till", "Försäkringskassan", "Vem jag kan ringa", "Samordningsansvarig och ansvarar för uppföljningen, Socialsekreterare (myndighet)",
                        "Nästa uppföljning", "måndag 15 februari 2027", "Såren, fallen och larmet", "Vart jag vänder mig",
                        "Personnummer 19821105-9954"})
    CHECK_MESSAGE(p.html.find(s) != std::string::npos, s);
  CHECK(p.html.find("class=\"note\"") == std::string::npos);   // the latest version, case open

  // A closed case says so; a child's plan shows the child perspective; a reserve identity shows the birth date.
  const std::string closed = Render(CaseWithdrawn(), PaperKind::MinSip).html;
  CHECK(closed.find("Planen gäller inte längre. Den avslutades 22 november 2026.") != std::string::npos);
  CHECK(closed.find("Ingen uppföljning: planen är avslutad.") != std::string::npos);
  CHECK(closed.find("Om behovet kommer tillbaka: Kontakta socialtjänsten") != std::string::npos);
  CHECK(closed.find("innan uppföljningen") == std::string::npos);
  const std::string child = Render(CaseChild(), PaperKind::MinSip).html;
  CHECK(child.find("Barnets perspektiv") != std::string::npos);
  CHECK(child.find("Födelsedatum 2014-05-12") != std::string::npos);
  CHECK(Render(CaseWithdrawn(), PaperKind::MinSip).html.find("Samordningsnummer 19730674-9982") != std::string::npos);

  // An older version says a newer one exists.
  Case two = c;
  PlanVersion v2 = two.versions.back();
  v2.version = 2;
  v2.established_on = "2027-02-15";
  two.versions.push_back(v2);
  const std::string old = Render(two, PaperKind::MinSip, 1).html;
  CHECK(old.find("Det finns en nyare version av planen (version 2)") != std::string::npos);
  CHECK(Render(two, PaperKind::MinSip).file_name == "min-sip-version-2.html");
}

TEST_CASE("papers: the invitation follows seed 002's template and has a reply section on its own page") {
  const Paper p = Render(CaseHomeCare(), PaperKind::Invitation);
  CHECK(p.file_name == "kallelse-sip-mote.html");
  for (const char* s : {"<h1>Kallelse till SIP-möte</h1>", "Syfte med mötet – det långsiktiga målet",
                        "Att Arvid kan bo kvar hemma och gå ut på promenad", "Frågeställningar", "<ol>\n<li>Vem lägger om såren?</li>",
                        "Tid och plats", "tisdag 17 november 2026", "kl. 10.00", "Hemma hos Arvid",
                        "Samtycke till SIP-mötet och till att vi som deltar talar med varandra har lämnats.",
                        "Samtycket har begränsningar", "Inbjudna till mötet", "Doris Distriktssköterska", "Dagordning",
                        "Laget runt bordet (20 minuter)", "Sammankallande", "Sara Socialsekreterare",
                        "<section aria-labelledby=\"h-svar\" class=\"new-page\">", "Ersättare vid förhinder",
                        "Kallelsen skickades 5 november 2026."})
    CHECK_MESSAGE(p.html.find(s) != std::string::npos, s);
  CHECK(p.html.find("Tidigare missbruk") == std::string::npos);   // exclusions are not spelled out to invitees

  // Before any consent and before sending: a draft that says consent is missing.
  Case draft = CaseHomeCare(false);
  draft.consents.clear();
  draft.invitation.sent_on.clear();
  const std::string d = Render(draft, PaperKind::Invitation).html;
  CHECK(d.find("Utkast: kallelsen är inte skickad ännu.") != std::string::npos);
  CHECK(d.find("Samtycke har inte lämnats ännu.") != std::string::npos);
  // A child's guardians are listed.
  CHECK(Render(CaseChild(), PaperKind::Invitation).html.find("<th scope=\"row\">Mira Testsson</th><td>vårdnadshavare</td>") !=
        std::string::npos);
}

TEST_CASE("papers: the consent copy shows who, form, period, parties and exclusions") {
  const Paper p = Render(CaseHomeCare(), PaperKind::Consent);
  CHECK(p.file_name == "samtycke.html");
  for (const char* s : {"<h1>Samtycke</h1>", "Arvid Testsson (den enskilde)", "Muntligt", "Antecknat av",
                        "3 november 2026", "Tills vidare, tills samtycket tas tillbaka", "<li>Vårdcentralen Test</li>",
                        "Får inte tas upp", "<li>Tidigare missbruk</li>", "<dt>Status</dt><dd>Gäller</dd>", "Dina rättigheter"})
    CHECK_MESSAGE(p.html.find(s) != std::string::npos, s);
  const std::string child = Render(CaseChild(), PaperKind::Consent).html;
  CHECK(child.find("Samtycke 1 av 2") != std::string::npos);
  CHECK(child.find("Mira Testsson (vårdnadshavare)") != std::string::npos);
  CHECK(child.find("Max Testsson (vårdnadshavare)") != std::string::npos);
  const std::string withdrawn = Render(CaseWithdrawn(), PaperKind::Consent).html;
  CHECK(withdrawn.find("Tillbakataget 20 november 2026 (antecknat av Olle Omsorgshandledare)") != std::string::npos);
  CHECK(withdrawn.find("Doris &lt;script&gt;alert(1)&lt;/script&gt; Testsson (den enskilde)") != std::string::npos);
}

TEST_CASE("papers: hostile text comes out escaped and neutralised in every paper") {
  const Case c = HostileCase();
  for (PaperKind k : {PaperKind::MinSip, PaperKind::Invitation, PaperKind::Consent}) {
    INFO(PaperKindName(k));
    const std::string html = Render(c, k).html;
    CheckPage(html);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;\xEF\xBF\xBDgnp.exe\xEF\xBF\xBD") != std::string::npos);
  }
}

TEST_CASE("papers: refusals have stable codes") {
  CHECK(ParsePaperKind("min-sip") == PaperKind::MinSip);
  CHECK(ParsePaperKind("invitation") == PaperKind::Invitation);
  CHECK(ParsePaperKind("consent") == PaperKind::Consent);
  CHECK_FALSE(ParsePaperKind("kallelse").has_value());
  CHECK_FALSE(ParsePaperKind("").has_value());

  Case fresh = CaseHomeCare(false);
  fresh.versions.clear();
  auto none = RenderPaper(fresh, {PaperKind::MinSip, 0, ""});
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == Errc::WrongStep);
  CHECK(none.error().detail == "no established plan");

  const Case c = CaseHomeCare();
  auto missing = RenderPaper(c, {PaperKind::MinSip, 7, ""});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == Errc::NotFound);
  CHECK(missing.error().detail == "version");
  for (PaperParams bad : {PaperParams{PaperKind::MinSip, -1, ""}, PaperParams{PaperKind::Invitation, 1, ""},
                          PaperParams{PaperKind::Consent, 1, ""}}) {
    auto r = RenderPaper(c, bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::InvalidArgument);
    CHECK(r.error().detail == "version");
  }
  auto bad_date = RenderPaper(c, {PaperKind::Consent, 0, "25/11/2026"});
  REQUIRE_FALSE(bad_date.ok());
  CHECK(bad_date.error().code == Errc::InvalidArgument);

  Case no_consent = c;
  no_consent.consents.clear();
  auto nc = RenderPaper(no_consent, {PaperKind::Consent, 0, ""});
  REQUIRE_FALSE(nc.ok());
  CHECK(nc.error().code == Errc::ConsentMissing);

  // An empty case still gives a (mostly empty) invitation and never throws.
  Case empty;
  auto inv = RenderPaper(empty, {PaperKind::Invitation, 0, ""});
  REQUIRE(inv.ok());
  CheckPage(inv->html);
  CHECK(inv->html.find("Utskriven") == std::string::npos);
}

TEST_CASE("papers: the FHIR view (RenderHtml) neutralises bidi and control characters like the papers") {
  Case c = CaseWithdrawn();
  c.owner.name = "Doris \xE2\x80\xAE" "gnp.exe\xE2\x81\xA6\x1B Testsson";
  auto doc = PlanDocument(c, Params(1));
  REQUIRE(doc.ok());
  const std::string html = RenderHtml(*doc);
  CHECK(html.find("Doris \xEF\xBF\xBDgnp.exe\xEF\xBF\xBD\xEF\xBF\xBD Testsson") != std::string::npos);
  for (const char* h : kHostile) CHECK(html.find(h) == std::string::npos);
  CHECK(html.find('\x1B') == std::string::npos);
}
