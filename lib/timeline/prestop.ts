/**
 * What a container's preStop hook does, as far as its spec tells: a `sleep` action, or an exec that is only a
 * sleep, has a known duration; any other hook (httpGet, a script) runs for an unknown time.
 */
import type { Container } from '../kube/objects';
import type { PreStopSummary } from './types';

type Handler = NonNullable<NonNullable<Container['lifecycle']>['preStop']>;

const SHELLS = new Set(['sh', '/bin/sh', 'bash', '/bin/bash', '/usr/bin/bash', 'ash', '/bin/ash']);
const SLEEP_BINARIES = new Set(['sleep', '/bin/sleep', '/usr/bin/sleep']);
/** `5`, `2.5` or `5s` (coreutils sleep accepts a trailing `s`). */
const DURATION = /^(\d+(?:\.\d+)?)s?$/;

export function summarizePreStop(handler: Handler | null | undefined): PreStopSummary | null {
  if (!handler) return null;
  if (handler.sleep) return { kind: 'sleep', seconds: handler.sleep.seconds };
  if (handler.exec) {
    const command = handler.exec.command ?? [];
    return { kind: 'exec', command, sleepSeconds: parseSleepCommand(command) };
  }
  if (handler.httpGet) return { kind: 'httpGet' };
  if (handler.tcpSocket) return { kind: 'tcpSocket' };
  return null;
}

/** `["sleep","N"]` or `["sh","-c","sleep N"]` (also bash, with optional absolute paths); null for anything else. */
export function parseSleepCommand(command: readonly string[]): number | null {
  const [program, ...args] = command;
  if (program === undefined) return null;
  if (SLEEP_BINARIES.has(program) && args.length === 1) return parseDuration(args[0]);
  if (SHELLS.has(program) && args.length === 2 && args[0] === '-c') {
    const words = (args[1] ?? '').trim().split(/\s+/);
    if (words.length === 2 && SLEEP_BINARIES.has(words[0] ?? '')) return parseDuration(words[1]);
  }
  return null;
}

function parseDuration(text: string | undefined): number | null {
  const match = DURATION.exec(text ?? '');
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** How long the hook sleeps when the spec tells (sleep action or exec sleep); null when only its end can tell. */
export function preStopSleepSeconds(summary: PreStopSummary | null): number | null {
  if (summary?.kind === 'sleep') return summary.seconds;
  if (summary?.kind === 'exec') return summary.sleepSeconds;
  return null;
}
