/**
 * Server-side printing: `meta.k8s.io/v1 Table` answers for clients that ask `Accept: ...;as=Table;v=v1;g=meta.k8s.io`
 * (kubectl's human-readable output). Columns and cell rules follow k8s.io/kubernetes
 * `pkg/printers/internalversion/printers.go` (printPod, printEvent, printEndpointSlice, printDeployment), trimmed to what the
 * simulator's objects carry. Ages are measured on the simulated clock.
 */
import type { ApiObject } from '../object-store';
import type { ServedResource } from './resources';

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const column = (name: string, description: string, extra: Partial<TableColumn> = {}): TableColumn => ({
  name,
  type: 'string',
  format: '',
  description,
  priority: 0,
  ...extra,
});
const nameColumn = column('Name', 'Name must be unique within a namespace.', { format: 'name' });
const ageColumn = column(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);

const columnsByKind: Record<string, TableColumn[]> = {
  Pod: [
    nameColumn,
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'The number of times the containers in this pod have been restarted.'),
    ageColumn,
    column('IP', 'The IP address assigned to the pod.', { priority: 1 }),
    column('Node', 'The name of the node the pod is scheduled on.', { priority: 1 }),
  ],
  Event: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning).'),
    column('Reason', 'This should be a short, machine understandable string that gives the reason for this event.'),
    column('Object', 'The object that this event is about.'),
    column('Message', 'A human-readable description of the status of this operation.'),
    column('Count', 'The number of times this event has occurred.', { priority: 1 }),
  ],
  EndpointSlice: [
    nameColumn,
    column('AddressType', 'Type of address carried by this EndpointSlice.'),
    column('Ports', 'Ports advertised by this EndpointSlice.'),
    column('Endpoints', 'Endpoints in this EndpointSlice.'),
    ageColumn,
  ],
  Deployment: [
    nameColumn,
    column('Ready', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ageColumn,
    column('Containers', 'Names of each container in the template.', { priority: 1 }),
    column('Images', 'Images referenced by each container in the template.', { priority: 1 }),
    column(
      'Selector',
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
      { priority: 1 },
    ),
  ],
};

/** apimachinery `util/duration.HumanDuration`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (days < 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

function since(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '<unknown>';
  return humanDuration(now - Date.parse(timestamp));
}

type Json = Record<string, unknown>;
const record = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
const array = (value: unknown): Json[] => (Array.isArray(value) ? value.map(record) : []);

function podCells(pod: ApiObject, now: number): unknown[] {
  const spec = record(pod.spec);
  const status = record(pod.status);
  let reason = String(status.reason || status.phase || '');
  let restarts = 0;
  let ready = 0;
  let hasRunning = false;
  const statuses = array(status.containerStatuses);
  for (let i = statuses.length - 1; i >= 0; i--) {
    const container = statuses[i]!;
    const state = record(container.state);
    const waiting = record(state.waiting);
    const terminated = state.terminated ? record(state.terminated) : undefined;
    restarts += Number(container.restartCount ?? 0);
    if (waiting.reason) reason = String(waiting.reason);
    else if (terminated?.reason) reason = String(terminated.reason);
    else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
    else if (state.running) {
      hasRunning = true;
      if (container.ready) ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) {
    const podReady = array(status.conditions).some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    );
    reason = podReady ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const total = array(spec.containers).length;
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    reason,
    String(restarts),
    since(pod.metadata.creationTimestamp, now),
    status.podIP || '<none>',
    spec.nodeName || '<none>',
  ];
}

/** Cells come from the stored core/v1 Event, as the real printer works on the internal type for both views. */
function eventCells(event: ApiObject, now: number): unknown[] {
  const involved = record(event.involvedObject);
  const first = event.firstTimestamp ? since(event.firstTimestamp, now) : since(event.eventTime, now);
  const last = event.lastTimestamp ? since(event.lastTimestamp, now) : first;
  const object = `${String(involved.kind ?? '').toLowerCase()}/${String(involved.name ?? '')}`;
  return [last, event.type ?? '', event.reason ?? '', object, event.message ?? '', String(event.count ?? 1)];
}

function endpointSliceCells(slice: ApiObject, now: number): unknown[] {
  const ports = array(slice.ports);
  const portsCell =
    ports.length === 0
      ? '<unset>'
      : ports.map((port) => (port.port === undefined || port.port === null ? '<unset>' : String(port.port))).join(',');
  const addresses = array(slice.endpoints).flatMap((endpoint) =>
    Array.isArray(endpoint.addresses) ? endpoint.addresses.map(String) : [],
  );
  let endpointsCell = addresses.length === 0 ? '<unset>' : addresses.slice(0, 3).join(',');
  if (addresses.length > 3) endpointsCell += ` + ${addresses.length - 3} more...`;
  return [
    slice.metadata.name,
    slice.addressType ?? '',
    portsCell,
    endpointsCell,
    since(slice.metadata.creationTimestamp, now),
  ];
}

function deploymentCells(deployment: ApiObject, now: number): unknown[] {
  const spec = record(deployment.spec);
  const status = record(deployment.status);
  const containers = array(record(record(spec.template).spec).containers);
  const matchLabels = record(record(spec.selector).matchLabels);
  const selector = Object.keys(matchLabels)
    .sort()
    .map((key) => `${key}=${String(matchLabels[key])}`)
    .join(',');
  const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
  return [
    deployment.metadata.name,
    `${count(status.readyReplicas)}/${count(spec.replicas)}`,
    count(status.updatedReplicas),
    count(status.availableReplicas),
    since(deployment.metadata.creationTimestamp, now),
    containers.map((container) => String(container.name ?? '')).join(','),
    containers.map((container) => String(container.image ?? '')).join(','),
    selector || '<none>',
  ];
}

function cellsOf(kind: string, stored: ApiObject, now: number): unknown[] {
  if (kind === 'Pod') return podCells(stored, now);
  if (kind === 'Event') return eventCells(stored, now);
  if (kind === 'Deployment') return deploymentCells(stored, now);
  return endpointSliceCells(stored, now);
}

export interface TableOptions {
  resource: ServedResource;
  now: number;
  includeObject: IncludeObject;
  resourceVersion?: string;
}

function rowObject(view: ApiObject, includeObject: IncludeObject): Json | undefined {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return view;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: view.metadata };
}

/** A Table of stored objects; row objects are in the resource's view (events.k8s.io when asked there). */
export function toTable(stored: ApiObject[], options: TableOptions): Json {
  const kind = options.resource.kind;
  const rows = stored.map((object) => {
    const row: Json = { cells: cellsOf(kind, object, options.now) };
    const included = rowObject(options.resource.toView(object), options.includeObject);
    if (included) row.object = included;
    return row;
  });
  const metadata: Json = options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion };
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: columnsByKind[kind] ?? [], rows };
}

/** Whether the Accept header asks for a meta.k8s.io/v1 Table (kubectl lists Table first, plain JSON as fallback). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((clause) => {
    const params = clause.split(';').map((part) => part.trim());
    return params.includes('as=Table') && params.includes('v=v1') && params.includes('g=meta.k8s.io');
  });
}

export function parseIncludeObject(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}
