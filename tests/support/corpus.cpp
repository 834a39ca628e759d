#include "support/corpus.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ncirt::testing {

std::filesystem::path SourceDir() { return NCIRT_SOURCE_DIR; }

std::filesystem::path SharedIodefDir() {
  return std::filesystem::weakly_canonical(std::filesystem::path(NCIRT_SHARED_DIR) / "iodef");
}

std::filesystem::path TestDataDir() { return SourceDir() / "tests" / "data"; }

std::vector<std::filesystem::path> CorpusFiles(const std::string& sub) {
  std::vector<std::filesystem::path> files;
  const auto dir = SharedIodefDir() / "docs" / sub;
  if (!std::filesystem::is_directory(dir)) {
    // A missing corpus must fail loudly, not turn the corpus tests into zero tests.
    throw std::runtime_error("IODEF corpus folder not found: " + dir.string());
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string TestNameFor(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  for (char& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) c = '_';
  }
  return name;
}

}  // namespace ncirt::testing
