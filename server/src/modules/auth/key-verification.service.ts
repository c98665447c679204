import { AuthFailureReason, normalizeIpAddress, normalizeScopes } from '@keyhold/shared';
import type { UsageService } from '../usage';
import type { ApiKeyAuthenticator } from './api-key-authenticator';
import { VerificationCode } from './viewer.type';

const CODE_BY_REASON: Record<AuthFailureReason, VerificationCode> = {
  [AuthFailureReason.MISSING_CREDENTIALS]: VerificationCode.INVALID_CREDENTIALS,
  [AuthFailureReason.INVALID_CREDENTIALS]: VerificationCode.INVALID_CREDENTIALS,
  [AuthFailureReason.KEY_DISABLED]: VerificationCode.DISABLED,
  [AuthFailureReason.KEY_EXPIRED]: VerificationCode.EXPIRED,
  [AuthFailureReason.IP_NOT_ALLOWED]: VerificationCode.IP_NOT_ALLOWED,
};

export interface Verification {
  valid: boolean;
  code: VerificationCode;
  /** Set only when the secret matched. */
  apiKeyId: string | null;
  scopes: string[];
}

/**
 * `verifyApiKey` for the panel's other services: is this key + secret good, from this address,
 * for these scopes? Its arguments are validated by VerifyApiKeyArgs before this runs.
 */
export class KeyVerificationService {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly usage: UsageService,
  ) {}

  async verify(
    key: string,
    secret: string,
    ip: string | null | undefined,
    requiredScopes: readonly string[] | null | undefined,
  ): Promise<Verification> {
    const address = ip == null ? null : normalizeIpAddress(ip);
    const normalized = normalizeScopes(requiredScopes ?? []);
    const required = normalized.ok ? normalized.value : [];
    const result = await this.authenticator.check(key, secret, address);
    let code = result.ok ? VerificationCode.VALID : CODE_BY_REASON[result.reason];
    const matched = result.ok || result.reason !== AuthFailureReason.INVALID_CREDENTIALS;
    if (result.ok && required.some((scope) => !result.record.scopes.includes(scope))) {
      code = VerificationCode.MISSING_SCOPE;
    }
    // A verification is a use of the verified key: it counts against the key's rate limit.
    if (result.ok) {
      const rate = await this.authenticator.countRequest(result.record);
      if (rate && !rate.allowed) code = VerificationCode.RATE_LIMITED;
    }
    if (result.record)
      this.usage.record(result.record.id, code === VerificationCode.VALID, address);
    return {
      valid: code === VerificationCode.VALID,
      code,
      apiKeyId: matched && result.record ? result.record.id : null,
      scopes: matched && result.record ? [...result.record.scopes] : [],
    };
  }
}
