// Imports a recording or kubectl watch output, whole or nothing; the body is streamed (server/store/routes.ts).
import { getLiveRuntime } from '@/server/live/singleton';
import { importResponse } from '@/server/store/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function POST(request: Request): Promise<Response> {
  return importResponse(request, await getLiveRuntime());
}
