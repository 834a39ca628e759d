// Statistics (docs/api-statistics.md): a period's figures as bar charts (SVG built with the DOM,
// so the CSP needs no inline style or script) and tables, the CSV of the same figures, and the
// printable annual report.
import * as api from './api.js';
import {h, fill, field, options, table} from './dom.js';
import {busy} from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// A horizontal bar chart of [label, value] pairs.
export function barChart(title, pairs) {
  const rows = pairs.filter(([, v]) => v > 0);
  const max = Math.max(1, ...rows.map(([, v]) => v));
  const rowHeight = 22, labelWidth = 210, barWidth = 300, width = labelWidth + barWidth + 60;
  const chart = svg('svg', {viewBox: `0 0 ${width} ${Math.max(rows.length, 1) * rowHeight + 4}`,
                            width, role: 'img', 'aria-label': title, class: 'chart'},
    ...rows.map(([label, value], i) => svg('g', {transform: `translate(0 ${i * rowHeight})`},
      svg('text', {x: labelWidth - 8, y: 15, 'text-anchor': 'end', class: 'label'},
          label.length > 30 ? `${label.slice(0, 29)}…` : label),
      svg('rect', {x: labelWidth, y: 3, height: 15, width: Math.max(2, (value / max) * barWidth), class: 'bar'}),
      svg('text', {x: labelWidth + (value / max) * barWidth + 6, y: 15, class: 'value'}, value))));
  return h('figure.chart', {}, h('figcaption', {}, title),
    rows.length ? chart : h('p.muted', {}, 'Nothing in this period.'));
}

const pairs = (list, key) => (list || []).map((x) => [String(x[key]), x.incidents]);
const ms = (v) => (v == null ? '—' : v < 3600000 ? `${Math.round(v / 60000)} min` : `${(v / 3600000).toFixed(1)} h`);

function slaTable(rows) {
  return table([
    {title: 'Priority', cell: (r) => (r.priority === 'all' ? 'all' : `P${r.priority}`)},
    {title: 'Triaged (measured)', cell: (r) => String(r.time_to_triage.measured ?? 0)},
    {title: 'Median to triage', cell: (r) => ms(r.time_to_triage.median_ms)},
    {title: 'p90 to triage', cell: (r) => ms(r.time_to_triage.p90_ms)},
    {title: 'Within target', cell: (r) => String(r.time_to_triage.within_target ?? 0)},
    {title: 'Resolved (measured)', cell: (r) => String(r.time_to_resolve.measured ?? 0)},
    {title: 'Median to resolve', cell: (r) => ms(r.time_to_resolve.median_ms)},
    {title: 'Within target', cell: (r) => String(r.time_to_resolve.within_target ?? 0)},
  ], rows);
}

function render(out, s, query) {
  fill(out,
    h('p', {}, `${s.incidents} incidents from ${s.period.from} to ${s.period.to} ` +
      `(${s.merged_duplicates} merged duplicates not counted); named items up to TLP:${s.tlp_ceiling}. `,
      h('a#stats-csv', {href: `/v1/statistics${api.query({...query, format: 'csv'})}`, download: ''}, 'Download CSV')),
    h('div.charts', {},
      barChart('By category', pairs(s.by_category, 'category')),
      barChart('By TLP', pairs(s.by_tlp, 'tlp')),
      barChart('By state', pairs(s.by_state, 'state')),
      barChart('By priority', (s.by_priority || []).map((x) => [`P${x.priority}`, x.incidents])),
      barChart('By source', pairs(s.by_source_kind, 'kind')),
      barChart('By sector', pairs(s.by_sector, 'sector'))),
    h('h2', {}, 'SLA'), slaTable(s.sla || []),
    (s.partners || []).length ? [h('h2', {}, 'Partners'), table([
      {title: 'Partner', cell: (p) => `${p.partner} (${p.country || '?'})`},
      {title: 'Sent', cell: (p) => String(p.sent)}, {title: 'Delivered', cell: (p) => String(p.delivered)},
      {title: 'Pending', cell: (p) => String(p.pending)},
      {title: 'Refused by partner', cell: (p) => String(p.refused_by_partner)},
      {title: 'Refused by policy', cell: (p) => String(p.refused_by_policy)},
      {title: 'Received', cell: (p) => String(p.received)}], s.partners)] : null,
    h('div.charts', {},
      barChart('Top indicators', (s.top_indicators || []).map((x) => [`${x.value}`, x.incidents])),
      barChart('Top organisations', pairs(s.top_organisations, 'organisation'))));
}

export async function renderStats(main) {
  const now = new Date();
  const iso = (d) => d.toISOString().slice(0, 10);
  const from = h('input', {name: 'from', type: 'date', value: `${now.getUTCFullYear()}-01-01`, required: true});
  const to = h('input', {name: 'to', type: 'date', value: iso(new Date(now.getTime() + 86400000)), required: true});
  const tlp = h('select', {name: 'tlp'}, options([['', 'my ceiling'], 'CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'], ''));
  const out = h('div.stats-out#stats-out');
  const year = now.getUTCFullYear();
  const show = async () => {
    const query = {from: from.value, to: to.value, tlp: tlp.value};
    try {
      render(out, await api.get(`/v1/statistics${api.query(query)}`), query);
    } catch (e) {
      fill(out, h('p.error', {}, e.message));
    }
  };
  fill(main, h('section.panel', {},
    h('div.heading', {}, h('h1', {}, 'Statistics'), h('span.spacer'),
      h('a.button', {href: `/v1/reports/annual?year=${year}`, target: '_blank', rel: 'noopener'}, `Annual report ${year}`),
      h('a.button', {href: `/v1/reports/annual?year=${year - 1}`, target: '_blank', rel: 'noopener'}, `${year - 1}`)),
    h('form.filters', {onsubmit: (e) => { e.preventDefault(); busy(e.submitter, show); }},
      field('From (UTC)', from), field('To (exclusive)', to), field('TLP ceiling', tlp),
      h('div.actions', {}, h('button.primary', {type: 'submit'}, 'Show'))),
    out));
  await show();
}
