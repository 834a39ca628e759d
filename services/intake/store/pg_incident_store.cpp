#include "intake/store/pg_incident_store.hpp"

#include <array>
#include <map>
#include <optional>
#include <utility>
#include <vector>
#include <stdexcept>

#include <google/protobuf/util/time_util.h>
#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "intake/store/indicator_rows.hpp"
#include "intake/store/sql_text.hpp"
#include "intake/uuid.hpp"
#include "iodef/marking.hpp"

namespace ncirt::intake::store {
namespace {

// --- Idempotency-Keys -----------------------------------------------------------------------

constexpr const char* kClaimKey = "intake_claim_idempotency_key";
constexpr const char* kClaimKeySql =
    "INSERT INTO intake.idempotency_keys (submitter, key, request_sha256, response) "
    "VALUES ($1, $2, $3, '{}'::jsonb) ON CONFLICT (submitter, key) DO NOTHING RETURNING 1";

constexpr const char* kReadKey = "intake_read_idempotency_key";
constexpr const char* kReadKeySql =
    "SELECT request_sha256, response::text, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
    "FROM intake.idempotency_keys WHERE submitter = $1 AND key = $2";

constexpr const char* kAnswerKey = "intake_answer_idempotency_key";
constexpr const char* kAnswerKeySql =
    "UPDATE intake.idempotency_keys SET response = $3::jsonb WHERE submitter = $1 AND key = $2";

constexpr const char* kPurgeKeys = "intake_purge_idempotency_keys";
constexpr const char* kPurgeKeysSql =
    "DELETE FROM intake.idempotency_keys "
    "WHERE created_at < now() - $1::bigint * interval '1 millisecond'";

// --- Incidents ------------------------------------------------------------------------------

constexpr const char* kLockIncident = "intake_lock_incident";
constexpr const char* kLockIncidentSql =
    "SELECT id::text, version, fingerprint, submitter, tlp FROM intake.incidents "
    "WHERE iodef_name = $1 AND iodef_id = $2 FOR UPDATE";

constexpr const char* kReplacedVersion = "intake_replaced_version_with_fingerprint";
constexpr const char* kReplacedVersionSql =
    "SELECT version FROM intake.incident_history WHERE incident_id = $1::uuid "
    "AND fingerprint = $2 ORDER BY version DESC LIMIT 1";

constexpr const char* kInsertDocument = "intake_insert_document";
constexpr const char* kInsertDocumentSql =
    "INSERT INTO intake.documents (sha256, format, media_type, content, submitter) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";

constexpr const char* kDeleteDocument = "intake_delete_document";
constexpr const char* kDeleteDocumentSql = "DELETE FROM intake.documents WHERE id = $1";

constexpr const char* kInsertIncident = "intake_insert_incident";
constexpr const char* kInsertIncidentSql =
    "INSERT INTO intake.incidents (id, iodef_id, iodef_name, version, fingerprint, tlp, purpose, "
    "generation_time, report_time, detect_time, start_time, end_time, submitter, document_id, "
    "incident_index, warning_count, model) "
    "VALUES ($1::uuid, $2, $3, 1, $4, $5, $6, NULLIF($7, '')::timestamptz, "
    "NULLIF($8, '')::timestamptz, NULLIF($9, '')::timestamptz, NULLIF($10, '')::timestamptz, "
    "NULLIF($11, '')::timestamptz, $12, $13, $14, $15, $16) "
    "ON CONFLICT (iodef_name, iodef_id) DO NOTHING RETURNING 1";

constexpr const char* kArchiveVersion = "intake_archive_incident_version";
constexpr const char* kArchiveVersionSql =
    "INSERT INTO intake.incident_history (incident_id, version, fingerprint, tlp, submitter, "
    "document_id, incident_index, model, recorded_at) "
    "SELECT id, version, fingerprint, tlp, submitter, document_id, incident_index, model, "
    "updated_at FROM intake.incidents WHERE id = $1::uuid";

constexpr const char* kUpdateIncident = "intake_update_incident";
constexpr const char* kUpdateIncidentSql =
    "UPDATE intake.incidents SET version = $2, fingerprint = $3, tlp = $4, purpose = $5, "
    "generation_time = NULLIF($6, '')::timestamptz, report_time = NULLIF($7, '')::timestamptz, "
    "detect_time = NULLIF($8, '')::timestamptz, start_time = NULLIF($9, '')::timestamptz, "
    "end_time = NULLIF($10, '')::timestamptz, document_id = $11, incident_index = $12, "
    "warning_count = $13, model = $14, updated_at = now() "
    "WHERE id = $1::uuid AND version = $2 - 1";

constexpr const char* kDeleteIndicators = "intake_delete_indicators";
constexpr const char* kDeleteIndicatorsSql =
    "DELETE FROM intake.indicators WHERE incident_id = $1::uuid";

constexpr const char* kInsertIndicators = "intake_insert_indicators";
constexpr const char* kInsertIndicatorsSql =
    "INSERT INTO intake.indicators (incident_id, kind, value, address, domain_reversed, "
    "hash_algorithm, role) "
    "SELECT $1::uuid, u.kind, u.value, u.address, u.domain_reversed, u.hash_algorithm, u.role "
    "FROM unnest($2::text[], $3::text[], $4::inet[], $5::text[], $6::text[], $7::text[]) "
    "AS u(kind, value, address, domain_reversed, hash_algorithm, role)";

constexpr const char* kEnqueueTriage = "intake_enqueue_triage";
constexpr const char* kEnqueueTriageSql =
    "INSERT INTO intake.triage_outbox (incident_id, version, event) VALUES ($1::uuid, $2, $3)";

constexpr const char* kGetIncident = "intake_get_incident";
constexpr const char* kGetIncidentSql =
    "SELECT model, submitter, version FROM intake.incidents WHERE id = $1::uuid";

// --- Batch creation (CreateNewIn) ----------------------------------------------------------

// Creates, in ONE statement, the incidents of a batch whose IncidentID@name is not taken: the
// incident rows (ON CONFLICT DO NOTHING: an IncidentID already stored, or being stored by a
// transaction that then commits, is skipped and reported by its absence from the result), and,
// for the created ones only, each one's document, indicators and triage announcement. Document
// ids are drawn from the identity's sequence up front so that incident rows can point at them;
// the foreign keys are checked at the end of the statement, when the documents are in.
// Incident rows go in IncidentID order, as SubmitIn's LockOrder(): two batches that both hold
// one of two new IncidentIDs wait for each other in one order, never in a cycle (a deadlock
// would be retried whole, but costs a second at least).
// Parameters are parallel arrays, one element per submission ($1-$19), and one per indicator
// ($20-$26, $20 naming the incident). bytea travels as hex text.
constexpr const char* kCreateBatch = "intake_create_incidents_batch";
constexpr const char* kCreateBatchSql =
    "WITH input AS MATERIALIZED ("
    "SELECT u.*, nextval(pg_get_serial_sequence('intake.documents', 'id')) AS document_id "
    "FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
    "$7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[], "
    "$14::int[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[]) "
    "WITH ORDINALITY AS u(id, iodef_id, iodef_name, fingerprint, tlp, purpose, generation_time, "
    "report_time, detect_time, start_time, end_time, submitter, incident_index, warning_count, "
    "model_hex, sha256, format, media_type, content_hex, ord)), "
    "created AS ("
    "INSERT INTO intake.incidents (id, iodef_id, iodef_name, version, fingerprint, tlp, purpose, "
    "generation_time, report_time, detect_time, start_time, end_time, submitter, document_id, "
    "incident_index, warning_count, model) "
    "SELECT id, iodef_id, iodef_name, 1, fingerprint, tlp, purpose, "
    "NULLIF(generation_time, '')::timestamptz, NULLIF(report_time, '')::timestamptz, "
    "NULLIF(detect_time, '')::timestamptz, NULLIF(start_time, '')::timestamptz, "
    "NULLIF(end_time, '')::timestamptz, submitter, document_id, incident_index, warning_count, "
    "decode(model_hex, 'hex') FROM input ORDER BY iodef_name, iodef_id "
    "ON CONFLICT (iodef_name, iodef_id) DO NOTHING RETURNING id), "
    "documents AS ("
    "INSERT INTO intake.documents (id, sha256, format, media_type, content, submitter) "
    "OVERRIDING SYSTEM VALUE "
    "SELECT i.document_id, i.sha256, i.format, i.media_type, decode(i.content_hex, 'hex'), "
    "i.submitter FROM input i JOIN created c ON c.id = i.id ORDER BY i.ord), "
    "indicators AS ("
    "INSERT INTO intake.indicators (incident_id, kind, value, address, domain_reversed, "
    "hash_algorithm, role) "
    "SELECT x.incident_id, x.kind, x.value, x.address, x.domain_reversed, x.hash_algorithm, "
    "x.role FROM unnest($20::uuid[], $21::text[], $22::text[], $23::inet[], $24::text[], "
    "$25::text[], $26::text[]) AS x(incident_id, kind, value, address, domain_reversed, "
    "hash_algorithm, role) JOIN created c ON c.id = x.incident_id), "
    "announced AS ("
    "INSERT INTO intake.triage_outbox (incident_id, version, event) "
    "SELECT i.id, 1, 'created' FROM input i JOIN created c ON c.id = i.id ORDER BY i.ord) "
    "SELECT id::text FROM created";

// The query columns of an incident version, as bound to the INSERT and UPDATE above.
struct Columns {
  std::string iodef_id;
  std::string iodef_name;
  std::string tlp;
  std::string purpose;
  std::string generation_time, report_time, detect_time, start_time, end_time;
  int warning_count = 0;
  std::string model;  // serialized ncirt.v1.Incident
};

std::string TimeText(bool present, const google::protobuf::Timestamp& time) {
  return present ? google::protobuf::util::TimeUtil::ToString(time) : std::string();
}

std::string PurposeText(const v1::Incident& incident) {
  switch (incident.purpose()) {
    case v1::PURPOSE_TRACEBACK: return "traceback";
    case v1::PURPOSE_MITIGATION: return "mitigation";
    case v1::PURPOSE_REPORTING: return "reporting";
    case v1::PURPOSE_WATCH: return "watch";
    case v1::PURPOSE_OTHER: return "other";
    case v1::PURPOSE_EXT_VALUE: return "ext-value:" + SqlText(incident.ext_purpose());
    default: return "";
  }
}

Columns ColumnsOf(const v1::Incident& model) {
  Columns c;
  c.iodef_id = SqlText(model.incident_id().id());
  c.iodef_name = SqlText(model.incident_id().name());
  c.tlp = std::string(iodef::TlpName(model.tlp()));
  c.purpose = PurposeText(model);
  c.generation_time = TimeText(model.has_generation_time(), model.generation_time());
  c.report_time = TimeText(model.has_report_time(), model.report_time());
  c.detect_time = TimeText(model.has_detect_time(), model.detect_time());
  c.start_time = TimeText(model.has_start_time(), model.start_time());
  c.end_time = TimeText(model.has_end_time(), model.end_time());
  c.warning_count = model.warnings_size();
  c.model = model.SerializeAsString();
  return c;
}

void InsertIndicators(pqxx::work& work, const std::string& id, const v1::Incident& model) {
  const std::vector<IndicatorRow> rows = IndicatorRows(model);
  if (rows.empty()) return;
  std::vector<std::optional<std::string>> kind, value, address, domain, algorithm, role;
  for (const IndicatorRow& row : rows) {
    kind.emplace_back(row.kind);
    value.emplace_back(row.value);
    address.push_back(row.address);
    domain.push_back(row.domain_reversed);
    algorithm.emplace_back(row.hash_algorithm);
    role.emplace_back(row.role);
  }
  work.exec_prepared0(kInsertIndicators, id, ArrayLiteral(kind), ArrayLiteral(value),
                      ArrayLiteral(address), ArrayLiteral(domain), ArrayLiteral(algorithm),
                      ArrayLiteral(role));
}

struct Locked {
  ExistingIncident existing;
  v1::Tlp tlp = v1::TLP_UNSPECIFIED;
};

std::optional<Locked> LockExisting(pqxx::work& work, const PreparedIncident& incoming) {
  const auto& id = incoming.incident.incident_id();
  const pqxx::result rows =
      work.exec_prepared(kLockIncident, SqlText(id.name()), SqlText(id.id()));
  if (rows.empty()) return std::nullopt;
  Locked locked;
  locked.existing.id = rows[0][0].as<std::string>();
  locked.existing.version = rows[0][1].as<std::int32_t>();
  locked.existing.fingerprint = rows[0][2].as<std::string>();
  locked.existing.submitter = rows[0][3].as<std::string>();
  locked.tlp = iodef::ParseTlp(rows[0][4].as<std::string>()).value_or(v1::TLP_UNSPECIFIED);
  if (locked.existing.fingerprint != incoming.fingerprint) {
    const pqxx::result replaced =
        work.exec_prepared(kReplacedVersion, locked.existing.id, incoming.fingerprint);
    if (!replaced.empty()) {
      locked.existing.replaced_version_with_same_content = replaced[0][0].as<std::int32_t>();
    }
  }
  return locked;
}

IncidentResult ResultFor(const PreparedIncident& p, std::string id, Outcome outcome,
                         std::int32_t version, v1::Tlp tlp) {
  IncidentResult r;
  r.id = std::move(id);
  r.iodef_id = p.incident.incident_id().id();
  r.iodef_name = p.incident.incident_id().name();
  r.outcome = outcome;
  r.version = version;
  r.tlp = tlp;
  r.warnings.assign(p.incident.warnings().begin(), p.incident.warnings().end());
  return r;
}


std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 0x0f];
  }
  return out;
}

