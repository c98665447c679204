import { registerDecorator, type ValidationArguments } from 'class-validator';
import { normalizeAllowedIps, normalizeKeyName, normalizeScopes } from '@keyhold/shared';

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
