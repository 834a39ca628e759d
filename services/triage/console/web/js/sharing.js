// Sharing with partner CIRTs on the incident page (docs/api-exchange.md): choose partners, see
// per partner what the policy will remove or refuse (preview), share, withdraw, and the sharing
// history per partner.
import * as api from './api.js';
import {h, fill, table} from './dom.js';
import {flash, busy} from './ui.js';

function decisionCell(p) {
  if (p.decision === 'refuse' || p.decision === 'refused') {
    return h('span.error', {}, `${p.decision}: ${p.reason}`, h('br'), h('small', {}, p.message || ''));
  }
  const removed = p.removed || [];
  return h('span.ok', {}, p.decision,
    removed.length ? h('ul.removed', {}, removed.map((r) => h('li', {}, h('code', {}, r.path), ` — ${r.reason}`)))
                   : h('small', {}, ' (nothing removed)'));
}

function resultTable(partners) {
  return table([
    {title: 'Partner', cell: (p) => p.partner},
    {title: 'Decision', cell: decisionCell},
  ], partners);
}

function historyView(sharing) {
  const summary = sharing.partners.length ? table([
    {title: 'Partner', cell: (p) => p.partner},
    {title: 'State', cell: (p) => p.state + (p.withdrawn ? ' (withdrawn)' : '')},
    {title: 'Version', cell: (p) => String(p.latest_version)},
    {title: 'Why', cell: (p) => p.reason || p.last_error || ''},
  ], sharing.partners) : h('p.muted', {}, 'Not shared with any partner.');
  const events = sharing.history.length ? h('ol.history', {}, sharing.history.map((e) =>
    h('li', {}, h('span.mono', {}, e.at), ` ${e.partner} v${e.version}: `, h('strong', {}, e.event),
      e.reason ? ` (${e.reason})` : '', e.detail ? ` — ${e.detail}` : ''))) : null;
  const from = sharing.received_from ? h('p', {}, `Received from ${sharing.received_from.partner} ` +
    `(their id ${sharing.received_from.origin_incident_id}, version ${sharing.received_from.version})` +
    (sharing.received_from.withdrawn ? ', withdrawn by them' : '')) : null;
  return [from, summary, events];
}

// The section, or null when the service has no sharing API.
export async function sharingSection(inc) {
  const [partners, sharing] = await Promise.all([
    api.getIfOffered('/v1/partners'),
    api.getIfOffered(`/v1/incidents/${inc.incident_id}/sharing`),
  ]);
  if (!partners || !sharing) return null;
  const id = inc.incident_id;
  const usable = partners.partners.filter((p) => p.enabled);
  const boxes = usable.map((p) => h('label.check', {},
    h('input', {type: 'checkbox', name: 'partner', value: p.name}),
    ` ${p.name} (${p.country}; ${p.allowed_tlps.join(', ') || 'nothing'})`));
  const result = h('div.share-result#share-result');
  const chosen = () => boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
  const section = h('section.panel#sharing', {}, h('h2', {}, 'Sharing with partners'));
  const refresh = async () => {
    const fresh = await api.get(`/v1/incidents/${id}/sharing`);
    fill(history, historyView(fresh));
  };
  const history = h('div.sharing-history', {}, historyView(sharing));
  const preview = h('button', {type: 'button', onclick: (e) => busy(e.currentTarget, async () => {
    if (!chosen().length) { flash('Choose at least one partner.', 'error'); return; }
    const answer = await api.post(`/v1/incidents/${id}/share/preview`, {partners: chosen()});
    fill(result, h('h3', {}, 'Preview: what the policy does per partner'), resultTable(answer.partners));
  })}, 'Preview');
  const share = h('button.primary', {type: 'button', onclick: (e) => busy(e.currentTarget, async () => {
    if (!chosen().length) { flash('Choose at least one partner.', 'error'); return; }
    const answer = await api.post(`/v1/incidents/${id}/share`, {partners: chosen()});
    fill(result, h('h3', {}, `Shared as version ${answer.version}: ${answer.queued} queued, ${answer.refused} refused`),
      resultTable(answer.partners));
    flash(`Shared: ${answer.queued} queued, ${answer.refused} refused.`);
    await refresh();
  })}, 'Share');
  const reason = h('input', {name: 'reason', placeholder: 'reason for the partners', size: 30, maxlength: 1000});
  const withdraw = h('form.inline', {onsubmit: (e) => { e.preventDefault();
    busy(e.submitter, async () => {
      const answer = await api.post(`/v1/incidents/${id}/share/withdraw`, {reason: reason.value.trim()});
      flash(`Withdrawn from ${answer.partners.join(', ')}.`);
      await refresh();
    }); }}, reason, h('button.danger', {type: 'submit'}, 'Withdraw'));
  const working = api.session().role !== 'auditor';
  return fill(section, h('h2', {}, 'Sharing with partners'),
    working ? (usable.length ? [h('div.partner-choice', {}, boxes), h('div.actions', {}, preview, share), result]
                             : h('p.muted', {}, 'No enabled partner is registered.')) : null,
    h('h3', {}, 'History per partner'), history,
    working && sharing.partners.length ? withdraw : null);
}
