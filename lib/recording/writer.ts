/**
 * Writes recording-format lines (docs/recording-format.md). Pure string formatting: callers decide where the
 * lines go (a file, the store, an HTTP download) and whether to gzip them.
 */
import { isJsonObject, type JsonObject } from '../json-object';
import { toIso, type EpochMs } from '../time';
import type { RecordingHeader, WatchEventType, WatchResource, WatchStateKind } from './types';

export function formatHeaderLine(header: Omit<RecordingHeader, 'drainscope' | 'version'>): string {
  const full: RecordingHeader = { drainscope: 'recording', version: 1, ...header };
  return JSON.stringify(full);
}

/** `object` is the API object exactly as the watch delivered it (JSON), optionally stripped by `stripForRecording`. */
export function formatObservationLine(
  at: EpochMs,
  type: WatchEventType,
  object: unknown,
  bounds?: { earliest: EpochMs; latest: EpochMs },
): string {
  if (bounds === undefined) return JSON.stringify({ at: toIso(at), type, object });
  return JSON.stringify({
    at: toIso(at),
    type,
    earliest: toIso(bounds.earliest),
    latest: toIso(bounds.latest),
    object,
  });
}

/** `since`: on `disconnected`, when the watch last delivered anything (the blind window starts there). */
export function formatWatchStateLine(
  at: EpochMs,
  resource: WatchResource,
  state: WatchStateKind,
  reason?: string,
  since?: EpochMs,
): string {
  const line: Record<string, unknown> = { at: toIso(at), type: 'WATCH', resource, state };
  if (reason !== undefined) line.reason = reason;
  if (since !== undefined) line.since = toIso(since);
  return JSON.stringify(line);
}

/**
 * Removes what the analysis never uses and what must never be kept: managedFields, annotations (they may hold
 * last-applied configuration with secrets), every environment variable's value, and the spec's secret references
 * (`withoutSecretReferences`). Env var names and `valueFrom` references stay as a name only, so a reader still sees
 * that a variable existed. A Deployment keeps no pod template at all (`withoutPodTemplate`): only its replicas and
 * strategy are read, and its pods carry their own spec. Every writer of recordings (live, simulator, imports of
 * kubectl output) goes through here. Returns a new object; the input is not changed.
 */
export function stripForRecording(object: unknown): unknown {
  if (!isJsonObject(object)) return object;
  const copy: JsonObject = { ...object };
  if (isJsonObject(copy.metadata)) {
    const metadata: JsonObject = { ...copy.metadata };
    delete metadata.managedFields;
    delete metadata.annotations;
    copy.metadata = metadata;
  }
  if (isJsonObject(copy.spec)) {
    const spec: JsonObject = { ...copy.spec };
    for (const field of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
      const list = spec[field];
      if (Array.isArray(list)) spec[field] = list.map(stripContainerEnv);
    }
    copy.spec = withoutSecretReferences(withoutPodTemplate(copy, spec));
  }
  return copy;
}

/**
 * A Deployment's spec without `template`: the template holds a whole pod spec (environment values included) that
 * nothing reads, since each pod is watched with its own spec.
 */
export function withoutPodTemplate(object: JsonObject, spec: JsonObject): JsonObject {
  if (object.apiVersion !== 'apps/v1' || object.kind !== 'Deployment' || !('template' in spec)) return spec;
  const { template: _template, ...rest } = spec;
  return rest;
}

/**
 * A pod spec without its secret references: volume sources (secret names, projected sources, CSI node-publish
 * secrets, ...) and imagePullSecrets. Volume names stay, so a reader still sees that volumes exist.
 */
export function withoutSecretReferences(spec: JsonObject): JsonObject {
  const copy: JsonObject = { ...spec };
  if (Array.isArray(copy.volumes))
    copy.volumes = copy.volumes.map((volume) =>
      isJsonObject(volume) && typeof volume.name === 'string' ? { name: volume.name } : {},
    );
  delete copy.imagePullSecrets;
  return copy;
}

function stripContainerEnv(container: unknown): unknown {
  if (!isJsonObject(container)) return container;
  const copy: JsonObject = { ...container };
  if (Array.isArray(copy.env)) {
    copy.env = copy.env.map((variable) =>
      isJsonObject(variable) && typeof variable.name === 'string' ? { name: variable.name } : {},
    );
  }
  delete copy.envFrom;
  return copy;
}
