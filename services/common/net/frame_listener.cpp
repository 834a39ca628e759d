#include "common/net/frame_listener.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <boost/asio.hpp>

#include "common/log/log.hpp"

namespace ncirt::common::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

}  // namespace

struct FrameListener::Impl {
  FrameListenerOptions options;
  asio::ssl::context& tls;
  RequestHandler handler;
  SessionEvents events;
  // Declared before io so it is destroyed after it: sessions still queued in io hold its
  // executor.
  asio::thread_pool workers{static_cast<std::size_t>(options.worker_threads)};
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  bool stopped = false;

  mutable std::mutex mutex;
  std::condition_variable drained;
  bool stopping = false;                                                  // GUARDED_BY(mutex)
  std::map<std::string, std::size_t> per_address;                        // GUARDED_BY(mutex)
  std::map<const FrameSession*, std::shared_ptr<FrameSession>> sessions;  // GUARDED_BY(mutex)
  std::set<const FrameSession*> established;                             // GUARDED_BY(mutex)
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> established_total{0};
  std::atomic<std::uint64_t> failed_total{0};

  Impl(FrameListenerOptions o, asio::ssl::context& t, RequestHandler h, SessionEvents e)
      : options(std::move(o)), tls(t), handler(std::move(h)), events(std::move(e)) {}

  // Registers a new connection unless a limit (or Stop) forbids it.
  bool Admit(const std::string& address) {
    std::lock_guard lock(mutex);
    if (stopping || sessions.size() >= options.max_connections ||
        per_address[address] >= options.max_connections_per_address) {
      if (per_address[address] == 0) per_address.erase(address);
      return false;
    }
    ++per_address[address];
    return true;
  }

  void OnEstablished(const std::shared_ptr<FrameSession>& session) {
    bool close_now = false;
    {
      std::lock_guard lock(mutex);
      established.insert(session.get());
      close_now = stopping;
    }
    ++established_total;
    // A session whose Hello completed while Stop() ran was not in its list: close it here.
    if (close_now) session->Close();
    if (events.on_established) events.on_established(session);
  }

  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(std::shared_ptr<FrameSession> session, std::string address);
};

asio::awaitable<void> FrameListener::Impl::Accept() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), kTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      // EMFILE and friends: back off briefly rather than spin.
      log::Warn("frame_accept_failed", {{"error", ec.message()}});
      asio::steady_timer pause(io, std::chrono::milliseconds(50));
      co_await pause.async_wait(kTuple);
      continue;
    }
    boost::system::error_code ignored;
    const auto address = socket.remote_endpoint(ignored).address().to_string();
    if (!Admit(address)) {
      ++refused;
      log::Warn("frame_connection_refused", {{"remote", address}, {"why", "connection limit"}});
      socket.close(ignored);
      continue;
    }
    auto executor = socket.get_executor();
    SessionEvents session_events{
        .on_established = [this](const std::shared_ptr<FrameSession>& s) { OnEstablished(s); }};
    auto session = FrameSession::Create(std::move(socket), tls, SessionRole::kServer,
                                        options.session, handler, workers.get_executor(),
                                        std::move(session_events));
    {
      std::lock_guard lock(mutex);
      sessions.emplace(session.get(), session);
    }
    asio::co_spawn(executor, Serve(session, address), asio::detached);
  }
}

asio::awaitable<void> FrameListener::Impl::Serve(std::shared_ptr<FrameSession> session,
                                                 std::string address) {
  co_await session->Run();
  bool was_established = false;
  {
    std::lock_guard lock(mutex);
    was_established = established.erase(session.get()) > 0;
    sessions.erase(session.get());
    if (--per_address[address] == 0) per_address.erase(address);
    drained.notify_all();
  }
  if (!was_established) ++failed_total;
}

FrameListener::FrameListener(FrameListenerOptions options, asio::ssl::context& tls,
                             RequestHandler handler, SessionEvents events)
    : impl_(std::make_unique<Impl>(std::move(options), tls, std::move(handler),
                                   std::move(events))) {}

FrameListener::~FrameListener() { Stop(); }

Result<void> FrameListener::Start() {
  auto& d = *impl_;
  if (auto usable = CheckSessionOptions(d.options.session); !usable) return usable;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(d.options.address, ec);
  if (ec) {
    return Fail(ErrorKind::kBadConfig, "'" + d.options.address + "' is not an IP address");
  }
  const tcp::endpoint endpoint(address, d.options.port);
  d.acceptor.open(endpoint.protocol(), ec);
  if (!ec) d.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) d.acceptor.bind(endpoint, ec);
  if (!ec) d.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(ErrorKind::kBadConfig, "cannot listen on " + d.options.address + ":" +
                                           std::to_string(d.options.port) + ": " + ec.message());
  }
  asio::co_spawn(d.io, d.Accept(), asio::detached);
  d.threads.emplace_back([&d] { d.io.run(); });
  log::Info("frame_listener_started", {{"address", d.options.address}, {"port", Port()}});
  return {};
}

std::uint16_t FrameListener::Port() const { return impl_->acceptor.local_endpoint().port(); }

void FrameListener::Stop() {
  auto& d = *impl_;
  if (d.stopped) return;
  d.stopped = true;
  {
    std::lock_guard lock(d.mutex);
    d.stopping = true;
    for (auto& [key, session] : d.sessions) session->Close();
  }
  asio::post(d.io, [&d] {
    boost::system::error_code ignored;
    d.acceptor.close(ignored);
  });
  {
    std::unique_lock lock(d.mutex);
    d.drained.wait_for(lock, d.options.drain_timeout, [&d] { return d.sessions.empty(); });
  }
  d.io.stop();
  for (auto& t : d.threads) t.join();
  d.threads.clear();
  d.workers.join();
}

FrameListenerStats FrameListener::Stats() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->sessions.size(), impl_->refused.load(), impl_->established_total.load(),
          impl_->failed_total.load()};
}

std::vector<std::shared_ptr<FrameSession>> FrameListener::Sessions() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<std::shared_ptr<FrameSession>> out;
  for (const auto* key : impl_->established) out.push_back(impl_->sessions.at(key));
  return out;
}

}  // namespace ncirt::common::net
