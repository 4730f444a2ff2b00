import { describe, expect, it } from 'vitest';
import { parseSleepCommand, preStopSleepSeconds, summarizePreStop } from './prestop';

describe('preStop parsing', () => {
  it.each([
    [['sleep', '5'], 5],
    [['/bin/sleep', '5'], 5],
    [['sleep', '2.5'], 2.5],
    [['sleep', '5s'], 5],
    [['sh', '-c', 'sleep 5'], 5],
    [['/bin/sh', '-c', ' sleep 5 '], 5],
    [['bash', '-c', 'sleep 15'], 15],
  ])('%j sleeps %d s', (command, seconds) => {
    expect(parseSleepCommand(command)).toBe(seconds);
  });

  it.each([
    [['sh', '-c', 'sleep 5 && nginx -s quit']],
    [['/drain.sh']],
    [['sleep']],
    [['sleep', 'infinity']],
    [['sh', '-c', 'kill -TERM 1']],
    [[]],
  ])('%j has no known duration', (command) => {
    expect(parseSleepCommand(command)).toBeNull();
  });

  it('summarises each handler kind', () => {
    expect(summarizePreStop({ sleep: { seconds: 5 } })).toEqual({ kind: 'sleep', seconds: 5 });
    expect(summarizePreStop({ exec: { command: ['sleep', '3'] } })).toEqual({
      kind: 'exec',
      command: ['sleep', '3'],
      sleepSeconds: 3,
    });
    expect(summarizePreStop({ httpGet: { path: '/drain', port: 8080 } })).toEqual({ kind: 'httpGet' });
    expect(summarizePreStop({ tcpSocket: { port: 80 } })).toEqual({ kind: 'tcpSocket' });
    expect(summarizePreStop(null)).toBeNull();
  });

  it('only a sleep has a known duration', () => {
    expect(preStopSleepSeconds({ kind: 'sleep', seconds: 4 })).toBe(4);
    expect(preStopSleepSeconds({ kind: 'exec', command: ['/drain.sh'], sleepSeconds: null })).toBeNull();
    expect(preStopSleepSeconds({ kind: 'httpGet' })).toBeNull();
    expect(preStopSleepSeconds(null)).toBeNull();
  });
});
