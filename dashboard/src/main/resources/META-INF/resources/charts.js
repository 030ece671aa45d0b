// Small hand-written SVG charts: stacked bars and lines over evenly spaced buckets. Each chart is an
// <svg role="img"> with a title and a description that states the figures in words.

const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 30 };
let ids = 0;

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** A round upper bound for the y axis and its step, so that grid lines fall on readable values. */
function niceScale(max) {
  if (!(max > 0)) return { top: 1, step: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return { top: Math.ceil(max / step) * step, step };
}

function frame({ title, description, labels, max, min = 0, unit }) {
  const id = `chart-${++ids}`;
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'chart',
  }, svg('title', { id: `${id}-title` }, title), svg('desc', { id: `${id}-desc` }, description));
  // Below zero the axis mirrors the scale above it, so that zero stays on a grid line.
  const { top, step } = niceScale(Math.max(max, -min));
  const bottom = min < 0 ? -Math.ceil(-min / step) * step : 0;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v) => PAD.top + plotH - ((v - bottom) / (top - bottom)) * plotH;
  const axis = svg('g', { class: 'axis' });
  for (let v = bottom; v <= top + step / 2; v += step) {
    axis.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: Math.abs(v) < step / 2 ? 'base' : 'grid' }),
      svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, `${+v.toFixed(2)}${unit || ''}`));
  }
  const slot = plotW / labels.length;
  labels.forEach((label, i) => {
    if (label) axis.append(svg('text', { x: PAD.left + slot * (i + 0.5), y: H - 10, 'text-anchor': 'middle' }, label));
  });
  root.append(axis);
  return { root, y, slot, x: (i) => PAD.left + slot * (i + 0.5), left: PAD.left };
}

/**
 * Stacked bars: series = [{name, className, values}], one value per label. Each bar has a tooltip
 * (<title>) with its bucket and figures.
 */
export function stackedBars({ title, description, labels, tooltips, series }) {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] || 0), 0));
  const chart = frame({ title, description, labels, max: Math.max(...totals) });
  const width = Math.max(1, chart.slot * 0.7);
  const bars = svg('g', { class: 'bars' });
  labels.forEach((_, i) => {
    let base = 0;
    const group = svg('g', {}, svg('title', {}, tooltips[i]));
    for (const s of series) {
      const v = s.values[i] || 0;
      if (v > 0) {
        group.append(svg('rect', {
          x: chart.x(i) - width / 2, width, y: chart.y(base + v), height: chart.y(base) - chart.y(base + v), class: s.className,
        }));
      }
      base += v;
    }
    bars.append(group);
  });
  chart.root.append(bars);
  return chart.root;
}

/** Lines with dots: series = [{name, className, values}], null values leave gaps; values may be negative. */
export function lines({ title, description, labels, tooltips, series, unit }) {
  const all = series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined));
  const chart = frame({ title, description, labels, max: Math.max(0, ...all), min: Math.min(0, ...all), unit });
  for (const s of series) {
    const group = svg('g', { class: s.className });
    let d = '';
    let penDown = false;
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) {
        penDown = false;
        return;
      }
      d += `${penDown ? 'L' : 'M'}${chart.x(i).toFixed(1)},${chart.y(v).toFixed(1)} `;
      penDown = true;
      group.append(svg('circle', { cx: chart.x(i), cy: chart.y(v), r: 3.5 },
        svg('title', {}, `${s.name} ${tooltips[i]}: ${v.toFixed(2)}${unit || ''}`)));
    });
    if (d) group.prepend(svg('path', { d: d.trim() }));
    chart.root.append(group);
  }
  return chart.root;
}

/** An HTML legend for a chart: one swatch and name per series. */
export function legend(series) {
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const s of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${s.className}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, s.name);
    list.append(item);
  }
  return list;
}
