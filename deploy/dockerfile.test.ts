/** No Docker engine runs here: the Dockerfile is held to its conventions by reading it. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  from: string;
  name: string | null;
  instructions: Instruction[];
}

const root = path.resolve(__dirname, '..');

/** Joins `\` continuations, drops comments, splits at FROM. */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword = '', args = ''] = line.split(/\s+(.*)/s, 2);
    if (keyword.toUpperCase() === 'FROM') {
      const [, image = '', name = null] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ from: image, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const final = stages.at(-1) as Stage;
const finalOf = (keyword: string) =>
  final.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);

describe('Dockerfile', () => {
  it('is multi-stage, every stage on node:20 slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:20(\.[\d.]+)?-(bookworm-)?slim$/);
  });

  it('runs as the non-root uid 10001', () => {
    expect(finalOf('USER')).toEqual(['10001:10001']);
  });

  it('ships the standalone output, its static files and public/, copied from the build stage', () => {
    const copies = finalOf('COPY');
    const build = stages.find((stage) =>
      stage.instructions.some((instruction) => /next\/dist\/bin\/next build|npm run build/.test(instruction.args)),
    );
    expect(build?.name).toBeTruthy();
    expect(copies).toEqual(
      expect.arrayContaining([
        `--from=${build?.name} /src/.next/standalone ./`,
        `--from=${build?.name} /src/.next/static ./.next/static`,
        `--from=${build?.name} /src/public ./public`,
        `--from=${build?.name} /src/scripts/start.mjs ./scripts/start.mjs`,
      ]),
    );
    expect(fs.readFileSync(path.join(root, 'next.config.ts'), 'utf8')).toMatch(/output: 'standalone'/);
  });

  it('installs nothing in the final stage: no npm install or ci, so no dev dependencies', () => {
    for (const run of finalOf('RUN')) expect(run).not.toMatch(/\b(npm|yarn|pnpm)\b/);
  });

  it('defaults to loopback, no telemetry, the store under /data, and never builds at start', () => {
    const env = finalOf('ENV').join(' ');
    for (const setting of [
      'NEXT_TELEMETRY_DISABLED=1',
      'HOSTNAME=127.0.0.1',
      'DRAINSCOPE_HOST=127.0.0.1',
      'DRAINSCOPE_DATA_DIR=/data',
      'DRAINSCOPE_PREBUILT=1',
      'NODE_ENV=production',
    ]) {
      expect(env).toContain(setting);
    }
  });

  it('exposes the port and starts scripts/start.mjs as PID 1 (exec form), so SIGTERM reaches the drain', () => {
    expect(finalOf('EXPOSE')).toEqual(['3000']);
    expect(finalOf('ENTRYPOINT')).toEqual(['["node", "scripts/start.mjs"]']);
    expect(finalOf('CMD')).toEqual([]);
  });

  it('keeps local builds, dependencies and secrets out of the build context', () => {
    const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.next', '.git', '.env*', 'test-results']));
  });
});
