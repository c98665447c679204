import { Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateTimeFull } from '../app/format';

/** A moment shown as `children` in a focusable <time>, its full date and time on hover/focus. */
export function TimeText({
  iso,
  className,
  children,
}: {
  iso: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Tooltip
      label={formatDateTimeFull(iso)}
      withArrow
      events={{ hover: true, focus: true, touch: true }}
    >
      <Text span size="sm" component="time" dateTime={iso} tabIndex={0} className={className}>
        {children}
      </Text>
    </Tooltip>
  );
}
