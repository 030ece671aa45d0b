// One job: its facts and inputs, live while it runs; once it succeeded its outputs, an orbit viewer,
// stretched depth maps and downloads; its webhook deliveries when it has a webhook.
import {
  api, bytes, cancelJob, cancelable, duration, el, followJobs, getJson, problem, queueWait, retryJob, retryable,
  runTime, showStatus, startSession, stateBadge, viewsTimesFrames,
} from './common.js';
import { legend, lines } from './charts.js';
import { drawStretched, sameOriginUrl } from './depth.js';
import { OrbitViewer } from './orbit.js';

const id = new URLSearchParams(location.search).get('id');
const message = document.getElementById('message');
let job = null;
let outputsShown = false;
let webhookTimer = null;

document.getElementById('job-id').textContent = id ? id.slice(0, 8) : '(none)';

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
  loadWebhooks();
}

function onChange(changed) {
  if (changed.id !== id || (job && Date.parse(job.updatedAt) > Date.parse(changed.updatedAt))) return;
  // Stream events carry no manifest; read the full job once it succeeded.
  if (changed.state === 'SUCCEEDED' && !outputsShown) load();
  else show({ ...changed, manifest: job?.manifest });
  // Each job change may have queued a webhook delivery; read the log once things calm down.
  clearTimeout(webhookTimer);
  webhookTimer = setTimeout(loadWebhooks, 1000);
}

function show(next) {
  job = next;
  document.title = `Avatar4D job ${job.id.slice(0, 8)} – ${job.state}`;
  renderSummary();
  const failure = document.getElementById('failure');
  failure.hidden = !(job.state === 'FAILED' && job.error);
  const code = job.errorCode ? ` (${job.errorCode})` : '';
  failure.textContent = job.error ? `Failed at attempt ${job.attempt}${code}: ${job.error}` : '';
  const notice = document.getElementById('notice');
  notice.hidden = !job.notice;
  notice.textContent = job.notice || '';
  if (job.manifest && !outputsShown) {
    outputsShown = true;
    renderOutputs(job.manifest);
  }
}

/** "render 6.1 s · triplanes 1.8 s · …", largest first, stages under 10 ms left out. */
function stageTimes(timings) {
  return Object.entries(timings)
    .filter(([, ms]) => ms >= 10)
    .sort((a, b) => b[1] - a[1])
    .map(([stage, ms]) => `${stage.replace('_', ' ')} ${(ms / 1000).toFixed(1)} s`)
    .join(' · ');
}

function renderSummary() {
  const facts = [
    ['Job id', el('code', {}, job.id)],
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
  if (job.manifest && job.manifest.timings) {
    facts.push(['Worker time', el('span', { id: 'timings' }, stageTimes(job.manifest.timings))]);
  }
  if (job.outputsDeletedAt) {
    facts.push(['Files', `deleted by retention ${new Date(job.outputsDeletedAt).toLocaleString()}`]);
  }
  const list = el('dl', { class: 'facts' });
  for (const [name, value] of facts) list.append(el('dt', {}, name), el('dd', {}, value));
  const summary = document.getElementById('summary');
  summary.replaceChildren(list);
  if (cancelable(job)) summary.append(actionButton('cancel', 'Cancel job', cancelJob));
  if (retryable(job)) summary.append(actionButton('retry', 'Retry job', retryJob));
}

function actionButton(name, label, act) {
  const button = el('button', { type: 'button', id: name }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      show({ ...(await act(job)), manifest: job.manifest });
      message.textContent = '';
    } catch (e) {
      message.textContent = `Could not ${name}: ${e.message}`;
      button.disabled = false;
    }
  });
  return button;
}

async function loadInputs() {
  if (!id) return;
  const section = document.getElementById('inputs-section');
  const note = document.getElementById('inputs-note');
  try {
    const inputs = await getJson(`/v1/jobs/${encodeURIComponent(id)}/inputs`);
    section.hidden = false;
    if (inputs.deleted) {
      note.textContent = 'The inputs were deleted by the retention policy.';
      return;
    }
    note.textContent = `Source and ${inputs.inputs.length - 1} driving frame(s) as submitted.`;
    document.getElementById('inputs').replaceChildren(...inputs.inputs.map((input) => {
      const label = input.role === 'source' ? 'source' : `driving ${input.index}`;
      const image = el('img', { src: input.url, alt: `${label} image`, loading: 'lazy' });
      const figure = el('figure', { class: `thumb thumb-${input.role}` },
        el('a', { href: input.url }, image), el('figcaption', {}, `${label} · ${bytes(input.size)}`));
      image.addEventListener('error', () => figure.classList.add('missing'));
      return figure;
    }));
  } catch (e) {
    section.hidden = false;
    note.textContent = `Inputs unavailable: ${e.message}`;
  }
}

