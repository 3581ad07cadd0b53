// Calls the gateway's own endpoints with the key the user signed in with (kept in this tab's sessionStorage only).

const STORAGE = 'imagegate.key';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export const session = {
  get key() {
    return sessionStorage.getItem(STORAGE);
  },
  set key(value) {
    if (value) sessionStorage.setItem(STORAGE, value); else sessionStorage.removeItem(STORAGE);
  },
};

/** Calls `path` and returns {status, headers, body}; throws ApiError with the API's own message on failure. */
export async function call(method, path, body, {key = session.key} = {}) {
  const headers = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store'});
  } catch (e) {
    throw new ApiError(0, `The gateway did not answer (${e.message}). Is it still running?`);
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const message = parsed && parsed.error && parsed.error.message
      ? parsed.error.message : `HTTP ${response.status}: ${text.slice(0, 200) || response.statusText}`;
    throw new ApiError(response.status, message, parsed);
  }
  return {status: response.status, headers: response.headers, body: parsed};
}

export async function get(path, params) {
  const query = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null
    && v !== '')).toString() : '';
  return (await call('GET', query ? `${path}?${query}` : path)).body;
}

export async function post(path, body) {
  return (await call('POST', path, body ?? {})).body;
}

/** Every key (all pages of /key/list) as full objects. */
export async function allKeys() {
  const keys = [];
  for (let page = 1; ; page++) {
    const answer = await get('/key/list', {page, size: 100, return_full_object: 'true'});
    keys.push(...answer.keys);
    if (page >= (answer.total_pages || 1)) return keys;
  }
}
