/**
 * The live pipeline drops secret references where API objects enter it (server/kube/api-json.ts), before anything
 * keeps, streams or records an object, not only when a line is written: the engine's copy and the SSE stream must
 * not carry them either. The rule itself is the recording writer's (lib/recording/writer.ts), so every path agrees.
 */
import { isJsonObject, type JsonObject } from '@/lib/json-object';
import { withoutSecretReferences } from '@/lib/recording/writer';

export function redactSecretReferences(object: JsonObject): JsonObject {
  if (!isJsonObject(object.spec)) return object;
  return { ...object, spec: withoutSecretReferences(object.spec) };
}
