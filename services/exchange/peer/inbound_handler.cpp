#include "exchange/peer/inbound_handler.hpp"

#include "exchange/text.hpp"

namespace ncirt::exchange::peer {
namespace {

v1::Envelope NackEnvelope(v1::NackCode code, std::string message, std::string share_id) {
  v1::Envelope reply;
  v1::Nack& nack = *reply.mutable_nack();
  nack.set_code(code);
  nack.set_message(std::move(message));
  nack.set_share_id(std::move(share_id));
  return reply;
}

}  // namespace

common::net::RequestHandler MakeInboundHandler(const PinRegistry& pins, Receiver& receiver) {
  return [&pins, &receiver](const common::net::PeerInfo& peer,
                            const v1::Envelope& request) -> v1::Envelope {
    const std::string share_id = request.has_share() ? request.share().share_id() : "";
    const std::shared_ptr<const Partner> partner = pins.FindByPin(peer.pin);
    if (partner == nullptr) {
      return NackEnvelope(v1::NACK_CODE_NOT_AUTHORISED,
                          Cat({"the key ", peer.pin, " belongs to no enabled partner"}), share_id);
    }
    if (request.has_query()) {
      auto answer = receiver.Answer(*partner, request.query());
      v1::Envelope out;
      if (auto* result = std::get_if<v1::QueryResult>(&answer)) {
        *out.mutable_query_result() = std::move(*result);
      } else {
        *out.mutable_nack() = std::get<v1::Nack>(answer);
      }
      return out;
    }
    if (!request.has_share()) {
      return NackEnvelope(v1::NACK_CODE_MALFORMED,
                          "this receiver answers Share and Query requests only", share_id);
    }
    const Reply reply = receiver.Receive(*partner, request.share());
    v1::Envelope out;
    if (const auto* ack = std::get_if<v1::Ack>(&reply)) {
      *out.mutable_ack() = *ack;
    } else {
      *out.mutable_nack() = std::get<v1::Nack>(reply);
    }
    return out;
  };
}

}  // namespace ncirt::exchange::peer
