// The login page (POST /v1/session): a wrong name or password gets the service's one answer.
import * as api from './api.js';
import {h, fill, field} from './dom.js';

export function renderLogin(main, done) {
  const name = h('input', {name: 'name', autocomplete: 'username', required: true, autofocus: true});
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password',
                               required: true});
  const error = h('p.error', {role: 'alert'});
  const form = h('form.panel.login', {onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await api.login(name.value, password.value);
      done();
    } catch (e) {
      error.textContent = e.status === 401 ? 'Wrong name or password.' : e.message;
    }
  }},
  h('h1', {}, 'Log in to ncirt'),
  field('Name', name), field('Password', password), error,
  h('button.primary', {type: 'submit'}, 'Log in'));
  fill(main, form);
  name.focus();
}
