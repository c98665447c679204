import { useQuery } from '@apollo/client/react';
import { Badge, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { formatDateTimeFull } from '../../../app/format';
import { KeyPolicyDocument, type ApiKeyListItemFragment } from '../../../gql/graphql';

const DAY_MS = 86_400_000;
/** "About to be auto-disabled": within this many days when no reminder threshold is set. */
const DEFAULT_WARNING_DAYS = 7;

/**
 * What the key policy is about to do to an active key: its expiry within the nearest reminder
 * threshold, or its automatic disable for lack of use. The policy is one cached query shared
 * by every row.
 */
export function PolicyBadge({ apiKey }: { apiKey: ApiKeyListItemFragment }) {
  // The moment the row was first shown: the badge does not change while the page stays open.
  const [now] = useState(() => Date.now());
  const { data } = useQuery(KeyPolicyDocument, { fetchPolicy: 'cache-first' });
  const policy = data?.keyPolicy;
  if (!policy || apiKey.status !== 'ACTIVE') return null;
  const nearest = policy.expiryReminderDays.length
    ? Math.min(...policy.expiryReminderDays)
    : DEFAULT_WARNING_DAYS;
  if (apiKey.expiresAt) {
    const left = Date.parse(apiKey.expiresAt) - now;
    if (left > 0 && left <= nearest * DAY_MS) {
      return (
        <Tooltip label={`Expires ${formatDateTimeFull(apiKey.expiresAt)}`}>
          <Badge color="orange" variant="outline" size="sm">
            Expires soon
          </Badge>
        </Tooltip>
      );
    }
  }
  if (policy.disableUnusedAfterDays) {
    const since = Date.parse(apiKey.lastUsedAt ?? apiKey.createdAt);
    const disableAt = since + policy.disableUnusedAfterDays * DAY_MS;
    if (disableAt - now <= nearest * DAY_MS) {
      return (
        <Tooltip
          label={`Unused; the policy disables it ${formatDateTimeFull(new Date(disableAt).toISOString())}`}
        >
          <Badge color="grape" variant="outline" size="sm">
            Disables soon
          </Badge>
        </Tooltip>
      );
    }
  }
  return null;
}
