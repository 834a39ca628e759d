#pragma once
// Shared by the frame_session, frame_listener and frame_connector tests: a throwaway PKI with
// mutual-TLS contexts, a runtime (io thread + worker pool) for client sessions, a helper that
// dials a real FrameSession to a port, and RawPeer, a bare TLS client that writes arbitrary
// bytes (garbage, oversized lengths, protocol violations) and reads back whatever frames come.
//
// Thread-safety: test-only; each object belongs to one test.

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <gtest/gtest.h>

#include "common/net/frame_codec.hpp"
#include "common/net/frame_session.hpp"
#include "common/net/tls_context.hpp"
#include "support/pki.hpp"

namespace ncirt::common::net::frametest {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Mutual-TLS contexts as the exchange builds them: TLS 1.3 only, CA plus pin set.
inline ContextPtr MakeContext(bool server, const testing::Pki& pki,
                              const testing::CertFiles& own, std::set<std::string> pins,
                              TlsMinVersion min = TlsMinVersion::kTls13) {
  TlsConfig config{.certificate_file = own.certificate,
                   .private_key_file = own.private_key,
                   .ca_file = pki.CaFile(),
                   .min_version = min,
                   .require_peer_certificate = true,
                   .pin_check = [pins = std::move(pins)](std::string_view pin) {
                     return pins.contains(std::string(pin));
                   }};
  auto ctx = server ? MakeServerContext(config) : MakeClientContext(config);
  if (!ctx) ADD_FAILURE() << ctx.error().ToString();
  return ctx ? std::move(*ctx) : nullptr;
}

// Short timeouts so liveness tests run in milliseconds.
inline FrameSessionOptions FastOptions(std::string name) {
  FrameSessionOptions o;
  o.cirt_name = std::move(name);
  o.handshake_timeout = 2s;
  o.idle_timeout = 5s;
  o.pong_timeout = 2s;
  o.write_timeout = 2s;
  o.close_timeout = 2s;
  return o;
}

// An io thread and a worker pool for sessions the test creates itself.
struct Runtime {
  asio::io_context io;
  asio::thread_pool workers{4};
  asio::executor_work_guard<asio::io_context::executor_type> guard{io.get_executor()};
  std::thread thread{[this] { io.run(); }};
  ~Runtime() {
    guard.reset();
    io.stop();
    thread.join();
    workers.join();
  }
};

struct Dialled {
  std::shared_ptr<FrameSession> session;
  std::future<Error> closed;
  std::shared_ptr<std::promise<void>> established_promise;
  std::future<void> established;

