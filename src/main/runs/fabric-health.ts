import { FABRIC_SCOPE, type FabricClients } from '../fabric';

type Report = (part: 'fabric' | 'onelake', status: 'ok' | 'degraded' | 'down', message: string) => void;

/**
 * Health of Fabric (a token) and OneLake (the Files folder) for the header's indicators: when a backend
 * opens, and again after a sign-in (a signed-in-user profile's first check is often before it).
 */
export async function probeFabricHealth(fabric: FabricClients, report: Report): Promise<void> {
  const say = (e: unknown): string => (e instanceof Error ? e.message : String(e));
  await fabric.tokens
    .getToken(FABRIC_SCOPE)
    .then(() => report('fabric', 'ok', 'Signed in to Fabric.'))
    .catch((e: unknown) => report('fabric', 'down', say(e)));
  await fabric.onelake
    .exists('Files')
    .then((ok) =>
      report(
        'onelake',
        ok ? 'ok' : 'degraded',
        ok ? 'Lakehouse reachable.' : 'The lakehouse has no Files folder.',
      ),
    )
    .catch((e: unknown) => report('onelake', 'down', say(e)));
}
