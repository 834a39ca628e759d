#pragma once
// Turns the annual report's HTML (GET /v1/reports/annual) into a PDF with headless Chromium,
// an external program: `ncirtctl report --annual YEAR --pdf FILE`. Chromium renders the
// report's print styles (A4, page breaks, the TLP marking on every page) and its inline SVG
// charts as a browser prints them; docs/api-statistics.md ("PDF") says why Chromium and not
// another Debian tool.
//
// The run is bounded: Chromium gets its own process group, and when it has not finished within
// `timeout` the whole group is killed and the call fails. It reads the HTML from a private
// temporary directory (mode 0700, removed afterwards) with its own throw-away profile there,
// so it neither reads nor writes the user's browser profile; the page needs no network (the
// report has no external resource and no script). The PDF is written to `pdf_path` only after
// Chromium succeeded, so a failure leaves no partial file there.
//
// Thread-safety: RenderPdf may run on several threads at once (each run has its own directory);
// it spawns and reaps a child process.

#include <chrono>
#include <string>
#include <vector>

#include "common/error/error.hpp"

namespace ncirt::ncirtctl {

struct PdfOptions {
  // The Chromium executable; DefaultChromium() unless told otherwise.
  std::string chromium;
  std::chrono::milliseconds timeout{std::chrono::seconds{120}};
};

// $NCIRT_CHROMIUM when set (as for the browser tests), else /usr/bin/chromium (Debian's
// package chromium).
std::string DefaultChromium();

// Chromium's arguments for printing `html_file` to `pdf_file`, with its profile in
// `profile_dir`. `as_root`: Chromium refuses to start as root with its sandbox on.
std::vector<std::string> ChromiumArguments(const std::string& html_file,
                                           const std::string& pdf_file,
                                           const std::string& profile_dir, bool as_root);

// Renders `html` to a PDF at `pdf_path`. Failures, each naming what to do: kUnavailable when
// the Chromium executable is missing or not executable, when it failed (with its exit status
// and the last line it printed) or did not finish in time, or when it wrote no PDF;
// kBadRequest when `pdf_path` cannot be written.
common::Result<void> RenderPdf(const std::string& html, const std::string& pdf_path,
                               const PdfOptions& options);

}  // namespace ncirt::ncirtctl
