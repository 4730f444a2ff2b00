/**
 * `drainscope analyze RECORDING [--json] [--allowance S] [--fail-on LIST] [--lenient] [--trace-out FILE]`: reads a recording as a
 * stream (the file is never held in memory), runs it through the same reducer the live dashboard uses, and
 * prints nothing but the error if any line cannot be read, so a partial analysis is never mistaken for a whole one.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inTimeOrder, openInput } from '../../lib/recording/input';
import type { RecordingStats } from '../../lib/recording/reader';
import { DEFAULT_REORDER_WINDOW_MS } from '../../lib/recording/reorder';
import { RecordingError } from '../../lib/recording/parse-line';
import { applyEntry, buildAnalysis, createTimelineState } from '../../lib/timeline/engine';
import { analysisJsonChunks } from '../../lib/timeline/analysis-json';
import { DEFAULT_ALLOWANCE_SECONDS, type Analysis } from '../../lib/timeline/types';
import { FailOnParseError, matchFailOn, parseFailOn, type FailOnRule } from '../../lib/report/fail-on';
import { formatAnalysisTable } from '../../lib/report/table';
import { chromeTraceChunks, toChromeTrace } from '../../lib/report/trace-events';
import { parseCliArgs, UsageError } from './args';
import { EXIT_FAIL_ON_MATCHED, EXIT_OK, EXIT_UNREADABLE, type CliIo } from './io';

export const ANALYZE_USAGE = `usage: drainscope analyze RECORDING [--json] [--allowance SECONDS] [--fail-on LIST] [--lenient] [--trace-out FILE]

  RECORDING          a recording (.ndjson or .ndjson.gz), or kubectl watch output
                     (kubectl get RESOURCE -A -w --output-watch-events -o json, several
                     concatenated in any order); format and gzip are detected by content
  --json             print the analysis JSON (version 1) instead of a table
  --allowance S      seconds data planes may lag behind the EndpointSlice (default ${DEFAULT_ALLOWANCE_SECONDS})
  --fail-on LIST     exit 1 if any of these was found: gap or finding kinds, or critical / warning
  --lenient          skip malformed lines and report how many were skipped
  --trace-out FILE   also write the timelines as a Chrome trace (JSON) that Perfetto UI and
                     chrome://tracing open

exit status: 0 analysed (and nothing --fail-on lists was found), 1 --fail-on matched, 2 the recording could not be read
`;

interface AnalyzeOptions {
  file: string;
  json: boolean;
  allowanceSeconds: number;
  failOn: FailOnRule | null;
  lenient: boolean;
  traceOut: string | null;
}

function parseOptions(args: string[]): AnalyzeOptions {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      allowance: { type: 'string' },
      'fail-on': { type: 'string' },
      lenient: { type: 'boolean', default: false },
      'trace-out': { type: 'string' },
    },
  });
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0 ? 'a RECORDING file is required' : `one RECORDING only, got ${positionals.length}`,
    );
  // Digits only: Number() would also take " ", "0x10" and "1e3".
  if (values.allowance !== undefined && !/^\d+(\.\d+)?$/.test(values.allowance))
    throw new UsageError(`--allowance must be a number of seconds >= 0, got "${values.allowance}"`);
  const allowanceSeconds = values.allowance === undefined ? DEFAULT_ALLOWANCE_SECONDS : Number(values.allowance);
  return {
    file: positionals[0] as string,
    json: values.json ?? false,
    allowanceSeconds,
    failOn: values['fail-on'] === undefined ? null : parseFailOn(values['fail-on']),
    lenient: values.lenient ?? false,
    traceOut: values['trace-out'] ?? null,
  };
}

function describeReadError(file: string, error: unknown): string {
  if (error instanceof RecordingError) return `drainscope: ${file}: ${error.message}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `drainscope: ${file}: no such file`;
  if (code === 'EISDIR') return `drainscope: ${file}: is a directory, not a recording`;
  if (code === 'EACCES') return `drainscope: ${file}: permission denied`;
  return `drainscope: ${file}: ${error instanceof Error ? error.message : String(error)}`;
}

function describeWriteError(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `drainscope: --trace-out ${file}: no such directory`;
  if (code === 'EISDIR') return `drainscope: --trace-out ${file}: is a directory`;
  if (code === 'EACCES') return `drainscope: --trace-out ${file}: permission denied`;
  return `drainscope: --trace-out ${file}: ${error instanceof Error ? error.message : String(error)}`;
}

/** The Chrome trace (lib/report/trace-events.ts) streamed to the file in pieces, like --json to stdout. */
async function writeTrace(file: string, analysis: Analysis, nowMs: number | null): Promise<void> {
  await pipeline(Readable.from(chromeTraceChunks(toChromeTrace(analysis.pods, { nowMs }))), createWriteStream(file));
}

