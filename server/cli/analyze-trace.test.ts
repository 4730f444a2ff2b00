import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceProblems } from '../../lib/report/trace-check';
import type { AnalysisJson } from '../../lib/timeline/analysis-json';
import { runCli, tempDirForTests } from './testing/run-cli';

const FIXTURES = join(import.meta.dirname, '../../fixtures/scenarios');
const fixture = (name: string) => join(FIXTURES, `${name}.ndjson`);

const run = runCli;

interface TraceFile {
  otherData: Record<string, string>;
  traceEvents: { ph: string; cat: string; ts: number; args: Record<string, unknown> }[];
}

const tempDir = tempDirForTests('drainscope-trace-');

describe('drainscope analyze --trace-out', () => {
  it('writes the timelines as a Chrome trace beside the usual output, which stays the analysis JSON', async () => {
    const out = join(tempDir(), 'eviction.trace.json');
    const { code, stdout, stderr } = await run(
      'analyze',
      fixture('10-node-pressure-eviction'),
      '--json',
      '--trace-out',
      out,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const analysis = JSON.parse(stdout) as AnalysisJson;
    const trace = JSON.parse(await readFile(out, 'utf8')) as TraceFile;
    expect(traceProblems(trace)).toEqual([]);
    const origin = Date.parse(trace.otherData.episodeStart ?? '');
    // Every marker an instant and every gap a slice, at its time in µs from the episode start, for its pod.
    const markers = analysis.pods.flatMap((pod) =>
      pod.markers.map((marker) => ({
        uid: pod.uid,
        kind: marker.kind,
        container: marker.container,
        ts: (Date.parse(marker.at) - origin) * 1000,
      })),
    );
    const instants = trace.traceEvents
      .filter((e) => e.ph === 'i')
      .map((e) => ({ uid: e.args.uid, kind: e.args.kind, container: e.args.container, ts: e.ts }));
    expect(instants).toHaveLength(markers.length);
    expect(instants).toEqual(expect.arrayContaining(markers));
    const gaps = analysis.pods.flatMap((pod) =>
      pod.gaps.map((gap) => ({
        uid: pod.uid,
        kind: gap.kind,
        severity: gap.severity,
        ts: (Date.parse(gap.from) - origin) * 1000,
      })),
    );
    expect(gaps.some((gap) => gap.severity === 'critical')).toBe(true);
    const gapSlices = trace.traceEvents
      .filter((e) => e.cat === 'gap')
      .map((e) => ({ uid: e.args.uid, kind: e.args.kind, severity: e.args.severity, ts: e.ts }));
    expect(gapSlices).toHaveLength(gaps.length);
    expect(gapSlices).toEqual(expect.arrayContaining(gaps));
  });

  it('says until when the recording saw: the receipt time of its last line', async () => {
    const out = join(tempDir(), 'sleep.trace.json');
    expect((await run('analyze', fixture('02-prestop-sleep'), '--trace-out', out)).code).toBe(0);
    const lines = (await readFile(fixture('02-prestop-sleep'), 'utf8')).trimEnd().split('\n');
    const last = Math.max(...lines.slice(1).map((line) => Date.parse((JSON.parse(line) as { at: string }).at)));
    const trace = JSON.parse(await readFile(out, 'utf8')) as TraceFile;
    expect(trace.otherData.observedUntil).toBe(new Date(last).toISOString());
  });

  it('still writes the trace when --fail-on matches (exit 1)', async () => {
    const out = join(tempDir(), 'grace.trace.json');
    const { code } = await run(
      'analyze',
      fixture('03-prestop-exceeds-grace'),
      '--fail-on',
      'critical',
      '--trace-out',
      out,
    );
    expect(code).toBe(1);
    const trace = JSON.parse(await readFile(out, 'utf8')) as TraceFile;
    expect(trace.traceEvents.some((e) => e.cat === 'gap' && e.args.kind === 'killedAtDeadline')).toBe(true);
  });

  it('exits 2 and prints nothing else when the trace cannot be written, or FILE is missing', async () => {
    const missing = await run(
      'analyze',
      fixture('02-prestop-sleep'),
      '--trace-out',
      join(tempDir(), 'no-such-dir', 'x.json'),
    );
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('no such directory');
    const directory = await run('analyze', fixture('02-prestop-sleep'), '--trace-out', tempDir());
    expect(directory).toMatchObject({ code: 2, stdout: '' });
    expect(directory.stderr).toContain('is a directory');
    const noFile = await run('analyze', fixture('02-prestop-sleep'), '--trace-out');
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('--trace-out');
  });
});
