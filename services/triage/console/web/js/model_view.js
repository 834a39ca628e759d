// The incident's model (proto/ncirt/v1/incident.proto in protobuf's JSON mapping) as the
// detail page's sections: what happened, when, how bad, who is involved, and the indicators.
import {h} from './dom.js';

const enumName = (value, prefix) => (value || '').replace(prefix, '').toLowerCase().replace(/_/g, '-');
const texts = (list) => (list || []).map((t) => t.text).filter(Boolean);
const time = (ts) => (ts ? new Date(ts).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace('Z', ' UTC') : null);

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
  if (impact.system) {
    return `system impact: ${enumName(impact.system.severity, 'SEVERITY_') || 'unknown'} severity` +
           (impact.system.type ? `, ${impact.system.type}` : '') +
           (impact.system.completion ? `, ${impact.system.completion}` : '');
  }
  if (impact.business) return `business impact: ${impact.business.severity || 'unknown'} ${impact.business.type || ''}`;
  if (impact.time) return `time impact: ${impact.time.value} ${impact.time.metric || ''}`;
  if (impact.monetary) return `monetary impact: ${impact.monetary.value} ${impact.monetary.currency || ''}`;
  return 'impact';
}

function contactLine(c, depth = 0) {
  const name = texts(c.names).join(', ') || '(unnamed)';
  const role = c.role ? enumName(c.role, 'CONTACT_ROLE_') : c.extRole;
  const emails = (c.emails || []).map((e) => e.address);
  const phones = (c.telephones || []).map((t) => t.number);
  return [
    h('li', {style: null, dataset: {depth}},
      h('strong', {}, name), ` — ${role || 'contact'}`,
      c.type ? ` (${enumName(c.type, 'CONTACT_TYPE_')})` : '',
      emails.length ? [' · ', emails.join(', ')] : '',
      phones.length ? [' · ', phones.join(', ')] : ''),
    ...(c.contacts || []).flatMap((sub) => contactLine(sub, depth + 1)),
  ];
}

export function modelSections(model) {
  const id = model.incidentId || {};
  const what = section('What happened',
    texts(model.descriptions).map((t) => h('p.description', {}, t)),
    facts([['IODEF IncidentID', id.id ? `${id.id} @ ${id.name}` : null],
           ['Purpose', enumName(model.purpose, 'PURPOSE_')],
           ['IODEF status', enumName(model.status, 'INCIDENT_STATUS_')]]));
  const when = section('Times', facts([
    ['Detected', time(model.detectTime)], ['Started', time(model.startTime)],
    ['Ended', time(model.endTime)], ['Recovered', time(model.recoveryTime)],
    ['Reported', time(model.reportTime)], ['Generated', time(model.generationTime)]]));
  const assessments = (model.assessments || []).map((a) => h('li', {},
    (a.impacts || []).map(impactText).join('; ') || 'no impact stated',
    a.confidence?.rating ? ` — confidence ${enumName(a.confidence.rating, 'CONFIDENCE_RATING_')}` : '',
    texts(a.incidentCategories).length ? ` — ${texts(a.incidentCategories).join(', ')}` : ''));
  const assessment = section('Assessment', assessments.length ? h('ul', {}, assessments) : null);
  const contacts = section('Contacts (constituents, reporters, creators)',
    (model.contacts || []).length ? h('ul.contacts', {}, (model.contacts || []).flatMap((c) => contactLine(c))) : null);
  const indicators = model.normalizedIndicators || [];
  const indicatorTable = indicators.length ? h('table.grid.compact', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Kind'), h('th', {}, 'Value'), h('th', {}, 'Seen as'))),
    h('tbody', {}, indicators.map((i) => h('tr', {},
      h('td', {}, enumName(i.kind, 'INDICATOR_KIND_') + (i.hashAlgorithm ? ` (${i.hashAlgorithm})` : '')),
      h('td.mono', {}, i.value), h('td', {}, i.role || ''))))) : null;
  const related = (model.relatedActivities || []).flatMap((r) => (r.incidentIds || []).map((x) => `${x.id} @ ${x.name}`));
  const history = (model.history || []).map((item) => h('li', {},
    time(item.dateTime) || '', ' ', item.action || item.extAction || '', ' ', texts(item.descriptions).join(' ')));
  return [what, when, assessment, contacts,
    section(`Indicators (${indicators.length})`, indicatorTable),
    section('Related activity (from the report)', related.length ? h('ul', {}, related.map((r) => h('li', {}, r))) : null),
    section('History (from the report)', history.length ? h('ul', {}, history) : null)].filter(Boolean);
}
