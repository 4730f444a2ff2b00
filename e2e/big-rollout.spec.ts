/**
 * A 30-replica rolling update at 1280×720 (issue "Live during a deployment": big rollouts stay readable): while it
 * runs, the first screen holds the capacity row with the Deployment's desired replicas, and old and new pods side by
 * side, a terminating one among them, instead of 30 healthy pods sorted by name. Against its own simulator run as
 * `npm run sim -- --replicas 30` would, and drainscope against that simulator's kubeconfig.
 */
import { screenshot } from './helpers';
import { expect, test } from './own-cluster';
import { BIG_ROLLOUT_PORT, startOwnRollout } from './servers';

test.use({ viewport: { width: 1280, height: 720 } });

/** What the lanes inside the viewport show: each pod's ReplicaSet (its name without the last part) and whether it is terminating. */
interface OnScreen {
  revision: string;
  terminating: boolean;
}

test('a 30-replica rolling update: the capacity row and old and new pods, a terminating one among them, on the first screen', async ({
  page,
  tmp,
  own,
}) => {
  test.setTimeout(180_000);
  await startOwnRollout({ replicas: 30, seed: 42, port: BIG_ROLLOUT_PORT, dir: tmp, own });
  await page.goto(`http://127.0.0.1:${BIG_ROLLOUT_PORT}/`);
  // Only the lanes in view are in the DOM (about 20 at this size): the header counts them all.
  await expect(page.getByTestId('pod-count')).toHaveText(/\b(3\d|[4-9]\d) of \d+ pods/, { timeout: 60_000 });

  const onScreen = (): Promise<OnScreen[]> =>
    page.getByTestId('lane').evaluateAll((lanes) =>
      lanes
        .filter((lane) => {
          const box = lane.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        })
        .map((lane) => {
          const markers = (lane.getAttribute('data-markers') ?? '').split(' ');
          const name = lane.getAttribute('data-pod') ?? '';
          return {
            revision: name.slice(0, name.lastIndexOf('-')),
            terminating: markers.includes('deleteRequested') && !markers.includes('podDeleted'),
          };
        }),
    );
  // The rollout starts a few seconds in and replaces one pod at a time (maxSurge 1, maxUnavailable 1): once a pod
  // terminates, the first screen must show it beside pods of the other revision.
  await expect
    .poll(
      async () => {
        const lanes = await onScreen();
        return lanes.some((lane) => lane.terminating) && new Set(lanes.map((lane) => lane.revision)).size >= 2;
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toBe(true);
  await screenshot(page, 'big-rollout-1280');

  const capacity = page.getByTestId('capacity-row').first();
  await expect(capacity).toBeVisible();
  const box = await capacity.boundingBox();
  expect(box && box.y + box.height <= 720).toBe(true);
  // The desired replicas come from the watched Deployment.
  await expect(capacity).toHaveText(/capacity · ready \d+(–\d+)? of 30/);
});
