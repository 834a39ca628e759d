// The queue (GET /v1/queue): the analyst's own incidents or the team's, overdue ones first,
// with filters, keyset paging ("more"), claim next (POST /v1/queue/claim) and j/k/Enter.
import * as api from './api.js';
import {h, fill, table, formatTime, formatDuration, tlpBadge, stateBadge, field, options} from './dom.js';
import {flash, navigate, busy} from './ui.js';

export const STATES = ['new', 'triaged', 'in_progress', 'waiting', 'resolved', 'closed', 'rejected', 'merged'];
const FINAL = new Set(['closed', 'rejected', 'merged', 'resolved']);

const view = {scope: 'mine', filters: {}, rows: [], next: null, selected: 0};

export function isOverdue(row, now = Date.now()) {
  return row.state === 'new' && row.triage_due_at_ms != null && row.triage_due_at_ms < now;
}

// Overdue first (longest overdue first), then open before finished, then priority, then age.
export function queueOrder(a, b, now = Date.now()) {
  const oa = isOverdue(a, now), ob = isOverdue(b, now);
  if (oa !== ob) return oa ? -1 : 1;
  if (oa && ob) return a.triage_due_at_ms - b.triage_due_at_ms;
  const fa = FINAL.has(a.state), fb = FINAL.has(b.state);
  if (fa !== fb) return fa ? 1 : -1;
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.created_at_ms - b.created_at_ms;
}

function dueCell(row) {
  if (row.state !== 'new' || row.triage_due_at_ms == null) return '';
  const left = row.triage_due_at_ms - Date.now();
  return left < 0 ? h('span.overdue', {}, `overdue ${formatDuration(left)}`)
                  : `triage in ${formatDuration(left)}`;
}

const columns = [
  {title: 'P', cell: (r) => h('span.prio', {dataset: {p: r.priority}}, `P${r.priority}`)},
  {title: 'State', cell: (r) => stateBadge(r.state)},
  {title: 'TLP', cell: (r) => tlpBadge(r.tlp)},
  {title: 'Category', cell: (r) => r.category || h('span.muted', {}, 'uncategorised')},
  {title: 'From', cell: (r) => r.submitter},
  {title: 'Assignee', cell: (r) => r.assignee || h('span.muted', {}, '—')},
  {title: 'SLA', cell: dueCell},
  {title: 'Filed', cell: (r) => formatTime(r.created_at_ms)},
  {title: 'Id', cell: (r) => h('a.mono', {href: `#/incident/${r.incident_id}`}, r.incident_id.slice(0, 8))},
];

async function load(append) {
  const me = api.session().name;
  const params = {...view.filters, limit: 100};
  if (view.scope === 'mine') params.assignee = me;
  if (append && view.next) params.after = view.next;
  const page = await api.get(`/v1/queue${api.query(params)}`);
  view.rows = append ? view.rows.concat(page.incidents) : page.incidents;
  view.next = page.next;
  view.rows.sort((a, b) => queueOrder(a, b));
}

export async function claimNext() {
  try {
    const r = await api.request('POST', '/v1/queue/claim');
    if (r.status === 204) {
      flash('Nothing is waiting to be claimed.');
      return;
    }
    flash(`Claimed incident ${r.data.incident_id.slice(0, 8)} (P${r.data.priority}).`);
    navigate(`#/incident/${r.data.incident_id}`);
  } catch (e) {
    flash(`Claim next: ${e.message}`, 'error');
  }
}