// Whether CreateNewIn may take a submission: one incident and no Idempotency-Key (a key's
// answer and a multi-incident document's shared row are SubmitIn's business).
bool CreatableInBatch(const Submission& s) {
  return s.incidents.size() == 1 && !s.idempotency;
}

// The parallel arrays of kCreateBatchSql, one element per submission (Add) and per indicator.
class BatchColumns {
 public:
  void Add(const std::string& id, const Submission& s, const v1::Incident& model) {
    const PreparedIncident& p = s.incidents.front();
    const Columns c = ColumnsOf(model);
    incident_[0].emplace_back(id);
    std::size_t column = 1;
    for (const std::string* text : {&c.iodef_id, &c.iodef_name, &p.fingerprint, &c.tlp,
                                    &c.purpose, &c.generation_time, &c.report_time,
                                    &c.detect_time, &c.start_time, &c.end_time, &s.submitter}) {
      incident_[column++].emplace_back(*text);
    }
    incident_[12].emplace_back(std::to_string(p.index));
    incident_[13].emplace_back(std::to_string(c.warning_count));
    incident_[14].emplace_back(Hex(c.model));
    incident_[15].emplace_back(s.document_sha256);
    incident_[16].emplace_back(std::string(FormatName(s.format)));
    incident_[17].emplace_back(s.media_type);
    incident_[18].emplace_back(Hex(s.document));
    for (IndicatorRow& row : IndicatorRows(model)) {
      indicator_[0].emplace_back(id);
      indicator_[1].emplace_back(std::move(row.kind));
      indicator_[2].emplace_back(std::move(row.value));
      indicator_[3].push_back(std::move(row.address));
      indicator_[4].push_back(std::move(row.domain_reversed));
      indicator_[5].emplace_back(std::move(row.hash_algorithm));
      indicator_[6].emplace_back(std::move(row.role));
    }
  }

