/**
 * Exponential backoff with jitter for watch restarts, after client-go's `wait.Backoff` as the reflector uses it
 * (k8s.io/client-go/tools/cache/reflector.go: 800 ms initial, factor 2, cap 30 s, jitter 1.0). Jitter spreads the
 * reconnects of many drainscope instances after an apiserver restart. `random` is injected for tests.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** The delay is stretched by up to this fraction at random: 1 means anywhere in [d, 2d). */
  jitter?: number;
  random?: () => number;
}

export interface Backoff {
  /** The delay before the next attempt; each call grows the base delay up to the cap. */
  next(): number;
  /** A success: the next failure starts again from the initial delay. */
  reset(): void;
  readonly attempts: number;
}

export function createBackoff(options: BackoffOptions = {}): Backoff {
  const initialMs = options.initialMs ?? 800;
  const maxMs = options.maxMs ?? 30_000;
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 1;
  const random = options.random ?? Math.random;
  let attempts = 0;
  return {
    next() {
      const base = Math.min(maxMs, initialMs * factor ** attempts);
      attempts += 1;
      return Math.min(maxMs * (1 + jitter), Math.round(base * (1 + jitter * random())));
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}
