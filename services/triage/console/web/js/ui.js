// Page-wide feedback and navigation shared by the views.
import {h, fill} from './dom.js';

let flashTimer = null;

// A message under the top bar: kind 'ok' (fades after a while) or 'error' (stays).
export function flash(message, kind = 'ok') {
  const el = document.getElementById('flash');
  fill(el, message ? h(`div.flash.${kind}`, {}, message) : null);
  clearTimeout(flashTimer);
  if (message && kind === 'ok') flashTimer = setTimeout(() => fill(el), 6000);
}

let router = () => {};
export function setRouter(fn) { router = fn; }

// Goes to `hash`, re-rendering when it is the current one.
export function navigate(hash) {
  if (location.hash === hash) router();
  else location.hash = hash;
}

// Runs `action` (a promise-returning function) with `button` disabled, showing failures.
export async function busy(button, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    flash(e.message, 'error');
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}
