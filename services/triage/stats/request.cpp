#include "triage/stats/request.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <vector>

#include "triage/stats/stats_store.hpp"

namespace ncirt::triage::stats {
namespace {

using common::ErrorKind;
using common::Fail;
using Params = std::map<std::string, std::string, std::less<>>;

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      int value = 0;
      if (i + 2 >= text.size()) return std::nullopt;
      const auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec != std::errc() || end != text.data() + i + 3) return std::nullopt;
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

common::Result<Params> Split(std::string_view query,
                             std::initializer_list<std::string_view> known) {
  Params params;
  std::size_t pos = 0;
  while (pos < query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const auto name = PercentDecode(pair.substr(0, eq));
    const auto value =
        PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!name || !value) {
      return Fail(ErrorKind::kBadRequest,
                  "the query has a malformed %-escape in '" + std::string(pair.substr(0, 60)) +
                      "'");
    }
    if (std::find(known.begin(), known.end(), *name) == known.end()) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return Fail(ErrorKind::kBadRequest,
                  "unknown parameter '" + name->substr(0, 40) + "'; this route takes: " + list,
                  *name);
    }
    if (!params.emplace(*name, *value).second) {
      return Fail(ErrorKind::kBadRequest, "parameter '" + *name + "' is given more than once",
                  *name);
    }
  }
  return params;
}

std::optional<std::string> Take(const Params& params, std::string_view name) {
  const auto it = params.find(name);
  return it == params.end() ? std::nullopt : std::optional<std::string>(it->second);
}

common::Result<int> ParseTop(const Params& params) {
  const auto text = Take(params, "top");
  if (!text) return kDefaultTop;
  int top = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), top);
  if (ec != std::errc() || end != text->data() + text->size() || top < 1 || top > kMaxTop) {
    return Fail(ErrorKind::kBadRequest,
                "parameter 'top' is '" + text->substr(0, 40) + "': expected a whole number from "
                "1 to " + std::to_string(kMaxTop),
                "top");
  }
  return top;
}

}  // namespace

common::Result<StatsRequest> ParseStatisticsQuery(std::string_view query,
                                                  std::string_view accept) {
  auto params = Split(query, {"from", "to", "tlp", "top", "format"});
  if (!params) return std::unexpected(params.error());
  StatsRequest request;
  auto period = ParsePeriod(Take(*params, "from"), Take(*params, "to"));
  if (!period) return std::unexpected(period.error());
  request.period = *period;
  auto top = ParseTop(*params);
  if (!top) return std::unexpected(top.error());
  request.top = *top;
  request.tlp = Take(*params, "tlp");
  if (const auto format = Take(*params, "format")) {
    if (*format != "json" && *format != "csv") {
      return Fail(ErrorKind::kBadRequest,
                  "parameter 'format' is '" + format->substr(0, 40) + "': expected json or csv",
                  "format");
    }
    request.csv = *format == "csv";
  } else {
    request.csv = accept.find("text/csv") != std::string_view::npos;
  }
  return request;
}

common::Result<StatsRequest> ParseAnnualQuery(std::string_view query) {
  auto params = Split(query, {"year", "tlp", "top"});
  if (!params) return std::unexpected(params.error());
  const auto year = Take(*params, "year");
  if (!year) {
    return Fail(ErrorKind::kBadRequest,
                "parameter 'year' is missing: the annual report needs a year, e.g. ?year=2025",
                "year");
  }
  StatsRequest request;
  auto period = YearPeriod(*year);
  if (!period) return std::unexpected(period.error());
  request.period = *period;
  auto top = ParseTop(*params);
  if (!top) return std::unexpected(top.error());
  request.top = *top;
  request.tlp = Take(*params, "tlp");
  return request;
}

}  // namespace ncirt::triage::stats