  pqxx::result Run(pqxx::work& work) const {
    const auto a = [](const std::vector<std::optional<std::string>>& v) {
      return ArrayLiteral(v);
    };
    return work.exec_prepared(
        kCreateBatch, a(incident_[0]), a(incident_[1]), a(incident_[2]), a(incident_[3]),
        a(incident_[4]), a(incident_[5]), a(incident_[6]), a(incident_[7]), a(incident_[8]),
        a(incident_[9]), a(incident_[10]), a(incident_[11]), a(incident_[12]), a(incident_[13]),
        a(incident_[14]), a(incident_[15]), a(incident_[16]), a(incident_[17]),
        a(incident_[18]), a(indicator_[0]), a(indicator_[1]), a(indicator_[2]),
        a(indicator_[3]), a(indicator_[4]), a(indicator_[5]), a(indicator_[6]));
  }

 private:
  std::array<std::vector<std::optional<std::string>>, 19> incident_;
  std::array<std::vector<std::optional<std::string>>, 7> indicator_;
};

}  // namespace

PgIncidentStore::PgIncidentStore(common::pg::Pool& pool, RandomBytes random_bytes)
    : pool_(pool), random_bytes_(std::move(random_bytes)) {}

void PgIncidentStore::Prepare(pqxx::connection& c) {
  c.prepare(kClaimKey, kClaimKeySql);
  c.prepare(kReadKey, kReadKeySql);
  c.prepare(kAnswerKey, kAnswerKeySql);
  c.prepare(kPurgeKeys, kPurgeKeysSql);
  c.prepare(kLockIncident, kLockIncidentSql);
  c.prepare(kReplacedVersion, kReplacedVersionSql);
  c.prepare(kInsertDocument, kInsertDocumentSql);
  c.prepare(kDeleteDocument, kDeleteDocumentSql);
  c.prepare(kInsertIncident, kInsertIncidentSql);
  c.prepare(kArchiveVersion, kArchiveVersionSql);
  c.prepare(kUpdateIncident, kUpdateIncidentSql);
  c.prepare(kDeleteIndicators, kDeleteIndicatorsSql);
  c.prepare(kInsertIndicators, kInsertIndicatorsSql);
  c.prepare(kEnqueueTriage, kEnqueueTriageSql);
  c.prepare(kGetIncident, kGetIncidentSql);
  c.prepare(kCreateBatch, kCreateBatchSql);
}

