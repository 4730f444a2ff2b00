/**
 * The `npm run sim` command as a user runs it: a child process (npm → tsx → node), kubectl through the kubeconfig it
 * writes, then the recording and the ground truth it leaves behind. Children run in their own process group so a
 * failed test still kills all of them.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readWholeRecording } from '@/lib/recording/reader';
import { kubectl, waitFor } from './api/test-support';
import { follow, type FollowedProcess } from './cli-test-support';
import type { GroundTruth } from './model/truth';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;
const children: FollowedProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'drainscope-sim-cli-'));
});
afterEach(() => {
  // The whole group, even when its leader exited: npm can die first and leave tsx and node behind.
  for (const { child } of children.splice(0)) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is gone.
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[]): FollowedProcess {
  const followed = follow(spawn(command, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dir } }));
  children.push(followed);
  return followed;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))]);
}

const listening = (followed: FollowedProcess) => () => followed.lines.some((line) => line.includes(' listening on '));

describe('npm run sim', () => {
  it('serves the scenario to kubectl, writes the truth when it completes, and on SIGTERM to its process group finishes the recording and stops', async () => {
    const [kubeconfig, recording, truthFile] = ['config', 'run.ndjson', 'run.truth.json'].map((name) => join(dir, name)) as [string, string, string];
    const sim = run('npm', ['run', '--silent', 'sim', '--', '--port', '0', '--scenario', 'no-prestop', '--speed', '20', '--seed', '7', '--kubeconfig-out', kubeconfig, '--record', recording, '--truth-out', truthFile]);
    await waitFor(listening(sim), 30_000, 'the listening line');
    expect(sim.lines.find((line) => line.includes(' listening on '))).toMatch(/^drainscope-sim: scenario no-prestop \(seed 7, speed 20x\) listening on http:\/\/127\.0\.0\.1:\d+$/);

    const pods = await kubectl({ path: kubeconfig, dir }, ['get', 'pods', '-A']);
    expect(pods.stderr).toBe('');
    expect(pods.stdout).toMatch(/^shop\s+web-\S+\s+\d\/1\s+\S+/m);

    await waitFor(() => sim.lines.some((line) => line.includes('scenario no-prestop done')), 10_000, 'the done line');
    const truthAtDone = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
    expect(truthAtDone).toMatchObject({ drainscope: 'ground-truth', version: 1, scenario: 'no-prestop', seed: 7 });

    // As Ctrl-C or `timeout` do: the whole process group (npm, sh, tsx, node) gets the signal, node twice (tsx relays it).
    process.kill(-sim.child.pid!, 'SIGTERM');
    await within(sim.closed, 10_000, 'every process of the command to exit');
    expect(sim.lines.at(-1)).toMatch(/^drainscope-sim: stopped; ground truth written to /);

    const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
    const deleted = truth.pods.find((p) => p.cause === 'delete');
    expect(deleted?.containers[0]).toMatchObject({ exitCode: 143, reason: 'Error' });
    const read = await readWholeRecording(createReadStream(recording));
    expect(read.header.cluster).toBe('drainscope-sim');
    expect(read.stats.skippedMalformed).toBe(0);
    const deletedLines = read.entries.filter(({ entry }) => entry.type === 'DELETED' && entry.object.metadata.uid === deleted?.uid);
    expect(deletedLines).toHaveLength(1);
  });

  it('SIGTERM to the process alone (as a process manager sends it) shuts down and exits 0', async () => {
    const sim = run(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/sim/cli.ts', '--port', '0', '--scenario', 'demo', '--speed', '20', '--kubeconfig-out', join(dir, 'config-2')]);
    await waitFor(listening(sim), 30_000, 'the listening line');
    sim.child.kill('SIGTERM');
    expect(await within(sim.exited, 10_000, 'exit')).toBe(0);
    expect(sim.lines.at(-1)).toBe('drainscope-sim: stopped');
  });

  it('an unknown scenario is a usage error (exit 2) that lists the known scenarios', async () => {
    const sim = run(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/sim/cli.ts', '--scenario', 'nope', '--kubeconfig-out', join(dir, 'unused')]);
    expect(await within(sim.exited, 20_000, 'exit')).toBe(2);
    expect(sim.stderr()).toMatch(/^drainscope-sim: unknown scenario "nope"; known scenarios: no-prestop, prestop-sleep, .*demo\n/);
    expect(sim.stderr()).toContain('usage: npm run sim');
  });
});
