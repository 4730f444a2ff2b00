import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALLOWANCE_SECONDS,
  DEFAULT_HOST,
  DEFAULT_LIVE_RETENTION_MS,
  DEFAULT_MAX_IMPORT_BYTES,
  DEFAULT_PORT,
} from '@/lib/config-defaults';
import { readLiveConfig } from './config';

describe('readLiveConfig', () => {
  it('falls back to the defaults of lib/config-defaults.ts, the store settings included', () => {
    const config = readLiveConfig({ HOME: '/home/x' });
    expect(config).toMatchObject({
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
      namespaces: null,
      allowanceSeconds: DEFAULT_ALLOWANCE_SECONDS,
      retentionMs: DEFAULT_LIVE_RETENTION_MS,
      homeDir: '/home/x',
    });
    expect(config.metrics).toEqual({ port: null, host: '0.0.0.0' });
    expect(config.store).toMatchObject({ switch: null, dataDirGiven: false, maxImportBytes: DEFAULT_MAX_IMPORT_BYTES });
  });

  it('reads what is given (tried: namespaces, allowance, retention, metrics port, store off)', () => {
    const config = readLiveConfig({
      DRAINSCOPE_NAMESPACES: ' shop, web ,',
      DRAINSCOPE_ALLOWANCE_SECONDS: '5',
      DRAINSCOPE_RETENTION_MINUTES: '2',
      DRAINSCOPE_METRICS_PORT: '0',
      DRAINSCOPE_STORE: 'off',
      DRAINSCOPE_SIMULATE: 'true',
    });
    expect(config).toMatchObject({
      namespaces: ['shop', 'web'],
      allowanceSeconds: 5,
      retentionMs: 120_000,
      forceSimulation: true,
      metrics: { port: 0, host: '0.0.0.0' },
    });
    expect(config.store.switch).toBe('off');
  });

  it('refuses at start what it cannot read, naming each variable (tried: a negative allowance, a zero hang bound, a wrong store size)', () => {
    expect(() => readLiveConfig({ DRAINSCOPE_ALLOWANCE_SECONDS: '-1' })).toThrow(
      'DRAINSCOPE_ALLOWANCE_SECONDS must be a non-negative number, got "-1"',
    );
    expect(() => readLiveConfig({ DRAINSCOPE_WATCH_HANG_SECONDS: '0' })).toThrow(
      'DRAINSCOPE_WATCH_HANG_SECONDS must be a positive number of seconds, got "0"',
    );
    expect(() => readLiveConfig({ PORT: 'http', DRAINSCOPE_MAX_STORE_MB: 'lots' })).toThrow(
      'PORT must be a non-negative number, got "http"',
    );
    expect(() => readLiveConfig({ DRAINSCOPE_MAX_STORE_MB: 'lots' })).toThrow(
      'DRAINSCOPE_MAX_STORE_MB must be a positive number, got "lots"',
    );
  });
});
