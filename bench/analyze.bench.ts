/**
 * `npm run bench:analyze`: how fast and in how much memory a big recording is analysed, next to a baseline
 * measured in the same run on the same file: stream it, split lines, JSON.parse each, nothing else.
 *
 * The recording is a 5,000-replica rolling update (rollout-recording.ts explains why it is generated from the
 * simulator's lines rather than by the simulator), written once to bench/out/ and reused.
 * Times are medians of BENCH_RUNS runs in this process after one warm-up of each; the analysis is exactly the CLI's
 * (readRecording → applyEntry → buildAnalysis → toAnalysisJson). Peak RSS is measured in child processes that do
 * nothing but one analysis (`process.resourceUsage().maxRSS` at their end), so the generator and the baseline do
 * not count. No assertions: the machine is shared and noisy; compare the ratio, not absolute times.
 *
 *   BENCH_REPLICAS=5000  BENCH_RUNS=3
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toAnalysisJson } from '../lib/timeline/analysis-json';
import { applyEntry, buildAnalysis, createTimelineState } from '../lib/timeline/engine';
import { readRecording } from '../lib/recording/reader';
import { writeRolloutRecording } from './rollout-recording';

const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OUT_DIR = fileURLToPath(new URL('./out/', import.meta.url));
const RECORDING = `${OUT_DIR}rolling-update-${REPLICAS}.ndjson`;
const SELF = fileURLToPath(import.meta.url);

interface Pass {
  ms: number;
  /** CPU time of this process (all threads, GC helpers included): steadier than wall time on a shared machine. */
  cpuMs: number;
  lines: number;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The floor: read, decode, split, JSON.parse every line and drop it. */
async function baseline(file: string): Promise<Pass> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const decoder = new TextDecoder();
  let carry = '';
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    const parts = (carry + decoder.decode(chunk as Buffer, { stream: true })).split('\n');
    carry = parts.pop() ?? '';
    for (const part of parts) {
      if (part.length > 0) JSON.parse(part);
      lines += 1;
    }
  }
  if (carry.length > 0) {
    JSON.parse(carry);
    lines += 1;
  }
  return { ms: performance.now() - started, cpuMs: cpuSince(cpu), lines };
}

interface AnalysisPass extends Pass {
  entries: number;
  pods: number;
}

/** What `drainscope analyze --json` does, minus printing. */
async function analyse(file: string): Promise<AnalysisPass> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const opened = await readRecording(createReadStream(file));
  let state = createTimelineState();
  for await (const { entry } of opened.entries) state = applyEntry(state, entry);
  const json = toAnalysisJson(buildAnalysis(state));
  const { stats } = opened;
  return {
    ms: performance.now() - started,
    cpuMs: cpuSince(cpu),
    lines: stats.lines,
    entries: stats.observations + stats.watchStates,
    pods: json.pods.length,
  };
}

interface ChildReport {
  ms: number;
  maxRssKiB: number;
}

async function analyseInChild(file: string): Promise<ChildReport> {
  const child = spawn(process.execPath, [...process.execArgv, SELF, '--child', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the analysing child process exited with ${code}`);
  return JSON.parse(output) as ChildReport;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function ensureRecording(): Promise<void> {
  if (existsSync(RECORDING)) {
    console.log(`recording: ${RECORDING} (reused; delete it to regenerate)`);
    return;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const started = performance.now();
  const temporary = `${RECORDING}.partial`;
  const written = await writeRolloutRecording(temporary, REPLICAS);
  renameSync(temporary, RECORDING);
  console.log(`recording: ${RECORDING} (generated: ${written.lines} lines in ${seconds(performance.now() - started)})`);
}

async function main(): Promise<void> {
  await ensureRecording();
  const size = statSync(RECORDING).size;
  console.log(`warming up (${RUNS} measured runs of each follow)...`);
  await baseline(RECORDING);
  let last = await analyse(RECORDING);
  const baselineMs: number[] = [];
  const analysisMs: number[] = [];
  const baselineCpu: number[] = [];
  const analysisCpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so a burst of load from other processes hits both sides alike.
    const floor = await baseline(RECORDING);
    baselineMs.push(floor.ms);
    baselineCpu.push(floor.cpuMs);
    last = await analyse(RECORDING);
    analysisMs.push(last.ms);
    analysisCpu.push(last.cpuMs);
  }
  const children: ChildReport[] = [];
  for (let run = 0; run < RUNS; run++) children.push(await analyseInChild(RECORDING));

  const base = median(baselineMs);
  const analysis = median(analysisMs);
  console.log('');
  console.log(
    `file:               ${mib(size)}, ${last.lines} lines, ${last.entries} entries, ${last.pods} pods analysed (${REPLICAS} replicas)`,
  );
  console.log(
    `baseline:           ${seconds(base)} median (stream + split + JSON.parse) [${baselineMs.map(seconds).join(', ')}]`,
  );
  console.log(
    `analysis:           ${seconds(analysis)} median (readRecording → applyEntry → buildAnalysis → toAnalysisJson) [${analysisMs.map(seconds).join(', ')}]`,
  );
  console.log(
    `ratio:              ${(analysis / base).toFixed(2)} × baseline wall time (aim ≤ 2.0); CPU time ${(median(analysisCpu) / median(baselineCpu)).toFixed(2)} × (${seconds(median(analysisCpu))} vs ${seconds(median(baselineCpu))})`,
  );
  console.log(
    `throughput:         ${Math.round(last.entries / (analysis / 1000)).toLocaleString('en')} events/s, ${mib(size / (analysis / 1000))}/s`,
  );
  console.log(
    `peak RSS analysis:  ${mib(median(children.map((c) => c.maxRssKiB)) * 1024)} median of ${RUNS} child processes (aim < 300 MB) [${children.map((c) => mib(c.maxRssKiB * 1024)).join(', ')}]`,
  );
  console.log(`cold analysis:      ${seconds(median(children.map((c) => c.ms)))} median in those fresh processes`);
}

async function child(file: string): Promise<void> {
  const { ms } = await analyse(file);
  const report: ChildReport = { ms, maxRssKiB: process.resourceUsage().maxRSS };
  process.stdout.write(JSON.stringify(report));
}

const childIndex = process.argv.indexOf('--child');
const file = childIndex === -1 ? undefined : process.argv[childIndex + 1];
(file === undefined ? main() : child(file)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
