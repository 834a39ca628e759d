#pragma once
// A test incident that hides a unique marker string in every place the sharing policy must
// judge: personal data in Contacts wherever they occur, elements restricted private, red,
// need-to-know, amber, amber+strict, green and white, and internal fields (source document,
// warnings). Each marker says under which terms it may leave, so a test can serialise what the
// policy produced and check every marker against the terms.

#include <string>
#include <vector>

#include "exchange/policy/agreement.hpp"
#include "iodef/normalize.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::exchange::policy::testing {

enum class Sensitivity {
  kPublic,            // leaves whenever the incident does
  kPersonal,          // only with personal data allowed
  kNeedToKnow,        // only with personal data allowed and AMBER in the agreement
  kNever,             // private, red, source document, warnings
  kAmber,             // element marked amber: only with AMBER in the agreement
  kAmberStrict,       // element marked amber+strict: only with AMBER+STRICT in the agreement
  kGreen,             // element marked green: only with GREEN in the agreement
  kClear,             // element marked white: only with CLEAR in the agreement
};

struct Marker {
  std::string text;
  Sensitivity sensitivity;
};

inline bool MayLeave(Sensitivity s, const Agreement& agreement) {
  switch (s) {
    case Sensitivity::kPublic: return true;
    case Sensitivity::kPersonal: return agreement.personal_data_allowed;
    case Sensitivity::kNeedToKnow:
      return agreement.personal_data_allowed && AllowsTlp(agreement, v1::TLP_AMBER);
    case Sensitivity::kNever: return false;
    case Sensitivity::kAmber: return AllowsTlp(agreement, v1::TLP_AMBER);
    case Sensitivity::kAmberStrict: return AllowsTlp(agreement, v1::TLP_AMBER_STRICT);
    case Sensitivity::kGreen: return AllowsTlp(agreement, v1::TLP_GREEN);
    case Sensitivity::kClear: return AllowsTlp(agreement, v1::TLP_CLEAR);
  }
  return false;
}

inline v1::RestrictionValue Restricted(v1::Restriction value, std::string ext = {}) {
  v1::RestrictionValue r;
  r.set_value(value);
  r.set_ext(std::move(ext));
  return r;
}

inline void PersonalContact(v1::Contact& contact, const std::string& tag,
                            std::vector<Marker>& markers) {
  contact.set_role(v1::CONTACT_ROLE_REPORTER);
  contact.set_type(v1::CONTACT_TYPE_PERSON);
  contact.add_names()->set_text("name-" + tag);
  contact.add_emails()->set_address("mail-" + tag + "@example.org");
  contact.add_telephones()->set_number("+1555" + tag);
  contact.add_postal_addresses()->mutable_address()->set_text("street-" + tag);
  auto* xmpp = contact.add_additional_data();
  xmpp->set_dtype("string");
  xmpp->set_value("xmpp-" + tag);
  for (const char* prefix : {"name-", "mail-", "+1555", "street-", "xmpp-"}) {
    markers.push_back({prefix + tag, Sensitivity::kPersonal});
  }
}

inline v1::Incident SensitiveIncident(v1::Tlp tlp, std::vector<Marker>& markers) {
  v1::Incident incident;
  incident.set_id("inc-sensitive");
  incident.set_tlp(tlp);
  incident.mutable_incident_id()->set_id("4711");
  incident.mutable_incident_id()->set_name("csirt.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'700'000'000);
  incident.add_descriptions()->set_text("public-description");
  markers.push_back({"public-description", Sensitivity::kPublic});
  incident.add_assessments()->add_incident_categories()->set_text("phishing");

  PersonalContact(*incident.add_contacts(), "top", markers);
  auto* event = incident.add_event_data();
  auto* event_contact = event->add_contacts();
  event_contact->set_role(v1::CONTACT_ROLE_VICTIM);
  PersonalContact(*event_contact->add_contacts(), "nested", markers);
  PersonalContact(*event->add_discoveries()->add_contacts(), "discovery", markers);
  PersonalContact(*event->add_expectations()->mutable_contact(), "expectation", markers);
  PersonalContact(*incident.add_history()->mutable_contact(), "history", markers);
  PersonalContact(*incident.add_indicators()->add_contacts(), "indicator", markers);

  auto* ntk = incident.add_methods();
  *ntk->mutable_restriction() = Restricted(v1::RESTRICTION_NEED_TO_KNOW);
  ntk->add_descriptions()->set_text("need-to-know-method");
  markers.push_back({"need-to-know-method", Sensitivity::kNeedToKnow});

  auto* priv = incident.add_additional_data();
  *priv->mutable_restriction() = Restricted(v1::RESTRICTION_PRIVATE);
  priv->set_value("private-extension");
  markers.push_back({"private-extension", Sensitivity::kNever});

  auto* red_system = event->add_systems();
  *red_system->mutable_restriction() = Restricted(v1::RESTRICTION_RED);
  red_system->add_descriptions()->set_text("red-system");
  auto* red_address = red_system->mutable_node()->add_addresses();
  red_address->set_value("203.0.113.99");
  red_address->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
  markers.push_back({"red-system", Sensitivity::kNever});
  markers.push_back({"203.0.113.99", Sensitivity::kNever});

  auto* open_system = event->add_systems();
  auto* open_address = open_system->mutable_node()->add_addresses();
  open_address->set_value("192.0.2.10");
  open_address->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
  markers.push_back({"192.0.2.10", Sensitivity::kPublic});

  auto* amber_assessment = event->mutable_assessment();
  *amber_assessment->mutable_restriction() = Restricted(v1::RESTRICTION_AMBER);
  amber_assessment->add_causes()->set_text("amber-assessment");
  markers.push_back({"amber-assessment", Sensitivity::kAmber});

  auto* strict_indicator = incident.add_indicators();
  auto* strict_observable = strict_indicator->mutable_observable();
  *strict_observable->mutable_restriction() =
      Restricted(v1::RESTRICTION_EXT_VALUE, "amber+strict");
  auto* strict_address = strict_observable->mutable_address();
  strict_address->set_value("198.51.100.77");
  strict_address->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
  markers.push_back({"198.51.100.77", Sensitivity::kAmberStrict});

  auto* green_method = incident.add_methods();
  *green_method->mutable_restriction() = Restricted(v1::RESTRICTION_GREEN);
  green_method->add_descriptions()->set_text("green-method");
  markers.push_back({"green-method", Sensitivity::kGreen});

  auto* clear_related = incident.add_related_activities();
  *clear_related->mutable_restriction() = Restricted(v1::RESTRICTION_WHITE);
  clear_related->add_urls()->assign("https://clear-related.example/");
  markers.push_back({"clear-related", Sensitivity::kClear});

  incident.mutable_source()->set_content("<IODEF-Document>source-secret</IODEF-Document>");
  markers.push_back({"source-secret", Sensitivity::kNever});
  incident.add_warnings()->set_message("warning quoting name-top and warning-secret");
  markers.push_back({"warning-secret", Sensitivity::kNever});
  // As intake stores it: indicators derived from everything, the withheld parts included.
  iodef::FillNormalizedIndicators(incident);
  return incident;
}

}  // namespace ncirt::exchange::policy::testing
