// File a new incident (POST /v1/incidents on triage, docs/console.md): the form becomes an IODEF
// v2 document that intake's library validates and stores; "filed" is shown only after commit.
import * as api from './api.js';
import {h, fill, field, options} from './dom.js';
import {flash, navigate} from './ui.js';

const CSIRT_KEY = 'ncirt.csirt-name';

export function renderNewIncident(main) {
  // One key per opened form: a double submit or a retry files one incident.
  const idempotencyKey = crypto.randomUUID();
  const csirt = h('input', {name: 'csirt', required: true, value: localStorage.getItem(CSIRT_KEY) || '',
                             placeholder: 'e.g. cert.example.org'});
  const description = h('textarea', {name: 'description', rows: 5, required: true, maxlength: 8192,
                                     placeholder: 'What was reported or observed'});
  const tlp = h('select', {name: 'tlp'}, options(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'], 'AMBER'));
  const purpose = h('select', {name: 'purpose'}, options(['reporting', 'mitigation', 'watch', 'traceback', 'other'], 'reporting'));
  const severity = h('select', {name: 'severity'}, options([['', 'not assessed'], 'low', 'medium', 'high'], ''));
  const confidence = h('select', {name: 'confidence'}, options(['unknown', 'low', 'medium', 'high'], 'unknown'));
  const detected = h('input', {name: 'detected', type: 'datetime-local'});
  const indicators = h('textarea', {name: 'indicators', rows: 5,
    placeholder: 'One per line: IP address or network, domain, URL, e-mail address, MD5/SHA-1/SHA-256 hash'});
  const role = h('select', {name: 'indicator_role'}, options([['source', 'source (attacker side)'],
    ['target', 'target (victim side)'], 'intermediate', 'watchlist'], 'source'));
  const constituentName = h('input', {name: 'constituent_name', placeholder: 'affected organisation'});
  const constituentEmail = h('input', {name: 'constituent_email', type: 'email', placeholder: 'security contact'});
  const error = h('div.error', {role: 'alert'});
  const submit = h('button.primary', {type: 'submit'}, 'File incident');

  const form = h('form.panel.new-incident', {onsubmit: async (event) => {
    event.preventDefault();
    fill(error);
    const body = {
      csirt: csirt.value.trim(), description: description.value.trim(), tlp: tlp.value,
      purpose: purpose.value, indicator_role: role.value,
      indicators: indicators.value.split('\n').map((s) => s.trim()).filter(Boolean),
      constituent_name: constituentName.value.trim(), constituent_email: constituentEmail.value.trim(),
    };
    if (severity.value) { body.severity = severity.value; body.confidence = confidence.value; }
    if (detected.value) body.detect_time_ms = new Date(detected.value).getTime();
    submit.disabled = true;
    try {
      const answer = await api.post('/v1/incidents', body, {'Idempotency-Key': idempotencyKey});
      localStorage.setItem(CSIRT_KEY, body.csirt);
      const filed = answer.incidents[0];
      flash(`Filed incident ${filed.incident_id} (TLP:${filed.tlp}); it enters the queue within seconds.`);
      waitForQueue(main, filed.id);
    } catch (e) {
      fill(error, e.message);
      submit.disabled = false;
    }
  }},
  h('h1', {}, 'File a new incident'),
  h('p.muted', {}, 'The incident is written as an IODEF v2 document, validated against the official schema and stored by intake, with you as its source.'),
  h('div.grid2', {},
    field('Issuing CSIRT (IncidentID name)', csirt),
    field('TLP', tlp),
    field('Purpose', purpose),
    field('Detected at (your local time)', detected)),
  field('Description', description),
  h('div.grid2', {}, field('Severity', severity), field('Confidence', confidence)),
  field('Indicators', indicators),
  field('The indicators are', role),
  h('div.grid2', {}, field('Affected constituent', constituentName), field('Its e-mail', constituentEmail)),
  error, h('div.actions', {}, submit, h('a.button', {href: '#/queue'}, 'Cancel')));
  fill(main, form);
  csirt.value ? description.focus() : csirt.focus();
}

// Triage takes the incident from intake's outbox within its poll interval; open it then.
async function waitForQueue(main, id) {
  fill(main, h('section.panel', {}, h('h1', {}, 'Filed'), h('p', {}, 'Waiting for the incident to enter the queue…')));
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      await api.get(`/v1/incidents/${id}`);
      navigate(`#/incident/${id}`);
      return;
    } catch (e) {
      if (e.status !== 404) { flash(e.message, 'error'); return; }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  fill(main, h('section.panel', {}, h('h1', {}, 'Filed'),
    h('p', {}, `Incident ${id} was stored, but triage has not taken it into the queue yet. `,
      h('a', {href: `#/incident/${id}`}, 'Open it'), ' in a moment.')));
}
