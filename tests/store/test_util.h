// Helpers shared by the store tests: temporary database files and reading a file's bytes.
#pragma once

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace sip::test {

// A file path under the system temp folder, removed (with its journal) when the object dies.
struct TempDbPath {
  std::string path;
  explicit TempDbPath(const std::string& name) {
    static int counter = 0;
    path = "/tmp/sipfield-test-" + name + "-" + std::to_string(++counter) + "-" + std::to_string(std::rand()) + ".db";
    Remove();
  }
  ~TempDbPath() { Remove(); }
  void Remove() const {
    std::remove(path.c_str());
    std::remove((path + "-journal").c_str());
  }
};

inline std::vector<char> ReadFileBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

inline void WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
}

}  // namespace sip::test
