/**
 * drainscope's configuration defaults, in one place: the server reads its settings once at start
 * (server/live/config.ts, server/store/config.ts) and falls back to these; the CLI and the engine use the same
 * ones, so a default is never written twice.
 */
import { DEFAULT_ALLOWANCE_SECONDS } from './timeline/types';

/** Seconds data planes may lag behind the EndpointSlice (docs/termination-model.md); also the engine's default. */
export { DEFAULT_ALLOWANCE_SECONDS };

/** The most an import may decompress to (DRAINSCOPE_MAX_IMPORT_MB). */
export const DEFAULT_MAX_IMPORT_BYTES = 256 * 1024 * 1024;
