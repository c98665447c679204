import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`keyhold: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const app = await createApp(config);
  const url = await app.listen();
  app.logger.info(
    { url, database: config.database.kind },
    `Keyhold listening on ${url} (admin: ${url}/admin/)`,
  );
  if (app.initialAdmin?.generatedPassword) {
    // Printed once, to the terminal only (never logged or stored in clear), and last, so it is
    // not lost above other output.
    const { email, generatedPassword } = app.initialAdmin;
    process.stdout.write(
      `\nCreated the first admin. Sign in at ${url}/admin/\n` +
        `  email:    ${email}\n  password: ${generatedPassword}\n` +
        'Store the password now; it is not shown again. To set a new one (read from stdin):\n' +
        `  echo 'a new long password' | pnpm cli admin:reset-password ${email}\n\n`,
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.logger.error('shutdown took longer than 25 s; exiting');
      process.exit(1);
    }, 25_000);
    timer.unref();
    try {
      await app.close();
      app.logger.info('stopped');
      process.exit(0);
    } catch (err) {
      app.logger.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`keyhold: failed to start: ${message.split('\n')[0]}`);
  process.exit(1);
});
