// What the console shows about one bulletin beyond its row: who it has reached (emergency panel) and each revision
// as saved (approval queue diff). Both read; both follow the bulletin's reach like GET /api/bulletins/:id.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { bulletinReach } from '../../workflow/bulletin-reach.js';
import { bulletinRevisions } from '../../workflow/bulletin-revisions.js';
import type { HubDeps } from '../hub-deps.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 8, maxLength: 64 }) });
const BY_ID = { kind: 'bulletin', param: 'id' } as const;

export function bulletinInsightRoutes(deps: HubDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: Static<typeof IdParams> }>(
      '/api/bulletins/:id/reach',
      { schema: { params: IdParams }, config: { permission: 'bulletin.read', target: BY_ID, docs: { summary: 'Devices of the target areas: online, playing it now, and what each logged for it', tags: ['bulletins'] } } },
      // The guard has loaded the bulletin (and refused an unknown one with HUB_ERR_BULLETIN_UNKNOWN).
      async (req) => bulletinReach(deps.db, await deps.areas.tree(), req.authzTarget!.bulletin!, deps.now()),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/api/bulletins/:id/revisions',
      { schema: { params: IdParams }, config: { permission: 'bulletin.read', target: BY_ID, docs: { summary: 'Each revision as its author saved it (from the audit log), oldest first', tags: ['bulletins'] } } },
      async (req) => ({ revisions: await bulletinRevisions(deps.db, req.params.id) }),
    );
  };
}
