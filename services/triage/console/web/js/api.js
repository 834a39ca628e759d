// The console's one door to the triage API (docs/api.md): same-origin fetch with the session
// cookie, the CSRF token on every state-changing request, and problem documents (RFC 9457)
// turned into errors whose message is the service's own sentence.

const SESSION_KEY = 'ncirt.session';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// A request body sent as is (e.g. a CSV file), not as JSON.
export class RawBody {
  constructor(text, type) { this.text = text; this.type = type; }
}

let onExpired = () => {};

// Called when a request with a session answers 401: the session ended (expired, logged out
// elsewhere, or the user was removed).
export function setExpiredHandler(fn) { onExpired = fn; }

// {name, role, csrf_token} of the logged-in user, kept for this tab only.
export function session() {
  try { return JSON.parse(sessionStorage.getItem(SESSION_KEY)); } catch { return null; }
}

function saveSession(value) {
  if (value) sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
  else sessionStorage.removeItem(SESSION_KEY);
}

export async function request(method, path, body, extraHeaders = {}) {
  const headers = {Accept: 'application/json', ...extraHeaders};
  const current = session();
  if (method !== 'GET' && method !== 'HEAD' && current) headers['X-CSRF-Token'] = current.csrf_token;
  const raw = body instanceof RawBody;
  if (body !== undefined) headers['Content-Type'] = raw ? body.type : 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? body.text : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, {detail: `the triage service cannot be reached (${e.message})`});
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = {detail: text}; }
  }
  if (!response.ok) {
    if (response.status === 401 && current && path !== '/v1/session') {
      saveSession(null);
      onExpired();
    }
    throw new ApiError(response.status, data || {});
  }
  return {status: response.status, data, headers: response.headers};
}

export const get = (path) => request('GET', path).then((r) => r.data);
export const post = (path, body, headers) => request('POST', path, body, headers).then((r) => r.data);
export const put = (path, body) => request('PUT', path, body).then((r) => r.data);
export const del = (path) => request('DELETE', path).then((r) => r.data);

export async function login(name, password) {
  const data = await post('/v1/session', {name, password});
  saveSession(data);
  return data;
}

export async function logout() {
  try { await del('/v1/session'); } finally { saveSession(null); }
}

// A query string from the non-empty members of `params`.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// GET `path`, or null when this triage service does not route it: the router answers 404 "no
// such resource" for an unknown path and 400 "this path does not take method GET" for a path
// routed for other methods only. Parts of the API (sharing, constituency, user listing) are
// served only by builds that include them.
export async function getIfOffered(path) {
  try {
    return await get(path);
  } catch (e) {
    const unrouted = (e.status === 404 && /^no such resource/.test(e.message)) ||
                     (e.status === 400 && /does not take method GET/.test(e.message));
    if (e instanceof ApiError && unrouted) return null;
    throw e;
  }
}
