// Entry point for the composition root: validated limits in, an idle broker out (style.md §1, §2).
import { resolveBrokerLimits, type BrokerLimits } from './broker-limits.js';
import type { DeviceAuthenticator } from './connect-policy.js';
import type { BrokerLogger } from './broker-events.js';
import { DeviceBroker } from './device-broker.js';

export interface CreateBrokerOptions {
  readonly authenticator: DeviceAuthenticator;
  readonly logger?: BrokerLogger;
  readonly limits?: Partial<BrokerLimits>;
}

/** Builds the broker (nothing listens until `start()`); invalid limits fail here with HUB_ERR_CONFIG_INVALID. */
export function createBroker(options: CreateBrokerOptions): DeviceBroker {
  return new DeviceBroker(options.authenticator, resolveBrokerLimits(options.limits), options.logger);
}
