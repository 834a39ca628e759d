#include <fstream>
#include <sstream>

#include "ncirtctl/commands.hpp"

namespace ncirt::ncirtctl {
namespace {

using common::ErrorKind;
using nlohmann::json;

common::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::Fail(ErrorKind::kBadRequest, "cannot read '" + path + "'", path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// XML or JSON by the first byte that is not blank (or a UTF-8 BOM), as intake tells them apart.
std::string MediaTypeOf(const std::string& document) {
  std::size_t i = document.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < document.size() && std::isspace(static_cast<unsigned char>(document[i]))) ++i;
  return i < document.size() && (document[i] == '{' || document[i] == '[') ? "application/json"
                                                                            : "application/xml";
}

Table SubmitTable(const json& answer) {
  Table table{{"ID", "INCIDENT_ID", "NAME", "STATUS", "VERSION", "TLP", "WARNINGS"}, {}};
  for (const auto& i : answer.value("incidents", json::array())) {
    table.rows.push_back({Cell(i["id"]), Cell(i["incident_id"]), Cell(i["name"]),
                          Cell(i["status"]), Cell(i["version"]), Cell(i["tlp"]),
                          std::to_string(i.value("warnings", json::array()).size())});
  }
  return table;
}

void PrintIncident(Context& ctx, const json& i) {
  ctx.PrintFields(i, {{"id", Cell(i["incident_id"])},
                      {"state", Cell(i["state"])},
                      {"priority", "P" + Cell(i["priority"]) + " (computed P" +
                                       Cell(i["computed_priority"]) + ", score " +
                                       Cell(i["score"]) + ")"},
                      {"tlp", Cell(i["tlp"])},
                      {"category", Cell(i["category"])},
                      {"assignee", Cell(i["assignee"])},
                      {"submitter", Cell(i["submitter"])},
                      {"merged_into", Cell(i["merged_into"])},
                      {"triage_due", TimeCell(i["triage_due_at_ms"])},
                      {"sla_running", Cell(i["sla_running"])},
                      {"created", TimeCell(i["created_at_ms"])},
                      {"updated", TimeCell(i["updated_at_ms"])}});
}

// A command that changes one incident and prints it.
void OnIncident(CLI::App* sub, Context& ctx, std::function<common::Result<json>()> call) {
  sub->callback([&ctx, call] {
    ctx.Finish([&]() -> common::Result<void> {
      auto incident = call();
      if (!incident) return std::unexpected(incident.error());
      PrintIncident(ctx, *incident);
      return {};
    }());
  });
}

void AddSubmit(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "submit", "Submit an IODEF document (v2 or v1 XML, or RFC 8727 JSON) to intake");
  auto file = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  sub->add_option("file", *file, "The document; '-' reads standard input")->required();
  sub->add_option("--idempotency-key", *key, "Makes a retry of this submission safe");
  sub->callback([&ctx, file, key] {
    ctx.Finish([&]() -> common::Result<void> {
      common::Result<std::string> document = std::string();
      if (*file == "-") {
        std::ostringstream text;
        text << std::cin.rdbuf();
        document = text.str();
      } else {
        document = ReadFile(*file);
      }
      if (!document) return std::unexpected(document.error());
      HttpCall call{.method = "POST", .target = "/v1/incidents", .body = *document,
                    .content_type = MediaTypeOf(*document), .headers = {}};
      if (!key->empty()) call.headers.emplace_back("Idempotency-Key", *key);
      auto answer = ctx.Intake(call);
      if (!answer) return std::unexpected(answer.error());
      if (answer->status < 200 || answer->status > 299) {
        return std::unexpected(ProblemError(*answer));
      }
      const json parsed = json::parse(answer->body, nullptr, false);
      ctx.Print(parsed, SubmitTable(parsed));
      return {};
    }());
  });
}

void AddFile(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "file", "File a new incident as an analyst (the console's form): triage writes it as "
              "IODEF v2 and stores it through intake, with you as its source");
  struct Args {
    std::string csirt, description, tlp = "AMBER", purpose = "reporting", severity, confidence;
    std::string role = "source", constituent, constituent_email, key;
    std::vector<std::string> indicators;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--csirt", a->csirt, "The issuing CSIRT's name (IODEF IncidentID name)")
      ->required();
  sub->add_option("--description", a->description, "What was reported or observed")->required();
  sub->add_option("--tlp", a->tlp, "CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
      ->capture_default_str();
  sub->add_option("--purpose", a->purpose, "reporting, mitigation, watch, traceback or other")
      ->capture_default_str();
  sub->add_option("--severity", a->severity, "low, medium or high (an Assessment)");
  sub->add_option("--confidence", a->confidence, "low, medium, high or unknown");
  sub->add_option("--indicator", a->indicators,
                  "An IP address or network, domain, URL, e-mail address or hash (repeatable)");
  sub->add_option("--indicator-role", a->role, "source, target, intermediate or watchlist")
      ->capture_default_str();
  sub->add_option("--constituent", a->constituent, "The affected organisation");
  sub->add_option("--constituent-email", a->constituent_email, "Its security contact");
  sub->add_option("--idempotency-key", a->key, "Makes a retry file one incident");
  sub->callback([&ctx, a] {
    ctx.Finish([&]() -> common::Result<void> {
      json form = {{"csirt", a->csirt}, {"description", a->description}, {"tlp", a->tlp},
                   {"purpose", a->purpose}, {"indicator_role", a->role},
                   {"indicators", a->indicators}, {"constituent_name", a->constituent},
                   {"constituent_email", a->constituent_email}};
      if (!a->severity.empty()) form["severity"] = a->severity;
      if (!a->confidence.empty()) form["confidence"] = a->confidence;
      std::vector<std::pair<std::string, std::string>> headers;
      if (!a->key.empty()) headers.emplace_back("Idempotency-Key", a->key);
      auto answer = ctx.Triage("POST", "/v1/incidents", form, headers);
      if (!answer) return std::unexpected(answer.error());
      ctx.Print(*answer, SubmitTable(*answer));
      return {};
    }());
  });
}

void AddList(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("list", "List the queue (filters combine)");
  struct Args {
    std::string state, category, assignee, partner, constituent, after;
    int limit = 50;
    bool all = false;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--state", a->state, "new, triaged, in_progress, waiting, resolved, closed, "
                                        "rejected or merged");
  sub->add_option("--category", a->category, "An ENISA RSIT token, e.g. fraud/phishing");
  sub->add_option("--assignee", a->assignee, "A user name");
  sub->add_option("--partner", a->partner, "The intake submitter it came from");
  sub->add_option("--constituent", a->constituent, "The affected constituent");
  sub->add_option("--limit", a->limit, "Rows per page (1-500)")->capture_default_str();
  sub->add_option("--after", a->after, "Start after this key (a page's `next`)");
  sub->add_flag("--all", a->all, "Follow every page");
  sub->callback([&ctx, a] {
    ctx.Finish([&]() -> common::Result<void> {
      json all = json::array();
      std::string after = a->after;
      json next = nullptr;
      do {
        auto page = ctx.Triage("GET", WithQuery("/v1/queue", {{"state", a->state},
                                                               {"category", a->category},
                                                               {"assignee", a->assignee},
                                                               {"partner", a->partner},
                                                               {"constituent", a->constituent},
                                                               {"limit", std::to_string(a->limit)},
                                                               {"after", after}}));
        if (!page) return std::unexpected(page.error());
        for (auto& i : (*page)["incidents"]) all.push_back(i);
        next = (*page)["next"];
        after = next.is_string() ? next.get<std::string>() : "";
      } while (a->all && !after.empty());
      ctx.Print(json{{"incidents", all}, {"next", next}}, IncidentTable(all));
      if (!ctx.settings.json && next.is_string() && !a->all) {
        std::cerr << "more: ncirtctl list --after " << next.get<std::string>() << "\n";
      }
      return {};
    }());
  });
}

void AddShow(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("show", "Show one incident (--model: intake's full model too)");
  auto id = std::make_shared<std::string>();
  auto model = std::make_shared<bool>(false);
  sub->add_option("id", *id, "The incident id")->required();
  sub->add_flag("--model", *model, "Also print the full model (JSON)");
  sub->callback([&ctx, id, model] {
    ctx.Finish([&]() -> common::Result<void> {
      auto incident = ctx.Triage("GET", "/v1/incidents/" + Encode(*id));
      if (!incident) return std::unexpected(incident.error());
      if (!*model) {
        PrintIncident(ctx, *incident);
        return {};
      }
      auto full = ctx.Triage("GET", "/v1/incidents/" + Encode(*id) + "/model");
      if (!full) return std::unexpected(full.error());
      if (ctx.settings.json) {
        std::cout << json{{"incident", *incident}, {"model", *full}}.dump(2) << "\n";
      } else {
        PrintIncident(ctx, *incident);
        std::cout << "\nmodel:\n" << full->dump(2) << "\n";
      }
      return {};
    }());
  });
}

void AddClaim(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("claim", "Claim the most urgent waiting incident");
  sub->callback([&ctx] {
    ctx.Finish([&]() -> common::Result<void> {
      auto answer = ctx.TriageRaw("POST", "/v1/queue/claim");
      if (!answer) return std::unexpected(answer.error());
      if (answer->status == 204) {
        if (ctx.settings.json) std::cout << "null\n";
        else std::cout << "nothing is waiting to be claimed\n";
        return {};
      }
      if (answer->status != 200) return std::unexpected(ProblemError(*answer));
      PrintIncident(ctx, json::parse(answer->body));
      return {};
    }());
  });
}

}  // namespace

Table IncidentTable(const json& incidents) {
  Table table{{"ID", "P", "STATE", "TLP", "CATEGORY", "ASSIGNEE", "FROM", "FILED"}, {}};
  for (const auto& i : incidents) {
    table.rows.push_back({Cell(i["incident_id"]), "P" + Cell(i["priority"]), Cell(i["state"]),
                          Cell(i["tlp"]), Cell(i["category"]), Cell(i["assignee"]),
                          Cell(i["submitter"]), TimeCell(i["created_at_ms"])});
  }
  return table;
}

void AddIncidentCommands(CLI::App& app, Context& ctx) {
  AddSubmit(app, ctx);
  AddFile(app, ctx);
  AddList(app, ctx);
  AddShow(app, ctx);
  AddClaim(app, ctx);

  auto* move = app.add_subcommand("move", "Move an incident to another workflow state");
  auto move_id = std::make_shared<std::string>();
  auto move_to = std::make_shared<std::string>();
  move->add_option("id", *move_id, "The incident id")->required();
  move->add_option("state", *move_to, "triaged, in_progress, waiting, resolved, closed or "
                                      "rejected")->required();
  OnIncident(move, ctx, [&ctx, move_id, move_to] {
    return ctx.Triage("POST", "/v1/incidents/" + Encode(*move_id) + "/transition",
                      json{{"to", *move_to}});
  });

  auto* assign = app.add_subcommand("assign", "Assign an incident to a user ('' unassigns)");
  auto assign_id = std::make_shared<std::string>();
  auto assign_user = std::make_shared<std::string>();
  assign->add_option("id", *assign_id, "The incident id")->required();
  assign->add_option("user", *assign_user, "The user name")->required();
  OnIncident(assign, ctx, [&ctx, assign_id, assign_user] {
    return ctx.Triage("PUT", "/v1/incidents/" + Encode(*assign_id) + "/assignee",
                      json{{"assignee", *assign_user}});
  });

  auto* category = app.add_subcommand("category", "Set an incident's ENISA RSIT category");
  auto category_id = std::make_shared<std::string>();
  auto category_value = std::make_shared<std::string>();
  category->add_option("id", *category_id, "The incident id")->required();
  category->add_option("category", *category_value, "e.g. fraud/phishing")->required();
  OnIncident(category, ctx, [&ctx, category_id, category_value] {
    return ctx.Triage("PUT", "/v1/incidents/" + Encode(*category_id) + "/category",
                      json{{"category", *category_value}});
  });

  auto* priority = app.add_subcommand("priority", "Override an incident's priority");
  auto priority_id = std::make_shared<std::string>();
  auto priority_value = std::make_shared<std::string>();
  priority->add_option("id", *priority_id, "The incident id")->required();
  priority->add_option("priority", *priority_value, "1 (most urgent) to 4, or 'auto' to use "
                                                    "the computed one")
      ->required()
      ->check(CLI::IsMember({"1", "2", "3", "4", "auto"}));
  OnIncident(priority, ctx, [&ctx, priority_id, priority_value] {
    const json value = *priority_value == "auto" ? json(nullptr) : json(std::stoi(*priority_value));
    return ctx.Triage("PUT", "/v1/incidents/" + Encode(*priority_id) + "/priority",
                      json{{"priority", value}});
  });

  auto* merge = app.add_subcommand("merge", "Merge a duplicate incident into a survivor");
  auto merge_id = std::make_shared<std::string>();
  auto merge_into = std::make_shared<std::string>();
  merge->add_option("id", *merge_id, "The duplicate's id")->required();
  merge->add_option("into", *merge_into, "The survivor's id")->required();
  OnIncident(merge, ctx, [&ctx, merge_id, merge_into] {
    return ctx.Triage("POST", "/v1/incidents/" + Encode(*merge_id) + "/merge",
                      json{{"into", *merge_into}});
  });

  auto* comment = app.add_subcommand("comment", "Add a comment to an incident");
  auto comment_id = std::make_shared<std::string>();
  auto comment_body = std::make_shared<std::string>();
  comment->add_option("id", *comment_id, "The incident id")->required();
  comment->add_option("text", *comment_body, "The comment ('-' reads standard input)")
      ->required();
  comment->callback([&ctx, comment_id, comment_body] {
    ctx.Finish([&]() -> common::Result<void> {
      std::string text = *comment_body;
      if (text == "-") {
        std::ostringstream in;
        in << std::cin.rdbuf();
        text = in.str();
      }
      auto added = ctx.Triage("POST", "/v1/incidents/" + Encode(*comment_id) + "/comments",
                              json{{"body", text}});
      if (!added) return std::unexpected(added.error());
      ctx.PrintFields(*added, {{"comment", Cell((*added)["id"])},
                               {"author", Cell((*added)["author"])},
                               {"created", TimeCell((*added)["created_at_ms"])}});
      return {};
    }());
  });

  auto* comments = app.add_subcommand("comments", "List an incident's comments");
  auto comments_id = std::make_shared<std::string>();
  comments->add_option("id", *comments_id, "The incident id")->required();
  comments->callback([&ctx, comments_id] {
    ctx.Finish([&]() -> common::Result<void> {
      auto list = ctx.Triage("GET", "/v1/incidents/" + Encode(*comments_id) + "/comments");
      if (!list) return std::unexpected(list.error());
      Table table{{"ID", "AUTHOR", "WHEN", "COMMENT"}, {}};
      for (const auto& c : (*list)["comments"]) {
        table.rows.push_back({Cell(c["id"]), Cell(c["author"]), TimeCell(c["created_at_ms"]),
                              Cell(c["body"])});
      }
      ctx.Print(*list, table);
      return {};
    }());
  });

  auto* link = app.add_subcommand("link", "Link two incidents");
  auto link_id = std::make_shared<std::string>();
  auto link_to = std::make_shared<std::string>();
  auto link_relation = std::make_shared<std::string>("related");
  link->add_option("id", *link_id, "One incident")->required();
  link->add_option("to", *link_to, "The other incident")->required();
  link->add_option("--relation", *link_relation, "related, same-campaign or same-actor")
      ->capture_default_str();
  link->callback([&ctx, link_id, link_to, link_relation] {
    ctx.Finish([&]() -> common::Result<void> {
      auto done = ctx.Triage("POST", "/v1/incidents/" + Encode(*link_id) + "/links",
                             json{{"to", *link_to}, {"relation", *link_relation}});
      if (!done) return std::unexpected(done.error());
      if (ctx.settings.json) std::cout << (done->is_null() ? json::object() : *done).dump(2) << "\n";
      else std::cout << "linked " << *link_id << " -> " << *link_to << " (" << *link_relation << ")\n";
      return {};
    }());
  });

  auto* links = app.add_subcommand("links", "List an incident's links");
  auto links_id = std::make_shared<std::string>();
  links->add_option("id", *links_id, "The incident id")->required();
  links->callback([&ctx, links_id] {
    ctx.Finish([&]() -> common::Result<void> {
      auto list = ctx.Triage("GET", "/v1/incidents/" + Encode(*links_id) + "/links");
      if (!list) return std::unexpected(list.error());
      Table table{{"INCIDENT", "RELATION", "BY"}, {}};
      for (const auto& l : (*list)["links"]) {
        table.rows.push_back({Cell(l["incident_id"]), Cell(l["relation"]), Cell(l["created_by"])});
      }
      ctx.Print(*list, table);
      return {};
    }());
  });
}

}  // namespace ncirt::ncirtctl
