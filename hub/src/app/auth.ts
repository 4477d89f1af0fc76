// Who is calling. Officials' routes take the admin bearer token until accounts land (issue 4); device routes take
// the device's own credentials as HTTP Basic, the same ones it uses for MQTT.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Device, DeviceRepository } from '../devices/device-repository.js';
import { HubError } from '../errors.js';
import { bearerMatches } from './admin-token.js';

export function requireAdmin(token: string) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!bearerMatches(req.headers.authorization, token)) throw new HubError('HUB_ERR_UNAUTHENTICATED');
  };
}

export function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  if (header === undefined || !header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon <= 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function authenticateDevice(req: FastifyRequest, devices: DeviceRepository): Promise<Device> {
  const creds = basicCredentials(req.headers.authorization);
  const device = creds === undefined ? undefined : await devices.authenticate(creds.username, creds.password);
  if (device === undefined) throw new HubError('HUB_ERR_UNAUTHENTICATED');
  return device;
}
