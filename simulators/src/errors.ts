// The simulators' error catalogue (style.md §9). A technician reads these on a terminal in the field: Vietnamese
// first, English beside it, always with the code, which the manual and the issue tracker use.

export interface SimErrorSpec {
  readonly vi: string;
  readonly en: string;
}

export const SIM_ERRORS = {
  SIM_ERR_USAGE: { vi: 'Lệnh không đúng', en: 'Invalid command line' },
  SIM_ERR_FAULT_SPEC: { vi: 'Lịch gây lỗi không hợp lệ', en: 'Invalid fault schedule' },
  SIM_ERR_HUB_UNREACHABLE: { vi: 'Không kết nối được máy chủ', en: 'The hub cannot be reached' },
  SIM_ERR_HUB_REFUSED: { vi: 'Máy chủ từ chối yêu cầu', en: 'The hub refused the request' },
  SIM_ERR_ADMIN_TOKEN: { vi: 'Không đọc được mã quản trị của máy chủ', en: 'The hub admin token cannot be read' },
  SIM_ERR_STATE_DIR: { vi: 'Không dùng được thư mục trạng thái của đội thiết bị mô phỏng', en: 'The fleet state directory cannot be used' },
  SIM_ERR_WORKER: { vi: 'Tiến trình mô phỏng bị lỗi', en: 'A simulator worker process failed' },
  SIM_ERR_WORKER_MESSAGE: { vi: 'Thông điệp giữa các tiến trình mô phỏng không hợp lệ', en: 'Invalid message between simulator processes' },
  SIM_ERR_DEVICE_UNKNOWN: { vi: 'Không có thiết bị mô phỏng này', en: 'No such simulated device' },
  SIM_ERR_NO_FRAME: { vi: 'Bảng LED chưa hiển thị gì', en: 'The LED board has shown nothing yet' },
} as const satisfies Record<string, SimErrorSpec>;

export type SimErrorCode = keyof typeof SIM_ERRORS;

export class SimError extends Error {
  readonly code: SimErrorCode;

  constructor(code: SimErrorCode, detail?: string, options?: ErrorOptions) {
    const spec = SIM_ERRORS[code];
    super(detail === undefined ? `${spec.vi} / ${spec.en}` : `${spec.vi} / ${spec.en}: ${detail}`, options);
    this.name = 'SimError';
    this.code = code;
  }
}

export function isSimError(err: unknown, code?: SimErrorCode): err is SimError {
  return err instanceof SimError && (code === undefined || err.code === code);
}

/** One line for the terminal: the code, then the message (or any other error's message). */
export function describeError(err: unknown): string {
  if (isSimError(err)) return `[${err.code}] ${err.message}`;
  if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string') return `[${(err as Error & { code: string }).code}] ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
