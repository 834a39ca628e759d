#include "triage/stats/stats_store.hpp"

#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "triage/stats/breakdowns.hpp"
#include "triage/stats/durations.hpp"
#include "triage/stats/restricted_reads.hpp"

namespace ncirt::triage::stats {
namespace {

// Instants cross as milliseconds since the epoch (clock.hpp), converted on the server.
#define NCIRT_TS(n) "('epoch'::timestamptz + " n "::bigint * interval '1 millisecond')"
// The rows of partial months: [$1, $5) and [$6, $2).
#define NCIRT_EDGES(c)                                                                 \
  "((" c " >= " NCIRT_TS("$1") " AND " c " < " NCIRT_TS("$5") ") OR (" c " >= " NCIRT_TS( \
      "$6") " AND " c " < " NCIRT_TS("$2") "))"

// The summary rows of a period: whole years from the year rows, other whole months from the
// month rows. $3 first whole month, $4 end of whole months, $7 first whole year, $8 end of
// whole years.
#define NCIRT_SUMMARY                                                                    \
  "((span = 'y' AND start >= $7::date AND start < $8::date) OR (span = 'm' AND start >= " \
  "$3::date AND start < $4::date AND (start < $7::date OR start >= $8::date)))"

constexpr const char* kWorkMem = "stats_work_mem";
constexpr const char* kWorkMemSql = "SELECT set_config('work_mem', '64MB', true)";

constexpr const char* kCompact = "stats_compact";
constexpr const char* kCompactSql = "SELECT triage.stats_compact()";

// $1 from, $2 to, $5 head end, $6 tail start; the rest as NCIRT_SUMMARY.
constexpr const char* kCounts = "stats_counts";
constexpr const char* kCountsSql =
    "SELECT dimension, value, tlp, sum(n)::bigint FROM ("
    " SELECT dimension, value, tlp, n FROM triage.stats_counts WHERE " NCIRT_SUMMARY
    " UNION ALL SELECT dimension, value, tlp, n FROM triage.stats_count_deltas"
    "  WHERE month >= $3::date AND month < $4::date"
    " UNION ALL SELECT k.dimension, k.value, i.tlp, 1 FROM triage.incidents i"
    "  CROSS JOIN LATERAL triage.stats_count_keys(i.state, i.category, i.submitter, "
    "   i.constituent, coalesce(i.severity_override, i.priority)) k"
    "  WHERE " NCIRT_EDGES("i.created_at")
    " UNION ALL SELECT r.dimension, r.value, i.tlp, 1 FROM triage.incidents i"
    "  JOIN triage.stats_incident_registry r ON r.incident_id = i.incident_id"
    "  WHERE " NCIRT_EDGES("i.created_at") " AND i.state <> 'merged'"
    ") x GROUP BY dimension, value, tlp HAVING sum(n) <> 0";

// Duration histograms, with the same parameters as kCounts.
constexpr const char* kDurations = "stats_durations";
constexpr const char* kDurationsSql =
    "SELECT metric, priority, bucket_s, sum(n)::bigint FROM ("
    " SELECT metric, priority, bucket_s, n FROM triage.stats_durations WHERE " NCIRT_SUMMARY
    " UNION ALL SELECT metric, priority, bucket_s, n FROM triage.stats_duration_deltas"
    "  WHERE month >= $3::date AND month < $4::date"
    " UNION ALL SELECT k.metric, coalesce(i.severity_override, i.priority), k.bucket_s, 1"
    "  FROM triage.incidents i CROSS JOIN LATERAL triage.stats_duration_keys(i.state, "
    "   i.created_at, i.triaged_at, i.resolved_at, i.sla_elapsed_ms) k"
    "  WHERE " NCIRT_EDGES("i.created_at")
    ") x GROUP BY metric, priority, bucket_s HAVING sum(n) <> 0";

// Incidents (duplicates not counted) per month: month rows only; $1..$6 as kCounts.
constexpr const char* kMonthly = "stats_monthly";
constexpr const char* kMonthlySql =
    "SELECT to_char(start, 'YYYY-MM'), sum(n)::bigint FROM ("
    " SELECT start, n FROM triage.stats_counts"
    "  WHERE span = 'm' AND start >= $3::date AND start < $4::date AND dimension = 'priority'"
    " UNION ALL SELECT month, n FROM triage.stats_count_deltas"
    "  WHERE month >= $3::date AND month < $4::date AND dimension = 'priority'"
    " UNION ALL SELECT triage.stats_month(i.created_at), 1 FROM triage.incidents i"
    "  WHERE " NCIRT_EDGES("i.created_at") " AND i.state <> 'merged'"
    ") x GROUP BY start HAVING sum(n) <> 0 ORDER BY start";

// As kCounts, plus $9 the visible TLPs (least restricted first) and $10 how many. The last
// column is the position in $9 of the most restrictive marking with a positive row: exact once
// the deltas are compacted (the routes compact first); before, a -1 delta cancelling a +1 row
// of the same marking can only make it more restrictive, i.e. audit rather than not.
constexpr const char* kIndicators = "stats_top_indicators";
constexpr const char* kIndicatorsSql =
    "SELECT kind, value, sum(n)::bigint AS total,"
    " max(array_position($9::text[], tlp)) FILTER (WHERE n > 0) FROM ("
    " SELECT kind, value, tlp, n FROM triage.stats_indicators"
    "  WHERE " NCIRT_SUMMARY " AND tlp = ANY($9::text[])"
    " UNION ALL SELECT kind, value, tlp, n FROM triage.stats_indicator_deltas"
    "  WHERE month >= $3::date AND month < $4::date AND tlp = ANY($9::text[])"
    " UNION ALL SELECT x.kind, x.value, i.tlp, 1 FROM triage.incidents i"
    "  JOIN triage.stats_incident_indicators x ON x.incident_id = i.incident_id"
    "  WHERE " NCIRT_EDGES("i.created_at") " AND i.state <> 'merged'"
    "  AND i.tlp = ANY($9::text[])"
    ") y GROUP BY kind, value HAVING sum(n) > 0 ORDER BY total DESC, kind, value LIMIT $10";

// Every registered handle: whether there is a registry, and which submitters are constituents.
// The registry's figures themselves are count rows ('sectors', 'organisation'; migration
// triage_statistics_registry).
constexpr const char* kHandles = "stats_registry_handles";
constexpr const char* kHandlesSql = "SELECT handle FROM triage.constituents ORDER BY handle";

constexpr const char* kTargets = "stats_sla_targets";
constexpr const char* kTargetsSql =
    "SELECT priority, time_to_triage_s, time_to_resolve_s FROM triage.sla_targets "
    "ORDER BY priority";

constexpr const char* kPartners = "stats_partner_names";
constexpr const char* kPartnersSql = "SELECT name, country FROM exchange.partners";

constexpr const char* kShares = "stats_partner_shares";
constexpr const char* kSharesSql =
    "SELECT p.name, p.country, coalesce(o.sent, 0), coalesce(o.delivered, 0),"
    " coalesce(o.pending, 0), coalesce(o.refused, 0), coalesce(h.refused, 0),"
    " coalesce(r.received, 0), coalesce(r.applied, 0)"
    " FROM exchange.partners p"
    " LEFT JOIN (SELECT partner_id, count(*) AS sent,"
    "   count(*) FILTER (WHERE state = 'delivered') AS delivered,"
    "   count(*) FILTER (WHERE state = 'pending') AS pending,"
    "   count(*) FILTER (WHERE state = 'refused') AS refused"
    "  FROM exchange.outbox WHERE created_at >= " NCIRT_TS("$1")
    "  AND created_at < " NCIRT_TS("$2") " GROUP BY partner_id) o ON o.partner_id = p.id"
    " LEFT JOIN (SELECT partner_name, count(*) AS refused FROM exchange.sharing_history"
    "  WHERE event = 'refused' AND at >= " NCIRT_TS("$1") " AND at < " NCIRT_TS("$2")
    "  GROUP BY partner_name) h ON h.partner_name = p.name"
    " LEFT JOIN (SELECT partner_id, count(*) AS received,"
    "   count(*) FILTER (WHERE applied) AS applied"
    "  FROM exchange.received_shares WHERE received_at >= " NCIRT_TS("$1")
    "  AND received_at < " NCIRT_TS("$2") " GROUP BY partner_id) r ON r.partner_id = p.id"
    " ORDER BY p.name";

#undef NCIRT_SUMMARY
#undef NCIRT_EDGES
#undef NCIRT_TS

std::int64_t Ms(TimePoint at) { return at.time_since_epoch().count(); }

// A PostgreSQL array literal of TLP tokens (none needs quoting).
std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const auto& value : values) out += (out.size() > 1 ? "," : "") + value;
  return out + "}";
}

