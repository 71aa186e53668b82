import * as tf from '@tensorflow/tfjs-core';

/** tfjs' NamedTensor (not exported from the package root). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/**
 * Base of the project's optimisers: a tfjs `Optimizer` whose per-variable state ("slots", e.g.
 * Adam's m and v) is keyed by variable name rather than by position, a learning rate that may change
 * every step, and decoupled weight decay. `getWeights()` lists `iter` then `<variable>/<slot>`.
 */
export abstract class SlottedOptimizer extends tf.Optimizer {
  /** The learning rate of the next step; schedules set it. */
  learningRate: number;
  /** Decoupled weight decay: p ← p·(1 − lr·weightDecay) each step (AdamW, SGDW). */
  readonly weightDecay: number;
  private readonly slots = new Map<string, Map<string, tf.Variable>>();

  protected constructor(
    private readonly slotNames: readonly string[],
    learningRate: number,
    weightDecay: number,
  ) {
    super();
    if (!(learningRate >= 0) || !Number.isFinite(learningRate))
      throw new Error(`optimizer: lr must be a finite number ≥ 0, got ${learningRate}`);
    if (!(weightDecay >= 0)) throw new Error(`optimizer: weightDecay must be ≥ 0, got ${weightDecay}`);
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }

  /**
   * The host numbers the update of step `step` needs (learning rate, bias corrections), computed in
   * double precision; `update` receives them as device scalars in the same order.
   */
  protected abstract hostValues(step: number): number[];

  /**
   * The new value of one variable, given its gradient, its slots (already created) and `hostValues`
   * (as scalars, and as the vector from `stepScalars` that fused kernels read).
   */
  protected abstract update(
    value: tf.Tensor,
    gradient: tf.Tensor,
    slots: Map<string, tf.Variable>,
    values: tf.Scalar[],
    scalars: tf.Tensor1D,
  ): tf.Tensor;

  /**
   * The next step's host values (then the weight-decay factor 1 − lr·weightDecay) as one vector, so
   * that a captured step reads them from the device instead of baking them in.
   */
  stepScalars(): tf.Tensor1D {
    const values = this.hostValues(this.iterations + 1);
    return tf.tensor1d([...values, 1 - this.learningRate * this.weightDecay]);
  }

  applyGradients(gradients: tf.NamedTensorMap | NamedTensor[]): void {
    const scalars = this.stepScalars();
    try {
      this.updateVariables(gradients, scalars);
    } finally {
      scalars.dispose();
    }
    this.finishStep();
  }

  /** The device part of a step: every variable updated from `scalars` (from `stepScalars`). */
  updateVariables(gradients: tf.NamedTensorMap | NamedTensor[], scalars: tf.Tensor1D): void {
    const named = Array.isArray(gradients)
      ? gradients
      : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
    const values = tf.unstack(scalars) as tf.Scalar[];
    const decay = values.pop()!;
    for (const { name, tensor: gradient } of named) {
      if (!gradient) continue;
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`optimizer: no variable named '${name}' is registered`);
      const slots = this.slotsOf(name, variable);
      tf.tidy(() => {
        const decayed = this.weightDecay > 0 ? tf.mul(variable, decay) : variable;
        variable.assign(this.update(decayed, gradient, slots, values, scalars));
      });
    }
    tf.dispose([...values, decay]);
  }

  /** The host part of a step: counts it (the bias corrections of the next step depend on it). */
  finishStep(): void {
    this.incrementIterations();
  }

  private slotsOf(name: string, variable: tf.Variable): Map<string, tf.Variable> {
    let slots = this.slots.get(name);
    if (!slots) {
      slots = new Map(
        this.slotNames.map((slot) => [slot, tf.tidy(() => tf.variable(tf.zerosLike(variable), false))]),
      );
      this.slots.set(name, slots);
    }
    return slots;
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const weights: NamedTensor[] = [{ name: 'iter', tensor: tf.scalar(this.iterations, 'int32') }];
    for (const [name, slots] of this.slots)
      for (const [slot, tensor] of slots) weights.push({ name: `${name}/${slot}`, tensor });
    return weights;
  }

  override async setWeights(weights: NamedTensor[]): Promise<void> {
    const [iter, ...rest] = weights;
    if (iter?.name !== 'iter')
      throw new Error(`optimizer.setWeights: the first weight must be 'iter', got '${iter?.name}'`);
    this.iterations_ = (await iter.tensor.data())[0]!;
    this.disposeSlots();
    for (const { name, tensor } of rest) {
      const cut = name.lastIndexOf('/');
      const [variable, slot] = [name.slice(0, cut), name.slice(cut + 1)];
      if (cut < 0 || !this.slotNames.includes(slot))
        throw new Error(`optimizer.setWeights: '${name}' is not <variable>/<${this.slotNames.join('|')}>`);
      if (!this.slots.has(variable)) this.slots.set(variable, new Map());
      this.slots.get(variable)!.set(slot, tf.variable(tensor, false));
    }
  }

  private disposeSlots(): void {
    for (const slots of this.slots.values()) for (const v of slots.values()) v.dispose();
    this.slots.clear();
  }

  override dispose(): void {
    this.disposeSlots();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, weightDecay: this.weightDecay };
  }
}
