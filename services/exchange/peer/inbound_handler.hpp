#pragma once
// The request handler of the exchange listener: who is asking (by the pin of the certificate
// that passed the TLS handshake) and what they get.
//
// The TLS layer already refuses keys that belong to no enabled partner (PinRegistry's pin
// check); the handler asks the registry again for every request, so a partner disabled while
// its connection is open is refused from its next request on (Nack NOT_AUTHORISED). A Share
// (version or withdrawal) goes to Receiver::Receive, a Query to Receiver::Answer
// (kCapabilities lists what it announces in its Hello).
//
// Thread-safety: the returned handler may run on many worker threads at once.

#include <string>
#include <vector>

#include "common/net/frame_session.hpp"
#include "exchange/pin_registry.hpp"
#include "exchange/receiver.hpp"

namespace ncirt::exchange::peer {

// What the exchange announces in its Hello (docs/protocol.md 4.2).
inline const std::vector<std::string> kCapabilities = {"share", "query", "withdraw"};

// The registry and receiver must outlive the handler.
common::net::RequestHandler MakeInboundHandler(const PinRegistry& pins, Receiver& receiver);

}  // namespace ncirt::exchange::peer
