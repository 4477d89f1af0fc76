// The hub's error catalogue (style.md §9). Callers branch on `code`, never on the message; the same codes go over
// the wire in HTTP error bodies. Messages are Vietnamese first, with English beside them.

export interface ErrorSpec {
  readonly status: number;
  readonly vi: string;
  readonly en: string;
}

export const HUB_ERRORS = {
  HUB_ERR_INTERNAL: { status: 500, vi: 'Lỗi hệ thống, vui lòng thử lại', en: 'Internal error' },
  HUB_ERR_CONFIG_INVALID: { status: 500, vi: 'Cấu hình không hợp lệ', en: 'Invalid configuration' },
  HUB_ERR_VALIDATION: { status: 400, vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The request is not valid' },
  HUB_ERR_MALFORMED_JSON: { status: 400, vi: 'Nội dung JSON bị lỗi cú pháp', en: 'Malformed JSON body' },
  HUB_ERR_NOT_FOUND: { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  HUB_ERR_UNAUTHENTICATED: { status: 401, vi: 'Chưa đăng nhập hoặc mã truy cập sai', en: 'Not signed in or wrong token' },
  HUB_ERR_FORBIDDEN: { status: 403, vi: 'Không có quyền thực hiện thao tác này', en: 'Not allowed' },
  HUB_ERR_CONFLICT: { status: 409, vi: 'Xung đột với dữ liệu hiện có', en: 'Conflicts with existing data' },
  HUB_ERR_DB: { status: 500, vi: 'Lỗi cơ sở dữ liệu', en: 'Database error' },
  HUB_ERR_DB_MIGRATION: { status: 500, vi: 'Không áp dụng được bản nâng cấp cơ sở dữ liệu', en: 'Database migration failed' },
  HUB_ERR_AREA_UNKNOWN: { status: 404, vi: 'Địa bàn không tồn tại', en: 'Unknown area' },
  HUB_ERR_AREA_INVALID: { status: 400, vi: 'Thông tin địa bàn không hợp lệ', en: 'Invalid area' },
  HUB_ERR_AREA_CSV: { status: 400, vi: 'Tệp CSV địa bàn có dòng lỗi', en: 'The area CSV has invalid lines' },
  HUB_ERR_AREA_CYCLE: { status: 400, vi: 'Cây địa bàn bị vòng lặp', en: 'The area tree has a cycle' },
  HUB_ERR_WINDOW_INVALID: { status: 400, vi: 'Khung giờ hoạt động không hợp lệ', en: 'Invalid operating window' },
  HUB_ERR_MEDIA_TOO_LARGE: { status: 413, vi: 'Tệp quá lớn', en: 'File too large' },
  HUB_ERR_MEDIA_UNSUPPORTED: { status: 415, vi: 'Định dạng tệp không được hỗ trợ', en: 'Unsupported file type' },
  HUB_ERR_MEDIA_MISLABELLED: { status: 415, vi: 'Nội dung tệp không khớp với loại khai báo', en: 'File content does not match its declared type' },
  HUB_ERR_MEDIA_CORRUPT: { status: 422, vi: 'Tệp bị hỏng, không giải mã được', en: 'The file is corrupt and cannot be decoded' },
  HUB_ERR_MEDIA_NOT_FOUND: { status: 404, vi: 'Không tìm thấy tệp', en: 'Media not found' },
  HUB_ERR_RANGE: { status: 416, vi: 'Khoảng byte yêu cầu không hợp lệ', en: 'Range not satisfiable' },
  HUB_ERR_DISK_FULL: { status: 507, vi: 'Máy chủ hết dung lượng lưu trữ', en: 'The server is out of disk space' },
  HUB_ERR_TTS_FAILED: { status: 502, vi: 'Không chuyển được văn bản thành giọng nói', en: 'Text-to-speech failed' },
  HUB_ERR_TTS_UNAVAILABLE: { status: 503, vi: 'Dịch vụ chuyển văn bản thành giọng nói không sẵn sàng', en: 'Text-to-speech is not available' },
  HUB_ERR_ENROLMENT_CODE: { status: 401, vi: 'Mã đăng ký thiết bị sai, đã dùng hoặc hết hạn', en: 'Enrolment code is wrong, used or expired' },
  HUB_ERR_DEVICE_REVOKED: { status: 403, vi: 'Thiết bị đã bị thu hồi', en: 'Device has been revoked' },
  HUB_ERR_DEVICE_UNKNOWN: { status: 404, vi: 'Thiết bị không tồn tại', en: 'Unknown device' },
  HUB_ERR_BULLETIN_STATE: { status: 409, vi: 'Bản tin không ở trạng thái cho phép thao tác này', en: 'The bulletin is not in a state that allows this' },
  HUB_ERR_BULLETIN_UNKNOWN: { status: 404, vi: 'Bản tin không tồn tại', en: 'Unknown bulletin' },
  HUB_ERR_AREA_OUT_OF_SCOPE: { status: 403, vi: 'Địa bàn nhận nằm ngoài địa bàn của đơn vị phát hành', en: 'A target area lies outside the issuing area' },
  HUB_ERR_CONTENT_MEDIA_MISMATCH: { status: 400, vi: 'Tệp không phù hợp với loại nội dung bản tin', en: 'The media does not suit the content form' },
  HUB_ERR_UPSTREAM_REFUSED: { status: 403, vi: 'Bản tin từ hệ thống cấp trên bị từ chối', en: 'The bulletin from the upstream system was refused' },
  HUB_ERR_SCHEDULE_INVALID: { status: 400, vi: 'Lịch phát không hợp lệ', en: 'Invalid schedule' },
  HUB_ERR_OUTSIDE_WINDOW: { status: 409, vi: 'Lịch phát nằm ngoài khung giờ hoạt động', en: 'The schedule falls outside the operating windows' },
  HUB_ERR_BROKER_STATE: { status: 503, vi: 'Máy chủ MQTT chưa chạy hoặc đã dừng', en: 'The MQTT broker is not running' },
  HUB_ERR_BROKER_LISTEN: { status: 500, vi: 'Không mở được cổng MQTT', en: 'Cannot listen on the MQTT port' },
  HUB_ERR_BROKER_PUBLISH_REFUSED: { status: 403, vi: 'Không được phép gửi tin trên chủ đề MQTT này', en: 'Publishing on this MQTT topic is not allowed' },
  HUB_ERR_BROKER_PUBLISH_FAILED: { status: 502, vi: 'Không gửi được tin MQTT', en: 'The MQTT publish failed' },
  HUB_ERR_BROKER_FRAME_REFUSED: { status: 413, vi: 'Gói tin MQTT quá lớn hoặc sai định dạng', en: 'MQTT packet too large or malformed' },
} as const satisfies Record<string, ErrorSpec>;

export type HubErrorCode = keyof typeof HUB_ERRORS;

export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly statusCode: number;
  readonly details: unknown;

  constructor(code: HubErrorCode, detail?: string, details?: unknown) {
    const spec = HUB_ERRORS[code];
    super(detail === undefined ? spec.en : `${spec.en}: ${detail}`);
    this.name = 'HubError';
    this.code = code;
    this.statusCode = spec.status;
    this.details = details;
  }
}

export function isHubError(err: unknown, code?: HubErrorCode): err is HubError {
  return err instanceof HubError && (code === undefined || err.code === code);
}
