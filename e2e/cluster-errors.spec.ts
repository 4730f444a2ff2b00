/**
 * The two ways a cluster can leave the page empty, against the real app in kubeconfig mode (not the built-in
 * simulator): a service account without a permission (the simulated API server, run as `npm run sim` would, refuses
 * endpointslices with kube-apiserver's 403), and an API server nobody answers at. Each must say what is wrong and
 * what to do, and the first must recover on its own once the permission is granted.
 */
import type { Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { screenshot } from './helpers';
import { expect, test } from './own-cluster';
import { startAgainstKubeconfig, startSimulatorProcess, waitForHealth } from './servers';

const RBAC_PORT = 3310;
const UNREACHABLE_PORT = 3311;

async function openAgainstKubeconfig(
  page: Page,
  own: (child: ChildProcess) => ChildProcess,
  kubeconfig: string,
  port: number,
): Promise<void> {
  own(startAgainstKubeconfig(kubeconfig, port));
  await waitForHealth(port);
  await page.goto(`http://127.0.0.1:${port}/`);
}

test('a missing RBAC permission is named on the page, and the page recovers by itself once it is granted', async ({
  page,
  tmp,
  own,
}) => {
  const kubeconfig = path.join(tmp, 'kubeconfig');
  const sim = await startSimulatorProcess([
    '--scenario',
    'no-prestop',
    '--port',
    '0',
    '--seed',
    '42',
    '--kubeconfig-out',
    kubeconfig,
    '--forbid',
    'endpointslices',
  ]);
  own(sim.child);
  await openAgainstKubeconfig(page, own, kubeconfig, RBAC_PORT);

  const rbac = page.getByTestId('rbac-error');
  await expect(rbac).toBeVisible();
  // Which permission, on which resource and API group: what a person needs to write the Role.
  await expect(rbac).toContainText('cannot list endpointslices at cluster scope');
  await expect(rbac).toContainText('grant get, list, watch on endpointslices (apiGroup discovery.k8s.io)');
  // The stream from drainscope is live; the badge beside it says which resource the cluster is not giving.
  await expect(page.getByTestId('watch-badge')).toHaveText('Not receiving: endpointslices');
  // Pods are still allowed, so their lanes show under the banner rather than being hidden by it. The scenario
  // runs on in real time: by now it may have deleted a pod and its ReplicaSet made a third, so at least the two
  // it started with (an exact count failed on a loaded machine where the page opened after the replacement).
  await expect.poll(() => page.getByTestId('lane').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await screenshot(page, 'cluster-rbac-forbidden');

  const granted = await fetch(`${sim.url}/_sim/faults/allow?resource=endpointslices`, { method: 'POST' });
  expect(granted.status).toBe(200);
  // No reload: the watch's retry succeeds and its connected state replaces the refusal.
  await expect(rbac).toBeHidden({ timeout: 45_000 });
  await expect.poll(() => page.getByTestId('lane').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('watch-badge')).toBeHidden();
});

test('an API server that does not answer is shown as such, with the reason and what to check', async ({
  page,
  tmp,
  own,
}) => {
  // Port 9 (discard) on loopback: nothing listens there, so every connection is refused.
  const kubeconfig = path.join(tmp, 'kubeconfig');
  fs.writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: gone',
      '  cluster:',
      '    server: https://127.0.0.1:9',
      'users:',
      '- name: gone',
      '  user: {}',
      'contexts:',
      '- name: gone',
      '  context:',
      '    cluster: gone',
      '    user: gone',
      'current-context: gone',
      '',
    ].join('\n'),
  );
  await openAgainstKubeconfig(page, own, kubeconfig, UNREACHABLE_PORT);

  const unreachable = page.getByTestId('cluster-unreachable');
  await expect(unreachable).toBeVisible();
  await expect(unreachable).toContainText('ECONNREFUSED');
  await expect(unreachable).toContainText('kubectl config current-context');
  await expect(page.getByTestId('watch-badge')).toHaveText('Not receiving: pods, events, endpointslices');
  // The page's own server is fine: this is not the "drainscope API unreachable" state.
  await expect(page.getByTestId('api-unreachable')).toHaveCount(0);
  await screenshot(page, 'cluster-unreachable');
});
