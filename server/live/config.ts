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
 *   DRAINSCOPE_METRICS_PORT (unset: /metrics only on the app's port), DRAINSCOPE_METRICS_HOST (0.0.0.0).
 */
import os from 'node:os';
import { DEFAULT_ALLOWANCE_SECONDS } from '@/lib/timeline/types';
import { DEFAULT_HANG_TIMEOUT_MS } from '../kube/watch-manager';

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
  env: Record<string, string | undefined>;
}

function numberFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return parsed;
}

function positiveFrom(value: string | undefined, fallback: number, name: string): number {
  const parsed = numberFrom(value, fallback, name);
  // Zero would cut every watch at once, in a loop of relists.
  if (parsed <= 0) throw new Error(`${name} must be a positive number of seconds, got "${value ?? ''}"`);
  return parsed;
}

function text(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function readLiveConfig(env: Record<string, string | undefined> = process.env): LiveConfig {
  const namespaces = (env.DRAINSCOPE_NAMESPACES ?? '').split(',').map((value) => value.trim()).filter(Boolean);
  return {
    port: numberFrom(env.PORT, 3000, 'PORT'),
    host: text(env.DRAINSCOPE_HOST) ?? text(env.HOSTNAME) ?? '127.0.0.1',
    namespaces: namespaces.length > 0 ? namespaces : null,
    context: text(env.DRAINSCOPE_CONTEXT),
    labelSelector: text(env.DRAINSCOPE_LABEL_SELECTOR),
    forceSimulation: env.DRAINSCOPE_SIMULATE === '1' || env.DRAINSCOPE_SIMULATE === 'true',
    allowanceSeconds: numberFrom(env.DRAINSCOPE_ALLOWANCE_SECONDS, DEFAULT_ALLOWANCE_SECONDS, 'DRAINSCOPE_ALLOWANCE_SECONDS'),
    retentionMs: numberFrom(env.DRAINSCOPE_RETENTION_MINUTES, 60, 'DRAINSCOPE_RETENTION_MINUTES') * 60_000,
    watchHangMs: positiveFrom(env.DRAINSCOPE_WATCH_HANG_SECONDS, DEFAULT_HANG_TIMEOUT_MS / 1000, 'DRAINSCOPE_WATCH_HANG_SECONDS') * 1000,
    serviceAccountDir: text(env.DRAINSCOPE_SERVICEACCOUNT_DIR) ?? undefined,
    homeDir: text(env.HOME) ?? (os.homedir() || null),
    simulation: {
      scenario: text(env.DRAINSCOPE_SIM_SCENARIO) ?? 'demo',
      speed: numberFrom(env.DRAINSCOPE_SIM_SPEED, 1, 'DRAINSCOPE_SIM_SPEED') || 1,
      seed: numberFrom(env.DRAINSCOPE_SIM_SEED, Date.now() % 1_000_000, 'DRAINSCOPE_SIM_SEED'),
    },
    metrics: {
      port: text(env.DRAINSCOPE_METRICS_PORT) === null ? null : numberFrom(env.DRAINSCOPE_METRICS_PORT, 0, 'DRAINSCOPE_METRICS_PORT'),
      // The point of a separate port is to be scraped at the pod's address, while the dashboard stays on loopback.
      host: text(env.DRAINSCOPE_METRICS_HOST) ?? '0.0.0.0',
    },
    env,
  };
}
