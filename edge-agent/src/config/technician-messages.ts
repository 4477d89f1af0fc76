// What a field technician reads when the agent cannot start or enrol: the code (which the hub and the manual use),
// then what happened and what to do, in Vietnamese first and in English.
import { AGENT_ERRORS, isAgentError, type AgentErrorCode } from '../errors.js';

export interface TechnicianMessage {
  readonly vi: string;
  readonly en: string;
}

export const TECHNICIAN_MESSAGES: Partial<Record<AgentErrorCode, TechnicianMessage>> = {
  AGENT_ERR_USAGE: {
    vi: 'Lệnh không đúng. Cách dùng: edge-agent enroll --hub URL --code MÃ [--state THƯ_MỤC] | edge-agent run [--state THƯ_MỤC] [--config TỆP]',
    en: 'Invalid command. Usage: edge-agent enroll --hub URL --code CODE [--state DIR] | edge-agent run [--state DIR] [--config FILE]',
  },
  AGENT_ERR_CONFIG_INVALID: {
    vi: 'Cấu hình không hợp lệ. Sửa các mục được liệt kê trong tệp cấu hình hoặc biến môi trường TINNGUON_AGENT_*.',
    en: 'Invalid configuration. Fix the listed settings in the config file or the TINNGUON_AGENT_* environment variables.',
  },
  AGENT_ERR_NOT_ENROLLED: {
    vi: 'Thiết bị chưa được đăng ký. Chạy: edge-agent enroll --hub URL --code MÃ (mã lấy từ bảng điều khiển của hệ thống).',
    en: 'This device is not enrolled. Run: edge-agent enroll --hub URL --code CODE (the code comes from the hub console).',
  },
  AGENT_ERR_ENROLMENT_FAILED: {
    vi: 'Đăng ký với máy chủ thất bại. Kiểm tra địa chỉ máy chủ, kết nối mạng và mã đăng ký (mỗi mã chỉ dùng một lần).',
    en: 'Enrolment failed. Check the hub address, the network and the enrolment code (each code works once).',
  },
  AGENT_ERR_STATE_DIR: {
    vi: 'Không dùng được thư mục trạng thái. Kiểm tra quyền ghi và dung lượng thẻ nhớ.',
    en: 'The state directory cannot be used. Check write permissions and free space on the SD card.',
  },
  AGENT_ERR_LINK: {
    vi: 'Không kết nối được MQTT tới máy chủ. Thiết bị vẫn phát lịch đã lưu và sẽ tự kết nối lại.',
    en: 'The MQTT link to the hub failed. The device keeps playing its stored programme and reconnects by itself.',
  },
  AGENT_ERR_AUDIO_DRIVER: {
    vi: 'Lỗi trình điều khiển âm thanh. Kiểm tra card âm thanh (aplay -l) và thiết bị ALSA trong cấu hình.',
    en: 'Audio driver failed. Check the sound card (aplay -l) and the ALSA device in the configuration.',
  },
  AGENT_ERR_LED_DRIVER: {
    vi: 'Lỗi trình điều khiển bảng LED. Kiểm tra HAT/dây HUB75 và kích thước bảng trong cấu hình.',
    en: 'LED driver failed. Check the HAT/HUB75 cable and the panel geometry in the configuration.',
  },
  AGENT_ERR_AMPLIFIER: {
    vi: 'Không điều khiển được bộ khuếch đại. Kiểm tra chân GPIO và rơ-le.',
    en: 'The amplifier cannot be switched. Check the GPIO line and the relay.',
  },
  AGENT_ERR_JOURNAL: {
    vi: 'Không ghi được nhật ký phát. Kiểm tra thẻ nhớ (đầy hoặc hỏng).',
    en: 'The playback journal cannot be written. Check the SD card (full or failing).',
  },
  AGENT_ERR_DISK_FULL: {
    vi: 'Thẻ nhớ đầy. Giải phóng dung lượng hoặc dùng thẻ lớn hơn.',
    en: 'The SD card is full. Free some space or use a larger card.',
  },
};

/** Two lines for the terminal: Vietnamese, then English, each with the code and the detail. */
export function technicianReport(err: unknown): string {
  if (!isAgentError(err)) {
    const detail = err instanceof Error ? err.message : String(err);
    return `Lỗi không mong đợi: ${detail}\nUnexpected error: ${detail}`;
  }
  const known = TECHNICIAN_MESSAGES[err.code];
  const detail = err.message.startsWith(`${AGENT_ERRORS[err.code]}: `) ? err.message.slice(AGENT_ERRORS[err.code].length + 2) : '';
  const suffix = detail === '' ? '' : ` (${detail})`;
  const vi = known?.vi ?? AGENT_ERRORS[err.code];
  const en = known?.en ?? AGENT_ERRORS[err.code];
  return `[${err.code}] ${vi}${suffix}\n[${err.code}] ${en}${suffix}`;
}
