#pragma once
// A bounded pool of PostgreSQL connections to one database.
//
// A service opens at most `max_connections` connections and lends them out one at a time:
// Acquire() returns a Lease, which hands the connection back when it goes out of scope. When
// every connection is lent, Acquire() waits up to its timeout for one to come back and then
// returns kUnavailable, which the edge answers with 503: a bounded wait instead of an unbounded
// queue keeps an overloaded database from turning into unbounded latency.
//
// Connections are opened lazily, on demand. A connection that broke (the server restarted, the
// backend was terminated, the network dropped) is noticed when it comes back, or when it is
// about to be lent, and is closed and forgotten; the next Acquire() opens a fresh one. Callers
// that know a connection must not be reused (see Lease::Discard) say so explicitly.
//
// `on_connect` runs once on every newly opened connection, before it is lent: the place to
// prepare a service's named statements (STYLE.md convention 7).
//
// Thread-safety: Acquire() may be called from any number of threads at once (a mutex guards the
// idle list and the count; a condition variable wakes waiters when a connection comes back). A
// Lease and its connection belong to one thread at a time. The Pool must outlive every Lease.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "common/error/error.hpp"

namespace ncirt::common::pg {

struct PoolOptions {
  // libpq connection string: "postgresql://user:pw@host:port/db" or "host=... dbname=...".
  std::string dsn;
  // Upper bound of connections open at once, lent or idle. At least 1.
  std::size_t max_connections = 8;
  // How long Acquire() without an argument waits for a free connection.
  std::chrono::milliseconds acquire_timeout{2'000};
  // Runs on each newly opened connection before its first use; may be empty. An exception
  // thrown here closes the connection and propagates out of Acquire().
  std::function<void(pqxx::connection&)> on_connect;
};

class Pool;

// A connection on loan from a Pool. Move-only; returns the connection when destroyed.
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&& other) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  // REQUIRES: the lease was not moved from.
  pqxx::connection& operator*() const { return *connection_; }
  pqxx::connection* operator->() const { return connection_.get(); }

  // Closes the connection when the lease ends instead of returning it: for a connection whose
  // state is unknown, e.g. after pqxx::in_doubt_error or an exception in the middle of a
  // protocol exchange.
  void Discard() { discard_ = true; }

 private:
  friend class Pool;
  Lease(Pool* pool, std::unique_ptr<pqxx::connection> connection);
  void Release() noexcept;

  Pool* pool_ = nullptr;
  std::unique_ptr<pqxx::connection> connection_;
  bool discard_ = false;
};

class Pool {
 public:
  // Opens no connection yet. REQUIRES: options.max_connections >= 1.
  explicit Pool(PoolOptions options);
  // REQUIRES: no Lease is outstanding (aborts the process otherwise: a lease would then point
  // into freed memory).
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Lends an open connection: an idle one, or a newly opened one while fewer than
  // max_connections are open, or the first one returned within `timeout`. kUnavailable when
  // none became free in time, or when PostgreSQL refused or could not be reached (the message
  // says which and carries libpq's reason).
  Result<Lease> Acquire(std::chrono::milliseconds timeout);
  // Acquire(options.acquire_timeout).
  Result<Lease> Acquire();

  // Connections open right now, lent or idle.
  std::size_t OpenConnections() const;
  // Connections open and waiting to be lent.
  std::size_t IdleConnections() const;
  const PoolOptions& options() const { return options_; }

 private:
  friend class Lease;
  Result<Lease> OpenNew();
  void Return(std::unique_ptr<pqxx::connection> connection, bool discard) noexcept;

  const PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  // Idle connections, most recently returned last (reused first: warm caches, and the rest can
  // be noticed as broken only when used anyway). GUARDED_BY(mutex_)
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  // Idle + lent + being opened. GUARDED_BY(mutex_)
  std::size_t open_ = 0;
};

}  // namespace ncirt::common::pg
