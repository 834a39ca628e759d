#pragma once
// In-memory fakes of intake's store interfaces for unit tests. They keep what a real store
// keeps and apply the same logic (submission.hpp's Decide, LockOrder), so handler and
// authenticator tests see realistic behaviour without a database. Each can be told to fail
// (kUnavailable) to test the paths a database outage takes.
//
// Thread-safety: each fake guards its state with a mutex.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "intake/store/health_store.hpp"
#include "intake/store/incident_store.hpp"
#include "intake/store/quarantine_store.hpp"
#include "intake/store/token_store.hpp"
#include "intake/submission.hpp"

namespace ncirt::intake::testing {

inline common::Error Down() {
  return common::Error{common::ErrorKind::kUnavailable, "the fake database is down", {}};
}

class FakeTokenStore : public store::TokenStore {
 public:
  common::Result<std::optional<Principal>> FindValid(const TokenDigest& digest) override {
    std::lock_guard lock(mutex_);
    ++lookups;
    if (down) return std::unexpected(Down());
    const auto it = tokens_.find(digest);
    if (it == tokens_.end() || it->second.revoked) return std::optional<Principal>();
    return std::optional<Principal>(it->second.principal);
  }
  common::Result<store::TokenRecord> Create(const store::NewTokenRequest& r) override {
    std::lock_guard lock(mutex_);
    Principal p{++next_id_, r.submitter, r.scopes, r.policy, r.default_tlp};
    tokens_[r.digest] = Entry{p, false};
    return store::TokenRecord{p, "2024-01-01T00:00:00Z", ""};
  }
  common::Result<std::vector<store::TokenRecord>> List() override {
    std::lock_guard lock(mutex_);
    std::vector<store::TokenRecord> out;
    for (const auto& [digest, e] : tokens_) out.push_back({e.principal, "", ""});
    return out;
  }
  common::Result<void> Revoke(std::int64_t id) override {
    std::lock_guard lock(mutex_);
    for (auto& [digest, e] : tokens_) {
      if (e.principal.token_id == id && !e.revoked) {
        e.revoked = true;
        return {};
      }
    }
    return common::Fail(common::ErrorKind::kNotFound, "no such token");
  }

  // Creates a token and returns its text.
  std::string Add(const std::string& submitter, Scopes scopes,
                  iodef::Policy policy = iodef::Policy::kTolerant,
                  v1::Tlp tlp = v1::TLP_AMBER) {
    static int counter = 0;
    const std::string text = NewTokenText([](std::span<std::uint8_t> out) {
      for (auto& b : out) b = static_cast<std::uint8_t>(++counter * 37);
    });
    (void)Create({DigestOf(text), submitter, scopes, policy, tlp});
    return text;
  }

  bool down = false;
  int lookups = 0;

 private:
  struct Entry {
    Principal principal;
    bool revoked = false;
  };
  std::mutex mutex_;
  std::map<TokenDigest, Entry> tokens_;
  std::int64_t next_id_ = 0;
};

class FakeIncidentStore : public store::IncidentStore {
 public:
  common::Result<SubmitResult> Submit(const Submission& s) override {
    std::lock_guard lock(mutex_);
    if (down) return std::unexpected(Down());
    if (s.idempotency) {
      const auto it = keys_.find({s.submitter, s.idempotency->key});
      if (it != keys_.end()) {
        if (it->second.first != s.idempotency->request_sha256) {
          return common::Fail(common::ErrorKind::kConflict, "key reused");
        }
        SubmitResult replay = it->second.second;
        replay.replayed = true;
        return replay;
      }
    }
    auto rows = rows_;  // applied only if the whole submission succeeds, like a transaction
    SubmitResult result;
    result.incidents.resize(s.incidents.size());
    for (std::size_t i : LockOrder(s)) {
      const auto& p = s.incidents[i];
      const auto key = std::pair{p.incident.incident_id().name(), p.incident.incident_id().id()};
      std::optional<ExistingIncident> existing;
      if (const auto it = rows.find(key); it != rows.end()) {
        existing = ExistingIncident{it->second.id, it->second.version, it->second.fingerprint,
                                    it->second.submitter, std::nullopt};
        for (const auto& [version, fp] : it->second.replaced) {
          if (fp == p.fingerprint) existing->replaced_version_with_same_content = version;
        }
      }
      auto decision = Decide(existing, p, s.submitter);
      if (!decision) return std::unexpected(decision.error());
      Row& row = rows[key];
      if (decision->outcome == Outcome::kCreated) {
        // Increment first: using next_ twice in one expression would be unsequenced.
        const std::string serial = std::to_string(++next_);
        row = Row{"00000000-0000-4000-8000-" + std::string(12 - serial.size(), '0') + serial,
                  1, p.fingerprint, s.submitter, p.incident, {}};
        row.model.set_id(row.id);
      } else if (decision->outcome == Outcome::kUpdated) {
        row.replaced.emplace_back(row.version, row.fingerprint);
        row.version = decision->version;
        row.fingerprint = p.fingerprint;
        row.model = p.incident;
        row.model.set_id(row.id);
      }
      IncidentResult r;
      r.id = row.id;
      r.iodef_id = key.second;
      r.iodef_name = key.first;
      r.outcome = decision->outcome;
      r.version = decision->version;
      r.tlp = row.model.tlp();
      r.warnings.assign(p.incident.warnings().begin(), p.incident.warnings().end());
      result.incidents[i] = r;
    }
    rows_ = std::move(rows);
    if (s.idempotency) {
      keys_[{s.submitter, s.idempotency->key}] = {s.idempotency->request_sha256, result};
    }
    ++submissions;
    documents.emplace_back(s.document);
    return result;
  }

