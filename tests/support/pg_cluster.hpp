#pragma once
// A private PostgreSQL cluster for integration tests, one per test process.
//
// PgCluster starts a cluster in a fresh temporary directory through deploy/local/pg.sh, the
// same launcher the README's run command uses, so the tests exercise the real start-up path
// (free loopback port, unix socket, password for TCP, running as the `ncirt` account under
// root). It then creates a template database and applies the migrations compiled into
// ncirt_common_pg to it, once. Each test asks for its own database, cloned from that template
// in a fraction of a second, so tests never see each other's rows and need no cleanup.
//
//   TEST(IncidentStoreTest, ...) {
//     const std::string dsn = PgCluster::Shared().CreateDatabase();
//     ncirt::common::pg::Pool pool({.dsn = dsn});
//     ...
//   }
//
// Shared() starts the cluster on first use. It is stopped and its directory removed
// (`pg.sh destroy`) when the test program ends (a GoogleTest environment's TearDown, which
// runs after failing tests too).
// If the process dies without running it (a crash, ctest's timeout kill), a watchdog process
// started with the cluster notices that its pipe from the test process closed and stops the
// cluster and removes the directory itself, so nothing is left running.
//
// Thread-safety: Shared(), CreateDatabase() and CreateEmptyDatabase() may be called from any
// thread; creating databases is serialised internally.

#include <filesystem>
#include <mutex>
#include <string>

namespace ncirt::testing {

class PgCluster {
 public:
  // The cluster of this test process, started on first call. Throws std::runtime_error, with
  // the launcher's output, if the cluster cannot be started; later calls throw the same error
  // at once instead of trying again.
  static PgCluster& Shared();

  // Starts a cluster of its own in a new temporary directory (Shared() is what tests want).
  PgCluster();
  // Stops the cluster and removes its directory.
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // Creates a new database, cloned from the migrated template, and returns its connection
  // string (TCP on 127.0.0.1 with role `ncirt` and its password, as services connect).
  // The name includes the running test's name, for reading server logs.
  std::string CreateDatabase();
  // Creates a new, empty database (no migration applied), for tests of the migration runner.
  std::string CreateEmptyDatabase();

  // The connection string of database `name` in this cluster.
  std::string Dsn(const std::string& name) const;
  // The launcher's directory (data/, run/, server.log, ...).
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::string CreateFrom(const std::string& template_name);
  void StartWatchdog();
  void Stop() noexcept;

  std::filesystem::path dir_;
  std::filesystem::path launcher_;
  std::string url_;  // NCIRT_DATABASE_URL printed by `pg.sh env`
  int watchdog_fd_ = -1;
  std::mutex create_mutex_;
  int created_ = 0;  // GUARDED_BY(create_mutex_)
};

}  // namespace ncirt::testing
