/**
 * Test-only: the store's database, for tests that check rows the store's interface does not show (integrity,
 * which pods have a row, a crash simulated by closing the connection). Production code never reaches the
 * database (eslint.config.mjs forbids importing this file outside tests): it goes through RecordingStore.
 */
import type { Db } from '../schema';
import type { RecordingStore } from '../store';

export function sqlOf(store: RecordingStore): Db {
  // The one deliberate reach past `private`: TypeScript allows it by element access.
  return store['db'];
}
