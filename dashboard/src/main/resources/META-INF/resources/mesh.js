// The mesh viewer: a job's binary glTF in a WebGL canvas, turned by dragging (three.js's
// OrbitControls), lit softly so the radiance colours stay close to the rendered ones.
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

const BACKGROUND = 0x1b1f24;

export class MeshViewer {
  /** Loads the .glb at {@code url} into {@code canvas} and draws it; resolves once drawn. */
  static async open(url, canvas) {
    const gltf = await new GLTFLoader().loadAsync(url);
    return new MeshViewer(gltf.scene, canvas);
  }

  constructor(model, canvas) {
    this.canvas = canvas;
    // preserveDrawingBuffer keeps the last frame readable (toDataURL), which the browser test uses.
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(window.devicePixelRatio || 1);
    this.renderer.setSize(canvas.clientWidth || canvas.width, canvas.clientHeight || canvas.height, false);
    this.scene = new THREE.Scene();
    this.scene.background = new THREE.Color(BACKGROUND);
    this.scene.add(model);
    this.vertices = 0;
    this.triangles = 0;
    model.traverse((node) => {
      if (!node.isMesh) return;
      this.vertices += node.geometry.attributes.position.count;
      this.triangles += (node.geometry.index ? node.geometry.index.count : node.geometry.attributes.position.count) / 3;
    });

    const sphere = new THREE.Box3().setFromObject(model).getBoundingSphere(new THREE.Sphere());
    const radius = sphere.radius > 0 ? sphere.radius : 1;
    this.camera = new THREE.PerspectiveCamera(30, canvas.width / canvas.height, radius / 100, radius * 100);
    // Start in front of the face: glTF's +z is the renderer's front camera side.
    this.camera.position.copy(sphere.center).add(new THREE.Vector3(0, 0, radius / Math.sin(THREE.MathUtils.degToRad(15)) * 1.05));
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x60646c, 1.6));
    const key = new THREE.DirectionalLight(0xffffff, 1.2);
    key.position.set(0.5, 1, 1);
    this.camera.add(key);
    this.scene.add(this.camera);

    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.target.copy(sphere.center);
    this.controls.addEventListener('change', () => this.draw());
    this.controls.update();
    this.draw();
  }

  /** Draws one frame and records the camera's turn for tests and assistive text. */
  draw() {
    this.renderer.render(this.scene, this.camera);
    const azimuth = THREE.MathUtils.radToDeg(this.controls.getAzimuthalAngle());
    this.canvas.dataset.azimuth = azimuth.toFixed(1);
    this.canvas.dataset.drawn = String(Number(this.canvas.dataset.drawn || 0) + 1);
    this.canvas.setAttribute('aria-label', `the avatar's 3D mesh, turned ${azimuth.toFixed(0)}° from the front`);
  }
}
