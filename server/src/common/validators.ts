import { registerDecorator, type ValidationArguments } from 'class-validator';
import {
  isWholeNumberIn,
  normalizeAllowedIps,
  normalizeIpAddress,
  normalizeKeyName,
  normalizeScopes,
} from '@keyhold/shared';

/** Wraps one of @keyhold/shared's checks, so the server and the web form apply the same rule. */
function sharedRule(name: string, check: (value: never) => { ok: boolean; message?: string }) {
  return (target: object, propertyName: string) => {
    const messages = new WeakMap<object, string>();
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (value === null || value === undefined) return true;
          const result = check(value as never);
          if (!result.ok) messages.set(args.object, result.message ?? 'is invalid');
          return result.ok;
        },
        defaultMessage: (args: ValidationArguments) => messages.get(args.object) ?? 'is invalid',
      },
    });
  };
}

export const IsKeyName = () => sharedRule('isKeyName', (v: string) => normalizeKeyName(v));
export const IsAllowedIps = () =>
  sharedRule('isAllowedIps', (v: string[]) => normalizeAllowedIps(v));
export const IsKnownScopes = () => sharedRule('isKnownScopes', (v: string[]) => normalizeScopes(v));
export const IsIpAddress = () =>
  sharedRule('isIpAddress', (v: string) =>
    normalizeIpAddress(v) === null
      ? { ok: false, message: `"${v}" is not a valid IPv4/IPv6 address` }
      : { ok: true },
  );

/** A whole number in min..max; null and undefined pass (the field's default applies). */
export const IntBetween = (min: number, max: number, wording = 'between') =>
  sharedRule(`intBetween${min}_${max}`, (v: number) =>
    isWholeNumberIn(v, { min, max })
      ? { ok: true }
      : {
          ok: false,
          message:
            wording === 'between'
              ? `must be between ${min} and ${max} (got ${v})`
              : `must be a whole number from ${min} to ${max} (got ${v})`,
        },
  );
