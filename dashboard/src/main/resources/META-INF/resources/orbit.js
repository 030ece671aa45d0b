// The orbit viewer: one <img> showing frame N of one view; dragging sideways or ← → turns through
// the views in yaw order, ↑ ↓ (or the slider) step through frames.

/** Pixels of horizontal drag per view step. */
const DRAG_STEP_PX = 24;

export class OrbitViewer {
  constructor(manifest, { image, caption, frame, frameValue, depth }) {
    this.manifest = manifest;
    // Orbit order is left to right around the head: ascending yaw, then pitch.
    this.views = [...manifest.views].sort((a, b) => a.yaw - b.yaw || a.pitch - b.pitch);
    this.image = image;
    this.caption = caption;
    this.frameInput = frame;
    this.frameValue = frameValue;
    this.depthInput = depth;
    // Start facing the camera: the view nearest to yaw 0.
    this.view = this.views.reduce((best, v, i) => (Math.abs(v.yaw) < Math.abs(this.views[best].yaw) ? i : best), 0);
    this.frame = 0;
    this.urls = new Map(manifest.files
      .filter((f) => f.kind === 'FRAME' || f.kind === 'DEPTH')
      .map((f) => [`${f.kind}/${f.view}/${f.frame}`, f.url]));
    frame.max = String(Math.max(0, manifest.frames - 1));
    frame.addEventListener('input', () => this.show(this.view, Number(frame.value)));
    depth.addEventListener('change', () => this.show(this.view, this.frame));
    image.setAttribute('role', 'img');
    this.listen();
    this.preload();
    this.show(this.view, 0);
  }

  listen() {
    let startX = null;
    let startView = 0;
    this.image.addEventListener('pointerdown', (e) => {
      startX = e.clientX;
      startView = this.view;
      this.image.setPointerCapture(e.pointerId);
      this.image.focus();
      e.preventDefault();
    });
    this.image.addEventListener('pointermove', (e) => {
      if (startX === null) return;
      const steps = Math.trunc((e.clientX - startX) / DRAG_STEP_PX);
      this.show(startView + steps, this.frame);
    });
    const end = () => { startX = null; };
    this.image.addEventListener('pointerup', end);
    this.image.addEventListener('pointercancel', end);
    this.image.addEventListener('keydown', (e) => {
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      const move = moves[e.key];
      if (!move) return;
      e.preventDefault();
      this.show(this.view + move[0], this.frame + move[1]);
    });
  }

  /** Shows {@code url} for one picture from now on (e.g. a contrast-stretched depth map). */
  replace(kind, view, frame, url) {
    this.urls.set(`${kind}/${view}/${frame}`, url);
    if (this.views[this.view].name === view && this.frame === frame) this.show(this.view, this.frame);
  }

  // The browser caches every frame once, so turning the head does not wait for the network.
  preload() {
    for (const url of this.urls.values()) new Image().src = url;
  }

  show(view, frame) {
    const count = this.views.length;
    this.view = ((view % count) + count) % count;
    this.frame = Math.min(Math.max(frame, 0), this.manifest.frames - 1);
    const spec = this.views[this.view];
    const kind = this.depthInput.checked ? 'DEPTH' : 'FRAME';
    const url = this.urls.get(`${kind}/${spec.name}/${this.frame}`);
    if (url && this.image.getAttribute('src') !== url) this.image.src = url;
    this.image.dataset.view = spec.name;
    this.image.dataset.frame = String(this.frame);
    const text = `view ${spec.name} (yaw ${spec.yaw}°), frame ${this.frame}${kind === 'DEPTH' ? ', depth' : ''}`;
    this.image.alt = text;
    this.caption.textContent = `${text} · ${this.view + 1} of ${count} views`;
    this.frameInput.value = String(this.frame);
    this.frameValue.textContent = String(this.frame);
  }
}
