/**
 * Debian's Chromium, for the e2e suite, the benchmarks and the README screenshot: Playwright's own browser download
 * needs the internet. No sandbox (the tests run as root), no GPU, and no background traffic: nothing may reach the
 * internet, and frames measure the page, not the browser's own updates.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  console.log('e2e: installing Debian chromium');
  // Waits for another apt (a second test run installing the same package) instead of failing on its lock.
  const install = 'apt-get -o DPkg::Lock::Timeout=600 install -y chromium';
  execSync(`(${install} || (apt-get -o DPkg::Lock::Timeout=600 update && ${install}))`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
