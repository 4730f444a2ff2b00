/**
 * Normalises what client-node hands us into the API's own JSON, before anything else looks at it.
 *
 * Why: client-node 1.4's typed list calls return class instances (`V1Pod`) whose timestamps are `Date`s and whose
 * items lack `apiVersion`/`kind`, while watch events are the plain JSON the apiserver sent. Both go through the
 * same ObjectSerializer round trip here, so a pod looks the same whichever path delivered it (see the test).
 * Known limitation: the round trip goes through `Date`, so timestamps come out as `…:01.000Z` and MicroTime
 * (`eventTime`) keeps milliseconds only; fields newer than client-node's models are dropped.
 */
// ObjectSerializer is not re-exported from the package index in 1.4; the deep import is the same class the
// typed APIs use. The package has no `exports` map, so this path resolves in Node and in Next's external require.
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import type { WatchResource } from '@/lib/recording/types';
import { redactSecretReferences } from '../security/redact';

export type ApiJson = Record<string, unknown>;

interface ResourceModel {
  apiVersion: string;
  kind: string;
  /** client-node's model name for ObjectSerializer. */
  model: string;
}

export const resourceModels: Record<WatchResource, ResourceModel> = {
  pods: { apiVersion: 'v1', kind: 'Pod', model: 'V1Pod' },
  events: { apiVersion: 'v1', kind: 'Event', model: 'CoreV1Event' },
  endpointslices: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', model: 'V1EndpointSlice' },
  deployments: { apiVersion: 'apps/v1', kind: 'Deployment', model: 'V1Deployment' },
};

function isPlainObject(value: unknown): value is ApiJson {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Throws when `value` is not an object at all; anything object-shaped comes back as JSON with apiVersion and kind. */
export function toApiJson(resource: WatchResource, value: unknown): ApiJson {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(
      `expected a ${resourceModels[resource].kind} object, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const { apiVersion, kind, model } = resourceModels[resource];
  const typed: unknown = isPlainObject(value) ? ObjectSerializer.deserialize(value, model) : value;
  const serialized: unknown = ObjectSerializer.serialize(typed, model);
  // JSON round trip: drops the `undefined` keys the serializer writes for every absent field.
  const json = JSON.parse(JSON.stringify(serialized)) as ApiJson;
  // Secret references go here, where objects enter the pipeline, before the reflector or a recording keeps them.
  return redactSecretReferences({ ...json, apiVersion: json.apiVersion ?? apiVersion, kind: json.kind ?? kind });
}
