/**
 * The real `npm start` path: scripts/start.mjs (building first if .next is missing or stale), the Next server
 * with the live routes, the in-process simulator when there is no kubeconfig, and a graceful SIGTERM.
 * Slow when it has to build; everything else is bounded by generous timeouts, never asserted as tight timings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectSse } from '../server/sse/testing/sse-client';

const root = path.resolve(__dirname, '..');
let child: ChildProcess | undefined;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-home-'));

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(home, { recursive: true, force: true });
});

function startServer(): Promise<{ url: string; output: () => string }> {
  let output = '';
  // `-p` and `-H`: `next start`'s spellings, accepted as --port and --host.
  child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs'), '-p', '0', '-H', '127.0.0.1'], {
    cwd: root,
    // No kubeconfig, no service account: the simulator must start, and say so.
    env: {
      ...process.env,
      HOME: home,
      KUBECONFIG: '',
      DRAINSCOPE_SERVICEACCOUNT_DIR: path.join(home, 'none'),
      DRAINSCOPE_SIM_SPEED: '4',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 280_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], output: () => output });
      }
    };
    child?.stdout?.on('data', onData);
    child?.stderr?.on('data', onData);
    child?.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function poll(url: string, status: number, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url).catch(() => null);
    if (response?.status === status) return response;
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('npm start', () => {
  it('serves the simulated cluster when there is no kubeconfig, and exits 0 soon after SIGTERM, telling stream clients', async () => {
    const server = await startServer();
    const health = (await (await poll(`${server.url}/api/health`, 200, 30_000)).json()) as {
      mode: string;
      notice: string;
    };
    expect(health.mode).toBe('simulated');
    expect(server.output()).toContain('SIMULATED CLUSTER');
    // Served with the build's own config, as Next's standalone server.js does: no warning on a normal start.
    // Only what serving printed counts: a first start builds, and `next build` has advisories of its own (on a CI
    // machine, "No build cache found").
    const served = server.output().split('drainscope: build complete').at(-1) ?? '';
    expect(served).not.toContain('output: standalone');
    // Next prefixes every warning with ⚠.
    expect(served).not.toContain('⚠');
    await poll(`${server.url}/api/ready`, 200, 30_000);
    const page = await (await fetch(server.url)).text();
    expect(page).toContain('Simulated cluster');

    const stream = connectSse(`${server.url}/api/stream`);
    await stream.waitFor((events) => events.some((event) => event.event === 'snapshot'), 20_000);
    expect(stream.store.getSnapshot().hello?.mode).toBe('simulated');

    // A client that goes away frees its session on the real Next server too (request.signal / stream cancel).
    const leaving = connectSse(`${server.url}/api/stream`);
    await leaving.waitFor((events) => events.some((event) => event.event === 'snapshot'), 20_000);
    const clients = async () =>
      ((await (await fetch(`${server.url}/api/health`)).json()) as { clients: number }).clients;
    expect(await clients()).toBe(2);
    leaving.close();
    const deadline = Date.now() + 10_000;
    while ((await clients()) !== 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await clients()).toBe(1);

    const sentAt = Date.now();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child?.on('exit', (code, signal) => resolve({ code, signal })),
    );
    child?.kill('SIGTERM');
    const { code, signal } = await exited;
    const tookMs = Date.now() - sentAt;
    console.log(`drainscope exited ${tookMs} ms after SIGTERM`);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(25_000);
    await stream.ended;
    expect(stream.events.some((event) => event.event === 'shutdown')).toBe(true);
    expect(stream.store.getSnapshot().connection).toBe('shutdown');
  }, 330_000);
});

describe('npm start arguments', () => {
  it('refuses an empty flag value before building or serving anything (tried: --port=, -p "", --namespace "", --context " ")', async () => {
    for (const args of [['--port='], ['-p', ''], ['--namespace', ''], ['--context', ' ']]) {
      const run = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs'), ...args], {
        cwd: root,
        env: { ...process.env, HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      run.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
      // Should it accept the value after all, it would go on to build and serve: never leave that running.
      const guard = setTimeout(() => run.kill('SIGKILL'), 15_000);
      const code = await new Promise<number | null>((resolve) => run.on('exit', (exitCode) => resolve(exitCode)));
      clearTimeout(guard);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr).toContain(`drainscope: ${args[0]?.replace(/=$/, '')} needs a value, got an empty one`);
    }
  });

  it('--help lists every option, -p among them, and exits 0 without building or serving', async () => {
    const run = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs'), '--port', '4000', '--help'], {
      cwd: root,
      env: { ...process.env, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    run.stdout?.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    const guard = setTimeout(() => run.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => run.on('exit', (exitCode) => resolve(exitCode)));
    clearTimeout(guard);
    expect(code).toBe(0);
    for (const option of [
      '--port N, -p N',
      '--host ADDR, -H ADDR',
      '--namespace',
      '--context',
      '--selector SEL, -l SEL',
      '--watch-hang-seconds',
      '--simulate',
    ])
      expect(stdout).toContain(option);
    expect(stdout).not.toContain('serving on');
  });

  it('names the options it knows when given one it does not', async () => {
    const run = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs'), '--prot', '3001'], {
      cwd: root,
      env: { ...process.env, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    run.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const guard = setTimeout(() => run.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => run.on('exit', (exitCode) => resolve(exitCode)));
    clearTimeout(guard);
    expect(code).toBe(1);
    expect(stderr).toContain('drainscope: unknown option --prot (known: --port, -p, --host, -H,');
  });
});
