// The jobs page: the newest jobs, filtered by state and age, kept current by the job stream.
import {
  cancelJob, cancelable, duration, el, followJobs, getJson, queueWait, retryJob, retryable, runTime, shortId,
  showStatus, startSession, stateBadge, viewsTimesFrames,
} from './common.js';

const SHOWN = 50;
const AGES = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };
const rows = document.querySelector('#jobs tbody');
const stateFilter = document.getElementById('state-filter');
const sinceFilter = document.getElementById('since-filter');
const message = document.getElementById('message');
const empty = document.getElementById('empty');
const jobs = new Map(); // id -> job
const drawn = new WeakMap(); // job -> its <tr>, so that unchanged rows keep their DOM node (and focus)
const highlighted = new Set(); // ids of jobs submitted from this page
let arrivedDuringReload = null; // id -> job received while a reload is in flight

const query = new URLSearchParams(location.search);
stateFilter.value = query.get('state') || '';
sinceFilter.value = AGES[query.get('since')] ? query.get('since') : '';
for (const [select, name] of [[stateFilter, 'state'], [sinceFilter, 'since']]) {
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    if (select.value) url.searchParams.set(name, select.value); else url.searchParams.delete(name);
    history.replaceState(null, '', url);
    if (select === stateFilter) reload(); else render();
  });
}

/**
 * The age filter needs no request of its own: the listing is newest first, so the newest 50 jobs
 * created since T are the newest 50 of all jobs, less those older than T.
 */
function shown(job) {
  const age = AGES[sinceFilter.value];
  return !age || Date.now() - Date.parse(job.createdAt) <= age;
}

async function reload() {
  const params = new URLSearchParams({ limit: SHOWN });
  if (stateFilter.value) params.set('state', stateFilter.value);
  arrivedDuringReload = new Map();
  try {
    const page = await getJson(`/v1/jobs?${params}`);
    jobs.clear();
    for (const job of page.jobs) jobs.set(job.id, job);
    // A change that arrived while the page was read may be newer than what the page shows.
    for (const job of arrivedDuringReload.values()) keepNewer(job);
    render();
    message.textContent = '';
    if (!performance.getEntriesByName('jobs-rendered').length) performance.mark('jobs-rendered');
  } catch (e) {
    message.textContent = `Could not load jobs: ${e.message}`;
  } finally {
    arrivedDuringReload = null;
  }
}

function upsert(job) {
  arrivedDuringReload?.set(job.id, job);
  keepNewer(job);
  render();
}

function keepNewer(job) {
  if (stateFilter.value && job.state !== stateFilter.value) {
    jobs.delete(job.id);
    return;
  }
  const known = jobs.get(job.id);
  // Changes of one job can overtake each other between threads; keep the newest.
  if (known && Date.parse(known.updatedAt) > Date.parse(job.updatedAt)) return;
  jobs.set(job.id, job);
}

function render() {
  const ordered = [...jobs.values()]
    .filter(shown)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id))
    .slice(0, SHOWN);
  const focusedId = document.activeElement?.closest('tr')?.dataset.jobId;
  let cursor = rows.firstElementChild;
  for (const job of ordered) {
    let tr = drawn.get(job);
    if (!tr) drawn.set(job, (tr = row(job)));
    if (tr === cursor) {
      cursor = cursor.nextElementSibling;
    } else {
      rows.insertBefore(tr, cursor);
    }
  }
  while (cursor) {
    const next = cursor.nextElementSibling;
    cursor.remove();
    cursor = next;
  }
  // A redrawn row loses keyboard focus; give it back to the same job's row.
  if (focusedId && !rows.contains(document.activeElement)) {
    rows.querySelector(`tr[data-job-id="${focusedId}"] a`)?.focus();
  }
  empty.hidden = ordered.length > 0;
}

function row(job) {
  const fraction = job.progress.fraction;
  const created = new Date(job.createdAt);
  return el('tr', { dataset: { jobId: job.id, state: job.state }, class: highlighted.has(job.id) ? 'highlight' : null },
    el('td', {}, el('a', { href: `/job.html?id=${job.id}`, title: job.id }, el('code', {}, shortId(job.id)))),
    el('td', { dataset: { col: 'state' } }, stateBadge(job.state)),
    el('td', { dataset: { col: 'progress' } },
      el('span', { class: 'bar' },
        el('progress', { max: 1, value: fraction, 'aria-label': `progress of job ${shortId(job.id)}` }),
        `${job.progress.framesDone}/${job.progress.framesTotal}`)),
    el('td', {}, job.model?.preset || job.options.model),
    el('td', { class: 'num' }, viewsTimesFrames(job)),
    el('td', { class: 'num' }, el('time', { datetime: job.createdAt, title: created.toLocaleString() },
      created.toLocaleTimeString())),
    el('td', { class: 'num', dataset: { col: 'wait' } }, duration(queueWait(job))),
    el('td', { class: 'num', dataset: { col: 'run' } }, duration(runTime(job))),
    el('td', {}, job.worker || '–'),
    el('td', { class: 'actions' },
      cancelable(job) ? actionButton(job, 'Cancel', cancelJob) : null,
      retryable(job) ? actionButton(job, 'Retry', retryJob) : null));
}

function actionButton(job, verb, act) {
  const button = el('button', { type: 'button', 'aria-label': `${verb} job ${shortId(job.id)}`, dataset: { action: verb.toLowerCase() } },
    verb);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      upsert(await act(job));
      message.textContent = '';
    } catch (e) {
      message.textContent = `Could not ${verb.toLowerCase()} ${shortId(job.id)}: ${e.message}`;
      button.disabled = false;
    }
  });
  return button;
}

// A job submitted from the form on this page: shown at once and marked, then followed by the stream.
document.addEventListener('job-submitted', (event) => {
  const job = event.detail;
  highlighted.add(job.id);
  upsert(job);
  rows.querySelector(`tr[data-job-id="${job.id}"]`)?.scrollIntoView({ block: 'nearest' });
});

// Elapsed times of unfinished jobs grow without any event; a local tick redraws them (no requests).
// Rows that aged out of the "created" filter go too.
let ticks = 0;
setInterval(() => {
  for (const tr of rows.querySelectorAll('tr[data-state="QUEUED"], tr[data-state="RUNNING"]')) {
    const job = jobs.get(tr.dataset.jobId);
    if (!job) continue;
    tr.querySelector('[data-col="wait"]').textContent = duration(queueWait(job));
    tr.querySelector('[data-col="run"]').textContent = duration(runTime(job));
  }
  if (sinceFilter.value && ++ticks % 30 === 0) render();
}, 1000);

startSession();
const live = document.getElementById('live');
followJobs({ onJob: upsert, onOpen: reload, onStatus: (s) => showStatus(live, s) });
