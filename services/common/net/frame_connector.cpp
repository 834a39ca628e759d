#include "common/net/frame_connector.hpp"

#include <future>
#include <mutex>
#include <optional>

#include <boost/asio.hpp>

#include "common/log/log.hpp"

namespace ncirt::common::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// One resolve-and-connect, shared with its deadline timer and with Stop(): whichever fires
// first closes the socket, and the handlers outlive the coroutine safely.
struct Attempt {
  explicit Attempt(const asio::any_io_executor& executor)
      : resolver(executor), socket(executor), deadline(executor) {}
  void Cancel() {
    boost::system::error_code ignored;
    resolver.cancel();
    socket.close(ignored);
  }
  tcp::resolver resolver;
  tcp::socket socket;
  asio::steady_timer deadline;
  bool timed_out = false;
};

}  // namespace

struct FrameConnector::Impl {
  Impl(FrameConnectorOptions o, asio::ssl::context& t, RequestHandler h,
       const asio::any_io_executor& io, asio::any_io_executor w, SessionEvents e)
      : options(std::move(o)), tls(t), handler(std::move(h)), strand(asio::make_strand(io)),
        workers(std::move(w)), events(std::move(e)), backoff(options.backoff, options.random),
        pause(strand) {
    if (!options.now) options.now = [] { return Clock::now(); };
  }

  FrameConnectorOptions options;
  asio::ssl::context& tls;
  RequestHandler handler;
  asio::any_io_executor strand;
  asio::any_io_executor workers;
  SessionEvents events;

  // Used on the strand only.
  Backoff backoff;
  asio::steady_timer pause;
  bool stopping = false;
  std::shared_ptr<Attempt> attempt;
  std::shared_ptr<FrameSession> current;
  std::optional<Clock::time_point> established_at;

  bool started = false;
  bool stopped = false;
  std::promise<void> done;

  mutable std::mutex mutex;
  std::shared_ptr<FrameSession> established;  // GUARDED_BY(mutex)
  std::atomic<std::uint64_t> attempts{0}, established_total{0}, failures{0};

  std::string Target() const { return options.host + ":" + std::to_string(options.port); }

  asio::awaitable<Result<tcp::socket>> Connect();
  asio::awaitable<Error> RunSession(tcp::socket socket);
  asio::awaitable<void> Loop(std::shared_ptr<Impl> self);
};

asio::awaitable<Result<tcp::socket>> FrameConnector::Impl::Connect() {
  attempt = std::make_shared<Attempt>(strand);
  auto a = attempt;
  a->deadline.expires_after(options.connect_timeout);
  a->deadline.async_wait([a](boost::system::error_code ec) {
    if (ec) return;
    a->timed_out = true;
    a->Cancel();
  });
  auto [resolve_ec, endpoints] =
      co_await a->resolver.async_resolve(options.host, std::to_string(options.port), kTuple);
  boost::system::error_code ec = resolve_ec;
  if (!ec) {
    auto [connect_ec, endpoint] = co_await asio::async_connect(a->socket, endpoints, kTuple);
    ec = connect_ec;
  }
  a->deadline.cancel();
  attempt.reset();
  if (a->timed_out) {
    co_return Fail(ErrorKind::kUnavailable, "no connection to " + Target() + " within " +
                                                std::to_string(options.connect_timeout.count()) +
                                                " ms");
  }
  if (ec) {
    co_return Fail(ErrorKind::kUnavailable, "cannot connect to " + Target() + ": " +
                                                ec.message());
  }
  co_return std::move(a->socket);
}

asio::awaitable<Error> FrameConnector::Impl::RunSession(tcp::socket socket) {
  // `this` outlives the session's Run (Loop holds the Impl while awaiting it), so the event
  // captures a plain pointer; a shared one would make a cycle through `current`.
  SessionEvents session_events{.on_established = [this](const std::shared_ptr<FrameSession>& s) {
    established_at = options.now();
    ++established_total;
    {
      std::lock_guard lock(mutex);
      established = s;
    }
    if (events.on_established) events.on_established(s);
  }};
  current = FrameSession::Create(std::move(socket), tls, SessionRole::kClient, options.session,
                                 handler, workers, std::move(session_events));
  auto session = current;
  Error why = co_await session->Run();
  {
    std::lock_guard lock(mutex);
    established.reset();
  }
  current.reset();
  co_return why;
}

// The unnamed parameter is copied into the coroutine frame: it keeps the Impl alive.
asio::awaitable<void> FrameConnector::Impl::Loop(std::shared_ptr<Impl>) {
  while (!stopping) {
    ++attempts;
    auto connected = co_await Connect();
    Error why = connected ? Error{ErrorKind::kUnavailable, "", {}} : connected.error();
    if (connected && !stopping) why = co_await RunSession(std::move(*connected));
    if (!established_at) ++failures;
    if (established_at && options.now() - *established_at >= options.stable_after) {
      backoff.Reset();
    }
    established_at.reset();
    if (stopping) break;
    const auto delay = backoff.Next();
    log::Info("frame_connector_retry", {{"peer", Target()}, {"retry", backoff.Retries()},
                                        {"delay_ms", delay.count()}, {"reason", why.message}});
    if (options.on_retry) options.on_retry(backoff.Retries(), delay, why);
    pause.expires_after(delay);
    co_await pause.async_wait(kTuple);
  }
  done.set_value();
}

FrameConnector::FrameConnector(FrameConnectorOptions options, asio::ssl::context& tls,
                               RequestHandler handler, asio::any_io_executor io,
                               asio::any_io_executor workers, SessionEvents events)
    : impl_(std::make_shared<Impl>(std::move(options), tls, std::move(handler), io,
                                   std::move(workers), std::move(events))) {}

FrameConnector::~FrameConnector() { Stop(); }

Result<void> FrameConnector::Start() {
  auto& d = *impl_;
  if (d.options.host.empty() || d.options.port == 0) {
    return Fail(ErrorKind::kBadConfig, "the peer's address '" + d.Target() +
                                           "' needs a host and a port");
  }
  if (auto usable = CheckSessionOptions(d.options.session); !usable) return usable;
  if (d.started) return {};
  d.started = true;
  asio::co_spawn(d.strand, d.Loop(impl_), asio::detached);
  return {};
}

void FrameConnector::Stop() {
  auto& d = *impl_;
  if (!d.started || d.stopped) return;
  d.stopped = true;
  auto finished = d.done.get_future();
  asio::post(d.strand, [self = impl_] {
    self->stopping = true;
    self->pause.cancel();
    if (self->attempt) self->attempt->Cancel();
    if (self->current) self->current->Close();
  });
  finished.wait();
}

std::shared_ptr<FrameSession> FrameConnector::Session() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->established;
}

FrameConnectorStats FrameConnector::Stats() const {
  return {impl_->attempts.load(), impl_->established_total.load(), impl_->failures.load()};
}

}  // namespace ncirt::common::net
