import { afterEach, describe, expect, it } from 'vitest';
import { toApiJson } from './api-json';
import { kubeConfigForServer } from './kubeconfig';
import { createListClient } from './list';
import { openWatchStream } from './watch-stream';
import {
  openWatchResponse,
  samplePod,
  sendJson,
  startFakeApiServer,
  writeWatchEvent,
  type FakeApiServer,
} from './testing/fake-apiserver';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('toApiJson', () => {
  it('normalises a pod delivered by a typed list and the same pod delivered by a watch to identical JSON', async () => {
    const pod = samplePod();
    server = await startFakeApiServer((_request, response, url) => {
      if (url.searchParams.get('watch') === 'true') {
        openWatchResponse(response);
        writeWatchEvent(response, 'ADDED', pod);
        response.end();
        return;
      }
      // A real list omits apiVersion and kind on its items.
      const { apiVersion: _a, kind: _k, ...item } = pod;
      sendJson(response, 200, {
        apiVersion: 'v1',
        kind: 'PodList',
        metadata: { resourceVersion: '100' },
        items: [item],
      });
    });
    const kubeConfig = kubeConfigForServer(server.url);
    const listed = await createListClient(kubeConfig).list({
      resource: 'pods',
      namespace: null,
      labelSelector: null,
      timeoutMs: 5000,
    });
    const watched: unknown[] = [];
    const stream = openWatchStream({
      kubeConfig,
      url: new URL(`${server.url}/api/v1/pods?watch=true`),
      idleTimeoutMs: 5000,
      onEvent: (_type, object) => watched.push(object),
    });
    await stream.done;

    const fromWatch = toApiJson('pods', watched[0]);
    expect(listed.items[0]).toStrictEqual(fromWatch);
    expect(fromWatch).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { creationTimestamp: '2026-11-24T04:20:00.000Z' },
    });
    expect(JSON.stringify(listed.items[0])).not.toContain('undefined');
  });

  it('fills apiVersion and kind for an EndpointSlice item', () => {
    const json = toApiJson('endpointslices', {
      metadata: { name: 'web-abc', uid: 'es-1' },
      addressType: 'IPv4',
      endpoints: [],
    });
    expect(json).toMatchObject({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4' });
  });

  it('keeps a core/v1 Event readable, involvedObject included', () => {
    const json = toApiJson('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-1.abc', uid: 'ev-1' },
      involvedObject: { kind: 'Pod', uid: 'uid-web-1', fieldPath: 'spec.containers{app}' },
      reason: 'Killing',
      lastTimestamp: '2026-11-24T04:25:01Z',
    });
    expect(json).toMatchObject({
      reason: 'Killing',
      involvedObject: { uid: 'uid-web-1' },
      lastTimestamp: '2026-11-24T04:25:01.000Z',
    });
  });

  it('throws for a value that is not an object', () => {
    expect(() => toApiJson('pods', 'oops')).toThrow(/expected a Pod object/);
  });
});
