/**
 * A real Prometheus server for tests (Debian's package: ./install-prometheus.ts): a generated configuration that
 * scrapes one target on 127.0.0.1 at a short interval with a bearer token and loads a rules file, its own data
 * directory, a free port on 127.0.0.1, and a stop that ends the process it started (by pid) and removes its files.
 * Also the rule groups of deploy/prometheus/prometheusrule.yaml as the plain rules file promtool and Prometheus read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { dump, load } from 'js-yaml';
import { z } from 'zod';
import { PROMETHEUS, TEST_DIR_PREFIX } from './install-prometheus';

export const PROMETHEUS_RULE = path.resolve(__dirname, '../../../deploy/prometheus/prometheusrule.yaml');

const ruleSchema = z
  .object({ alert: z.string().optional(), record: z.string().optional(), expr: z.string() })
  .passthrough();
const groupSchema = z.object({ name: z.string(), rules: z.array(ruleSchema) }).passthrough();
const prometheusRuleSchema = z.object({
  kind: z.literal('PrometheusRule'),
  spec: z.object({ groups: z.array(groupSchema) }),
});

export type RuleGroup = z.infer<typeof groupSchema>;

/** The PrometheusRule's groups, as written in the manifest. */
export function ruleGroups(file = PROMETHEUS_RULE): RuleGroup[] {
  return prometheusRuleSchema.parse(load(fs.readFileSync(file, 'utf8'))).spec.groups;
}

export function alertExpr(name: string, file = PROMETHEUS_RULE): string {
  const rule = ruleGroups(file)
    .flatMap((group) => group.rules)
    .find((candidate) => candidate.alert === name);
  if (!rule) throw new Error(`${file} has no alert ${name}`);
  return rule.expr;
}

/** Writes the groups as a Prometheus rules file (`groups:` at the top, as promtool and --config rule_files read). */
export function writeRulesFile(dir: string, file = PROMETHEUS_RULE): string {
  const out = path.join(dir, 'drainscope.rules.yaml');
  fs.writeFileSync(out, dump({ groups: ruleGroups(file) }));
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface PrometheusOptions {
  /** The URL of the /metrics to scrape (host 127.0.0.1). */
  target: string;
  bearerToken: string;
  rulesFile: string;
  intervalSeconds?: number;
}

const vectorSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
  }),
});

export interface VectorSample {
  labels: Record<string, string>;
  value: number;
}

export interface RunningPrometheus {
  readonly url: string;
  /** An instant query through /api/v1/query. */
  query(expr: string): Promise<VectorSample[]>;
  /** Polls `query(expr)` until `done` holds, every 250 ms, at most `timeoutMs`; the error says what was last seen. */
  queryUntil(
    expr: string,
    what: string,
    done: (samples: VectorSample[]) => boolean,
    timeoutMs?: number,
  ): Promise<VectorSample[]>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const done = exited(child);
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(
    () => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'),
    10_000,
  );
  await done;
  clearTimeout(timer);
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`prometheus exited with ${child.exitCode} before it was ready:\n${log()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`prometheus was not ready within ${timeoutMs} ms:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startOnce(options: PrometheusOptions, dir: string): Promise<RunningPrometheus> {
  const port = await freePort();
  const interval = `${options.intervalSeconds ?? 1}s`;
  const target = new URL(options.target);
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    rule_files: [options.rulesFile],
    scrape_configs: [
      {
        job_name: 'drainscope',
        metrics_path: target.pathname,
        scheme: 'http',
        authorization: { type: 'Bearer', credentials: options.bearerToken },
        static_configs: [{ targets: [target.host] }],
      },
    ],
  };
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(configFile, dump(config));
  const data = path.join(dir, `data-${port}`);
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child, () => stderr, 60_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const query = async (expr: string): Promise<VectorSample[]> => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body: unknown = await response.json();
    const parsed = vectorSchema.safeParse(body);
    if (!parsed.success) throw new Error(`query ${expr} answered ${response.status}: ${JSON.stringify(body)}`);
    return parsed.data.data.result.map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
  };
  return {
    url,
    query,
    async queryUntil(expr, what, done, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const samples = await query(expr);
        if (done(samples)) return samples;
        if (Date.now() > deadline) {
          const targets = await (await fetch(`${url}/api/v1/targets`)).text();
          throw new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; ${expr} = ${JSON.stringify(samples)}; targets: ${targets.slice(0, 2000)}; prometheus log:\n${stderr}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    stop: () => stopChild(child),
  };
}

/** Starts Prometheus on a free 127.0.0.1 port (tried again on another if that one was taken meanwhile). */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), TEST_DIR_PREFIX));
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const running = await startOnce(options, dir);
      return {
        ...running,
        stop: async () => {
          await running.stop();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      if (!String(error).includes('address already in use')) break;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
