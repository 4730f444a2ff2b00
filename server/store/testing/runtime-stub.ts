/** What the history routes need (./routes.ts HistoryDeps) over a given store: enough for route tests. */
import { DEFAULT_MAX_IMPORT_BYTES } from '@/lib/config-defaults';
import type { HistoryDeps } from '../routes';
import type { RecordingStore } from '../store';

export function runtimeWithStore(store: RecordingStore): HistoryDeps {
  return { store, maxImportBytes: DEFAULT_MAX_IMPORT_BYTES, metrics: { importFailed: () => undefined } };
}
