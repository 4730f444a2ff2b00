/** Runs the real kubectl (/usr/bin/kubectl) against a plain-HTTP simulator, for integration tests. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface KubectlConfig {
  path: string;
  dispose(): void;
}

export function writeKubectlConfig(server: string, namespace = 'shop'): KubectlConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-kubectl-'));
  const file = path.join(dir, 'config');
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: sim',
    '  cluster:',
    `    server: ${server}`,
    'users:',
    '- name: sim',
    '  user: {}',
    'contexts:',
    '- name: sim',
    '  context:',
    '    cluster: sim',
    '    user: sim',
    `    namespace: ${namespace}`,
    'current-context: sim',
    '',
  ].join('\n');
  fs.writeFileSync(file, yaml);
  return { path: file, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function kubectl(
  config: KubectlConfig,
  args: string[],
  timeoutMs = 15_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/kubectl',
      ['--kubeconfig', config.path, ...args],
      { timeout: timeoutMs, env: { ...process.env, KUBECONFIG: config.path } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