void LoadSla(pqxx::work& work, const std::vector<std::string>& args, Statistics& out) {
  for (int p = 1; p <= 4; ++p) out.sla.push_back(SlaRow{p, {}, {}, {}, {}});
  out.sla.push_back(SlaRow{});
  for (const auto& row : work.exec_prepared(kTargets)) {
    const int p = row[0].as<int>();
    if (p < 1 || p > 4) continue;
    out.sla[static_cast<std::size_t>(p - 1)].triage_target_s = row[1].as<std::int64_t>();
    out.sla[static_cast<std::size_t>(p - 1)].resolve_target_s = row[2].as<std::int64_t>();
  }
  std::vector<HistogramRow> histogram;
  for (const auto& row : work.exec_prepared(kDurations, args[0], args[1], args[2], args[3],
                                            args[4], args[5], args[6], args[7])) {
    histogram.push_back({row[0].as<std::string>(), row[1].as<int>(), row[2].as<std::int64_t>(),
                         row[3].as<std::int64_t>()});
  }
  AssembleDurations(histogram, out.sla);
}

std::vector<std::string> LoadHandles(pqxx::work& work) {
  std::vector<std::string> out;
  for (const auto& row : work.exec_prepared(kHandles)) out.push_back(row[0].as<std::string>());
  return out;
}

