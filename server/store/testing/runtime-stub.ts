/** The parts of a live runtime the history routes use, over a given store: enough for route tests. */
import type { LiveRuntime } from '../../live/runtime';
import type { RecordingStore } from '../store';

export function runtimeWithStore(store: RecordingStore): LiveRuntime {
  const stub: Pick<LiveRuntime, 'store'> & { hub: { allowanceSeconds: number }; hello: () => { cluster: string | null }; metrics: { importFailed: () => void } } = {
    store,
    metrics: { importFailed: () => undefined },
    hub: { allowanceSeconds: 2 },
    hello: () => ({ cluster: 'test' }),
  };
  return stub as unknown as LiveRuntime;
}
