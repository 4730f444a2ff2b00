/** The CLI run in-process with its output captured, and a temporary directory per test file: for the CLI's tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { CliIo } from '../io';
import { main } from '../main';

export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Registers a directory made before the file's tests and removed after them; call at the top of a test file. */
export function tempDirForTests(prefix: string): () => string {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
