// Child-process side of RpiLedMatrixSink: the only code that loads the native `rpi-led-matrix` module. Started with
// `fork()`; frames arrive over IPC (advanced serialisation, so pixels travel as bytes, not JSON arrays). If the native
// code crashes, only this process dies (design.md §10). Run directly it does nothing.
import { boardSize, parseToWorker, type FromWorker, type RpiMatrixConfig, type ToWorker } from './rpi-led-matrix-protocol.js';

/** The part of rpi-led-matrix's API this worker uses (typed here so the optional module is not needed to build). */
interface MatrixInstance {
  drawBuffer(buffer: Buffer, w?: number, h?: number): MatrixInstance;
  clear(): MatrixInstance;
  sync(): void;
  width(): number;
  height(): number;
}
interface NativeModule {
  LedMatrix: {
    defaultMatrixOptions(): Record<string, unknown>;
    defaultRuntimeOptions(): Record<string, unknown>;
    new (matrixOpts: Record<string, unknown>, runtimeOpts: Record<string, unknown>): MatrixInstance;
  };
}

const MODULE_NAME = 'rpi-led-matrix';
let matrix: MatrixInstance | undefined;

function reply(msg: FromWorker): void {
  process.send?.(msg);
}

async function init(config: RpiMatrixConfig): Promise<void> {
  let mod: NativeModule;
  try {
    mod = (await import(MODULE_NAME)) as NativeModule;
  } catch (err) {
    reply({ type: 'error', message: `cannot load ${MODULE_NAME} (is the optional dependency installed?): ${String(err)}` });
    return;
  }
  const { LedMatrix } = mod;
  matrix = new LedMatrix(
    {
      ...LedMatrix.defaultMatrixOptions(),
      ...config.matrixOptions,
      rows: config.rows,
      cols: config.cols,
      chainLength: config.chainLength,
      parallel: config.parallel,
      ...(config.brightness === undefined ? {} : { brightness: config.brightness }),
      ...(config.hardwareMapping === undefined ? {} : { hardwareMapping: config.hardwareMapping }),
    },
    { ...LedMatrix.defaultRuntimeOptions(), ...config.runtimeOptions },
  );
  const expected = boardSize(config);
  reply({ type: 'ready', width: matrix.width() || expected.width, height: matrix.height() || expected.height });
}

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case 'init':
      init(msg.config).catch((err: unknown) => reply({ type: 'error', message: `matrix init failed: ${String(err)}` }));
      return;
    case 'frame':
      if (matrix === undefined) return reply({ type: 'error', id: msg.id, message: 'matrix not initialised' });
      matrix.drawBuffer(Buffer.from(msg.pixels.buffer, msg.pixels.byteOffset, msg.pixels.byteLength), msg.width, msg.height).sync();
      return reply({ type: 'ack', id: msg.id });
    case 'clear':
      matrix?.clear().sync();
      return reply({ type: 'ack', id: msg.id });
    case 'close':
      matrix?.clear().sync();
      process.exit(0);
  }
}

if (process.send !== undefined) {
  process.on('message', (raw) => {
    const msg = parseToWorker(raw);
    if (msg !== undefined) handle(msg);
  });
  // The agent is gone: blank the panel rather than leave the last bulletin lit forever.
  process.on('disconnect', () => {
    matrix?.clear().sync();
    process.exit(0);
  });
}
