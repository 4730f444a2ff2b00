import { describe, expect, it } from 'vitest';
import { readStoreConfig } from './config';

describe('readStoreConfig', () => {
  it('keeps history under .data for 14 days and 1024 MB by default when watching a real cluster', () => {
    expect(readStoreConfig({}, false, '/srv/app')).toEqual({ file: '/srv/app/.data/drainscope.db', retentionMs: 14 * 86_400_000, maxBytes: 1024 * 1024 * 1024, maxImportBytes: 256 * 1024 * 1024 });
  });

  it('is off for a simulated cluster unless a data directory is given, and off whenever DRAINSCOPE_STORE=off', () => {
    expect(readStoreConfig({}, true)).toBeNull();
    expect(readStoreConfig({ DRAINSCOPE_DATA_DIR: '/var/lib/drainscope' }, true, '/srv/app')?.file).toBe('/var/lib/drainscope/drainscope.db');
    expect(readStoreConfig({ DRAINSCOPE_STORE: 'off', DRAINSCOPE_DATA_DIR: '/x' }, false)).toBeNull();
  });

  it('refuses a retention it cannot read (tried: DRAINSCOPE_RETENTION_DAYS=forever)', () => {
    expect(() => readStoreConfig({ DRAINSCOPE_RETENTION_DAYS: 'forever' }, false)).toThrow('DRAINSCOPE_RETENTION_DAYS must be a positive number, got "forever"');
  });
});
