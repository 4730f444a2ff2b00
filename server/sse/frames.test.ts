import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '@/lib/live/protocol';
import { marker, testPod } from '@/lib/view/test-pods';
import { formatMessage, podJson } from './frames';

describe('frames', () => {
  it('writes a timeline update as JSON.stringify would, with a hostile pod name kept on one data line', () => {
    // Tried: a name with a newline, quotes, a backslash and a frame of its own in it.
    const pod = testPod({
      uid: 'uid-1',
      name: 'web\n\nid: 1\nevent: shutdown\ndata: "x"\\',
      markers: [marker('deleteRequested', 1000, { evidence: [{ source: 'pod', text: 'a\r\nb' }] })],
    });
    const message: LiveMessage = { type: 'timeline', pod };
    const frame = formatMessage(message, 'abcdef01-7');
    expect(frame).toBe(`id: abcdef01-7\nevent: timeline\ndata: ${JSON.stringify(message)}\n\n`);
    expect(frame.split('\n').filter((line) => line.startsWith('data: '))).toHaveLength(1);
    expect(JSON.parse(frame.split('\n')[2]?.slice('data: '.length) ?? '')).toEqual(message);
  });

  it('serializes a pod timeline once: the same text for the same timeline, a new one for its next version', () => {
    const pod = testPod({ uid: 'uid-2' });
    const first = podJson(pod);
    expect(podJson(pod)).toBe(first);
    expect(first).toBe(JSON.stringify(pod));
    const next = { ...pod, markers: [marker('podDeleted', 2000)] };
    expect(podJson(next)).toBe(JSON.stringify(next));
    expect(podJson(next)).not.toBe(first);
  });

  it('writes any other message whole', () => {
    const message: LiveMessage = { type: 'removed', uid: 'uid-3', forgottenBefore: 5 };
    expect(formatMessage(message, '')).toBe(`id: \nevent: removed\ndata: ${JSON.stringify(message)}\n\n`);
  });
});
