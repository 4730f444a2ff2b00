import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { traceProblems } from '../lib/report/trace-check';
import { deletedLane, openDashboard } from './helpers';
import { baseUrl, ROOT } from './servers';

/** The exported files, kept for a person to open in Perfetto. */
const EXPORTS = path.join(ROOT, 'test-results', 'exports');
const SCENARIO_DONE_MS = 70_000;
const HOSTILE = '<img src=x onerror=window.__pwned=1>';

interface TraceFile {
  displayTimeUnit: string;
  traceEvents: { name: string; ph: string; cat: string; tid: number; args: Record<string, unknown> }[];
}

/** Presses the toolbar's trace export from the keyboard (it must be reachable there) and keeps the download. */
async function exportTrace(page: Page, prefix: string): Promise<{ name: string; trace: TraceFile }> {
  const button = page.getByRole('button', { name: 'Export Perfetto trace' });
  await button.focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const name = download.suggestedFilename();
  const file = path.join(EXPORTS, `${prefix}-${name}`);
  await download.saveAs(file);
  return { name, trace: JSON.parse(fs.readFileSync(file, 'utf8')) as TraceFile };
}

function threadNames(trace: TraceFile): string[] {
  return trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => String(e.args.name));
}

test.beforeAll(() => fs.mkdirSync(EXPORTS, { recursive: true }));

test('no-prestop: Export Trace downloads a well-formed Chrome trace with a thread per lane and the gap', async ({
  page,
}) => {
  await openDashboard(page, baseUrl('no-prestop'));
  const lane = deletedLane(page);
  await expect(lane).toHaveAttribute('data-markers', /podDeleted/, { timeout: SCENARIO_DONE_MS });
  await expect(lane).toHaveAttribute('data-gaps', /shortPropagationBuffer|exitWhileRouted/);
  const podNames = await page
    .locator('[data-testid=lane]')
    .evaluateAll((lanes) => lanes.map((l) => l.getAttribute('data-pod') ?? ''));
  expect(podNames.length).toBeGreaterThan(1);

  const { name, trace } = await exportTrace(page, 'no-prestop');
  expect(name).toMatch(/^drainscope-all-\d{8}T\d{6}Z\.trace\.json$/);
  expect(traceProblems(trace)).toEqual([]);
  expect(trace.displayTimeUnit).toBe('ms');
  // Every lane of the page is a thread named after its pod.
  for (const pod of podNames) expect(threadNames(trace)).toContain(pod);
  const deleted = trace.traceEvents.filter((e) => e.ph === 'X' && e.name === 'terminating');
  expect(deleted.length).toBeGreaterThan(0);
  expect(
    trace.traceEvents.some(
      (e) => e.cat === 'gap' && /shortPropagationBuffer|exitWhileRouted/.test(String(e.args.kind)),
    ),
  ).toBe(true);
  await expect(page.getByTestId('export-status')).toHaveText('');
});

test('hostile-names: a pod named with markup is a JSON string in the trace, exactly', async ({ page }) => {
  await openDashboard(page, baseUrl('hostile-names'));
  await expect(page.locator('[data-testid=lane]').filter({ hasText: HOSTILE })).toBeVisible();
  const { trace } = await exportTrace(page, 'hostile');
  expect(traceProblems(trace)).toEqual([]);
  expect(threadNames(trace)).toContain(HOSTILE);
});
