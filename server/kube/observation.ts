/**
 * Turns a normalised API object (./api-json.ts) into what the pipeline consumes: a validated `Observation` for the
 * timeline reducer and its recording line for stores. Validation uses the same zod schemas as the recording
 * reader, so live data and files are held to one standard. A malformed object is reported, never thrown.
 */
import { knownKindOf, schemaForObject, withTypeMeta, type KubeObject } from '@/lib/kube/objects';
import type { EpochMs } from '@/lib/time';
import type { Observation, WatchEventType, WatchResource } from '@/lib/recording/types';
import { formatObservationLine, stripForRecording } from '@/lib/recording/writer';
import type { ApiJson } from './api-json';

export type ObservationResult =
  | { ok: true; entry: Observation; line: string }
  | { ok: false; kind: 'skipped' | 'malformed'; problem: string };

function describeObject(json: ApiJson): string {
  const metadata =
    typeof json.metadata === 'object' && json.metadata !== null ? (json.metadata as Record<string, unknown>) : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '?';
  const namespace = typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : '';
  return `${String(json.kind)} ${namespace}${name}`;
}

/**
 * `resource`, when given, is what was listed or watched: an item without `apiVersion`/`kind` (list items from the
 * API have none) is read as that resource's kind, and its recording line carries them.
 */
export function toObservation(
  at: EpochMs,
  type: WatchEventType,
  received: ApiJson,
  resource?: WatchResource,
): ObservationResult {
  const json = resource === undefined ? received : withTypeMeta(resource, received);
  const kind = knownKindOf(json.apiVersion, json.kind);
  if (kind === null)
    return {
      ok: false,
      kind: 'skipped',
      problem: `not a kind drainscope reads: ${String(json.apiVersion)} ${String(json.kind)}`,
    };
  const parsed = schemaForObject(kind, json).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    return {
      ok: false,
      kind: 'malformed',
      problem: `${describeObject(json)}: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`,
    };
  }
  const object: KubeObject = parsed.data;
  return { ok: true, entry: { at, type, object }, line: formatObservationLine(at, type, stripForRecording(json)) };
}