function filterForm(main) {
  const f = view.filters;
  const state = h('select#filter-state', {name: 'state'}, options([['', 'any state'], ...STATES], f.state || ''));
  const category = h('input', {name: 'category', value: f.category || '', placeholder: 'e.g. fraud/phishing'});
  const assignee = h('input', {name: 'assignee', value: f.assignee || '', placeholder: 'user name',
                                disabled: view.scope === 'mine'});
  const partner = h('input', {name: 'partner', value: f.partner || '', placeholder: 'submitter'});
  const constituent = h('input', {name: 'constituent', value: f.constituent || '', placeholder: 'organisation'});
  return h('form.filters', {role: 'search', onsubmit: async (event) => {
    event.preventDefault();
    view.filters = {state: state.value, category: category.value.trim(),
                    assignee: view.scope === 'mine' ? '' : assignee.value.trim(),
                    partner: partner.value.trim(), constituent: constituent.value.trim()};
    await busy(null, () => renderQueue(main));
  }},
  field('State', state), field('Category', category), field('Assignee', assignee),
  field('From (submitter)', partner), field('Constituent', constituent),
  h('div.actions', {}, h('button', {type: 'submit'}, 'Filter'),
    h('button.link', {type: 'button', onclick: () => { view.filters = {}; renderQueue(main); }}, 'Clear')));
}

function highlight(main) {
  main.querySelectorAll('table.grid tbody tr').forEach((tr, i) => {
    tr.classList.toggle('selected', i === view.selected);
    if (i === view.selected) tr.scrollIntoView({block: 'nearest'});
  });
}

export async function renderQueue(main) {
  await load(false);
  view.selected = Math.min(view.selected, Math.max(view.rows.length - 1, 0));
  const tab = (scope, label) => h('button.tab', {
    type: 'button', 'aria-pressed': String(view.scope === scope),
    onclick: () => { view.scope = scope; view.selected = 0; renderQueue(main); }}, label);
  const overdue = view.rows.filter((r) => isOverdue(r)).length;
  const claim = h('button.primary#claim-next', {type: 'button', title: 'c',
                  onclick: (e) => busy(e.currentTarget, claimNext)}, 'Claim next');
  fill(main,
    h('section.panel', {},
      h('div.heading', {},
        h('h1', {}, 'Queue'),
        h('div.tabs', {role: 'group', 'aria-label': 'Whose incidents'}, tab('mine', 'Mine'), tab('team', 'Team')),
        overdue ? h('span.overdue', {}, `${overdue} overdue`) : null,
        h('span.spacer'), claim,
        h('a.button', {href: '#/new', title: 'n'}, 'New incident')),
      filterForm(main),
      view.rows.length === 0
        ? h('p.empty', {}, view.scope === 'mine' ? 'Nothing is assigned to you. Claim the next incident (c).'
                                                 : 'No incident matches.')
        : table(columns, view.rows, {
            onRow: (row) => navigate(`#/incident/${row.incident_id}`),
            rowAttrs: (row) => ({dataset: {id: row.incident_id}, class: isOverdue(row) ? 'late' : null}),
          }),
      view.next ? h('button.more', {type: 'button', onclick: async (e) => {
        await busy(e.currentTarget, () => load(true));
        renderQueueRows(main);
      }}, 'More') : null));
  highlight(main);
}

function renderQueueRows(main) {
  // Re-render with the rows already loaded (after "More").
  const grid = main.querySelector('table.grid');
  if (!grid) return;
  grid.replaceWith(table(columns, view.rows, {
    onRow: (row) => navigate(`#/incident/${row.incident_id}`),
    rowAttrs: (row) => ({dataset: {id: row.incident_id}, class: isOverdue(row) ? 'late' : null}),
  }));
  if (!view.next) main.querySelector('button.more')?.remove();
  highlight(main);
}

export function queueKeys(event) {
  const main = document.getElementById('main');
  switch (event.key) {
    case 'j': view.selected = Math.min(view.selected + 1, view.rows.length - 1); highlight(main); return true;
    case 'k': view.selected = Math.max(view.selected - 1, 0); highlight(main); return true;
    case 'Enter':
      if (view.rows[view.selected]) navigate(`#/incident/${view.rows[view.selected].incident_id}`);
      return true;
    case '/': document.getElementById('filter-state')?.focus(); return true;
    default: return false;
  }
}
