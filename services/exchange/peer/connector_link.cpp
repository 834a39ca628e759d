#include "exchange/peer/connector_link.hpp"

#include <algorithm>

namespace ncirt::exchange::peer {

bool ConnectorLink::Send(v1::Envelope request, common::net::ReplyCallback done) {
  const std::shared_ptr<common::net::FrameSession> session = connector_.Session();
  if (session == nullptr) return false;
  // A session that closes after this point answers `done` with kUnavailable.
  session->StartRequest(std::move(request), std::move(done));
  return true;
}

bool ConnectorLink::PeerAccepts(std::string_view capability) const {
  const std::shared_ptr<common::net::FrameSession> session = connector_.Session();
  if (session == nullptr) return true;
  return std::ranges::find(session->Peer().capabilities, capability) !=
         session->Peer().capabilities.end();
}

}  // namespace ncirt::exchange::peer
