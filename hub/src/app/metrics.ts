// Prometheus text exposition for /metrics (issue 3): connected devices, MQTT messages in/out, log-ingest rate and
// event-loop delay. Counters live here; the broker and ingest report into them.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The loop timer's period: one sample per 10 ms turn, cheap enough to leave on in production. */
const LOOP_RESOLUTION_MS = 10;

/**
 * Pure: how late the loop ran, from one of Node's samples. `monitorEventLoopDelay` records the time between turns of
 * its timer, period included, so an idle loop reads 10 ms at a 10 ms resolution; the delay is what exceeds the period.
 */
export function loopDelayMs(sampleNs: number, resolutionMs: number): number {
  return Number.isFinite(sampleNs) ? Math.max(0, sampleNs / 1e6 - resolutionMs) : 0;
}

export interface MetricsSource {
  connectedDevices(): number;
}

export class HubMetrics {
  mqttMessagesIn = 0;
  mqttMessagesOut = 0;
  mqttRejected = 0;
  logRowsStored = 0;
  logRowsDuplicate = 0;
  readonly #loop: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  #source: MetricsSource = { connectedDevices: () => 0 };

  start(): void {
    this.#loop.enable();
  }

  stop(): void {
    this.#loop.disable();
  }

  attach(source: MetricsSource): void {
    this.#source = source;
  }

  /** Event-loop percentiles cover the time since the previous scrape, so start-up does not haunt every reading. */
  render(): string {
    const p50 = loopDelayMs(this.#loop.percentile(50), LOOP_RESOLUTION_MS);
    const p99 = loopDelayMs(this.#loop.percentile(99), LOOP_RESOLUTION_MS);
    this.#loop.reset();
    const lines = [
      ['tinnguon_connected_devices', 'gauge', 'Devices connected to the MQTT broker', this.#source.connectedDevices()],
      ['tinnguon_mqtt_messages_in_total', 'counter', 'MQTT messages received from devices', this.mqttMessagesIn],
      ['tinnguon_mqtt_messages_out_total', 'counter', 'MQTT messages published by the hub', this.mqttMessagesOut],
      ['tinnguon_mqtt_rejected_total', 'counter', 'Device messages refused by the decoder', this.mqttRejected],
      ['tinnguon_playback_log_rows_total', 'counter', 'Playback-log rows committed', this.logRowsStored],
      ['tinnguon_playback_log_duplicates_total', 'counter', 'Resent playback-log rows ignored', this.logRowsDuplicate],
      ['tinnguon_event_loop_delay_p50_ms', 'gauge', 'Event-loop delay (how late the loop ran) since the previous scrape, median', p50],
      ['tinnguon_event_loop_delay_p99_ms', 'gauge', 'Event-loop delay (how late the loop ran) since the previous scrape, 99th percentile', p99],
    ] as const;
    return `${lines.map(([name, type, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}`).join('\n')}\n`;
  }
}
