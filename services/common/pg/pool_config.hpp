#pragma once
// The database options every service declares, so that all of them read the same variables
// with the same defaults and descriptions (STYLE.md convention 4), and the step from those
// values to PoolOptions.
//
// A service appends kDatabaseOptions to its own option table, loads the table once with
// common/config, and calls PoolOptionsFromConfig() on the result.
//
// Thread-safety: constants and a pure function.

#include "common/config/config.hpp"
#include "common/error/error.hpp"
#include "common/pg/pool.hpp"

namespace ncirt::common::pg {

inline constexpr config::Option kDatabaseOptions[] = {
    {.name = "NCIRT_DATABASE_URL",
     .type = config::OptionType::kString,
     .default_value = "",
     .description = "PostgreSQL connection string (libpq URI or key=value list) of the ncirt "
                    "database. deploy/local/pg.sh env prints it for the local cluster.",
     .secret = true,
     .required = true},
    {.name = "NCIRT_DATABASE_POOL_SIZE",
     .type = config::OptionType::kInt,
     .default_value = "16",
     .description = "Most connections one process opens to PostgreSQL at once. The sum over "
                    "all running processes must stay below the server's max_connections (200 "
                    "for the local cluster).",
     .secret = false,
     .required = false},
    {.name = "NCIRT_DATABASE_ACQUIRE_TIMEOUT",
     .type = config::OptionType::kDuration,
     .default_value = "2s",
     .description = "How long a request waits for a free database connection before it is "
                    "answered 503 (Service Unavailable).",
     .secret = false,
     .required = false},
};

// PoolOptions from values loaded with kDatabaseOptions in the table. kBadConfig naming the
// variable when the pool size is below 1 or above 1000.
Result<PoolOptions> PoolOptionsFromConfig(const config::Values& values);

}  // namespace ncirt::common::pg
