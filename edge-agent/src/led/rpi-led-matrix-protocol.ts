// Messages between the agent and the matrix worker process. Validated on the way in on both sides: a process
// boundary is a trust boundary even between our own processes (design.md §2).

/** Matrix geometry and options passed through to rpi-led-matrix (hzeller/rpi-rgb-led-matrix names). */
export interface RpiMatrixConfig {
  /** Rows of one panel: 16, 32 or 64. */
  readonly rows: number;
  /** Columns of one panel: 16, 32, 40 or 64. */
  readonly cols: number;
  /** Panels daisy-chained on one connector (1–8). */
  readonly chainLength: number;
  /** Parallel chains (1–4). */
  readonly parallel: number;
  readonly brightness?: number;
  /** e.g. 'regular', 'adafruit-hat', 'adafruit-hat-pwm'. */
  readonly hardwareMapping?: string;
  /** Other MatrixOptions fields, passed through unchanged. */
  readonly matrixOptions?: Readonly<Record<string, unknown>>;
  /** RuntimeOptions fields, e.g. { gpioSlowdown: 2 } for a Pi 4. */
  readonly runtimeOptions?: Readonly<Record<string, unknown>>;
}

export type ToWorker =
  | { readonly type: 'init'; readonly config: RpiMatrixConfig }
  | { readonly type: 'frame'; readonly id: number; readonly width: number; readonly height: number; readonly pixels: Uint8Array }
  | { readonly type: 'clear'; readonly id: number }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready'; readonly width: number; readonly height: number }
  | { readonly type: 'ack'; readonly id: number }
  | { readonly type: 'error'; readonly id?: number; readonly message: string };

export function parseFromWorker(msg: unknown): FromWorker | undefined {
  if (typeof msg !== 'object' || msg === null) return undefined;
  const m = msg as Record<string, unknown>;
  if (m.type === 'ready' && isCount(m.width) && isCount(m.height)) return { type: 'ready', width: m.width, height: m.height };
  if (m.type === 'ack' && isCount(m.id)) return { type: 'ack', id: m.id };
  if (m.type === 'error' && typeof m.message === 'string' && (m.id === undefined || isCount(m.id))) {
    return m.id === undefined ? { type: 'error', message: m.message } : { type: 'error', id: m.id, message: m.message };
  }
  return undefined;
}

export function parseToWorker(msg: unknown): ToWorker | undefined {
  if (typeof msg !== 'object' || msg === null) return undefined;
  const m = msg as Record<string, unknown>;
  if (m.type === 'init' && typeof m.config === 'object' && m.config !== null) return { type: 'init', config: m.config as RpiMatrixConfig };
  if (m.type === 'frame' && isCount(m.id) && isCount(m.width) && isCount(m.height) && m.pixels instanceof Uint8Array
    && m.pixels.length === m.width * m.height * 3) {
    return { type: 'frame', id: m.id, width: m.width, height: m.height, pixels: m.pixels };
  }
  if (m.type === 'clear' && isCount(m.id)) return { type: 'clear', id: m.id };
  if (m.type === 'close') return { type: 'close' };
  return undefined;
}

export function boardSize(c: RpiMatrixConfig): { width: number; height: number } {
  return { width: c.cols * c.chainLength, height: c.rows * c.parallel };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
