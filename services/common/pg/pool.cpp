#include "common/pg/pool.hpp"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include <pqxx/except>

namespace ncirt::common::pg {
namespace {

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

Lease::Lease(Pool* pool, std::unique_ptr<pqxx::connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      connection_(std::move(other.connection_)),
      discard_(other.discard_) {}

Lease& Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    connection_ = std::move(other.connection_);
    discard_ = other.discard_;
  }
  return *this;
}

Lease::~Lease() { Release(); }

void Lease::Release() noexcept {
  if (pool_ != nullptr) {
    pool_->Return(std::move(connection_), discard_);
    pool_ = nullptr;
  }
}

Pool::Pool(PoolOptions options) : options_(std::move(options)) {
  if (options_.max_connections == 0) {
    std::fprintf(stderr, "ncirt::common::pg::Pool: max_connections must be at least 1\n");
    std::abort();
  }
}

Pool::~Pool() {
  std::lock_guard lock(mutex_);
  if (open_ != idle_.size()) {
    // A lease would hand its connection back to freed memory; stopping here is the only safe
    // outcome of that programming error.
    std::fprintf(stderr, "ncirt::common::pg::Pool destroyed with %zu connection(s) still lent\n",
                 open_ - idle_.size());
    std::abort();
  }
}

Result<Lease> Pool::Acquire() { return Acquire(options_.acquire_timeout); }

Result<Lease> Pool::Acquire(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (true) {
    while (!idle_.empty()) {
      std::unique_ptr<pqxx::connection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->is_open()) {
        return Lease(this, std::move(connection));
      }
      --open_;  // Broke while idle; forget it and look further.
    }
    if (open_ < options_.max_connections) {
      ++open_;  // Reserve the slot, then connect without holding the lock.
      lock.unlock();
      return OpenNew();
    }
    const bool available = returned_.wait_until(lock, deadline, [this] {
      return !idle_.empty() || open_ < options_.max_connections;
    });
    if (!available) {
      return Fail(ErrorKind::kUnavailable,
                  "all " + std::to_string(options_.max_connections) +
                      " database connections stayed busy for " + std::to_string(timeout.count()) +
                      " ms; the database is overloaded or a caller holds connections too long");
    }
  }
}

Result<Lease> Pool::OpenNew() {
  // The slot reserved by Acquire() is given back on every path that does not produce a lease.
  std::unique_ptr<pqxx::connection> connection;
  try {
    connection = std::make_unique<pqxx::connection>(options_.dsn);
  } catch (const pqxx::broken_connection& e) {
    Return(nullptr, true);
    return Fail(ErrorKind::kUnavailable,
                "cannot connect to PostgreSQL: " + Trimmed(e.what()));
  }
  if (options_.on_connect) {
    try {
      options_.on_connect(*connection);
    } catch (...) {
      Return(nullptr, true);  // Then rethrown: this is not swallowed, only accounted for.
      throw;
    }
  }
  return Lease(this, std::move(connection));
}

void Pool::Return(std::unique_ptr<pqxx::connection> connection, bool discard) noexcept {
  const bool reusable = connection != nullptr && !discard && connection->is_open();
  {
    std::lock_guard lock(mutex_);
    if (reusable) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  returned_.notify_one();
  // A discarded connection is closed here, outside the lock (closing may wait on the socket).
}

std::size_t Pool::OpenConnections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t Pool::IdleConnections() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace ncirt::common::pg
