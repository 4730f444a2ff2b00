/**
 * `npm run bench:import`: the memory and responsiveness of POST /api/import on big inputs, next to a baseline
 * measured in the same run on the same files: stream the file, decompress it, split lines, JSON.parse each,
 * nothing else.
 *
 * Inputs (generated once into bench/out/ and reused):
 *  - a ~256 MiB recording (a rolling update, rollout-recording.ts), imported under a limit it fits in;
 *  - two gzip bombs of ~100 KB that inflate to 100 MiB: one line of a recording repeated, and one kubectl watch
 *    object repeated, imported under a 64 MiB limit: they must be refused (413) once the limit is passed, without
 *    being inflated whole into memory.
 * Each import runs in a child process of its own, through the route handler (`importResponse`, the same call
 * the server makes, over a file-backed store in a temporary directory); the child reports its peak RSS
 * (`process.resourceUsage().maxRSS`) and the longest gap between the ticks of a 10 ms timer in that process:
 * what a /api/health request arriving meanwhile would have waited at most, and how many waits passed 200 ms (the
 * aim: none; the import works in slices of a few tens of milliseconds, server/store/import.ts). No assertions: the machine is shared and
 * noisy; compare the ratios against the baseline, not absolute numbers.
 *
 *   BENCH_IMPORT_MB=256  BENCH_BOMB_MB=100  BENCH_BOMB_LIMIT_MB=64
 */
import { spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { decompressIfGzipped } from '../lib/recording/decompress';
import { importResponse } from '../server/store/routes';
import { RecordingStore } from '../server/store/store';
import { runtimeWithStore } from '../server/store/testing/runtime-stub';
import { writeRolloutRecording } from './rollout-recording';

const IMPORT_MB = Number(process.env.BENCH_IMPORT_MB ?? 256);
const BOMB_MB = Number(process.env.BENCH_BOMB_MB ?? 100);
const BOMB_LIMIT_MB = Number(process.env.BENCH_BOMB_LIMIT_MB ?? 64);
const MIB = 1024 * 1024;
const OUT_DIR = fileURLToPath(new URL('./out/', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
/** rollout-recording.ts writes about 45.5 MiB per 1,000 replicas. */
const MIB_PER_REPLICA = 45.5 / 1000;

const RECORDING = `${OUT_DIR}import-${IMPORT_MB}mib.ndjson`;
const BOMB = `${OUT_DIR}bomb-recording-${BOMB_MB}mib.ndjson.gz`;
const KUBECTL_BOMB = `${OUT_DIR}bomb-kubectl-${BOMB_MB}mib.json.gz`;

export type Scenario = 'baseline' | 'import';

export interface ChildReport {
  ms: number;
  maxRssKiB: number;
  /** The longest wait between two ticks of the 10 ms probe timer beyond its period. */
  probeMaxGapMs: number;
  /** How many of those waits passed STALL_MS: a request to /api/health would have waited that long each time. */
  probeStalls: number;
  outcome: string;
}

const PROBE_MS = 10;
/** The aim: no slice of an import's work holds the event loop longer than this. */
const STALL_MS = 200;

/** A timer in the same process: a request to /api/health would be served no later than its ticks. */
function startProbe(): () => { maxGap: number; stalls: number } {
  let last = performance.now();
  let maxGap = 0;
  let stalls = 0;
  const tick = (now: number): void => {
    const gap = now - last - PROBE_MS;
    maxGap = Math.max(maxGap, gap);
    if (gap > STALL_MS) stalls += 1;
    last = now;
  };
  const timer = setInterval(() => tick(performance.now()), PROBE_MS);
  return () => {
    clearInterval(timer);
    tick(performance.now());
    return { maxGap, stalls };
  };
}

/** The floor: read, decompress, split, JSON.parse every line and drop it. */
async function baseline(file: string): Promise<string> {
  const decoder = new TextDecoder();
  let carry = '';
  let lines = 0;
  for await (const chunk of decompressIfGzipped(createReadStream(file))) {
    const parts = (carry + decoder.decode(chunk, { stream: true })).split('\n');
    carry = parts.pop() ?? '';
    for (const part of parts) {
      if (part.length > 0) JSON.parse(part);
      lines += 1;
    }
    // Let the probe run between chunks, as the import does between reads.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return `${lines} lines parsed`;
}

async function importFile(file: string, maxBytes: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'drainscope-import-bench-'));
  const store = new RecordingStore({ file: join(dir, 'store.db') });
  try {
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    const request = new Request('http://drainscope.bench/api/import?name=bench', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await importResponse(request, runtimeWithStore(store), { maxBytes });
    const json = (await response.json()) as { lines?: number; error?: string };
    return `${response.status} ${json.error ?? `${json.lines} lines imported`}`;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(scenario: Scenario, file: string, maxBytes: number): Promise<void> {
  const stop = startProbe();
  const started = performance.now();
  const outcome = scenario === 'baseline' ? await baseline(file) : await importFile(file, maxBytes);
  const probe = stop();
  const report: ChildReport = {
    ms: performance.now() - started,
    maxRssKiB: process.resourceUsage().maxRSS,
    probeMaxGapMs: probe.maxGap,
    probeStalls: probe.stalls,
    outcome,
  };
  process.stdout.write(JSON.stringify(report));
}

async function inChild(scenario: Scenario, file: string, maxBytes = 0): Promise<ChildReport> {
  const process_ = spawn(process.execPath, [...process.execArgv, SELF, '--child', scenario, file, String(maxBytes)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  process_.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  const code = await new Promise<number | null>((resolve) => process_.on('close', resolve));
  if (code !== 0) throw new Error(`the ${scenario} child process exited with ${code}`);
  return JSON.parse(output) as ChildReport;
}

/** `line` + '\n' repeated to `bytes`, gzip level 9: about a thousandth of the size. */
export async function writeBomb(file: string, first: string, line: string, bytes: number): Promise<void> {
  const block = `${line}\n`.repeat(Math.max(1, Math.floor(MIB / (line.length + 1))));
  const count = Math.ceil(bytes / block.length);
  async function* text(): AsyncGenerator<string> {
    yield first;
    for (let index = 0; index < count; index++) yield block;
  }
  await pipeline(Readable.from(text()), createGzip({ level: 9 }), createWriteStream(`${file}.partial`));
  renameSync(`${file}.partial`, file);
}

async function ensureInputs(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  if (!existsSync(RECORDING)) {
    const replicas = Math.ceil(IMPORT_MB / MIB_PER_REPLICA);
    console.log(`generating ${RECORDING} (${replicas} replicas)...`);
    await writeRolloutRecording(`${RECORDING}.partial`, replicas);
    renameSync(`${RECORDING}.partial`, RECORDING);
  }
  const [header = '', , observation = ''] = readFileSync(
    new URL('../fixtures/scenarios/01-no-prestop.ndjson', import.meta.url),
    'utf8',
  ).split('\n');
  if (!existsSync(BOMB)) await writeBomb(BOMB, `${header}\n`, observation, BOMB_MB * MIB);
  if (!existsSync(KUBECTL_BOMB)) {
    const { type, object } = JSON.parse(observation) as { type: string; object: unknown };
    await writeBomb(KUBECTL_BOMB, '', JSON.stringify({ type, object }), BOMB_MB * MIB);
  }
}

const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;
const ratio = (value: number, base: number): string => `${(value / Math.max(base, 1e-9)).toFixed(2)} ×`;

function row(name: string, report: ChildReport, base: ChildReport): void {
  console.log(`${name}`);
  console.log(`  outcome:        ${report.outcome} in ${(report.ms / 1000).toFixed(2)} s`);
  console.log(
    `  peak RSS:       ${mib(report.maxRssKiB * 1024)} (${ratio(report.maxRssKiB, base.maxRssKiB)} baseline ${mib(base.maxRssKiB * 1024)}; aim < 300 MB)`,
  );
  console.log(
    `  liveness probe: longest wait ${report.probeMaxGapMs.toFixed(0)} ms (${ratio(report.probeMaxGapMs, base.probeMaxGapMs)} baseline ${base.probeMaxGapMs.toFixed(0)} ms; aim < ${STALL_MS} ms)`,
  );
  console.log(`                 waits over ${STALL_MS} ms: ${report.probeStalls} (baseline ${base.probeStalls})`);
}

async function main(): Promise<void> {
  await ensureInputs();
  console.log(`recording: ${RECORDING} (${mib(statSync(RECORDING).size)})`);
  console.log(
    `bombs:     ${BOMB} (${(statSync(BOMB).size / 1024).toFixed(0)} KB), ${KUBECTL_BOMB} (${(statSync(KUBECTL_BOMB).size / 1024).toFixed(0)} KB), ${BOMB_MB} MiB inflated`,
  );
  const recordingBase = await inChild('baseline', RECORDING);
  const recording = await inChild('import', RECORDING, (IMPORT_MB + 64) * MIB);
  const bombBase = await inChild('baseline', BOMB);
  const bomb = await inChild('import', BOMB, BOMB_LIMIT_MB * MIB);
  const kubectlBomb = await inChild('import', KUBECTL_BOMB, BOMB_LIMIT_MB * MIB);
  console.log('');
  row(`import of the recording (limit ${IMPORT_MB + 64} MiB)`, recording, recordingBase);
  row(`import of the recording gzip bomb (limit ${BOMB_LIMIT_MB} MiB)`, bomb, bombBase);
  row(`import of the kubectl gzip bomb (limit ${BOMB_LIMIT_MB} MiB)`, kubectlBomb, bombBase);
}

/** Only when run as a script: a test imports this module to check that it loads, and must not start a run. */
const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === SELF;
const childIndex = process.argv.indexOf('--child');
if (!isEntry) {
  // Imported, not run.
} else if (childIndex === -1) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  const [scenario, file, maxBytes] = process.argv.slice(childIndex + 1);
  child(scenario as Scenario, file as string, Number(maxBytes)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
