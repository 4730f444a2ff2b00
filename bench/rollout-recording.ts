/**
 * Writes a big rolling-update recording for bench:analyze. The simulator itself is too slow for it (its
 * rolling-update scenario takes ~100 s of CPU at 300 replicas and grows faster than linearly; at 5,000 replicas
 * with its maxSurge 1 / maxUnavailable 1 the rollout would also run ~4 h of simulated time, over the runner's limit).
 * So this replays the simulator's own lines for one replaced pod (rollout-template.ts) once per replica, with
 * names, uids, IPs and times rewritten, in waves like Kubernetes' default strategy (maxSurge and maxUnavailable
 * 25%): each wave's pods start within WAVE_SPREAD_MS. The Service's endpoints are kept in slices of 100, each
 * slice written at most once per second while it changes (the controller's batching), as the simulator does.
 * Lines keep the recorder's rule: written in commit order, `at` = commit + 1-30 ms, so slightly out of order.
 */
import { createWriteStream } from 'node:fs';
import { MinHeap } from '../lib/recording/min-heap';
import { buildRolloutTemplate, type EndpointChange, type RolloutTemplate } from './rollout-template';

const ENDPOINTS_PER_SLICE = 100;
const SLICE_BATCH_MS = 1000;
const WAVE_SHARE = 0.25;
const WAVE_SPREAD_MS = 2000;
/** A wave starts when the previous one has replaced its pods: about the template pod's replacement time. */
const WAVE_GAP_MS = 10_000;

type Pending =
  | { kind: 'line'; commitAt: number; seq: number; text: string }
  | { kind: 'endpoint'; commitAt: number; seq: number; slice: number; key: string; endpoint: string | null }
  | { kind: 'slice-write'; commitAt: number; seq: number; slice: number };

export interface GeneratedRecording {
  lines: number;
  bytes: number;
}

/** Deterministic 1-30 ms delivery latency (a tiny LCG: the file must be the same on every run). */
function latencies(): () => number {
  let state = 20261124;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return 1 + (state % 30);
  };
}

