// A real agent (createAgent: the code a Raspberry Pi runs) against a real hub, with its effects left real — MQTT.js to
// the hub's Aedes, HTTP fetch, a state directory on disk, the WASM decoder into a VirtualSink — and pass-through taps
// on three of them, so a test can play the adversary at the agent's own doors and see where it would be obeyed:
//   - MQTT: the handlers DeviceLink gave its transport are kept, and `inject(topic, bytes)` calls them exactly as
//     MQTT.js does for a PUBLISH from the broker (DeviceLink decodes, SignedIntake verifies, Agent.receive routes);
//   - HTTP: bodies queued with `serveManifest` answer the manifest GET instead of the hub (a man in the middle);
//   - the executor's offer() and stop() are counted, then carried out unchanged: "acted on" is observed where it
//     happens, not guessed from the outputs.
import { HTTP_PATHS, parseTopic, type TopicName } from '@tinnguon/protocol';
import type { EnrolmentResponse } from '@tinnguon/protocol';
import { VirtualAmplifier } from '../../edge-agent/src/audio/amplifier.js';
import { VirtualSink } from '../../edge-agent/src/audio/virtual-sink.js';
import type { FetchLike } from '../../edge-agent/src/cache/download-media.js';
import type { AgentClock } from '../../edge-agent/src/clock/hub-clock.js';
import { resolveAgentConfig } from '../../edge-agent/src/config/agent-config.js';
import type { LinkHandlers, LinkTransport } from '../../edge-agent/src/link/link-transport.js';
import { mqttTransport } from '../../edge-agent/src/link/mqtt-transport.js';
import type { Agent, AgentEvent } from '../../edge-agent/src/runtime/agent.js';
import type { AgentItem } from '../../edge-agent/src/runtime/agent-item.js';
import type { AgentLogger } from '../../edge-agent/src/runtime/agent-logger.js';
import { createAgent } from '../../edge-agent/src/runtime/create-agent.js';

/** Real time, moved forward on demand for wall and monotonic alike (so the agent sees no clock jump). */
export class ShiftableClock implements AgentClock {
  #shiftMs = 0;

  now(): number {
    return Date.now() + this.#shiftMs;
  }

  monotonic(): number {
    return performance.now() + this.#shiftMs;
  }

  advance(ms: number): void {
    this.#shiftMs += ms;
  }
}

export interface TappedAgent {
  readonly agent: Agent;
  readonly sink: VirtualSink;
  readonly clock: ShiftableClock;
  readonly events: AgentEvent[];
  /** Info and warn messages the agent logged, by message. */
  readonly logged: Map<string, number>;
  /** Messages that came from the broker, by topic name. */
  readonly arrivals: Map<TopicName, number>;
  /** Messages the agent published and the broker accepted, by topic name. */
  readonly published: Map<TopicName, number>;
  /** Every item offered to the playback executor. */
  readonly offered: AgentItem[];
  /** Calls of the executor's stop(), by a STOP order or a playback command. */
  readonly stops: { count: number };
  /** Hands bytes to the link as if the broker had delivered them on `topic`. Throws before the first connect. */
  inject(topic: string, payload: Buffer): void;
  /** The next manifest GET is answered with this body (HTTP 200) instead of the hub's. */
  serveManifest(body: Uint8Array): void;
}

export interface TappedAgentOptions {
  readonly httpUrl: string;
  readonly mqttUrl: string;
  readonly creds: EnrolmentResponse;
  readonly stateDir: string;
  readonly config?: Record<string, unknown>;
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function tappedAgent(o: TappedAgentOptions): TappedAgent {
  const clock = new ShiftableClock();
  const events: AgentEvent[] = [];
  const logged = new Map<string, number>();
  const arrivals = new Map<TopicName, number>();
  const published = new Map<TopicName, number>();
  const manifests: Uint8Array[] = [];
  let handlers: LinkHandlers | undefined;

  const transport: LinkTransport = {
    async connect(options, given) {
      handlers = given;
      const connection = await mqttTransport.connect(options, {
        onMessage: (topic, payload) => {
          const name = parseTopic(topic)?.name;
          if (name !== undefined) bump(arrivals, name);
          given.onMessage(topic, payload);
        },
        onClose: () => given.onClose(),
      });
      return {
        subscribe: (topics) => connection.subscribe(topics),
        end: () => connection.end(),
        async publish(topic, payload, opts) {
          await connection.publish(topic, payload, opts);
          const name = parseTopic(topic)?.name;
          if (name !== undefined) bump(published, name);
        },
      };
    },
  };
  const manifestUrl = new URL(HTTP_PATHS.manifest, o.httpUrl).toString();
  const fetchTap: FetchLike = async (url, init) => {
    const body = url === manifestUrl ? manifests.shift() : undefined;
    if (body !== undefined) return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    return fetch(url, init);
  };
  const note = (_obj: object, msg: string): void => bump(logged, msg);
  const logger: AgentLogger = { debug: () => undefined, info: note, warn: note, error: note };
  const sink = new VirtualSink({ clock, realtime: false, maxPlaybacks: 4, maxRecordedWrites: 4 });
  const config = resolveAgentConfig(
    {
      stateDir: o.stateDir,
      logLevel: 'silent',
      link: { hubUrl: o.httpUrl, mqttUrl: o.mqttUrl, backoffBaseMs: 100, backoffMaxMs: 2000, keepaliveSec: 10 },
      journal: { ackTimeoutMs: 3000 },
      ...o.config,
    },
    {},
  );
  const agent = createAgent({
    config, enrolment: o.creds, clock, transport, fetch: fetchTap, logger, audioSink: sink, amplifier: new VirtualAmplifier({ clock }),
    onEvent: (e) => events.push(e),
  });

  const offered: AgentItem[] = [];
  const stops = { count: 0 };
  const executor = agent.parts.executor;
  const offer = executor.offer.bind(executor);
  const stop = executor.stop.bind(executor);
  executor.offer = (item) => {
    offered.push(item);
    return offer(item);
  };
  executor.stop = (bulletinId) => {
    stops.count += 1;
    return stop(bulletinId);
  };

  return {
    agent, sink, clock, events, logged, arrivals, published, offered, stops,
    inject(topic, payload) {
      if (handlers === undefined) throw new Error('the agent has not connected yet');
      handlers.onMessage(topic, payload);
    },
    serveManifest(body) {
      manifests.push(body);
    },
  };
}
