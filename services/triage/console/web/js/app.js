// The console's shell: hash routes (#/queue, #/incident/<id>, #/new, #/admin, #/stats), the
// login gate, the navigation and the global keyboard shortcuts.
import * as api from './api.js';
import {h, fill} from './dom.js';
import {renderLogin} from './login.js';
import {renderQueue, queueKeys, claimNext} from './queue.js';
import {renderIncident, incidentKeys} from './incident.js';
import {renderNewIncident} from './new_incident.js';
import {renderAdmin} from './admin.js';
import {flash, navigate, setRouter} from './ui.js';

const main = document.getElementById('main');

const routes = [
  [/^#\/queue$/, () => renderQueue(main)],
  [/^#\/incident\/([0-9a-f-]+)$/, (m) => renderIncident(main, m[1])],
  [/^#\/new$/, () => renderNewIncident(main)],
  [/^#\/admin(?:\/(\w+))?$/, (m) => renderAdmin(main, m[1] || 'users')],
];

let keyHandler = null;

async function route() {
  const user = api.session();
  updateChrome(user);
  keyHandler = null;
  if (!user) {
    renderLogin(main, () => navigate(location.hash && location.hash !== '#/login' ? location.hash : '#/queue'));
    return;
  }
  const hash = location.hash || '#/queue';
  for (const [pattern, render] of routes) {
    const m = hash.match(pattern);
    if (m) {
      document.querySelectorAll('#nav a').forEach((a) =>
        a.classList.toggle('active', hash.startsWith(`#/${a.dataset.nav}`)));
      keyHandler = hash.startsWith('#/queue') ? queueKeys :
                   hash.startsWith('#/incident/') ? incidentKeys : null;
      try {
        await render(m);
      } catch (e) {
        // 401: the session ended; the expiry handler has already shown the login page.
        if (e.status === 401) return;
        fill(main, h('section.panel', {}, h('h1', {}, 'Something went wrong'), h('p.error', {}, e.message)));
      }
      main.focus({preventScroll: true});
      return;
    }
  }
  navigate('#/queue');
}

function updateChrome(user) {
  document.getElementById('nav').hidden = !user;
  document.getElementById('who').hidden = !user;
  if (!user) return;
  document.getElementById('who-name').textContent = user.name;
  document.getElementById('who-role').textContent = user.role;
  document.querySelectorAll('#nav [data-role]').forEach((a) => {
    a.hidden = a.dataset.role !== user.role;
  });
}

api.setExpiredHandler(() => {
  flash('Your session has expired or ended; log in again.', 'error');
  route();
});

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await api.logout();
    flash('Logged out.');
  } catch (e) {
    flash(`Logout: ${e.message}`, 'error');
  }
  location.hash = '#/queue';
  route();
});

let pendingG = false;
document.addEventListener('keydown', (event) => {
  const target = event.target;
  const typing = target.matches && target.matches('input, textarea, select, [contenteditable]');
  if (event.key === 'Escape' && typing) { target.blur(); return; }
  if (typing || event.ctrlKey || event.metaKey || event.altKey || !api.session()) return;
  if (pendingG) {
    pendingG = false;
    if (event.key === 'q') { navigate('#/queue'); event.preventDefault(); }
    return;
  }
  switch (event.key) {
    case '?': document.getElementById('help').showModal(); event.preventDefault(); return;
    case 'g': pendingG = true; return;
    case 'n': navigate('#/new'); event.preventDefault(); return;
    case 'c': claimNext(); event.preventDefault(); return;
    case 'r': route(); event.preventDefault(); return;
    default:
      if (keyHandler && keyHandler(event)) event.preventDefault();
  }
});

setRouter(route);
window.addEventListener('hashchange', route);
route();