void LoadShares(pqxx::work& work, const Period& period, Statistics& out) {
  for (const auto& row : work.exec_prepared(kShares, Ms(period.from), Ms(period.to))) {
    out.partners.push_back(PartnerShares{
        row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::int64_t>(),
        row[3].as<std::int64_t>(), row[4].as<std::int64_t>(), row[5].as<std::int64_t>(),
        row[6].as<std::int64_t>(), row[7].as<std::int64_t>(), row[8].as<std::int64_t>()});
  }
}

}  // namespace

void PrepareStatsStatements(pqxx::connection& connection) {
  connection.prepare(kWorkMem, kWorkMemSql);
  connection.prepare(kCompact, kCompactSql);
  connection.prepare(kCounts, kCountsSql);
  connection.prepare(kMonthly, kMonthlySql);
  connection.prepare(kIndicators, kIndicatorsSql);
  connection.prepare(kDurations, kDurationsSql);
  connection.prepare(kTargets, kTargetsSql);
  connection.prepare(kHandles, kHandlesSql);
  connection.prepare(kPartners, kPartnersSql);
  connection.prepare(kShares, kSharesSql);
}

common::Result<bool> StatsStore::Compact() {
  return common::pg::RunTransaction(
      pool_, [](pqxx::work& work) { return work.exec_prepared1(kCompact)[0].as<bool>(); });
}

common::Result<void> StatsStore::AuditRefused(const ReadAudit& audit, const Period& period,
                                              Tlp asked, Tlp role_ceiling) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    store::AppendAudit(work, audit.actor,
                       store::AuditEvent{"statistics-refused", "",
                                         RefusedReadDetail(audit.report, period, asked,
                                                           role_ceiling)},
                       audit.at);
  });
}

common::Result<Statistics> StatsStore::Load(const Period& period, Tlp ceiling, int top,
                                            const ReadAudit* audit) {
  if (top < 1 || top > kMaxTop) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "top must be 1.." + std::to_string(kMaxTop), "top");
  }
  const PeriodSplit split = SplitByMonth(period);
  // Every query of a period takes these, in this order ($1..$8).
  const std::vector<std::string> args{
      std::to_string(Ms(period.from)),      std::to_string(Ms(period.to)),
      FormatDate(split.first_month),        FormatDate(split.end_month),
      std::to_string(Ms(split.head_end)),   std::to_string(Ms(split.tail_start)),
      FormatDate(split.first_year),         FormatDate(split.end_year)};
  return common::pg::RunTransaction(
      pool_, common::pg::Isolation::kRepeatableRead, [&](pqxx::work& work) {
        // Periods that are not whole years add up hundreds of thousands of month rows of
        // indicators; with the default 4 MB the aggregate spills to disk. For this
        // transaction only.
        work.exec_prepared1(kWorkMem);
        Statistics out;
        out.period = period;
        out.ceiling = ceiling;
        std::vector<CountRow> rows;
        for (const auto& row : work.exec_prepared(kCounts, args[0], args[1], args[2], args[3],
                                                  args[4], args[5], args[6], args[7])) {
          rows.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                          row[2].as<std::string>(), row[3].as<std::int64_t>()});
        }
        std::vector<PartnerRef> partners;
        for (const auto& row : work.exec_prepared(kPartners)) {
          partners.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
        }
        AssembleCounts(rows, partners, top, out,
                       RegistryFigures(rows, ceiling, LoadHandles(work)));
        for (const auto& row : work.exec_prepared(kMonthly, args[0], args[1], args[2], args[3],
                                                  args[4], args[5])) {
          out.by_month.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>()});
        }
        const std::vector<std::string> visible = TlpsUpTo(ceiling);
        for (const auto& row :
             work.exec_prepared(kIndicators, args[0], args[1], args[2], args[3], args[4],
                                args[5], args[6], args[7], ArrayLiteral(visible), top)) {
          const auto position = static_cast<std::size_t>(row[3].as<int>());
          out.top_indicators.push_back(
              {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::int64_t>(),
               ParseTlp(visible.at(position - 1)).value()});
        }
        out.restricted = FindRestricted(out, rows);
        if (audit) {
          if (auto detail = RestrictedReadDetail(out, audit->report)) {
            store::AppendAudit(work, audit->actor,
                               store::AuditEvent{"statistics-read", "", std::move(*detail)},
                               audit->at);
          }
        }
        LoadSla(work, args, out);
        LoadShares(work, period, out);
        return out;
      });
}

}  // namespace ncirt::triage::stats
