/**
 * List and watch for one resource in one scope (all namespaces or one), the seam between the reflector's logic and
 * HTTP. The reflector is tested against a fake of this interface; the real one is client-node's typed list plus
 * ./watch-stream.ts.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { WatchResource } from '@/lib/recording/types';
import { toApiJson, type ApiJson } from './api-json';
import type { ListClient, ListResult } from './list';
import { openWatchStream, silenceLimit, type WatchStream } from './watch-stream';

export interface WatchHandlers {
  onOpen(): void;
  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: ApiJson): void;
  onBookmark(resourceVersion: string): void;
  /** An event whose object is not an object at all (the schema check comes later, in the manager). */
  onMalformed(problem: string): void;
}

export interface WatchRequestOptions {
  /**
   * The server has sent this scope a BOOKMARK before, so it sends them periodically (kube-apiserver: about once a
   * minute, from its watch cache): silence past the hang bound means the watch is hung. Without bookmarks (the
   * apiserver serves core/v1 Events without a watch cache by default, and so without bookmarks) a quiet watch is
   * silent by nature; only silence past the watch's own timeoutSeconds, when the server must have ended it, proves
   * a hang.
   */
  bookmarksExpected: boolean;
  /** The largest interval between two bookmarks seen on this scope so far (null: fewer than two seen). */
  bookmarkGapMs: number | null;
  onBookmarkGap(gapMs: number): void;
}

export interface ResourceClient {
  readonly resource: WatchResource;
  readonly namespace: string | null;
  list(signal: AbortSignal): Promise<ListResult>;
  watch(resourceVersion: string, handlers: WatchHandlers, options: WatchRequestOptions): WatchStream;
}

export interface ResourceClientOptions {
  kubeConfig: KubeConfig;
  listClient: ListClient;
  resource: WatchResource;
  namespace: string | null;
  /** Pods only: EndpointSlices, Events and Deployments do not carry the pods' labels (or not only them). */
  labelSelector: string | null;
  /** Silence (no event, no bookmark) that makes a watch that receives bookmarks count as hung. */
  hangTimeoutMs: number;
  listTimeoutMs: number;
  /** The server ends each watch after this long (randomised up to twice, as client-go does) so watches renew. */
  watchTimeoutSeconds: number;
  random?: () => number;
}

const basePaths: Record<WatchResource, string> = {
  pods: '/api/v1',
  events: '/api/v1',
  endpointslices: '/apis/discovery.k8s.io/v1',
  deployments: '/apis/apps/v1',
};

export function collectionPath(resource: WatchResource, namespace: string | null): string {
  const namespaced = namespace === null ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${basePaths[resource]}${namespaced}/${resource}`;
}

function resourceVersionOf(object: unknown): string | null {
  if (typeof object !== 'object' || object === null) return null;
  const metadata = (object as { metadata?: { resourceVersion?: unknown } }).metadata;
  return typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : null;
}

export function createResourceClient(options: ResourceClientOptions): ResourceClient {
  const random = options.random ?? Math.random;
  const labelSelector = options.resource === 'pods' ? options.labelSelector : null;
  return {
    resource: options.resource,
    namespace: options.namespace,
    list: (signal) =>
      options.listClient.list(
        { resource: options.resource, namespace: options.namespace, labelSelector, timeoutMs: options.listTimeoutMs },
        signal,
      ),
    watch(resourceVersion, handlers, watchOptions) {
      const server = options.kubeConfig.getCurrentCluster()?.server;
      if (!server) throw new Error('the kubeconfig has no current cluster');
      const url = new URL(`${server.replace(/\/+$/, '')}${collectionPath(options.resource, options.namespace)}`);
      url.searchParams.set('watch', 'true');
      url.searchParams.set('resourceVersion', resourceVersion);
      url.searchParams.set('allowWatchBookmarks', 'true');
      const timeoutSeconds = Math.round(options.watchTimeoutSeconds * (1 + random()));
      url.searchParams.set('timeoutSeconds', String(timeoutSeconds));
      if (labelSelector) url.searchParams.set('labelSelector', labelSelector);
      return openWatchStream({
        kubeConfig: options.kubeConfig,
        url,
        idleTimeoutMs: watchOptions.bookmarksExpected
          ? silenceLimit(options.hangTimeoutMs, watchOptions.bookmarkGapMs)
          : timeoutSeconds * 1000 + options.hangTimeoutMs,
        bookmarkIdleTimeoutMs: options.hangTimeoutMs,
        bookmarkGapMs: watchOptions.bookmarkGapMs,
        onBookmarkGap: watchOptions.onBookmarkGap,
        onOpen: handlers.onOpen,
        onMalformed: handlers.onMalformed,
        onEvent(type, object) {
          if (type === 'BOOKMARK') {
            const bookmarked = resourceVersionOf(object);
            if (bookmarked) handlers.onBookmark(bookmarked);
            return;
          }
          let json: ApiJson;
          try {
            json = toApiJson(options.resource, object);
          } catch (error) {
            handlers.onMalformed(error instanceof Error ? error.message : String(error));
            return;
          }
          handlers.onEvent(type, json);
        },
      });
    },
  };
}
