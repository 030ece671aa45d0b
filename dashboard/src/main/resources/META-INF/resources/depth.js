// Depth maps as the page shows them. The PNGs spread the whole camera box [near, far] over 16-bit
// grey values, and a head fills a thin slice of it, so unprocessed maps look flat. Each map is
// stretched to the range it actually uses (1st to 99th percentile of its foreground), near drawn
// light. A browser would hand a canvas only the top 8 bits of each value, which is exactly the
// detail a stretch needs, so the PNG is decoded here (fetched same-origin from the gateway).

/** 16-bit values at the far clamp are background: rays that missed the head. */
const BACKGROUND = 65535;

/** The same-origin address of one of a job's objects (key as in the manifest). */
export function sameOriginUrl(jobId, key) {
  const prefix = `jobs/${jobId}/`;
  const name = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  return `/v1/jobs/${encodeURIComponent(jobId)}/files/${name.split('/').map(encodeURIComponent).join('/')}`;
}

/** Loads the depth map at {@code url} and draws it stretched into {@code canvas}. */
export async function drawStretched(url, canvas) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const { width, height, values } = await decodeGrayPng(new Uint8Array(await response.arrayBuffer()));
  const [lo, hi] = stretchRange(values);
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  const image = context.createImageData(width, height);
  const span = Math.max(1, hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // near → 255, far → 40, background → 0; a flat map shows as even mid-grey.
    const out = v === BACKGROUND ? 0 : hi === lo ? 128 : Math.round(255 - 215 * Math.min(1, Math.max(0, (v - lo) / span)));
    image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = out;
    image.data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  canvas.dataset.stretched = `${lo}-${hi}`;
  return canvas;
}

/** 1st and 99th percentile of the foreground values (all values when there is no foreground). */
export function stretchRange(values) {
  let foreground = values.filter((v) => v !== BACKGROUND);
  if (foreground.length === 0) foreground = values.slice();
  foreground.sort();
  const at = (q) => foreground[Math.min(foreground.length - 1, Math.floor(q * foreground.length))];
  return [at(0.01), at(0.99)];
}

/**
 * Decodes a non-interlaced greyscale PNG (8 or 16 bits) into 16-bit values, row by row. Other PNGs
 * are refused; the worker writes depth maps only this way.
 */
export async function decodeGrayPng(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x89504e47) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let bits = 0;
  const chunks = [];
  for (let pos = 8; pos + 8 <= bytes.length;) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      bits = bytes[pos + 16];
      if (bytes[pos + 17] !== 0 || bytes[pos + 20] !== 0 || (bits !== 8 && bits !== 16)) {
        throw new Error('not a plain greyscale PNG');
      }
    } else if (type === 'IDAT') {
      chunks.push(bytes.subarray(pos + 8, pos + 8 + length));
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + length;
  }
  const inflated = new Uint8Array(await new Response(
    new Blob(chunks).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
  const pixelBytes = bits / 8;
  const stride = width * pixelBytes;
  const rows = unfilter(inflated, height, stride, pixelBytes);
  const values = new Uint16Array(width * height);
  for (let i = 0; i < values.length; i++) {
    values[i] = bits === 16 ? (rows[2 * i] << 8) | rows[2 * i + 1] : rows[i] * 257;
  }
  return { width, height, values };
}

/** Undoes the PNG row filters (none, sub, up, average, Paeth). */
function unfilter(data, height, stride, bpp) {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const line = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[row + i - bpp] : 0;
      const b = y > 0 ? out[row - stride + i] : 0;
      const c = i >= bpp && y > 0 ? out[row - stride + i - bpp] : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) predicted = paeth(a, b, c);
      out[row + i] = (line[i] + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
