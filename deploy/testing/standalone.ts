/**
 * The container image without Docker: Next's standalone output assembled in a temporary directory exactly as the
 * Dockerfile's final stage copies it, started with the image's entrypoint (scripts/start.mjs). The build lives in
 * its own directory (git-ignored test-results/) so it never disturbs .next or the e2e build, and is redone only
 * when the sources changed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isBuildStale } from '../../scripts/build-staleness';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST_DIR = 'test-results/deploy-build';

/** Async: a synchronous build would block the test worker for minutes and time out its link to vitest. */
export async function ensureStandaloneBuild(): Promise<void> {
  if (!isBuildStale(ROOT, path.join(ROOT, DIST_DIR, 'standalone', 'server.js'))) return;
  const build = spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DRAINSCOPE_NEXT_DIST_DIR: DIST_DIR },
  });
  const code = await new Promise<number | null>((resolve) => build.on('exit', resolve));
  if (code !== 0) throw new Error('next build (standalone) failed');
}

/** The Dockerfile's COPY lines, into a fresh directory; returns it. */
export function assembleImage(): string {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-image-'));
  const dist = path.join(ROOT, DIST_DIR);
  fs.cpSync(path.join(dist, 'standalone'), app, { recursive: true, verbatimSymlinks: true });
  fs.cpSync(path.join(dist, 'static'), path.join(app, DIST_DIR, 'static'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'public'), path.join(app, 'public'), { recursive: true });
  fs.mkdirSync(path.join(app, 'scripts'));
  fs.copyFileSync(path.join(ROOT, 'scripts', 'start.mjs'), path.join(app, 'scripts', 'start.mjs'));
  return app;
}

/** Every file under `dir` with its mtime, to show the app wrote nothing outside its writable mounts. */
export function fileStates(dir: string, skip: string[]): Map<string, number> {
  const states = new Map<string, number>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (skip.some((prefix) => full.startsWith(prefix))) continue;
      if (entry.isDirectory()) walk(full);
      else states.set(full, fs.lstatSync(full).mtimeMs);
    }
  };
  walk(dir);
  return states;
}

export interface RunningApp {
  url: string;
  child: ChildProcess;
  output: () => string;
}

export function startImage(app: string, env: Record<string, string>): Promise<RunningApp> {
  let output = '';
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: app,
    // The image's ENV lines, then the pod's; nothing from the developer's shell (no kubeconfig).
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DRAINSCOPE_PREBUILT: '1',
      DRAINSCOPE_NEXT_DIST_DIR: DIST_DIR,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the image did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the image exited with ${code}:\n${output}`)));
  });
}
