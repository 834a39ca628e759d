#include "triage/taxonomy.hpp"

#include <array>

namespace ncirt::triage {
namespace {

constexpr std::array kCategories{
    Category{"abusive-content/spam", "Unsolicited bulk e-mail or messages", "spam"},
    Category{"abusive-content/harmful-speech", "Bullying, harassment, discrimination", ""},
    Category{"abusive-content/violence", "Child sexual exploitation, violence", ""},
    Category{"malicious-code/infected-system", "System infected with malware, e.g. a bot",
             "botnets"},
    Category{"malicious-code/c2-server", "Command-and-control server of malware or a botnet",
             "botnets"},
    Category{"malicious-code/malware-distribution", "URI or host used to spread malware", ""},
    Category{"malicious-code/malware-configuration", "URI hosting malware configuration", ""},
    Category{"information-gathering/scanner", "Scans probing for weaknesses", ""},
    Category{"information-gathering/sniffing",
             "Observing and recording network traffic (wiretapping)", "interception"},
    Category{"information-gathering/social-engineering",
             "Gathering information from people without technical means", ""},
    Category{"intrusion-attempts/ids-alert", "Attempt to compromise detected by an IDS", ""},
    Category{"intrusion-attempts/brute-force", "Repeated login attempts, password guessing",
             ""},
    Category{"intrusion-attempts/exploit", "Attempt to exploit a known vulnerability", ""},
    Category{"intrusions/privileged-account-compromise", "Compromise of a privileged account",
             ""},
    Category{"intrusions/unprivileged-account-compromise",
             "Compromise of an unprivileged account", ""},
    Category{"intrusions/application-compromise", "Compromise of an application", ""},
    Category{"intrusions/system-compromise", "Compromise of a system", ""},
    Category{"intrusions/burglary", "Physical intrusion", ""},
    Category{"intrusions/traffic-rerouting",
             "Traffic diverted by BGP hijacking, DNS hijacking or route manipulation",
             "traffic-rerouting", false},
    Category{"availability/dos", "Denial of service", "ddos"},
    Category{"availability/ddos", "Distributed denial of service", "ddos"},
    Category{"availability/misconfiguration", "Outage caused by misconfiguration", ""},
    Category{"availability/sabotage", "Physical sabotage", ""},
    Category{"availability/outage", "Outage without malice", ""},
    Category{"information-content-security/unauthorised-information-access",
             "Unauthorised access to information, e.g. intercepted communications",
             "interception"},
    Category{"information-content-security/unauthorised-information-modification",
             "Unauthorised change of information", ""},
    Category{"information-content-security/data-loss", "Loss of data", ""},
    Category{"information-content-security/data-leak", "Leaked confidential information", ""},
    Category{"fraud/unauthorised-use-of-resources", "Use of resources for unauthorised ends",
             "fraud-phishing"},
    Category{"fraud/copyright", "Offering or installing unlicensed copies", ""},
    Category{"fraud/masquerade", "Impersonating another entity to profit from it",
             "fraud-phishing"},
    Category{"fraud/phishing", "Masquerading as another entity to obtain credentials",
             "fraud-phishing"},
    Category{"vulnerable/weak-crypto", "Publicly accessible service with weak cryptography",
             ""},
    Category{"vulnerable/ddos-amplifier", "Service usable for DDoS reflection or amplification",
             "ddos"},
    Category{"vulnerable/potentially-unwanted-accessible",
             "Service reachable from the Internet that should not be", ""},
    Category{"vulnerable/information-disclosure", "Service disclosing sensitive information",
             ""},
    Category{"vulnerable/vulnerable-system", "System with a known vulnerability", ""},
    Category{"other/other", "None of the other categories", ""},
    Category{"other/undetermined", "Not yet categorised", ""},
    Category{"test/test", "Meant for testing", ""},
};

}  // namespace

std::span<const Category> Categories() { return kCategories; }

std::optional<Category> FindCategory(std::string_view token) {
  for (const auto& category : kCategories) {
    if (category.token == token) return category;
  }
  return std::nullopt;
}

}  // namespace ncirt::triage
