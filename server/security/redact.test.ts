import { describe, expect, it } from 'vitest';
import { redactSecretReferences } from './redact';

describe('redactSecretReferences', () => {
  it('keeps volume names but drops their sources and the image pull secrets, without changing the input', () => {
    const pod = {
      kind: 'Pod',
      spec: {
        containers: [{ name: 'web' }],
        volumes: [
          { name: 'creds', secret: { secretName: 'db' } },
          { name: 'all', projected: { sources: [{ secret: { name: 'x' } }] } },
        ],
        imagePullSecrets: [{ name: 'registry' }],
      },
    };
    const redacted = redactSecretReferences(pod);
    expect(redacted).toEqual({
      kind: 'Pod',
      spec: { containers: [{ name: 'web' }], volumes: [{ name: 'creds' }, { name: 'all' }] },
    });
    expect(pod.spec.volumes[0]).toEqual({ name: 'creds', secret: { secretName: 'db' } });
  });

  it('leaves objects without a spec (events) alone', () => {
    const event = { kind: 'Event', reason: 'Killing' };
    expect(redactSecretReferences(event)).toBe(event);
  });
});
