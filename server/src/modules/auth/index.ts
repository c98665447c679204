/**
 * The auth module's public surface: admin accounts and sessions, key authentication, failure
 * and rate limits. It owns `admins`, `admin_sessions` and the limiter tables.
 */
export { AdminService, normalizeEmail, type AdminSessionInfo } from './admin.service';
export { ApiKeyAuthenticator, type AuthOutcome, type KeyCheck } from './api-key-authenticator';
export { FailureLimiter } from './failure-limiter';
export { KeyVerificationService } from './key-verification.service';
export { KeyRateLimiter } from './key-rate-limiter';
export { VerificationCache, type KeyLookup } from './verification-cache';
export {
  clearSessionCookie,
  markSecure,
  readSessionCookie,
  SESSION_COOKIE,
} from './session-cookie';
export { AdminEntity } from './admin.entity';
export { AdminSessionEntity } from './admin-session.entity';
export { AuthResolver } from './auth.resolver';
export { ApiKeyVerificationFieldsResolver, ViewerFieldsResolver } from './viewer-fields.resolver';
