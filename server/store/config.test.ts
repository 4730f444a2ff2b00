import { describe, expect, it } from 'vitest';
import { readStoreConfig, readStoreSettings, storeConfigFor } from './config';

describe('readStoreConfig', () => {
  it('keeps history under .data for 14 days and 1024 MB by default when watching a real cluster', () => {
    expect(readStoreConfig({}, false, '/srv/app')).toEqual({
      file: '/srv/app/.data/drainscope.db',
      retentionMs: 14 * 86_400_000,
      maxBytes: 1024 * 1024 * 1024,
      maxImportBytes: 256 * 1024 * 1024,
    });
  });

  it('is off for a simulated cluster unless a data directory is given, and off whenever DRAINSCOPE_STORE=off', () => {
    expect(readStoreConfig({}, true)).toBeNull();
    expect(readStoreConfig({ DRAINSCOPE_DATA_DIR: '/var/lib/drainscope' }, true, '/srv/app')?.file).toBe(
      '/var/lib/drainscope/drainscope.db',
    );
    expect(readStoreConfig({ DRAINSCOPE_STORE: 'off', DRAINSCOPE_DATA_DIR: '/x' }, false)).toBeNull();
  });

  it('refuses a retention it cannot read (tried: DRAINSCOPE_RETENTION_DAYS=forever)', () => {
    expect(() => readStoreConfig({ DRAINSCOPE_RETENTION_DAYS: 'forever' }, false)).toThrow(
      'DRAINSCOPE_RETENTION_DAYS must be a positive number, got "forever"',
    );
  });

  it('is on for a simulated cluster when DRAINSCOPE_STORE=on, and refuses a switch it cannot read, naming every wrong variable', () => {
    expect(readStoreConfig({ DRAINSCOPE_STORE: 'on' }, true, '/srv/app')?.file).toBe('/srv/app/.data/drainscope.db');
    expect(() => readStoreConfig({ DRAINSCOPE_STORE: 'of', DRAINSCOPE_MAX_STORE_MB: '-1' }, false)).toThrow(
      'DRAINSCOPE_STORE must be on or off, got "of"; DRAINSCOPE_MAX_STORE_MB must be a positive number, got "-1"',
    );
  });

  it('is read once into settings, and whether the store opens is decided when the runtime knows if the cluster is simulated', () => {
    const settings = readStoreSettings({ DRAINSCOPE_MAX_IMPORT_MB: '8' }, '/srv/app');
    expect(settings.maxImportBytes).toBe(8 * 1024 * 1024);
    expect(storeConfigFor(settings, true)).toBeNull();
    expect(storeConfigFor(settings, false)).toEqual({
      file: '/srv/app/.data/drainscope.db',
      retentionMs: 14 * 86_400_000,
      maxBytes: 1024 * 1024 * 1024,
      maxImportBytes: 8 * 1024 * 1024,
    });
  });
});
