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
  const followed = follow(
    spawn(command, args, {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: dir },
    }),
  );
  children.push(followed);
  return followed;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms),
    ),
  ]);
}

const listening = (followed: FollowedProcess) => () => followed.lines.some((line) => line.includes(' listening on '));

describe('npm run sim', () => {
  it('serves the scenario to kubectl, writes the truth when it completes, and on SIGTERM finishes the recording and exits 0', async () => {
    const [kubeconfig, recording, truthFile] = ['config', 'run.ndjson', 'run.truth.json'].map((name) =>
      join(dir, name),
    ) as [string, string, string];
    const sim = run('npm', [
      'run',
      '--silent',
      'sim',
      '--',
      '--port',
      '0',
      '--scenario',
      'no-prestop',
      '--speed',
      '20',
      '--seed',
      '7',
      '--kubeconfig-out',
      kubeconfig,
      '--record',
      recording,
      '--truth-out',
      truthFile,
    ]);
    await waitFor(listening(sim), 30_000, 'the listening line');
    const listeningLine =
      /^drainscope-sim: scenario no-prestop \(seed 7, speed 20x, pid (\d+)\) listening on http:\/\/127\.0\.0\.1:\d+$/.exec(
        sim.lines.find((line) => line.includes(' listening on '))!,
      );
    expect(listeningLine).not.toBeNull();
    const pid = Number(listeningLine![1]);

    const pods = await kubectl({ path: kubeconfig, dir }, ['get', 'pods', '-A']);
    expect(pods.stderr).toBe('');
    expect(pods.stdout).toMatch(/^shop\s+web-\S+\s+\d\/1\s+\S+/m);

    await waitFor(() => sim.lines.some((line) => line.includes('scenario no-prestop done')), 10_000, 'the done line');
    const truthAtDone = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
    expect(truthAtDone).toMatchObject({ drainscope: 'ground-truth', version: 1, scenario: 'no-prestop', seed: 7 });

    // To the simulator's own process: a SIGTERM to npm alone is not passed on (its sh dies), and tsx relays one with
    // a 30 ms budget before it SIGKILLs, too short on a loaded machine. Its exit code then comes back through npm.
    process.kill(pid, 'SIGTERM');
    expect(await within(sim.exited, 10_000, 'npm to exit')).toBe(0);
    await within(sim.closed, 5_000, 'every process of the command to exit');
    expect(sim.lines.at(-1)).toMatch(/^drainscope-sim: stopped; ground truth written to /);

    const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
    const deleted = truth.pods.find((p) => p.cause === 'delete');
    expect(deleted?.containers[0]).toMatchObject({ exitCode: 143, reason: 'Error' });
    const read = await readWholeRecording(createReadStream(recording));
    expect(read.header.cluster).toBe('drainscope-sim');
    expect(read.stats.skippedMalformed).toBe(0);
    const deletedLines = read.entries.filter(
      ({ entry }) => entry.type === 'DELETED' && entry.object.metadata.uid === deleted?.uid,
    );
    expect(deletedLines).toHaveLength(1);
  });

  it('an unknown scenario is a usage error (exit 2) that lists the known scenarios', async () => {
    const sim = run(join(ROOT, 'node_modules', '.bin', 'tsx'), [
      'server/sim/cli.ts',
      '--scenario',
      'nope',
      '--kubeconfig-out',
      join(dir, 'unused'),
    ]);
    expect(await within(sim.exited, 20_000, 'exit')).toBe(2);
    expect(sim.stderr()).toMatch(
      /^drainscope-sim: unknown scenario "nope"; known scenarios: no-prestop, prestop-sleep, .*\bdemo\b.*\n/,
    );
    expect(sim.stderr()).toContain('usage: npm run sim');
  });
});