async function loadWebhooks() {
  if (!id) return;
  const response = await api(`/v1/jobs/${encodeURIComponent(id)}/webhooks`).catch(() => null);
  const section = document.getElementById('webhooks-section');
  if (!response || response.status === 404) return;
  if (!response.ok) {
    section.hidden = false;
    document.getElementById('webhook-target').textContent = `Deliveries unavailable: ${await problem(response)}`;
    return;
  }
  const log = await response.json();
  section.hidden = false;
  const target = document.getElementById('webhook-target');
  const table = document.getElementById('webhooks');
  if (!log.subscription) {
    target.textContent = 'This job was submitted without a webhook.';
    table.hidden = true;
    document.getElementById('webhooks-refresh').hidden = true;
    return;
  }
  target.replaceChildren('Sent to ', el('code', {}, log.subscription.url), ` for ${log.subscription.events.join(', ')} events.`);
  table.hidden = log.deliveries.length === 0;
  table.tBodies[0].replaceChildren(...log.deliveries.map((d) => el('tr', { dataset: { status: d.status } },
    el('td', {}, d.type),
    el('td', {}, el('span', { class: `delivery delivery-${d.status}` }, d.status)),
    el('td', { class: 'num' }, String(d.attempts)),
    el('td', {}, [d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : null, d.lastError].filter(Boolean).join(' – ') || '–'),
    el('td', {}, new Date(d.createdAt).toLocaleTimeString()),
    el('td', {}, d.deliveredAt ? new Date(d.deliveredAt).toLocaleTimeString()
      : d.nextAttemptAt ? `next ${new Date(d.nextAttemptAt).toLocaleTimeString()}` : '–'))));
}
document.getElementById('webhooks-refresh').addEventListener('click', loadWebhooks);

const SVG = 'http://www.w3.org/2000/svg';

/** One aligned crop with its landmarks drawn over it (landmarks are in crop pixels). */
function cropFigure(file, face, size, label) {
  const overlay = document.createElementNS(SVG, 'svg');
  overlay.setAttribute('viewBox', `0 0 ${size} ${size}`);
  overlay.setAttribute('class', 'landmarks');
  overlay.setAttribute('aria-hidden', 'true');
  for (const [x, y] of face.cropLandmarks) {
    const dot = document.createElementNS(SVG, 'circle');
    dot.setAttribute('cx', x);
    dot.setAttribute('cy', y);
    dot.setAttribute('r', size / 160);
    overlay.append(dot);
  }
  const how = !face.found ? 'no face: neighbours\' crop' : face.followed ? 'followed'
    : `score ${face.score.toFixed(2)}`;
  const pose = `yaw ${face.yawDeg.toFixed(0)}°, pitch ${face.pitchDeg.toFixed(0)}°, roll ${face.rollDeg.toFixed(0)}°`;
  return el('figure', { class: `thumb crop${face.followed ? ' followed' : ''}`, dataset: { landmarks: face.cropLandmarks.length } },
    el('div', { class: 'crop-stack' },
      el('img', { src: file.url, alt: `${label}: aligned crop, ${pose}` }), overlay),
    el('figcaption', {}, `${label} · ${how} · ${pose}`));
}

/** The crops, warnings, identity and expression scores and the driving pose curve. */
function renderFaces(manifest) {
  const pre = manifest.preprocess;
  if (!pre) return;
  const crop = (view, frame) =>
    manifest.files.find((f) => f.kind === 'CROP' && f.view === view && (frame === null || f.frame === frame));
  const figures = [];
  const source = crop('source', null);
  if (source) figures.push(cropFigure(source, pre.source, pre.cropSize, 'source'));
  pre.driving.forEach((face) => {
    const file = crop('driving', face.frame);
    if (file) figures.push(cropFigure(file, face, pre.cropSize, `driving ${face.frame}`));
  });
  document.getElementById('crops').replaceChildren(...figures);
  document.getElementById('face-warnings').replaceChildren(...pre.warnings.map((w) => el('li', {}, w)));

  const quality = manifest.quality;
  const facts = document.getElementById('quality');
  if (quality) {
    const list = (values) => values.map((v) => v.toFixed(2)).join(', ');
    facts.replaceChildren(
      el('dt', {}, 'Identity kept'),
      el('dd', { id: 'identity' }, `${quality.identityMean.toFixed(2)} mean cosine of face descriptors, source vs. the ${quality.view} view (per frame: ${list(quality.identityPerFrame)}); 1 is the same face to the network`),
      el('dt', {}, 'Expression error'),
      el('dd', { id: 'expression' }, `${quality.expressionMean.toFixed(3)} mean landmark distance to the driving frame, in eye distances (per frame: ${list(quality.expressionPerFrame)})`));
    facts.hidden = false;
  }

  if (pre.driving.length > 1) {
    const series = [
      { name: 'yaw', className: 's-p50', values: pre.driving.map((f) => f.yawDeg) },
      { name: 'pitch', className: 's-p95', values: pre.driving.map((f) => f.pitchDeg) },
      { name: 'roll', className: 's-roll', values: pre.driving.map((f) => f.rollDeg) },
    ];
    const labels = pre.driving.map((f) => String(f.frame));
    const yaws = series[0].values;
    const chart = lines({
      title: `Head pose of the driving frames (pose mode: ${pre.pose.toLowerCase()})`,
      description: `Yaw from ${Math.min(...yaws).toFixed(0)}° to ${Math.max(...yaws).toFixed(0)}° over ${labels.length} frames.`,
      labels, tooltips: labels.map((l) => `frame ${l}`), series, unit: '°',
    });
    document.getElementById('pose-chart').replaceChildren(
      el('figcaption', {}, 'Head pose of each driving frame, degrees'), chart, legend(series));
    document.getElementById('pose-chart').hidden = false;
  }
  document.getElementById('faces-section').hidden = false;
}

