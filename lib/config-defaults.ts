/**
 * drainscope's configuration defaults, in one place: the server reads its settings once at start and validates
 * them (server/live/config.ts, server/store/config.ts), falling back to these; the hub, the store, the CLI and the
 * engine use the same ones, so a default is never written twice. docs and `--help` texts name them from here.
 */
import { DEFAULT_ALLOWANCE_SECONDS } from './timeline/types';

/** Seconds data planes may lag behind the EndpointSlice (docs/termination-model.md); also the engine's default. */
export { DEFAULT_ALLOWANCE_SECONDS };

export const DEFAULT_PORT = 3000;
/** Loopback: the dashboard is not exposed unless asked (DRAINSCOPE_HOST). */
export const DEFAULT_HOST = '127.0.0.1';

/** How long the live view keeps a pod after it went, and how far back a restart resumes (DRAINSCOPE_RETENTION_MINUTES). */
export const DEFAULT_LIVE_RETENTION_MINUTES = 60;
export const DEFAULT_LIVE_RETENTION_MS = DEFAULT_LIVE_RETENTION_MINUTES * 60_000;

/** How long the store keeps live lines (DRAINSCOPE_RETENTION_DAYS) and how big it may grow (DRAINSCOPE_MAX_STORE_MB). */
export const DEFAULT_STORE_RETENTION_DAYS = 14;
export const DEFAULT_MAX_STORE_MB = 1024;
/** The most an import may decompress to (DRAINSCOPE_MAX_IMPORT_MB). */
export const DEFAULT_MAX_IMPORT_MB = 256;
export const DEFAULT_MAX_IMPORT_BYTES = DEFAULT_MAX_IMPORT_MB * 1024 * 1024;
/** Where the store's file goes, relative to the working directory (DRAINSCOPE_DATA_DIR). */
export const DEFAULT_DATA_DIR = '.data';

export const DEFAULT_SIM_SCENARIO = 'demo';
/** The point of a separate metrics port is to be scraped at the pod's address, while the dashboard stays on loopback. */
export const DEFAULT_METRICS_HOST = '0.0.0.0';
