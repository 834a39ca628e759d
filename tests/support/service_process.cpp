#include "support/service_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/https_client.hpp"

namespace ncirt::testing {
namespace {

int StatusCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ServiceProcess::ServiceProcess(ServiceProcessOptions options) : options_(std::move(options)) {}

ServiceProcess::~ServiceProcess() {
  if (pid_ > 0) Kill();
}

void ServiceProcess::Start() {
  if (pid_ > 0 && Running()) throw std::runtime_error("the service is already running");
  // Everything the child needs is built before fork(): after it, in a multi-threaded process,
  // only async-signal-safe calls are allowed.
  std::vector<std::string> arg_strings;
  arg_strings.push_back(options_.binary.string());
  arg_strings.insert(arg_strings.end(), options_.args.begin(), options_.args.end());
  std::vector<char*> argv;
  for (auto& a : arg_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : options_.environment) env_strings.push_back(k + "=" + v);
  // The sanitizer settings of the test run reach the service too (the sanitize preset sends
  // every report to a file that deploy/local/ncirt.sh checks); without them a report from the
  // service would only be in its log, which the test deletes.
  for (const char* name :
       {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "ASAN_SYMBOLIZER_PATH"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && !options_.environment.contains(name)) {
      env_strings.push_back(std::string(name) + "=" + value);
    }
  }
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  const int log = ::open(options_.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                         0600);
  if (log < 0) {
    throw std::runtime_error("cannot open " + options_.log_file.string() + ": " +
                             std::strerror(errno));
  }
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // The parent died before prctl took effect.
    // Signals blocked in the test's threads must not stay blocked in the service.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::close_range(3, ~0U, 0);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(log);
  if (child < 0) throw std::runtime_error("fork failed: " + std::string(std::strerror(errno)));
  pid_ = child;
}

bool ServiceProcess::WaitReady(const std::filesystem::path& ca_file, unsigned short port,
                               std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!Running()) return false;
    HttpsClient client(ca_file.string(), port);
    client.SetTimeout(std::chrono::seconds(2));
    // Still running after the answer: a service that failed to bind has not answered it.
    if (client.Get("/readyz").status == 200) return Running();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

int ServiceProcess::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return StatusCode(status);
    }
    if (done < 0) {
      pid_ = -1;
      return -1;
    }
    if (std::chrono::steady_clock::now() >= deadline) return -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

int ServiceProcess::Terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int code = Wait(timeout);
  if (code != -2) return code;
  Kill();
  return -1;
}

void ServiceProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  Wait(std::chrono::seconds(30));
}

bool ServiceProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == 0) return true;
  pid_ = -1;
  return false;
}

std::string ServiceProcess::Log() const {
  std::ifstream in(options_.log_file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

namespace {

unsigned short KernelFreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

// The kernel may give a port it just gave (and that was closed) again; a test that picks the
// ports of two platforms before starting either then had two services on one port, and the
// readiness probe of the one that failed to bind was answered by the other (e2e_exchange,
// "Address already in use"). Within this process a port is handed out once.
unsigned short ServiceProcess::FreeLoopbackPort() {
  static std::mutex mutex;
  static std::set<unsigned short> handed_out;
  std::lock_guard lock(mutex);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const unsigned short port = KernelFreeLoopbackPort();
    if (handed_out.insert(port).second) return port;
  }
  throw std::runtime_error("no loopback port that this process has not handed out already");
}

}  // namespace ncirt::testing
