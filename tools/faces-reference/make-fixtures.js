// Runs @vladmandic/face-api 1.7.15 on tfjs 4.22.0's pure-JS CPU backend over the committed test
// images and writes the parity fixtures the faces module's Java tests read.
'use strict';
const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const REPO = path.resolve(__dirname, '..', '..');
const IMAGES = path.join(REPO, 'faces/src/test/resources/dev/avatar4d/faces/images');
const OUT = path.join(REPO, 'faces/src/test/resources/dev/avatar4d/faces/fixtures');
const MODELS = path.join(__dirname, 'node_modules/@vladmandic/face-api/model');
const INPUT_SIZE = 416;
const SCORE_THRESHOLD = 0.5;
const LOW_THRESHOLD = 0.05;

const round = (v, d = 6) => Number(v.toFixed(d));
const boxJson = (b) => ({ x: round(b.x), y: round(b.y), width: round(b.width), height: round(b.height) });

function readRgb(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
    rgb[j] = png.data[i]; rgb[j + 1] = png.data[i + 1]; rgb[j + 2] = png.data[i + 2];
  }
  return tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(MODELS);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(MODELS);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(MODELS);
  fs.mkdirSync(OUT, { recursive: true });
  for (const name of fs.readdirSync(IMAGES).filter((f) => f.endsWith('.png')).sort()) {
    const input = readRgb(path.join(IMAGES, name));
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: INPUT_SIZE, scoreThreshold: SCORE_THRESHOLD });
    const results = await faceapi.detectAllFaces(input, options).withFaceLandmarks().withFaceDescriptors();
    const low = await faceapi.detectAllFaces(input,
      new faceapi.TinyFaceDetectorOptions({ inputSize: INPUT_SIZE, scoreThreshold: LOW_THRESHOLD }));
    const fixture = {
      image: name,
      width: input.shape[1],
      height: input.shape[0],
      backend: tf.getBackend(),
      tfjs: tf.version.tfjs,
      faceApi: faceapi.version,
      inputSize: INPUT_SIZE,
      scoreThreshold: SCORE_THRESHOLD,
      faces: results.map((r) => ({
        box: boxJson(r.detection.box),
        score: round(r.detection.score),
        landmarks: r.landmarks.positions.map((p) => [round(p.x, 4), round(p.y, 4)]),
        descriptorRect: boxJson(r.landmarks.align(null, { useDlibAlignment: true })),
        descriptor: Array.from(r.descriptor).map((v) => round(v, 7)),
      })),
      lowThresholdDetections: low.map((d) => ({ box: boxJson(d.box), score: round(d.score) })),
    };
    fs.writeFileSync(path.join(OUT, name.replace('.png', '.json')), JSON.stringify(fixture, null, 1) + '\n');
    console.log(`${name}: ${results.length} face(s) ${results.map((r) => r.detection.score.toFixed(3)).join(' ')};`
      + ` at ${LOW_THRESHOLD}: ${low.map((d) => d.score.toFixed(3)).join(' ') || 'none'}`);
    input.dispose();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
