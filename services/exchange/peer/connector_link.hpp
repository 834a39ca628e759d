#pragma once
// The Link a Deliverer sends through (outbox/deliverer.hpp), over a FrameConnector: the
// partner's long-lived outbound connection, which reconnects by itself with backoff and jitter.
//
// Thread-safety: Send() may be called from any thread (FrameSession::StartRequest is).

#include "common/net/frame_connector.hpp"
#include "exchange/outbox/deliverer.hpp"

namespace ncirt::exchange::peer {

class ConnectorLink final : public outbox::Link {
 public:
  // The connector must outlive the link.
  explicit ConnectorLink(common::net::FrameConnector& connector) : connector_(connector) {}

  // False while the connector is (re)connecting.
  bool Send(v1::Envelope request, common::net::ReplyCallback done) override;
  bool PeerAccepts(std::string_view capability) const override;

 private:
  common::net::FrameConnector& connector_;
};

}  // namespace ncirt::exchange::peer
