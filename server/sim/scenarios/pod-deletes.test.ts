import { describe, expect, it } from 'vitest';
import { endpointHistory, eventLines, ms, podLines, target, terminated } from './test-support';

describe('no-prestop', () => {
  it('a pod with no preStop gets Killing within 2 s of the delete and its endpoint goes not-ready within the lag', () => {
    const pod = target('no-prestop');
    const deleteAt = ms(pod.deleteRequestedAt);
    const killing = eventLines('no-prestop', { uid: pod.uid, reason: 'Killing' });
    expect(killing).toHaveLength(1);
    expect(killing[0]?.event.message).toBe('Stopping container app');
    expect(killing[0]?.event.involvedObject.fieldPath).toBe('spec.containers{app}');
    expect(ms(killing[0]?.event.lastTimestamp as string)).toBeGreaterThanOrEqual(Math.floor(deleteAt / 1000) * 1000);
    expect(ms(killing[0]?.event.lastTimestamp as string)).toBeLessThanOrEqual(deleteAt + 2000);
    const notReady = endpointHistory('no-prestop', pod.uid).find((h) => h.endpoint?.terminating);
    expect(notReady?.endpoint).toMatchObject({ ready: false, serving: true, terminating: true });
    expect(notReady!.at - deleteAt).toBeLessThanOrEqual(300 + 30);
  });

  it('the app dies of SIGTERM at once: exit 143 Error, then a terminal phase, then the endpoint is removed', () => {
    const pod = target('no-prestop');
    const container = pod.containers[0]!;
    expect(container.preStop).toBeNull();
    expect(ms(container.sigtermAt) - ms(container.killingAt)).toBeLessThan(10);
    expect(container).toMatchObject({ exitCode: 143, reason: 'Error', sigkillAt: null });
    const exited = podLines('no-prestop', pod.uid).find((l) => terminated(l.pod.status.containerStatuses?.[0]));
    expect(terminated(exited?.pod.status.containerStatuses?.[0])).toMatchObject({ exitCode: 143, reason: 'Error' });
    expect(exited?.pod.status.phase).toBe('Failed');
    expect(ms(pod.endpoints[0]?.removedAt)).toBeGreaterThan(ms(container.exitedAt));
  });
});

