import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseSimArgs, simUsage } from './cli-args';
import { simKubeconfigYaml } from './kubeconfig-file';

const required = ['--scenario', 'no-prestop', '--kubeconfig-out', 'kc'];
const errorOf = (argv: string[]): string => {
  const parsed = parseSimArgs(argv);
  return parsed.kind === 'error' ? parsed.message : `no error: ${parsed.kind}`;
};

describe('parseSimArgs', () => {
  it('fills the defaults', () => {
    expect(parseSimArgs(required, () => 42)).toEqual({
      kind: 'run',
      options: {
        port: 6443,
        host: '127.0.0.1',
        scenario: 'no-prestop',
        speed: 1,
        seed: 42,
        replicas: undefined,
        token: undefined,
        tlsCertFile: undefined,
        tlsKeyFile: undefined,
        kubeconfigOut: 'kc',
        recordFile: undefined,
        truthOut: undefined,
        exitWhenDone: false,
        forbid: [],
      },
    });
  });

  it('reads every option', () => {
    const parsed = parseSimArgs([
      ...required,
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--speed',
      '2.5',
      '--seed',
      '7',
      '--replicas',
      '6',
      '--token',
      't',
      '--tls-cert',
      'c.pem',
      '--tls-key',
      'k.pem',
      '--record',
      'r',
      '--truth-out',
      't.json',
      '--exit-when-done',
      '--forbid',
      'endpointslices,events',
    ]);
    expect(parsed).toMatchObject({
      kind: 'run',
      options: {
        port: 0,
        host: '0.0.0.0',
        speed: 2.5,
        seed: 7,
        replicas: 6,
        token: 't',
        tlsCertFile: 'c.pem',
        tlsKeyFile: 'k.pem',
        recordFile: 'r',
        truthOut: 't.json',
        exitWhenDone: true,
        forbid: ['endpointslices', 'events'],
      },
    });
  });

  it('says clearly what is wrong', () => {
    expect(errorOf(['--kubeconfig-out', 'kc'])).toBe('--scenario is required');
    expect(errorOf(['--scenario', 'demo'])).toBe('--kubeconfig-out is required');
    expect(errorOf(['--scenario', 'nope', '--kubeconfig-out', 'kc'])).toMatch(
      /^unknown scenario "nope"; known scenarios: no-prestop, prestop-sleep, .*\bdemo\b/,
    );
    expect(errorOf([...required, '--port', '70000'])).toBe('--port must be an integer from 0 to 65535, got "70000"');
    expect(errorOf([...required, '--speed', '0'])).toBe('--speed must be a number above 0, got "0"');
    expect(errorOf([...required, '--forbid', 'pods,replicasets'])).toBe(
      '--forbid takes a comma-separated list of pods, events, endpointslices, deployments, got "replicasets"',
    );
    expect(errorOf([...required, '--speed', 'fast'])).toBe('--speed must be a number above 0, got "fast"');
    expect(errorOf([...required, '--replicas', '0'])).toBe('--replicas must be an integer from 1 to 10000, got "0"');
    expect(errorOf([...required, '--replicas', '10001'])).toBe(
      '--replicas must be an integer from 1 to 10000, got "10001"',
    );
    expect(errorOf([...required, '--tls-cert', 'c.pem'])).toBe('--tls-cert and --tls-key go together');
    expect(errorOf([...required, '--bogus'])).toContain("Unknown option '--bogus'");
    expect(errorOf([...required, 'extra'])).toContain("Unexpected argument 'extra'");
  });

  it('refuses an empty value for every option, with the drainscope commands\' parser (tried: --host=, --record=, --truth-out=, --kubeconfig-out "", --token=, --speed " ")', () => {
    // Each was taken as an empty string and the run went on with it.
    for (const option of [
      '--host',
      '--record',
      '--truth-out',
      '--token',
      '--port',
      '--seed',
      '--forbid',
      '--tls-cert',
      '--scenario',
    ]) {
      expect(errorOf([...required, `${option}=`]), option).toBe(
        `${option} needs a value, got an empty one ("${option}=")`,
      );
    }
    expect(errorOf(['--scenario', 'demo', '--kubeconfig-out', ''])).toBe(
      '--kubeconfig-out needs a value, got an empty one',
    );
    expect(errorOf([...required, '--speed', ' '])).toBe('--speed needs a value, got an empty one');
  });

  it('has a help text that lists every scenario', () => {
    expect(parseSimArgs(['--help'])).toEqual({ kind: 'help' });
    expect(simUsage()).toMatch(/^ {2}demo\s+\(runs forever\) /m);
    expect(simUsage()).toMatch(/^ {2}graceful-node-shutdown\s+Graceful node shutdown/m);
  });
});

describe('simKubeconfigYaml', () => {
  it('loads in client-node as context, cluster and user drainscope-sim, with the token and the scenario namespace', () => {
    const kc = new KubeConfig();
    kc.loadFromString(simKubeconfigYaml('http://127.0.0.1:6443', 'se:cr#et'));
    expect(kc.getCurrentContext()).toBe('drainscope-sim');
    expect(kc.getCurrentCluster()).toMatchObject({
      name: 'drainscope-sim',
      server: 'http://127.0.0.1:6443',
      skipTLSVerify: true,
    });
    expect(kc.getCurrentUser()).toMatchObject({ name: 'drainscope-sim', token: 'se:cr#et' });
    expect(kc.getContextObject('drainscope-sim')).toMatchObject({ namespace: 'shop' });
  });

  it('has a user without credentials when there is no token', () => {
    const kc = new KubeConfig();
    kc.loadFromString(simKubeconfigYaml('http://127.0.0.1:6443', null));
    expect(kc.getCurrentUser()?.token).toBeUndefined();
  });
});
