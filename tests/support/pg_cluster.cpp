#include "support/pg_cluster.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "common/pg/migrations.hpp"
#include "support/corpus.hpp"

namespace ncirt::testing {
namespace {

constexpr const char* kTemplate = "ncirt_template";
constexpr const char* kMaintenanceDb = "ncirt";

std::string ShellQuoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

// Runs `pg.sh <command> <dir>`; returns its combined output, or throws with it.
std::string RunLauncher(const std::filesystem::path& launcher, const std::string& command,
                        const std::filesystem::path& dir) {
  const std::string line =
      ShellQuoted(launcher.string()) + " " + command + " " + ShellQuoted(dir.string()) + " 2>&1";
  FILE* pipe = ::popen(line.c_str(), "r");
  if (pipe == nullptr) {
    throw std::runtime_error("cannot run " + launcher.string());
  }
  std::string output;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    output.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("deploy/local/pg.sh " + command + " " + dir.string() +
                             " failed:\n" + output);
  }
  return output;
}

// Parses `KEY='value'` lines as printed by `pg.sh env`.
std::map<std::string, std::string> ParseEnv(const std::string& text) {
  std::map<std::string, std::string> values;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
      value = value.substr(1, value.size() - 2);
    }
    values[line.substr(0, eq)] = value;
  }
  return values;
}

// "postgresql://user:pw@host:port/db" with its database replaced by `name`.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const auto authority = url.find("://");
  const auto slash = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  if (authority == std::string::npos || slash == std::string::npos) {
    throw std::runtime_error("unexpected NCIRT_DATABASE_URL from pg.sh env: " + url);
  }
  return url.substr(0, slash + 1) + name;
}

// A database name from the running test's name: lowercase letters, digits and '_'.
std::string NameForCurrentTest(int counter) {
  std::string base = "db";
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    base = std::string(info->test_suite_name()) + "_" + info->name();
  }
  std::string name;
  for (char c : base) {
    const auto u = static_cast<unsigned char>(c);
    name += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  name = name.substr(0, 48);  // PostgreSQL names stop at 63 bytes.
  return "t" + std::to_string(counter) + "_" + name;
}

class SharedCluster {
 public:
  PgCluster& Get() {
    std::lock_guard lock(mutex_);
    if (error_) {
      throw std::runtime_error(*error_);
    }
    if (!cluster_) {
      try {
        cluster_ = std::make_unique<PgCluster>();
      } catch (const std::exception& e) {
        error_ = std::string("the test PostgreSQL cluster could not be started: ") + e.what();
        throw std::runtime_error(*error_);
      }
    }
    return *cluster_;
  }
  void Stop() {
    std::lock_guard lock(mutex_);
    cluster_.reset();
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<PgCluster> cluster_;
  std::optional<std::string> error_;
};

SharedCluster& TheSharedCluster() {
  static SharedCluster shared;
  return shared;
}

// Stops the shared cluster when the test program ends, failed tests or not.
class PgClusterEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { TheSharedCluster().Stop(); }
};

[[maybe_unused]] const ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new PgClusterEnvironment);

}  // namespace

PgCluster& PgCluster::Shared() { return TheSharedCluster().Get(); }

PgCluster::PgCluster() : launcher_(SourceDir() / "deploy" / "local" / "pg.sh") {
  // /tmp rather than $TMPDIR: the unix socket path must stay short (pg.sh checks it).
  std::string pattern = "/tmp/ncirt-pg-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary directory under /tmp");
  }
  dir_ = pattern;
  try {
    StartWatchdog();
    RunLauncher(launcher_, "start", dir_);
    url_ = ParseEnv(RunLauncher(launcher_, "env", dir_)).at("NCIRT_DATABASE_URL");
    {
      pqxx::connection maintenance(Dsn(kMaintenanceDb));
      pqxx::nontransaction work(maintenance);
      work.exec0("CREATE DATABASE " + work.quote_name(kTemplate));
    }
    pqxx::connection connection(Dsn(kTemplate));
    const auto applied = common::pg::Migrate(connection);
    if (!applied) {
      throw std::runtime_error("migrating the template database failed: " +
                               applied.error().ToString());
    }
  } catch (...) {
    Stop();  // Then rethrown: a half-started cluster must not outlive the failure.
    throw;
  }
}

PgCluster::~PgCluster() { Stop(); }

void PgCluster::Stop() noexcept {
  if (dir_.empty()) return;
  try {
    // `destroy`, not `stop`: no shutdown checkpoint for data that is deleted next.
    RunLauncher(launcher_, "destroy", dir_);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "PgCluster: %s\n", e.what());
  }
  // pg.sh leaves alone a directory it did not populate (a start that failed early).
  std::error_code error;
  std::filesystem::remove_all(dir_, error);
  if (error) {
    std::fprintf(stderr, "PgCluster: cannot remove %s: %s\n", dir_.c_str(),
                 error.message().c_str());
  }
  if (watchdog_fd_ >= 0) {
    // 'q': cleaned up; the watchdog exits without doing anything.
    [[maybe_unused]] const auto written = ::write(watchdog_fd_, "q", 1);
    ::close(watchdog_fd_);
    watchdog_fd_ = -1;
  }
  dir_.clear();
}

void PgCluster::StartWatchdog() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error("cannot create the watchdog pipe");
  }
  // Everything the child needs is prepared before fork(): after it, in a possibly
  // multi-threaded process, only async-signal-safe calls are allowed.
  const std::string script =
      "msg=$(head -c 1); [ \"$msg\" = q ] && exit 0; \"$0\" destroy \"$1\"; rm -rf -- \"$1\"";
  const std::string launcher = launcher_.string();
  const std::string dir = dir_.string();
  const char* argv[] = {"sh", "-c", script.c_str(), launcher.c_str(), dir.c_str(), nullptr};
  const int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  const pid_t child = ::fork();
  if (child == 0) {
    // Double fork: the watchdog is re-parented away from the test process, so killing the
    // test's process tree (ctest's timeout) does not kill it too.
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    ::dup2(fds[0], STDIN_FILENO);
    ::dup2(devnull, STDOUT_FILENO);
    ::dup2(devnull, STDERR_FILENO);
    ::close_range(3, ~0U, 0);
    ::execv("/bin/sh", const_cast<char* const*>(argv));
    ::_exit(127);
  }
  ::close(fds[0]);
  if (devnull >= 0) ::close(devnull);
  if (child < 0) {
    ::close(fds[1]);
    throw std::runtime_error("cannot fork the PostgreSQL watchdog");
  }
  ::waitpid(child, nullptr, 0);
  watchdog_fd_ = fds[1];
}

std::string PgCluster::Dsn(const std::string& name) const { return WithDatabase(url_, name); }

std::string PgCluster::CreateDatabase() { return CreateFrom(kTemplate); }

std::string PgCluster::CreateEmptyDatabase() { return CreateFrom("template0"); }

std::string PgCluster::CreateFrom(const std::string& template_name) {
  std::lock_guard lock(create_mutex_);
  const std::string name = NameForCurrentTest(++created_);
  pqxx::connection maintenance(Dsn(kMaintenanceDb));
  pqxx::nontransaction work(maintenance);
  // Identifiers cannot be statement parameters; quote_name escapes them.
  work.exec0("CREATE DATABASE " + work.quote_name(name) + " TEMPLATE " +
             work.quote_name(template_name));
  return Dsn(name);
}

}  // namespace ncirt::testing