describe('prestop-sleep', () => {
  it('preStop sleep delays SIGTERM by its seconds', () => {
    const container = target('prestop-sleep').containers[0]!;
    expect(container.preStop).toMatchObject({ kind: 'sleep', outcome: 'completed' });
    expect(ms(container.preStop?.endedAt) - ms(container.preStop?.startedAt)).toBe(5000);
    const delay = ms(container.sigtermAt) - ms(container.killingAt);
    expect(delay).toBeGreaterThanOrEqual(5000);
    expect(delay).toBeLessThanOrEqual(5005);
    expect(container).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('the endpoint is not ready during the sleep, and stops serving once the app fails readiness after SIGTERM', () => {
    const pod = target('prestop-sleep');
    const endpoint = pod.endpoints[0]!;
    expect(ms(endpoint.notReadyAt)).toBeLessThan(ms(pod.containers[0]?.preStop?.endedAt));
    expect(ms(endpoint.notServingAt)).toBeGreaterThan(ms(pod.containers[0]?.sigtermAt));
    expect(eventLines('prestop-sleep', { uid: pod.uid, reason: 'Unhealthy' }).length).toBeGreaterThan(0);
  });

  it('the kubelet does not set Ready=False because of the delete', () => {
    const pod = target('prestop-sleep');
    const deleting = podLines('prestop-sleep', pod.uid).filter(
      (l) => l.pod.metadata.deletionTimestamp && l.at < ms(pod.containers[0]?.sigtermAt),
    );
    expect(deleting.length).toBeGreaterThan(0);
    for (const line of deleting)
      expect(line.pod.status.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });
});

describe('prestop-exceeds-grace', () => {
  it('preStop longer than grace is abandoned at the deadline and the container is SIGKILLed 2 s later with 137', () => {
    const pod = target('prestop-exceeds-grace');
    const container = pod.containers[0]!;
    expect(container.preStop).toMatchObject({ kind: 'exec', outcome: 'abandoned' });
    expect(ms(container.preStop?.endedAt) - ms(container.killingAt)).toBe(30_000);
    expect(ms(container.sigkillAt) - ms(container.sigtermAt)).toBe(2000);
    expect(container).toMatchObject({ exitCode: 137, reason: 'Error' });
    const exited = podLines('prestop-exceeds-grace', pod.uid).find((l) =>
      terminated(l.pod.status.containerStatuses?.[0]),
    );
    expect(terminated(exited?.pod.status.containerStatuses?.[0])).toMatchObject({ exitCode: 137, reason: 'Error' });
  });
});

describe('ignores-sigterm', () => {
  it('an app ignoring SIGTERM exits 137 at about Killing + G', () => {
    const pod = target('ignores-sigterm');
    const container = pod.containers[0]!;
    const killing = eventLines('ignores-sigterm', { uid: pod.uid, reason: 'Killing' })[0];
    const finishedAt = ms(
      terminated(
        podLines('ignores-sigterm', pod.uid).find((l) => terminated(l.pod.status.containerStatuses?.[0]))?.pod.status
          .containerStatuses?.[0],
      )?.finishedAt,
    );
    const killingSecond = ms(killing?.event.lastTimestamp as string);
    expect(finishedAt - killingSecond).toBeGreaterThanOrEqual(30_000);
    expect(finishedAt - killingSecond).toBeLessThanOrEqual(32_000);
    expect(ms(container.exitedAt) - ms(container.killingAt)).toBeGreaterThanOrEqual(30_000);
    expect(ms(container.exitedAt) - ms(container.killingAt)).toBeLessThan(30_100);
    expect(container).toMatchObject({ exitCode: 137, reason: 'Error' });
  });
});

describe('prestop-exec-fails', () => {
  it('a failing exec preStop emits FailedPreStopHook at the hook end, then SIGTERM follows', () => {
    const pod = target('prestop-exec-fails');
    const container = pod.containers[0]!;
    const failed = eventLines('prestop-exec-fails', { uid: pod.uid, reason: 'FailedPreStopHook' });
    expect(failed).toHaveLength(1);
    expect(failed[0]?.event).toMatchObject({
      type: 'Warning',
      message: 'PreStopHook failed',
      involvedObject: { fieldPath: 'spec.containers{app}' },
    });
    expect(container.preStop).toMatchObject({ kind: 'exec', outcome: 'failed' });
    expect(ms(failed[0]?.event.lastTimestamp as string)).toBe(Math.floor(ms(container.preStop?.endedAt) / 1000) * 1000);
    expect(ms(container.sigtermAt) - ms(container.preStop?.endedAt)).toBeLessThan(10);
  });
});

describe('force-delete', () => {
  it('force delete removes the pod and its endpoint at once', () => {
    const pod = target('force-delete');
    const lines = podLines('force-delete', pod.uid);
    const modified = lines.find((l) => l.pod.metadata.deletionGracePeriodSeconds === 0);
    const deleted = lines.find((l) => l.type === 'DELETED');
    expect(modified?.type).toBe('MODIFIED');
    expect(Number(deleted?.pod.metadata.resourceVersion)).toBe(Number(modified?.pod.metadata.resourceVersion) + 1);
    expect(ms(pod.deletedAt)).toBe(ms(pod.deleteRequestedAt));
    expect(ms(pod.endpoints[0]?.removedAt) - ms(pod.deleteRequestedAt)).toBeLessThanOrEqual(300);
    expect(pod.cause).toBe('force-delete');
  });

  it('Killing may arrive after the pod is gone, and no exit status is ever seen', () => {
    const pod = target('force-delete');
    const killing = eventLines('force-delete', { uid: pod.uid, reason: 'Killing' });
    expect(killing).toHaveLength(1);
    expect(killing[0]!.at).toBeGreaterThan(ms(pod.deletedAt));
    expect(podLines('force-delete', pod.uid).some((l) => terminated(l.pod.status.containerStatuses?.[0]))).toBe(false);
    expect(ms(pod.containers[0]?.exitedAt)).toBeGreaterThan(ms(pod.endpoints[0]?.removedAt));
  });
});

describe('grace-shortening', () => {
  it('grace shortening keeps deletionTimestamp − G and moves the deadline earlier', () => {
    const pod = target('grace-shortening');
    const requested = podLines('grace-shortening', pod.uid)
      .filter((l) => l.pod.metadata.deletionTimestamp && l.type === 'MODIFIED')
      .map((l) => ({ dt: ms(l.pod.metadata.deletionTimestamp), g: l.pod.metadata.deletionGracePeriodSeconds ?? 0 }));
    expect(new Set(requested.map((r) => r.g))).toEqual(new Set([60, 10, 0]));
    expect(new Set(requested.map((r) => r.dt - r.g * 1000))).toEqual(
      new Set([Math.floor(ms(pod.deleteRequestedAt) / 1000) * 1000]),
    );
    expect(pod.deleteRequests.map((r) => [r.gracePeriodSeconds, r.effect])).toEqual([
      [60, 'started'],
      [10, 'shortened'],
      [120, 'ignored'],
    ]);
  });

  it('the kubelet restarts the kill with the shorter grace: a second Killing (count 2), the hook cut, SIGKILL soon after', () => {
    const pod = target('grace-shortening');
    const container = pod.containers[0]!;
    const killing = eventLines('grace-shortening', { uid: pod.uid, reason: 'Killing' });
    expect(killing.at(-1)?.event.count).toBe(2);
    expect(container.preStop?.outcome).toBe('abandoned');
    expect(ms(container.exitedAt) - ms(pod.deleteRequests[1]?.at)).toBeLessThan(10_000 + 2000 + 2100);
    expect(container.exitCode).toBe(137);
  });
});
