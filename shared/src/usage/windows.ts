/** The `days` a key's usage may be read over: the default, and the most the server keeps. */
export const DEFAULT_USAGE_DAYS = 30;
export const MAX_USAGE_DAYS = 366;
/** Addresses and scope use are kept this many days. */
export const INSIGHT_RETENTION_DAYS = 90;
