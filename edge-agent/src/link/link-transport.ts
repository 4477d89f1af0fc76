// The MQTT transport behind a small interface (style.md §5), so simulators can run thousands of agents over one
// in-process broker connection or a fake, and tests can cut the link at will. The default is MQTT.js.

export interface LinkWill {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: 0 | 1;
  readonly retain: boolean;
}

export interface LinkConnectOptions {
  readonly url: string;
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
  readonly keepaliveSec: number;
  readonly connectTimeoutMs: number;
  readonly will: LinkWill;
}

export interface LinkHandlers {
  onMessage(topic: string, payload: Buffer): void;
  /** The connection is gone (network, broker, keepalive); called once. */
  onClose(): void;
}

export interface LinkConnection {
  /** QoS 1 subscriptions; rejects when the broker refuses one. */
  subscribe(topics: readonly string[]): Promise<void>;
  /** Resolves once the broker has it (PUBACK for QoS 1); rejects if the connection closes first. */
  publish(topic: string, payload: Buffer, options: { readonly qos: 0 | 1; readonly retain: boolean }): Promise<void>;
  /** A clean DISCONNECT: the broker drops the will. */
  end(): Promise<void>;
}

export interface LinkTransport {
  connect(options: LinkConnectOptions, handlers: LinkHandlers): Promise<LinkConnection>;
}
