// Administration of partner CIRTs (docs/api-exchange.md "Partners") and of the constituency
// (docs/api-constituency.md): lists, forms, CSV import. Shown only when the service offers them.
import * as api from './api.js';
import {h, fill, field, table} from './dom.js';
import {flash, busy, navigate} from './ui.js';

const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'];

export async function partnersTab() {
  const list = await api.getIfOffered('/v1/partners');
  if (!list) return h('p.muted', {}, 'This triage service has no partner registry (sharing is not part of this build).');
  const toggle = (p) => h(p.enabled ? 'button.danger' : 'button', {type: 'button', onclick: (e) => busy(e.currentTarget, async () => {
    if (p.enabled) await api.del(`/v1/partners/${encodeURIComponent(p.name)}`);
    else await api.put(`/v1/partners/${encodeURIComponent(p.name)}`, {...p, enabled: true});
    flash(`${p.name} ${p.enabled ? 'disabled' : 'enabled'}.`);
    navigate('#/admin/partners');
  })}, p.enabled ? 'Disable' : 'Enable');
  const input = (name, attrs = {}) => h('input', {name, required: true, ...attrs});
  const name = input('name'); const country = input('country', {maxlength: 2, size: 3});
  const endpoint = input('endpoint', {placeholder: 'host:port'});
  const pin = input('spki_sha256', {size: 46, placeholder: 'base64 SHA-256 of the key'});
  const agreement = input('agreement');
  const categories = h('input', {name: 'allowed_categories', value: '*', placeholder: '* or a comma-separated list'});
  const tlps = TLPS.map((t) => h('label.check', {}, h('input', {type: 'checkbox', value: t, checked: t !== 'AMBER+STRICT' && t !== 'AMBER'}), ` ${t}`));
  const personal = h('input', {type: 'checkbox', name: 'personal_data_allowed'});
  const original = h('input', {type: 'checkbox', name: 'original_document_allowed'});
  const form = h('form.admin-form#create-partner', {onsubmit: (e) => { e.preventDefault();
    busy(e.submitter, async () => {
      await api.post('/v1/partners', {
        name: name.value.trim(), country: country.value.trim(), endpoint: endpoint.value.trim(),
        spki_sha256: pin.value.trim(), agreement: agreement.value.trim(),
        allowed_tlps: tlps.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value),
        allowed_categories: categories.value.split(',').map((c) => c.trim()).filter(Boolean),
        personal_data_allowed: personal.checked, original_document_allowed: original.checked});
      flash(`Partner ${name.value.trim()} registered.`);
      navigate('#/admin/partners');
    }); }},
  h('h2', {}, 'Register a partner'), field('Name', name), field('Country (ISO 3166)', country),
  field('Exchange endpoint', endpoint), field('Key pin (SPKI SHA-256)', pin), field('Agreement', agreement),
  h('fieldset', {}, h('legend', {}, 'TLP levels it may receive'), tlps),
  field('Categories it may receive', categories),
  h('label.check', {}, personal, ' may receive personal data'),
  h('label.check', {}, original, ' may receive the original document'),
  h('button.primary', {type: 'submit'}, 'Register partner'));
  return h('div', {}, h('h2', {}, `Partners (${list.partners.length})`),
    table([
      {title: 'Name', cell: (p) => p.name}, {title: 'Country', cell: (p) => p.country},
      {title: 'Endpoint', cell: (p) => h('span.mono', {}, p.endpoint)},
      {title: 'Agreement', cell: (p) => p.agreement}, {title: 'TLP', cell: (p) => p.allowed_tlps.join(', ')},
      {title: 'Categories', cell: (p) => p.allowed_categories.join(', ')},
      {title: 'Personal data', cell: (p) => (p.personal_data_allowed ? 'yes' : 'no')},
      {title: '', cell: toggle},
    ], list.partners), form);
}

export async function constituencyTab() {
  const list = await api.getIfOffered('/v1/constituency/organisations?limit=200');
  if (!list) return h('p.muted', {}, 'This triage service has no constituency registry (not part of this build).');
  const file = h('input', {type: 'file', name: 'csv', accept: '.csv,text/csv', required: true});
  const dry = h('input', {type: 'checkbox', name: 'dry_run', checked: true});
  const out = h('div.import-out');
  const importForm = h('form.admin-form#import', {onsubmit: (e) => { e.preventDefault();
    busy(e.submitter, async () => {
      const text = await file.files[0].text();
      try {
        const r = await api.post(`/v1/constituency/import${dry.checked ? '?dry_run=true' : ''}`,
                                 new api.RawBody(text, 'text/csv'));
        fill(out, h('p.ok', {}, `${r.dry_run ? 'Checked (nothing stored)' : 'Imported'}: ${r.rows} rows, ` +
          `${r.organisations_created} organisations created, ${r.organisations_updated} updated, ` +
          `${r.facts_added} facts added, ${r.unchanged} unchanged.`));
        if (!r.dry_run) flash('Constituency imported.');
      } catch (err) {
        const rows = err.problem?.errors || [];
        fill(out, h('p.error', {}, err.message), rows.length ? h('ul.error', {}, rows.map((r) =>
          h('li', {}, `line ${r.line}, ${r.column}: ${r.message}`))) : null);
      }
    }); }},
  h('h2', {}, 'Import a CSV file'),
  h('p.muted', {}, 'Header: handle,name,sector,criticality,kind,value,role,phone,pgp_fingerprint,language,valid_from. All or nothing: any bad row and nothing is imported.'),
  field('File', file), h('label.check', {}, dry, ' only check (dry run)'),
  h('button.primary', {type: 'submit'}, 'Import'), out);
  const value = h('input', {name: 'value', placeholder: 'address, network, AS64500 or domain', required: true});
  const lookupOut = h('div');
  const lookup = h('form.inline', {onsubmit: (e) => { e.preventDefault();
    busy(e.submitter, async () => {
      const r = await api.get(`/v1/constituency/lookup${api.query({value: value.value.trim()})}`);
      fill(lookupOut, r.matches.length ? h('ul', {}, r.matches.map((m) =>
        h('li', {}, `${m.name} (${m.handle}) via ${m.via} ${m.entry}, ${m.criticality}`))) : h('p.muted', {}, 'Nobody.'));
    }); }}, field('Who owns', value), h('button', {type: 'submit'}, 'Look up'));
  return h('div', {}, h('h2', {}, `Organisations (${list.organisations.length}${list.next_after ? '+' : ''})`),
    table([
      {title: 'Handle', cell: (o) => o.handle}, {title: 'Name', cell: (o) => o.name},
      {title: 'Sector', cell: (o) => o.sector}, {title: 'Criticality', cell: (o) => o.criticality},
      {title: 'Critical infrastructure', cell: (o) => (o.critical_infrastructure ? 'yes' : '')},
    ], list.organisations), lookup, lookupOut, importForm);
}
