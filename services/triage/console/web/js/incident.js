// Incident detail: triage's fields (GET /v1/incidents/{id}), the full model
// (GET /v1/incidents/{id}/model), the workflow actions, assignment, category, priority,
// comments, links and merge.
import * as api from './api.js';
import {h, fill, formatTime, formatDuration, tlpBadge, stateBadge, field, options} from './dom.js';
import {flash, busy} from './ui.js';
import {CATEGORIES, NEXT_STATES} from './taxonomy.js';
import {modelSections} from './model_view.js';
import {sharingSection} from './sharing.js';
import {constituentsSection, relatedSection} from './correlation.js';

let current = null;

const LABELS = {triaged: 'Triage', in_progress: 'Start work', waiting: 'Wait',
                resolved: 'Resolve', closed: 'Close', rejected: 'Reject'};

async function act(button, action, done) {
  const ok = await busy(button, action);
  if (ok !== undefined) {
    await renderIncident(document.getElementById('main'), current.incident_id);
    if (done) flash(done);
  }
}

function workflow(inc) {
  const id = inc.incident_id;
  const moves = (NEXT_STATES[inc.state] || []).map((to) =>
    h(`button.move${to === 'rejected' ? '.danger' : ''}`, {type: 'button', dataset: {to},
      onclick: (e) => act(e.currentTarget, () => api.post(`/v1/incidents/${id}/transition`, {to}),
                          `Moved to ${to.replace('_', ' ')}.`)},
      LABELS[to] || to));
  const me = api.session().name;
  const assignee = h('input', {name: 'assignee', value: inc.assignee || '', placeholder: 'user name', size: 12});
  const category = h('input', {name: 'category', list: 'rsit', value: inc.category || '', size: 28});
  const priority = h('select', {name: 'priority'},
    options([['', `computed (P${inc.computed_priority})`], '1', '2', '3', '4'],
            inc.severity_override == null ? '' : String(inc.severity_override)));
  const merge = h('input', {name: 'into', placeholder: 'survivor incident id', size: 36});
  return h('section.panel.actions-panel', {},
    h('h2', {}, 'Actions'),
    moves.length ? h('div.moves', {}, moves) : h('p.muted', {}, `No move from '${inc.state}'.`),
    h('datalist#rsit', {}, CATEGORIES.map((c) => h('option', {value: c}))),
    h('form.inline', {onsubmit: (e) => { e.preventDefault();
      act(e.submitter, () => api.put(`/v1/incidents/${id}/assignee`, {assignee: assignee.value.trim()}), 'Assignee set.'); }},
      field('Assignee', assignee), h('button', {type: 'submit'}, 'Assign'),
      inc.assignee !== me ? h('button', {type: 'button', onclick: (e) =>
        act(e.currentTarget, () => api.put(`/v1/incidents/${id}/assignee`, {assignee: me}), 'Assigned to you.')},
        'Assign to me') : null),
    h('form.inline', {onsubmit: (e) => { e.preventDefault();
      act(e.submitter, () => api.put(`/v1/incidents/${id}/category`, {category: category.value.trim()}), 'Category set.'); }},
      field('Category (ENISA RSIT)', category), h('button', {type: 'submit'}, 'Set category')),
    h('form.inline', {onsubmit: (e) => { e.preventDefault();
      const p = priority.value === '' ? null : Number(priority.value);
      act(e.submitter, () => api.put(`/v1/incidents/${id}/priority`, {priority: p}), 'Priority set.'); }},
      field('Priority', priority), h('button', {type: 'submit'}, 'Set priority')),
    NEXT_STATES[inc.state] ? h('form.inline', {onsubmit: (e) => { e.preventDefault();
      act(e.submitter, () => api.post(`/v1/incidents/${id}/merge`, {into: merge.value.trim()}), 'Merged.'); }},
      field('Merge into', merge), h('button.danger', {type: 'submit'}, 'Merge')) : null);
}

