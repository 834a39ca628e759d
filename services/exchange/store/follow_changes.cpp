#include "exchange/store/follow_changes.hpp"

#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "exchange/outbox/share_plan.hpp"
#include "exchange/store/pg_outbox_store.hpp"
#include "exchange/store/share_source.hpp"

namespace ncirt::exchange::store {
namespace {

constexpr const char* kTakeOne = "exchange_follow_take";

}  // namespace

void PrepareFollowStatements(pqxx::connection& c) {
  c.prepare(kTakeOne,
            "DELETE FROM exchange.changed_incidents WHERE incident_id = ("
            "SELECT incident_id FROM exchange.changed_incidents ORDER BY noted_at "
            "LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING incident_id::text");
}

common::Result<int> FollowChanges(common::pg::Pool& pool, const std::vector<Partner>& partners,
                                  const google::protobuf::Timestamp& now, int limit) {
  int versions = 0;
  for (int i = 0; i < limit; ++i) {
    // One transaction per incident: a note is gone exactly when its version is queued.
    auto taken = common::pg::RunTransaction(pool, [&](pqxx::work& work) -> int {
      const pqxx::result rows = work.exec_prepared(kTakeOne);
      if (rows.empty()) return -1;
      const std::string incident_id = rows[0][0].as<std::string>();
      if (IsWithdrawn(work, incident_id)) return 0;
      const std::optional<Shareable> source = LoadShareable(work, incident_id);
      if (!source) return 0;
      std::vector<Partner> to;
      for (const auto& [id, name] : Recipients(work, incident_id)) {
        for (const Partner& partner : partners) {
          if (partner.id == id) to.push_back(partner);
        }
      }
      if (to.empty()) return 0;
      const Enqueued queued = EnqueueIn(
          work, incident_id, outbox::PlanShare(source->incident, source->provenance, to), now);
      return queued.queued > 0 ? 1 : 0;
    });
    if (!taken) return std::unexpected(taken.error());
    if (*taken < 0) break;
    versions += *taken;
  }
  return versions;
}

}  // namespace ncirt::exchange::store
