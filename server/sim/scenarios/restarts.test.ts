import { describe, expect, it } from 'vitest';
import { eventLines, ms, podLines, run, target, terminated } from './test-support';

describe('grace-shortened-sigkill', () => {
  it('the second delete moves deletionTimestamp to the first request + 5 s; the kubelet applies it when it sees it and SIGKILLs then (137)', () => {
    const pod = target('grace-shortened-sigkill');
    expect(pod.deleteRequests.map((r) => [r.gracePeriodSeconds, r.effect])).toEqual([
      [60, 'started'],
      [5, 'shortened'],
    ]);
    const firstAt = ms(pod.deleteRequests[0]?.at);
    const secondAt = ms(pod.deleteRequests[1]?.at);
    expect(secondAt - firstAt).toBe(10_000);
    const shortened = podLines('grace-shortened-sigkill', pod.uid).find(
      (l) => l.pod.metadata.deletionGracePeriodSeconds === 5,
    );
    expect(ms(shortened?.pod.metadata.deletionTimestamp)).toBe(Math.floor((firstAt + 5000) / 1000) * 1000);

    expect(pod.killDeadlines.map((d) => d.gracePeriodSeconds)).toEqual([60, 5]);
    const moved = pod.killDeadlines[1]!;
    expect(ms(moved.appliedAt)).toBeGreaterThan(secondAt);
    expect(ms(moved.deadline) - ms(moved.appliedAt)).toBe(5000);
    const app = pod.containers[0]!;
    expect(ms(app.sigkillAt) - ms(moved.deadline)).toBeGreaterThanOrEqual(0);
    expect(ms(app.sigkillAt) - ms(moved.deadline)).toBeLessThanOrEqual(5);
    expect(app).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(ms(app.exitedAt)).toBeGreaterThan(ms(app.sigkillAt));
    // A second Killing for the restarted kill, merged into the first event by the correlator.
    expect(eventLines('grace-shortened-sigkill', { uid: pod.uid, reason: 'Killing' }).at(-1)?.event.count).toBe(2);
  });
});

