#include "triage/handlers/work.hpp"

#include <charconv>
#include <vector>

#include "triage/handlers/detail_json.hpp"
#include "triage/handlers/json_io.hpp"

namespace ncirt::triage::handlers {

namespace http = boost::beast::http;
using common::net::MakeProblem;

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
        HexDigit(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

nlohmann::json CommentJson(const store::Comment& c) {
  return {{"id", c.id},
          {"author", c.author},
          {"body", c.body},
          {"created_at_ms", c.created_at.time_since_epoch().count()}};
}

// Decodes the body, reads `member`, runs `apply` with it; the shared shape of the PUTs.
template <typename Apply>
common::net::HttpResponse WithStringMember(RequestContext& context, const char* member,
                                           Apply apply) {
  auto body = ParseObject(context.request);
  if (!body) return MakeProblem(context.request, body.error());
  auto value = StringMember(*body, member);
  if (!value) return MakeProblem(context.request, value.error());
  auto entry = apply(*value);
  if (!entry) return MakeProblem(context.request, entry.error());
  return JsonResponse(context.request, EntryJson(*entry));
}

}  // namespace

std::optional<std::string> QueryValue(std::string_view query, std::string_view name) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(pos, end - pos);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1));
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::string CursorText(const store::PageKey& key) {
  std::string text;
  if (key.as_of) {
    text = std::to_string(key.as_of->time_since_epoch().count()) + "." +
           std::to_string(key.part) + ".";
  }
  return text + std::to_string(key.created_at.time_since_epoch().count()) + "." +
         key.incident_id;
}

std::optional<store::PageKey> ParseCursor(std::string_view text) {
  // Up to the id, the cursor is dot-separated integers: created_at, or as_of, part, created_at.
  std::vector<std::int64_t> numbers;
  while (true) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) break;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + dot, n);
    if (ec != std::errc() || end != text.data() + dot) return std::nullopt;
    numbers.push_back(n);
    text.remove_prefix(dot + 1);
  }
  const auto at = [](std::int64_t ms) { return TimePoint{std::chrono::milliseconds{ms}}; };
  if (numbers.size() == 1) return store::PageKey{at(numbers[0]), std::string(text), 0, {}};
  if (numbers.size() == 3 && (numbers[1] == 0 || numbers[1] == 1)) {
    return store::PageKey{at(numbers[2]), std::string(text), static_cast<int>(numbers[1]),
                          at(numbers[0])};
  }
  return std::nullopt;
}

RouteHandler ListQueue(store::WorkStore& work) {
  return [&work](RequestContext& context) {
    store::QueueFilter filter;
    const auto q = context.query;
    filter.state = QueryValue(q, "state").value_or("");
    filter.category = QueryValue(q, "category").value_or("");
    filter.assignee = QueryValue(q, "assignee").value_or("");
    filter.submitter = QueryValue(q, "partner").value_or("");
    filter.constituent = QueryValue(q, "constituent").value_or("");
    for (const char* flag : {"mine", "overdue_first"}) {
      const auto value = QueryValue(q, flag);
      if (value && *value != "true" && *value != "false") {
        return MakeProblem(context.request,
                           common::Error{common::ErrorKind::kBadRequest,
                                         std::string("'") + flag + "' must be true or false",
                                         flag});
      }
    }
    filter.overdue_first = QueryValue(q, "overdue_first") == "true";
    if (QueryValue(q, "mine") == "true") {
      if (!filter.assignee.empty()) {
        return MakeProblem(context.request,
                           common::Error{common::ErrorKind::kBadRequest,
                                         "give either 'mine=true' or 'assignee', not both",
                                         "mine"});
      }
      filter.assignee = context.principal->name;
    }
    int limit = 50;
    if (auto text = QueryValue(q, "limit")) {
      const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
      if (ec != std::errc() || end != text->data() + text->size()) limit = 0;
    }
    std::optional<store::PageKey> after;
    if (auto text = QueryValue(q, "after")) {
      after = ParseCursor(*text);
      if (!after) {
        return MakeProblem(context.request,
                           common::Error{common::ErrorKind::kBadRequest,
                                         "'after' must be the 'next' value of a previous page",
                                         "after"});
      }
    }
    auto page = work.List(filter, after, limit);
    if (!page) return MakeProblem(context.request, page.error());
    nlohmann::json entries = nlohmann::json::array();
    for (std::size_t i = 0; i < page->entries.size(); ++i) {
      nlohmann::json entry = EntryJson(page->entries[i]);
      entry["sla"] = SlaJson(page->sla[i], page->targets[i]);
      entries.push_back(std::move(entry));
    }
    nlohmann::json body = {{"incidents", entries}};
    body["next"] = page->next ? nlohmann::json(CursorText(*page->next)) : nlohmann::json();
    return JsonResponse(context.request, body);
  };
}