std::string PgIncidentStore::NewId() {
  std::lock_guard lock(random_mutex_);
  return NewUuidV4(random_bytes_);
}

common::Result<SubmitResult> PgIncidentStore::Submit(const Submission& s) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) { return SubmitIn(work, s); });
}

common::Result<SubmitResult> PgIncidentStore::SubmitIn(pqxx::work& work, const Submission& s) {
  {
    if (s.idempotency) {
      const auto& key = *s.idempotency;
      if (work.exec_prepared(kClaimKey, s.submitter, key.key, key.request_sha256).empty()) {
        const pqxx::row row = work.exec_prepared1(kReadKey, s.submitter, key.key);
        if (row[0].as<std::string>() != key.request_sha256) {
          return common::Fail(common::ErrorKind::kConflict,
                              "Idempotency-Key '" + key.key + "' was first used at " +
                                  row[2].as<std::string>() +
                                  " for a different request; a new request needs a new key");
        }
        auto earlier = SubmitResultFromJson(
            nlohmann::json::parse(row[1].as<std::string>(), nullptr, false));
        if (earlier) earlier->replayed = true;
        return earlier;
      }
    }

    SubmitResult result;
    result.incidents.resize(s.incidents.size());
    std::optional<std::int64_t> document_id;
    bool document_used = false;
    const auto document = [&]() -> std::int64_t {
      if (!document_id) {
        document_id = work.exec_prepared1(kInsertDocument, s.document_sha256,
                                          std::string(FormatName(s.format)), s.media_type,
                                          pqxx::binarystring(s.document.data(), s.document.size()),
                                          s.submitter)[0]
                          .as<std::int64_t>();
      }
      return *document_id;
    };

    for (const std::size_t i : LockOrder(s)) {
      const PreparedIncident& p = s.incidents[i];
      std::optional<Locked> locked = LockExisting(work, p);
      if (!locked) {
        v1::Incident model = p.incident;
        model.set_id(NewId());
        const Columns c = ColumnsOf(model);
        const pqxx::result inserted = work.exec_prepared(
            kInsertIncident, model.id(), c.iodef_id, c.iodef_name, p.fingerprint, c.tlp,
            c.purpose, c.generation_time, c.report_time, c.detect_time, c.start_time, c.end_time,
            s.submitter, document(), static_cast<std::int64_t>(p.index), c.warning_count,
            pqxx::binarystring(c.model));
        if (!inserted.empty()) {
          InsertIndicators(work, model.id(), model);
          work.exec_prepared0(kEnqueueTriage, model.id(), 1, "created");
          result.incidents[i] = ResultFor(p, model.id(), Outcome::kCreated, 1, model.tlp());
          document_used = true;
          continue;
        }
        // A concurrent submission created it after our look-up and has committed (ON CONFLICT
        // waited for it); decide against its row.
        locked = LockExisting(work, p);
        if (!locked) {
          throw std::logic_error("incident insert conflicted, yet no row holds its IncidentID");
        }
      }
      auto decision = Decide(locked->existing, p, s.submitter);
      if (!decision) return std::unexpected(std::move(decision.error()));
      const std::string& id = locked->existing.id;
      if (decision->outcome == Outcome::kDuplicate) {
        result.incidents[i] = ResultFor(p, id, Outcome::kDuplicate, decision->version,
                                        locked->tlp);
        continue;
      }
      v1::Incident model = p.incident;
      model.set_id(id);
      const Columns c = ColumnsOf(model);
      work.exec_prepared0(kArchiveVersion, id);
      const pqxx::result updated = work.exec_prepared0(
          kUpdateIncident, id, decision->version, p.fingerprint, c.tlp, c.purpose,
          c.generation_time, c.report_time, c.detect_time, c.start_time, c.end_time, document(),
          static_cast<std::int64_t>(p.index), c.warning_count, pqxx::binarystring(c.model));
      if (updated.affected_rows() != 1) {
        throw std::logic_error("the locked incident " + id + " changed version under its lock");
      }
      work.exec_prepared0(kDeleteIndicators, id);
      InsertIndicators(work, id, model);
      work.exec_prepared0(kEnqueueTriage, id, decision->version, "updated");
      result.incidents[i] = ResultFor(p, id, Outcome::kUpdated, decision->version, model.tlp());
      document_used = true;
    }
    if (document_id && !document_used) work.exec_prepared0(kDeleteDocument, *document_id);
    if (s.idempotency) {
      work.exec_prepared0(kAnswerKey, s.submitter, s.idempotency->key,
                          JsonbText(ToJson(result)));
    }
    return result;
  }
}

