// `npm run bench -- agent-footprint [--idle-seconds S] [--bulletins-per-day B]`: one real agent process
// (edge-agent/dist/cli.js run, virtual audio) against a hub process: its RSS idle and while playing, and the bytes it
// makes the kernel write to storage per day (/proc/<pid>/io write_bytes: journal, replay store, manifest, cache).
// Target (issue 8): RSS ≤ 80 MiB; ≤ 2 MB written per day.
//
// A day is not waited out: the idle write rate is measured over S seconds and scaled to 24 h, and one published and
// played bulletin (doorbell → manifest, speech download, plays, journaled logs and their acks) is measured and
// multiplied by B (default 12: two loudspeaker windows of Điều 10 with six bulletins each). The hourly replay-store
// compaction, which S seconds would miss, is added as 24 rewrites of the store. Media bytes are shown apart.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_NODE_FLAGS, saveEnrolment, statePath } from '@tinnguon/edge-agent';
import { approvedEmergency, playbackLogs, publish } from './hub-bulletins.js';
import { startHubProcess } from './hub-process.js';
import { memorySplit, rssSampler, writeBytes } from './proc-io.js';
import { numberOption, report, type BenchArgs } from './report.js';
import { waitUntil } from './sim-fleet.js';

const cli = new URL('../../edge-agent/dist/cli.js', import.meta.url).pathname;
const PAGE = 4096;
const TEXT =
  'Thông báo của Ủy ban nhân dân xã. Từ ngày mai, trạm y tế xã tổ chức tiêm chủng mở rộng cho trẻ em dưới năm tuổi. ' +
  'Đề nghị các gia đình đưa trẻ đến đúng giờ và mang theo sổ tiêm chủng.';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function agentFootprintBench(args: BenchArgs): Promise<void> {
  const idleSeconds = numberOption(args, '--idle-seconds', 30);
  const perDay = numberOption(args, '--bulletins-per-day', 12);
  const hub = await startHubProcess();
  const stateDir = await mkdtemp(join(tmpdir(), 'tn-bench-agent-'));
  try {
    const [creds] = await hub.enrol(1, ['24611']);
    await saveEnrolment(stateDir, creds!);
    // The agent as systemd launches it (AGENT_NODE_FLAGS, the unit's ExecStart); TN_BENCH_AGENT_NODE_ARGS adds flags
    // to try without touching the unit (V8 takes the last of a repeated flag).
    const nodeArgs = [...AGENT_NODE_FLAGS, ...(process.env.TN_BENCH_AGENT_NODE_ARGS ?? '').split(' ').filter(Boolean)];
    const agent = spawn(process.execPath, [...nodeArgs, cli, 'run', '--state', stateDir], {
      // The hub on port 0 hands out its configured ports in enrolment, not the bound ones: say where it really is.
      env: { ...process.env, TINNGUON_AGENT_AUDIO_DRIVER: 'virtual', TINNGUON_AGENT_LOG_LEVEL: 'warn', TINNGUON_AGENT_LINK_HUB_URL: hub.http, TINNGUON_AGENT_LINK_MQTT_URL: hub.mqtt },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const pid = agent.pid ?? -1;
    try {
      await waitUntil('the agent online with its manifest', async () => (await hub.metric('tinnguon_connected_devices')) === 1 && (await stat(statePath(stateDir, 'manifest')).then(() => true, () => false)), 30_000);
      await sleep(3000);
      const idleRss = rssSampler(pid, 500);
      const idle0 = await writeBytes(pid);
      await sleep(idleSeconds * 1000);
      const idle1 = await writeBytes(pid);
      const idle = await idleRss.stop();
      const idleSplit = await memorySplit(pid);

      const id = await approvedEmergency(hub, TEXT, ['24611']);
      const bulletin = await hub.api<{ bulletin: { resolvedContent?: { media?: { bytes: number; durationMs: number } } } }>('GET', `/api/bulletins/${id}`);
      const media = bulletin.bulletin.resolvedContent?.media;
      const playingRss = rssSampler(pid, 100);
      const play0 = await writeBytes(pid);
      const p0 = performance.now();
      await publish(hub, id);
      await waitUntil('the play logged at the hub', async () => (await playbackLogs(hub, id)).some((l) => l.event === 'played'), 120_000, 250);
      await sleep(3000); // the ack arrives and the journal records it
      const play1 = await writeBytes(pid);
      const playing = await playingRss.stop();
      const playSeconds = (performance.now() - p0) / 1000;

      const idleRate = (idle1 - idle0) / idleSeconds;
      const perBulletin = Math.max(0, play1 - play0 - idleRate * playSeconds);
      const replayBytes = await stat(statePath(stateDir, 'replay')).then((s) => s.size, () => 0);
      const compaction = 24 * (Math.ceil(replayBytes / PAGE) + 1) * PAGE;
      const mediaPages = media === undefined ? 0 : Math.ceil(media.bytes / PAGE) * PAGE;
      const day = idleRate * 86_400 + perDay * perBulletin + compaction;
      const dayWithoutMedia = day - perDay * mediaPages;
      report(args, {
        name: 'agent-footprint',
        devices: 1,
        rssIdleMiB: idle.medianMiB,
        rssIdleMaxMiB: idle.maxMiB,
        rssIdlePrivateMiB: idleSplit.privateMiB,
        rssIdleSharedFileMiB: idleSplit.sharedMiB,
        rssPlayingMaxMiB: playing.maxMiB,
        idleWriteBytesPerSec: idleRate,
        bytesPerPlayedBulletin: perBulletin,
        speechMediaBytes: media?.bytes ?? NaN,
        speechDurationMs: media?.durationMs ?? NaN,
        bulletinsPerDay: perDay,
        diskBytesPerDay: day,
        diskBytesPerDayWithoutMedia: dayWithoutMedia,
        diskMBPerDay: day / 1e6,
        nodeArgs: nodeArgs.join(' '),
        path: `edge-agent/dist/cli.js run (virtual audio) pid ${pid}; write_bytes over ${idleSeconds} s idle ×86,400 + one bulletin ×${perDay} + 24 replay compactions`,
        target: 'RSS (VmRSS) ≤ 80 MiB idle (median) and playing (peak); ≤ 2 MB written per day (media included)',
        pass: idle.medianMiB <= 80 && playing.maxMiB <= 80 && day <= 2e6,
      });
    } finally {
      agent.kill('SIGTERM');
      await new Promise((r) => (agent.exitCode !== null ? r(null) : agent.once('exit', r)));
    }
  } finally {
    await hub.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}
