/**
 * The image as the Deployment runs it (deploy/testing/standalone.ts): the manifests' probe commands against the
 * running app, auth and security headers on every response, nothing written outside the writable mounts, and the
 * grace period checked against the measured SIGTERM-to-exit time.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHeaderLine, formatObservationLine } from '../lib/recording/writer';
import { deploymentSpec, mainContainer, render } from './testing/render';
import {
  assembleImage,
  DIST_DIR,
  ensureStandaloneBuild,
  fileStates,
  startImage,
  type RunningApp,
} from './testing/standalone';

const TOKEN = 'correct-horse-battery-staple';
const manifests = render('');
let app: string;
let home: string;
let running: RunningApp;
let port: number;
let before: Map<string, number>;
const seen: Response[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function get(pathname: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(`${running.url}${pathname}`, { headers, redirect: 'manual' });
  seen.push(response);
  return response;
}

/** A probe exactly as the kubelet runs it: the container's command, with the container's environment. */
function runProbe(command: string[]): Promise<number> {
  const [file = '', ...args] = command;
  return new Promise((resolve) => {
    const child = execFile(file === 'node' ? process.execPath : file, args, {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), NODE_ENV: 'production' },
      timeout: 10_000,
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

beforeAll(async () => {
  await ensureStandaloneBuild();
  app = assembleImage();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-image-home-'));
  port = await freePort();
  const writable = [path.join(app, DIST_DIR, 'cache')];
  before = fileStates(app, writable);
  running = await startImage(app, {
    // What the Deployment sets, plus a pod-like HOSTNAME that must not be used as the listen address.
    ...Object.fromEntries(
      (mainContainer(manifests).env ?? []).map((variable) => [variable.name, variable.value ?? '']),
    ),
    PORT: String(port),
    HOSTNAME: 'drainscope-5d8f7c9b6-x2x7q',
    HOME: home,
    DRAINSCOPE_DATA_DIR: path.join(home, 'data'),
    DRAINSCOPE_SIMULATE: '1',
    DRAINSCOPE_SIM_SPEED: '4',
    DRAINSCOPE_AUTH_TOKEN: TOKEN,
  });
}, 900_000);

afterAll(() => {
  if (running?.child.exitCode === null) running.child.kill('SIGKILL');
  if (app) fs.rmSync(app, { recursive: true, force: true });
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('the image, run as the Deployment runs it', () => {
  it('refuses to start with a malformed DRAINSCOPE_BASIC_AUTH (no colon), naming it, rather than answering every request with 500', async () => {
    // Next may open the port before its instrumentation hook has run: what matters is that the process exits 1.
    const outcome = await startImage(app, {
      PORT: String(await freePort()),
      HOME: home,
      DRAINSCOPE_SIMULATE: '1',
      DRAINSCOPE_STORE: 'off',
      DRAINSCOPE_BASIC_AUTH: 'admin-without-password',
    }).then(
      (started) =>
        new Promise<string>((resolve) => {
          const timer = setTimeout(
            () => (started.child.kill('SIGKILL'), resolve(`still running:\n${started.output()}`)),
            20_000,
          );
          started.child.once(
            'exit',
            (code) => (clearTimeout(timer), resolve(`exited with ${code}:\n${started.output()}`)),
          );
        }),
      (error: unknown) => String(error),
    );
    expect(outcome).toMatch(/exited with 1[\s\S]*DRAINSCOPE_BASIC_AUTH must be user:password; not starting/);
  });

  it('listens on 127.0.0.1 only, whatever HOSTNAME says', () => {
    expect(running.url).toBe(`http://127.0.0.1:${port}`);
  });

  it("answers the manifests' exec probes: startup (retried, like the kubelet), then liveness and readiness", async () => {
    const container = mainContainer(manifests);
    // The first request loads the routes, which on a busy machine can outlast one probe's 4 s: that is what the
    // startup probe's retries are for.
    const until = async (command: string[] | undefined, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      let code = await runProbe(command ?? []);
      while (code !== 0 && Date.now() < deadline) code = await runProbe(command ?? []);
      return code;
    };
    expect(await until(container.startupProbe?.exec?.command, 60_000)).toBe(0);
    expect(await runProbe(container.livenessProbe?.exec?.command ?? [])).toBe(0);
    expect(await until(container.readinessProbe?.exec?.command, 30_000)).toBe(0);
  }, 120_000);

  it('refuses pages, /api/stream, /api/timelines and other API paths without the token or with a wrong one', async () => {
    for (const pathname of ['/', '/api/stream', '/api/timelines', '/api/not-a-route']) {
      expect((await get(pathname)).status).toBe(401);
      expect((await get(pathname, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect(
        (await get(pathname, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` })).status,
      ).toBe(401);
    }
    expect(running.output()).not.toContain(TOKEN);
  });

  it('imports a recording over 10 MB whole (the proxy would cut the body there), and guards /api/import like every other path', async () => {
    // A valid recording of about 12 MB: one pod of the no-prestop fixture, modified again and again.
    const fixture = fs
      .readFileSync(path.join(__dirname, '..', 'fixtures', 'scenarios', '01-no-prestop.ndjson'), 'utf8')
      .split('\n');
    const podLine = fixture.find((line) => line.includes('"kind":"Pod"')) ?? '';
    const pod = (JSON.parse(podLine) as { object: unknown }).object;
    const start = Date.parse('2026-11-24T01:00:00Z');
    const lines = [formatHeaderLine({ startedAt: new Date(start).toISOString(), cluster: 'big-import', scope: null })];
    for (let index = 0; lines.join('\n').length < 12 * 1024 * 1024 && index < 100_000; index += 500) {
      for (let step = index; step < index + 500; step++)
        lines.push(formatObservationLine(start + step * 10, 'MODIFIED', pod));
    }
    const body = `${lines.join('\n')}\n`;
    expect(body.length).toBeGreaterThan(11 * 1024 * 1024);
    const post = (headers: Record<string, string>) =>
      fetch(`${running.url}/api/import?name=big.ndjson`, { method: 'POST', headers, body });
    const refused = await post({});
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-frame-options')).toBe('DENY');
    const imported = await post({ authorization: `Bearer ${TOKEN}` });
    expect(imported.status).toBe(201);
    expect(imported.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await imported.json()).toMatchObject({ lines: lines.length - 1, format: 'recording' });
  }, 120_000);

  it('keeps /api/health and /api/ready open', async () => {
    expect((await get('/api/health')).status).toBe(200);
    expect((await get('/api/ready')).status).toBe(200);
  });

  it('serves the page, the stream and the timelines with the right token', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const page = await get('/', auth);
    expect(page.status).toBe(200);
    const html = await page.text();
    // Next put the CSP nonce on its own scripts, so the strict policy does not block the app.
    const nonce = /'nonce-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce).toBeTruthy();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect((await get(chunk ?? '/missing', auth)).status).toBe(200);
    expect((await get('/api/timelines', auth)).status).toBe(200);
    const controller = new AbortController();
    const stream = await fetch(`${running.url}/api/stream`, { headers: auth, signal: controller.signal });
    seen.push(stream);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
  });

  it('trades ?token= for an HttpOnly cookie, so a browser (and its EventSource) can sign in', async () => {
    const redirect = await get(`/?token=${TOKEN}&view=table`);
    expect(redirect.status).toBe(303);
    // Next makes a same-origin Location relative; either way it is this page without the token.
    expect(new URL(redirect.headers.get('location') ?? '', running.url).href).toBe(`${running.url}/?view=table`);
    const cookie = (redirect.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(redirect.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await get('/api/timelines', { cookie })).status).toBe(200);
    expect((await get('/api/timelines', { cookie: 'drainscope_token=nope' })).status).toBe(401);
  });

  it("checkpoints the store's write-ahead log on a worker thread, which finds better-sqlite3 in the image's own node_modules", async () => {
    // The worker is started from a string (a file of its own would have to be found in the standalone output): what
    // it loads is resolved from the app's entry script. The demo's lines reached 100 commits (what asks for the
    // first checkpoint) in about 20 s here.
    const auth = { authorization: `Bearer ${TOKEN}` };
    const deadline = Date.now() + 150_000;
    let checkpoints = 0;
    while (checkpoints < 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const text = await (await get('/metrics', auth)).text();
      checkpoints = Number(/^drainscope_store_wal_checkpoints_total (\d+)$/m.exec(text)?.[1] ?? 0);
    }
    expect(running.output()).not.toMatch(/WAL checkpoints run on the main thread/);
    expect(checkpoints).toBeGreaterThanOrEqual(1);
  }, 180_000);

  it('sends the security headers on every response: 401s, probes, pages, API, static files, redirects', () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const response of seen) {
      const where = `${response.status} ${response.url}`;
      expect({ where, frame: response.headers.get('x-frame-options') }).toEqual({ where, frame: 'DENY' });
      expect({ where, sniff: response.headers.get('x-content-type-options') }).toEqual({ where, sniff: 'nosniff' });
      expect({ where, referrer: response.headers.get('referrer-policy') }).toEqual({ where, referrer: 'no-referrer' });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect({
        where,
        csp: /frame-ancestors 'none'/.test(csp) && !/unsafe-eval/.test(csp) && /script-src 'self' 'nonce-/.test(csp),
      }).toEqual({ where, csp: true });
    }
  });

  it('drains and exits 0 on SIGTERM well inside terminationGracePeriodSeconds minus preStop, writing nothing outside its writable mounts and the store under the data directory', async () => {
    // A dashboard is watching: its stream must be told, not cut.
    const stream = await fetch(`${running.url}/api/stream`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const streamed = stream.text();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      running.child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const sentAt = Date.now();
    running.child.kill('SIGTERM');
    const result = await exited;
    const shutdownSeconds = (Date.now() - sentAt) / 1000;
    const pod = deploymentSpec(manifests).template.spec;
    const preStop = mainContainer(manifests).lifecycle?.preStop?.sleep?.seconds ?? 0;
    console.log(
      `drainscope image: exit ${shutdownSeconds.toFixed(2)} s after SIGTERM; grace ${pod.terminationGracePeriodSeconds} s, preStop ${preStop} s`,
    );
    expect(result).toEqual({ code: 0, signal: null });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + shutdownSeconds);
    expect(running.output()).toMatch(/stopped in \d+ ms/);
    expect(await streamed.catch(() => '')).toContain('event: shutdown');
    const after = fileStates(app, [path.join(app, DIST_DIR, 'cache')]);
    const changed = [...after]
      .filter(([file, mtime]) => before.get(file) !== mtime)
      .map(([file]) => path.relative(app, file));
    expect(changed).toEqual([]);
    // The store (native better-sqlite3, traced into the standalone output) wrote where DRAINSCOPE_DATA_DIR says.
    expect(running.output()).not.toMatch(/recording store could not open/);
    expect(fs.readdirSync(path.join(home, 'data')).length).toBeGreaterThan(0);
  }, 40_000);
});
