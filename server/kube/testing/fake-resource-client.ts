/** A scriptable ResourceClient for reflector tests: lists answer from a function, watches are driven by the test. */
import type { WatchResource } from '@/lib/recording/types';
import type { ApiJson } from '../api-json';
import type { ListResult } from '../list';
import type { ResourceClient, WatchHandlers, WatchRequestOptions } from '../resource-client';
import type { WatchEnd, WatchStream } from '../watch-stream';

export interface FakeWatch {
  resourceVersion: string;
  handlers: WatchHandlers;
  end(result: WatchEnd): void;
  ended: boolean;
}

export class FakeResourceClient implements ResourceClient {
  readonly watches: FakeWatch[] = [];
  /** `bookmarksExpected` of each watch request, in order. */
  readonly bookmarkExpectations: boolean[] = [];
  listCalls = 0;

  constructor(
    public listImpl: (call: number) => ListResult | Error,
    readonly resource: WatchResource = 'pods',
    readonly namespace: string | null = null,
  ) {}

  async list(): Promise<ListResult> {
    this.listCalls += 1;
    const result = this.listImpl(this.listCalls);
    if (result instanceof Error) throw result;
    return result;
  }

  watch(resourceVersion: string, handlers: WatchHandlers, options: WatchRequestOptions): WatchStream {
    this.bookmarkExpectations.push(options.bookmarksExpected);
    let resolve: (end: WatchEnd) => void = () => undefined;
    const done = new Promise<WatchEnd>((r) => (resolve = r));
    const watch: FakeWatch = {
      resourceVersion,
      handlers,
      ended: false,
      end(result) {
        if (watch.ended) return;
        watch.ended = true;
        resolve(result);
      },
    };
    this.watches.push(watch);
    return { done, stop: () => watch.end({ kind: 'stopped' }) };
  }

  get current(): FakeWatch | undefined {
    const last = this.watches.at(-1);
    return last && !last.ended ? last : undefined;
  }
}

export function pod(name: string, resourceVersion: string, uid = `uid-${name}`): ApiJson {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', uid, resourceVersion },
    spec: { containers: [] },
  };
}
