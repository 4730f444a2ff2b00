/**
 * Resource requests: list, get and watch for every served resource; delete and eviction for pods, delegated to
 * the cluster model through ClusterControl (the HTTP layer never changes pods itself).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimClock } from '../clock';
import type { ClusterControl, ControlResult } from '../control';
import type { ApiObject } from '../object-store';
import { parseDeleteRequest, parseEvictionRequest, readBody } from './bodies';
import { servedObject } from './encoding';
import { apiVersionOf, type ServedResource } from './resources';
import { fieldMatcher, labelMatcher, parseFieldSelector } from './selectors';
import { badRequest, forbidden, methodNotAllowed, notFound, sendJson, StatusError, successStatus } from './status';
import { parseIncludeObject, toTable, wantsTable } from './table';
import { serveWatch, type WatchContext } from './watch-stream';

export interface HandlerContext extends WatchContext {
  control: ClusterControl;
  clock: SimClock;
}

export interface ResourceRoute {
  resource: ServedResource;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const tableContentType = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** Namespace, label and field selectors, evaluated on the served view of an object. */
function matcherFor(route: ResourceRoute, query: URLSearchParams): (view: ApiObject) => boolean {
  const labels = labelMatcher(query.get('labelSelector'));
  const fields = fieldMatcher(parseFieldSelector(query.get('fieldSelector'), route.resource.fieldLabels));
  const namespace = route.namespace;
  return (view) =>
    (namespace === undefined || view.metadata.namespace === namespace) && labels(view.metadata.labels) && fields(view);
}

function isWatch(query: URLSearchParams): boolean {
  const watch = query.get('watch');
  return watch === 'true' || watch === '1';
}

/** Absent, empty and "0" mean "start from the current state"; anything else must be a resourceVersion we issued. */
function parseWatchResourceVersion(raw: string | null): number | undefined {
  if (raw === null || raw === '' || raw === '0') return undefined;
  if (!/^\d+$/.test(raw)) throw badRequest(`invalid resource version: ${raw}`);
  return Number(raw);
}

function parseTimeoutMs(raw: string | null): number | undefined {
  if (raw === null || raw === '' || raw === '0') return undefined;
  if (!/^\d+$/.test(raw)) throw badRequest(`timeoutSeconds: invalid value "${raw}"`);
  return Number(raw) * 1000;
}

/** A list item as the real apiserver sends it: without apiVersion/kind (the list carries them). */
function listItem(resource: ServedResource, stored: ApiObject): Omit<ApiObject, 'apiVersion' | 'kind'> {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = resource.toView(stored);
  return rest;
}

async function list(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  context: HandlerContext,
  query: URLSearchParams,
): Promise<void> {
  const { faults, store } = context;
  const matches = matcherFor(route, query);
  if (faults.listDelayMs > 0) await sleep(faults.listDelayMs);
  if (faults.takeFailingList())
    throw new StatusError({
      code: 500,
      reason: 'InternalError',
      message: 'Internal error occurred: simulated list failure',
    });
  const { resource } = route;
  const { items, resourceVersion } = store.list(resource.storage, (stored) => matches(resource.toView(stored)));
  faults.noteListServed();
  const metadata = { resourceVersion: String(resourceVersion) };
  if (wantsTable(req.headers.accept)) {
    const table = toTable(items, {
      resource,
      now: context.clock.now(),
      includeObject: parseIncludeObject(query.get('includeObject')),
      resourceVersion: metadata.resourceVersion,
    });
    sendJson(res, 200, table, tableContentType);
    return;
  }
  sendJson(res, 200, {
    kind: resource.listKind,
    apiVersion: apiVersionOf(resource),
    metadata,
    items: items.map((stored) => listItem(resource, stored)),
  });
}

function get(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute & { name: string },
  context: HandlerContext,
  query: URLSearchParams,
): void {
  const { resource } = route;
  const stored = context.store.get(resource.storage, route.namespace, route.name);
  if (!stored) throw notFound(resource.plural, route.name, resource.group);
  if (wantsTable(req.headers.accept)) {
    const table = toTable([stored], {
      resource,
      now: context.clock.now(),
      includeObject: parseIncludeObject(query.get('includeObject')),
      resourceVersion: stored.metadata.resourceVersion,
    });
    sendJson(res, 200, table, tableContentType);
    return;
  }
  sendJson(res, 200, servedObject(resource, stored));
}

