// The incident's report as the detail page shows it: what happened, when, how bad, who is
// involved, the indicators, and what the report says about related activity. The data is
// GET /v1/incidents/{id}'s `model` (protobuf JSON of ncirt.v1.Incident, proto field names),
// `times` and `indicators` (docs/api.md).
import {h} from './dom.js';

const enumName = (value, prefix) => (value || '').replace(prefix, '').toLowerCase().replace(/_/g, '-');
const texts = (list) => (list || []).map((t) => t.text).filter(Boolean);
const when = (ms) => (ms == null ? null : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));
const stamp = (ts) => (ts ? new Date(ts).toISOString().replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '');

function section(title, ...content) {
  const items = content.flat().filter(Boolean);
  if (!items.length) return null;
  return h('section.panel', {}, h('h2', {}, title), ...items);
}

function facts(pairs) {
  const kept = pairs.filter(([, v]) => v);
  return kept.length ? h('dl.facts', {}, kept.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : null;
}

function impactText(impact) {
  const system = impact.system || impact.v1_impact;
  if (system) {
    return `system impact: ${enumName(system.severity, 'SEVERITY_') || 'unknown'} severity` +
           (system.type ? `, ${system.type}` : '') + (system.completion ? `, ${system.completion}` : '');
  }
  if (impact.business) return `business impact: ${impact.business.severity || 'unknown'} ${impact.business.type || ''}`;
  if (impact.intended) return `intended impact: ${impact.intended.severity || 'unknown'} ${impact.intended.type || ''}`;
  if (impact.time) return `time impact: ${impact.time.value} ${impact.time.metric || ''}`;
  if (impact.monetary) return `monetary impact: ${impact.monetary.value} ${impact.monetary.currency || ''}`;
  return 'impact';
}

function contactLines(c, depth = 0) {
  const name = texts(c.names).join(', ') || '(unnamed)';
  const role = c.role ? enumName(c.role, 'CONTACT_ROLE_') : c.ext_role;
  const emails = (c.emails || []).map((e) => e.address);
  const phones = (c.telephones || []).map((t) => t.number);
  return [
    h('li', {dataset: {depth}}, h('strong', {}, name), ` — ${role || 'contact'}`,
      c.type ? ` (${enumName(c.type, 'CONTACT_TYPE_')})` : '',
      emails.length ? ` · ${emails.join(', ')}` : '', phones.length ? ` · ${phones.join(', ')}` : ''),
    ...(c.contacts || []).flatMap((sub) => contactLines(sub, depth + 1)),
  ];
}

export function modelSections(detail) {
  const model = detail.model || {};
  const id = model.incident_id || {};
  const t = detail.times || {};
  const what = section('What happened',
    texts(model.descriptions).map((d) => h('p.description', {}, d)),
    facts([['IODEF IncidentID', id.id ? `${id.id} @ ${id.name}` : null],
           ['Purpose', enumName(model.purpose, 'PURPOSE_')],
           ['IODEF status', enumName(model.status, 'INCIDENT_STATUS_')],
           ['Schema warnings', detail.origin?.warning_count ? String(detail.origin.warning_count) : null]]));
  const times = section('Times', facts([
    ['Detected', when(t.detect_ms)], ['Started', when(t.start_ms)], ['Ended', when(t.end_ms)],
    ['Reported', when(t.report_ms)], ['Generated', when(t.generation_ms)],
    ['Received', when(t.received_ms)]]));
  const assessments = (model.assessments || []).map((a) => h('li', {},
    (a.impacts || []).map(impactText).join('; ') || 'no impact stated',
    a.confidence?.rating ? ` — confidence ${enumName(a.confidence.rating, 'CONFIDENCE_RATING_')}` : '',
    texts(a.incident_categories).length ? ` — ${texts(a.incident_categories).join(', ')}` : ''));
  const contacts = model.contacts || [];
  const indicators = detail.indicators || [];
  const indicatorTable = indicators.length ? h('table.grid.compact#indicators', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Kind'), h('th', {}, 'Value'), h('th', {}, 'Seen as'))),
    h('tbody', {}, indicators.map((i) => h('tr', {},
      h('td', {}, i.kind + (i.hash_algorithm ? ` (${i.hash_algorithm})` : '')),
      h('td.mono', {}, i.value), h('td', {}, i.role || ''))))) : null;
  const related = (model.related_activities || []).flatMap((r) => (r.incident_ids || []).map((x) => `${x.id} @ ${x.name}`));
  const reportHistory = (model.history || []).map((item) => h('li', {},
    stamp(item.date_time), ' ', item.action || item.ext_action || '', ' ', texts(item.descriptions).join(' ')));
  return [what, times,
    section('Assessment', assessments.length ? h('ul', {}, assessments) : null),
    section('Contacts in the report', contacts.length ? h('ul.contacts', {}, contacts.flatMap((c) => contactLines(c))) : null),
    section(`Indicators (${indicators.length}${detail.indicators_truncated ? '+' : ''})`, indicatorTable),
    section('Related activity (from the report)', related.length ? h('ul', {}, related.map((r) => h('li', {}, r))) : null),
    section('History (from the report)', reportHistory.length ? h('ul', {}, reportHistory) : null)].filter(Boolean);
}

// Triage's own history of the incident (its audit records) and intake's versions.
export function historySection(detail) {
  const describe = (d) => (d && typeof d === 'object' ? Object.entries(d).map(([k, v]) => `${k} ${v}`).join(', ') : String(d ?? ''));
  return section(`History (${(detail.history || []).length})`,
    h('ol.history#history', {}, (detail.history || []).map((e) => h('li', {},
      h('span.mono', {}, when(e.at_ms)), ' ', h('strong', {}, e.actor), ` ${e.action}`,
      describe(e.detail) ? ` — ${describe(e.detail)}` : ''))),
    (detail.versions || []).length > 1 ? h('p.muted', {}, `Intake versions: ${detail.versions.map((v) =>
      `v${v.version} (${v.tlp}, ${when(v.recorded_at_ms)})`).join('; ')}`) : null);
}
