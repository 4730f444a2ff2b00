/**
 * Whether a Next production build is older than the sources it is made from: the e2e global setup and the
 * standalone-image tests (deploy/testing/standalone.ts) each rebuild only when one of these changed.
 * scripts/start.mjs keeps its own copy of the rule: it is the container image's entrypoint and runs without
 * the rest of scripts/.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What a production build is made from, relative to the repository root. */
export const BUILD_SOURCES: readonly string[] = [
  'app',
  'components',
  'lib',
  'server',
  'public',
  'instrumentation.ts',
  'proxy.ts',
  'next.config.ts',
  'tsconfig.build.json',
  // tsconfig.build.json extends it: a change there changes the build too.
  'tsconfig.json',
  'package.json',
  'postcss.config.mjs',
];

/** Newest modification time under `entry` (0 when it does not exist), skipping tests, node_modules and dot entries: none of them is built. */
function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .reduce(
      (newest, name) =>
        name === 'node_modules' || name.startsWith('.')
          ? newest
          : Math.max(newest, newestMtime(path.join(entry, name))),
      0,
    );
}

/** True when `marker` (a file the build writes) is missing or not newer than every one of `sources` under `root`. */
export function isBuildStale(root: string, marker: string, sources: readonly string[] = BUILD_SOURCES): boolean {
  const builtAt = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  return builtAt <= Math.max(...sources.map((entry) => newestMtime(path.join(root, entry))));
}
