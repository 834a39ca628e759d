#include "triage/console/static_files.hpp"

#include <gtest/gtest.h>

#include "ConsoleFiles.hpp"

namespace ncirt::triage::console {
namespace {

namespace http = boost::beast::http;

common::net::HttpRequest Request(http::verb method) {
  common::net::HttpRequest request;
  request.message = http::request<http::string_body>{method, "/console/", 11};
  return request;
}

TEST(StaticFilesTest, MediaTypesFollowTheExtension) {
  const struct {
    const char* path;
    const char* type;
  } cases[] = {{"index.html", "text/html; charset=utf-8"},
               {"js/app.js", "text/javascript; charset=utf-8"},
               {"console.css", "text/css; charset=utf-8"},
               {"img/logo.svg", "image/svg+xml"}};
  for (const auto& c : cases) {
    ASSERT_TRUE(MediaTypeFor(c.path).has_value()) << c.path;
    EXPECT_EQ(*MediaTypeFor(c.path), c.type) << c.path;
  }
}

TEST(StaticFilesTest, UnknownExtensionsAreNotPublished) {
  EXPECT_FALSE(MediaTypeFor("notes.txt"));
  EXPECT_FALSE(MediaTypeFor("backup.js~"));
  EXPECT_FALSE(MediaTypeFor("Makefile"));
}

TEST(StaticFilesTest, EveryFileResponseCarriesTheStrictHeaders) {
  const auto request = Request(http::verb::get);
  const auto response = FileResponse(request, "text/html; charset=utf-8", "<!doctype html>");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "<!doctype html>");
  const std::string csp(response["Content-Security-Policy"]);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_NE(std::string(response["Strict-Transport-Security"]).find("max-age=31536000"),
            std::string::npos);
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(response["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(response["X-Frame-Options"], "DENY");
}

TEST(StaticFilesTest, HeadGetsTheLengthWithoutTheBody) {
  const auto response = FileResponse(Request(http::verb::head), "text/css; charset=utf-8", "abcd");
  EXPECT_TRUE(response.body().empty());
  EXPECT_EQ(response[http::field::content_length], "4");
}

TEST(StaticFilesTest, RedirectPointsAtTheConsole) {
  const auto response = RedirectResponse(Request(http::verb::get), "/console/");
  EXPECT_EQ(response.result(), http::status::found);
  EXPECT_EQ(response[http::field::location], "/console/");
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
}

// The console's pages never carry inline script or style, which the CSP would block: every
// script is an external module and no element has an on* attribute or a style attribute.
TEST(StaticFilesTest, EmbeddedPagesHaveNoInlineScriptOrStyle) {
  bool saw_index = false;
  for (const auto& file : ConsoleFiles()) {
    if (!std::string_view(file.path).ends_with(".html")) continue;
    saw_index = saw_index || file.path == "index.html";
    const std::string text(file.bytes);
    std::size_t at = 0;
    while ((at = text.find("<script", at)) != std::string::npos) {
      const std::size_t end = text.find('>', at);
      EXPECT_NE(text.substr(at, end - at).find("src="), std::string::npos)
          << file.path << ": inline script at byte " << at;
      at = end;
    }
    EXPECT_EQ(text.find("<style"), std::string::npos) << file.path;
    EXPECT_EQ(text.find(" style="), std::string::npos) << file.path;
    EXPECT_EQ(text.find(" onclick="), std::string::npos) << file.path;
  }
  EXPECT_TRUE(saw_index);
}

}  // namespace
}  // namespace ncirt::triage::console
