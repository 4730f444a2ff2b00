/**
 * The simulator's only source of randomness: a seeded mulberry32 generator. Every draw in a run comes from one
 * instance (or a fork of it with a fixed label), so a (scenario, seed) pair replays byte for byte under a
 * VirtualClock. Names and uids come from here too, never from `crypto`.
 */

/** The alphabet of apimachinery `rand.String` (no vowels, no 0/1/3, to avoid words): pod and slice name suffixes. */
const KUBE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a over a string: turns a fork label into a seed offset. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform float in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Whole milliseconds in [min, max]. */
  ms(range: readonly [number, number]): number {
    return Math.round(this.between(range[0], range[1]));
  }

  /** Whole milliseconds in [min, max], skewed towards min (most propagation is fast, a few are slow). */
  skewedMs(range: readonly [number, number]): number {
    const u = this.next();
    return Math.round(range[0] + (range[1] - range[0]) * u * u);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** `n` characters of the Kubernetes name-suffix alphabet (`generateName`, pod-template-hash). */
  kubeSuffix(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += KUBE_ALPHANUMS[Math.floor(this.next() * KUBE_ALPHANUMS.length)];
    return out;
  }

  /** A version-4 UUID string built from this generator. */
  uuid(): string {
    let hex = '';
    for (let i = 0; i < 32; i++) hex += Math.floor(this.next() * 16).toString(16);
    const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** An independent generator for one concern (e.g. the recorder's delivery latency), stable for a given label. */
  fork(label: string): Random {
    return new Random((this.seed ^ hashLabel(label)) >>> 0);
  }
}
