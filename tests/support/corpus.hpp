#pragma once
// Where tests find their data: the IODEF standards corpus (../shared/iodef, beside the
// repository, as on CI), the repository's own tests/data, and the repository root.
//
// Thread-safety: pure functions.

#include <filesystem>
#include <string>
#include <vector>

namespace ncirt::testing {

std::filesystem::path SourceDir();
std::filesystem::path SharedIodefDir();
std::filesystem::path TestDataDir();

// Every regular file under SharedIodefDir()/docs/<sub> (e.g. "v2"), sorted by name.
std::vector<std::filesystem::path> CorpusFiles(const std::string& sub);

// The whole file, bytes as they are.
std::string ReadFile(const std::filesystem::path& path);

// A name usable as a GoogleTest parameter name: letters, digits and '_' only.
std::string TestNameFor(const std::filesystem::path& path);

}  // namespace ncirt::testing
