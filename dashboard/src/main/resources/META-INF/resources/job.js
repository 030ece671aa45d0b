// One job: its facts, live while it runs; once it succeeded its outputs, an orbit viewer and downloads.
import {
  bytes, cancelJob, cancelable, duration, el, followJobs, getJson, queueWait, runTime, showStatus, stateBadge,
  viewsTimesFrames,
} from './common.js';
import { OrbitViewer } from './orbit.js';

const id = new URLSearchParams(location.search).get('id');
const message = document.getElementById('message');
let job = null;
let outputsShown = false;

document.getElementById('job-id').textContent = id || '(none)';

async function load() {
  if (!id) {
    message.textContent = 'No job id given: open a job from the list.';
    return;
  }
  try {
    show(await getJson(`/v1/jobs/${encodeURIComponent(id)}`));
  } catch (e) {
    message.textContent = `Could not load the job: ${e.message}`;
  }
}

function onChange(changed) {
  if (changed.id !== id || (job && Date.parse(job.updatedAt) > Date.parse(changed.updatedAt))) return;
  // Stream events carry no manifest; read the full job once it succeeded.
  if (changed.state === 'SUCCEEDED' && !outputsShown) load();
  else show({ ...changed, manifest: job?.manifest });
}

function show(next) {
  job = next;
  document.title = `Avatar4D job ${job.id.slice(0, 8)} – ${job.state}`;
  renderSummary();
  const failure = document.getElementById('failure');
  failure.hidden = !(job.state === 'FAILED' && job.error);
  failure.textContent = job.error ? `Failed: ${job.error}` : '';
  const notice = document.getElementById('notice');
  notice.hidden = !job.notice;
  notice.textContent = job.notice || '';
  if (job.manifest && !outputsShown) {
    outputsShown = true;
    renderOutputs(job.manifest);
  }
}

function renderSummary() {
  const facts = [
    ['State', stateBadge(job.state)],
    ['Progress', el('span', { class: 'bar' },
      el('progress', { max: 1, value: job.progress.fraction, 'aria-label': 'progress' }),
      `${job.progress.framesDone}/${job.progress.framesTotal} frames`)],
    ['Model', job.model ? `${job.model.preset} on ${job.model.device}${job.model.trained ? '' : ' (untrained weights)'}`
      : job.options.model],
    ['Views × frames', `${viewsTimesFrames(job)} (${job.options.views.map((v) => v.name).join(', ')})`],
    ['Resolution', `${job.options.resolution} px, ${job.options.fps} fps, ${job.options.formats.join(', ')}`],
    ['Created', new Date(job.createdAt).toLocaleString()],
    ['Queue wait', el('span', { id: 'wait' }, duration(queueWait(job)))],
    ['Run time', el('span', { id: 'run' }, duration(runTime(job)))],
    ['Worker', job.worker ? `${job.worker} (attempt ${job.attempt})` : '–'],
  ];
  const list = el('dl', { class: 'facts' });
  for (const [name, value] of facts) list.append(el('dt', {}, name), el('dd', {}, value));
  const summary = document.getElementById('summary');
  summary.replaceChildren(list);
  if (cancelable(job)) {
    const button = el('button', { type: 'button', id: 'cancel' }, 'Cancel job');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        show(await cancelJob(job));
      } catch (e) {
        message.textContent = `Could not cancel: ${e.message}`;
        button.disabled = false;
      }
    });
    summary.append(button);
  }
}

function renderOutputs(manifest) {
  const views = manifest.views.map((v) => v.name);
  const byKind = (kind, view, frame) =>
    manifest.files.find((f) => f.kind === kind && f.view === view && (frame === undefined || f.frame === frame));

  const grid = document.getElementById('frames');
  const head = el('tr', {}, el('th', { scope: 'col' }, 'view'));
  for (let f = 0; f < manifest.frames; f++) head.append(el('th', { scope: 'col' }, `frame ${f}`));
  grid.replaceChildren(el('thead', {}, head), el('tbody', {}, ...views.map((view) => {
    const tr = el('tr', {}, el('th', { scope: 'row' }, view));
    for (let f = 0; f < manifest.frames; f++) {
      const rgb = byKind('FRAME', view, f);
      const depth = byKind('DEPTH', view, f);
      tr.append(el('td', {}, el('div', { class: 'pair' },
        rgb ? el('img', { src: rgb.url, alt: `${view} frame ${f}`, class: 'rgb' }) : null,
        depth ? el('img', { src: depth.url, alt: `${view} frame ${f} depth`, class: 'depth' })
          : null)));
    }
    return tr;
  })));
  document.getElementById('frames-section').hidden = !manifest.files.some((f) => f.kind === 'FRAME');

  const videos = views.map((view) => [view, byKind('VIDEO', view)]).filter(([, file]) => file);
  document.getElementById('videos').replaceChildren(...videos.map(([view, file]) =>
    el('figure', {},
      el('video', { src: file.url, controls: true, muted: true, loop: true, playsInline: true, preload: 'metadata',
        'aria-label': `video of view ${view}` }),
      el('figcaption', {}, view))));
  document.getElementById('videos-section').hidden = videos.length === 0;

  const expires = new Date(manifest.urlsExpireAt).toLocaleString();
  document.getElementById('expires').textContent = `Links work until ${expires}; reload the page for fresh ones.`;
  document.getElementById('downloads').replaceChildren(...manifest.files.map((file) =>
    el('li', {}, el('a', { href: file.url, download: file.key.split('/').pop() }, file.key.replace(/^jobs\/[^/]+\//, '')),
      ` (${file.mediaType}, ${bytes(file.size)})`)));
  document.getElementById('downloads-section').hidden = false;

  if (manifest.files.some((f) => f.kind === 'FRAME')) {
    new OrbitViewer(manifest, {
      image: document.getElementById('orbit-image'),
      caption: document.getElementById('orbit-caption'),
      frame: document.getElementById('orbit-frame'),
      frameValue: document.getElementById('orbit-frame-value'),
      depth: document.getElementById('orbit-depth'),
    });
    document.getElementById('orbit-section').hidden = false;
  }
}

// Run time and queue wait of an unfinished job grow without events; redraw locally (no requests).
setInterval(() => {
  if (!job || !cancelable(job)) return;
  document.getElementById('wait').textContent = duration(queueWait(job));
  document.getElementById('run').textContent = duration(runTime(job));
}, 1000);

const live = document.getElementById('live');
followJobs({ onJob: onChange, onOpen: load, onStatus: (s) => showStatus(live, s) });
