import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBuildStale } from './build-staleness';

let root: string;
const marker = () => path.join(root, 'dist', 'BUILD_ID');

/** Writes `file` under root with an mtime `seconds` from a fixed instant, so no test depends on the clock's resolution. */
function write(file: string, seconds: number): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, '');
  const at = new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
  fs.utimesSync(full, at, at);
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-staleness-'));
  write('lib/a.ts', 0);
  write('package.json', 0);
  write('dist/BUILD_ID', 10);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('isBuildStale', () => {
  it('is fresh while the build is newer than every source, and stale once a source is newer', () => {
    expect(isBuildStale(root, marker())).toBe(false);
    write('lib/deep/b.ts', 20);
    expect(isBuildStale(root, marker())).toBe(true);
  });

  it('counts tsconfig.json, which the build config extends', () => {
    write('tsconfig.json', 20);
    expect(isBuildStale(root, marker())).toBe(true);
  });

  it('is stale with no build at all, and when a source is as new as the build', () => {
    expect(isBuildStale(root, path.join(root, 'dist', 'missing'))).toBe(true);
    write('package.json', 10);
    expect(isBuildStale(root, marker())).toBe(true);
  });

  it('ignores what is not built: tests, node_modules, dot entries, and sources outside the list', () => {
    write('lib/a.test.ts', 20);
    write('components/View.test.tsx', 20);
    write('server/node_modules/x/index.js', 20);
    write('app/.cache/x', 20);
    write('e2e/x.spec.ts', 20);
    expect(isBuildStale(root, marker())).toBe(false);
  });

  it('counts only the sources it is given', () => {
    write('vitest.config.ts', 20);
    expect(isBuildStale(root, marker())).toBe(false);
    expect(isBuildStale(root, marker(), ['lib', 'vitest.config.ts'])).toBe(true);
  });
});
