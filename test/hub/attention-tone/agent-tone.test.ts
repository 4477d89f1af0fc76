// End to end (design.md §5): a real agent enrolled on a real hub pins the hub's chime in its cache, and when an
// official publishes an emergency its loudspeaker sounds the chime's exact samples first, then the emergency's speech.
// The tone is a prelude, not a broadcast: only the emergency is logged as played.
import t from 'tap';
import { applyGain, volumeToGain } from '../../../edge-agent/src/audio/gain.js';
import { VirtualSink } from '../../../edge-agent/src/audio/virtual-sink.js';
import { decodeWavStream } from '../../../edge-agent/src/audio/wav-decoder.js';
import { CHIME_DURATION_MS, CHIME_SAMPLE_RATE, generateChime } from '../../../hub/src/attention-tone/index.js';
import { enrolDevice, startTestHub } from '../../helpers/hub-instance.js';
import { agentFor, hubLogs, isRow, publishBulletin, waitFor } from '../../edge-agent/e2e/agent-harness.js';

/** What the chime sounds like at the sink: the agent's decoder, then its volume stage at the hub's volume (80). */
async function expectedChimeChecksum(volume: number): Promise<number> {
  const sink = new VirtualSink();
  const signal = new AbortController().signal;
  await sink.open({ sampleRate: CHIME_SAMPLE_RATE, channels: 1 });
  async function* file(): AsyncGenerator<Uint8Array> {
    yield generateChime();
  }
  for await (const chunk of decodeWavStream(file(), signal)) await sink.write(applyGain(chunk.pcm, volumeToGain(volume)), signal);
  await sink.close();
  return sink.last!.checksum;
}

t.test('an emergency sounds the chime first, then its speech', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h, '24628');
  const a = agentFor(h, { stateDir: t.testdir(), creds });
  await a.agent.start();
  t.teardown(() => a.agent.stop());
  // In the field the tone was fetched days before; here, wait until the cache holds it.
  await waitFor('link, manifest, trusted clock and the tone in the cache', () => {
    const s = a.agent.status();
    return s.connected && s.manifestVersion !== null && s.clock.trusted && s.cache.missing === 0 && s.cache.files >= 1;
  });
  const tone = a.agent.manifest?.attentionTone;
  t.equal(tone?.durationMs, CHIME_DURATION_MS, 'the manifest names the hub’s chime');

  const id = await publishBulletin(h, {
    title: 'Cảnh báo lũ quét', priority: 'emergency', originArea: '67', targetAreas: ['660'],
    content: { kind: 'tts', text: 'Cảnh báo lũ quét. Người dân ven suối di chuyển lên vùng cao ngay.' },
    schedule: { type: 'now' }, validUntil: Date.now() + 3600_000,
  });
  await waitFor('the emergency is played and logged at the hub', async () => (await hubLogs(h, creds.deviceId)).find(isRow('played', id)));

  const [chime, speech, ...more] = a.sink.playbacks.filter((p) => p.totalFrames > 0);
  t.same(more, [], 'two sounds reached the loudspeaker');
  t.same(chime?.format, { sampleRate: CHIME_SAMPLE_RATE, channels: 1 }, 'first the chime');
  t.equal(chime?.totalFrames, (CHIME_DURATION_MS * CHIME_SAMPLE_RATE) / 1000, 'all of it');
  t.equal(chime?.checksum, await expectedChimeChecksum(80), 'sample for sample, at the device’s volume');
  t.equal(chime?.stoppedAtMs, undefined, 'not cut short');
  t.ok(speech !== undefined && (speech.peak ?? 0) > 1000, 'then the speech, which is sound');
  t.ok(speech!.firstFrameAtMs! >= chime!.closedAtMs!, 'the speech starts after the chime has finished');

  const frames = a.events.filter((e) => e.type === 'firstFrame' && e.bulletinId === id);
  t.same(frames.map((e) => e.type === 'firstFrame' && e.kind), ['attentionTone', 'bulletin'], 'the agent reports the tone, then the bulletin, under the emergency’s id');
  const heard = a.events.find((e) => e.type === 'urgent');
  const toneFrame = a.events.find((e) => e.type === 'firstFrame' && e.kind === 'attentionTone');
  if (heard?.type === 'urgent' && toneFrame?.type === 'firstFrame') t.comment(`emergency message → first frame of the tone: ${(toneFrame.mono - heard.mono).toFixed(1)} ms`);
  const rows = await hubLogs(h, creds.deviceId);
  t.equal(rows.filter(isRow('played', id)).length, 1, 'the emergency is logged played once');
  t.equal(rows.filter((r) => r.event === 'fault').length, 0, 'and the tone raised no fault');
});
