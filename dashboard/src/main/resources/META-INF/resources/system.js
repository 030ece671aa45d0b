// The system page: queue backlog and gateway event lag per partition, workers by heartbeat, and the
// tenant's jobs over the last hour as charts, from GET /v1/system.
import { duration, el, getJson, shortId, startSession } from './common.js';
import { legend, lines, stackedBars } from './charts.js';

/**
 * Kafka offsets and heartbeats have no change stream the page could follow, so while the page is
 * visible it asks again every few seconds (one request; a hidden tab asks nothing).
 */
const REFRESH_MS = 5000;
const message = document.getElementById('message');
const updated = document.getElementById('updated');
let timer = null;

async function refresh() {
  clearTimeout(timer);
  try {
    render(await getJson('/v1/system'));
    message.textContent = '';
    updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
    updated.dataset.status = 'live';
  } catch (e) {
    message.textContent = `Could not load the system status: ${e.message}`;
    updated.dataset.status = 'offline';
  }
  if (document.visibilityState === 'visible') timer = setTimeout(refresh, REFRESH_MS);
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') refresh(); else clearTimeout(timer);
});
document.getElementById('refresh').addEventListener('click', refresh);

function render(system) {
  renderCards(system);
  renderWorkers(system.workers);
  renderThroughput(system.jobs);
  renderDurations(system.jobs);
  renderFailures(system.jobs);
  renderQueue('queue', system.queue, 'share start', 'pending');
  renderQueue('events', system.eventConsumer, 'committed', 'lag');
  document.body.dataset.loaded = 'true';
  if (!performance.getEntriesByName('system-rendered').length) performance.mark('system-rendered');
}

function card(label, value, detail, name) {
  return el('div', { class: 'card', dataset: { card: name } },
    el('div', { class: 'card-label' }, label), el('div', { class: 'card-value' }, value),
    detail ? el('div', { class: 'card-detail' }, detail) : null);
}

function renderCards({ queue, eventConsumer, workers, jobs }) {
  const alive = workers.filter((w) => w.alive);
  const busy = alive.filter((w) => w.currentJob).length;
  document.getElementById('cards').replaceChildren(
    card('Jobs in the queue', queue.error ? '?' : String(queue.total),
      queue.error || `share group ${queue.group}: ${queue.state}, ${queue.members} member(s)`, 'queue'),
    card('Workers alive', String(alive.length), `${busy} busy, ${alive.length - busy} idle`, 'workers'),
    card('Gateway event lag', eventConsumer.error ? '?' : String(eventConsumer.total),
      eventConsumer.error || `group ${eventConsumer.group}: ${eventConsumer.state}`, 'events'),
    card('Your jobs now', `${jobs.queued} queued · ${jobs.running} running`, null, 'active'),
    card('Your last hour', `${jobs.submitted} submitted`,
      `${jobs.succeeded} succeeded · ${jobs.failed} failed · ${jobs.canceled} canceled`, 'hour'),
    card('Run time p50 / p95', percentiles(jobs.runSeconds), `queue wait ${percentiles(jobs.queueSeconds)}`, 'run'));
}

function percentiles(p) {
  return p.count ? `${duration(p.p50 * 1000)} / ${duration(p.p95 * 1000)}` : '–';
}

function renderWorkers(workers) {
  const body = document.querySelector('#workers tbody');
  body.replaceChildren(...workers.map((w) => el('tr', { dataset: { worker: w.workerId, status: w.status } },
    el('th', { scope: 'row' }, w.workerId),
    el('td', {}, el('span', { class: `worker-status worker-${w.status}` }, w.status)),
    el('td', {}, w.device || '–'),
    el('td', {}, w.currentJob
      ? el('span', {}, el('a', { href: `/job.html?id=${w.currentJob.jobId}` }, el('code', {}, shortId(w.currentJob.jobId))),
        ` ${w.currentJob.framesDone}/${w.currentJob.framesTotal} frames`)
      : 'idle'),
    el('td', { class: 'num' }, w.lastJob ? `${w.lastJob.framesPerSecond.toFixed(2)} frames/s (${w.lastJob.frames} in ${w.lastJob.seconds.toFixed(1)} s)` : '–'),
    el('td', {}, w.startedAt ? new Date(w.startedAt).toLocaleString() : '–'),
    el('td', { class: 'num' }, `${w.secondsSinceSeen.toFixed(0)} s ago`))));
  document.getElementById('no-workers').hidden = workers.length > 0;
}

