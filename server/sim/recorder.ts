/**
 * Turns the simulated apiserver's changes into recording-format lines (docs/recording-format.md) as a
 * watcher would have received them: first the header, then the objects that exist at start as ADDED (the
 * initial list), then every change. `at` is the commit time plus a seeded delivery latency (1-30 ms); within a
 * resource the order and non-decreasing `at` are kept (one watch stream per resource), across resources lines
 * may be a few ms out of order, as separate watch streams are. Lines stay in commit order.
 */
import { formatHeaderLine, formatObservationLine, stripForRecording } from '@/lib/recording/writer';
import type { SimClock } from './clock';
import { Random } from './model/random';
import type { ObjectStore, SimResource, StoreEvent } from './object-store';

export const SIM_CLUSTER_NAME = 'drainscope-sim';
const RESOURCES: SimResource[] = ['pods', 'events', 'endpointslices', 'deployments'];
const LATENCY_MS: [number, number] = [1, 30];

export interface RecorderOptions {
  store: ObjectStore;
  clock: SimClock;
  seed: number;
  /** Called with each line as it is produced (live use); lines are also kept unless `keepLines` is false. */
  onLine?: (line: string) => void;
  keepLines?: boolean;
}

export class Recorder {
  private readonly kept: string[] = [];
  private readonly lastAt = new Map<SimResource, number>();
  private readonly rng: Random;
  /**
   * Deployments' delivery latencies come from their own stream: the watch was added later, and drawing them from
   * the shared one would move every other line's receipt time in recordings of the same seed.
   */
  private readonly deploymentsRng: Random;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: RecorderOptions) {
    this.rng = new Random(options.seed).fork('recorder');
    this.deploymentsRng = new Random(options.seed).fork('recorder-deployments');
  }

  start(): void {
    const { store, clock } = this.options;
    const now = clock.now();
    this.emit(formatHeaderLine({ startedAt: new Date(now).toISOString(), cluster: SIM_CLUSTER_NAME, scope: null }));
    for (const resource of RESOURCES) {
      const at = this.deliveryTime(resource, now);
      for (const object of store
        .list(resource)
        .items.sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))) {
        this.emit(formatObservationLine(at, 'ADDED', stripForRecording(object)));
      }
    }
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  get lines(): readonly string[] {
    return this.kept;
  }

  /** The whole recording as NDJSON text (newline-terminated). */
  text(): string {
    return this.kept.map((line) => `${line}\n`).join('');
  }

  private onEvent(event: StoreEvent): void {
    const at = this.deliveryTime(event.resource, this.options.clock.now());
    this.emit(formatObservationLine(at, event.type, stripForRecording(event.object)));
  }

  private deliveryTime(resource: SimResource, committedAt: number): number {
    const rng = resource === 'deployments' ? this.deploymentsRng : this.rng;
    const at = Math.max(this.lastAt.get(resource) ?? 0, committedAt + rng.ms(LATENCY_MS));
    this.lastAt.set(resource, at);
    return at;
  }

  private emit(line: string): void {
    if (this.options.keepLines !== false) this.kept.push(line);
    this.options.onLine?.(line);
  }
}
