#include "common/pg/pool_config.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace ncirt::common::pg {
namespace {

Result<PoolOptions> FromEnvironment(const config::Environment& env) {
  auto values = config::Load(kDatabaseOptions, env);
  if (!values) return std::unexpected(values.error());
  return PoolOptionsFromConfig(*values);
}

TEST(PoolConfigTest, DefaultsApplyWhenOnlyTheUrlIsSet) {
  const auto options = FromEnvironment({{"NCIRT_DATABASE_URL", "postgresql://db/ncirt"}});
  ASSERT_TRUE(options.has_value()) << options.error().ToString();
  EXPECT_EQ(options->dsn, "postgresql://db/ncirt");
  EXPECT_EQ(options->max_connections, 16U);
  EXPECT_EQ(options->acquire_timeout, std::chrono::seconds{2});
}

TEST(PoolConfigTest, SizeAndTimeoutComeFromTheirVariables) {
  const auto options = FromEnvironment({{"NCIRT_DATABASE_URL", "host=/run/pg dbname=ncirt"},
                                        {"NCIRT_DATABASE_POOL_SIZE", "4"},
                                        {"NCIRT_DATABASE_ACQUIRE_TIMEOUT", "250ms"}});
  ASSERT_TRUE(options.has_value()) << options.error().ToString();
  EXPECT_EQ(options->max_connections, 4U);
  EXPECT_EQ(options->acquire_timeout, std::chrono::milliseconds{250});
}

TEST(PoolConfigTest, MissingUrlStopsStartUpNamingTheVariable) {
  const auto options = FromEnvironment({});
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().kind, ErrorKind::kBadConfig);
  EXPECT_EQ(options.error().where, "NCIRT_DATABASE_URL");
}

TEST(PoolConfigTest, PoolSizeOutsideOneToAThousandIsRefused) {
  for (const char* size : {"0", "-3", "1001"}) {
    const auto options = FromEnvironment(
        {{"NCIRT_DATABASE_URL", "postgresql://db/ncirt"}, {"NCIRT_DATABASE_POOL_SIZE", size}});
    ASSERT_FALSE(options.has_value()) << size;
    EXPECT_EQ(options.error().where, "NCIRT_DATABASE_POOL_SIZE") << size;
  }
}

}  // namespace
}  // namespace ncirt::common::pg
