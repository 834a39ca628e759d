#include "exchange/outbox/deliverer.hpp"

#include <future>
#include <set>
#include <string>
#include <vector>

namespace ncirt::exchange::outbox {
namespace {

// The earliest pending version of each incident, in outbox order.
std::vector<store::OutboxItem> OnePerIncident(std::vector<store::OutboxItem> items) {
  std::vector<store::OutboxItem> out;
  std::set<std::string> seen;
  for (store::OutboxItem& item : items) {
    if (seen.insert(item.incident_id).second) out.push_back(std::move(item));
  }
  return out;
}

using Kind = store::ItemOutcome::Kind;

store::ItemOutcome OutcomeOf(const store::OutboxItem& item,
                             const common::Result<v1::Envelope>& reply) {
  store::ItemOutcome out{.item_id = item.id};
  if (!reply) {
    out.message = reply.error().ToString();
  } else if (reply->has_ack()) {
    out.kind = Kind::kDelivered;
    out.receiver_incident_id = reply->ack().receiver_incident_id();
    out.duplicate = reply->ack().duplicate();
  } else if (reply->has_nack() && reply->nack().code() != v1::NACK_CODE_UNAVAILABLE) {
    out.kind = Kind::kRefused;
    out.code = v1::NackCode_Name(reply->nack().code());
    out.message = reply->nack().message();
  } else {
    out.message = reply->has_nack() ? "partner unavailable: " + reply->nack().message()
                                    : "the partner answered with neither Ack nor Nack";
  }
  return out;
}

}  // namespace

common::Result<RoundResult> Deliverer::RunRound() {
  auto pending = outbox_.Pending(partner_id_, 0, window_);
  if (!pending) return std::unexpected(pending.error());
  RoundResult result;
  result.pending = static_cast<int>(pending->size());
  const std::vector<store::OutboxItem> batch = OnePerIncident(std::move(*pending));

  // Every Share is checked before any is sent, so a round never leaves replies unrecorded.
  std::vector<v1::Envelope> requests(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!requests[i].mutable_share()->ParseFromString(batch[i].share)) {
      return common::Fail(common::ErrorKind::kUnavailable,
                          "outbox item " + std::to_string(batch[i].id) + " holds no valid Share");
    }
  }
  std::vector<std::future<common::Result<v1::Envelope>>> replies;
  std::vector<const store::OutboxItem*> sent;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto promise = std::make_shared<std::promise<common::Result<v1::Envelope>>>();
    std::future<common::Result<v1::Envelope>> future = promise->get_future();
    const bool started =
        link_.Send(std::move(requests[i]), [promise](common::Result<v1::Envelope> reply) {
          promise->set_value(std::move(reply));
        });
    if (!started) {
      result.no_link = true;
      break;
    }
    replies.push_back(std::move(future));
    sent.push_back(&batch[i]);
  }
  result.sent = static_cast<int>(sent.size());
  // All replies first, then one record of the round: one commit instead of one per item.
  std::vector<store::ItemOutcome> outcomes;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    outcomes.push_back(OutcomeOf(*sent[i], replies[i].get()));
    switch (outcomes.back().kind) {
      case Kind::kDelivered: ++result.delivered; break;
      case Kind::kRefused: ++result.refused; break;
      case Kind::kFailed: ++result.failed; break;
    }
  }
  if (auto recorded = outbox_.RecordOutcomes(outcomes); !recorded) {
    return std::unexpected(recorded.error());
  }
  return result;
}

}  // namespace ncirt::exchange::outbox
