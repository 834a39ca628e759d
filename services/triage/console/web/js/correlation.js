// The incident's constituents (who owns its indicators, whom to notify) and related incidents
// with the indicators they share (docs/api-constituency.md), when the service offers them.
import * as api from './api.js';
import {h, table} from './dom.js';

export async function constituentsSection(id) {
  const answer = await api.getIfOffered(`/v1/incidents/${id}/constituents`);
  if (!answer) return null;
  return h('section.panel#constituents', {},
    h('h2', {}, `Affected constituents (criticality ${answer.criticality})`),
    answer.organisations.length ? answer.organisations.map((o) => h('div.org', {},
      h('h3', {}, `${o.name} `, h('small.muted', {}, `${o.handle}, ${o.sector}, ${o.criticality}` +
        (o.critical_infrastructure ? ', critical infrastructure' : ''))),
      h('p', {}, 'Matched by: ', o.matches.map((m) => `${m.indicator} (${m.via} ${m.entry})`).join('; ')),
      o.contacts.length ? h('ul', {}, o.contacts.map((c) => h('li', {}, `${c.role}: `,
        h('a', {href: `mailto:${c.email}`}, c.email), c.phone ? ` · ${c.phone}` : '',
        c.language ? ` · ${c.language}` : '', c.pgp_fingerprint ? h('small.mono', {}, ` PGP ${c.pgp_fingerprint}`) : '')))
        : h('p.muted', {}, 'No contact registered.')))
      : h('p.muted', {}, 'No constituent matched the indicators.'));
}

export async function relatedSection(id) {
  const answer = await api.getIfOffered(`/v1/incidents/${id}/related`);
  if (!answer) return null;
  const crowded = answer.indicators.filter((i) => i.more > 0);
  return h('section.panel#related', {},
    h('h2', {}, `Related incidents (${answer.related.length})`),
    answer.related.length ? table([
      {title: 'Incident', cell: (r) => h('a.mono', {href: `#/incident/${r.incident_id}`}, r.incident_id.slice(0, 8))},
      {title: 'State', cell: (r) => r.state},
      {title: 'Category', cell: (r) => r.category || ''},
      {title: 'Shared indicators', cell: (r) => h('ul', {}, r.shared.map((s) =>
        h('li', {}, h('code', {}, s.value), s.their_value !== s.value ? ` ~ ${s.their_value}` : '')))},
    ], answer.related, {}) : h('p.muted', {}, 'No other incident shares an indicator.'),
    crowded.map((i) => h('p.muted', {}, `${i.value} is shared by ${i.at_least ? 'at least ' : ''}${i.incidents} incidents; ${i.listed} listed and ${i.more} more.`)));
}