const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function renderThroughput(jobs) {
  const minutes = jobs.perMinute;
  const series = [
    { name: 'succeeded', className: 's-succeeded', values: minutes.map((m) => m.succeeded) },
    { name: 'failed', className: 's-failed', values: minutes.map((m) => m.failed) },
    { name: 'canceled', className: 's-canceled', values: minutes.map((m) => m.canceled) },
  ];
  const busiest = Math.max(...minutes.map((m) => m.succeeded + m.failed + m.canceled));
  const chart = stackedBars({
    title: 'Jobs finished per minute over the last hour, by outcome',
    description: `${jobs.succeeded} succeeded, ${jobs.failed} failed and ${jobs.canceled} canceled in the last hour;`
      + ` at most ${busiest} in one minute. ${jobs.submitted} were submitted.`,
    labels: minutes.map((m, i) => (i % 10 === 0 ? time(m.start) : '')),
    tooltips: minutes.map((m) => `${time(m.start)}: ${m.submitted} submitted, ${m.succeeded} succeeded,`
      + ` ${m.failed} failed, ${m.canceled} canceled`),
    series,
  });
  document.getElementById('throughput').replaceChildren(chart, legend(series),
    el('figcaption', {}, `Finished jobs per minute; ${jobs.submitted} submitted in the hour.`));
}

function renderDurations(jobs) {
  const buckets = jobs.durations;
  const series = [
    { name: 'p50', className: 's-p50', values: buckets.map((b) => b.p50) },
    { name: 'p95', className: 's-p95', values: buckets.map((b) => b.p95) },
  ];
  const chart = lines({
    title: `Run time of succeeded jobs per ${jobs.durationBucketMinutes} minutes, median and 95th percentile`,
    description: jobs.runSeconds.count
      ? `Over the hour: median ${jobs.runSeconds.p50.toFixed(1)} s, 95th percentile ${jobs.runSeconds.p95.toFixed(1)} s,`
        + ` ${jobs.runSeconds.count} jobs.`
      : 'No job succeeded in the last hour.',
    labels: buckets.map((b, i) => (i % 2 === 0 ? time(b.start) : '')),
    tooltips: buckets.map((b) => `${time(b.start)} (${b.count} jobs)`),
    series,
    unit: ' s',
  });
  document.getElementById('durations').replaceChildren(chart, legend(series),
    el('figcaption', {}, `Seconds from start to finish, per ${jobs.durationBucketMinutes}-minute bucket.`));
}

function renderFailures(jobs) {
  const body = document.querySelector('#failures tbody');
  body.replaceChildren(...jobs.failures.map((f) => el('tr', {},
    el('td', { title: f.example }, f.reason),
    el('td', { class: 'num' }, String(f.count)),
    el('td', {}, el('span', { class: 'share' },
      el('span', { class: 'share-track', 'aria-hidden': 'true' },
        el('span', { class: 'share-bar', style: `width: ${Math.round(f.share * 100)}%` })),
      `${(f.share * 100).toFixed(1)} %`)))));
  document.getElementById('no-failures').hidden = jobs.failures.length > 0;
}

function renderQueue(id, queue, positionName, lagName) {
  const table = document.getElementById(id);
  const note = document.getElementById(`${id}-note`);
  if (queue.error) {
    note.textContent = `${queue.topic}, group ${queue.group}: unavailable (${queue.error})`;
    table.replaceChildren();
    return;
  }
  const sources = [...new Set(queue.partitions.map((p) => p.lagSource))];
  note.textContent = `${queue.topic}, group ${queue.group} (${queue.state}, ${queue.members} member(s)); `
    + `${lagName} = ${sources.join(' / ')}.`;
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...['partition', 'log start', 'end', positionName, lagName]
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...queue.partitions.map((p) => el('tr', {},
      el('th', { scope: 'row' }, String(p.partition)),
      el('td', { class: 'num' }, String(p.logStart)),
      el('td', { class: 'num' }, String(p.end)),
      el('td', { class: 'num' }, p.position === null ? '–' : String(p.position)),
      el('td', { class: 'num' }, String(p.lag))))),
    el('tfoot', {}, el('tr', {}, el('th', { scope: 'row', colspan: 4 }, 'total'),
      el('td', { class: 'num' }, String(queue.total)))));
}

startSession();
refresh();
