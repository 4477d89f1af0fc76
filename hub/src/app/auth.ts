// Device routes take the device's own credentials as HTTP Basic, the same ones it uses for MQTT. Officials are
// authenticated and authorised centrally by the trust layer (authz/install-trust.ts).
import type { FastifyRequest } from 'fastify';
import type { Device, DeviceRepository } from '../devices/device-repository.js';
import { HubError } from '../errors.js';

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
