// MQTT over WebSocket at GET /mqtt, for devices and networks that only let HTTP(S) out (design.md: "WS at /mqtt").
// Each WebSocket becomes a byte stream handed to the broker, behind the same frame guard and ACL as TCP.
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { Duplex } from 'node:stream';
import { createWebSocketStream } from 'ws';

export const MQTT_WEBSOCKET_PATH = '/mqtt';

/** What the plugin needs from the broker. */
export interface WebSocketBrokerPort {
  handle(conn: Duplex, remoteAddress?: string): void;
  readonly limits: { readonly maxPacketBytes: number };
}

export interface MqttOverWebSocketOptions {
  readonly path?: string;
}

/**
 * `await app.register(mqttOverWebSocket(broker))`. Registers @fastify/websocket unless the app already has it; then
 * the app's own registration must set `options.maxPayload`, because `ws` buffers a whole WebSocket message before
 * the broker's frame guard sees a byte of it.
 */
export function mqttOverWebSocket(broker: WebSocketBrokerPort, options: MqttOverWebSocketOptions = {}): FastifyPluginAsync {
  // A WebSocket message carries at most one MQTT packet from mqtt.js; 16 bytes cover the fixed header.
  const maxPayload = broker.limits.maxPacketBytes + 16;
  return async (app) => {
    if (!app.hasDecorator('websocketServer')) {
      await app.register(websocket, { options: { maxPayload } });
    } else if ((app.websocketServer.options.maxPayload ?? Infinity) > maxPayload) {
      app.log.warn({ maxPayload }, '@fastify/websocket maxPayload is above the MQTT packet limit');
    }
    // [MQTT-6.0.0-3]: `ws` answers with the first subprotocol the client offers, which is "mqtt" for MQTT 3.1.1.
    app.get(options.path ?? MQTT_WEBSOCKET_PATH, { websocket: true }, (socket, request) => {
      broker.handle(createWebSocketStream(socket), request.ip);
    });
  };
}
