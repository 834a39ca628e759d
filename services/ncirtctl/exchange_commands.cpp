#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "ncirtctl/commands.hpp"

namespace ncirt::ncirtctl {
namespace {

using common::ErrorKind;
using nlohmann::json;

std::string Joined(const json& list) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : ",") + Cell(item);
  return out;
}

Table PartnerTable(const json& partners) {
  Table table{{"NAME", "COUNTRY", "ENDPOINT", "AGREEMENT", "TLPS", "CATEGORIES", "PERSONAL",
               "ENABLED"},
              {}};
  for (const auto& p : partners) {
    table.rows.push_back({Cell(p["name"]), Cell(p["country"]), Cell(p["endpoint"]),
                          Cell(p["agreement"]), Joined(p["allowed_tlps"]),
                          Joined(p["allowed_categories"]), Cell(p["personal_data_allowed"]),
                          Cell(p["enabled"])});
  }
  return table;
}

// One row per partner of a preview or share answer, and one per removal.
Table DecisionTable(const json& answer) {
  Table table{{"PARTNER", "DECISION", "REASON", "REMOVED"}, {}};
  for (const auto& p : answer["partners"]) {
    std::string removed;
    for (const auto& r : p.value("removed", json::array())) {
      removed += (removed.empty() ? "" : "; ") + Cell(r["path"]) + " (" + Cell(r["reason"]) + ")";
    }
    table.rows.push_back({Cell(p["partner"]), Cell(p["decision"]),
                          p.contains("reason") ? Cell(p["reason"]) + ": " + Cell(p["message"]) : "",
                          removed});
  }
  return table;
}

// Asks PARTNER for its status of INCIDENT and polls the question until it is answered or
// failed, or `wait` passes (then the question stays pending and this says so).
common::Result<void> AskStatus(Context& ctx, const std::string& incident,
                               const std::string& partner, int wait_seconds) {
  auto asked = ctx.Triage("POST", "/v1/incidents/" + Encode(incident) + "/shares/" +
                                      Encode(partner) + "/status-query");
  if (!asked) return std::unexpected(asked.error());
  const std::string path = "/v1/incidents/" + Encode(incident) + "/status-queries/" +
                           Cell((*asked)["id"]);
  json question = std::move(*asked);
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  while (question["state"] == "pending" && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    auto polled = ctx.Triage("GET", path);
    if (!polled) return std::unexpected(polled.error());
    question = std::move(*polled);
  }
  ctx.Print(question, QuestionTable(json::array({question})));
  if (question["state"] == "pending") {
    return common::Fail(ErrorKind::kUnavailable,
                        "partner " + partner + " has not answered question " +
                            Cell(question["id"]) + " within " + std::to_string(wait_seconds) +
                            " s; it stays pending and ncirt-exchange keeps asking (see "
                            "`ncirtctl partners questions " + incident + "`)",
                        partner);
  }
  return {};
}

void AddPartnerQuestions(CLI::App& partners, Context& ctx) {
  auto* query = partners.add_subcommand(
      "query", "Ask a partner for its status of an incident shared with it, and wait for the "
               "answer");
  struct Args {
    std::string incident, partner;
    int wait = 30;
  };
  auto a = std::make_shared<Args>();
  query->add_option("incident", a->incident, "The incident id")->required();
  query->add_option("partner", a->partner, "The partner's name")->required();
  query->add_option("--wait", a->wait, "Seconds to wait for the answer (0: do not wait)")
      ->check(CLI::Range(0, 600));
  query->callback([&ctx, a] { ctx.Finish(AskStatus(ctx, a->incident, a->partner, a->wait)); });

  auto* questions =
      partners.add_subcommand("questions", "The status questions asked about an incident");
  auto id = std::make_shared<std::string>();
  questions->add_option("incident", *id, "The incident id")->required();
  questions->callback([&ctx, id] {
    ctx.Finish([&]() -> common::Result<void> {
      auto answer = ctx.Triage("GET", "/v1/incidents/" + Encode(*id) + "/status-queries");
      if (!answer) return std::unexpected(answer.error());
      ctx.Print(*answer, QuestionTable((*answer)["status_queries"]));
      return {};
    }());
  });
}

