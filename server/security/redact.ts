/**
 * The live pipeline drops secret references where API objects enter it (server/kube/api-json.ts), before anything
 * keeps, streams or records an object, not only when a line is written: the engine's copy and the SSE stream must
 * not carry them either. The rule itself is the recording writer's (lib/recording/writer.ts), so every path agrees.
 */
import { withoutSecretReferences } from '@/lib/recording/writer';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function redactSecretReferences(object: Json): Json {
  if (!isObject(object.spec)) return object;
  return { ...object, spec: withoutSecretReferences(object.spec) };
}
