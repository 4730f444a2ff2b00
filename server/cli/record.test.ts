import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type RunningSimulator } from '../sim/start';
import { tempSimKubeconfig, type TempKubeconfig } from '../sim/cli-test-support';
import { parseDuration } from './duration';
import type { CliIo } from './io';
import { main } from './main';
import { runRecord } from './record';

let sim: RunningSimulator | undefined;
let kube: TempKubeconfig | undefined;
let dir: string | undefined;

afterEach(async () => {
  await sim?.stop();
  kube?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  sim = kube = dir = undefined;
});

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
    out: () => stdout,
    err: () => stderr,
  };
}

function tempDir(): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-record-'));
  return dir;
}

describe('drainscope record', () => {
  // At speed 20 the simulator's API timestamps run 20 times faster than the receipt times drainscope stamps, so
  // gaps measured between the two (shortPropagationBuffer) are not meaningful here; the findings read off the pod
  // itself are.
  it('records a running no-prestop scenario for a few seconds, and analyze on the file finds its missing preStop and unhandled SIGTERM', async () => {
    sim = await startSim({ scenario: 'no-prestop', seed: 3, speed: 20 });
    kube = tempSimKubeconfig(sim.url, sim.token);
    const file = path.join(tempDir(), 'run.ndjson.gz');
    const record = capture();
    // Stopped once the scenario has played out (plus a moment for its last changes to arrive), not after a fixed
    // wall time: on a loaded machine 4 s could end before the first termination was seen.
    const stop = new AbortController();
    const recording = runRecord(['--out', file, '--namespace', 'shop'], record.io, {
      env: { KUBECONFIG: kube.path, HOME: dir },
      stop: stop.signal,
    });
    await sim.whenDone();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stop.abort();
    const code = await recording;
    expect(record.err()).toMatch(/stopped \(stopped\); wrote \d+ lines/);
    expect(code).toBe(0);
    expect(fs.readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const analyze = capture();
    expect(await main(['analyze', file, '--json'], analyze.io)).toBe(0);
    const analysis = JSON.parse(analyze.out()) as { pods: { name: string }[]; findings: { kind: string }[] };
    expect(analysis.pods.length).toBeGreaterThan(0);
    expect(analysis.findings.map((finding) => finding.kind)).toEqual(
      expect.arrayContaining(['missingPreStop', 'sigtermNotHandled']),
    );
  }, 30_000);

  it('stops on SIGTERM and leaves a complete, readable file', async () => {
    sim = await startSim({ scenario: 'no-prestop', seed: 3, speed: 20 });
    kube = tempSimKubeconfig(sim.url, sim.token);
    const file = path.join(tempDir(), 'run.ndjson');
    const bin = path.join(import.meta.dirname, '../../bin/drainscope.mjs');
    const child = spawn(process.execPath, [bin, 'record', '--out', file], {
      env: { ...process.env, KUBECONFIG: kube.path, HOME: dir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const deadline = Date.now() + 15_000;
      while (!stderr.includes('Ctrl-C stops') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(stderr).toContain('stopped (SIGTERM)');
      expect(code).toBe(0);
      const analyze = capture();
      expect(await main(['analyze', file], analyze.io)).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('refuses to start without --out, and names what is missing (tried: no arguments)', async () => {
    const run = capture();
    expect(await runRecord([], run.io, { env: {} })).toBe(2);
    expect(run.err()).toContain('--out FILE is required');
  });

  it('refuses a duration it cannot read (tried: --duration soon)', async () => {
    const run = capture();
    expect(await runRecord(['--out', 'x.ndjson', '--duration', 'soon'], run.io, { env: {} })).toBe(2);
    expect(run.err()).toContain('--duration must look like 90s, 10m or 1h, got "soon"');
  });

  it('refuses an empty value for every option before touching a cluster or a file (tried: --out=, -o "", --namespace=, -n " ", --namespace ",", --namespace "shop,", --duration=, --context=)', async () => {
    const out = path.join(tempDir(), 'x.ndjson');
    const cases: [string[], string][] = [
      [['--out='], '--out needs a value'],
      [['-o', ''], '-o needs a value'],
      [['--out', out, '--namespace='], '--namespace needs a value'],
      [['--out', out, '-n', ' '], '-n needs a value'],
      [['--out', out, '--namespace', ','], 'got an empty one in ","'],
      [['--out', out, '--namespace', 'shop,'], 'got an empty one in "shop,"'],
      [['--out', out, '--duration='], '--duration needs a value'],
      // An empty context was the kubeconfig's current one: the recording would have come from another cluster.
      [['--out', out, '--context='], '--context needs a value'],
    ];
    for (const [args, says] of cases) {
      const run = capture();
      expect(await runRecord(args, run.io, { env: {} }), args.join(' ')).toBe(2);
      expect(run.err()).toContain(says);
      expect(run.err()).toContain('usage: drainscope record');
    }
    expect(fs.existsSync(out)).toBe(false);
  });

  it('says there is no cluster when there is no kubeconfig (tried: an empty HOME, no KUBECONFIG)', async () => {
    const run = capture();
    expect(await runRecord(['--out', path.join(tempDir(), 'x.ndjson')], run.io, { env: { HOME: dir } })).toBe(2);
    expect(run.err()).toMatch(/drainscope record: .*kubeconfig/);
  });
});

describe('parseDuration', () => {
  it('reads 90s, 10m, 1h and 1h30m as milliseconds, and refuses anything else', () => {
    expect([
      parseDuration('90s'),
      parseDuration('10m'),
      parseDuration('1h'),
      parseDuration('1h30m'),
      parseDuration('500ms'),
    ]).toEqual([90_000, 600_000, 3_600_000, 5_400_000, 500]);
    expect([parseDuration('10'), parseDuration('-1s'), parseDuration('0s'), parseDuration('')]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
