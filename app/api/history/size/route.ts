// How many stored lines a range holds, asked by the review before it downloads them (server/store/routes.ts).
import { getLiveRuntime } from '@/server/live/singleton';
import { rangeSizeResponse } from '@/server/store/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return rangeSizeResponse(request, await getLiveRuntime());
}
