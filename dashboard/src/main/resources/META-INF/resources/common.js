// Shared helpers of the dashboard pages: the session, API calls, formatting, the live job stream.

export const STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED'];
const CANCELABLE = new Set(['QUEUED', 'RUNNING']);
const LOGIN = '/login.html';

export function cancelable(job) {
  return CANCELABLE.has(job.state);
}

/** Only FAILED jobs can be put back in the queue (POST /v1/jobs/{id}/retry). */
export function retryable(job) {
  return job.state === 'FAILED';
}

/** Leaves for the sign-in page, which comes back here once signed in. */
export function toLogin() {
  const next = location.pathname + location.search;
  location.replace(`${LOGIN}?next=${encodeURIComponent(next)}`);
}

/**
 * fetch() with JSON accepted; a 401 means the session cookie is missing or stale, so the page goes
 * to the sign-in page (the returned promise then never settles: nothing on this page matters any more).
 */
export async function api(url, init = {}) {
  const response = await fetch(url, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  if (response.status === 401) {
    toLogin();
    return new Promise(() => {});
  }
  return response;
}

export async function getJson(url) {
  const response = await api(url);
  if (!response.ok) throw new Error(await problem(response));
  return response.json();
}

/** POSTs (no body unless given) and resolves with the JSON answer; rejects with the problem's text. */
export async function postJson(url, body) {
  const response = await api(url, { method: 'POST', body });
  if (!response.ok) throw new Error(await problem(response));
  return response.json();
}

/** POSTs the cancel; resolves with the canceled job, rejects with the problem's text. */
export function cancelJob(job) {
  return postJson(job.links.cancel);
}

/** POSTs the retry of a FAILED job; resolves with the job, QUEUED again. */
export function retryJob(job) {
  return postJson(`/v1/jobs/${encodeURIComponent(job.id)}/retry`);
}

/** The text of a problem+json answer: its detail, and each field error. */
export async function problem(response) {
  try {
    const body = await response.json();
    const fields = (body.errors || []).map((e) => `${e.field}: ${e.message}`);
    const main = body.detail || body.title || `HTTP ${response.status}`;
    return fields.length && !fields.some((f) => main.includes(f)) ? `${main} (${fields.join('; ')})` : main;
  } catch (e) {
    return `HTTP ${response.status}`;
  }
}

/**
 * Checks the session (GET /v1/session) and fills the header: the tenant's name and the sign-out
 * button. Without a valid session the page goes to the sign-in page.
 */
export async function startSession() {
  const session = await getJson('/v1/session').catch(() => null);
  if (!session) {
    toLogin();
    return null;
  }
  document.getElementById('tenant').textContent = session.tenant;
  document.getElementById('who').hidden = false;
  document.getElementById('sign-out').addEventListener('click', async () => {
    await fetch('/v1/session', { method: 'DELETE' }).catch(() => {});
    location.replace(LOGIN);
  });
  return session.tenant;
}

/**
 * Follows /v1/jobs/stream. onJob gets every changed job; onOpen runs on each (re)connection, so that
 * the page re-reads what it may have missed while disconnected; onStatus gets 'live' or 'offline'.
 * EventSource reconnects by itself after network errors, but an HTTP error ends it for good: then the
 * session is checked (gone: sign in again) and a new stream is opened a little later.
 *
 * The stream is closed when the page is hidden for navigation and opened again if the browser brings
 * the page back from its back/forward cache: a cached page would otherwise keep its connection, and
 * after a few page changes the browser's six connections per server (HTTP/1.1) would all be held by
 * pages nobody sees, stalling every request of the visible one.
 */
export function followJobs({ onJob, onOpen, onStatus }) {
  let source = null;
  const open = () => {
    source = new EventSource('/v1/jobs/stream');
    const current = source;
    current.addEventListener('open', () => { onStatus('live'); onOpen(); });
    current.addEventListener('job', (event) => onJob(JSON.parse(event.data)));
    current.addEventListener('error', async () => {
      onStatus('offline');
      if (current.readyState !== EventSource.CLOSED || current !== source) return;
      const session = await fetch('/v1/session', { headers: { Accept: 'application/json' } }).catch(() => null);
      if (session?.status === 401) toLogin();
      else setTimeout(() => { if (current === source) open(); }, 3000);
    });
  };
  window.addEventListener('pagehide', () => {
    source?.close();
    source = null;
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && !source) open();
  });
  open();
}

export function showStatus(element, status) {
  element.dataset.status = status;
  element.textContent = status === 'live' ? 'live' : 'reconnecting…';
}

export function stateBadge(state) {
  const badge = document.createElement('span');
  badge.className = `state state-${state}`;
  badge.textContent = state;
  return badge;
}

/** Milliseconds from a to b (b defaults to now), or null when a is missing. */
export function between(a, b) {
  if (!a) return null;
  return (b ? Date.parse(b) : Date.now()) - Date.parse(a);
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.floor(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Queue wait: created → started (→ now while queued, → finished when canceled before it started). */
export function queueWait(job) {
  if (job.startedAt) return between(job.createdAt, job.startedAt);
  return between(job.createdAt, job.finishedAt);
}

/** Run time: started → finished (→ now while running). */
export function runTime(job) {
  return between(job.startedAt, job.finishedAt);
}

export function viewsTimesFrames(job) {
  return `${job.options.views.length} × ${job.progress.framesTotal}`;
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function shortId(id) {
  return id.slice(0, 8);
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}
