import 'reflect-metadata';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { ConfigError, loadConfig } from './config/config';
import { createDataSource, runMigrations } from './database/data-source';
import { createServices } from './services';

const USAGE = `Usage: keyhold <command>
  migrate                        apply pending database migrations
  admin:create <email>           create an admin; the password is read from stdin
  admin:reset-password <email>   set a new password (read from stdin) and end its sessions`;

/** Passwords come from stdin (a prompt, or a pipe), never from argv where `ps` shows them. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY)
    process.stderr.write('Password (input hidden is not supported; prefer a pipe): ');
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line.replace(/\r$/, '');
  }
  return '';
}

async function run(argv: string[]): Promise<number> {
  const [command, email] = argv;
  if (!command || !['migrate', 'admin:create', 'admin:reset-password'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    if (command === 'migrate') {
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    if (!email) {
      console.error(USAGE);
      return 2;
    }
    const services = createServices(config, dataSource, pino({ level: 'silent' }));
    const password = await readPassword();
    if (command === 'admin:create') {
      await services.admins.create(email, password);
      console.log(`created admin ${email.trim().toLowerCase()}`);
    } else {
      await services.admins.resetPassword(email, password);
      console.log(`password reset for ${email.trim().toLowerCase()}; their sessions were ended`);
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      `keyhold: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  },
);
