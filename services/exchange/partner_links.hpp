#pragma once
// One long-lived outbound connection and one delivery worker per enabled partner (which also
// sends the analysts' status questions to that partner, outbox/status_asker.hpp), kept in step
// with the partner registry: Reconcile() with the registry's current list starts what is new
// or re-enabled, stops what was disabled or removed, and restarts a partner whose endpoint or
// pinned key changed. The outbound TLS context of each partner accepts exactly that partner's
// pinned key (on top of the CA), so a connection can never be attributed to someone else.
//
// Requests a partner sends on our outbound connection are answered by the same inbound handler
// as on the listener (the protocol is symmetric after Hello).
//
// Thread-safety: Reconcile() and StopAll() from one controlling thread; Totals() and
// Connected() from any thread.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "common/net/frame_session.hpp"
#include "exchange/exchange_config.hpp"
#include "exchange/outbox/delivery_worker.hpp"
#include "exchange/partner.hpp"
#include "exchange/store/outbox_store.hpp"
#include "exchange/store/status_query_store.hpp"

namespace ncirt::exchange {

struct LinkTotals {
  std::uint64_t partners = 0;   // links running
  std::uint64_t connected = 0;  // of which with an established session
  std::uint64_t delivered = 0;
  std::uint64_t refused = 0;
  std::uint64_t failed = 0;
};

class PartnerLinks {
 public:
  // Everything passed in must outlive the links.
  PartnerLinks(const ExchangeConfig& config, store::OutboxStore& outbox,
               store::StatusQueryStore& questions, common::net::RequestHandler inbound,
               boost::asio::any_io_executor io, boost::asio::any_io_executor workers);
  ~PartnerLinks();
  PartnerLinks(const PartnerLinks&) = delete;
  PartnerLinks& operator=(const PartnerLinks&) = delete;

  // Brings the running links in line with `partners` (all of the registry, enabled or not).
  void Reconcile(const std::vector<Partner>& partners);
  void StopAll();
  LinkTotals Totals() const;

 private:
  struct Link;
  std::unique_ptr<Link> StartLink(const Partner& partner);

  const ExchangeConfig& config_;
  store::OutboxStore& outbox_;
  store::StatusQueryStore& questions_;
  common::net::RequestHandler inbound_;
  boost::asio::any_io_executor io_;
  boost::asio::any_io_executor workers_;
  mutable std::mutex mutex_;
  std::map<std::int64_t, std::unique_ptr<Link>> links_;  // guarded by mutex_ (by partner id)
  // Totals of links stopped since start, so counters never go backwards.
  LinkTotals retired_;  // guarded by mutex_
};

}  // namespace ncirt::exchange
