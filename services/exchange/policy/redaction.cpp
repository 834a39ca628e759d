#include "exchange/policy/redaction.hpp"

#include <string_view>

#include "exchange/text.hpp"
#include "iodef/marking.hpp"

namespace ncirt::exchange::policy {
namespace {

std::string RestrictionText(const v1::RestrictionValue& restriction) {
  switch (restriction.value()) {
    case v1::RESTRICTION_PUBLIC: return "public";
    case v1::RESTRICTION_PARTNER: return "partner";
    case v1::RESTRICTION_NEED_TO_KNOW: return "need-to-know";
    case v1::RESTRICTION_PRIVATE: return "private";
    case v1::RESTRICTION_DEFAULT: return "default";
    case v1::RESTRICTION_WHITE: return "white";
    case v1::RESTRICTION_GREEN: return "green";
    case v1::RESTRICTION_AMBER: return "amber";
    case v1::RESTRICTION_RED: return "red";
    case v1::RESTRICTION_EXT_VALUE: return restriction.ext();
    default: return "unspecified";
  }
}

// Walks the model once, removing withheld elements and personal data, recording each removal.
class Redactor {
 public:
  explicit Redactor(const Agreement& agreement) : agreement_(agreement) {}

  std::vector<Removal> Take() { return std::move(removals_); }

  void Incident(v1::Incident& incident) {
    Filter(incident.mutable_alternative_ids(), "alternative_ids", &Redactor::Leaf);
    Filter(incident.mutable_discoveries(), "discoveries", &Redactor::Discovery);
    Filter(incident.mutable_assessments(), "assessments", &Redactor::Assessment);
    Filter(incident.mutable_methods(), "methods", &Redactor::Method);
    Filter(incident.mutable_contacts(), "contacts", &Redactor::Contact);
    Filter(incident.mutable_event_data(), "event_data", &Redactor::Event);
    Filter(incident.mutable_indicators(), "indicators", &Redactor::Indicator);
    Filter(incident.mutable_history(), "history", &Redactor::History);
    Filter(incident.mutable_related_activities(), "related_activities", &Redactor::Related);
    Filter(incident.mutable_additional_data(), "additional_data", &Redactor::Leaf);
  }

 private:
  using Path = const std::string&;
  template <typename T>
  using Walk = void (Redactor::*)(T&, Path);

  // Removes the items whose restriction is withheld; walks the others.
  template <typename T>
  void Filter(google::protobuf::RepeatedPtrField<T>* items, std::string_view path, Walk<T> walk) {
    int kept = 0;
    for (int i = 0; i < items->size(); ++i) {
      const std::string item_path = Indexed(path, i);
      if (Withhold(items->Get(i).restriction(), item_path)) continue;
      (this->*walk)(*items->Mutable(i), item_path);
      if (kept != i) items->SwapElements(kept, i);
      ++kept;
    }
    while (items->size() > kept) items->RemoveLast();
  }

  bool Withhold(const v1::RestrictionValue& restriction, Path path) {
    std::optional<std::string> why = WithholdReason(restriction, agreement_);
    if (!why) return false;
    removals_.push_back({path, std::move(*why)});
    return true;
  }

  template <typename T>
  void DropPersonal(google::protobuf::RepeatedPtrField<T>* items, Path path,
                    std::string_view what) {
    if (items->empty()) return;
    removals_.push_back({path, Cat({"personal data (", what, "); agreement \"", agreement_.name,
                                    "\" with ", agreement_.partner,
                                    " does not allow personal data"})});
    items->Clear();
  }

  // Elements with nothing restricted inside them.
  template <typename T>
  void Leaf(T&, Path) {}

  void Contact(v1::Contact& contact, Path path) {
    if (!agreement_.personal_data_allowed) {
      DropPersonal(contact.mutable_names(), path + ".names", "contact names");
      DropPersonal(contact.mutable_emails(), path + ".emails", "e-mail addresses");
      DropPersonal(contact.mutable_telephones(), path + ".telephones", "telephones");
      DropPersonal(contact.mutable_postal_addresses(), path + ".postal_addresses",
                   "postal addresses");
      DropPersonal(contact.mutable_additional_data(), path + ".additional_data",
                   "contact details");
    } else {
      Filter(contact.mutable_additional_data(), path + ".additional_data", &Redactor::Leaf);
    }
    Filter(contact.mutable_contacts(), path + ".contacts", &Redactor::Contact);
  }

  // A single (non-repeated) Contact field; returns false when the caller must clear it.
  bool KeepContact(v1::Contact& contact, Path path) {
    if (Withhold(contact.restriction(), path)) return false;
    Contact(contact, path);
    return true;
  }