  common::Result<store::StoredIncident> Get(std::string_view id) override {
    std::lock_guard lock(mutex_);
    if (down) return std::unexpected(Down());
    for (const auto& [key, row] : rows_) {
      if (row.id == id) return store::StoredIncident{row.model, row.submitter, row.version};
    }
    return common::Fail(common::ErrorKind::kNotFound, "no incident");
  }

  common::Result<std::int64_t> PurgeIdempotencyKeys(std::chrono::milliseconds age) override {
    std::lock_guard lock(mutex_);
    purged_key_ages.push_back(age);
    if (down) return std::unexpected(Down());
    const auto n = static_cast<std::int64_t>(keys_.size());
    keys_.clear();
    return n;
  }

  std::size_t IncidentCount() {
    std::lock_guard lock(mutex_);
    return rows_.size();
  }

  bool down = false;
  int submissions = 0;
  std::vector<std::string> documents;
  std::vector<std::chrono::milliseconds> purged_key_ages;

 private:
  struct Row {
    std::string id;
    std::int32_t version = 0;
    std::string fingerprint;
    std::string submitter;
    v1::Incident model;
    std::vector<std::pair<std::int32_t, std::string>> replaced;
  };
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Row> rows_;
  std::map<std::pair<std::string, std::string>, std::pair<std::string, SubmitResult>> keys_;
  int next_ = 0;
};

class FakeQuarantineStore : public store::QuarantineStore {
 public:
  common::Result<std::int64_t> Keep(const store::QuarantineEntry& entry) override {
    std::lock_guard lock(mutex_);
    if (down) return std::unexpected(Down());
    entries.push_back(entry);
    return static_cast<std::int64_t>(entries.size());
  }
  common::Result<std::vector<store::QuarantineRecord>> List(
      int limit, std::optional<std::int64_t> before_id) override {
    std::lock_guard lock(mutex_);
    if (down) return std::unexpected(Down());
    std::vector<store::QuarantineRecord> out;
    for (auto i = static_cast<std::int64_t>(entries.size()); i >= 1; --i) {
      if (before_id && i >= *before_id) continue;
      if (static_cast<int>(out.size()) == limit) break;
      store::QuarantineRecord r{i, "2024-01-01T00:00:00.000Z", entries[i - 1]};
      r.entry.content.clear();
      out.push_back(r);
    }
    return out;
  }
  common::Result<store::QuarantineRecord> Get(std::int64_t id) override {
    std::lock_guard lock(mutex_);
    if (down) return std::unexpected(Down());
    if (id < 1 || id > static_cast<std::int64_t>(entries.size())) {
      return common::Fail(common::ErrorKind::kNotFound, "no entry");
    }
    return store::QuarantineRecord{id, "2024-01-01T00:00:00.000Z", entries[id - 1]};
  }
  common::Result<std::int64_t> PurgeOlderThan(std::chrono::milliseconds age) override {
    std::lock_guard lock(mutex_);
    purged_ages.push_back(age);
    if (down) return std::unexpected(Down());
    return 0;
  }

  bool down = false;
  std::vector<store::QuarantineEntry> entries;
  std::vector<std::chrono::milliseconds> purged_ages;

 private:
  std::mutex mutex_;
};

class FakeHealthStore : public store::HealthStore {
 public:
  common::Result<void> Ready() override {
    if (down) return std::unexpected(Down());
    return {};
  }
  common::Result<std::int64_t> PendingTriage() override {
    if (down) return std::unexpected(Down());
    return pending;
  }
  bool down = false;
  std::int64_t pending = 0;
};

}  // namespace ncirt::intake::testing
