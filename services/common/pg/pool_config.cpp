#include "common/pg/pool_config.hpp"

#include <string>

namespace ncirt::common::pg {

Result<PoolOptions> PoolOptionsFromConfig(const config::Values& values) {
  constexpr std::int64_t kMostConnections = 1000;
  const std::int64_t size = values.Int("NCIRT_DATABASE_POOL_SIZE");
  if (size < 1 || size > kMostConnections) {
    return Fail(ErrorKind::kBadConfig,
                "NCIRT_DATABASE_POOL_SIZE: " + std::to_string(size) +
                    " is not between 1 and " + std::to_string(kMostConnections),
                "NCIRT_DATABASE_POOL_SIZE");
  }
  PoolOptions options;
  options.dsn = values.String("NCIRT_DATABASE_URL");
  options.max_connections = static_cast<std::size_t>(size);
  options.acquire_timeout =
      std::chrono::milliseconds{values.DurationMs("NCIRT_DATABASE_ACQUIRE_TIMEOUT")};
  return options;
}

}  // namespace ncirt::common::pg
