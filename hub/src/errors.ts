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
  HUB_ERR_CAPS_INVALID: { status: 400, vi: 'Giới hạn buổi phát không hợp lệ', en: 'Invalid broadcast caps' },
  HUB_ERR_MEDIA_TOO_LARGE: { status: 413, vi: 'Tệp quá lớn', en: 'File too large' },
  HUB_ERR_MEDIA_UNSUPPORTED: { status: 415, vi: 'Định dạng tệp không được hỗ trợ', en: 'Unsupported file type' },
  HUB_ERR_MEDIA_MISLABELLED: { status: 415, vi: 'Nội dung tệp không khớp với loại khai báo', en: 'File content does not match its declared type' },
  HUB_ERR_MEDIA_CORRUPT: { status: 422, vi: 'Tệp bị hỏng, không giải mã được', en: 'The file is corrupt and cannot be decoded' },
  HUB_ERR_MEDIA_NOT_FOUND: { status: 404, vi: 'Không tìm thấy tệp', en: 'Media not found' },
  HUB_ERR_MEDIA_DAMAGED: { status: 500, vi: 'Tệp lưu trên máy chủ bị hỏng', en: 'The stored file is damaged' },
  HUB_ERR_ATTENTION_TONE_INVALID: { status: 500, vi: 'Tệp âm báo trước bản tin khẩn cấp không dùng được (cần WAV PCM 16-bit, 8–48 kHz, 1–2 kênh, 0,2–10 giây, có tiếng)', en: 'The attention tone file cannot be used (needs a 16-bit PCM WAV, 8–48 kHz, 1–2 channels, 0.2–10 s, not silent)' },
  HUB_ERR_RANGE: { status: 416, vi: 'Khoảng byte yêu cầu không hợp lệ', en: 'Range not satisfiable' },
  HUB_ERR_DISK_FULL: { status: 507, vi: 'Máy chủ hết dung lượng lưu trữ', en: 'The server is out of disk space' },
  HUB_ERR_TTS_FAILED: { status: 502, vi: 'Không chuyển được văn bản thành giọng nói', en: 'Text-to-speech failed' },
  HUB_ERR_TTS_UNAVAILABLE: { status: 503, vi: 'Dịch vụ chuyển văn bản thành giọng nói không sẵn sàng', en: 'Text-to-speech is not available' },
  HUB_ERR_ENROLMENT_CODE: { status: 401, vi: 'Mã đăng ký thiết bị sai, đã dùng hoặc hết hạn', en: 'Enrolment code is wrong, used or expired' },
  HUB_ERR_DEVICE_REVOKED: { status: 403, vi: 'Thiết bị đã bị thu hồi', en: 'Device has been revoked' },
  HUB_ERR_DEVICE_UNKNOWN: { status: 404, vi: 'Thiết bị không tồn tại', en: 'Unknown device' },
  HUB_ERR_SNAPSHOT_NONE: { status: 404, vi: 'Bảng LED chưa gửi ảnh nội dung đang hiển thị', en: 'The LED board has not sent a “now showing” picture yet' },
  HUB_ERR_SNAPSHOT_REFUSED: { status: 422, vi: 'Ảnh chụp màn hình không hợp lệ', en: 'Snapshot refused' },
  HUB_ERR_BULLETIN_STATE: { status: 409, vi: 'Bản tin không ở trạng thái cho phép thao tác này', en: 'The bulletin is not in a state that allows this' },
  HUB_ERR_BULLETIN_UNKNOWN: { status: 404, vi: 'Bản tin không tồn tại', en: 'Unknown bulletin' },
  HUB_ERR_AREA_OUT_OF_SCOPE: { status: 403, vi: 'Địa bàn nhận nằm ngoài địa bàn của đơn vị phát hành', en: 'A target area lies outside the issuing area' },
  HUB_ERR_CONTENT_MEDIA_MISMATCH: { status: 400, vi: 'Tệp không phù hợp với loại nội dung bản tin', en: 'The media does not suit the content form' },
  HUB_ERR_UPSTREAM_REFUSED: { status: 403, vi: 'Bản tin từ hệ thống cấp trên bị từ chối', en: 'The bulletin from the upstream system was refused' },
  HUB_ERR_SCHEDULE_INVALID: { status: 400, vi: 'Lịch phát không hợp lệ', en: 'Invalid schedule' },
  HUB_ERR_OUTSIDE_WINDOW: { status: 409, vi: 'Lịch phát nằm ngoài khung giờ hoạt động', en: 'The schedule falls outside the operating windows' },
  // Console composer (issue 9): microphone recordings and the LED preview.
  HUB_ERR_RECORDING_INVALID: { status: 422, vi: 'Bản ghi âm không phải tệp WAV PCM 16-bit hợp lệ', en: 'The recording is not a valid 16-bit PCM WAV file' },
  HUB_ERR_RECORDING_TOO_SHORT: { status: 422, vi: 'Bản ghi âm quá ngắn', en: 'The recording is too short' },
  HUB_ERR_RECORDING_TOO_LONG: { status: 413, vi: 'Bản ghi âm quá dài', en: 'The recording is too long' },
  HUB_ERR_RECORDING_SILENT: { status: 422, vi: 'Bản ghi âm không có tiếng; hãy kiểm tra micrô', en: 'The recording is silent; check the microphone' },
  HUB_ERR_RECORDING_ENCODE: { status: 502, vi: 'Không chuyển được bản ghi âm sang MP3', en: 'The recording could not be converted to MP3' },
  HUB_ERR_LED_RENDERER: { status: 503, vi: 'Không tải được bộ vẽ bảng LED để xem trước', en: 'The LED renderer for the preview is not available' },
  HUB_ERR_LED_PREVIEW_INVALID: { status: 400, vi: 'Không xem trước được trang trình chiếu LED', en: 'The LED slides cannot be previewed' },
  HUB_ERR_BROKER_STATE: { status: 503, vi: 'Máy chủ MQTT chưa chạy hoặc đã dừng', en: 'The MQTT broker is not running' },
  HUB_ERR_BROKER_LISTEN: { status: 500, vi: 'Không mở được cổng MQTT', en: 'Cannot listen on the MQTT port' },
  HUB_ERR_BROKER_PUBLISH_REFUSED: { status: 403, vi: 'Không được phép gửi tin trên chủ đề MQTT này', en: 'Publishing on this MQTT topic is not allowed' },
  HUB_ERR_BROKER_PUBLISH_FAILED: { status: 502, vi: 'Không gửi được tin MQTT', en: 'The MQTT publish failed' },
  HUB_ERR_BROKER_FRAME_REFUSED: { status: 413, vi: 'Gói tin MQTT quá lớn hoặc sai định dạng', en: 'MQTT packet too large or malformed' },
  // Accounts, sessions, authorisation and audit (issue 4).
  HUB_ERR_SIGN_IN_FAILED: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng', en: 'Wrong username or password' },
  HUB_ERR_RATE_LIMITED: { status: 429, vi: 'Thử quá nhiều lần, vui lòng đợi rồi thử lại', en: 'Too many attempts; wait and try again' },
  HUB_ERR_TOTP_NEEDED: { status: 401, vi: 'Nhập mã xác thực hai lớp (6 chữ số) từ ứng dụng xác thực', en: 'Enter the 6-digit code from your authenticator app' },
  HUB_ERR_TOTP_INVALID: { status: 401, vi: 'Mã xác thực hai lớp sai hoặc đã được dùng', en: 'The one-time code is wrong or was already used' },
  HUB_ERR_TOTP_REQUIRED: { status: 403, vi: 'Vai trò này phải bật xác thực hai lớp (TOTP) trước khi làm việc', en: 'This role must set up two-factor authentication (TOTP) first' },
  HUB_ERR_PASSWORD_CHANGE_REQUIRED: { status: 403, vi: 'Bạn phải đổi mật khẩu trước khi tiếp tục', en: 'You must change your password first' },
  HUB_ERR_PASSWORD_WEAK: { status: 400, vi: 'Mật khẩu chưa đạt yêu cầu', en: 'The password does not meet the policy' },
  HUB_ERR_SESSION_EXPIRED: { status: 401, vi: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại', en: 'The session has expired; sign in again' },
  HUB_ERR_CSRF: { status: 403, vi: 'Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF)', en: 'Missing or wrong CSRF token' },
  HUB_ERR_CROSS_SITE: { status: 403, vi: 'Yêu cầu gửi từ trang web khác bị từ chối', en: 'Cross-site request refused' },
  HUB_ERR_ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản đã bị khoá', en: 'The account is disabled' },
  HUB_ERR_ACCOUNT_UNKNOWN: { status: 404, vi: 'Tài khoản không tồn tại', en: 'Unknown account' },
  HUB_ERR_ACCOUNT_EXISTS: { status: 409, vi: 'Tên đăng nhập đã được dùng', en: 'The username is taken' },
  HUB_ERR_AREA_SCOPE: { status: 403, vi: 'Thao tác nằm ngoài địa bàn được giao cho tài khoản', en: 'Outside the area assigned to the account' },
  HUB_ERR_TOKEN_SCOPE: { status: 403, vi: 'Mã API không được cấp quyền này', en: 'The API token does not carry this permission' },
  HUB_ERR_TOKEN_UNKNOWN: { status: 404, vi: 'Mã API không tồn tại', en: 'Unknown API token' },
  HUB_ERR_APPROVAL_ROLE: { status: 403, vi: 'Vai trò của bạn không được duyệt bản tin mức này tại địa bàn này', en: 'Your role may not approve this priority in this area' },
  HUB_ERR_APPROVAL_SAME_PERSON: { status: 403, vi: 'Bản tin khẩn cấp phải do một người khác với người soạn, gửi duyệt', en: 'An emergency must be approved by someone other than its initiator' },
  HUB_ERR_APPROVAL_DUPLICATE: { status: 409, vi: 'Bạn đã duyệt bản tin này rồi; cần thêm người duyệt khác', en: 'You already approved this bulletin; another approver is needed' },
  HUB_ERR_APPROVAL_POLICY_INVALID: { status: 400, vi: 'Quy định phê duyệt không hợp lệ', en: 'Invalid approval policy' },
  HUB_ERR_REVIEW_REQUIRED: { status: 403, vi: 'Bản tin nhạy cảm phải được cơ quan thẩm định xem xét (Điều 14.5)', en: 'A sensitive bulletin needs the review body (Điều 14.5)' },
  HUB_ERR_ROUTE_UNGUARDED: { status: 500, vi: 'Có tuyến API chưa khai báo quyền truy cập', en: 'A route declares no permission' },
  HUB_ERR_AUDIT_WRITE: { status: 500, vi: 'Không ghi được nhật ký kiểm toán', en: 'Could not write the audit log' },
  HUB_ERR_REPORT_RANGE: { status: 400, vi: 'Khoảng thời gian báo cáo không hợp lệ (từ ngày, đến ngày, tối đa 366 ngày)', en: 'Invalid report date range (from, to, at most 366 days)' },
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