RouteHandler AssignIncident(store::WorkStore& work) {
  return [&work](RequestContext& context) {
    return WithStringMember(context, "assignee", [&](const std::string& assignee) {
      return work.Assign(context.Actor(), context.params.at(0), assignee);
    });
  };
}

RouteHandler SetCategory(store::WorkStore& work) {
  return [&work](RequestContext& context) {
    return WithStringMember(context, "category", [&](const std::string& category) {
      return work.SetCategory(context.Actor(), context.params.at(0), category);
    });
  };
}

RouteHandler SetPriorityOverride(store::WorkStore& work) {
  return [&work](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    const auto it = body->find("priority");
    std::optional<int> level;
    if (it == body->end() || !(it->is_null() || it->is_number_integer())) {
      return MakeProblem(context.request,
                         common::Error{common::ErrorKind::kBadRequest,
                                       "member 'priority' (1 to 4, or null) is required",
                                       "priority"});
    }
    if (!it->is_null()) level = it->get<int>();
    auto entry = work.SetSeverityOverride(context.Actor(), context.params.at(0), level);
    if (!entry) return MakeProblem(context.request, entry.error());
    return JsonResponse(context.request, EntryJson(*entry));
  };
}

RouteHandler AddComment(store::WorkStore& work) {
  return [&work](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    auto text = StringMember(*body, "body");
    if (!text) return MakeProblem(context.request, text.error());
    auto comment = work.AddComment(context.Actor(), context.params.at(0), *text);
    if (!comment) return MakeProblem(context.request, comment.error());
    return JsonResponse(context.request, CommentJson(*comment), http::status::created);
  };
}

RouteHandler ListComments(store::WorkStore& work) {
  return [&work](RequestContext& context) {
    auto comments = work.Comments(context.Actor(), context.params.at(0));
    if (!comments) return MakeProblem(context.request, comments.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : *comments) out.push_back(CommentJson(c));
    return JsonResponse(context.request, {{"comments", out}});
  };
}

RouteHandler AddLink(store::WorkStore& work) {
  return [&work](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    auto to = StringMember(*body, "to");
    if (!to) return MakeProblem(context.request, to.error());
    auto relation = StringMember(*body, "relation");
    if (!relation) return MakeProblem(context.request, relation.error());
    if (auto linked = work.AddLink(context.Actor(), context.params.at(0), *to, *relation);
        !linked) {
      return MakeProblem(context.request, linked.error());
    }
    return JsonResponse(context.request, {{"to", *to}, {"relation", *relation}},
                        http::status::created);
  };
}

RouteHandler ListLinks(store::WorkStore& work) {
  return [&work](RequestContext& context) {
    auto links = work.Links(context.Actor(), context.params.at(0));
    if (!links) return MakeProblem(context.request, links.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : *links) {
      out.push_back({{"incident_id", l.other}, {"relation", l.relation},
                     {"created_by", l.created_by}});
    }
    return JsonResponse(context.request, {{"links", out}});
  };
}

}  // namespace ncirt::triage::handlers
