// The ENISA Reference Security Incident Taxonomy tokens triage accepts (the service's table in
// services/triage/taxonomy.cpp decides; this list only feeds the input's suggestions).
export const CATEGORIES = [
  'abusive-content/spam', 'abusive-content/harmful-speech', 'abusive-content/violence',
  'malicious-code/infected-system', 'malicious-code/malware-distribution',
  'malicious-code/malware-configuration', 'information-gathering/scanner',
  'information-gathering/sniffing', 'information-gathering/social-engineering',
  'intrusion-attempts/ids-alert', 'intrusion-attempts/brute-force', 'intrusion-attempts/exploit',
  'intrusions/privileged-account-compromise', 'intrusions/unprivileged-account-compromise',
  'intrusions/application-compromise', 'intrusions/system-compromise', 'intrusions/burglary',
  'intrusions/traffic-rerouting', 'availability/dos', 'availability/ddos',
  'availability/misconfiguration', 'availability/sabotage', 'availability/outage',
  'information-content-security/unauthorised-information-access',
  'information-content-security/unauthorised-information-modification',
  'information-content-security/data-loss', 'information-content-security/data-leak',
  'fraud/unauthorised-use-of-resources', 'fraud/copyright', 'fraud/masquerade', 'fraud/phishing',
  'vulnerable/weak-crypto', 'vulnerable/ddos-amplifier',
  'vulnerable/potentially-unwanted-accessible', 'vulnerable/information-disclosure',
  'vulnerable/vulnerable-system', 'other/other', 'other/undetermined', 'test/test',
];

// The workflow's moves (services/triage/workflow.cpp; the service refuses any other with 409).
// Merge has its own form.
export const NEXT_STATES = {
  new: ['triaged', 'rejected'],
  triaged: ['in_progress', 'waiting', 'rejected'],
  in_progress: ['waiting', 'resolved'],
  waiting: ['triaged', 'in_progress', 'resolved'],
  resolved: ['in_progress', 'closed'],
};
