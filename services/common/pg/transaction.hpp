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
//   - pqxx::broken_connection: propagates; nothing was committed; the connection is dropped
//     from the pool. The edge answers 503.
//   - pqxx::in_doubt_error (the connection died during COMMIT): propagates; the connection is
//     dropped. The caller must not acknowledge: the data may or may not be stored.
//   - any other exception from fn: rolls back and propagates.
//
// Thread-safety: safe to call from many threads on one Pool; each call uses its own connection.

#include <functional>
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

// One attempt: borrow, begin, fn, commit. Any exception escapes to RetryTransient.
template <typename Fn>
TransactionResult<Fn> RunOnce(Pool& pool, Isolation isolation, Fn& fn) {
  using Returned = std::remove_cvref_t<std::invoke_result_t<Fn&, pqxx::work&>>;
  auto lease = pool.Acquire();
  if (!lease) {
    return std::unexpected(std::move(lease.error()));
  }
  try {
    pqxx::work work(**lease);
    if (const std::string_view set = SetIsolationStatement(isolation); !set.empty()) {
      work.exec0(std::string(set));
    }
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
    lease->Discard();
    throw;
  } catch (const pqxx::in_doubt_error&) {
    lease->Discard();
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
