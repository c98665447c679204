/** The key-policy module's public surface. It owns `key_policies`. */
export {
  assertKeyMeetsPolicy,
  DEFAULT_POLICY,
  KeyPolicyService,
  type KeyShape,
} from './key-policy.service';
export { PolicySweep, POLICY_SWEEP_LOCK, type SweepResult } from './policy-sweep';
export { KeyPolicyEntity } from './key-policy.entity';
export { KeyPolicyResolver } from './key-policy.resolver';
