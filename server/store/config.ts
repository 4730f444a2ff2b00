/**
 * The store's settings, from the environment:
 *   DRAINSCOPE_DATA_DIR (.data in the working directory), DRAINSCOPE_RETENTION_DAYS (14), DRAINSCOPE_MAX_STORE_MB
 *   (1024), DRAINSCOPE_MAX_IMPORT_MB (256), DRAINSCOPE_STORE (on|off).
 * With a simulated cluster the store is off unless DRAINSCOPE_DATA_DIR or DRAINSCOPE_STORE=on asks for it: a
 * simulation is not history worth keeping, and a demo or test server must not resume another simulation's pods.
 */
import path from 'node:path';

export interface StoreConfig {
  file: string;
  retentionMs: number;
  maxBytes: number;
  maxImportBytes: number;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number, got "${value}"`);
  return parsed;
}

export function readStoreConfig(env: Record<string, string | undefined>, simulated: boolean, cwd = process.cwd()): StoreConfig | null {
  const switchValue = env.DRAINSCOPE_STORE?.trim().toLowerCase();
  if (switchValue === 'off' || switchValue === '0' || switchValue === 'false') return null;
  const dir = env.DRAINSCOPE_DATA_DIR?.trim();
  if (simulated && !dir && switchValue !== 'on' && switchValue !== '1') return null;
  return {
    file: path.resolve(cwd, dir || '.data', 'drainscope.db'),
    retentionMs: positive(env.DRAINSCOPE_RETENTION_DAYS, 14, 'DRAINSCOPE_RETENTION_DAYS') * 86_400_000,
    maxBytes: positive(env.DRAINSCOPE_MAX_STORE_MB, 1024, 'DRAINSCOPE_MAX_STORE_MB') * 1024 * 1024,
    maxImportBytes: positive(env.DRAINSCOPE_MAX_IMPORT_MB, 256, 'DRAINSCOPE_MAX_IMPORT_MB') * 1024 * 1024,
  };
}
