#include "ncirtctl/https_client.hpp"

#include <gtest/gtest.h>

namespace ncirt::ncirtctl {
namespace {

TEST(ServiceUrlTest, AcceptsHttpsWithHostPortAndBasePath) {
  auto url = ParseServiceUrl("https://triage.example:8444/ncirt/", "NCIRT_TRIAGE_URL");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->host, "triage.example");
  EXPECT_EQ(url->port, "8444");
  EXPECT_EQ(url->base_path, "/ncirt");
  auto v6 = ParseServiceUrl("https://[::1]:9000", "x");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(ParseServiceUrl("https://cert.example", "x")->port, "443");
}

TEST(ServiceUrlTest, RefusesWhatCannotBeUsedNamingTheSetting) {
  for (const char* bad : {"", "http://127.0.0.1:80", "https://", "https://host:0",
                          "https://host:99999", "https://host:port", "https://[::1"}) {
    auto url = ParseServiceUrl(bad, "NCIRT_TRIAGE_URL");
    ASSERT_FALSE(url) << bad;
    EXPECT_NE(url.error().message.find("NCIRT_TRIAGE_URL"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace ncirt::ncirtctl
