import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import { Recorder } from './recorder';
import { ObjectStore } from './object-store';

function setup() {
  const clock = new VirtualClock(Date.parse('2026-11-24T04:25:00Z'));
  const store = new ObjectStore({ clock });
  return { clock, store };
}

function pod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, annotations: { secret: 'x' } },
    spec: { containers: [{ name: 'app', env: [{ name: 'TOKEN', value: 'hunter2' }] }] },
  };
}

function parse(line: string) {
  return JSON.parse(line) as {
    at: string;
    type: string;
    object: {
      metadata: { name: string; annotations?: unknown };
      spec?: { containers: { env: { name: string; value?: string }[] }[] };
    };
  };
}

describe('Recorder', () => {
  it('writes the header first, naming the simulated cluster, with no scope', () => {
    const { clock, store } = setup();
    const recorder = new Recorder({ store, clock, seed: 1 });
    recorder.start();
    expect(JSON.parse(recorder.lines[0] ?? '')).toEqual({
      drainscope: 'recording',
      version: 1,
      startedAt: '2026-11-24T04:25:00.000Z',
      cluster: 'drainscope-sim',
      scope: null,
    });
  });

  it('writes the objects that exist at start as ADDED, like an initial list', () => {
    const { clock, store } = setup();
    store.create('pods', pod('a'));
    store.create('pods', pod('b'));
    const recorder = new Recorder({ store, clock, seed: 1 });
    recorder.start();
    const listed = recorder.lines.slice(1).map(parse);
    expect(listed.map((l) => [l.type, l.object.metadata.name])).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
    ]);
  });

  it('stamps each change with its commit time plus 1-30 ms, never earlier than the previous line of the same resource', () => {
    const { clock, store } = setup();
    const recorder = new Recorder({ store, clock, seed: 2 });
    recorder.start();
    const commits: number[] = [];
    for (let i = 0; i < 50; i++) {
      clock.advanceTo(clock.now() + (i % 3 === 0 ? 0 : 7));
      commits.push(clock.now());
      store.create('pods', pod(`p${i}`));
    }
    const ats = recorder.lines.slice(1).map((l) => Date.parse(parse(l).at));
    ats.forEach((at, i) => {
      expect(at - (commits[i] ?? 0)).toBeGreaterThanOrEqual(1);
      if (i > 0) expect(at).toBeGreaterThanOrEqual(ats[i - 1] ?? 0);
    });
    expect(Math.max(...ats.map((at, i) => at - (commits[i] ?? 0)))).toBeLessThanOrEqual(30 + 7 * 2);
  });

  it('strips annotations and env values from the recorded objects', () => {
    const { clock, store } = setup();
    const recorder = new Recorder({ store, clock, seed: 1 });
    recorder.start();
    store.create('pods', pod('a'));
    const line = parse(recorder.lines[1] ?? '');
    expect(line.object.metadata.annotations).toBeUndefined();
    expect(line.object.spec?.containers[0]?.env).toEqual([{ name: 'TOKEN' }]);
  });

  it('stops recording when stopped, and text() ends every line with a newline', () => {
    const { clock, store } = setup();
    const recorder = new Recorder({ store, clock, seed: 1 });
    recorder.start();
    store.create('pods', pod('a'));
    recorder.stop();
    store.create('pods', pod('b'));
    expect(recorder.lines).toHaveLength(2);
    expect(recorder.text().split('\n')).toHaveLength(3);
  });
});
