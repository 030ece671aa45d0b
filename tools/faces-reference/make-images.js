// Writes the small committed test images under faces/src/test/resources/dev/avatar4d/faces/images/.
// Sources: Debian python3-skimage 0.19.3 (skimage/data, see faces/README.md for their licences)
// and the devstack's procedural sample head. Area-averaged downscale, 8-bit RGB PNG, no alpha.
'use strict';
const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');

const SKIMAGE = process.env.SKIMAGE_DATA || '/usr/lib/python3/dist-packages/skimage/data';
const REPO = path.resolve(__dirname, '..', '..');
const OUT = path.join(REPO, 'faces/src/test/resources/dev/avatar4d/faces/images');

const jobs = [
  { src: path.join(SKIMAGE, 'astronaut.png'), out: 'astronaut.png', width: 320 },
  { src: path.join(SKIMAGE, 'chelsea.png'), out: 'chelsea.png', width: 300 },
  { src: path.join(SKIMAGE, 'coffee.png'), out: 'coffee.png', width: 300 },
  { src: path.join(REPO, 'devstack/src/main/resources/dev/avatar4d/devstack/sample/source.png'), out: 'synthetic-head.png', width: 512 },
];

function areaResize(img, outW, outH) {
  const fx = img.width / outW;
  const fy = img.height / outH;
  const out = new PNG({ width: outW, height: outH, colorType: 2 });
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      const acc = [0, 0, 0];
      let wsum = 0;
      const y0 = oy * fy; const y1 = y0 + fy;
      const x0 = ox * fx; const x1 = x0 + fx;
      for (let sy = Math.floor(y0); sy < Math.ceil(y1); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
        for (let sx = Math.floor(x0); sx < Math.ceil(x1); sx++) {
          const wx = Math.min(x1, sx + 1) - Math.max(x0, sx);
          const i = (sy * img.width + sx) * 4;
          for (let c = 0; c < 3; c++) acc[c] += img.data[i + c] * wx * wy;
          wsum += wx * wy;
        }
      }
      const o = (oy * outW + ox) * 4;
      for (let c = 0; c < 3; c++) out.data[o + c] = Math.round(acc[c] / wsum);
      out.data[o + 3] = 255;
    }
  }
  return out;
}

fs.mkdirSync(OUT, { recursive: true });
for (const job of jobs) {
  const img = PNG.sync.read(fs.readFileSync(job.src));
  const h = Math.round(img.height * job.width / img.width);
  const small = areaResize(img, job.width, h);
  fs.writeFileSync(path.join(OUT, job.out), PNG.sync.write(small, { colorType: 2 }));
  console.log(`${job.out}: ${img.width}x${img.height} -> ${job.width}x${h}`);
}
