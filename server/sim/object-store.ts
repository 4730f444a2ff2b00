/**
 * The simulated apiserver's storage: every served object, one global increasing resourceVersion, and a bounded
 * window of recent changes from which watches resume (like etcd's compaction window behind the watch cache).
 * The cluster model writes here; the HTTP layer reads, lists and watches. Objects are plain API JSON.
 */
import { randomUUID } from 'node:crypto';
import type { SimClock } from './clock';

export type SimResource = 'pods' | 'events' | 'endpointslices' | 'deployments';
export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** An API object as JSON; `metadata` is always present once stored. */
export interface ApiObject {
  apiVersion: string;
  kind: string;
  metadata: ApiMetadata;
  [field: string]: unknown;
}

export interface ApiMetadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  generateName?: string;
  labels?: Record<string, string>;
  [field: string]: unknown;
}

export interface StoreEvent {
  type: StoreEventType;
  resource: SimResource;
  /** The object after the change (for DELETED, its last state with the deletion's resourceVersion). */
  object: ApiObject;
  resourceVersion: number;
  /**
   * The object's state before this change (absent for ADDED). Watches with selectors need it: the watch cache
   * sends DELETED when an object stops matching and ADDED when it starts to (apiserver cacher `cache_watcher.go`).
   */
  previousObject?: ApiObject;
}

export type StoreListener = (event: StoreEvent) => void;

/** A watch asked to resume from a resourceVersion older than the history window (HTTP 410 Gone / `Expired`). */
export class ResourceVersionExpiredError extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

