#include "ncirtctl/pdf_render.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace ncirt::ncirtctl {
namespace {

namespace fs = std::filesystem;
using common::ErrorKind;
using common::Fail;

// A private directory removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "ncirtctl-pdf-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The last non-empty line of Chromium's log (it prints harmless D-Bus complaints first).
std::string LastLine(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last.substr(0, 300);
}

std::string Seconds(std::chrono::milliseconds ms) {
  std::ostringstream out;
  out << ms.count() / 1000.0 << " s";
  return out.str();
}

struct Finished {
  bool in_time = false;
  int status = 0;
};

// Spawns `args` in a process group of its own with stdout and stderr to `log`, and waits at
// most `timeout`; on time-out the group is killed. Either way no process of it is left.
common::Result<Finished> RunBounded(const std::vector<std::string>& args, const fs::path& log,
                                    std::chrono::milliseconds timeout) {
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &files, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    return Fail(ErrorKind::kUnavailable,
                "cannot start '" + args[0] + "': " + std::strerror(spawned), "--pdf");
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Finished out;
  for (;;) {
    const pid_t done = ::waitpid(pid, &out.status, WNOHANG);
    if (done == pid) {
      out.in_time = true;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &out.status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Helpers Chromium started and left behind go with their group.
  ::kill(-pid, SIGKILL);
  return out;
}

}  // namespace

std::string DefaultChromium() {
  const char* configured = std::getenv("NCIRT_CHROMIUM");
  return configured && *configured ? configured : "/usr/bin/chromium";
}

std::vector<std::string> ChromiumArguments(const std::string& html_file,
                                           const std::string& pdf_file,
                                           const std::string& profile_dir, bool as_root) {
  std::vector<std::string> args{"--headless",
                                "--disable-gpu",
                                "--no-first-run",
                                "--disable-extensions",
                                "--disable-background-networking",
                                "--no-pdf-header-footer",
                                "--user-data-dir=" + profile_dir,
                                "--print-to-pdf=" + pdf_file};
  if (as_root) args.insert(args.begin() + 1, "--no-sandbox");
  args.push_back("file://" + html_file);
  return args;
}

common::Result<void> RenderPdf(const std::string& html, const std::string& pdf_path,
                               const PdfOptions& options) {
  const std::string chromium = options.chromium.empty() ? DefaultChromium() : options.chromium;
  if (::access(chromium.c_str(), X_OK) != 0) {
    return Fail(ErrorKind::kUnavailable,
                "--pdf needs Chromium, and '" + chromium +
                    "' is not an executable: install Debian's package chromium "
                    "(apt-get install chromium) or set NCIRT_CHROMIUM to its path; without it, "
                    "write the HTML with -o and print that from a browser",
                "--pdf");
  }
  TempDir dir;
  if (dir.path().empty()) {
    return Fail(ErrorKind::kUnavailable,
                "cannot make a temporary directory in " + fs::temp_directory_path().string(),
                "--pdf");
  }
  const fs::path html_file = dir.path() / "report.html";
  const fs::path pdf_file = dir.path() / "report.pdf";
  {
    std::ofstream out(html_file, std::ios::binary);
    out << html;
    if (!out) return Fail(ErrorKind::kUnavailable, "cannot write " + html_file.string(), "--pdf");
  }
  std::vector<std::string> args{chromium};
  for (auto& arg : ChromiumArguments(html_file.string(), pdf_file.string(),
                                     (dir.path() / "profile").string(), ::geteuid() == 0)) {
    args.push_back(std::move(arg));
  }
  const fs::path log = dir.path() / "chromium.log";
  auto finished = RunBounded(args, log, options.timeout);
  if (!finished) return std::unexpected(finished.error());
  if (!finished->in_time) {
    return Fail(ErrorKind::kUnavailable,
                chromium + " did not print the report within " + Seconds(options.timeout) +
                    " and was stopped; try again, or allow more with --pdf-timeout",
                "--pdf");
  }
  const int status = finished->status;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string how = WIFEXITED(status)
                                ? "exit status " + std::to_string(WEXITSTATUS(status))
                                : "signal " + std::to_string(WTERMSIG(status));
    return Fail(ErrorKind::kUnavailable,
                chromium + " failed to print the report (" + how + "): " + LastLine(log),
                "--pdf");
  }
  std::ifstream produced(pdf_file, std::ios::binary);
  char magic[5] = {};
  if (!produced.read(magic, sizeof magic) || std::string(magic, 5) != "%PDF-") {
    return Fail(ErrorKind::kUnavailable,
                chromium + " exited without writing a PDF: " + LastLine(log), "--pdf");
  }
  std::error_code error;
  fs::copy_file(pdf_file, pdf_path, fs::copy_options::overwrite_existing, error);
  if (error) {
    return Fail(ErrorKind::kBadRequest, "cannot write '" + pdf_path + "': " + error.message(),
                pdf_path);
  }
  return {};
}

}  // namespace ncirt::ncirtctl
