import { FABRIC_SCOPE, type FabricClients } from '../fabric';
import type { HealthPartName, HealthPart } from '../app/health';

type Report = (part: HealthPartName, status: HealthPart['status'], message: string) => void;

/**
 * The backend checks Fabric and OneLake once when it opens, which for a signed-in-user profile is often
 * before the sign-in: after one, say what they answer now (the header's indicators).
 */
export async function recheckFabricHealth(fabric: FabricClients, report: Report): Promise<void> {
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
