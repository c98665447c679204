/** The secret scanning module's public surface. */
export { GithubPublicKeys } from './github-public-keys';
export {
  secretScanningRouter,
  SECRET_SCANNING_PATH,
  SECRET_SCANNING_ACTOR,
  type LeakedSecretSink,
} from './secret-scanning.router';
