import { launchServer, REPO } from '../../../scripts/lib/launch-server.cjs';

export const ROOT = REPO;
export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'e2e-admin-password-long-enough-42';

export interface Keyhold {
  baseUrl: string;
  stop: () => Promise<void>;
  /** What the server printed, for failure messages. */
  output: () => string;
}

/** Starts `node server/dist/main.js` on a fresh SQLite file and a free port (the shared launcher). */
export async function startKeyhold({
  env = {},
}: { env?: Record<string, string> } = {}): Promise<Keyhold> {
  const server = await launchServer({
    cwd: ROOT,
    inheritEnv: true,
    env: {
      NODE_ENV: 'production',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      // The suite signs in and fails on purpose more often than a person would.
      AUTH_FAILURES_PER_MINUTE: '1000',
      USAGE_FLUSH_SECONDS: '1',
      ...env,
    },
  });
  return {
    baseUrl: server.url,
    output: () => server.output().slice(-4000),
    stop: async () => {
      await server.stop(5000);
    },
  };
}