  void Discovery(v1::Discovery& discovery, Path path) {
    Filter(discovery.mutable_contacts(), path + ".contacts", &Redactor::Contact);
  }

  void Assessment(v1::Assessment& assessment, Path path) {
    Filter(assessment.mutable_additional_data(), path + ".additional_data", &Redactor::Leaf);
  }

  void Method(v1::Method& method, Path path) {
    Filter(method.mutable_additional_data(), path + ".additional_data", &Redactor::Leaf);
  }

  void Expectation(v1::Expectation& expectation, Path path) {
    if (expectation.has_contact() &&
        !KeepContact(*expectation.mutable_contact(), path + ".contact")) {
      expectation.clear_contact();
    }
  }

  void Event(v1::EventData& event, Path path) {
    Filter(event.mutable_contacts(), path + ".contacts", &Redactor::Contact);
    Filter(event.mutable_discoveries(), path + ".discoveries", &Redactor::Discovery);
    if (event.has_assessment()) {
      const std::string assessment_path = path + ".assessment";
      if (Withhold(event.assessment().restriction(), assessment_path)) {
        event.clear_assessment();
      } else {
        Assessment(*event.mutable_assessment(), assessment_path);
      }
    }
    Filter(event.mutable_methods(), path + ".methods", &Redactor::Method);
    Filter(event.mutable_systems(), path + ".systems", &Redactor::Leaf);
    Filter(event.mutable_expectations(), path + ".expectations", &Redactor::Expectation);
    Filter(event.mutable_event_data(), path + ".event_data", &Redactor::Event);
    Filter(event.mutable_additional_data(), path + ".additional_data", &Redactor::Leaf);
  }

  // An Observable that survived its own restriction: a System inside carries another one.
  void Observable(v1::Observable& observable, Path path) {
    if (observable.has_system() && Withhold(observable.system().restriction(), path + ".system")) {
      observable.clear_system();
    }
  }

  void Expression(v1::IndicatorExpression& expression, Path path) {
    Filter(expression.mutable_observables(), path + ".observables", &Redactor::Observable);
    for (int i = 0; i < expression.expressions_size(); ++i) {
      Expression(*expression.mutable_expressions(i), Indexed(path + ".expressions", i));
    }
  }

  void Indicator(v1::IodefIndicator& indicator, Path path) {
    Filter(indicator.mutable_contacts(), path + ".contacts", &Redactor::Contact);
    if (indicator.has_observable()) {
      const std::string observable_path = path + ".observable";
      if (Withhold(indicator.observable().restriction(), observable_path)) {
        indicator.clear_observable();
      } else {
        Observable(*indicator.mutable_observable(), observable_path);
      }
    }
    if (indicator.has_expression()) {
      Expression(*indicator.mutable_expression(), path + ".expression");
    }
  }

  void History(v1::HistoryItem& item, Path path) {
    if (item.has_incident_id() &&
        Withhold(item.incident_id().restriction(), path + ".incident_id")) {
      item.clear_incident_id();
    }
    if (item.has_contact() && !KeepContact(*item.mutable_contact(), path + ".contact")) {
      item.clear_contact();
    }
  }

  void Related(v1::RelatedActivity& related, Path path) {
    Filter(related.mutable_incident_ids(), path + ".incident_ids", &Redactor::Leaf);
    Filter(related.mutable_threat_actors(), path + ".threat_actors", &Redactor::Leaf);
    Filter(related.mutable_campaigns(), path + ".campaigns", &Redactor::Leaf);
  }

  const Agreement& agreement_;
  std::vector<Removal> removals_;
};

}  // namespace

std::optional<std::string> WithholdReason(const v1::RestrictionValue& restriction,
                                          const Agreement& agreement) {
  const std::optional<v1::Tlp> tlp = iodef::TlpOfRestriction(restriction);
  if (tlp == v1::TLP_RED) {
    return Cat(
        {"marked ", RestrictionText(restriction), " (TLP:RED), which never leaves this CIRT"});
  }
  if (restriction.value() == v1::RESTRICTION_NEED_TO_KNOW && !agreement.personal_data_allowed) {
    return Cat({"marked need-to-know; agreement \"", agreement.name, "\" with ", agreement.partner,
                " does not allow personal data"});
  }
  if (tlp && !AllowsTlp(agreement, *tlp)) {
    return Cat({"marked ", RestrictionText(restriction), " (TLP:", iodef::TlpName(*tlp),
                "), which agreement \"", agreement.name, "\" with ", agreement.partner,
                " does not cover"});
  }
  return std::nullopt;
}

std::vector<Removal> Redact(v1::Incident& incident, const Agreement& agreement) {
  Redactor redactor(agreement);
  redactor.Incident(incident);
  return redactor.Take();
}

}  // namespace ncirt::exchange::policy
