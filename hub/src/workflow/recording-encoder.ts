// A checked microphone recording → the MP3 devices play (design.md §10: agents decode MP3 best). The hub's one
// process runner (runProcess, via the lame encoder) already gives no shell, an argument array, a timeout that kills
// the process group and a bounded output; this only re-codes its refusals, because an official who recorded a
// message must not read "text-to-speech failed".
import { HubError, isHubError } from '../errors.js';
import { createLameEncoder, type Mp3Encoder } from '../media/index.js';

/** A recorded voice is richer than synthetic speech; 48 kbps mono ABR is still 6 KB a second (design.md §5). */
export const RECORDING_BITRATE_KBPS = 48;
export const RECORDING_ENCODE_TIMEOUT_MS = 60_000;

export type RecordingEncoder = (wav: Uint8Array, signal?: AbortSignal) => Promise<Uint8Array>;

export function recordingEncoder(encode: Mp3Encoder = createLameEncoder({ bitrateKbps: RECORDING_BITRATE_KBPS, timeoutMs: RECORDING_ENCODE_TIMEOUT_MS })): RecordingEncoder {
  return async (wav, signal) => {
    try {
      return await encode(wav, { signal });
    } catch (err) {
      if (isHubError(err, 'HUB_ERR_TTS_UNAVAILABLE') || isHubError(err, 'HUB_ERR_TTS_FAILED')) {
        throw new HubError('HUB_ERR_RECORDING_ENCODE', err.message.replace(/^[^:]*: /, ''));
      }
      throw err;
    }
  };
}
