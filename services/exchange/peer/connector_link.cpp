#include "exchange/peer/connector_link.hpp"

namespace ncirt::exchange::peer {

bool ConnectorLink::Send(v1::Envelope request, common::net::ReplyCallback done) {
  const std::shared_ptr<common::net::FrameSession> session = connector_.Session();
  if (session == nullptr) return false;
  // A session that closes after this point answers `done` with kUnavailable.
  session->StartRequest(std::move(request), std::move(done));
  return true;
}

}  // namespace ncirt::exchange::peer
