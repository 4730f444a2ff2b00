import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kubeConfigForServer, resolveKubeSource } from './kubeconfig';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-kube-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function writeKubeconfig(dir: string): string {
  const file = path.join(dir, 'config');
  const config = kubeConfigForServer('http://127.0.0.1:6443', { name: 'dev' });
  config.addContext({ name: 'prod', cluster: 'dev', user: 'dev' });
  fs.writeFileSync(file, config.exportConfig());
  return file;
}

describe('resolveKubeSource', () => {
  it('uses KUBECONFIG when it is set', () => {
    const file = writeKubeconfig(tempDir());
    const source = resolveKubeSource({ env: { KUBECONFIG: file }, homeDir: null });
    expect(source).toMatchObject({ kind: 'kubeconfig', context: 'dev', server: 'http://127.0.0.1:6443' });
  });

  it('falls back to ~/.kube/config', () => {
    const home = tempDir();
    fs.mkdirSync(path.join(home, '.kube'));
    fs.copyFileSync(writeKubeconfig(tempDir()), path.join(home, '.kube', 'config'));
    expect(resolveKubeSource({ env: {}, homeDir: home }).kind).toBe('kubeconfig');
  });

  it('switches to an explicit context, and names the available ones when it does not exist', () => {
    const file = writeKubeconfig(tempDir());
    expect(resolveKubeSource({ env: { KUBECONFIG: file }, homeDir: null, context: 'prod' })).toMatchObject({
      context: 'prod',
    });
    expect(() => resolveKubeSource({ env: { KUBECONFIG: file }, homeDir: null, context: 'staging' })).toThrow(
      '(it has: dev, prod)',
    );
  });

  it('uses the in-cluster service account from an overridable directory', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'token'), 'secret-token');
    fs.writeFileSync(path.join(dir, 'ca.crt'), 'not a real CA');
    fs.writeFileSync(path.join(dir, 'namespace'), 'drainscope\n');
    const source = resolveKubeSource({
      env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      homeDir: tempDir(),
      serviceAccountDir: dir,
    });
    expect(source).toMatchObject({ kind: 'in-cluster', server: 'https://10.96.0.1:443', namespace: 'drainscope' });
    if (source.kind !== 'in-cluster') throw new Error('expected in-cluster');
    expect(source.kubeConfig.getCurrentCluster()?.caFile).toBe(path.join(dir, 'ca.crt'));
  });

  it('reports none when there is no kubeconfig and no service account', () => {
    const source = resolveKubeSource({ env: {}, homeDir: tempDir(), serviceAccountDir: tempDir() });
    expect(source).toEqual({
      kind: 'none',
      reason: 'no kubeconfig (KUBECONFIG, ~/.kube/config) and no in-cluster service account',
    });
  });
});
