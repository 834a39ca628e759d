#include "exchange/store/pg_status_query_store.hpp"

#include <optional>

#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"

namespace ncirt::exchange::store {
namespace {

constexpr const char* kExpire = "status_queries_expire";
constexpr const char* kPending = "status_queries_pending";
constexpr const char* kAnswered = "status_queries_answered";
constexpr const char* kFailed = "status_queries_failed";
constexpr const char* kRetry = "status_queries_retry";

}  // namespace

void PgStatusQueryStore::Prepare(pqxx::connection& c) {
  c.prepare(kExpire,
            "UPDATE exchange.status_queries SET state = 'failed', failure_reason = 'gave-up', "
            "failure_detail = 'no answer from the partner within ' || $2::int || ' seconds' || "
            "CASE WHEN last_error = '' THEN '' ELSE ' (last error: ' || last_error || ')' END, "
            "answered_at = now() "
            "WHERE partner_id = $1 AND state = 'pending' "
            "AND asked_at < now() - make_interval(secs => $2::int)");
  c.prepare(kPending,
            "SELECT id, incident_id::text, attempts FROM exchange.status_queries "
            "WHERE partner_id = $1 AND state = 'pending' ORDER BY id LIMIT $2");
  c.prepare(kAnswered,
            "UPDATE exchange.status_queries SET state = 'answered', receiver_incident_id = $2, "
            "partner_state = $3, partner_version = $4, "
            "partner_updated_at = CASE WHEN $5::bigint IS NULL THEN NULL "
            "ELSE to_timestamp($5::bigint / 1000.0) END, answered_at = now() "
            "WHERE id = $1 AND state = 'pending'");
  c.prepare(kFailed,
            "UPDATE exchange.status_queries SET state = 'failed', failure_reason = $2, "
            "failure_detail = $3, attempts = attempts + 1, answered_at = now() "
            "WHERE id = $1 AND state = 'pending'");
  c.prepare(kRetry,
            "UPDATE exchange.status_queries SET attempts = attempts + 1, last_error = $2 "
            "WHERE id = $1 AND state = 'pending'");
}

common::Result<std::vector<PendingQuestion>> PgStatusQueryStore::Pending(std::int64_t partner_id,
                                                                         int max_age_seconds,
                                                                         int limit) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    work.exec_prepared0(kExpire, partner_id, max_age_seconds);
    std::vector<PendingQuestion> out;
    for (const pqxx::row& row : work.exec_prepared(kPending, partner_id, limit)) {
      out.push_back(PendingQuestion{.id = row[0].as<std::int64_t>(),
                                    .incident_id = row[1].as<std::string>(),
                                    .attempts = row[2].as<int>()});
    }
    return out;
  });
}

common::Result<void> PgStatusQueryStore::Record(const std::vector<QuestionOutcome>& outcomes) {
  using Kind = QuestionOutcome::Kind;
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    for (const QuestionOutcome& o : outcomes) {
      if (o.kind == Kind::kAnswered) {
        std::optional<std::int64_t> updated_ms;
        if (o.result.has_updated_at()) {
          updated_ms = o.result.updated_at().seconds() * 1000 +
                       o.result.updated_at().nanos() / 1'000'000;
        }
        work.exec_prepared0(kAnswered, o.question_id, o.result.receiver_incident_id(),
                            o.result.state(),
                            static_cast<std::int64_t>(o.result.latest_version()), updated_ms);
      } else if (o.kind == Kind::kFailed) {
        work.exec_prepared0(kFailed, o.question_id, o.reason, o.message);
      } else {
        work.exec_prepared0(kRetry, o.question_id, o.message);
      }
    }
  });
}

}  // namespace ncirt::exchange::store
