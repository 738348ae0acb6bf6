// Limited-memory BFGS for smooth convex objectives (here: weighted, L2-regularised softmax regression). Deterministic:
// the same objective and start always take the same steps, so training is reproducible bit for bit.

/** Writes the gradient at `x` into `gradient` and returns the objective's value. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface MinimizeOptions {
  maxIterations: number;
  /** Stop when the objective improves by less than this fraction over one iteration. */
  tolerance?: number;
  /** Pairs of past steps kept to approximate the curvature. */
  memory?: number;
  onIteration?: (iteration: number, value: number) => void;
}

export function minimize(objective: Objective, start: Float64Array, options: MinimizeOptions): { x: Float64Array; value: number; iterations: number } {
  const n = start.length;
  const memory = options.memory ?? 6;
  const tolerance = options.tolerance ?? 1e-7;
  const x = Float64Array.from(start);
  const gradient = new Float64Array(n);
  let value = objective(x, gradient);
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(n);
  const nextX = new Float64Array(n);
  const nextGradient = new Float64Array(n);
  const alphas = new Float64Array(memory);
  let iteration = 0;
  for (; iteration < options.maxIterations; iteration++) {
    // Two-loop recursion: direction = -H * gradient.
    for (let i = 0; i < n; i++) direction[i] = -gradient[i];
    for (let j = steps.length - 1; j >= 0; j--) {
      alphas[j] = rhos[j] * dot(steps[j], direction);
      axpy(-alphas[j], gradientChanges[j], direction);
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const scale = dot(steps[last], gradientChanges[last]) / dot(gradientChanges[last], gradientChanges[last]);
      for (let i = 0; i < n; i++) direction[i] *= scale;
    } else {
      const norm = Math.sqrt(dot(gradient, gradient));
      if (norm === 0) break;
      for (let i = 0; i < n; i++) direction[i] /= norm;
    }
    for (let j = 0; j < steps.length; j++) {
      const beta = rhos[j] * dot(gradientChanges[j], direction);
      axpy(alphas[j] - beta, steps[j], direction);
    }
    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (curvature information went stale): restart from steepest descent.
      steps.length = gradientChanges.length = rhos.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i];
      slope = dot(gradient, direction);
    }
    // Backtracking line search (Armijo condition).
    let step = 1;
    let nextValue = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < n; i++) nextX[i] = x[i] + step * direction[i];
      nextValue = objective(nextX, nextGradient);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextValue < value)) break;
    const s = steps.length === memory ? steps.shift()! : new Float64Array(n);
    const y = gradientChanges.length === memory ? gradientChanges.shift()! : new Float64Array(n);
    if (rhos.length === memory) rhos.shift();
    for (let i = 0; i < n; i++) {
      s[i] = nextX[i] - x[i];
      y[i] = nextGradient[i] - gradient[i];
    }
    const curvature = dot(s, y);
    if (curvature > 1e-12) {
      steps.push(s);
      gradientChanges.push(y);
      rhos.push(1 / curvature);
    }
    const improvement = (value - nextValue) / Math.max(Math.abs(value), 1e-12);
    x.set(nextX);
    gradient.set(nextGradient);
    value = nextValue;
    options.onIteration?.(iteration + 1, value);
    if (improvement < tolerance) {
      iteration++;
      break;
    }
  }
  return { x, value, iterations: iteration };
}

function dot(a: Float64Array, b: Float64Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i] * b[i];
  return total;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}
