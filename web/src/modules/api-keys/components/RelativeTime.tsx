import { Text, Tooltip } from '@mantine/core';
import { formatDateTimeFull, formatRelative } from '../../../app/format';

/** "3 hours ago", with the exact moment on hover and focus. */
export function RelativeTime({ iso, empty = 'Never' }: { iso: string | null; empty?: string }) {
  if (!iso) {
    return (
      <Text span size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Tooltip
      label={formatDateTimeFull(iso)}
      withArrow
      events={{ hover: true, focus: true, touch: true }}
    >
      <Text span size="sm" component="time" dateTime={iso} tabIndex={0}>
        {formatRelative(iso)}
      </Text>
    </Tooltip>
  );
}
