/** `npm run sim` arguments: parsed and checked here, so every mistake gets one clear line before anything starts. */
import { SCENARIOS } from './scenarios';
import { unknownScenarioMessage } from './start';
import { parseCliArgs } from '../cli/args';

export interface SimCommandOptions {
  port: number;
  host: string;
  scenario: string;
  speed: number;
  seed: number;
  replicas: number | undefined;
  token: string | undefined;
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  kubeconfigOut: string;
  recordFile: string | undefined;
  truthOut: string | undefined;
  exitWhenDone: boolean;
  /** Resources whose reads answer 403, as for a service account missing that permission. */
  forbid: string[];
}

/** Enough for the live-path benchmark's 10,000-pod rollout (bench/live-path.bench.ts). */
export const MAX_REPLICAS = 10_000;

const FORBIDDABLE = ['pods', 'events', 'endpointslices', 'deployments'];

export type ParsedSimArgs =
  | { kind: 'run'; options: SimCommandOptions }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export function simUsage(): string {
  const scenarios = SCENARIOS.map((s) => `  ${s.name.padEnd(24)}${s.finite ? '' : '(runs forever) '}${s.summary}`);
  return [
    'usage: npm run sim -- --scenario NAME --kubeconfig-out FILE [options]',
    '',
    'Serves a simulated Kubernetes cluster running NAME over the Kubernetes API, in real time.',
    '',
    '  --port N              port to listen on (default 6443; 0 picks a free one)',
    '  --host ADDR           address to listen on (default 127.0.0.1)',
    '  --speed X             simulated time runs X times faster than real time (default 1)',
    '  --seed N              seed of the run (default: random, printed at start)',
    '  --replicas N          replicas of the main Deployment, where the scenario scales it',
    '  --token T             require `Authorization: Bearer T` (kubectl sends it only over TLS: add --tls-cert/--tls-key)',
    '  --tls-cert FILE       serve HTTPS with this PEM certificate (with --tls-key)',
    "  --tls-key FILE        the certificate's PEM private key",
    '  --kubeconfig-out FILE write a kubeconfig for the simulator here (context drainscope-sim)',
    '  --record FILE         write the recording the simulator produces (NDJSON, as it happens)',
    '  --truth-out FILE      write the ground truth (when a finite scenario completes, and on exit)',
    '  --exit-when-done      exit once a finite scenario has completed',
    '  --forbid LIST         refuse reads of these resources with 403 Forbidden, as RBAC would (pods,events,endpointslices,deployments);',
    '                        POST /_sim/faults/allow?resource=R grants one again',
    '',
    'Scenarios:',
    ...scenarios,
    '',
  ].join('\n');
}

function integer(raw: string | undefined, name: string, fallback: number, min: number, max: number): number | string {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    return `--${name} must be an integer from ${min} to ${max}, got "${raw}"`;
  return Number(raw);
}

export function parseSimArgs(argv: string[], randomSeed: () => number = () => Date.now() % 1_000_000): ParsedSimArgs {
  let values;
  try {
    // The drainscope commands' parser: strict, and an empty value (--host=, --record=) is refused for every option.
    ({ values } = parseCliArgs({
      args: argv,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        scenario: { type: 'string' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        replicas: { type: 'string' },
        token: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'kubeconfig-out': { type: 'string' },
        record: { type: 'string' },
        'truth-out': { type: 'string' },
        'exit-when-done': { type: 'boolean' },
        forbid: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const fail = (message: string): ParsedSimArgs => ({ kind: 'error', message });
  if (values.scenario === undefined) return fail('--scenario is required');
  if (!SCENARIOS.some((s) => s.name === values.scenario)) return fail(unknownScenarioMessage(values.scenario));
  if (values['kubeconfig-out'] === undefined) return fail('--kubeconfig-out is required');
  const port = integer(values.port, 'port', 6443, 0, 65535);
  if (typeof port === 'string') return fail(port);
  const seed = integer(values.seed, 'seed', randomSeed(), 0, Number.MAX_SAFE_INTEGER);
  if (typeof seed === 'string') return fail(seed);
  const replicas = values.replicas === undefined ? undefined : integer(values.replicas, 'replicas', 0, 1, MAX_REPLICAS);
  if (typeof replicas === 'string') return fail(replicas);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0 || values.speed?.trim() === '')
    return fail(`--speed must be a number above 0, got "${values.speed}"`);
  if (values.token === '') return fail('--token must not be empty');
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
    return fail('--tls-cert and --tls-key go together');
  const forbid = values.forbid === undefined ? [] : values.forbid.split(',').map((item) => item.trim());
  const unknown = forbid.find((item) => !FORBIDDABLE.includes(item));
  if (unknown !== undefined)
    return fail(`--forbid takes a comma-separated list of ${FORBIDDABLE.join(', ')}, got "${unknown}"`);
  return {
    kind: 'run',
    options: {
      port,
      host: values.host ?? '127.0.0.1',
      scenario: values.scenario,
      speed,
      seed,
      replicas,
      token: values.token,
      tlsCertFile: values['tls-cert'],
      tlsKeyFile: values['tls-key'],
      kubeconfigOut: values['kubeconfig-out'],
      recordFile: values.record,
      truthOut: values['truth-out'],
      exitWhenDone: values['exit-when-done'] ?? false,
      forbid,
    },
  };
}
