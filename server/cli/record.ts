/**
 * `drainscope record --out FILE [--namespace N ...] [--duration D] [--context C]`: records pods, events,
 * endpointslices and (when allowed) deployments from the current kubeconfig into a recording file, without the dashboard (a CI job around a
 * deploy). It uses the live pipeline's watch code (server/kube), so the file holds exactly what the dashboard
 * would have seen, stripped the same way. Stops on SIGINT/SIGTERM or after D, and flushes the file.
 */
import os from 'node:os';
import { formatHeaderLine } from '../../lib/recording/writer';
import { toIso } from '../../lib/time';
import { resolveKubeSource } from '../kube/kubeconfig';
import { WatchManager } from '../kube/watch-manager';
import { parseCliArgs, UsageError } from './args';
import { parseDuration } from './duration';
import { EXIT_OK, EXIT_UNREADABLE, type CliIo } from './io';
import { RecordingFile } from './record-file';
import { RECORD_USAGE } from './record-usage';

export { RECORD_USAGE };

export interface RecordDeps {
  env?: Record<string, string | undefined>;
  /** Stops the recording like a signal does (tests). */
  stop?: AbortSignal;
}

interface RecordOptions {
  out: string;
  namespaces: string[] | null;
  durationMs: number | null;
  context: string | null;
}

function parseOptions(args: string[]): RecordOptions {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      namespace: { type: 'string', short: 'n', multiple: true },
      duration: { type: 'string' },
      context: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.out) throw new UsageError('--out FILE is required');
  let durationMs: number | null = null;
  if (values.duration !== undefined) {
    durationMs = parseDuration(values.duration);
    if (durationMs === null) throw new UsageError(`--duration must look like 90s, 10m or 1h, got "${values.duration}"`);
  }
  const namespaces = (values.namespace ?? []).flatMap((value) => value.split(',')).map((value) => value.trim());
  // "--namespace shop," would otherwise fall back to every namespace for "--namespace ," alone.
  if (namespaces.includes(''))
    throw new UsageError(
      `--namespace takes names separated by commas, got an empty one in "${(values.namespace ?? []).join('", "')}"`,
    );
  return {
    out: values.out,
    namespaces: namespaces.length > 0 ? namespaces : null,
    durationMs,
    context: values.context ?? null,
  };
}

export async function runRecord(args: string[], io: CliIo, deps: RecordDeps = {}): Promise<number> {
  let options: RecordOptions;
  try {
    options = parseOptions(args);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`drainscope record: ${error.message}\n\n${RECORD_USAGE}`);
      return EXIT_UNREADABLE;
    }
    throw error;
  }
  const env = deps.env ?? process.env;
  let source: ReturnType<typeof resolveKubeSource>;
  try {
    source = resolveKubeSource({ env, homeDir: env.HOME ?? (os.homedir() || null), context: options.context });
  } catch (error) {
    io.stderr(`drainscope record: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_UNREADABLE;
  }
  if (source.kind === 'none') {
    io.stderr(`drainscope record: ${source.reason}\n`);
    return EXIT_UNREADABLE;
  }
  const file = new RecordingFile(options.out);
  try {
    await file.opened();
  } catch (error) {
    io.stderr(
      `drainscope record: cannot write ${options.out}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_UNREADABLE;
  }
  const cluster = source.kind === 'kubeconfig' ? source.context : source.server;
  file.write(
    formatHeaderLine({
      startedAt: toIso(Date.now()),
      cluster,
      scope: { namespaces: options.namespaces, labelSelector: null },
    }),
  );
  const watches = new WatchManager({
    kubeConfig: source.kubeConfig,
    namespaces: options.namespaces,
    labelSelector: null,
    now: Date.now,
    sink: (_entry, line) => file.write(line),
    log: (message) => io.stderr(`drainscope record: ${message}\n`),
  });
  const scope = options.namespaces ? `namespaces ${options.namespaces.join(', ')}` : 'all namespaces';
  io.stderr(
    `drainscope record: recording ${scope} of ${cluster} to ${options.out}${options.durationMs ? ` for ${options.durationMs / 1000} s` : ''}; Ctrl-C stops\n`,
  );
  watches.start();
  const why = await untilStopped(options.durationMs, deps.stop);
  await watches.stop();
  await file.close();
  io.stderr(`drainscope record: stopped (${why}); wrote ${file.lines - 1} lines to ${options.out}\n`);
  return EXIT_OK;
}

/** Resolves with what stopped the recording: a signal, the duration, or the caller. */
function untilStopped(durationMs: number | null, stop: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const cleanups: (() => void)[] = [];
    const finish = (why: string): void => {
      for (const cleanup of cleanups) cleanup();
      resolve(why);
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const handler = (): void => finish(signal);
      process.once(signal, handler);
      cleanups.push(() => process.off(signal, handler));
    }
    if (durationMs !== null) {
      const timer = setTimeout(() => finish('duration reached'), durationMs);
      cleanups.push(() => clearTimeout(timer));
    }
    if (stop) {
      const handler = (): void => finish('stopped');
      if (stop.aborted) handler();
      stop.addEventListener('abort', handler, { once: true });
      cleanups.push(() => stop.removeEventListener('abort', handler));
    }
  });
}