describe('liveness-restart', () => {
  const pod = () => run('liveness-restart').truth.pods.find((p) => p.containers[0]?.restarts)!;

  it('three failed liveness probes, then Killing with the restart message on a pod nobody deleted', () => {
    const restart = pod().containers[0]!.restarts![0]!;
    const unhealthy = eventLines('liveness-restart', { uid: pod().uid, reason: 'Unhealthy' }).filter((l) =>
      String(l.event.message).startsWith('Liveness probe failed'),
    );
    expect(unhealthy.at(-1)?.event.count).toBe(3);
    const killing = eventLines('liveness-restart', { uid: pod().uid, reason: 'Killing' });
    expect(killing[0]?.event.message).toBe('Container app failed liveness probe, will be restarted');
    expect(ms(killing[0]?.event.firstTimestamp as string)).toBe(Math.floor(ms(restart.killingAt) / 1000) * 1000);
    const atKilling = podLines('liveness-restart', pod().uid).filter((l) => l.at <= ms(restart.killingAt) + 50);
    expect(atKilling.every((l) => l.pod.metadata.deletionTimestamp === undefined)).toBe(true);
    expect(restart).toMatchObject({ reason: 'liveness-probe', exitCode: 143, exitReason: 'Error', sigkillAt: null });
  });

  it('the container exits, is reported terminated, then runs again with restartCount 1 and the old instance in lastState', () => {
    const restart = pod().containers[0]!.restarts![0]!;
    const history = podLines('liveness-restart', pod().uid).map((l) => l.pod.status.containerStatuses?.[0]);
    const exited = history.findIndex((s) => terminated(s)?.exitCode === 143);
    expect(exited).toBeGreaterThan(-1);
    const again = history.slice(exited).find((s) => s?.restartCount === 1 && s.state.running);
    expect(again?.lastState.terminated).toMatchObject({
      exitCode: 143,
      reason: 'Error',
      finishedAt: new Date(Math.floor(ms(restart.exitedAt) / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    });
    expect(ms(again?.state.running?.startedAt)).toBe(Math.floor(ms(restart.restartedAt) / 1000) * 1000);
    expect(again?.ready).toBe(false);
  });

  it('the termination that follows is the pod’s own: Killing "Stopping container app", its exit separate from the restart', () => {
    const truth = pod();
    const app = truth.containers[0]!;
    expect(truth.cause).toBe('delete');
    expect(ms(app.killingAt)).toBeGreaterThan(ms(app.restarts![0]!.restartedAt));
    expect(ms(app.exitedAt)).toBeGreaterThan(ms(truth.deleteRequestedAt));
    const killing = eventLines('liveness-restart', { uid: truth.uid, reason: 'Killing' }).map((l) => l.event.message);
    expect(new Set(killing)).toEqual(
      new Set(['Container app failed liveness probe, will be restarted', 'Stopping container app']),
    );
  });
});

describe('statefulset-reused-name', () => {
  it('db-0 is deleted three times and made again under the same name with a new uid', () => {
    const pods = run('statefulset-reused-name').truth.pods.filter((p) => p.name === 'db-0');
    expect(pods).toHaveLength(4);
    expect(new Set(pods.map((p) => p.uid)).size).toBe(4);
    expect(pods.slice(0, 3).map((p) => p.cause)).toEqual([
      'statefulset-update',
      'statefulset-update',
      'statefulset-update',
    ]);
    for (const [before, after] of [pods.slice(0, 2), pods.slice(1, 3), pods.slice(2, 4)] as const)
      expect(ms(after?.createdAt)).toBeGreaterThan(ms(before?.deletedAt));
  });

  it('their SuccessfulDelete is one aggregated Event: count 3, firstTimestamp at the first deletion, lastTimestamp at the last', () => {
    const pods = run('statefulset-reused-name').truth.pods.filter((p) => p.cause === 'statefulset-update');
    const events = eventLines('statefulset-reused-name', { reason: 'SuccessfulDelete' });
    expect(new Set(events.map((l) => l.object.metadata.name)).size).toBe(1);
    const last = events.at(-1)!.event;
    expect(last).toMatchObject({
      count: 3,
      message: 'delete Pod db-0 in StatefulSet db successful',
      involvedObject: { kind: 'StatefulSet', name: 'db' },
    });
    const second = (iso: string | null | undefined): number => Math.floor(ms(iso) / 1000) * 1000;
    expect(ms(last.firstTimestamp as string)).toBe(second(pods[0]?.deleteRequestedAt));
    expect(ms(last.lastTimestamp as string)).toBe(second(pods[2]?.deleteRequestedAt));
    expect(ms(last.lastTimestamp as string) - ms(last.firstTimestamp as string)).toBeGreaterThan(20_000);
  });
});

describe('preemption-retries', () => {
  it('the preemptor’s retries become one events.k8s.io series: count 2 written at the second attempt, eventTime at the first', () => {
    const preemptor = run('preemption-retries').truth.pods.find((p) => p.name === 'critical-report')!;
    const failed = eventLines('preemption-retries', { uid: preemptor.uid, reason: 'FailedScheduling' });
    expect(new Set(failed.map((l) => l.object.metadata.name)).size).toBe(1);
    const [first, second] = failed.map((l) => l.event);
    expect(first?.series).toBeUndefined();
    expect(second).toMatchObject({
      action: 'Scheduling',
      reportingComponent: 'default-scheduler',
      eventTime: first?.eventTime,
      series: { count: 2 },
    });
    const series = second?.series as { lastObservedTime: string };
    expect(ms(series.lastObservedTime) - ms(first?.eventTime as string)).toBe(1000);
    expect(failed).toHaveLength(2);
  });

  it('the victim terminates as a preemption while the preemptor waits, then the preemptor is scheduled', () => {
    const truth = run('preemption-retries').truth;
    const victim = truth.pods.find((p) => p.cause === 'preemption')!;
    const preemptor = truth.pods.find((p) => p.name === 'critical-report')!;
    expect(ms(victim.deletedAt) - ms(victim.deleteRequestedAt)).toBeGreaterThan(10_000);
    expect(preemptor.node).toBe(victim.node);
    expect(ms(preemptor.readyAt)).toBeGreaterThan(ms(victim.deletedAt));
  });
});
