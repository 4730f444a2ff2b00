#!/usr/bin/env node
// `npm start`: builds the app when .next is missing or older than the sources, then serves it on PORT (3000)
// with Next's custom-server API, in this process, so that this script owns SIGTERM: stop accepting connections,
// let the live pipeline drain (SSE clients get a `shutdown` event, watches stop), then exit 0 well inside
// Kubernetes' default 30 s grace period.
//
//   npm start -- [--port N | -p N] [--host ADDR | -H ADDR] [--namespace NS[,NS]] [--context NAME]
//                [--selector SEL | -l SEL] [--watch-hang-seconds S] [--simulate] [--help]
//
// The app is built with `output: 'standalone'` (the container image ships .next/standalone, see Dockerfile), so it
// is served the way Next's generated standalone server.js serves it, in the source tree too: with the build's
// resolved config (required-server-files.json) instead of re-reading next.config.ts. Loading next.config.ts
// with a standalone build is what Next warns about on every start ("next start" does not work with "output:
// standalone"); the build's own config is also exactly what was built, not today's edit of the file.
//
// Flags become the environment variables server/live/config.ts reads (PORT, DRAINSCOPE_HOST,
// DRAINSCOPE_NAMESPACES, DRAINSCOPE_CONTEXT, DRAINSCOPE_LABEL_SELECTOR, DRAINSCOPE_WATCH_HANG_SECONDS,
// DRAINSCOPE_SIMULATE). README.md lists them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SOURCE_ENTRIES = [
  'app',
  'components',
  'lib',
  'server',
  'public',
  'instrumentation.ts',
  'proxy.ts',
  'next.config.ts',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'postcss.config.mjs',
];
const SHUTDOWN_DEADLINE_MS = 25_000;

process.env.NEXT_TELEMETRY_DISABLED = '1';

// `-p` and `-H` are `next start`'s own spellings, which people try first.
const FLAGS = {
  '--port': 'PORT',
  '-p': 'PORT',
  '--host': 'DRAINSCOPE_HOST',
  '-H': 'DRAINSCOPE_HOST',
  '--namespace': 'DRAINSCOPE_NAMESPACES',
  '--namespaces': 'DRAINSCOPE_NAMESPACES',
  '--context': 'DRAINSCOPE_CONTEXT',
  '--selector': 'DRAINSCOPE_LABEL_SELECTOR',
  '-l': 'DRAINSCOPE_LABEL_SELECTOR',
  '--watch-hang-seconds': 'DRAINSCOPE_WATCH_HANG_SECONDS',
};

const USAGE = `usage: npm start -- [options]

  --port N, -p N              port to listen on (PORT; default 3000)
  --host ADDR, -H ADDR        address to listen on (DRAINSCOPE_HOST; default 127.0.0.1)
  --namespace NS[,NS]         watch only these namespaces, repeatable (DRAINSCOPE_NAMESPACES; default all)
  --context NAME              kubeconfig context (DRAINSCOPE_CONTEXT; default the current one)
  --selector SEL, -l SEL      label selector for pods (DRAINSCOPE_LABEL_SELECTOR)
  --watch-hang-seconds S      silence after which a watch is taken as hung (DRAINSCOPE_WATCH_HANG_SECONDS; 120)
  --simulate                  run the built-in simulated cluster even when a kubeconfig exists (DRAINSCOPE_SIMULATE=1)
  --help, -h                  print this and exit`;

function applyFlags(argv) {
  const namespaces = [];
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (flag === '--simulate') {
      process.env.DRAINSCOPE_SIMULATE = '1';
      continue;
    }
    const variable = FLAGS[flag];
    if (!variable)
      throw new Error(`unknown option ${argv[i]} (known: ${Object.keys(FLAGS).join(', ')}, --simulate, --help)`);
    const value = inline ?? argv[++i];
    // An empty value (`--port=`, `--namespace ""`) is refused like a missing one: read on, it meant a default.
    if (value === undefined || value.trim() === '')
      throw new Error(`${flag} needs a value${value === undefined ? '' : ', got an empty one'}`);
    if (variable === 'DRAINSCOPE_NAMESPACES') namespaces.push(value);
    else process.env[variable] = value;
  }
  if (namespaces.length > 0) process.env.DRAINSCOPE_NAMESPACES = namespaces.join(',');
}

