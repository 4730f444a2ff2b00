import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, tempDirForTests } from './testing/run-cli';

const FIXTURES = join(import.meta.dirname, '../../fixtures/scenarios');
const fixture = (name: string) => join(FIXTURES, `${name}.ndjson`);

const run = runCli;

const tempDir = tempDirForTests('drainscope-cli-');

describe('drainscope analyze', () => {
  it('prints one table row per terminating pod with its exit and what went wrong', async () => {
    const { code, stdout } = await run('analyze', fixture('03-prestop-exceeds-grace'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^POD\s+DELETE \(UTC\)\s+ENDPOINT LAG\s+SIGTERM\s+EXIT\s+PROBLEMS/);
    expect(stdout).toMatch(
      /shop\/web-\S+\s+04:25:15\.000\s+\+0\.\ds\s+~\+3\d\.\ds\s+137 SIGKILL\s+killedAtDeadline!, preStopCutByGrace/,
    );
    expect(stdout).toContain('CRITICAL sigkilled');
  });

  it('prints the version 1 analysis JSON with --json', async () => {
    const { code, stdout } = await run('analyze', fixture('01-no-prestop'), '--json');
    expect(code).toBe(0);
    const analysis = JSON.parse(stdout);
    expect(analysis).toMatchObject({ version: 1, allowanceSeconds: 2 });
    const terminated = analysis.pods.find((pod: { markers: { kind: string }[] }) =>
      pod.markers.some((marker) => marker.kind === 'deleteRequested'),
    );
    expect(terminated.workload).toEqual({ kind: 'Deployment', name: 'web' });
    expect(terminated.markers[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(
      Object.keys(terminated.markers.find((marker: { kind: string }) => marker.kind === 'containerExited')).sort(),
    ).toEqual(['at', 'container', 'earliest', 'exitCode', 'kind', 'latest', 'precision', 'reason']);
    expect(analysis.findings.map((finding: { kind: string }) => finding.kind)).toContain('missingPreStop');
  });

  it('exits 1 when --fail-on matches and 0 when it does not', async () => {
    expect((await run('analyze', fixture('03-prestop-exceeds-grace'), '--fail-on', 'critical')).code).toBe(1);
    expect((await run('analyze', fixture('02-prestop-sleep'), '--fail-on', 'critical')).code).toBe(0);
    const matched = await run('analyze', fixture('01-no-prestop'), '--fail-on', 'missingPreStop,killedAtDeadline');
    expect(matched.code).toBe(1);
    expect(matched.stderr).toContain('--fail-on matched: missingPreStop');
  });

  it('a longer --allowance finds more short propagation buffers', async () => {
    const gapsOf = async (allowance: string) => {
      const analysis = JSON.parse(
        (await run('analyze', fixture('02-prestop-sleep'), '--json', '--allowance', allowance)).stdout,
      );
      return analysis.pods.flatMap((pod: { gaps: { kind: string }[] }) => pod.gaps.map((gap) => gap.kind));
    };
    expect(await gapsOf('2')).not.toContain('shortPropagationBuffer');
    expect(await gapsOf('30')).toContain('shortPropagationBuffer');
  });

  it('reads gzip by content, whatever the file is called', async () => {
    const gz = join(tempDir(), 'looks-plain.ndjson');
    await writeFile(gz, gzipSync(await readFile(fixture('04-ignores-sigterm'))));
    const plain = await run('analyze', fixture('04-ignores-sigterm'), '--json');
    const zipped = await run('analyze', gz, '--json');
    expect(zipped.code).toBe(0);
    expect(zipped.stdout).toBe(plain.stdout);
  });

  it('a malformed line fails the whole analysis naming the line, or is skipped and counted with --lenient', async () => {
    const lines = (await readFile(fixture('02-prestop-sleep'), 'utf8')).split('\n');
    lines.splice(
      5,
      0,
      '{"at": "2026-11-24T04:25:10.000Z", "type": "MODIFIED", "object": {"apiVersion": "v1", "kind": "Pod"',
    );
    const broken = join(tempDir(), 'broken.ndjson');
    await writeFile(broken, lines.join('\n'));
    const strict = await run('analyze', broken);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/line 6: not valid JSON/);
    const lenient = await run('analyze', broken, '--lenient');
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/skipped 1 malformed line/);
    expect(lenient.stdout).toContain('0 Completed');
  });

  it('reports on stderr, never in the --json output, a line later than the reorder window; none for lines within it', async () => {
    const text = await readFile(fixture('02-prestop-sleep'), 'utf8');
    const times = text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => Date.parse((JSON.parse(line) as { at: string }).at));
    const watchLine = (ms: number) =>
      JSON.stringify({ at: new Date(ms).toISOString(), type: 'WATCH', resource: 'events', state: 'connected' });
    // Appended after the last line: before every line of the recording (the window has long let the first ones
    // go), and 1 s before the last one (still held in the 2 s window).
    const late = join(tempDir(), 'late.ndjson');
    await writeFile(late, `${text.trimEnd()}\n${watchLine(Math.min(...times) - 1)}\n`);
    const reported = await run('analyze', late, '--json');
    expect(reported.code).toBe(0);
    expect(reported.stderr).toBe(
      'drainscope: 1 line is more than 2 s earlier than a line before it (by "at"): analysed out of order, so the timelines it touches may be off\n',
    );
    expect(reported.stdout).toBe((await run('analyze', fixture('02-prestop-sleep'), '--json')).stdout);
    const withinWindow = join(tempDir(), 'within-window.ndjson');
    await writeFile(withinWindow, `${text.trimEnd()}\n${watchLine(Math.max(...times) - 1000)}\n`);
    expect((await run('analyze', withinWindow, '--json')).stderr).toBe('');
  });

  it('skips and reports objects of kinds it does not analyse', async () => {
    const text = await readFile(fixture('02-prestop-sleep'), 'utf8');
    const deployment = JSON.stringify({
      at: '2026-11-24T04:25:10.000Z',
      type: 'ADDED',
      object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-6d4b8c9f7', uid: 'r1' } },
    });
    const withDeployment = join(tempDir(), 'with-replicaset.ndjson');
    await writeFile(withDeployment, text.replace('\n', `\n${deployment}\n`));
    const { code, stderr } = await run('analyze', withDeployment);
    expect(code).toBe(0);
    expect(stderr).toContain('apps/v1 ReplicaSet (1)');
  });

  it('shows a hostile pod name as inert text, never as terminal escapes', async () => {
    const text = await readFile(fixture('01-no-prestop'), 'utf8');
    const hostile = join(tempDir(), 'hostile.ndjson');
    await writeFile(hostile, text.replaceAll('web-g524hqvk44-blgwv', 'evil\\u001b[2J\\u001b]0;owned\\u0007'));
    const { code, stdout } = await run('analyze', hostile);
    expect(code).toBe(0);
    expect(stdout).toContain('evil\\x1b[2J\\x1b]0;owned\\x07');
    expect(stdout).not.toContain('\u001b');
  });

  it('exits 2 with a clear message for a missing file, a directory, or bad options', async () => {
    expect(await run('analyze', join(tempDir(), 'nope.ndjson'))).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('no such file'),
    });
    expect(await run('analyze', tempDir())).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('is a directory'),
    });
    expect(await run('analyze', fixture('01-no-prestop'), '--allowance=-1')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--allowance must be'),
    });
    expect(await run('analyze')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('a RECORDING file is required'),
    });
    expect(await run('analyze', fixture('01-no-prestop'), '--bogus')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--bogus'),
    });
    expect(await run('frobnicate')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command') });
  });

  it('refuses an empty or loose option value as a usage error, exit 2, printing no analysis (tried: --allowance= and --fail-on= empty, "" and " " as separate words, 0x10, 1e3, Infinity, a missing value before --json)', async () => {
    // `--allowance=` was read as 0 seconds: exit 0 with more gaps than the default finds.
    for (const args of [
      ['--allowance='],
      ['--allowance', ''],
      ['--allowance', ' '],
      ['--fail-on='],
      ['--fail-on', ''],
    ]) {
      const result = await run('analyze', fixture('02-prestop-sleep'), ...args);
      expect(result, args.join(' ')).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/^drainscope analyze: --(allowance|fail-on) needs a value, got an empty one/);
      expect(result.stderr).toContain('usage: drainscope analyze');
    }
    for (const value of ['0x10', '1e3', 'Infinity', '-0']) {
      expect(await run('analyze', fixture('02-prestop-sleep'), `--allowance=${value}`), value).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringContaining(`--allowance must be a number of seconds >= 0, got "${value}"`),
      });
    }
    expect(await run('analyze', fixture('02-prestop-sleep'), '--allowance', '--json')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining("'--allowance"),
    });
    expect(await run('analyze', fixture('02-prestop-sleep'), '--allowance=0.5')).toMatchObject({ code: 0 });
  });

  it('runs as the package bin, with its exit status', async () => {
    const bin = join(import.meta.dirname, '../../bin/drainscope.mjs');
    const exec = promisify(execFile);
    const ok = await exec(process.execPath, [bin, 'analyze', fixture('02-prestop-sleep')]);
    expect(ok.stdout).toContain('0 Completed');
    await expect(
      exec(process.execPath, [bin, 'analyze', fixture('03-prestop-exceeds-grace'), '--fail-on', 'critical']),
    ).rejects.toMatchObject({ code: 1 });
  });
});
