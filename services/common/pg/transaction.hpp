#pragma once
// The one way services run a database transaction: RunTransaction(pool, fn).
//
// It borrows a connection from the pool, opens a pqxx::work, calls fn(work), and commits.
// RunTransaction returns only after COMMIT has returned, so a caller that acknowledges on
// success acknowledges only durable data (docs/architecture.md, "acknowledged means durable").
//
// What fn returns decides the outcome:
//   - void or a plain value T: commit, then Result<void> / Result<T> with that value;
//   - a Result<T> holding a value: commit, then that Result;
//   - a Result<T> holding an Error: roll back and return the Error unchanged. A store turns an
//     expected failure into an Error (STYLE.md convention 6), and nothing of that transaction
//     is kept.
//
// Failures (retry_policy.hpp has the details):
//   - a serialization failure or deadlock, in fn or at COMMIT: the whole transaction runs again
//     on a fresh transaction (fn must therefore have no effects outside the transaction, or
//     only idempotent ones), up to policy.max_attempts; then kUnavailable;
//   - no connection within the pool's acquire timeout, or PostgreSQL unreachable: kUnavailable,
//     with fn never called;
//   - a pooled connection found broken at BEGIN (the server restarted, or the backend was
//     terminated while the connection sat idle): nothing was done on it yet, so it is dropped
//     and the transaction begins on another one, transparently;
//   - pqxx::broken_connection: propagates; nothing was committed; the connection is dropped
//     from the pool. The edge answers 503.
//   - pqxx::in_doubt_error (the connection died during COMMIT): propagates; the connection is
//     dropped. The caller must not acknowledge: the data may or may not be stored.
//   - any other exception from fn: rolls back and propagates.
//
// Thread-safety: safe to call from many threads on one Pool; each call uses its own connection.

#include <functional>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

#include <pqxx/transaction>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "common/pg/retry_policy.hpp"

namespace ncirt::common::pg {

enum class Isolation {
  kReadCommitted,   // PostgreSQL's default; what pqxx::work gives
  kRepeatableRead,
  kSerializable,    // expect serialization failures under contention; they are retried
};

// The statement that sets `isolation` on the transaction just begun; empty for the default.
std::string_view SetIsolationStatement(Isolation isolation);

namespace detail {
// Result<T> for fn's return type T (void, a value, or already a Result).
template <typename T>
struct ResultFor {
  using type = Result<T>;
};
template <typename T>
struct ResultFor<Result<T>> {
  using type = Result<T>;
};

template <typename Fn>
using TransactionResult =
    typename ResultFor<std::remove_cvref_t<std::invoke_result_t<Fn&, pqxx::work&>>>::type;

// A transaction begun on a borrowed connection. Members are destroyed in reverse order: the
// transaction (rolled back unless committed) before the lease returns its connection.
struct Begun {
  Lease lease;
  std::unique_ptr<pqxx::work> work;
};

// Borrows a connection and begins a transaction with `isolation` on it, skipping pooled
// connections that turn out to be broken (at most max_connections + 1 of them: after a server
// restart every idle one is). kUnavailable when no connection can be had.
Result<Begun> Begin(Pool& pool, Isolation isolation);

// One attempt: begin, fn, commit. Any exception escapes to RetryTransient.
template <typename Fn>
TransactionResult<Fn> RunOnce(Pool& pool, Isolation isolation, Fn& fn) {
  using Returned = std::remove_cvref_t<std::invoke_result_t<Fn&, pqxx::work&>>;
  auto begun = Begin(pool, isolation);
  if (!begun) {
    return std::unexpected(std::move(begun.error()));
  }
  pqxx::work& work = *begun->work;
  try {
    if constexpr (std::is_void_v<Returned>) {
      std::invoke(fn, work);
      work.commit();
      return {};
    } else if constexpr (IsResult<Returned>::value) {
      Returned result = std::invoke(fn, work);
      if (result) {
        work.commit();
      } else {
        work.abort();
      }
      return result;
    } else {
      Returned value = std::invoke(fn, work);
      work.commit();
      return value;
    }
  } catch (const pqxx::broken_connection&) {
    begun->lease.Discard();
    throw;
  } catch (const pqxx::in_doubt_error&) {
    begun->lease.Discard();
    throw;
  }
}
}  // namespace detail

template <typename Fn>
detail::TransactionResult<Fn> RunTransaction(Pool& pool, Isolation isolation, Fn&& fn,
                                             const RetryPolicy& policy = RetryPolicy{}) {
  return RetryTransient(policy, [&] { return detail::RunOnce(pool, isolation, fn); });
}

template <typename Fn>
detail::TransactionResult<Fn> RunTransaction(Pool& pool, Fn&& fn,
                                             const RetryPolicy& policy = RetryPolicy{}) {
  return RunTransaction(pool, Isolation::kReadCommitted, std::forward<Fn>(fn), policy);
}

}  // namespace ncirt::common::pg
