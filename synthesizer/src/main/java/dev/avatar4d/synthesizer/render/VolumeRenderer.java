package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.synthesizer.camera.Camera;
import java.util.List;

/**
 * Renders triplanes from any number of cameras in one batched pass: stratified coarse samples,
 * importance-sampled fine samples, emission-absorption compositing and background compositing
 * (Portrait4D-v2's renderer with the identity deformer).
 *
 * <p>Stateless and thread-safe; all arrays it creates are attached to the planes' manager.
 */
public final class VolumeRenderer {

    /**
     * Renders {@code cameras.size()} views.
     *
     * @param planes {@code (B, 3, C, H, W)}; B = 1 is shared by every camera, otherwise B = N
     * @param decoder per-sample feature decoder
     * @param background {@code (1|N, Cf, R, R)} background features in [0, 1], or null for none
     * @param cameras the N cameras
     * @param settings resolution, sample counts and box size
     * @param noise explicit sample noise, or null to draw it at random
     * @return feature image (×2−1), depth and opacity, each with N entries
     */
    public RenderOutput render(
            NDArray planes,
            FeatureDecoder decoder,
            NDArray background,
            List<Camera> cameras,
            RenderSettings settings,
            SampleNoise noise) {
        int n = cameras.size();
        NDManager manager = planes.getManager();
        SampleNoise sampleNoise = noise != null ? noise : SampleNoise.random(manager, n, settings);
        sampleNoise.checkFits(n, settings);

        Rays rays = RaySampler.sample(manager, cameras, settings.resolution(), settings.boxWarp());
        int r = settings.resolution();
        long m = (long) r * r;

        NDArray depths = stratifiedDepths(rays, sampleNoise.stratifiedJitter(), settings, m);
        Samples coarse = evaluate(planes, decoder, rays, depths, settings.boxWarp());
        Samples all = coarse;
        if (settings.importanceSamples() > 0) {
            RayMarcher.Marched first = RayMarcher.march(coarse.colors, coarse.densities, depths);
            NDArray fineDepths =
                    ImportanceSampler.sample(depths, first.weights(), sampleNoise.importanceU());
            all = coarse.mergeSorted(evaluate(planes, decoder, rays, fineDepths, settings.boxWarp()));
        }
        RayMarcher.Marched result = RayMarcher.march(all.colors, all.densities, all.depths);

        NDArray features = result.features();
        if (background != null) {
            features = features.add(result.opacity().neg().add(1f).mul(channelsLast(background, n, r)));
        }
        return new RenderOutput(
                toImage(features.mul(2f).sub(1f), n, r),
                toImage(result.depth(), n, r),
                toImage(result.opacity(), n, r));
    }

    /** t_k = near + (k + jitter_k)·(far − near)/(S − 1), broadcast to every ray: {@code (N,M,S)}. */
    static NDArray stratifiedDepths(Rays rays, NDArray jitter, RenderSettings settings, long m) {
        int s = settings.stratifiedSamples();
        NDArray step = rays.far().sub(rays.near()).div((float) (s - 1));
        NDArray k = jitter.getManager().arange(0f, (float) s).reshape(1, 1, s).toDevice(
                jitter.getDevice(), false);
        NDArray depths = rays.near().add(k.add(jitter).mul(step));
        Shape shape = new Shape(depths.getShape().get(0), m, s);
        return depths.getShape().equals(shape) ? depths : depths.broadcast(shape);
    }

    private static Samples evaluate(
            NDArray planes, FeatureDecoder decoder, Rays rays, NDArray depths, float boxWarp) {
        Shape ds = depths.getShape();
        NDArray points = rays.pointsAt(depths).reshape(ds.get(0), ds.get(1) * ds.get(2), 3);
        NDArray features = TriplaneSampler.sample(planes, points, boxWarp);
        NDList decoded = decoder.decode(features);
        NDArray colors = decoded.get(0);
        long cf = colors.getShape().getLastDimension();
        return new Samples(
                depths,
                colors.reshape(ds.get(0), ds.get(1), ds.get(2), cf),
                decoded.get(1).reshape(ds));
    }

    /** {@code (1|N, Cf, R, R)} → {@code (N, R², Cf)}. */
    private static NDArray channelsLast(NDArray background, int n, int r) {
        Shape bs = background.getShape();
        if (bs.dimension() != 4 || (bs.get(0) != 1 && bs.get(0) != n) || bs.get(2) != r
                || bs.get(3) != r) {
            throw new IllegalArgumentException(
                    "background must have shape (1|" + n + ", Cf, " + r + ", " + r + "), got " + bs);
        }
        return background.reshape(bs.get(0), bs.get(1), (long) r * r).transpose(0, 2, 1);
    }

    /** {@code (N, R², C)} → {@code (N, C, R, R)}. */
    private static NDArray toImage(NDArray perRay, int n, int r) {
        long c = perRay.getShape().getLastDimension();
        return perRay.reshape(n, r, r, c).transpose(0, 3, 1, 2);
    }

    /** Decoded samples along rays: depths {@code (N,M,S)}, colours {@code (N,M,S,Cf)}, densities. */
    private record Samples(NDArray depths, NDArray colors, NDArray densities) {

        /** Concatenates two sample sets along each ray and sorts them by depth. */
        Samples mergeSorted(Samples other) {
            NDArray d = depths.concat(other.depths, 2);
            NDArray c = colors.concat(other.colors, 2);
            NDArray sigma = densities.concat(other.densities, 2);
            NDArray order = d.argSort(2);
            NDArray colorOrder = order.expandDims(-1).broadcast(c.getShape());
            return new Samples(d.gather(order, 2), c.gather(colorOrder, 2), sigma.gather(order, 2));
        }
    }
}
