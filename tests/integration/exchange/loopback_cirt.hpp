// One CIRT of the exchange's loopback tests: its own PostgreSQL database (tests/support's
// shared cluster), the partner, outbox, intake and received-share stores over it, a certificate
// from the test PKI, its pins, and mutual-TLS 1.3 contexts that check them; optionally a
// FrameListener answering partners with the real inbound handler. Each test binary passes the
// statements its stores need (`on_connect`). Built and torn down on the test's thread; the
// stores are as thread-safe as the production ones.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "common/net/frame_listener.hpp"
#include "common/net/tls_context.hpp"
#include "exchange/outbox/share_plan.hpp"
#include "exchange/peer/inbound_handler.hpp"
#include "exchange/store/pg_outbox_store.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "exchange/store/pg_received_share_store.hpp"
#include "exchange/store/pg_share_batch_store.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "support/pg_cluster.hpp"
#include "support/pki.hpp"

namespace ncirt::exchange::loopback {

// Session options with short timeouts, so a refused peer is noticed within the test.
inline common::net::FrameSessionOptions LoopbackSession(std::string name) {
  using namespace std::chrono_literals;
  common::net::FrameSessionOptions o;
  o.cirt_name = std::move(name);
  o.capabilities = peer::kCapabilities;
  o.handshake_timeout = 2s;
  o.close_timeout = 2s;
  return o;
}

struct LoopbackCirt {
  LoopbackCirt(std::string cirt_name, ncirt::testing::Pki& pki,
               std::function<void(pqxx::connection&)> on_connect, std::size_t max_connections,
               std::optional<ncirt::testing::CertFiles> own = std::nullopt)
      : name(std::move(cirt_name)),
        dsn(ncirt::testing::PgCluster::Shared().CreateDatabase()),
        pool({.dsn = dsn, .max_connections = max_connections, .on_connect = std::move(on_connect)}),
        partners(pool),
        outbox(pool),
        incidents(pool, &intake::SecureRandomBytes),
        received(pool),
        batches(pool, incidents),
        group(batches, 8, 1),
        receiver(received, group),
        cert(own ? *own : pki.Issue(this->name + ".example")) {
    server_tls = Context(true, pki);
    client_tls = Context(false, pki);
  }

  common::net::ContextPtr Context(bool server, ncirt::testing::Pki& pki) {
    namespace net = common::net;
    auto context = (server ? net::MakeServerContext : net::MakeClientContext)(
        net::TlsConfig{.certificate_file = cert.certificate,
                       .private_key_file = cert.private_key,
                       .ca_file = pki.CaFile(),
                       .min_version = net::TlsMinVersion::kTls13,
                       .require_peer_certificate = true,
                       .pin_check = pins.MakePinCheck()});
    return std::move(context.value());
  }

  // Registers a partner allowed `tlps` (every category, no personal data) and pins its key.
  Partner Register(std::string partner_name, std::string pin, std::vector<v1::Tlp> tlps,
                   std::uint16_t port) {
    Partner partner = partners
                          .Create(ValidatePartner(Partner{.name = std::move(partner_name),
                                                          .country = "EE",
                                                          .endpoint = "127.0.0.1:" +
                                                                      std::to_string(port),
                                                          .spki_sha256 = std::move(pin),
                                                          .agreement = "loopback",
                                                          .allowed_tlps = std::move(tlps),
                                                          .allowed_categories = {"*"}})
                                      .value())
                          .value();
    pins.Replace(partners.List().value());
    return partner;
  }
  Partner Register(const LoopbackCirt& other, std::vector<v1::Tlp> tlps, std::uint16_t port) {
    return Register(other.name, other.cert.spki_pin, std::move(tlps), port);
  }

  void Listen(std::uint16_t port, int worker_threads = 4) {
    using namespace std::chrono_literals;
    common::net::FrameListenerOptions options;
    options.port = port;
    options.worker_threads = worker_threads;
    options.drain_timeout = 2s;
    options.session = LoopbackSession(name);
    listener = std::make_unique<common::net::FrameListener>(
        options, *server_tls, peer::MakeInboundHandler(pins, receiver));
    ASSERT_TRUE(listener->Start());
  }

  void Share(const v1::Incident& incident, const std::vector<Partner>& to) {
    const auto plan = outbox::PlanShare(incident, policy::Provenance{}, to);
    google::protobuf::Timestamp now;
    now.set_seconds(1'800'000'000);
    ASSERT_TRUE(outbox.Enqueue(incident.id(), plan, now));
  }

  std::string One(const std::string& sql) {
    pqxx::connection c(dsn);
    pqxx::nontransaction work(c);
    return work.exec1(sql)[0].as<std::string>();
  }
  int Count(const std::string& sql) { return std::stoi(One(sql)); }
  void Exec(const std::string& sql) {
    pqxx::connection c(dsn);
    pqxx::work work(c);
    work.exec0(sql);
    work.commit();
  }

  std::string name;
  std::string dsn;
  common::pg::Pool pool;
  store::PgPartnerStore partners;
  store::PgOutboxStore outbox;
  intake::store::PgIncidentStore incidents;
  store::PgReceivedShareStore received;
  store::PgShareBatchStore batches;
  GroupCommit group;
  Receiver receiver;
  PinRegistry pins;
  ncirt::testing::CertFiles cert;
  common::net::ContextPtr server_tls;
  common::net::ContextPtr client_tls;
  std::unique_ptr<common::net::FrameListener> listener;
};

}  // namespace ncirt::exchange::loopback
