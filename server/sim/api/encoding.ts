/**
 * Watch-event serialisation shared by every watcher: a store event is turned into bytes once per wire form
 * (resource view × sent type × object/table) and the same Buffer is written to all watchers that want it.
 * Entries are keyed by the StoreEvent, so they live exactly as long as the store keeps the event in its history.
 */
import type { ApiObject, StoreEvent } from '../object-store';
import { apiVersionOf, type ServedResource } from './resources';
import { toTable, type IncludeObject } from './table';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export type WireFormat = { kind: 'object' } | { kind: 'table'; includeObject: IncludeObject };

/** A stored object as this resource serves it, with apiVersion/kind set (watch and get objects carry them). */
export function servedObject(resource: ServedResource, stored: ApiObject): ApiObject {
  const view = resource.toView(stored);
  if (view.apiVersion === apiVersionOf(resource) && view.kind === resource.kind) return view;
  return { ...view, apiVersion: apiVersionOf(resource), kind: resource.kind };
}

export function encodeLine(type: WatchEventType, object: unknown): Buffer {
  return Buffer.from(`${JSON.stringify({ type, object })}\n`);
}

export class WatchEventEncoder {
  private readonly lines = new WeakMap<StoreEvent, Map<string, Buffer>>();
  private readonly views = new WeakMap<ApiObject, Map<ServedResource, ApiObject>>();

  constructor(private readonly now: () => number) {}

  /** The served view of a stored object, memoised per stored object (stored objects are never mutated). */
  view(resource: ServedResource, stored: ApiObject): ApiObject {
    let byResource = this.views.get(stored);
    if (!byResource) {
      byResource = new Map();
      this.views.set(stored, byResource);
    }
    let view = byResource.get(resource);
    if (!view) {
      view = servedObject(resource, stored);
      byResource.set(resource, view);
    }
    return view;
  }

  /** Bytes of one watch event for a store event; `stored` is the state to send (the event's or its previous one). */
  line(
    event: StoreEvent,
    resource: ServedResource,
    type: WatchEventType,
    stored: ApiObject,
    format: WireFormat,
  ): Buffer {
    const key = `${resource.group}|${type}|${format.kind === 'table' ? `table:${format.includeObject}` : 'object'}`;
    let byKey = this.lines.get(event);
    if (!byKey) {
      byKey = new Map();
      this.lines.set(event, byKey);
    }
    let bytes = byKey.get(key);
    if (!bytes) {
      bytes = this.encode(resource, type, stored, format);
      byKey.set(key, bytes);
    }
    return bytes;
  }

  /** Bytes for an object outside any store event (initial state of a watch): not shared. */
  encode(resource: ServedResource, type: WatchEventType, stored: ApiObject, format: WireFormat): Buffer {
    if (format.kind === 'table') {
      const table = toTable([stored], { resource, now: this.now(), includeObject: format.includeObject });
      return encodeLine(type, table);
    }
    return encodeLine(type, this.view(resource, stored));
  }
}
