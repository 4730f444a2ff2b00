/**
 * One pod as an EndpointSlice endpoint, following staging/src/k8s.io/endpointslice/utils.go `podToEndpoint` and
 * `ShouldPodBeInEndpoints`: a terminal pod or one without an address of the family is left out; a terminating
 * pod stays in with `ready:false, serving:<pod Ready>, terminating:true` (ready is never true while terminating
 * unless the Service publishes not-ready addresses).
 */
import { isPodReady, isPodTerminal, type PodObject } from '../pod-json';
import type { AddressType } from '../types';

export interface EndpointJson {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

function addressOf(pod: PodObject, addressType: AddressType): string | undefined {
  const ips = pod.status.podIPs?.map((p) => p.ip) ?? (pod.status.podIP ? [pod.status.podIP] : []);
  return ips.find((ip) => (addressType === 'IPv6' ? ip.includes(':') : !ip.includes(':')));
}

export function podToEndpoint(
  pod: PodObject,
  options: { addressType: AddressType; publishNotReadyAddresses: boolean },
): EndpointJson | undefined {
  if (isPodTerminal(pod)) return undefined;
  const address = addressOf(pod, options.addressType);
  if (!address) return undefined;
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const serving = isPodReady(pod);
  const ready = options.publishNotReadyAddresses || (serving && !terminating);
  const endpoint: EndpointJson = {
    addresses: [address],
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (pod.spec.nodeName) endpoint.nodeName = pod.spec.nodeName;
  return endpoint;
}

/** The identity of an endpoint across writes (endpointslice util `hashEndpoint`: addresses and the target). */
export function endpointKey(endpoint: EndpointJson): string {
  return `${endpoint.targetRef.uid}/${[...endpoint.addresses].sort().join(',')}`;
}
