// tests/fhir/fhir_dump.cpp — writes the scenario FHIR documents (tests/core/fhir_cases.h) and their HTML
// views into a directory, for the independent checks in tests/core/fhir-validate.mjs (Lantana `fhir`
// validator + FHIRPath invariants) and tests/core/fhir-axe.mjs (axe-core in headless Chromium).
// Native only; not part of the doctest suites. Usage: fhir_dump DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/fhir.h"
#include "core/fhir_cases.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fhir_dump DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  try {
    int n = 0;
    for (const auto& [name, doc] : sip::fhirtest::ScenarioDocuments()) {
      auto valid = sip::ValidateDocument(doc);
      if (!valid) {
        std::cerr << name << ": our own ValidateDocument refuses it: " << valid.error().detail << "\n";
        return 1;
      }
      std::ofstream(dir / (name + ".json"), std::ios::binary) << doc.dump(2) << "\n";
      std::ofstream(dir / (name + ".html"), std::ios::binary) << sip::RenderHtml(doc);
      ++n;
    }
    std::cout << "fhir_dump: wrote " << n << " documents to " << dir.string() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "fhir_dump: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
