/** `drainscope analyze` reads what POST /api/import reads: kubectl watch output too, and says so. */
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, tempDirForTests } from './testing/run-cli';

const FIXTURE = join(import.meta.dirname, '../../fixtures/scenarios/02-prestop-sleep.ndjson');

const run = runCli;

/** The recording's objects as three kubectl watches print them (-o json: pretty, 4 spaces), one per kind. */
async function kubectlStreams(): Promise<Record<string, string>> {
  const streams: Record<string, string> = {};
  const lines = (await readFile(FIXTURE, 'utf8')).trim().split('\n').slice(1);
  for (const line of lines) {
    const { type, object } = JSON.parse(line) as { type: string; object: { kind: string } };
    if (type === 'WATCH') continue;
    streams[object.kind] = (streams[object.kind] ?? '') + `${JSON.stringify({ type, object }, null, 4)}\n`;
  }
  return streams;
}

const tempDir = tempDirForTests('drainscope-cli-input-');

describe('drainscope analyze of kubectl watch output', () => {
  it('reads concatenated watches in any order, plain or gzip, to the same analysis, and names what it read', async () => {
    const { Pod = '', EndpointSlice = '', Event = '' } = await kubectlStreams();
    expect(Pod && EndpointSlice && Event).not.toBe('');
    const podsFirst = join(tempDir(), 'pods-first.json');
    const slicesFirst = join(tempDir(), 'slices-first.json.gz');
    await writeFile(podsFirst, Pod + EndpointSlice + Event);
    await writeFile(slicesFirst, gzipSync(EndpointSlice + Event + Pod));
    // A file's modification time bounds the end of its capture: the same for both, so the bounds are the same.
    const captured = new Date('2026-11-24T05:00:00.000Z');
    await utimes(podsFirst, captured, captured);
    await utimes(slicesFirst, captured, captured);
    const a = await run('analyze', podsFirst, '--json');
    const b = await run('analyze', slicesFirst, '--json');
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(
      /^drainscope: .*pods-first\.json: read as kubectl watch output \(no receipt times: .*\)\n$/,
    );
    expect(b).toMatchObject({ code: 0, stdout: a.stdout });
    const analysis = JSON.parse(a.stdout) as { pods: { markers: { kind: string }[] }[] };
    expect(analysis.pods.flatMap((pod) => pod.markers.map((marker) => marker.kind))).toContain('deleteRequested');
  });

  it('refuses a file that is neither, with the reader’s message', async () => {
    const neither = join(tempDir(), 'neither.txt');
    await writeFile(neither, 'error: you may only specify a single resource type\n');
    const { code, stderr } = await run('analyze', neither);
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 1: /);
  });
});
