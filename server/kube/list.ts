/**
 * Lists one resource through client-node's typed APIs, page by page, and normalises every item to API JSON
 * (./api-json.ts). client-node 1.4 has no client-side timeout on requests either, so each page carries an abort
 * signal through a request middleware and a deadline.
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  type KubeConfig,
  Observable,
  type ObservableMiddleware,
} from '@kubernetes/client-node';
import type { WatchResource } from '@/lib/recording/types';
import { toApiJson, type ApiJson } from './api-json';
import { describeHttpFailure, type RequestScope } from './rbac';

export interface ListResult {
  items: ApiJson[];
  resourceVersion: string;
}

export interface ListOptions {
  resource: WatchResource;
  namespace: string | null;
  labelSelector: string | null;
  timeoutMs: number;
  pageSize?: number;
}

/** An API request that failed with an HTTP status (or none, for network failures), in words a person can act on. */
export class KubeRequestError extends Error {
  constructor(
    readonly statusCode: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

interface ListPage {
  items: unknown[];
  metadata?: { resourceVersion?: string; _continue?: string };
}

type PageRequest = { _continue?: string; limit: number; labelSelector?: string; timeoutSeconds: number };
type PageOptions = Parameters<CoreV1Api['listPodForAllNamespaces']>[1];

export interface ListClient {
  /** `signal` cancels the whole list (drainscope is stopping). */
  list(options: ListOptions, signal?: AbortSignal): Promise<ListResult>;
}

function detailOf(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string')
    return body.message;
  return '';
}

/** Request options that attach `signal` to every request (client-node's generated APIs take Observable middleware). */
function signalOptions(signal: AbortSignal): PageOptions {
  const middleware: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

export function createListClient(kubeConfig: KubeConfig): ListClient {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const discovery = kubeConfig.makeApiClient(DiscoveryV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);

  const fetchPage = (options: ListOptions, request: PageRequest, config: PageOptions): Promise<ListPage> => {
    const namespace = options.namespace;
    switch (options.resource) {
      case 'pods':
        return namespace === null
          ? core.listPodForAllNamespaces(request, config)
          : core.listNamespacedPod({ ...request, namespace }, config);
      case 'events':
        return namespace === null
          ? core.listEventForAllNamespaces(request, config)
          : core.listNamespacedEvent({ ...request, namespace }, config);
      case 'endpointslices':
        return namespace === null
          ? discovery.listEndpointSliceForAllNamespaces(request, config)
          : discovery.listNamespacedEndpointSlice({ ...request, namespace }, config);
      case 'deployments':
        return namespace === null
          ? apps.listDeploymentForAllNamespaces(request, config)
          : apps.listNamespacedDeployment({ ...request, namespace }, config);
    }
  };

  return {
    async list(options, signal) {
      const scope: RequestScope = { verb: 'list', resource: options.resource, namespace: options.namespace };
      const controller = new AbortController();
      const deadline = setTimeout(() => controller.abort(), options.timeoutMs);
      deadline.unref?.();
      const config = signalOptions(signal ? AbortSignal.any([signal, controller.signal]) : controller.signal);
      const items: ApiJson[] = [];
      let resourceVersion = '';
      let continueToken: string | undefined;
      try {
        do {
          const request: PageRequest = {
            limit: options.pageSize ?? 500,
            timeoutSeconds: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
            ...(continueToken ? { _continue: continueToken } : {}),
            ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
          };
          const page = await fetchPage(options, request, config);
          for (const item of page.items) items.push(toApiJson(options.resource, item));
          resourceVersion = page.metadata?.resourceVersion ?? '';
          continueToken = page.metadata?._continue || undefined;
        } while (continueToken);
      } catch (error) {
        if (error instanceof ApiException)
          throw new KubeRequestError(error.code, describeHttpFailure(scope, error.code, detailOf(error.body)));
        const message = controller.signal.aborted
          ? `no answer within ${options.timeoutMs} ms`
          : error instanceof Error
            ? error.message
            : String(error);
        throw new KubeRequestError(null, `list ${options.resource} failed: ${message}`);
      } finally {
        clearTimeout(deadline);
      }
      return { items, resourceVersion };
    },
  };
}
