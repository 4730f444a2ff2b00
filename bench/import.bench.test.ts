import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

describe('bench:import', () => {
  it('loads without starting a run, and writes a gzip bomb that inflates to the size asked for', async () => {
    const { writeBomb } = await import('./import.bench');
    const dir = await mkdtemp(join(tmpdir(), 'drainscope-bomb-'));
    try {
      const file = join(dir, 'bomb.gz');
      await writeBomb(file, 'first\n', 'x'.repeat(100), 2 * 1024 * 1024);
      const compressed = await readFile(file);
      const inflated = gunzipSync(compressed);
      expect(inflated.byteLength).toBeGreaterThanOrEqual(2 * 1024 * 1024);
      expect(inflated.subarray(0, 6).toString()).toBe('first\n');
      expect(compressed.byteLength).toBeLessThan(inflated.byteLength / 100);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
