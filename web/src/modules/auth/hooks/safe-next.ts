/** Where to go after signing in: only our own pages, never another origin (`//evil`, `https:`). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/admin/api-keys';
  }
  if (next.startsWith('/admin/login')) return '/admin/api-keys';
  return next;
}

export function loginPath(from: string): string {
  return `/admin/login?next=${encodeURIComponent(from)}`;
}
