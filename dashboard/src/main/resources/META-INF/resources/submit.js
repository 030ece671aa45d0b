// The submit form on the jobs page: uploads a source and driving frames with the chosen views,
// resolution and outputs (POST /v1/jobs, multipart, the session cookie authenticates), then hands
// the new job to the jobs table, which shows it at once and follows it live.
import { api, el, problem, shortId } from './common.js';

const panel = document.getElementById('submit');
const form = document.getElementById('submit-form');
const source = document.getElementById('source');
const driving = document.getElementById('driving');
const previews = document.getElementById('previews');
const orbitOn = document.getElementById('orbit-on');
const orbitCount = document.getElementById('orbit-count');
const message = document.getElementById('submit-message');
const button = document.getElementById('submit-button');

if (location.hash === '#submit') panel.open = true;
document.getElementById('submit-link').addEventListener('click', (event) => {
  event.preventDefault();
  panel.open = true;
  source.focus();
});

// Natural order, so frame-2 plays before frame-10.
const byName = (a, b) => a.name.localeCompare(b.name, undefined, { numeric: true });

function drivingFiles() {
  return [...driving.files].sort(byName);
}

function showPreviews() {
  for (const img of previews.querySelectorAll('img')) URL.revokeObjectURL(img.src);
  const chosen = [...(source.files[0] ? [['source', source.files[0]]] : []), ...drivingFiles().map((f, i) => [`driving ${i}`, f])];
  previews.replaceChildren(...chosen.map(([label, file]) =>
    el('figure', {}, el('img', { src: URL.createObjectURL(file), alt: `${label}: ${file.name}` }),
      el('figcaption', {}, label))));
}
source.addEventListener('change', showPreviews);
driving.addEventListener('change', showPreviews);
orbitCount.addEventListener('input', () => { orbitOn.checked = true; });

function views() {
  const chosen = [...form.querySelectorAll('input[name="view"]:checked')].map((box) => box.value);
  return chosen.map((v) => (v === 'orbit' ? `orbit:${orbitCount.value}` : v));
}

function options() {
  return {
    views: views(),
    model: document.getElementById('model').value,
    resolution: Number(document.getElementById('resolution').value),
    formats: [...form.querySelectorAll('input[name="format"]:checked')].map((box) => box.value),
    fps: Number(document.getElementById('fps').value),
  };
}

/** What the form lacks, in words; null when it can be sent. */
function missing(opts) {
  if (!source.files.length) return 'Choose a source portrait.';
  if (!driving.files.length) return 'Choose at least one driving frame.';
  if (!opts.views.length) return 'Choose at least one view.';
  if (!opts.formats.length) return 'Choose at least one output.';
  return null;
}

function say(kind, ...parts) {
  message.dataset.kind = kind;
  message.replaceChildren(...parts);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const opts = options();
  const problemText = missing(opts);
  if (problemText) {
    say('error', problemText);
    return;
  }
  const body = new FormData();
  body.append('source', source.files[0]);
  for (const file of drivingFiles()) body.append('driving', file);
  body.append('options', JSON.stringify(opts));
  const webhook = document.getElementById('webhook').value.trim();
  if (webhook) body.append('webhook', JSON.stringify({ url: webhook }));

  button.disabled = true;
  say('busy', 'Uploading…');
  try {
    const response = await api('/v1/jobs', { method: 'POST', body });
    if (!response.ok) {
      say('error', `Not accepted: ${await problem(response)}`);
      return;
    }
    const job = await response.json();
    say('ok', 'Job ', el('a', { href: `/job.html?id=${job.id}` }, shortId(job.id)),
      ' accepted; it is marked in the table below.');
    document.dispatchEvent(new CustomEvent('job-submitted', { detail: job }));
  } catch (e) {
    say('error', `Could not submit: ${e.message}`);
  } finally {
    button.disabled = false;
  }
});
