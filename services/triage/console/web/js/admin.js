// Administration (admin role): users, API tokens, SLA targets, and the audit chain check.
// An analyst who opens #/admin is told the role it needs; the service refuses the calls anyway.
import * as api from './api.js';
import {h, fill, field, options, table} from './dom.js';
import {flash, busy, navigate} from './ui.js';
import {partnersTab, constituencyTab} from './admin_exchange.js';

const TABS = [['users', 'Users'], ['tokens', 'API tokens'], ['partners', 'Partners'],
              ['constituency', 'Constituency'], ['sla', 'SLA targets'], ['audit', 'Audit log']];

export async function renderAdmin(main, tab) {
  const me = api.session();
  if (me.role !== 'admin') {
    fill(main, h('section.panel.denied', {},
      h('h1', {}, 'Administration'),
      h('p', {}, `This page needs the admin role; you are logged in as ${me.name} (${me.role}).`),
      h('p', {}, h('a', {href: '#/queue'}, 'Back to the queue'))));
    return;
  }
  const render = {users, tokens, partners: partnersTab, constituency: constituencyTab, sla, audit}[tab] || users;
  fill(main, h('section.panel', {},
    h('div.heading', {}, h('h1', {}, 'Administration'),
      h('nav.tabs', {'aria-label': 'Administration'}, TABS.map(([key, label]) =>
        h('a.tab', {href: `#/admin/${key}`, 'aria-current': key === tab ? 'page' : null}, label)))),
    await render()));
}

async function userList() {
  const list = await api.getIfOffered('/v1/users');
  if (!list) return null;
  const me = api.session().name;
  return h('div', {}, h('h2', {}, `Users (${list.users.length})`), table([
    {title: 'Name', cell: (u) => u.name},
    {title: 'Role', cell: (u) => h('select', {'aria-label': `Role of ${u.name}`, disabled: u.name === me,
      onchange: (e) => busy(e.currentTarget, async () => {
        await api.put(`/v1/users/${encodeURIComponent(u.name)}/role`, {role: e.target.value});
        flash(`${u.name} is now ${e.target.value}.`);
      })}, options(['analyst', 'lead', 'admin', 'auditor'], u.role))},
    {title: 'State', cell: (u) => (u.disabled ? h('span.error', {}, 'disabled') : 'enabled')},
    {title: '', cell: (u) => (u.name === me ? '' : h('button', {type: 'button', onclick: (e) => busy(e.currentTarget, async () => {
      await api.put(`/v1/users/${encodeURIComponent(u.name)}/disabled`, {disabled: !u.disabled});
      flash(`${u.name} ${u.disabled ? 'enabled' : 'disabled'}.`);
      navigate('#/admin/users');
    })}, u.disabled ? 'Enable' : 'Disable'))},
  ], list.users));
}

async function users() {
  return h('div', {}, await userList(), createUser());
}

function createUser() {
  const name = h('input', {name: 'name', required: true, autocomplete: 'off'});
  const role = h('select', {name: 'role'}, options(['analyst', 'lead', 'admin', 'auditor'], 'analyst'));
  const password = h('input', {name: 'password', type: 'password', minlength: 12, required: true,
                               autocomplete: 'new-password'});
  return h('form.admin-form#create-user', {onsubmit: (e) => { e.preventDefault();
    busy(e.submitter, async () => {
      await api.post('/v1/users', {name: name.value.trim(), role: role.value, password: password.value});
      flash(`User ${name.value.trim()} created (${role.value}).`);
      navigate('#/admin/users');
    }); }},
  h('h2', {}, 'Create a user'),
  h('p.muted', {}, 'Passwords are 12 to 1024 characters; only their argon2id hash is stored.'),
  field('Name', name), field('Role', role), field('Password', password),
  h('button.primary', {type: 'submit'}, 'Create user'));
}

function tokens() {
  const user = h('input', {name: 'user', required: true});
  const label = h('input', {name: 'label', required: true, placeholder: 'what the token is for'});
  const out = h('div.token-out');
  return h('form.admin-form', {onsubmit: (e) => { e.preventDefault();
    busy(e.submitter, async () => {
      const answer = await api.post('/v1/tokens', {user: user.value.trim(), label: label.value.trim()});
      fill(out, h('p', {}, 'The token, shown once; it acts with the user\'s role:'),
        h('code.secret', {}, answer.token));
    }); }},
  h('h2', {}, 'Create an API token'),
  field('For user', user), field('Label', label), h('button.primary', {type: 'submit'}, 'Create token'), out);
}

async function sla() {
  const rows = await Promise.all([1, 2, 3, 4].map((p) => api.get(`/v1/sla-targets/${p}`)));
  const hours = (s) => (s / 3600).toString();
  return h('div', {}, h('h2', {}, 'SLA targets per priority'),
    table([
      {title: 'Priority', cell: (r) => `P${r.priority}`},
      {title: 'Time to triage (h)', cell: (r) => h('input', {type: 'number', step: 'any', min: 0, value: hours(r.time_to_triage_s), dataset: {p: r.priority, k: 'time_to_triage_s'}})},
      {title: 'Time to resolve (h)', cell: (r) => h('input', {type: 'number', step: 'any', min: 0, value: hours(r.time_to_resolve_s), dataset: {p: r.priority, k: 'time_to_resolve_s'}})},
      {title: '', cell: (r) => h('button', {type: 'button', onclick: (e) => busy(e.currentTarget, async () => {
        const row = e.currentTarget.closest('tr');
        const value = (k) => Math.round(Number(row.querySelector(`[data-k="${k}"]`).value) * 3600);
        await api.put(`/v1/sla-targets/${r.priority}`, {priority: r.priority,
          time_to_triage_s: value('time_to_triage_s'), time_to_resolve_s: value('time_to_resolve_s')});
        flash(`SLA targets of P${r.priority} saved.`);
      })}, 'Save')},
    ], rows));
}

function audit() {
  const out = h('div.audit-out');
  return h('div', {}, h('h2', {}, 'Audit chain'),
    h('p.muted', {}, 'Chains pending events, then checks every row\'s hash against its content and its predecessor.'),
    h('button.primary', {type: 'button', onclick: (e) => busy(e.currentTarget, async () => {
      try {
        const r = await api.get('/v1/audit/verify');
        fill(out, h('p.ok', {}, `Intact: ${r.rows} rows, last seq ${r.last_seq}.`),
          h('p', {}, 'Last hash (record it elsewhere): ', h('code', {}, r.last_hash)));
      } catch (err) {
        if (err.status !== 409) throw err;
        fill(out, h('p.error', {}, `Broken: ${err.message}`));
      }
    })}, 'Verify the audit chain'), out);
}
