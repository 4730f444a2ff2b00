/**
 * Test-only: stores a test opens, closed after each test, and the temporary directory their files live in, removed
 * after each test. Call `tempStores()` at a test file's module level: it registers its own `afterEach`. Vitest runs
 * after-hooks in reverse order of registration, so a file's own `afterEach` registered after this call (a child to
 * kill, a runtime to drain) runs before the stores close.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { RecordingStore, type RecordingStoreOptions } from '../store';

export interface TempStores {
  /** A store on `file` (in memory unless given), closed after the test; closing it earlier is fine (close is idempotent). */
  open(file?: string, options?: Omit<RecordingStoreOptions, 'file'>): RecordingStore;
  /** A path named `name` in the test's temporary directory, made on first use and removed after the test. */
  tempFile(name?: string): string;
}

export function tempStores(): TempStores {
  let dir: string | undefined;
  const stores: RecordingStore[] = [];

  afterEach(() => {
    try {
      for (const store of stores.splice(0)) store.close();
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });

  return {
    open(file = ':memory:', options = {}) {
      const store = new RecordingStore({ ...options, file });
      stores.push(store);
      return store;
    },
    tempFile(name = 'store.db') {
      dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-store-test-'));
      return path.join(dir, name);
    },
  };
}
