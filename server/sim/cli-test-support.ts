/**
 * Test support for the simulator's end-to-end tests (not used in production): a kubeconfig written the way
 * `npm run sim` writes it in a private directory (kubectl also gets its HOME and cache there), and a follower for
 * the output of a long-running child process.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSimKubeconfig } from './kubeconfig-file';

export interface TempKubeconfig {
  path: string;
  dir: string;
  dispose(): void;
}

export function tempSimKubeconfig(url: string, token: string | null): TempKubeconfig {
  const dir = mkdtempSync(join(tmpdir(), 'drainscope-sim-'));
  const path = join(dir, 'config');
  writeSimKubeconfig(path, url, token);
  return { path, dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface FollowedProcess {
  child: ChildProcess;
  lines: string[];
  stderr(): string;
  exited: Promise<number | null>;
  /** The child exited and its output pipes closed: grandchildren holding them are gone too. */
  closed: Promise<void>;
}

/** Collects a child's non-empty stdout lines and its stderr; `exited` resolves with its exit code. */
export function follow(child: ChildProcess): FollowedProcess {
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line.trim() !== ''));
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { child, lines, stderr: () => stderr, exited, closed };
}
