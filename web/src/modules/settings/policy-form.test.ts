import { validatePolicyForm, valuesFromPolicy } from './policy-form';

describe('policy form', () => {
  const open = {
    maxLifetimeDays: null,
    requireExpiry: false,
    requireAllowedIps: false,
    disableUnusedAfterDays: null,
    expiryReminderDays: [],
  };

  it('round-trips a policy: empty fields mean none', () => {
    expect(validatePolicyForm(valuesFromPolicy(open))).toEqual({ ok: true, input: open });
    const strict = {
      ...open,
      maxLifetimeDays: 90,
      disableUnusedAfterDays: 30,
      expiryReminderDays: [30, 7, 1],
    };
    expect(valuesFromPolicy(strict).expiryReminderDays).toBe('30, 7, 1');
    expect(validatePolicyForm(valuesFromPolicy(strict))).toEqual({ ok: true, input: strict });
  });

  it('names the field of each bad value', () => {
    const values = valuesFromPolicy(open);
    expect(validatePolicyForm({ ...values, maxLifetimeDays: '0' })).toMatchObject({
      ok: false,
      errors: { maxLifetimeDays: expect.any(String) },
    });
    expect(validatePolicyForm({ ...values, disableUnusedAfterDays: 'soon' })).toMatchObject({
      ok: false,
      errors: { disableUnusedAfterDays: expect.any(String) },
    });
    expect(validatePolicyForm({ ...values, expiryReminderDays: '7, 400' })).toMatchObject({
      ok: false,
      errors: { expiryReminderDays: expect.any(String) },
    });
  });
});
