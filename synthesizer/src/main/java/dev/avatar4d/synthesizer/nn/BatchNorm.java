package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;

/**
 * Batch normalisation in inference mode (running statistics), over axis 1 of {@code (B, C, ...)}.
 * Only the frozen PD-FGC motion encoder uses it.
 */
public final class BatchNorm extends Module {

    private final Parameter weight;
    private final Parameter bias;
    private final Parameter mean;
    private final Parameter var;

    /** A BatchNorm over {@code channels}. */
    public BatchNorm(int channels) {
        this.weight = param("weight", Init.constant(1f), channels);
        this.bias = param("bias", Init.constant(0f), channels);
        this.mean = param("running_mean", Init.constant(0f), channels);
        this.var = param("running_var", Init.constant(1f), channels);
    }

    /** Normalises {@code x} with the running statistics. */
    public NDArray apply(NDArray x) {
        long rank = x.getShape().dimension();
        long c = x.getShape().get(1);
        long[] view = new long[(int) rank];
        java.util.Arrays.fill(view, 1);
        view[1] = c;
        NDArray scale = value(weight).div(value(var).add(1e-5f).sqrt());
        NDArray shift = value(bias).sub(value(mean).mul(scale));
        return x.mul(scale.reshape(view)).add(shift.reshape(view));
    }

    @Override
    protected NDList run(NDList inputs) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }
}
