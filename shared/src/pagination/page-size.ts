export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
/** The choices of the admin list's `Per page` control. */
export const PAGE_SIZE_OPTIONS = [10, 25, 50, 100] as const;
export const MAX_ROTATION_GRACE_SECONDS = 604_800;
