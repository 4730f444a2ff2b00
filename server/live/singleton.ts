/**
 * One live runtime per server process. Next bundles `instrumentation.ts` and each route separately, so module
 * state is not shared between them; the runtime lives on `globalThis` under a registered symbol instead. The
 * launcher (scripts/start.mjs) finds it there to drain it on SIGTERM.
 */
import { readLiveConfig } from './config';
import { createLiveRuntime, type LiveRuntime } from './runtime';

const KEY = Symbol.for('drainscope.live');

interface LiveSlot {
  runtime: Promise<LiveRuntime>;
  /** Called by the launcher on SIGTERM. */
  drain(): Promise<void>;
}

type GlobalWithLive = typeof globalThis & { [KEY]?: LiveSlot };

/** Starts the runtime on first call (instrumentation or the first request), and returns the same one after. */
export function getLiveRuntime(): Promise<LiveRuntime> {
  const holder = globalThis as GlobalWithLive;
  if (!holder[KEY]) {
    const runtime = createLiveRuntime(readLiveConfig());
    runtime.catch((error: unknown) =>
      console.error(
        `drainscope: the live pipeline could not start: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    holder[KEY] = { runtime, drain: async () => (await runtime).drain() };
  }
  return holder[KEY].runtime;
}
