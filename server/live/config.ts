/**
 * The live server's settings, from the environment (scripts/start.mjs turns its flags into these variables):
 *   PORT (3000), DRAINSCOPE_HOST or HOSTNAME (127.0.0.1), DRAINSCOPE_NAMESPACES (comma list; all when unset),
 *   DRAINSCOPE_CONTEXT, DRAINSCOPE_LABEL_SELECTOR (pods only), DRAINSCOPE_SIMULATE=1 (force the simulator),
 *   DRAINSCOPE_ALLOWANCE_SECONDS (2), DRAINSCOPE_RETENTION_MINUTES (60), DRAINSCOPE_SERVICEACCOUNT_DIR,
 *   DRAINSCOPE_SIM_SCENARIO (demo), DRAINSCOPE_SIM_SPEED (1), DRAINSCOPE_SIM_SEED,
 *   DRAINSCOPE_WATCH_HANG_SECONDS (120): the most silence (no event, no bookmark) a watch that receives bookmarks
 *   may keep; past it (or sooner, past the server's learned bookmark cadence) it is hung, cut and relisted. See
 *   `hangTimeoutMs` in server/kube/watch-manager.ts for why 120 s. The blind window starts at the last delivery
 *   whatever this is.
 *   DRAINSCOPE_METRICS_PORT (unset: /metrics only on the app's port), DRAINSCOPE_METRICS_HOST (0.0.0.0),
 *   and the store's (server/store/config.ts).
 * Read once, at start, and validated (zod): a wrong value stops the server naming the variable, rather than
 * failing a request later. Defaults: lib/config-defaults.ts. Nothing on a request path reads process.env.
 */
import os from 'node:os';
import { z } from 'zod';
import {
  DEFAULT_ALLOWANCE_SECONDS,
  DEFAULT_HOST,
  DEFAULT_LIVE_RETENTION_MINUTES,
  DEFAULT_METRICS_HOST,
  DEFAULT_PORT,
  DEFAULT_SIM_SCENARIO,
} from '@/lib/config-defaults';
import { DEFAULT_HANG_TIMEOUT_MS } from '../kube/watch-manager';
import { parseSettings, readStoreSettings, type StoreSettings } from '../store/config';

export interface LiveConfig {
  port: number;
  host: string;
  namespaces: string[] | null;
  context: string | null;
  labelSelector: string | null;
  forceSimulation: boolean;
  allowanceSeconds: number;
  retentionMs: number;
  /** Silence after which a watch that receives bookmarks counts as hung. */
  watchHangMs: number;
  serviceAccountDir: string | undefined;
  homeDir: string | null;
  simulation: { scenario: string; speed: number; seed: number };
  /** A port of its own for GET /metrics (server/metrics/http.ts), or null; 0 picks a free one (tests). */
  metrics: { port: number | null; host: string };
  /** The store's settings (server/store/config.ts); whether it opens depends on the cluster being simulated. */
  store: StoreSettings;
  /** Kept for what reads its own variables once at start: the kubeconfig lookup (KUBECONFIG), the auth settings. */
  env: Record<string, string | undefined>;
}

/** A non-negative number; unset or blank: `fallback` (null: absent stays null). */
function numberSetting<F extends number | null>(
  name: string,
  fallback: F,
  check: (value: number) => string | null = () => null,
) {
  return z
    .string()
    .optional()
    .transform((value, context): number | F => {
      if (value === undefined || value.trim() === '') return fallback;
      const parsed = Number(value);
      const problem =
        !Number.isFinite(parsed) || parsed < 0
          ? `${name} must be a non-negative number, got "${value}"`
          : check(parsed);
      if (problem === null) return parsed;
      context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    });
}

const text = z
  .string()
  .optional()
  .transform((value) => value?.trim() || null);

const LIVE_ENV = z.object({
  PORT: numberSetting('PORT', DEFAULT_PORT),
  DRAINSCOPE_HOST: text,
  HOSTNAME: text,
  DRAINSCOPE_NAMESPACES: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  DRAINSCOPE_CONTEXT: text,
  DRAINSCOPE_LABEL_SELECTOR: text,
  DRAINSCOPE_SIMULATE: z
    .string()
    .optional()
    .transform((value) => value === '1' || value === 'true'),
  DRAINSCOPE_ALLOWANCE_SECONDS: numberSetting('DRAINSCOPE_ALLOWANCE_SECONDS', DEFAULT_ALLOWANCE_SECONDS),
  DRAINSCOPE_RETENTION_MINUTES: numberSetting('DRAINSCOPE_RETENTION_MINUTES', DEFAULT_LIVE_RETENTION_MINUTES),
  // Zero would cut every watch at once, in a loop of relists.
  DRAINSCOPE_WATCH_HANG_SECONDS: numberSetting(
    'DRAINSCOPE_WATCH_HANG_SECONDS',
    DEFAULT_HANG_TIMEOUT_MS / 1000,
    (value) =>
      value > 0 ? null : `DRAINSCOPE_WATCH_HANG_SECONDS must be a positive number of seconds, got "${value}"`,
  ),
  DRAINSCOPE_SERVICEACCOUNT_DIR: text,
  HOME: text,
  DRAINSCOPE_SIM_SCENARIO: text,
  DRAINSCOPE_SIM_SPEED: numberSetting('DRAINSCOPE_SIM_SPEED', 1),
  DRAINSCOPE_SIM_SEED: numberSetting('DRAINSCOPE_SIM_SEED', null),
  DRAINSCOPE_METRICS_PORT: numberSetting('DRAINSCOPE_METRICS_PORT', null),
  DRAINSCOPE_METRICS_HOST: text,
});

export function readLiveConfig(env: Record<string, string | undefined> = process.env): LiveConfig {
  const read = parseSettings(LIVE_ENV, env);
  return {
    port: read.PORT,
    host: read.DRAINSCOPE_HOST ?? read.HOSTNAME ?? DEFAULT_HOST,
    namespaces: read.DRAINSCOPE_NAMESPACES.length > 0 ? read.DRAINSCOPE_NAMESPACES : null,
    context: read.DRAINSCOPE_CONTEXT,
    labelSelector: read.DRAINSCOPE_LABEL_SELECTOR,
    forceSimulation: read.DRAINSCOPE_SIMULATE,
    allowanceSeconds: read.DRAINSCOPE_ALLOWANCE_SECONDS,
    retentionMs: read.DRAINSCOPE_RETENTION_MINUTES * 60_000,
    watchHangMs: read.DRAINSCOPE_WATCH_HANG_SECONDS * 1000,
    serviceAccountDir: read.DRAINSCOPE_SERVICEACCOUNT_DIR ?? undefined,
    homeDir: read.HOME ?? (os.homedir() || null),
    simulation: {
      scenario: read.DRAINSCOPE_SIM_SCENARIO ?? DEFAULT_SIM_SCENARIO,
      speed: read.DRAINSCOPE_SIM_SPEED || 1,
      seed: read.DRAINSCOPE_SIM_SEED ?? Date.now() % 1_000_000,
    },
    metrics: { port: read.DRAINSCOPE_METRICS_PORT, host: read.DRAINSCOPE_METRICS_HOST ?? DEFAULT_METRICS_HOST },
    store: readStoreSettings(env),
    env,
  };
}