void AddPartners(CLI::App& app, Context& ctx) {
  auto* partners = app.add_subcommand("partners", "The partner CIRT registry");
  partners->require_subcommand(1);
  AddPartnerQuestions(*partners, ctx);
  partners->add_subcommand("list", "List partners")->callback([&ctx] {
    ctx.Finish([&]() -> common::Result<void> {
      auto list = ctx.Triage("GET", "/v1/partners");
      if (!list) return std::unexpected(list.error());
      ctx.Print(*list, PartnerTable((*list)["partners"]));
      return {};
    }());
  });
  auto* add = partners->add_subcommand("add", "Register a partner (admin)");
  struct Args {
    std::string name, country, endpoint, pin, agreement;
    std::vector<std::string> tlps, categories;
    bool personal = false, original = false;
  };
  auto a = std::make_shared<Args>();
  add->add_option("name", a->name, "Unique name, e.g. CERT-EE")->required();
  add->add_option("--country", a->country, "ISO 3166-1 alpha-2")->required();
  add->add_option("--endpoint", a->endpoint, "The partner's exchange listener, host:port")
      ->required();
  add->add_option("--pin", a->pin, "base64 SHA-256 of its certificate's SubjectPublicKeyInfo")
      ->required();
  add->add_option("--agreement", a->agreement, "The agreement it shares under")->required();
  add->add_option("--tlp", a->tlps, "A TLP level it may receive (repeatable)");
  add->add_option("--category", a->categories, "A category it may receive, or * (repeatable)")
      ->required();
  add->add_flag("--personal-data", a->personal, "May receive personal data");
  add->add_flag("--original-document", a->original, "May receive the original document");
  add->callback([&ctx, a] {
    ctx.Finish([&]() -> common::Result<void> {
      const json body = {{"name", a->name}, {"country", a->country}, {"endpoint", a->endpoint},
                         {"spki_sha256", a->pin}, {"agreement", a->agreement},
                         {"allowed_tlps", a->tlps}, {"allowed_categories", a->categories},
                         {"personal_data_allowed", a->personal},
                         {"original_document_allowed", a->original}};
      auto created = ctx.Triage("POST", "/v1/partners", body);
      if (!created) return std::unexpected(created.error());
      ctx.Print(*created, PartnerTable(json::array({*created})));
      return {};
    }());
  });
  for (const bool enable : {false, true}) {
    auto* sub = partners->add_subcommand(enable ? "enable" : "disable",
                                         enable ? "Enable a partner again (admin)"
                                                : "Disable a partner; it is kept for history (admin)");
    auto name = std::make_shared<std::string>();
    sub->add_option("name", *name, "The partner")->required();
    sub->callback([&ctx, name, enable] {
      ctx.Finish([&]() -> common::Result<void> {
        const std::string path = "/v1/partners/" + Encode(*name);
        common::Result<json> done = json();
        if (enable) {
          auto current = ctx.Triage("GET", path);
          if (!current) return std::unexpected(current.error());
          (*current)["enabled"] = true;
          current->erase("id");
          done = ctx.Triage("PUT", path, *current);
        } else {
          done = ctx.Triage("DELETE", path);
        }
        if (!done) return std::unexpected(done.error());
        ctx.Print(*done, PartnerTable(json::array({*done})));
        return {};
      }());
    });
  }
}

