// Devices for officials and technicians: list, create with an enrolment code, revoke, rotate, signed commands.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Command, DeviceKind } from '@tinnguon/protocol';
import { subtree } from '../../areas/index.js';
import type { TargetSpec } from '../../authz/route-targets.js';
import { HubError } from '../../errors.js';
import type { HubDeps } from '../hub-deps.js';

const NewDeviceBody = Type.Object(
  {
    kind: DeviceKind,
    areaCode: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    location: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 3, maxLength: 64 }) });
type IdParams = Static<typeof IdParams>;
const BY_ID: TargetSpec = { kind: 'device', param: 'id' };

export function deviceRoutes(deps: HubDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/devices', { config: { permission: 'device.read', docs: { summary: 'Devices of my area subtree, with presence', tags: ['devices'] } } }, async (req) => {
      const root = req.principal?.area ?? null;
      return { devices: await deps.devices.list(root === null ? undefined : subtree(await deps.areas.tree(), root)) };
    });

    app.get<{ Params: IdParams }>('/api/devices/:id', { schema: { params: IdParams }, config: { permission: 'device.read', target: BY_ID, docs: { summary: 'One device', tags: ['devices'] } } }, async (req) => {
      const device = await deps.devices.get(req.params.id);
      if (device === undefined) throw new HubError('HUB_ERR_DEVICE_UNKNOWN', req.params.id);
      return { device };
    });

    app.post<{ Body: Static<typeof NewDeviceBody> }>(
      '/api/devices',
      {
        schema: { body: NewDeviceBody },
        config: { permission: 'device.manage', target: { kind: 'area', in: 'body', key: 'areaCode' }, docs: { summary: 'Create a device and its one-time enrolment code', tags: ['devices'] } },
      },
      async (req, reply) => {
        const { device, enrolmentCode } = await deps.devices.create(req.body);
        return reply.status(201).send({ device, enrolmentCode, hubUrl: deps.publicUrls.http });
      },
    );

    app.post<{ Params: IdParams }>('/api/devices/:id/revoke', { schema: { params: IdParams }, config: { permission: 'device.manage', target: BY_ID, docs: { summary: 'Revoke a device', tags: ['devices'] } } }, async (req) => {
      await deps.devices.revoke(req.params.id);
      // A revoked device must not keep a session it opened before (issue 3: revoke).
      deps.sessions.disconnect(req.params.id);
      return { ok: true };
    });

    app.post<{ Params: IdParams }>('/api/devices/:id/rotate', { schema: { params: IdParams }, config: { permission: 'device.manage', target: BY_ID, docs: { summary: 'Issue a new enrolment code (credential rotation)', tags: ['devices'] } } }, async (req) => ({
      enrolmentCode: await deps.devices.rotate(req.params.id),
    }));

    app.post<{ Params: IdParams; Body: Command }>(
      '/api/devices/:id/commands',
      { schema: { params: IdParams, body: Command }, config: { permission: 'device.command', target: BY_ID, docs: { summary: 'Send a signed command (volume, amplifier, playback, resync, reboot, snapshot)', tags: ['devices'] } } },
      async (req, reply) => {
        const device = await deps.devices.get(req.params.id);
        if (device === undefined || device.state !== 'active') throw new HubError('HUB_ERR_DEVICE_UNKNOWN', req.params.id);
        const envelope = await deps.dispatcher.sendCommand(device.id, req.body);
        return reply.status(202).send({ commandId: envelope.id });
      },
    );

    app.get<{ Params: IdParams }>('/api/devices/:id/commands', { schema: { params: IdParams }, config: { permission: 'device.read', target: BY_ID, docs: { summary: 'Commands sent to a device and their results', tags: ['devices'] } } }, async (req) => ({
      commands: await deps.db.all('SELECT id, command, issued_at AS issuedAt, result_ok AS ok, result_code AS code, result_detail AS detail, result_at AS resultAt FROM device_commands WHERE device_id = ? ORDER BY issued_at DESC LIMIT 100', [req.params.id]),
    }));
  };
}