export async function writeRolloutRecording(path: string, replicas: number): Promise<GeneratedRecording> {
  const template = buildRolloutTemplate();
  const out = createWriteStream(path);
  const sink = { lines: 0, bytes: 0, buffer: [] as string[], bufferBytes: 0 };
  const write = async (line: string): Promise<void> => {
    sink.buffer.push(line, '\n');
    sink.bufferBytes += line.length + 1;
    sink.lines += 1;
    if (sink.bufferBytes < 1 << 20) return;
    await flushBuffer();
  };
  const flushBuffer = async (): Promise<void> => {
    const text = sink.buffer.join('');
    sink.bytes += Buffer.byteLength(text);
    sink.buffer = [];
    sink.bufferBytes = 0;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  const rewriter = new Rewriter(template);

  await write(template.header);
  for (const line of template.sharedInitial) await write(rewriter.rewrite(line.text, -1, 0));
  for (const lines of [template.podInitial, template.eventInitial]) {
    for (let copy = 0; copy < replicas; copy++) {
      for (const line of lines) await write(rewriter.rewrite(line.text, copy, 0));
    }
  }
  const slices = new SliceSet(template, rewriter, replicas);
  for (let slice = 0; slice < slices.count; slice++) await write(slices.line(slice, template.sliceListAt, 'ADDED'));

  const latency = latencies();
  let seq = 0;
  const pending = new MinHeap<Pending>((a, b) => a.commitAt - b.commitAt || a.seq - b.seq);
  const writeScheduled = new Set<number>();
  const perWave = Math.max(1, Math.round(replicas * WAVE_SHARE));
  const drainUpTo = async (time: number): Promise<void> => {
    for (let next = pending.peek(); next !== undefined && next.commitAt <= time; next = pending.peek()) {
      pending.pop();
      if (next.kind === 'line') await write(next.text);
      else if (next.kind === 'endpoint') {
        if (slices.change(next.slice, next.key, next.endpoint) && !writeScheduled.has(next.slice)) {
          writeScheduled.add(next.slice);
          const writeAt = Math.ceil((next.commitAt + 1) / SLICE_BATCH_MS) * SLICE_BATCH_MS + next.slice;
          pending.push({ kind: 'slice-write', commitAt: writeAt, seq: seq++, slice: next.slice });
        }
      } else {
        writeScheduled.delete(next.slice);
        const at = next.commitAt + latency();
        await write(slices.line(next.slice, at, 'MODIFIED'));
      }
    }
  };
  const firstOffset = Math.min(...template.perPod.map((line) => line.at)) - template.actionAt;
  for (let copy = 0; copy < replicas; copy++) {
    const shift = Math.floor(copy / perWave) * WAVE_GAP_MS + Math.floor(((copy % perWave) / perWave) * WAVE_SPREAD_MS);
    await drainUpTo(template.actionAt + shift + firstOffset - 31);
    for (const line of template.perPod) {
      const at = line.at + shift;
      pending.push({
        kind: 'line',
        commitAt: at - latency(),
        seq: seq++,
        text: rewriter.rewrite(line.text, copy, shift),
      });
    }
    const slice = Math.floor(copy / ENDPOINTS_PER_SLICE);
    const push = (changes: EndpointChange[], key: string): void => {
      for (const change of changes) {
        const endpoint = change.endpoint === null ? null : rewriter.rewrite(change.endpoint, copy, shift);
        pending.push({
          kind: 'endpoint',
          commitAt: change.at + shift - SLICE_BATCH_MS,
          seq: seq++,
          slice,
          key,
          endpoint,
        });
      }
    };
    push(template.endpointChanges.old, `old-${copy}`);
    push(template.endpointChanges.replacement, `new-${copy}`);
  }
  await drainUpTo(Infinity);
  await flushBuffer();
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { lines: sink.lines, bytes: sink.bytes };
}

/** Rewrites a template line for copy N in one regex pass: per-copy names, uids and IPs, shifted times, a fresh resourceVersion. */
class Rewriter {
  private readonly pattern: RegExp;
  private readonly replacements: Map<string, (copy: number) => string>;
  private resourceVersion = 1000;

  constructor(template: RolloutTemplate) {
    const keys = template.perCopyKeys;
    const base36 = (copy: number): string => copy.toString(36).padStart(5, '0');
    const hex = (copy: number, width: number): string => copy.toString(16).padStart(width, '0');
    const ip = (octet: number) => (copy: number) => `"10.${octet}.${copy >> 8}.${copy & 255}"`;
    this.replacements = new Map<string, (copy: number) => string>([
      [keys.oldName, (copy) => `${keys.oldName.slice(0, -5)}${base36(copy)}`],
      [keys.newName, (copy) => `${keys.newName.slice(0, -5)}${base36(copy)}`],
      [`"${keys.oldIp}"`, ip(100)],
      [`"${keys.newIp}"`, ip(200)],
      ...keys.uids.map((uid): [string, (copy: number) => string] => [
        uid,
        (copy) => `${uid.slice(0, 24)}${hex(copy, 12)}`,
      ]),
      ...keys.eventSuffixes.map((suffix): [string, (copy: number) => string] => [
        suffix,
        (copy) => `${suffix.slice(0, 9)}${hex(copy, 8)}`,
      ]),
    ]);
    const literal = [...this.replacements.keys()]
      .sort((a, b) => b.length - a.length)
      .map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.pattern = new RegExp(
      `${literal.join('|')}|"resourceVersion":"\\d+"|"(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(\\.\\d+)?Z"`,
      'g',
    );
  }

  /** copy -1: a line that exists once (no per-copy keys are rewritten). */
  rewrite(text: string, copy: number, shiftMs: number): string {
    return text.replace(this.pattern, (match: string, seconds: string | undefined, fraction: string | undefined) => {
      if (seconds !== undefined) return shiftMs === 0 ? match : shiftTime(seconds, fraction, shiftMs);
      if (match.startsWith('"resourceVersion"')) return `"resourceVersion":"${this.resourceVersion++}"`;
      const replace = this.replacements.get(match);
      return replace === undefined || copy < 0 ? match : replace(copy);
    });
  }
}

/** Keeps the timestamp's own precision: whole seconds stay whole (API times), fractions keep their digit count. */
function shiftTime(seconds: string, fraction: string | undefined, shiftMs: number): string {
  const ms = Date.parse(`${seconds}${fraction ?? ''}Z`) + shiftMs;
  const iso = new Date(ms).toISOString();
  if (fraction === undefined) return `"${iso.slice(0, 19)}Z"`;
  const digits = fraction.length - 1;
  return `"${iso.slice(0, 19)}.${iso.slice(20, 23).padEnd(digits, '0').slice(0, digits)}Z"`;
}

/** The Service's endpoints in slices of ENDPOINTS_PER_SLICE, as endpoint JSON strings keyed by pod. */
class SliceSet {
  private readonly slices: Map<string, string>[] = [];

  constructor(
    private readonly template: RolloutTemplate,
    private readonly rewriter: Rewriter,
    replicas: number,
  ) {
    for (let copy = 0; copy < replicas; copy++) {
      const slice = Math.floor(copy / ENDPOINTS_PER_SLICE);
      const endpoints = this.slices[slice] ?? new Map<string, string>();
      this.slices[slice] = endpoints;
      endpoints.set(`old-${copy}`, rewriter.rewrite(template.initialEndpoint, copy, 0));
    }
  }

  get count(): number {
    return this.slices.length;
  }

  /** True when the slice changed and so needs a write. */
  change(slice: number, key: string, endpoint: string | null): boolean {
    const endpoints = this.slices[slice];
    if (!endpoints || endpoints.get(key) === (endpoint ?? undefined)) return false;
    if (endpoint === null) endpoints.delete(key);
    else endpoints.set(key, endpoint);
    return true;
  }

  line(slice: number, at: number, type: 'ADDED' | 'MODIFIED'): string {
    const metadata = this.template.sliceObject.metadata as { name: string; uid: string };
    const object = {
      ...this.template.sliceObject,
      metadata: {
        ...metadata,
        name: `${metadata.name}-${slice}`,
        uid: `${metadata.uid.slice(0, 24)}${slice.toString(16).padStart(12, '0')}`,
      },
      endpoints: '@endpoints@',
    };
    const text = JSON.stringify({ at: new Date(at).toISOString(), type, object });
    return this.rewriter.rewrite(
      text.replace('"@endpoints@"', `[${[...(this.slices[slice]?.values() ?? [])].join(',')}]`),
      -1,
      0,
    );
  }
}