export interface ObjectStoreOptions {
  clock: SimClock;
  /** How many past changes a watch can resume from. */
  historyWindow?: number;
  /** resourceVersion to start counting from (a restarted apiserver keeps counting upward). */
  initialResourceVersion?: number;
  newUid?: () => string;
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function ownerUids(object: ApiObject | undefined): string[] {
  const owners = object?.metadata.ownerReferences;
  return Array.isArray(owners)
    ? owners.flatMap((owner: { uid?: unknown }) => (typeof owner.uid === 'string' ? [owner.uid] : []))
    : [];
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export class ObjectStore {
  private resourceVersion: number;
  private readonly objects: Record<SimResource, Map<string, ApiObject>> = {
    pods: new Map(),
    events: new Map(),
    endpointslices: new Map(),
    deployments: new Map(),
  };
  /** Owner uid → keys of the objects whose ownerReferences name it: a controller's objects without a scan. */
  private readonly owned: Record<SimResource, Map<string, Set<string>>> = {
    pods: new Map(),
    events: new Map(),
    endpointslices: new Map(),
    deployments: new Map(),
  };
  private history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private readonly historyWindow: number;
  private readonly clock: SimClock;
  private readonly newUid: () => string;
  private readonly namespaceUids = new Map<string, string>();

  constructor(options: ObjectStoreOptions) {
    this.clock = options.clock;
    this.historyWindow = options.historyWindow ?? 2000;
    this.resourceVersion = options.initialResourceVersion ?? 1000;
    this.newUid = options.newUid ?? randomUUID;
  }

  /**
   * A namespace's UID: given the first time it is asked for and kept, so it is stable for this simulated cluster
   * and differs from every other one's (drainscope tells clusters apart by kube-system's, server/kube/cluster-identity.ts),
   * even one running the same scenario and seed: random, not from the seeded `newUid`, which would also shift the
   * pods' seeded UIDs by when a client first asked.
   */
  namespaceUid(name: string): string {
    let uid = this.namespaceUids.get(name);
    if (uid === undefined) {
      uid = randomUUID();
      this.namespaceUids.set(name, uid);
    }
    return uid;
  }

  get currentResourceVersion(): number {
    return this.resourceVersion;
  }

  /** The oldest resourceVersion a watch may still resume after. */
  get oldestResumableVersion(): number {
    return this.history[0] ? this.history[0].resourceVersion - 1 : this.resourceVersion;
  }

  get(resource: SimResource, namespace: string | undefined, name: string): ApiObject | undefined {
    const found = this.objects[resource].get(keyOf(namespace, name));
    return found && clone(found);
  }

  /** The stored object itself, not a copy (see `scan`): read it, never mutate or keep it. */
  peek(resource: SimResource, namespace: string | undefined, name: string): Readonly<ApiObject> | undefined {
    return this.objects[resource].get(keyOf(namespace, name));
  }

  list(
    resource: SimResource,
    filter?: (object: ApiObject) => boolean,
  ): { items: ApiObject[]; resourceVersion: number } {
    const items: ApiObject[] = [];
    for (const object of this.objects[resource].values()) if (!filter || filter(object)) items.push(clone(object));
    return { items, resourceVersion: this.resourceVersion };
  }

  /**
   * The stored objects themselves, not copies, for the model's read-only scans: its controllers look over every pod
   * on each reconcile, and a copy of each pod every time made a 10,000-pod rollout quadratic in copies. Callers must
   * neither mutate nor keep them (stored objects are replaced on change, so a kept one silently goes stale).
   */
  scan(resource: SimResource, filter?: (object: Readonly<ApiObject>) => boolean): readonly Readonly<ApiObject>[] {
    const items: ApiObject[] = [];
    for (const object of this.objects[resource].values()) if (!filter || filter(object)) items.push(object);
    return items;
  }

  /** The stored objects (see `scan`) that name `ownerUid` in their ownerReferences. */
  ownedBy(resource: SimResource, ownerUid: string): readonly Readonly<ApiObject>[] {
    const items: ApiObject[] = [];
    for (const key of this.owned[resource].get(ownerUid) ?? []) {
      const object = this.objects[resource].get(key);
      if (object) items.push(object);
    }
    return items;
  }

  /** Stores a new object, filling uid, resourceVersion and creationTimestamp. Throws if the name is taken. */
  create(resource: SimResource, object: ApiObject): ApiObject {
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    if (this.objects[resource].has(key)) throw new Error(`${resource} ${key} already exists`);
    const stored = clone(object);
    stored.metadata.uid ??= this.newUid();
    stored.metadata.creationTimestamp ??= new Date(Math.floor(this.clock.now() / 1000) * 1000)
      .toISOString()
      .replace('.000Z', 'Z');
    return this.commit('ADDED', resource, key, stored);
  }

  /** Replaces an existing object with `mutate(copy)`; returns the stored result, or undefined if it is gone. */
  update(
    resource: SimResource,
    namespace: string | undefined,
    name: string,
    mutate: (object: ApiObject) => void,
  ): ApiObject | undefined {
    const key = keyOf(namespace, name);
    const current = this.objects[resource].get(key);
    if (!current) return undefined;
    const next = clone(current);
    mutate(next);
    return this.commit('MODIFIED', resource, key, next);
  }

  delete(resource: SimResource, namespace: string | undefined, name: string): ApiObject | undefined {
    const key = keyOf(namespace, name);
    const current = this.objects[resource].get(key);
    if (!current) return undefined;
    return this.commit('DELETED', resource, key, clone(current));
  }

  /**
   * Subscribes to changes after `sinceResourceVersion` (replaying the history window first), or only to new
   * changes when it is undefined. Throws ResourceVersionExpiredError when the history no longer reaches back.
   */
  watch(resource: SimResource, sinceResourceVersion: number | undefined, listener: StoreListener): () => void {
    if (sinceResourceVersion !== undefined) {
      if (sinceResourceVersion < this.oldestResumableVersion) {
        throw new ResourceVersionExpiredError(sinceResourceVersion, this.oldestResumableVersion);
      }
      for (const event of this.history) {
        if (event.resource === resource && event.resourceVersion > sinceResourceVersion) listener(event);
      }
    }
    const filtered: StoreListener = (event) => {
      if (event.resource === resource) listener(event);
    };
    this.listeners.add(filtered);
    return () => this.listeners.delete(filtered);
  }

  /** Subscribes to every change of every resource (recorders, ground truth). */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the change history, as an apiserver restarted with an empty watch cache does: old resourceVersions expire. */
  forgetHistory(): void {
    this.history = [];
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private commit(type: StoreEventType, resource: SimResource, key: string, object: ApiObject): ApiObject {
    this.resourceVersion += 1;
    object.metadata.resourceVersion = String(this.resourceVersion);
    // Stored objects are replaced, never mutated in place, so keeping the reference is safe.
    const previousObject = this.objects[resource].get(key);
    if (type === 'DELETED') this.objects[resource].delete(key);
    else this.objects[resource].set(key, object);
    this.reindex(resource, key, previousObject, type === 'DELETED' ? undefined : object);
    const event: StoreEvent = { type, resource, object, resourceVersion: this.resourceVersion, previousObject };
    this.history.push(event);
    if (this.history.length > this.historyWindow) this.history.splice(0, this.history.length - this.historyWindow);
    for (const listener of [...this.listeners]) listener(event);
    return clone(object);
  }

  /** Keeps `owned` in step with a change; an owner named before and after keeps its keys' order. */
  private reindex(
    resource: SimResource,
    key: string,
    before: ApiObject | undefined,
    after: ApiObject | undefined,
  ): void {
    const was = ownerUids(before);
    const is = ownerUids(after);
    for (const uid of was) {
      if (is.includes(uid)) continue;
      const keys = this.owned[resource].get(uid);
      keys?.delete(key);
      if (keys?.size === 0) this.owned[resource].delete(uid);
    }
    for (const uid of is) {
      if (was.includes(uid)) continue;
      let keys = this.owned[resource].get(uid);
      if (!keys) this.owned[resource].set(uid, (keys = new Set()));
      keys.add(key);
    }
  }
}
