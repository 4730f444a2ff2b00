/**
 * The store's settings, from the environment, read once at start (server/live/config.ts) and validated:
 *   DRAINSCOPE_DATA_DIR (.data in the working directory), DRAINSCOPE_RETENTION_DAYS (14), DRAINSCOPE_MAX_STORE_MB
 *   (1024), DRAINSCOPE_MAX_IMPORT_MB (256), DRAINSCOPE_STORE (on|off). Defaults: lib/config-defaults.ts.
 * With a simulated cluster the store is off unless DRAINSCOPE_DATA_DIR or DRAINSCOPE_STORE=on asks for it: a
 * simulation is not history worth keeping, and a demo or test server must not resume another simulation's pods.
 * Whether the cluster is simulated is known only once the runtime has looked for one: `storeConfigFor` decides then.
 */
import path from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_MAX_IMPORT_MB,
  DEFAULT_MAX_STORE_MB,
  DEFAULT_STORE_RETENTION_DAYS,
} from '@/lib/config-defaults';

export interface StoreConfig {
  file: string;
  retentionMs: number;
  maxBytes: number;
  maxImportBytes: number;
}

/** The store's settings as read, before the runtime knows whether the cluster is simulated. */
export interface StoreSettings extends StoreConfig {
  /** DRAINSCOPE_STORE: on, off, or unset (on, except for a simulated cluster without DRAINSCOPE_DATA_DIR). */
  switch: 'on' | 'off' | null;
  /** DRAINSCOPE_DATA_DIR was given. */
  dataDirGiven: boolean;
}

/** A positive number from a variable; unset or blank: the default. */
export function positiveSetting(name: string, fallback: number) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === '') return fallback;
      const parsed = Number(value);
      if (Number.isFinite(parsed) && parsed > 0) return parsed;
      context.addIssue({ code: 'custom', message: `${name} must be a positive number, got "${value}"` });
      return z.NEVER;
    });
}

const SWITCH = z
  .string()
  .optional()
  .transform((value, context): 'on' | 'off' | null => {
    const normalised = value?.trim().toLowerCase() ?? '';
    if (normalised === '') return null;
    if (['off', '0', 'false'].includes(normalised)) return 'off';
    if (['on', '1', 'true'].includes(normalised)) return 'on';
    context.addIssue({ code: 'custom', message: `DRAINSCOPE_STORE must be on or off, got "${value}"` });
    return z.NEVER;
  });

const STORE_ENV = z.object({
  DRAINSCOPE_STORE: SWITCH,
  DRAINSCOPE_DATA_DIR: z
    .string()
    .optional()
    .transform((value) => value?.trim() || null),
  DRAINSCOPE_RETENTION_DAYS: positiveSetting('DRAINSCOPE_RETENTION_DAYS', DEFAULT_STORE_RETENTION_DAYS),
  DRAINSCOPE_MAX_STORE_MB: positiveSetting('DRAINSCOPE_MAX_STORE_MB', DEFAULT_MAX_STORE_MB),
  DRAINSCOPE_MAX_IMPORT_MB: positiveSetting('DRAINSCOPE_MAX_IMPORT_MB', DEFAULT_MAX_IMPORT_MB),
});

/** Throws an Error naming every variable that is wrong (zod's issues, each message naming its variable). */
export function parseSettings<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.output<T> {
  const result = schema.safeParse(env);
  if (!result.success) throw new Error(result.error.issues.map((issue) => issue.message).join('; '));
  return result.data;
}

export function readStoreSettings(env: Record<string, string | undefined>, cwd = process.cwd()): StoreSettings {
  const read = parseSettings(STORE_ENV, env);
  return {
    switch: read.DRAINSCOPE_STORE,
    dataDirGiven: read.DRAINSCOPE_DATA_DIR !== null,
    file: path.resolve(cwd, read.DRAINSCOPE_DATA_DIR ?? DEFAULT_DATA_DIR, 'drainscope.db'),
    retentionMs: read.DRAINSCOPE_RETENTION_DAYS * 86_400_000,
    maxBytes: read.DRAINSCOPE_MAX_STORE_MB * 1024 * 1024,
    maxImportBytes: read.DRAINSCOPE_MAX_IMPORT_MB * 1024 * 1024,
  };
}

/** The store to open, or null when it is off: for a simulated cluster, only when asked for. */
export function storeConfigFor(settings: StoreSettings, simulated: boolean): StoreConfig | null {
  if (settings.switch === 'off') return null;
  if (simulated && !settings.dataDirGiven && settings.switch !== 'on') return null;
  return {
    file: settings.file,
    retentionMs: settings.retentionMs,
    maxBytes: settings.maxBytes,
    maxImportBytes: settings.maxImportBytes,
  };
}

export function readStoreConfig(
  env: Record<string, string | undefined>,
  simulated: boolean,
  cwd = process.cwd(),
): StoreConfig | null {
  return storeConfigFor(readStoreSettings(env, cwd), simulated);
}