export const KUBECTL_DETECTED =
  "read as kubectl watch output (no receipt times: each change is bounded between its object's own timestamps and the end of the capture (at the latest the file's modification time), and a gap is reported only if it holds across those bounds; see the README)";

/** The same reader as POST /api/import (lib/recording/input.ts): whatever the app imports, the CLI analyses. */
/** The analysis, and the receipt time of the last line: "now" for a trace's slices still open when it ends. */
async function analyzeFile(
  options: AnalyzeOptions,
  io: CliIo,
): Promise<{ analysis: Analysis; lastEntryAt: number | null }> {
  // The file was complete by its last modification: the end of a kubectl capture is no later (input.ts capturedBy).
  const capturedBy = (await stat(options.file)).mtimeMs;
  const opened = await openInput(createReadStream(options.file), { lenient: options.lenient, capturedBy });
  let state = createTimelineState({ allowanceSeconds: options.allowanceSeconds });
  if (opened.format === 'kubectl') {
    io.stderr(`drainscope: ${options.file}: ${KUBECTL_DETECTED}\n`);
    // Its changes come in input order and their upper bound is known only at the end: sorted in memory.
    for (const { entry } of await inTimeOrder(opened)) state = applyEntry(state, entry);
  } else {
    for await (const { entry } of opened.entries) state = applyEntry(state, entry);
  }
  reportStats(opened.stats, io);
  return { analysis: buildAnalysis(state), lastEntryAt: state.lastEntryAt };
}

/** What the reader passed over or could not put in order: on stderr, so --json stdout stays exactly the analysis. */
function reportStats(stats: RecordingStats, io: CliIo): void {
  if (stats.skippedMalformed > 0) {
    io.stderr(
      `drainscope: skipped ${stats.skippedMalformed} malformed line${stats.skippedMalformed === 1 ? '' : 's'} (--lenient)\n`,
    );
    for (const sample of stats.malformedSamples) io.stderr(`  line ${sample.line}: ${sample.message}\n`);
  }
  const skippedKinds = Object.entries(stats.skippedKinds);
  if (skippedKinds.length > 0) {
    io.stderr(
      `drainscope: skipped objects of kinds drainscope does not analyse: ${skippedKinds.map(([kind, count]) => `${kind} (${count})`).join(', ')}\n`,
    );
  }
  // The reader puts lines in time order only within its reorder window (lib/recording/reorder.ts): a line further
  // out of order is applied where it stands, after newer state, which can leave the timelines it touches wrong.
  if (stats.lateEntries > 0) {
    const one = stats.lateEntries === 1;
    io.stderr(
      `drainscope: ${stats.lateEntries} line${one ? ' is' : 's are'} more than ${DEFAULT_REORDER_WINDOW_MS / 1000} s earlier than a line before ${one ? 'it' : 'them'} (by "at"): analysed out of order, so the timelines ${one ? 'it touches' : 'they touch'} may be off\n`,
    );
  }
}

export async function runAnalyze(args: string[], io: CliIo): Promise<number> {
  let options: AnalyzeOptions;
  try {
    options = parseOptions(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof FailOnParseError) {
      io.stderr(`drainscope analyze: ${error.message}\n\n${ANALYZE_USAGE}`);
      return EXIT_UNREADABLE;
    }
    throw error;
  }
  let analysis: Analysis;
  let lastEntryAt: number | null;
  try {
    ({ analysis, lastEntryAt } = await analyzeFile(options, io));
  } catch (error) {
    io.stderr(`${describeReadError(options.file, error)}\n`);
    return EXIT_UNREADABLE;
  }
  if (options.traceOut !== null) {
    try {
      await writeTrace(options.traceOut, analysis, lastEntryAt);
    } catch (error) {
      io.stderr(`${describeWriteError(options.traceOut, error)}\n`);
      return EXIT_UNREADABLE;
    }
  }
  if (options.json) {
    // In pieces: the text of a big analysis in one string (17 MB at 10,000 pods) was the CLI's peak memory.
    for (const chunk of analysisJsonChunks(analysis)) io.stdout(chunk);
  } else io.stdout(formatAnalysisTable(analysis));
  if (!options.failOn) return EXIT_OK;
  const matched = matchFailOn(analysis, options.failOn);
  if (matched.length === 0) return EXIT_OK;
  io.stderr(`drainscope: --fail-on matched: ${matched.join(', ')}\n`);
  return EXIT_FAIL_ON_MATCHED;
}
