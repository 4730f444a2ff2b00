import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm ci` refuses a lock file that lacks an entry for any platform's optional
// binary (next's @next/swc-*, rollup's, tailwind's oxide). npm leaves such an
// entry out when the registry it resolved against has no such version yet, and
// the lock still installs here (only linux-x64 is fetched), so the break shows
// only on a clean `npm ci`. This is the same check, without the network.

interface LockPackage {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockPackage>;
};

/** Node's resolution: the nearest node_modules/NAME walking up from the dependent's own folder. */
function resolveFrom(dependentPath: string, name: string): LockPackage | undefined {
  let dir = dependentPath;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock.packages[candidate]) return lock.packages[candidate];
    if (dir === '') return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  it('has an entry for every optional dependency of every locked package, so npm ci accepts it on a clean checkout', () => {
    const missing: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
        if (!resolveFrom(path, name)) missing.push(`${path || '(root)'} -> ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('resolution helper finds hoisted packages and reports absent ones (the check can fail)', () => {
    expect(resolveFrom('node_modules/next', 'react')).toBeDefined();
    expect(resolveFrom('node_modules/next', '@next/swc-nonexistent-platform')).toBeUndefined();
  });
});
