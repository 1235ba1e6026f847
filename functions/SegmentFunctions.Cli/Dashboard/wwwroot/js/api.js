// The one client of the HTTP API: every view calls it, none calls fetch itself.
import { apiBase } from './config.js';

const keyStorage = 'segment.apiKey';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The API answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

export function apiKey() {
  return sessionStorage.getItem(keyStorage) ?? '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(keyStorage, key);
  else sessionStorage.removeItem(keyStorage);
}

function url(path, query) {
  const u = new URL(`${apiBase}/api/${path}`, location.href);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') u.searchParams.set(name, String(value));
  }
  return u;
}

async function send(method, path, { query, body, headers = {}, accept = 'application/json' } = {}) {
  const h = { Accept: accept, ...headers };
  const key = apiKey();
  // x-api-key for segment serve, x-functions-key for the Functions host: the same key works with both.
  if (key) { h['x-api-key'] = key; h['x-functions-key'] = key; }
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const response = await fetch(url(path, query), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { problem = null; }
    throw new ApiError(response.status, problem);
  }
  return response;
}

async function json(method, path, options) {
  const response = await send(method, path, options);
  return response.status === 204 ? null : response.json();
}

const enc = encodeURIComponent;

/** Every page of an audience (JSON), following continuation tokens, up to `max` customers. */
async function wholeAudience(segmentId, query, max = 10000) {
  const customers = [];
  let first = null;
  let token = null;
  do {
    const page = await json('GET', `segments/${enc(segmentId)}/customers`, { query: { ...query, limit: 1000, continuationToken: token } });
    first ??= page;
    customers.push(...page.customers);
    token = page.continuationToken;
  } while (token && customers.length < max);
  return { ...first, customers, truncated: Boolean(token) };
}

/** The audience as one CSV text: the header once, then every page's rows, as the API gives them. */
async function audienceCsv(segmentId, query) {
  let text = '';
  let token = null;
  do {
    const response = await send('GET', `segments/${enc(segmentId)}/customers`, {
      query: { ...query, format: 'csv', limit: 1000 }, accept: 'text/csv',
      headers: token ? { 'X-Continuation-Token': token } : {},
    });
    const page = await response.text();
    text += text === '' ? page : page.slice(page.indexOf('\r\n') + 2);
    token = response.headers.get('X-Continuation-Token');
  } while (token);
  return text;
}

export const api = {
  health: async () => {
    const response = await fetch(url('health'), { headers: { Accept: 'application/json' } });
    return response.json();
  },
  segments: () => json('GET', 'segments'),
  audience: (segmentId, query) => json('GET', `segments/${enc(segmentId)}/customers`, { query }),
  wholeAudience,
  audienceCsv,
  scores: (id) => json('GET', `customers/${enc(id)}/scores`),
  features: (id) => json('GET', `customers/${enc(id)}/features`),
  erase: (id) => json('DELETE', `customers/${enc(id)}`),
  models: () => json('GET', 'models'),
  currentModel: async () => {
    const response = await send('GET', 'models/current');
    return { model: await response.json(), etag: response.headers.get('ETag') };
  },
  promote: (version, reason, etag) => json('POST', `models/${enc(version)}/promote`, {
    query: { reason }, headers: etag ? { 'If-Match': etag } : {},
  }),
  startRetrain: (request) => json('POST', 'retrain', { body: request }),
  retrainStatus: (runId) => json('GET', `retrain/${enc(runId)}`),
  runs: (limit = 20) => json('GET', 'retrain', { query: { limit } }),
  deadLetters: (hours = 24) => json('GET', 'deadletters/summary', { query: { hours } }),
};
