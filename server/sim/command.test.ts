/** The command in process: token and TLS for kubectl, files at completion and shutdown, and start-up failures. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, selfSignedCertificate } from './api/test-support';
import { parseSimArgs, type SimCommandOptions } from './cli-args';
import { runSimCommand } from './command';
import { writeSimKubeconfig } from './kubeconfig-file';
import type { GroundTruth } from './model/truth';
import { SimStartError } from './start';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'drainscope-sim-command-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function options(argv: string[]): SimCommandOptions {
  const parsed = parseSimArgs(argv);
  if (parsed.kind !== 'run') throw new Error(`bad test arguments: ${JSON.stringify(parsed)}`);
  return parsed.options;
}

describe('runSimCommand', () => {
  it('serves HTTPS with a token that kubectl sends, writes the truth when done and the recording at shutdown', async () => {
    const tls = selfSignedCertificate();
    writeFileSync(join(dir, 'cert.pem'), tls.cert);
    writeFileSync(join(dir, 'key.pem'), tls.key);
    const files = {
      kubeconfig: join(dir, 'tls-config'),
      record: join(dir, 'tls.ndjson'),
      truth: join(dir, 'tls.truth.json'),
    };
    const log: string[] = [];
    const command = await runSimCommand(
      options([
        '--port',
        '0',
        '--scenario',
        'no-prestop',
        '--speed',
        '20',
        '--seed',
        '9',
        '--token',
        'sekret',
        '--tls-cert',
        join(dir, 'cert.pem'),
        '--tls-key',
        join(dir, 'key.pem'),
        '--kubeconfig-out',
        files.kubeconfig,
        '--record',
        files.record,
        '--truth-out',
        files.truth,
      ]),
      (line) => log.push(line),
    );
    try {
      expect(command.sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(readFileSync(files.kubeconfig, 'utf8')).toContain('token: "sekret"');
      const pods = await kubectl({ path: files.kubeconfig, dir }, ['get', 'pods']);
      expect(pods.stderr).toBe('');
      expect(pods.stdout).toMatch(/^web-\S+\s+\d\/1/m);
      writeSimKubeconfig(join(dir, 'wrong-token-config'), command.sim.url, 'wrong');
      expect((await kubectl({ path: join(dir, 'wrong-token-config'), dir }, ['get', 'pods'])).stderr).toContain(
        'You must be logged in to the server',
      );

      await command.done;
      const truth = JSON.parse(readFileSync(files.truth, 'utf8')) as GroundTruth;
      expect(truth).toMatchObject({ scenario: 'no-prestop', seed: 9 });
      expect(truth.pods.some((p) => p.cause === 'delete' && p.deletedAt !== null)).toBe(true);
    } finally {
      await command.shutdown();
    }
    const lines = readFileSync(files.record, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ drainscope: 'recording', cluster: 'drainscope-sim' });
    expect(lines.filter((line) => line.includes('"type":"DELETED"') && line.includes('"kind":"Pod"'))).toHaveLength(1);
    expect(log.map((line) => line.replace(/ .*/, ''))).toEqual(Array(log.length).fill('drainscope-sim:'));
    expect(log.some((line) => line.includes('scenario no-prestop done; ground truth written to'))).toBe(true);
    expect(log.at(-1)).toMatch(/^drainscope-sim: stopped; ground truth written to /);
  });

  it('a port in use is a clear start-up error, and nothing is left listening or written', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const kubeconfig = join(dir, 'unused-config');
      const attempt = runSimCommand(
        options([
          '--port',
          String(port),
          '--scenario',
          'demo',
          '--kubeconfig-out',
          kubeconfig,
          '--record',
          join(dir, 'unused.ndjson'),
        ]),
        () => undefined,
      );
      await expect(attempt).rejects.toThrow(
        new SimStartError(`port ${port} on 127.0.0.1 is already in use (--port 0 picks a free one)`),
      );
      expect(existsSync(kubeconfig)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('an unreadable TLS file is a clear start-up error', async () => {
    const attempt = runSimCommand(
      options([
        '--port',
        '0',
        '--scenario',
        'demo',
        '--kubeconfig-out',
        join(dir, 'x'),
        '--tls-cert',
        join(dir, 'missing.pem'),
        '--tls-key',
        join(dir, 'missing.pem'),
      ]),
      () => undefined,
    );
    await expect(attempt).rejects.toThrow(/^cannot read the TLS certificate or key: ENOENT/);
  });
});
