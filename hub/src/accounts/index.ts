// Officials' accounts: passwords, TOTP, sessions, API tokens, sign-in throttling, and their routes (issue 4).
export { AccountRepository } from './account-repository.js';
export type { Account, AccountChange, AccountSecrets, NewAccountRow } from './account-repository.js';
export { accountRoutes } from './account-routes.js';
export { AccountService, USERNAME_PATTERN, normaliseName, rateLimited, temporaryPassword, usernameProblem } from './account-service.js';
export type { AccountServiceDeps, NewAccountInput } from './account-service.js';
export { API_TOKEN_PREFIX, ApiTokenStore } from './api-token-store.js';
export type { ApiToken, NewApiToken } from './api-token-store.js';
export { PasswordHasher, STRONG_SCRYPT, parsePasswordHash } from './password-hash.js';
export type { ScryptParams } from './password-hash.js';
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, foldForComparison, passwordProblems } from './password-policy.js';
export type { PasswordProblem } from './password-policy.js';
export { RateLimiter, SIGN_IN_LIMITS, peekToken, refill, takeToken } from './rate-limit.js';
export type { BucketDecision, BucketPolicy, BucketState } from './rate-limit.js';
export { digest, matchesDigest, newSecret } from './secret-token.js';
export { SESSION_TIMEOUTS, SessionStore, sessionStatus } from './session-store.js';
export type { IssuedSession, NewSession, Session, SessionStatus, SessionTimeouts } from './session-store.js';
export { principalView, sessionRoutes } from './session-routes.js';
export { SignInService, restrictionsFor } from './sign-in.js';
export type { SignInDeps, SignInRequest, SignInResult } from './sign-in.js';
export { tokenRoutes } from './token-routes.js';
export {
  TOTP_DIGITS, TOTP_DRIFT_STEPS, TOTP_STEP_SECONDS, base32Decode, base32Encode, hotp, otpauthUri, randomTotpSecret, totp, totpStep, verifyTotp,
} from './totp.js';
export type { TotpCheck } from './totp.js';
