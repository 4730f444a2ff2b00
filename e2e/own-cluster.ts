/**
 * Specs that run drainscope against a simulator of their own (kubeconfig mode, as `npm start` with a cluster):
 * each test gets a temporary directory for the kubeconfig, and what it starts with `own` is killed after it.
 */
import { test as base } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const test = base.extend<{ tmp: string; own: (child: ChildProcess) => ChildProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature
  tmp: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-e2e-cluster-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature
  own: async ({}, use) => {
    const children: ChildProcess[] = [];
    await use((child) => {
      children.push(child);
      return child;
    });
    for (const child of children) child.kill('SIGKILL');
  },
});

export { expect } from '@playwright/test';
