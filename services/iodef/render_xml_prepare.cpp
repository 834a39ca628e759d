// PrepareForXml(): the incident level, and the rules shared by every class.
#include "iodef/render_xml_prepare.hpp"

#include <cmath>

#include "iodef/map_prune.hpp"
#include "iodef/map_values.hpp"
#include "iodef/render_xml_fragment.hpp"
#include "iodef/render_xml_preparer.hpp"

namespace ncirt::iodef {
namespace {

constexpr std::string_view kKeptInSource = "; kept only in the source document";


// A missing dtype is required by the schema; the content says which one it is.
std::string DtypeFor(const v1::ExtensionData& data) {
  const std::string_view value = data.value();
  return value.find('<') != std::string_view::npos && IsXmlFragment(value) ? "xml" : "string";
}

}  // namespace

void Preparer::Omit(const std::string& path, std::string_view why) {
  omitted_.push_back(path + ": " + std::string(why) + std::string(kKeptInSource));
}

bool Preparer::Token(EnumAttr attr, std::string* token, std::string* ext, const std::string& path,
                     bool required) {
  const EnumAttrInfo& info = Info(attr);
  if (token->empty()) {
    if (!ext->empty()) {
      Omit(path + "/@" + std::string(info.ext_attribute),
           "'" + *ext + "' without " + std::string(info.attribute) + "='ext-value'");
      ext->clear();
    }
    if (required) {
      Omit(path, "no " + std::string(info.attribute) + ", which the schema requires");
    }
    return !required;
  }
  TokenWrite write = WriteToken(attr, *token, *ext);
  if (write.ok && write.token == kExtValueToken && write.ext.empty()) {
    Omit(path + "/@" + std::string(info.attribute),
         "'ext-value' without its " + std::string(info.ext_attribute) + " value" +
             (required ? "; the element is left out" : ""));
    token->clear();
    return false;
  }
  if (!write.ok) {
    Omit(path + "/@" + std::string(info.attribute),
         "'" + (*token == kExtValueToken ? *ext : *token) + "' is not in " +
             std::string(info.type_name) + ", which has no ext-value" +
             (required ? "; the element is left out" : ""));
    token->clear();
    ext->clear();
    return false;
  }
  *token = write.token;
  *ext = write.ext;
  return true;
}

bool Preparer::Plain(EnumAttr attr, std::string* token, const std::string& path) {
  std::string ext;
  return Token(attr, token, &ext, path);
}

void Preparer::Text(v1::LocalizedText* text, const std::string& path) {
  if (!text->lang().empty() && !IsLanguage(text->lang())) {
    Omit(path + "/@xml:lang", "'" + text->lang() + "' is not a language tag");
    text->clear_lang();
  }
}

void Preparer::Texts(google::protobuf::RepeatedPtrField<v1::LocalizedText>* texts,
                     const std::string& path, std::string_view element) {
  for (int i = 0; i < texts->size(); ++i) Text(texts->Mutable(i), Indexed(path, element, i));
}

void Preparer::Extensions(google::protobuf::RepeatedPtrField<v1::ExtensionData>* data,
                          const std::string& path) {
  KeepIf(data, [&](v1::ExtensionData* item, int i) {
    const std::string here = Indexed(path, "AdditionalData", i);
    if (item->dtype().empty() && item->ext_dtype().empty()) item->set_dtype(DtypeFor(*item));
    if (!Token(EnumAttr::kDtype, item->mutable_dtype(), item->mutable_ext_dtype(), here, true)) {
      return false;
    }
    Restriction(item->mutable_restriction(), here);
    if (item->dtype() != "xml") return true;
    const FragmentCheck check = CheckXmlFragment(item->value());
    if (!check.well_formed) {
      Omit(here, "dtype 'xml' but the value is not well-formed XML");
      return false;
    }
    if (!check.unwritable_namespace.empty()) {
      Omit(here, "an element in namespace '" + check.unwritable_namespace +
                     "', which contains '|': not a URI, and libxml2's schema validation refuses "
                     "it even where the schema allows any element");
      return false;
    }
    return true;
  });
}

bool Preparer::ConfidenceOk(v1::Confidence* confidence, const std::string& path) {
  confidence->set_rating(Canon(confidence->rating(), confidence->mutable_ext_rating(), path));
  if (confidence->rating() == v1::CONFIDENCE_RATING_UNSPECIFIED) {
    Omit(path, "Confidence without rating");
    return false;
  }
  if (confidence->has_value()) {
    Omit(path, "numeric value " + WriteDouble(confidence->value()) +
                   " not written: RFC 7970's schema gives Confidence no content");
    confidence->clear_value();
  }
  return true;
}

bool Preparer::IncidentId(v1::IncidentId* id, const std::string& path) {
  if (id->name().empty()) {
    Omit(path, "IncidentID without name");
    return false;
  }
  Restriction(id->mutable_restriction(), path);
  return true;
}

bool Preparer::Contact(v1::Contact* contact, const std::string& path) {
  contact->set_role(Canon(contact->role(), contact->mutable_ext_role(), path));
  contact->set_type(Canon(contact->type(), contact->mutable_ext_type(), path));
  if (contact->role() == v1::CONTACT_ROLE_UNSPECIFIED ||
      contact->type() == v1::CONTACT_TYPE_UNSPECIFIED) {
    Omit(path, std::string("Contact without ") +
                   (contact->role() == v1::CONTACT_ROLE_UNSPECIFIED ? "role" : "type") +
                   ", which the schema requires");
    return false;
  }
  Restriction(contact->mutable_restriction(), path);
  Texts(contact->mutable_names(), path, "ContactName");
  Texts(contact->mutable_titles(), path, "ContactTitle");
  Texts(contact->mutable_descriptions(), path, "Description");
  for (int i = 0; i < contact->registry_handles_size(); ++i) {
    v1::RegistryHandle* handle = contact->mutable_registry_handles(i);
    Token(EnumAttr::kRegistry, handle->mutable_registry(), handle->mutable_ext_registry(),
          Indexed(path, "RegistryHandle", i));
  }
  for (int i = 0; i < contact->postal_addresses_size(); ++i) {
    v1::PostalAddress* postal = contact->mutable_postal_addresses(i);
    const std::string here = Indexed(path, "PostalAddress", i);
    Token(EnumAttr::kPostalAddressType, postal->mutable_type(), postal->mutable_ext_type(), here);
    Text(postal->mutable_address(), Sub(here, "PAddress"));
    Texts(postal->mutable_descriptions(), here, "Description");
  }
  KeepIf(contact->mutable_emails(), [&](v1::Email* email, int i) {
    const std::string here = Indexed(path, "Email", i);
    if (email->address().empty()) {
      Omit(here, "Email without an address");
      return false;
    }
    Token(EnumAttr::kEmailType, email->mutable_type(), email->mutable_ext_type(), here);
    Texts(email->mutable_descriptions(), here, "Description");
    return true;
  });
  KeepIf(contact->mutable_telephones(), [&](v1::Telephone* phone, int i) {
    const std::string here = Indexed(path, "Telephone", i);
    if (phone->number().empty()) {
      Omit(here, "Telephone without a number");
      return false;
    }
    Token(EnumAttr::kTelephoneType, phone->mutable_type(), phone->mutable_ext_type(), here);
    Texts(phone->mutable_descriptions(), here, "Description");
    return true;
  });
  if (!contact->timezone().empty() && !IsTimezone(contact->timezone())) {
    Omit(Sub(path, "Timezone"), "'" + contact->timezone() + "' is not Z or +hh:mm");
    contact->clear_timezone();
  }
  Contacts(contact->mutable_contacts(), path);
  Extensions(contact->mutable_additional_data(), path);
  return true;
}

void Preparer::Contacts(google::protobuf::RepeatedPtrField<v1::Contact>* contacts,
                        const std::string& path) {
  KeepIf(contacts,
         [&](v1::Contact* contact, int i) { return Contact(contact, Indexed(path, "Contact", i)); });
}

bool Preparer::Counter(v1::Counter* counter, const std::string& path) {
  if (!Token(EnumAttr::kCounterType, counter->mutable_type(), counter->mutable_ext_type(), path,
             true) ||
      !Token(EnumAttr::kCounterUnit, counter->mutable_unit(), counter->mutable_ext_unit(), path,
             true)) {
    return false;
  }
  Token(EnumAttr::kDuration, counter->mutable_duration(), counter->mutable_ext_duration(), path);
  return true;
}

namespace {

// RFC 5070 Impact -> RFC 7970 SystemImpact: same severity, completion and descriptions; the v1
// type as the v2 token when v2 registers it ("policy", "unknown"), else as ext-value.
v1::SystemImpact UpgradeV1Impact(const v1::SystemImpact& old) {
  v1::SystemImpact impact = old;
  if (old.type() == kExtValueToken || old.type().empty()) return impact;
  const TokenWrite write = WriteToken(EnumAttr::kSystemImpactType, old.type(), "");
  impact.set_type(write.token);
  impact.set_ext_type(write.ext);
  return impact;
}

bool PositiveFinite(double value) { return std::isfinite(value) && value > 0; }

}  // namespace

bool Preparer::Assessment(v1::Assessment* assessment, const std::string& path) {
  Plain(EnumAttr::kOccurrence, assessment->mutable_occurrence(), path);
  Restriction(assessment->mutable_restriction(), path);
  Texts(assessment->mutable_incident_categories(), path, "IncidentCategory");
  KeepIf(assessment->mutable_impacts(), [&](v1::Impact* impact, int i) {
    const std::string here = Indexed(path, "Impact", i);
    if (impact->has_v1_impact()) *impact->mutable_system() = UpgradeV1Impact(impact->v1_impact());
    switch (impact->kind_case()) {
      case v1::Impact::kSystem: {
        v1::SystemImpact* s = impact->mutable_system();
        Plain(EnumAttr::kCompletion, s->mutable_completion(), here);
        Token(EnumAttr::kSystemImpactType, s->mutable_type(), s->mutable_ext_type(), here);
        Texts(s->mutable_descriptions(), here, "Description");
        return true;
      }
      case v1::Impact::kBusiness:
      case v1::Impact::kIntended: {
        v1::BusinessImpact* b =
            impact->has_business() ? impact->mutable_business() : impact->mutable_intended();
        Token(EnumAttr::kBusinessImpactSeverity, b->mutable_severity(), b->mutable_ext_severity(),
              here);
        Token(EnumAttr::kBusinessImpactType, b->mutable_type(), b->mutable_ext_type(), here);
        Texts(b->mutable_descriptions(), here, "Description");
        return true;
      }
      case v1::Impact::kTime: {
        v1::TimeImpact* t = impact->mutable_time();
        if (!PositiveFinite(t->value())) {
          Omit(here, "TimeImpact value " + WriteDouble(t->value()) + " is not a positive number");
          return false;
        }
        Token(EnumAttr::kDuration, t->mutable_duration(), t->mutable_ext_duration(), here);
        return Token(EnumAttr::kTimeImpactMetric, t->mutable_metric(), t->mutable_ext_metric(),
                     here, true);
      }
      case v1::Impact::kMonetary:
        if (!PositiveFinite(impact->monetary().value())) {
          Omit(here, "MonetaryImpact value " + WriteDouble(impact->monetary().value()) +
                         " is not a positive number");
          return false;
        }
        return true;
      default:
        Omit(here, "impact of no kind");
        return false;
    }
  });
  KeepIf(assessment->mutable_counters(), [&](v1::Counter* counter, int i) {
    return Counter(counter, Indexed(path, "Counter", i));
  });
  Texts(assessment->mutable_mitigating_factors(), path, "MitigatingFactor");
  Texts(assessment->mutable_causes(), path, "Cause");
  if (assessment->has_confidence() &&
      !ConfidenceOk(assessment->mutable_confidence(), Sub(path, "Confidence"))) {
    assessment->clear_confidence();
  }
  Extensions(assessment->mutable_additional_data(), path);
  if (assessment->impacts().empty()) {
    Omit(path, "no impact, which the schema requires in an Assessment");
    return false;
  }
  return true;
}

namespace {

common::Result<void> Require(const v1::Incident& incident, const std::string& path) {
  const auto fail = [&](std::string what) -> common::Result<void> {
    return common::Fail(common::ErrorKind::kUnmappable,
                        path + " (" + incident.incident_id().name() + " " +
                            incident.incident_id().id() + ") cannot be written as IODEF v2: " +
                            what);
  };
  if (incident.incident_id().id().empty() || incident.incident_id().name().empty()) {
    return fail("IncidentID needs both its text and a name");
  }
  if (Token(incident.purpose()).empty()) return fail("it has no purpose");
  if (!incident.has_generation_time()) return fail("it has no GenerationTime");
  return {};
}

}  // namespace

common::Result<PreparedDocument> PrepareForXml(const std::vector<v1::Incident>& input) {
  Preparer preparer;
  PreparedDocument out;
  out.incidents = input;
  for (std::size_t i = 0; i < out.incidents.size(); ++i) {
    v1::Incident& incident = out.incidents[i];
    const std::string path = "Incident[" + std::to_string(i) + "]";
    // Set by the codec's front door and the store, not part of the IODEF document.
    incident.clear_id();
    incident.clear_tlp();
    incident.clear_normalized_indicators();
    incident.clear_warnings();
    incident.clear_source();
    if (common::Result<void> ok = Require(incident, path); !ok) return std::unexpected(ok.error());
    preparer.CleanStrings(incident, path);
    if (!incident.lang().empty() && !IsLanguage(incident.lang())) {
      preparer.Omit(path + "/@xml:lang", "'" + incident.lang() + "' is not a language tag");
      incident.clear_lang();
    }
  }
  out.lang = !out.incidents.empty() && !out.incidents.front().lang().empty()
                 ? out.incidents.front().lang()
                 : "en";
  for (v1::Incident& incident : out.incidents) {
    if (incident.lang().empty()) incident.set_lang(out.lang);
  }
  // Leaving one thing out can leave another without what it needs (an Indicator whose only
  // observable went, a reference to an id that went with it); repeat until nothing changes.
  // Ids and references are checked first on the model as given, so that what is reported names
  // elements by their position in it; removals by the structural pass can only shift positions
  // for what a later round finds.
  for (int round = 0; round < 16; ++round) {
    const bool ids_changed = preparer.UniqueIds(out.incidents);
    const bool references_changed = preparer.ResolveReferences(out.incidents);
    if (round > 0 && !ids_changed && !references_changed) break;
    for (std::size_t i = 0; i < out.incidents.size(); ++i) {
      v1::Incident& incident = out.incidents[i];
      const std::string path = "Incident[" + std::to_string(i) + "]";
      incident.set_purpose(preparer.Canon(incident.purpose(), incident.mutable_ext_purpose(), path));
      incident.set_status(preparer.Canon(incident.status(), incident.mutable_ext_status(), path));
      if (incident.purpose() == v1::PURPOSE_UNSPECIFIED) {
        return common::Fail(common::ErrorKind::kUnmappable,
                            path + " (" + incident.incident_id().name() + " " +
                                incident.incident_id().id() +
                                ") cannot be written as IODEF v2: its purpose is ext-value without "
                                "ext-purpose");
      }
      preparer.Restriction(incident.mutable_restriction(), path);
      preparer.IncidentId(incident.mutable_incident_id(), Sub(path, "IncidentID"));
      KeepIf(incident.mutable_alternative_ids(), [&](v1::IncidentId* id, int k) {
        return preparer.IncidentId(id, Indexed(path, "AlternativeID/IncidentID", k));
      });
      for (int k = 0; k < incident.related_activities_size(); ++k) {
        preparer.RelatedActivity(incident.mutable_related_activities(k),
                                 Indexed(path, "RelatedActivity", k));
      }
      preparer.Texts(incident.mutable_descriptions(), path, "Description");
      for (int k = 0; k < incident.discoveries_size(); ++k) {
        v1::Discovery* discovery = incident.mutable_discoveries(k);
        const std::string here = Indexed(path, "Discovery", k);
        preparer.Token(EnumAttr::kDiscoverySource, discovery->mutable_source(),
                       discovery->mutable_ext_source(), here);
        preparer.Restriction(discovery->mutable_restriction(), here);
        preparer.Texts(discovery->mutable_descriptions(), here, "Description");
        preparer.Contacts(discovery->mutable_contacts(), here);
      }
      KeepIf(incident.mutable_assessments(), [&](v1::Assessment* a, int k) {
        return preparer.Assessment(a, Indexed(path, "Assessment", k));
      });
      for (int k = 0; k < incident.methods_size(); ++k) {
        preparer.Method(incident.mutable_methods(k), Indexed(path, "Method", k));
      }
      preparer.Contacts(incident.mutable_contacts(), path);
      if (incident.contacts().empty()) {
        return common::Fail(common::ErrorKind::kUnmappable,
                            path + " (" + incident.incident_id().name() + " " +
                                incident.incident_id().id() +
                                ") cannot be written as IODEF v2: it has no Contact with both a "
                                "role and a type");
      }
      for (int k = 0; k < incident.event_data_size(); ++k) {
        preparer.EventData(incident.mutable_event_data(k), Indexed(path, "EventData", k));
      }
      KeepIf(incident.mutable_indicators(), [&](v1::IodefIndicator* indicator, int k) {
        return preparer.Indicator(indicator, Indexed(path, "IndicatorData/Indicator", k));
      });
      KeepIf(incident.mutable_history(), [&](v1::HistoryItem* item, int k) {
        return preparer.HistoryItem(item, Indexed(path, "History/HistoryItem", k));
      });
      preparer.Extensions(incident.mutable_additional_data(), path);
      PruneEmptyMessages(incident);
    }
  }
  out.omitted = std::move(preparer.omitted());
  return out;
}

}  // namespace ncirt::iodef