  bool WaitEstablished(std::chrono::milliseconds timeout = 5s) {
    return established.wait_for(timeout) == std::future_status::ready;
  }
  // The reason the session ended, or nullopt if it is still open after `timeout`.
  std::optional<Error> WaitClosed(std::chrono::milliseconds timeout = 5s) {
    if (closed.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    return closed.get();
  }
};

// A real client FrameSession connected to 127.0.0.1:port.
inline Dialled Dial(Runtime& rt, asio::ssl::context& tls, std::uint16_t port,
                    FrameSessionOptions options, RequestHandler handler = {}) {
  auto strand = asio::make_strand(rt.io);
  tcp::socket socket(strand);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  Dialled d;
  d.established_promise = std::make_shared<std::promise<void>>();
  d.established = d.established_promise->get_future();
  d.session = FrameSession::Create(
      std::move(socket), tls, SessionRole::kClient, std::move(options), std::move(handler),
      rt.workers.get_executor(),
      {.on_established = [p = d.established_promise](const std::shared_ptr<FrameSession>&) {
        p->set_value();
      }});
  d.closed = asio::co_spawn(strand, d.session->Run(), asio::use_future);
  return d;
}

inline v1::Envelope MakeShare(const std::string& share_id, std::size_t document_bytes = 0) {
  v1::Envelope e;
  auto* share = e.mutable_share();
  share->set_share_id(share_id);
  share->set_kind(v1::SHARE_KIND_VERSION);
  share->set_origin_incident_id("incident-" + share_id);
  share->set_version(1);
  if (document_bytes > 0) share->set_original_document(std::string(document_bytes, 'd'));
  return e;
}

inline v1::Envelope MakeHello(std::uint32_t version = kProtocolVersion,
                              std::uint32_t max_frame = 1u << 20, std::uint32_t window = 8) {
  v1::Envelope e;
  auto* hello = e.mutable_hello();
  hello->set_protocol_version(version);
  hello->set_cirt_name("raw peer");
  hello->set_max_frame_size(max_frame);
  hello->set_max_window(window);
  return e;
}

// Acks every Share with receiver_incident_id "r-<share_id>"; answers Query with its id.
inline v1::Envelope AckingHandler(const PeerInfo&, const v1::Envelope& request) {
  v1::Envelope reply;
  if (request.has_share()) {
    reply.mutable_ack()->set_share_id(request.share().share_id());
    reply.mutable_ack()->set_receiver_incident_id("r-" + request.share().share_id());
  } else {
    reply.mutable_query_result()->set_origin_incident_id(request.query().origin_incident_id());
    reply.mutable_query_result()->set_state("new");
  }
  return reply;
}

inline std::string FrameOf(const v1::Envelope& e) {
  auto frame = EncodeFrame(e, kDefaultMaxFrameSize);
  EXPECT_TRUE(frame) << frame.error().ToString();
  return frame ? *frame : std::string();
}

// A bare TLS 1.3 client: the test decides every byte it sends.
class RawPeer {
 public:
  RawPeer(asio::ssl::context& tls, std::uint16_t port) : stream_(io_, tls) {
    boost::system::error_code ec;
    stream_.next_layer().connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    if (!ec) stream_.handshake(asio::ssl::stream_base::client, ec);
    handshake_error_ = ec;
  }
  bool Connected() const { return !handshake_error_; }

  void Send(const std::string& bytes) {
    boost::system::error_code ec;
    asio::write(stream_, asio::buffer(bytes), ec);
  }

  // Reads until `count` frames arrived, the connection ends, or `timeout` passes.
  std::vector<v1::Envelope> Read(std::size_t count, std::chrono::milliseconds timeout = 3s) {
    std::vector<v1::Envelope> out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.size() < count && !closed_ && std::chrono::steady_clock::now() < deadline) {
      ReadSome(deadline - std::chrono::steady_clock::now());
      for (;;) {
        auto next = decoder_.Next();
        if (!next || !next->has_value()) break;
        out.push_back(std::move(**next));
      }
    }
    return out;
  }

  // True when the peer closed the connection within `timeout`; frames read meanwhile are kept.
  bool WaitClosed(std::chrono::milliseconds timeout = 3s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_ && std::chrono::steady_clock::now() < deadline) {
      ReadSome(deadline - std::chrono::steady_clock::now());
      for (;;) {
        auto next = decoder_.Next();
        if (!next || !next->has_value()) break;
        seen_.push_back(std::move(**next));
      }
    }
    return closed_;
  }
  const std::vector<v1::Envelope>& Seen() const { return seen_; }

 private:
  void ReadSome(std::chrono::steady_clock::duration budget) {
    char buffer[16384];
    bool done = false;
    stream_.async_read_some(asio::buffer(buffer), [&](boost::system::error_code ec,
                                                      std::size_t n) {
      done = true;
      if (ec) {
        if (ec != asio::error::operation_aborted) closed_ = true;
        return;
      }
      decoder_.Feed(std::string_view(buffer, n));
    });
    io_.restart();
    io_.run_for(budget);
    if (!done) {
      // Out of time: abandon the read (the stream is not reused for reading after this).
      boost::system::error_code ignored;
      stream_.next_layer().cancel(ignored);
      io_.restart();
      io_.run();
    }
  }

  asio::io_context io_;
  asio::ssl::stream<tcp::socket> stream_;
  boost::system::error_code handshake_error_;
  FrameDecoder decoder_{kDefaultMaxFrameSize};
  bool closed_ = false;
  std::vector<v1::Envelope> seen_;
};

// Polls `condition` until it holds or `timeout` passes.
inline bool Eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

}  // namespace ncirt::common::net::frametest
