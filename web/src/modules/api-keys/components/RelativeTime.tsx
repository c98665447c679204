import { Text } from '@mantine/core';
import { formatRelative } from '../../../app/format';
import { TimeText } from '../../../components/TimeText';

/** "3 hours ago", with the exact moment on hover and focus. */
export function RelativeTime({ iso, empty = 'Never' }: { iso: string | null; empty?: string }) {
  if (!iso) {
    return (
      <Text span size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return <TimeText iso={iso}>{formatRelative(iso)}</TimeText>;
}
