// Shared helpers of the dashboard pages: API calls, formatting, the live job stream.

export const STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED'];
const CANCELABLE = new Set(['QUEUED', 'RUNNING']);

export function cancelable(job) {
  return CANCELABLE.has(job.state);
}

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(await problem(response));
  return response.json();
}

/** POSTs the cancel; resolves with the canceled job, rejects with the problem's text. */
export async function cancelJob(job) {
  const response = await fetch(job.links.cancel, { method: 'POST', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(await problem(response));
  return response.json();
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || `HTTP ${response.status}`;
  } catch (e) {
    return `HTTP ${response.status}`;
  }
}

/**
 * Follows /v1/jobs/stream. onJob gets every changed job; onOpen runs on each (re)connection, so that
 * the page re-reads what it may have missed while disconnected; onStatus gets 'live' or 'offline'.
 * EventSource reconnects by itself.
 */
export function followJobs({ onJob, onOpen, onStatus }) {
  const source = new EventSource('/v1/jobs/stream');
  source.addEventListener('open', () => { onStatus('live'); onOpen(); });
  source.addEventListener('error', () => onStatus('offline'));
  source.addEventListener('job', (event) => onJob(JSON.parse(event.data)));
  return source;
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
