// The jobs page: the newest jobs, filtered by state, kept current by the job stream.
import {
  cancelJob, cancelable, duration, el, followJobs, getJson, queueWait, runTime, showStatus, stateBadge,
  viewsTimesFrames,
} from './common.js';

const SHOWN = 50;
const rows = document.querySelector('#jobs tbody');
const filter = document.getElementById('state-filter');
const message = document.getElementById('message');
const empty = document.getElementById('empty');
const jobs = new Map(); // id -> job
const drawn = new WeakMap(); // job -> its <tr>, so that unchanged rows keep their DOM node (and focus)
let arrivedDuringReload = null; // id -> job received while a reload is in flight

filter.value = new URLSearchParams(location.search).get('state') || '';
filter.addEventListener('change', () => {
  const url = new URL(location.href);
  if (filter.value) url.searchParams.set('state', filter.value); else url.searchParams.delete('state');
  history.replaceState(null, '', url);
  reload();
});

async function reload() {
  const query = new URLSearchParams({ limit: SHOWN });
  if (filter.value) query.set('state', filter.value);
  arrivedDuringReload = new Map();
  try {
    const page = await getJson(`/v1/jobs?${query}`);
    jobs.clear();
    for (const job of page.jobs) jobs.set(job.id, job);
    // A change that arrived while the page was read may be newer than what the page shows.
    for (const job of arrivedDuringReload.values()) keepNewer(job);
    render();
    message.textContent = '';
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
  if (filter.value && job.state !== filter.value) {
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
  return el('tr', { dataset: { jobId: job.id, state: job.state } },
    el('td', {}, el('a', { href: `/job.html?id=${job.id}`, title: job.id }, el('code', {}, job.id.slice(0, 8)))),
    el('td', { dataset: { col: 'state' } }, stateBadge(job.state)),
    el('td', { dataset: { col: 'progress' } },
      el('span', { class: 'bar' },
        el('progress', { max: 1, value: fraction, 'aria-label': `progress of job ${job.id.slice(0, 8)}` }),
        `${job.progress.framesDone}/${job.progress.framesTotal}`)),
    el('td', {}, job.model?.preset || job.options.model),
    el('td', { class: 'num' }, viewsTimesFrames(job)),
    el('td', { class: 'num', dataset: { col: 'wait' } }, duration(queueWait(job))),
    el('td', { class: 'num', dataset: { col: 'run' } }, duration(runTime(job))),
    el('td', {}, job.worker || '–'),
    el('td', {}, cancelable(job) ? cancelButton(job) : null));
}

function cancelButton(job) {
  const button = el('button', { type: 'button', 'aria-label': `Cancel job ${job.id.slice(0, 8)}` }, 'Cancel');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      upsert(await cancelJob(job));
      message.textContent = '';
    } catch (e) {
      message.textContent = `Could not cancel ${job.id.slice(0, 8)}: ${e.message}`;
      button.disabled = false;
    }
  });
  return button;
}

// Elapsed times of unfinished jobs grow without any event; a local tick redraws them (no requests).
setInterval(() => {
  for (const tr of rows.querySelectorAll('tr[data-state="QUEUED"], tr[data-state="RUNNING"]')) {
    const job = jobs.get(tr.dataset.jobId);
    if (!job) continue;
    tr.querySelector('[data-col="wait"]').textContent = duration(queueWait(job));
    tr.querySelector('[data-col="run"]').textContent = duration(runTime(job));
  }
}, 1000);

const live = document.getElementById('live');
followJobs({ onJob: upsert, onOpen: reload, onStatus: (s) => showStatus(live, s) });