std::vector<std::optional<SubmitResult>> PgIncidentStore::CreateNewIn(
    pqxx::work& work, const std::vector<const Submission*>& submissions) {
  std::vector<std::optional<SubmitResult>> out(submissions.size());
  // An IncidentID twice in the batch: the second is an update or a duplicate of the first,
  // which only SubmitIn's sequential decisions get right; both go there.
  std::map<std::pair<std::string, std::string>, int> seen;
  for (const Submission* s : submissions) {
    if (CreatableInBatch(*s)) {
      const auto& key = s->incidents.front().incident.incident_id();
      ++seen[{SqlText(key.name()), SqlText(key.id())}];
    }
  }
  BatchColumns columns;
  std::map<std::string, std::size_t> position;  // incident id -> index in submissions
  std::vector<v1::Incident> models(submissions.size());
  for (std::size_t i = 0; i < submissions.size(); ++i) {
    const Submission& s = *submissions[i];
    if (!CreatableInBatch(s)) continue;
    const auto& key = s.incidents.front().incident.incident_id();
    if (seen[{SqlText(key.name()), SqlText(key.id())}] != 1) continue;
    models[i] = s.incidents.front().incident;
    models[i].set_id(NewId());
    columns.Add(models[i].id(), s, models[i]);
    position.emplace(models[i].id(), i);
  }
  if (position.empty()) return out;
  for (const pqxx::row& row : columns.Run(work)) {
    const std::size_t i = position.at(row[0].as<std::string>());
    SubmitResult result;
    result.incidents.push_back(ResultFor(submissions[i]->incidents.front(), models[i].id(),
                                         Outcome::kCreated, 1, models[i].tlp()));
    out[i] = std::move(result);
  }
  return out;
}

common::Result<StoredIncident> PgIncidentStore::Get(std::string_view id) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<StoredIncident> {
    const pqxx::result rows = work.exec_prepared(kGetIncident, std::string(id));
    if (rows.empty()) {
      return common::Fail(common::ErrorKind::kNotFound, "no incident with id " + std::string(id));
    }
    StoredIncident stored;
    const pqxx::binarystring model(rows[0][0]);
    if (!stored.incident.ParseFromArray(model.data(), static_cast<int>(model.size()))) {
      throw std::runtime_error("the stored model of incident " + std::string(id) +
                               " does not parse");
    }
    stored.submitter = rows[0][1].as<std::string>();
    stored.version = rows[0][2].as<std::int32_t>();
    return stored;
  });
}

common::Result<std::int64_t> PgIncidentStore::PurgeIdempotencyKeys(std::chrono::milliseconds age) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> std::int64_t {
    return static_cast<std::int64_t>(
        work.exec_prepared(kPurgeKeys, static_cast<std::int64_t>(age.count())).affected_rows());
  });
}

}  // namespace ncirt::intake::store