function summary(inc, model) {
  const sla = inc.state === 'new' && inc.triage_due_at_ms != null
    ? (inc.triage_due_at_ms < Date.now()
        ? h('span.overdue', {}, `triage overdue by ${formatDuration(Date.now() - inc.triage_due_at_ms)}`)
        : `triage due in ${formatDuration(inc.triage_due_at_ms - Date.now())}`)
    : `SLA clock ${inc.sla_running ? 'running' : 'stopped'}, ${formatDuration(inc.sla_elapsed_ms)} used`;
  const title = model?.descriptions?.[0]?.text || 'Incident';
  const dl = [
    ['State', stateBadge(inc.state)],
    ['Priority', `P${inc.priority} (computed P${inc.computed_priority}, score ${inc.score})`],
    ['TLP', tlpBadge(inc.tlp)],
    ['Category', inc.category || 'uncategorised'],
    ['Assignee', inc.assignee || 'nobody'],
    ['From', inc.submitter],
    ['SLA', sla],
    ['Filed', formatTime(inc.created_at_ms)],
    ['Updated', formatTime(inc.updated_at_ms)],
    ['Intake version', String(inc.intake_version)],
    inc.merged_into ? ['Merged into', h('a', {href: `#/incident/${inc.merged_into}`}, inc.merged_into)] : null,
  ].filter(Boolean);
  return h('section.panel.summary', {},
    h('div.heading', {}, h('h1', {}, title.length > 90 ? `${title.slice(0, 90)}…` : title),
      h('span.mono.muted', {}, inc.incident_id)),
    h('dl.facts', {}, dl.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

function comments(inc, list) {
  const body = h('textarea#comment-body', {name: 'body', rows: 3, maxlength: 16384, required: true,
                                           placeholder: 'What you found, what you did, what is next'});
  return h('section.panel', {},
    h('h2', {}, `Comments (${list.length})`),
    list.length ? h('ol.comments', {}, list.map((c) => h('li', {},
      h('div.meta', {}, h('strong', {}, c.author), ' ', formatTime(c.created_at_ms)),
      h('p.body', {}, c.body)))) : h('p.muted', {}, 'No comment yet.'),
    h('form.comment', {onsubmit: (e) => { e.preventDefault();
      act(e.submitter, () => api.post(`/v1/incidents/${inc.incident_id}/comments`, {body: body.value}), 'Comment added.'); }},
      field('New comment', body), h('button', {type: 'submit'}, 'Add comment')));
}

function links(inc, list) {
  const to = h('input', {name: 'to', placeholder: 'other incident id', size: 36, required: true});
  const relation = h('select', {name: 'relation'}, options(['related', 'same-campaign', 'same-actor'], 'related'));
  return h('section.panel', {},
    h('h2', {}, `Linked incidents (${list.length})`),
    list.length ? h('ul.links', {}, list.map((l) => h('li', {},
      h('a.mono', {href: `#/incident/${l.incident_id}`}, l.incident_id), ` ${l.relation} (by ${l.created_by})`)))
      : h('p.muted', {}, 'None.'),
    h('form.inline', {onsubmit: (e) => { e.preventDefault();
      act(e.submitter, () => api.post(`/v1/incidents/${inc.incident_id}/links`, {to: to.value.trim(), relation: relation.value}), 'Linked.'); }},
      field('Link to', to), field('Relation', relation), h('button', {type: 'submit'}, 'Link')));
}

export async function renderIncident(main, id) {
  const [inc, model, commentList, linkList] = await Promise.all([
    api.get(`/v1/incidents/${id}`),
    api.get(`/v1/incidents/${id}/model`).catch((e) => ({error: e.message})),
    api.get(`/v1/incidents/${id}/comments`),
    api.get(`/v1/incidents/${id}/links`),
  ]);
  current = inc;
  const [constituents, related, sharing] = await Promise.all([
    constituentsSection(id), relatedSection(id), sharingSection(inc)]);
  const working = api.session().role !== 'auditor';
  fill(main,
    h('p.crumbs', {}, h('a', {href: '#/queue'}, '← Queue')),
    h('div.detail', {},
      h('div.col', {}, summary(inc, model.error ? null : model),
        constituents,
        model.error ? h('section.panel', {}, h('p.error', {}, `Model: ${model.error}`)) : modelSections(model),
        related),
      h('div.col', {}, working ? workflow(inc) : null, sharing, comments(inc, commentList.comments),
        links(inc, linkList.links))));
}

export function incidentKeys(event) {
  if (!current) return false;
  const move = {t: 'triaged', i: 'in_progress'}[event.key];
  if (move) {
    const button = document.querySelector(`button.move[data-to="${move}"]`);
    if (button) button.click();
    else flash(`Cannot move to ${move.replace('_', ' ')} from '${current.state}'.`, 'error');
    return true;
  }
  if (event.key === 'm') {
    document.getElementById('comment-body')?.focus();
    return true;
  }
  return false;
}
