#pragma once
// A service binary run as a child process for integration tests: started with exactly the
// environment the test gives it, its standard output and error appended to a log file, waited
// for until GET /readyz answers 200 over HTTPS, then stopped with SIGTERM (graceful) or SIGKILL
// (a crash). A test that kills the service can start it again with the same object.
//
// The child also gets PR_SET_PDEATHSIG=SIGKILL, so a service never outlives a test process that
// crashed or was killed by ctest's timeout. The destructor kills and reaps a child still running.
//
// Thread-safety: one controlling thread per object.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ncirt::testing {

struct ServiceProcessOptions {
  std::filesystem::path binary;
  std::vector<std::string> args;
  // The child's whole environment (nothing is inherited but the sanitizer settings:
  // ASAN_OPTIONS, UBSAN_OPTIONS, LSAN_OPTIONS, ASAN_SYMBOLIZER_PATH).
  std::map<std::string, std::string> environment;
  // Standard output and error are appended here (created if missing).
  std::filesystem::path log_file;
};

class ServiceProcess {
 public:
  explicit ServiceProcess(ServiceProcessOptions options);
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  // Forks and execs the binary. Throws std::runtime_error if it cannot, or if it is running.
  void Start();

  // Polls https://127.0.0.1:port/readyz (verifying the server against `ca_file`) until it
  // answers 200. False when the process exits or `timeout` passes first.
  bool WaitReady(const std::filesystem::path& ca_file, unsigned short port,
                 std::chrono::milliseconds timeout);

  // SIGTERM, then waits up to `timeout` for the exit. Returns the exit status, 128+signal if a
  // signal ended it, or -1 when it had to be killed because it did not stop in time.
  int Terminate(std::chrono::milliseconds timeout);

  // SIGKILL and reap (a crash at an arbitrary instant).
  void Kill();

  // Waits up to `timeout` for the child to exit by itself; returns its status code as
  // Terminate() does, or -2 when it is still running.
  int Wait(std::chrono::milliseconds timeout);

  bool Running();
  pid_t pid() const { return pid_; }

  // Everything the service wrote so far.
  std::string Log() const;

  // A TCP port on 127.0.0.1 that is free right now (bind to port 0, read it, close) and that
  // this process has not handed out before.
  static unsigned short FreeLoopbackPort();

 private:
  ServiceProcessOptions options_;
  pid_t pid_ = -1;
};

}  // namespace ncirt::testing
