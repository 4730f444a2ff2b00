/** The parts of a live runtime the history routes use, over a given store: enough for route tests. */
import type { LiveRuntime } from '../../live/runtime';
import { DEFAULT_MAX_IMPORT_BYTES } from '../import';
import type { RecordingStore } from '../store';

export function runtimeWithStore(store: RecordingStore): LiveRuntime {
  const stub: Pick<LiveRuntime, 'store' | 'maxImportBytes'> & { hub: { allowanceSeconds: number }; hello: () => { cluster: string | null }; metrics: { importFailed: () => void } } = {
    store,
    maxImportBytes: DEFAULT_MAX_IMPORT_BYTES,
    metrics: { importFailed: () => undefined },
    hub: { allowanceSeconds: 2 },
    hello: () => ({ cluster: 'test' }),
  };
  return stub as unknown as LiveRuntime;
}
