#include "exchange/partner_links.hpp"

#include "common/log/log.hpp"
#include "common/net/frame_connector.hpp"
#include "common/net/tls_context.hpp"
#include "exchange/peer/connector_link.hpp"
#include "exchange/outbox/status_asker.hpp"
#include "exchange/peer/inbound_handler.hpp"

namespace ncirt::exchange {

namespace net = common::net;

// Declaration order is construction order; the worker (which sends through the link and the
// connector) is destroyed first.
struct PartnerLinks::Link {
  Partner partner;
  net::ContextPtr tls;
  std::unique_ptr<net::FrameConnector> connector;
  std::unique_ptr<peer::ConnectorLink> link;
  std::unique_ptr<outbox::Deliverer> deliverer;
  std::unique_ptr<outbox::StatusAsker> asker;
  std::unique_ptr<outbox::DeliveryWorker> worker;

  void Stop() {
    if (worker) worker->Stop();
    if (connector) connector->Stop();
  }
};

PartnerLinks::PartnerLinks(const ExchangeConfig& config, store::OutboxStore& outbox,
                           store::StatusQueryStore& questions, net::RequestHandler inbound,
                           boost::asio::any_io_executor io,
                           boost::asio::any_io_executor workers)
    : config_(config),
      outbox_(outbox),
      questions_(questions),
      inbound_(std::move(inbound)),
      io_(std::move(io)),
      workers_(std::move(workers)) {}

PartnerLinks::~PartnerLinks() { StopAll(); }

std::unique_ptr<PartnerLinks::Link> PartnerLinks::StartLink(const Partner& partner) {
  auto endpoint = ParseEndpoint(partner.endpoint);
  if (!endpoint) {
    common::log::Error("partner_endpoint_unusable",
                       {{"partner", partner.name}, {"error", endpoint.error().message}});
    return nullptr;
  }
  auto link = std::make_unique<Link>();
  link->partner = partner;
  const std::string pin = partner.spki_sha256;
  auto tls = net::MakeClientContext(
      {.certificate_file = config_.tls_certificate_file,
       .private_key_file = config_.tls_private_key_file,
       .ca_file = config_.ca_file,
       .min_version = net::TlsMinVersion::kTls13,
       .require_peer_certificate = true,
       // Only this partner's key: a valid certificate of another partner is refused here.
       .pin_check = [pin](std::string_view presented) { return presented == pin; }});
  if (!tls) {
    common::log::Error("partner_tls_unusable",
                       {{"partner", partner.name}, {"error", tls.error().message}});
    return nullptr;
  }
  link->tls = std::move(*tls);

  net::FrameConnectorOptions options;
  options.host = endpoint->host;
  options.port = endpoint->port;
  options.backoff = {.initial_delay = config_.retry_initial, .multiplier = 2.0,
                     .max_delay = config_.retry_max};
  options.connect_timeout = config_.handshake_timeout;
  options.session.cirt_name = config_.cirt_name;
  options.session.capabilities = peer::kCapabilities;
  options.session.max_frame_size = config_.max_frame_bytes;
  options.session.max_window = static_cast<std::uint32_t>(config_.window);
  options.session.max_inflight_bytes = config_.max_inflight_bytes;
  options.session.handshake_timeout = config_.handshake_timeout;
  options.session.idle_timeout = config_.idle_timeout;
  options.session.pong_timeout = config_.pong_timeout;
  options.session.close_timeout = config_.handshake_timeout;
  const std::string name = partner.name;
  options.on_retry = [name](int retry, std::chrono::milliseconds delay,
                            const common::Error& why) {
    common::log::Warn("partner_reconnect", {{"partner", name},
                                            {"retry", std::to_string(retry)},
                                            {"delay_ms", std::to_string(delay.count())},
                                            {"error", why.message}});
  };
  link->connector = std::make_unique<net::FrameConnector>(options, *link->tls, inbound_, io_,
                                                          workers_);
  if (auto started = link->connector->Start(); !started) {
    common::log::Error("partner_connector_unusable",
                       {{"partner", partner.name}, {"error", started.error().message}});
    return nullptr;
  }
  link->link = std::make_unique<peer::ConnectorLink>(*link->connector);
  link->deliverer = std::make_unique<outbox::Deliverer>(outbox_, *link->link, partner.id,
                                                        config_.window);
  link->asker = std::make_unique<outbox::StatusAsker>(
      questions_, *link->link, partner.id, outbox::StatusAskerOptions{.window = config_.window});
  outbox::StatusAsker* asker = link->asker.get();
  const std::string partner_name = partner.name;
  link->worker = std::make_unique<outbox::DeliveryWorker>(
      *link->deliverer,
      outbox::DeliveryWorkerOptions{.idle_poll = config_.idle_poll,
                                    .backoff = {.initial_delay = config_.retry_initial,
                                                .multiplier = 2.0,
                                                .max_delay = config_.retry_max},
                                    .random = {},
                                    .after_round = [asker, partner_name](
                                                       const auto& round) {
                                      if (!outbox::QuestionsMayWait(round)) return;
                                      auto asked = asker->RunRound();
                                      if (asked) return;
                                      common::log::Warn("status_questions_unsent",
                                                        {{"partner", partner_name},
                                                         {"error", asked.error().message}});
                                    }});
  link->worker->Start();
  common::log::Info("partner_link_started",
                    {{"partner", partner.name}, {"endpoint", partner.endpoint}});
  return link;
}

void PartnerLinks::Reconcile(const std::vector<Partner>& partners) {
  std::map<std::int64_t, const Partner*> wanted;
  for (const Partner& partner : partners) {
    if (partner.enabled) wanted[partner.id] = &partner;
  }
  std::vector<std::unique_ptr<Link>> retiring;
  {
    std::lock_guard lock(mutex_);
    for (auto it = links_.begin(); it != links_.end();) {
      const auto found = wanted.find(it->first);
      const bool keep = found != wanted.end() &&
                        found->second->endpoint == it->second->partner.endpoint &&
                        found->second->spki_sha256 == it->second->partner.spki_sha256;
      if (keep) {
        ++it;
      } else {
        retiring.push_back(std::move(it->second));
        it = links_.erase(it);
      }
    }
  }
  // Stopping waits for a round to finish: outside the lock, so Totals() never waits on it.
  for (auto& link : retiring) {
    link->Stop();
    const outbox::DeliveryWorkerStats stats = link->worker->Stats();
    common::log::Info("partner_link_stopped", {{"partner", link->partner.name}});
    std::lock_guard lock(mutex_);
    retired_.delivered += stats.delivered;
    retired_.refused += stats.refused;
    retired_.failed += stats.failed;
  }
  for (const auto& [id, partner] : wanted) {
    {
      std::lock_guard lock(mutex_);
      if (links_.contains(id)) continue;
    }
    auto link = StartLink(*partner);
    if (link == nullptr) continue;
    std::lock_guard lock(mutex_);
    links_[id] = std::move(link);
  }
}

void PartnerLinks::StopAll() {
  std::map<std::int64_t, std::unique_ptr<Link>> links;
  {
    std::lock_guard lock(mutex_);
    links.swap(links_);
  }
  for (auto& [id, link] : links) link->Stop();
}

LinkTotals PartnerLinks::Totals() const {
  std::lock_guard lock(mutex_);
  LinkTotals out = retired_;
  out.partners = links_.size();
  for (const auto& [id, link] : links_) {
    const outbox::DeliveryWorkerStats stats = link->worker->Stats();
    out.delivered += stats.delivered;
    out.refused += stats.refused;
    out.failed += stats.failed;
    if (link->connector->Session() != nullptr) ++out.connected;
  }
  return out;
}

}  // namespace ncirt::exchange
