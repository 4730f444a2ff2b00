/**
 * Secret references that lib/recording's stripForRecording (env values, envFrom) leaves in a pod spec: volume
 * sources (secret names, projected sources, CSI node-publish secrets, …) and imagePullSecrets. The analysis reads
 * none of them, so the live pipeline drops them where API objects enter it (server/kube/api-json.ts), before
 * anything keeps, streams or records an object. Volume names stay, so a reader still sees that volumes exist.
 */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function redactSecretReferences(object: Json): Json {
  if (!isObject(object.spec)) return object;
  const spec: Json = { ...object.spec };
  if (Array.isArray(spec.volumes)) spec.volumes = spec.volumes.map((volume) => (isObject(volume) && typeof volume.name === 'string' ? { name: volume.name } : {}));
  delete spec.imagePullSecrets;
  return { ...object, spec };
}
