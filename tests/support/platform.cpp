// The processes of a Platform: environment, start, readiness, stop, kill, logs. The HTTPS and
// database helpers are in platform_api.cpp.
#include "support/platform.hpp"

#include <fstream>
#include <stdexcept>
#include <thread>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "support/pg_cluster.hpp"

namespace ncirt::testing {

using namespace std::chrono_literals;

const char* ServiceName(Service service) {
  switch (service) {
    case Service::kIntake: return "intake";
    case Service::kTriage: return "triage";
    case Service::kExchange: return "exchange";
  }
  return "?";
}

namespace {

// A random text for passwords: the middle of a fresh intake token (letters and digits).
std::string RandomSecret() {
  return intake::NewTokenText(intake::SecureRandomBytes).substr(6, 24);
}

}  // namespace

Platform::Platform(PlatformOptions options)
    : options_(std::move(options)),
      own_pki_(options_.pki ? nullptr : std::make_unique<Pki>()),
      pki_(options_.pki ? *options_.pki : *own_pki_),
      cert_(pki_.Issue(options_.host)) {
  PgCluster& cluster = options_.cluster ? *options_.cluster : PgCluster::Shared();
  dsn_ = cluster.CreateDatabase();
  dir_ = pki_.Dir() / options_.name;
  std::filesystem::create_directories(dir_);
  admin_password_ = "admin-" + RandomSecret();
  std::ofstream(dir_ / "admin-password") << admin_password_ << "\n";
  intake_port_ = ServiceProcess::FreeLoopbackPort();
  triage_port_ = ServiceProcess::FreeLoopbackPort();
  exchange_port_ = ServiceProcess::FreeLoopbackPort();
  exchange_admin_port_ = ServiceProcess::FreeLoopbackPort();
}

Platform::~Platform() {
  // Exchange first: it delivers into other platforms' databases until it stops.
  exchange_.reset();
  extra_.clear();
  triage_.reset();
  intake_.reset();
}

std::unique_ptr<ServiceProcess> Platform::Make(Service service, unsigned short port,
                                               const std::string& log_name,
                                               std::map<std::string, std::string> overrides) const {
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  const std::string cert = cert_.certificate.string();
  const std::string key = cert_.private_key.string();
  std::map<std::string, std::string> env = {{"NCIRT_DATABASE_URL", dsn_}};
  std::filesystem::path binary;
  switch (service) {
    case Service::kIntake:
      binary = NCIRT_INTAKE_BINARY;
      env.insert({{"NCIRT_INTAKE_LISTEN", listen},
                  {"NCIRT_INTAKE_TLS_CERT", cert},
                  {"NCIRT_INTAKE_TLS_KEY", key},
                  {"NCIRT_INTAKE_WORKER_THREADS", "4"},
                  {"NCIRT_INTAKE_DB_POOL_SIZE", "4"},
                  {"NCIRT_LOG_LEVEL", "warn"}});
      break;
    case Service::kTriage:
      binary = NCIRT_TRIAGE_BINARY;
      env.insert({{"NCIRT_TRIAGE_LISTEN", listen},
                  {"NCIRT_TRIAGE_TLS_CERT", cert},
                  {"NCIRT_TRIAGE_TLS_KEY", key},
                  {"NCIRT_TRIAGE_WORKER_THREADS", "4"},
                  {"NCIRT_TRIAGE_DB_POOL_SIZE", "4"},
                  {"NCIRT_TRIAGE_OUTBOX_INTERVAL", "100ms"},
                  {"NCIRT_TRIAGE_BOOTSTRAP_ADMIN", "admin"},
                  {"NCIRT_TRIAGE_BOOTSTRAP_PASSWORD_FILE", (dir_ / "admin-password").string()},
                  {"NCIRT_LOG_LEVEL", "warn"}});
      break;
    case Service::kExchange:
      binary = NCIRT_EXCHANGE_BINARY;
      env.insert(
          {{"NCIRT_EXCHANGE_LISTEN", listen},
           {"NCIRT_EXCHANGE_ADMIN_LISTEN", "127.0.0.1:" + std::to_string(exchange_admin_port_)},
           {"NCIRT_EXCHANGE_CIRT_NAME", options_.name},
           {"NCIRT_EXCHANGE_TLS_CERT", cert},
           {"NCIRT_EXCHANGE_TLS_KEY", key},
           {"NCIRT_EXCHANGE_CA_FILE", pki_.CaFile().string()},
           {"NCIRT_DATABASE_POOL_SIZE", "8"},
           {"NCIRT_EXCHANGE_WORKER_THREADS", "4"},
           {"NCIRT_EXCHANGE_REGISTRY_INTERVAL", "200ms"},
           {"NCIRT_EXCHANGE_FOLLOW_INTERVAL", "100ms"},
           {"NCIRT_EXCHANGE_IDLE_POLL", "50ms"},
           {"NCIRT_EXCHANGE_RETRY_INITIAL", "50ms"},
           {"NCIRT_EXCHANGE_RETRY_MAX", "400ms"},
           {"NCIRT_EXCHANGE_HANDSHAKE_TIMEOUT", "3s"},
           {"NCIRT_EXCHANGE_LOG_LEVEL", "info"}});
      break;
  }
  for (auto& [name, value] : overrides) {
    if (value.empty()) {
      env.erase(name);
    } else {
      env[name] = std::move(value);
    }
  }
  return std::make_unique<ServiceProcess>(ServiceProcessOptions{
      .binary = binary, .args = {}, .environment = std::move(env),
      .log_file = dir_ / (log_name + ".log")});
}

std::unique_ptr<ServiceProcess>& Platform::Slot(Service service) {
  return service == Service::kIntake ? intake_ : service == Service::kTriage ? triage_ : exchange_;
}

unsigned short Platform::ReadyPort(Service service) const {
  return service == Service::kIntake   ? intake_port_
         : service == Service::kTriage ? triage_port_
                                       : exchange_admin_port_;
}

ServiceProcess& Platform::process(Service service) {
  auto& slot = Slot(service);
  if (!slot) throw std::logic_error(std::string(ServiceName(service)) + " was never started");
  return *slot;
}

void Platform::StartAll() {
  Start(Service::kIntake);
  Start(Service::kTriage);
  if (options_.exchange) Start(Service::kExchange);
}

void Platform::Start(Service service) {
  auto& slot = Slot(service);
  if (!slot) {
    const auto& overrides = service == Service::kIntake   ? options_.intake_env
                            : service == Service::kTriage ? options_.triage_env
                                                          : options_.exchange_env;
    const unsigned short port = service == Service::kIntake   ? intake_port_
                                : service == Service::kTriage ? triage_port_
                                                              : exchange_port_;
    slot = Make(service, port, ServiceName(service), overrides);
  }
  slot->Start();
  if (!slot->WaitReady(pki_.CaFile(), ReadyPort(service), 30s)) {
    throw std::runtime_error(options_.name + "'s " + ServiceName(service) +
                             " did not become ready in 30 s:\n" + slot->Log());
  }
  // A fresh kept-alive connection: one to a process that was killed is dead.
  if (service == Service::kIntake) {
    intake_client_ = std::make_unique<HttpsClient>(ca_file(), intake_port_);
  }
  if (service == Service::kTriage) {
    triage_client_ = std::make_unique<HttpsClient>(ca_file(), triage_port_);
  }
}

bool Platform::WaitReady(Service service, std::chrono::milliseconds timeout) {
  return process(service).WaitReady(pki_.CaFile(), ReadyPort(service), timeout);
}

void Platform::Kill(Service service) { process(service).Kill(); }

int Platform::Stop(Service service, std::chrono::milliseconds timeout) {
  return process(service).Terminate(timeout);
}

std::string Platform::StartExtraTriage(const std::string& session_ttl) {
  const unsigned short port = ServiceProcess::FreeLoopbackPort();
  auto overrides = options_.triage_env;
  overrides["NCIRT_TRIAGE_SESSION_TTL"] = session_ttl;
  auto triage = Make(Service::kTriage, port, "triage-" + std::to_string(extra_.size()),
                     std::move(overrides));
  triage->Start();
  if (!triage->WaitReady(pki_.CaFile(), port, 30s)) {
    throw std::runtime_error("the extra triage did not start:\n" + triage->Log());
  }
  extra_.push_back(std::move(triage));
  return "https://127.0.0.1:" + std::to_string(port);
}

long long Platform::Count(const std::string& sql) const {
  pqxx::connection connection(dsn_);
  pqxx::nontransaction work(connection);
  return work.exec1(sql)[0].as<long long>();
}

bool Platform::WaitFor(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

std::string Platform::Logs() const {
  std::string out;
  for (const Service service : {Service::kIntake, Service::kTriage, Service::kExchange}) {
    const auto& slot = service == Service::kIntake   ? intake_
                       : service == Service::kTriage ? triage_
                                                     : exchange_;
    if (slot) out += "--- " + options_.name + " " + ServiceName(service) + "\n" + slot->Log();
  }
  return out;
}

}  // namespace ncirt::testing
