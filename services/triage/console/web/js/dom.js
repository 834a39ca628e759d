// Building the page from data without ever parsing data as HTML: every text goes in through
// textContent (the Content-Security-Policy forbids inline script as a second wall).

// h('tag.class#id', {attr: value, onclick: fn}, child, ...): an element.
export function h(spec, attrs = {}, ...children) {
  const [, tag, rest] = spec.match(/^([a-z0-9]+)(.*)$/);
  const el = document.createElement(tag);
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Replaces the children of `el`.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function formatTime(ms) {
  if (ms === null || ms === undefined) return '';
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
         `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// "3 h 5 min" from milliseconds (negative values are shown as overdue by the caller).
export function formatDuration(ms) {
  const minutes = Math.round(Math.abs(ms) / 60000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function tlpBadge(tlp) {
  const name = tlp || 'unknown';
  return h('span.tlp', {dataset: {tlp: name.toLowerCase().replace('+', '-')}}, `TLP:${name}`);
}

export function stateBadge(state) {
  return h('span.state', {dataset: {state}}, state.replace('_', ' '));
}

// A table from column definitions [{title, cell: row => node|text}] and rows.
export function table(columns, rows, {onRow, rowAttrs} = {}) {
  return h('table.grid', {},
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col'}, c.title)))),
    h('tbody', {}, rows.map((row, i) => {
      const tr = h('tr', rowAttrs ? rowAttrs(row, i) : {},
        columns.map((c) => h('td', {}, c.cell(row))));
      if (onRow) tr.addEventListener('click', () => onRow(row, i));
      return tr;
    })));
}

// A labelled form field.
export function field(label, control, hint) {
  return h('label.field', {}, h('span.label', {}, label), control, hint ? h('small', {}, hint) : null);
}

export function options(values, selected) {
  return values.map((v) => {
    const [value, text] = Array.isArray(v) ? v : [v, v];
    return h('option', {value, selected: value === selected}, text);
  });
}
