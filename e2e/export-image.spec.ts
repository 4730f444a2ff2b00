import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { deletedLane, openDashboard } from './helpers';
import { baseUrl, ROOT } from './servers';

/** The exported files, kept for a person to look at. */
const EXPORTS = path.join(ROOT, 'test-results', 'exports');
const SCENARIO_DONE_MS = 70_000;
const HOSTILE = '<img src=x onerror=window.__pwned=1>';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Exported {
  name: string;
  bytes: Buffer;
}

/** Presses an export button from the keyboard (it must be reachable there) and keeps the download. */
async function exportAs(page: Page, format: 'png' | 'svg', prefix: string): Promise<Exported> {
  const button = page.getByRole('button', { name: `Export ${format.toUpperCase()} image` });
  await button.focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const name = download.suggestedFilename();
  const file = path.join(EXPORTS, `${prefix}-${name}`);
  await download.saveAs(file);
  return { name, bytes: fs.readFileSync(file) };
}

/** The SVG as Chromium parses it: parse errors, the lanes' names, gap bands, and whether it loads as an image. */
async function inspectSvg(page: Page, svg: string) {
  return page.evaluate(async (source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const url = URL.createObjectURL(new Blob([source], { type: 'image/svg+xml' }));
    const image = new Image();
    image.src = url;
    const loaded = await image.decode().then(
      () => image.naturalWidth,
      () => 0,
    );
    URL.revokeObjectURL(url);
    return {
      parseError: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      laneTitles: [...doc.querySelectorAll('g.lane-header > title')].map((title) => title.textContent ?? ''),
      gapBands: [...doc.querySelectorAll('g.lanes g.gap-band')].map((band) => band.getAttribute('data-severity')),
      scripts: doc.querySelectorAll('script, foreignObject').length,
      width: Number(doc.documentElement.getAttribute('width')),
      height: Number(doc.documentElement.getAttribute('height')),
      imageWidth: loaded,
    };
  }, svg);
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test.beforeAll(() => fs.mkdirSync(EXPORTS, { recursive: true }));

test('no-prestop: Export SVG and PNG draw every lane and the gap band; the SVG is well-formed', async ({ page }) => {
  await openDashboard(page, baseUrl('no-prestop'));
  const lane = deletedLane(page);
  await expect(lane).toHaveAttribute('data-markers', /podDeleted/, { timeout: SCENARIO_DONE_MS });
  await expect(lane).toHaveAttribute('data-gaps', /shortPropagationBuffer|exitWhileRouted/);
  await expect(page.getByRole('link', { name: 'History' })).toHaveAttribute('href', '/history');
  // Fit: the whole termination in the span, whenever the server's scenario ran.
  await page.getByRole('button', { name: 'Fit' }).click();
  const podNames = await page
    .locator('[data-testid=lane]')
    .evaluateAll((lanes) => lanes.map((l) => l.getAttribute('data-pod') ?? ''));
  expect(podNames.length).toBeGreaterThan(1);

  const svgFile = await exportAs(page, 'svg', 'no-prestop');
  expect(svgFile.name).toMatch(/^drainscope-all-\d{8}T\d{6}Z\.svg$/);
  const svg = svgFile.bytes.toString('utf8');
  const parsed = await inspectSvg(page, svg);
  expect(parsed.parseError).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.scripts).toBe(0);
  expect(parsed.imageWidth).toBe(parsed.width);
  // One lane per pod of the page, all of them (the page draws only those scrolled into view).
  expect(parsed.laneTitles.map((title) => title.slice(title.indexOf('/') + 1)).sort()).toEqual([...podNames].sort());
  for (const name of podNames) expect(svg).toContain(`>${name}<`);
  expect(parsed.gapBands.length).toBeGreaterThan(0);
  expect(parsed.gapBands.every((severity) => severity === 'warning' || severity === 'critical')).toBe(true);

  const png = await exportAs(page, 'png', 'no-prestop');
  expect(png.name).toMatch(/^drainscope-all-\d{8}T\d{6}Z\.png$/);
  // The same picture at twice the size.
  expect(pngSize(png.bytes)).toEqual({ width: parsed.width * 2, height: parsed.height * 2 });
  expect(parsed.height).toBeGreaterThan(200);
  await expect(page.getByTestId('export-status')).toHaveText('');
});

test('hostile-names: a pod named with markup is escaped text in the SVG, which runs nothing when opened', async ({
  page,
}) => {
  await openDashboard(page, baseUrl('hostile-names'));
  await expect(page.locator('[data-testid=lane]').filter({ hasText: HOSTILE })).toBeVisible();
  await page.getByRole('button', { name: 'Fit' }).click();
  const svg = (await exportAs(page, 'svg', 'hostile')).bytes.toString('utf8');
  expect(svg).toContain('&lt;img src=x onerror=window.__pwned=1&gt;');
  expect(svg).not.toContain('<img');
  const parsed = await inspectSvg(page, svg);
  expect(parsed.parseError).toBeNull();
  expect(parsed.laneTitles.some((title) => title.endsWith(`/${HOSTILE}`))).toBe(true);
  await exportAs(page, 'png', 'hostile');

  // Opened as a document of its own (where an SVG's scripts would run), it parses and runs nothing.
  await page.route('**/exported.svg', (route) => route.fulfill({ contentType: 'image/svg+xml', body: svg }));
  await page.goto(`${baseUrl('hostile-names')}/exported.svg`);
  const opened = await page.evaluate(() => ({
    root: document.documentElement.localName,
    parseError: document.querySelector('parsererror')?.textContent ?? null,
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    images: document.getElementsByTagName('img').length,
  }));
  expect(opened).toEqual({ root: 'svg', parseError: null, pwned: undefined, images: 0 });
});