function answerControl(result: ControlResult, onSuccess: (object: ApiObject) => void): void {
  if (!result.ok) throw new StatusError(result.status);
  onSuccess(result.object);
}

function requirePod(context: HandlerContext, resource: ServedResource, namespace: string, name: string): ApiObject {
  const pod = context.store.get('pods', namespace, name);
  if (!pod) throw notFound(resource.plural, name);
  return pod;
}

async function deletePod(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute & { namespace: string; name: string },
  context: HandlerContext,
  query: URLSearchParams,
): Promise<void> {
  const request = parseDeleteRequest(await readBody(req), query);
  const { resource, namespace, name } = route;
  if (request.dryRun) {
    sendJson(res, 200, servedObject(resource, requirePod(context, resource, namespace, name)));
    return;
  }
  // Pods return the object itself from DELETE (graceful: with deletionTimestamp; immediate: its last state).
  answerControl(context.control.deletePod(namespace, name, request.options), (object) =>
    sendJson(res, 200, servedObject(resource, object)),
  );
}

async function evictPod(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute & { namespace: string; name: string },
  context: HandlerContext,
): Promise<void> {
  const { resource, namespace, name } = route;
  const request = parseEvictionRequest(await readBody(req), namespace, name);
  if (request.dryRun) {
    requirePod(context, resource, namespace, name);
    sendJson(res, 201, successStatus(201));
    return;
  }
  answerControl(context.control.evictPod(namespace, name, request.options), () =>
    sendJson(res, 201, successStatus(201)),
  );
}

/** Who the simulator says was refused: drainscope's in-cluster service account (deploy/base). */
const SIMULATED_USER = 'system:serviceaccount:drainscope:drainscope';

export async function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  context: HandlerContext,
  query: URLSearchParams,
): Promise<void> {
  const { resource, namespace, name, subresource } = route;
  const method = req.method ?? 'GET';
  const isCorePods = resource.group === '' && resource.plural === 'pods';
  if (method === 'GET' && subresource === undefined && context.faults.isForbidden(resource.plural)) {
    const verb = name !== undefined && !isWatch(query) ? 'get' : isWatch(query) ? 'watch' : 'list';
    throw forbidden({ verb, resource: resource.plural, group: resource.group, namespace, user: SIMULATED_USER });
  }
  if (subresource !== undefined) {
    if (!isCorePods || subresource !== 'eviction' || namespace === undefined || name === undefined)
      throw notFound(resource.plural, name ?? '', resource.group);
    if (method !== 'POST') throw methodNotAllowed();
    return evictPod(req, res, { ...route, namespace, name }, context);
  }
  if (name === undefined || (method === 'GET' && isWatch(query))) {
    if (method !== 'GET') throw methodNotAllowed();
    if (!isWatch(query)) return list(req, res, route, context, query);
    const matches = matcherFor(route, query);
    serveWatch(
      res,
      {
        resource,
        // GET .../NAME?watch=true watches one object, like a metadata.name field selector.
        matches: name === undefined ? matches : (view) => view.metadata.name === name && matches(view),
        sinceResourceVersion: parseWatchResourceVersion(query.get('resourceVersion')),
        format: wantsTable(req.headers.accept)
          ? { kind: 'table', includeObject: parseIncludeObject(query.get('includeObject')) }
          : { kind: 'object' },
        bookmarks: query.get('allowWatchBookmarks') === 'true',
        timeoutMs: parseTimeoutMs(query.get('timeoutSeconds')),
      },
      context,
    );
    return;
  }
  if (namespace === undefined) throw notFound(resource.plural, name, resource.group);
  if (method === 'GET') return get(req, res, { ...route, name }, context, query);
  if (method === 'DELETE' && isCorePods) return deletePod(req, res, { ...route, namespace, name }, context, query);
  throw methodNotAllowed();
}
