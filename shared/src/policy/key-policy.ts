/** The key policy's bounds, in days; the server's KeyPolicyInput and the settings form read these. */
export const MAX_LIFETIME_DAYS = 36_500;
export const MAX_UNUSED_DAYS = 3650;
export const MAX_REMINDER_DAYS = 365;
/** The most expiry reminders a policy may list. */
export const MAX_REMINDERS = 10;