void AddShare(CLI::App& app, Context& ctx) {
  auto* share = app.add_subcommand(
      "share", "Share an incident with partners; --preview shows what the policy removes or "
               "refuses per partner without sending");
  auto id = std::make_shared<std::string>();
  auto partners = std::make_shared<std::vector<std::string>>();
  auto preview = std::make_shared<bool>(false);
  share->add_option("id", *id, "The incident id")->required();
  share->add_option("--partner", *partners, "A partner's name (repeatable)")->required();
  share->add_flag("--preview", *preview, "Only show what would happen; store nothing");
  share->callback([&ctx, id, partners, preview] {
    ctx.Finish([&]() -> common::Result<void> {
      const std::string path =
          "/v1/incidents/" + Encode(*id) + (*preview ? "/share/preview" : "/share");
      auto answer = ctx.Triage("POST", path, json{{"partners", *partners}});
      if (!answer) return std::unexpected(answer.error());
      ctx.Print(*answer, DecisionTable(*answer));
      return {};
    }());
  });

  auto* withdraw = app.add_subcommand("withdraw", "Withdraw an incident from every partner");
  auto withdraw_id = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  withdraw->add_option("id", *withdraw_id, "The incident id")->required();
  withdraw->add_option("--reason", *reason, "A sentence for the partners")->required();
  withdraw->callback([&ctx, withdraw_id, reason] {
    ctx.Finish([&]() -> common::Result<void> {
      auto answer = ctx.Triage("POST", "/v1/incidents/" + Encode(*withdraw_id) +
                                           "/share/withdraw",
                               json{{"reason", *reason}});
      if (!answer) return std::unexpected(answer.error());
      ctx.PrintFields(*answer, {{"incident", Cell((*answer)["incident_id"])},
                                {"version", Cell((*answer)["version"])},
                                {"partners", Joined((*answer)["partners"])}});
      return {};
    }());
  });

  auto* sharing = app.add_subcommand("sharing", "An incident's sharing history per partner");
  auto sharing_id = std::make_shared<std::string>();
  sharing->add_option("id", *sharing_id, "The incident id")->required();
  sharing->callback([&ctx, sharing_id] {
    ctx.Finish([&]() -> common::Result<void> {
      auto answer = ctx.Triage("GET", "/v1/incidents/" + Encode(*sharing_id) + "/sharing");
      if (!answer) return std::unexpected(answer.error());
      Table table{{"PARTNER", "STATE", "VERSION", "REASON", "WITHDRAWN"}, {}};
      for (const auto& p : (*answer)["partners"]) {
        table.rows.push_back({Cell(p["partner"]), Cell(p["state"]), Cell(p["latest_version"]),
                              p.contains("reason") ? Cell(p["reason"]) : "",
                              Cell(p["withdrawn"])});
      }
      ctx.Print(*answer, table);
      return {};
    }());
  });
}