/** Newest modification time under `entry`, skipping tests (they are not part of the build). */
function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return /\.test\.[cm]?[jt]sx?$/.test(entry) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

/**
 * Written after a build that exited 0. BUILD_ID alone is not proof: an interrupted or failed build can leave it
 * behind next to a half-written .next.
 */
const BUILD_MARKER = path.join(root, '.next', 'drainscope-build-complete');

/**
 * The container image (Dockerfile) holds Next's standalone output: no sources, no next.config.ts, a traced
 * node_modules without the build tools. Nothing is ever built there. DRAINSCOPE_PREBUILT=1 also skips the build
 * check.
 */
function isStandaloneImage() {
  return !fs.existsSync(path.join(root, 'next.config.ts'));
}

/**
 * The build's resolved config, as the server.js Next generates for `output: 'standalone'` reads it; null when
 * there is no build to read it from (then Next loads next.config.ts itself, and warns).
 */
function builtConfig() {
  const distDir = process.env.DRAINSCOPE_NEXT_DIST_DIR || '.next';
  const file = path.join(root, distDir, 'required-server-files.json');
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')).config;
}

function buildIfNeeded() {
  if (process.env.DRAINSCOPE_PREBUILT === '1') return;
  const complete = fs.existsSync(BUILD_MARKER) && fs.existsSync(path.join(root, '.next', 'BUILD_ID'));
  const builtAt = complete ? fs.statSync(BUILD_MARKER).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCE_ENTRIES.map((entry) => newestMtime(path.join(root, entry))));
  if (builtAt > sourcesAt) return;
  console.log(
    builtAt
      ? 'drainscope: sources changed since the last build; building'
      : 'drainscope: no complete build yet; building',
  );
  const result = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status !== 0) {
    console.error('drainscope: next build failed');
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(BUILD_MARKER, `${new Date().toISOString()}\n`);
  console.log('drainscope: build complete');
}

async function serve() {
  const port = Number(process.env.PORT || 3000);
  const host = process.env.DRAINSCOPE_HOST || process.env.HOSTNAME || '127.0.0.1';
  const built = builtConfig();
  if (built) {
    // What Next's generated standalone server.js does before loading Next: the config must not be re-read.
    process.env.NODE_ENV = 'production';
    process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(built);
    process.chdir(root);
  }
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: root, hostname: host, port, ...(built ? { conf: built } : {}) });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((request, response) => handle(request, response));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: actualPort } = server.address();
  console.log(`drainscope: serving on http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`);
  // Safe by default means loopback; anyone who widens it without credentials should hear about it.
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  if (!loopback && !process.env.DRAINSCOPE_AUTH_TOKEN && !process.env.DRAINSCOPE_BASIC_AUTH) {
    console.warn(
      `drainscope: WARNING: listening on ${host} without DRAINSCOPE_AUTH_TOKEN or DRAINSCOPE_BASIC_AUTH: anyone who can reach this port sees every pod it watches`,
    );
  }

  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    console.log(`drainscope: ${signal}: draining`);
    const deadline = setTimeout(() => {
      console.error('drainscope: shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server.close();
    const live = globalThis[Symbol.for('drainscope.live')];
    try {
      await live?.drain();
    } catch (error) {
      console.error(`drainscope: drain failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    server.closeAllConnections();
    await app.close?.().catch(() => undefined);
    console.log(`drainscope: stopped in ${Date.now() - started} ms`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

try {
  applyFlags(process.argv.slice(2));
  if (!isStandaloneImage()) buildIfNeeded();
  await serve();
} catch (error) {
  console.error(`drainscope: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