function renderOutputs(manifest) {
  renderFaces(manifest);
  const views = manifest.views.map((v) => v.name);
  const byKind = (kind, view, frame) =>
    manifest.files.find((f) => f.kind === kind && f.view === view && (frame === undefined || f.frame === frame));

  let orbit = null;
  if (manifest.files.some((f) => f.kind === 'FRAME')) {
    orbit = new OrbitViewer(manifest, {
      image: document.getElementById('orbit-image'),
      caption: document.getElementById('orbit-caption'),
      frame: document.getElementById('orbit-frame'),
      frameValue: document.getElementById('orbit-frame-value'),
      depth: document.getElementById('orbit-depth'),
    });
    document.getElementById('orbit-section').hidden = false;
  }

  const glb = manifest.files.find((f) => f.kind === 'MESH' && f.mediaType === 'model/gltf-binary');
  if (glb) showMesh(glb);

  const grid = document.getElementById('frames');
  const head = el('tr', {}, el('th', { scope: 'col' }, 'view'));
  for (let f = 0; f < manifest.frames; f++) head.append(el('th', { scope: 'col' }, `frame ${f}`));
  const stretches = [];
  grid.replaceChildren(el('thead', {}, head), el('tbody', {}, ...views.map((view) => {
    const tr = el('tr', {}, el('th', { scope: 'row' }, view));
    for (let f = 0; f < manifest.frames; f++) {
      const rgb = byKind('FRAME', view, f);
      const depth = byKind('DEPTH', view, f);
      let canvas = null;
      if (depth) {
        canvas = el('canvas', { class: 'depth', role: 'img', 'aria-label': `${view} frame ${f} depth, contrast-stretched` });
        stretches.push(stretch(depth, canvas, orbit));
      }
      tr.append(el('td', {}, el('div', { class: 'pair' },
        rgb ? el('img', { src: rgb.url, alt: `${view} frame ${f}`, class: 'rgb' }) : null, canvas)));
    }
    return tr;
  })));
  document.getElementById('frames-section').hidden = !manifest.files.some((f) => f.kind === 'FRAME' || f.kind === 'DEPTH');
  Promise.allSettled(stretches).then(() => { grid.dataset.depthDone = 'true'; });

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
}

/**
 * The job's mesh in a WebGL viewer. Read through the gateway (same origin: the object store sends
 * no CORS headers), and three.js is loaded only for pages that have a mesh.
 */
async function showMesh(file) {
  document.getElementById('mesh-section').hidden = false;
  const caption = document.getElementById('mesh-caption');
  try {
    const { MeshViewer } = await import('./mesh.js');
    const viewer = await MeshViewer.open(sameOriginUrl(id, file.key), document.getElementById('mesh-canvas'));
    caption.textContent = `${viewer.vertices.toLocaleString()} vertices, ${viewer.triangles.toLocaleString()} triangles · ${bytes(file.size)}`;
  } catch (e) {
    caption.textContent = `The mesh could not be shown: ${e.message}`;
  }
}

/** Draws one depth map stretched, and gives the orbit viewer the stretched picture too. */
async function stretch(file, canvas, orbit) {
  try {
    await drawStretched(sameOriginUrl(id, file.key), canvas);
    if (orbit) {
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (blob) orbit.replace('DEPTH', file.view, file.frame, URL.createObjectURL(blob));
    }
  } catch (e) {
    canvas.replaceWith(el('img', { src: file.url, alt: `${file.view} frame ${file.frame} depth`, class: 'depth' }));
  }
}

// Run time and queue wait of an unfinished job grow without events; redraw locally (no requests).
setInterval(() => {
  if (!job || !cancelable(job)) return;
  document.getElementById('wait').textContent = duration(queueWait(job));
  document.getElementById('run').textContent = duration(runTime(job));
}, 1000);

startSession();
loadInputs();
const live = document.getElementById('live');
followJobs({ onJob: onChange, onOpen: load, onStatus: (s) => showStatus(live, s) });