void AddConstituency(CLI::App& app, Context& ctx) {
  auto* constituency = app.add_subcommand("constituency", "The constituency registry");
  constituency->require_subcommand(1);
  auto* import = constituency->add_subcommand(
      "import", "Import organisations from a CSV file (lead); all or nothing");
  auto file = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  import->add_option("file", *file, "The CSV file ('-' reads standard input)")->required();
  import->add_flag("--dry-run", *dry_run, "Check every row and report; store nothing");
  import->callback([&ctx, file, dry_run] {
    ctx.Finish([&]() -> common::Result<void> {
      std::ostringstream text;
      if (*file == "-") {
        text << std::cin.rdbuf();
      } else {
        std::ifstream in(*file, std::ios::binary);
        if (!in) return common::Fail(ErrorKind::kBadRequest, "cannot read '" + *file + "'", *file);
        text << in.rdbuf();
      }
      auto answer = ctx.TriageRaw(
          "POST", std::string("/v1/constituency/import") + (*dry_run ? "?dry_run=true" : ""),
          nullptr, text.str(), "text/csv");
      if (!answer) return std::unexpected(answer.error());
      if (answer->status != 200) {
        common::Error error = ProblemError(*answer);
        const json problem = json::parse(answer->body, nullptr, false);
        if (problem.is_object() && problem.contains("errors")) {
          for (const auto& e : problem["errors"]) {
            error.message += "\n  line " + Cell(e["line"]) + ", " + Cell(e["column"]) + ": " +
                             Cell(e["message"]);
          }
        }
        return std::unexpected(error);
      }
      const json result = json::parse(answer->body);
      ctx.PrintFields(result, {{"dry_run", Cell(result["dry_run"])},
                               {"rows", Cell(result["rows"])},
                               {"organisations_created", Cell(result["organisations_created"])},
                               {"organisations_updated", Cell(result["organisations_updated"])},
                               {"facts_added", Cell(result["facts_added"])},
                               {"unchanged", Cell(result["unchanged"])}});
      return {};
    }());
  });
  auto* lookup = constituency->add_subcommand(
      "lookup", "Who owns an address, network, AS number or domain");
  auto value = std::make_shared<std::string>();
  lookup->add_option("value", *value, "e.g. 192.0.2.7, AS64500, example.org")->required();
  lookup->callback([&ctx, value] {
    ctx.Finish([&]() -> common::Result<void> {
      auto answer = ctx.Triage("GET", WithQuery("/v1/constituency/lookup", {{"value", *value}}));
      if (!answer) return std::unexpected(answer.error());
      Table table{{"HANDLE", "NAME", "VIA", "ENTRY", "CRITICALITY"}, {}};
      for (const auto& m : (*answer)["matches"]) {
        table.rows.push_back({Cell(m["handle"]), Cell(m["name"]), Cell(m["via"]),
                              Cell(m["entry"]), Cell(m["criticality"])});
      }
      ctx.Print(*answer, table);
      return {};
    }());
  });
  auto* list = constituency->add_subcommand("list", "List organisations");
  list->callback([&ctx] {
    ctx.Finish([&]() -> common::Result<void> {
      json all = json::array();
      std::string after;
      do {
        auto page = ctx.Triage("GET", WithQuery("/v1/constituency/organisations",
                                                {{"limit", "1000"}, {"after", after}}));
        if (!page) return std::unexpected(page.error());
        for (auto& o : (*page)["organisations"]) all.push_back(o);
        after = (*page)["next_after"].is_string() ? (*page)["next_after"].get<std::string>() : "";
      } while (!after.empty());
      Table table{{"HANDLE", "NAME", "SECTOR", "CRITICALITY"}, {}};
      for (const auto& o : all) {
        table.rows.push_back({Cell(o["handle"]), Cell(o["name"]), Cell(o["sector"]),
                              Cell(o["criticality"])});
      }
      ctx.Print(json{{"organisations", all}}, table);
      return {};
    }());
  });
}

}  // namespace

Table QuestionTable(const nlohmann::json& questions) {
  Table table{{"ID", "PARTNER", "ASKED BY", "ASKED AT", "STATE", "PARTNER STATE", "VERSION",
               "PARTNER UPDATED", "THEIR ID", "FAILURE"},
              {}};
  for (const auto& q : questions) {
    const json& answer = q.value("answer", json());
    const json& failure = q.value("failure", json());
    const auto field = [](const json& object, const char* name) {
      return object.is_object() ? Cell(object.value(name, json())) : std::string();
    };
    std::string why;
    if (failure.is_object()) {
      why = field(failure, "reason") + ": " + field(failure, "detail");
    } else if (q.value("last_error", json()).is_string()) {
      why = "retrying: " + Cell(q["last_error"]);
    }
    table.rows.push_back({Cell(q["id"]), Cell(q["partner"]), Cell(q["asked_by"]),
                          Cell(q["asked_at"]), Cell(q["state"]), field(answer, "state"),
                          field(answer, "latest_version"), field(answer, "updated_at"),
                          field(answer, "receiver_incident_id"), why});
  }
  return table;
}

void AddExchangeCommands(CLI::App& app, Context& ctx) {
  AddPartners(app, ctx);
  AddShare(app, ctx);
  AddConstituency(app, ctx);
}

}  // namespace ncirt::ncirtctl
