/**
 * The resources the simulated apiserver serves, and how each is read from the ObjectStore. apps/v1 Deployments are
 * written by the model's deployment controller (model/workloads/deployment-object.ts). events.k8s.io/v1 Events
 * are a second view of the stored core/v1 Events, converted on the way out like the real apiserver's conversion
 * (k8s.io/kubernetes `pkg/apis/events/v1/conversion.go`).
 */
import type { ApiObject, SimResource } from '../object-store';

export interface ServedResource {
  plural: string;
  singularName: string;
  group: '' | 'apps' | 'discovery.k8s.io' | 'events.k8s.io';
  version: 'v1';
  kind: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  storage: SimResource;
  /** Field labels accepted by `fieldSelector` (apart from them, the apiserver answers 400). */
  fieldLabels: readonly string[];
  /** Turns a stored object into what this resource serves; identity except for events.k8s.io. */
  toView: (stored: ApiObject) => ApiObject;
}

const metadataFields = ['metadata.name', 'metadata.namespace'] as const;

export function apiVersionOf(resource: Pick<ServedResource, 'group' | 'version'>): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** core/v1 Event → events.k8s.io/v1 Event. Same uid and resourceVersion: the two are one stored object. */
export function toEventsV1(core: ApiObject): ApiObject {
  const source = (core.source ?? undefined) as { component?: string; host?: string } | undefined;
  const view: ApiObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: core.metadata,
    eventTime: core.eventTime ?? null,
    reportingController: (core.reportingComponent as string | undefined) || source?.component || undefined,
    reportingInstance: (core.reportingInstance as string | undefined) || source?.host || undefined,
    action: core.action,
    reason: core.reason,
    regarding: core.involvedObject,
    related: core.related,
    note: core.message,
    type: core.type,
    series: core.series,
    deprecatedSource: source,
    deprecatedFirstTimestamp: core.firstTimestamp,
    deprecatedLastTimestamp: core.lastTimestamp,
    deprecatedCount: core.count,
  };
  for (const key of Object.keys(view)) if (view[key] === undefined) delete view[key];
  return view;
}

const identity = (stored: ApiObject): ApiObject => stored;

export const servedResources: readonly ServedResource[] = [
  {
    plural: 'pods',
    singularName: 'pod',
    group: '',
    version: 'v1',
    kind: 'Pod',
    listKind: 'PodList',
    shortNames: ['po'],
    categories: ['all'],
    verbs: ['delete', 'get', 'list', 'watch'],
    storage: 'pods',
    // pkg/registry/core/pod/strategy.go ToSelectableFields (the string-valued ones).
    fieldLabels: [
      ...metadataFields,
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
    toView: identity,
  },
  {
    plural: 'events',
    singularName: 'event',
    group: '',
    version: 'v1',
    kind: 'Event',
    listKind: 'EventList',
    shortNames: ['ev'],
    categories: [],
    verbs: ['get', 'list', 'watch'],
    storage: 'events',
    // pkg/registry/core/event/strategy.go ToSelectableFields.
    fieldLabels: [
      ...metadataFields,
      ...['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map(
        (field) => `involvedObject.${field}`,
      ),
      'reason',
      'reportingComponent',
      'type',
    ],
    toView: identity,
  },
  {
    plural: 'endpointslices',
    singularName: 'endpointslice',
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    listKind: 'EndpointSliceList',
    shortNames: [],
    categories: [],
    verbs: ['get', 'list', 'watch'],
    storage: 'endpointslices',
    fieldLabels: [...metadataFields],
    toView: identity,
  },
  {
    plural: 'events',
    singularName: 'event',
    group: 'events.k8s.io',
    version: 'v1',
    kind: 'Event',
    listKind: 'EventList',
    // Only core Events answer to `ev`: two resources with one short name make kubectl warn on every use.
    shortNames: [],
    categories: [],
    verbs: ['get', 'list', 'watch'],
    storage: 'events',
    // The core field labels under their events.k8s.io names (pkg/apis/events/v1/conversion.go).
    fieldLabels: [
      ...metadataFields,
      ...['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map(
        (field) => `regarding.${field}`,
      ),
      'reason',
      'reportingController',
      'type',
    ],
    toView: toEventsV1,
  },
  {
    plural: 'deployments',
    singularName: 'deployment',
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    listKind: 'DeploymentList',
    shortNames: ['deploy'],
    categories: ['all'],
    verbs: ['get', 'list', 'watch'],
    storage: 'deployments',
    fieldLabels: [...metadataFields],
    toView: identity,
  },
];

export function findResource(group: string, version: string, plural: string): ServedResource | undefined {
  return servedResources.find(
    (resource) => resource.group === group && resource.version === version && resource.plural === plural,
  );
}
